"""The printed page itself, where the editor has it: a page PDF and/or a page image placed
beside the day's articles, and the areas the pieces take on it.

    content/articles/2018-03-13/page.pdf     the page as printed (a download; rendered
                                             to the page image when there is no image)
    content/articles/2018-03-13/page.jpg     the page image (or page.png, page.webp)

A day's files are looked up in the folder named by its date under each article folder
(ARTICLE_PATHS). Nothing else may lie beside the articles: Markdown files and these
page files, typed by their bytes (files.static_type), are all the article folders hold.

`Area: x, y, w, h` on an article is its place on the page image, in that image's pixels
(several places separated by ";", for a piece printed in more than one block). When the
day has only a PDF, the page image is its first page drawn PDF_IMAGE_WIDTH pixels wide.
"""

import datetime
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .files import static_type
from .problems import Problem
from .sources import MARKDOWN_EXTENSIONS, walk_folder

# file name → the type its bytes must be (files.STATIC_TYPES)
PAGE_PDF = {"page.pdf": "PDF"}
PAGE_IMAGES = {"page.jpg": "JPEG", "page.jpeg": "JPEG", "page.png": "PNG", "page.webp": "WebP"}
PAGE_NAMES = {**PAGE_PDF, **PAGE_IMAGES}
PAGE_NAMES_TEXT = "page.pdf、page.jpg、page.png 或 page.webp"
PDF_IMAGE_WIDTH = 1200  # pixels: the page image drawn from a PDF
DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
NUMBER = r"\s*(-?\d+(?:\.\d+)?)\s*"
RECTANGLE = re.compile(rf"^{NUMBER}[,，、\s]{NUMBER}[,，、\s]{NUMBER}[,，、\s]{NUMBER}$")
AREA_EXAMPLE = "Area: 120, 80, 640, 900"


class PageFileError(ValueError):
    """A page file that cannot be read (the message says why, in Chinese)."""


@dataclass(frozen=True)
class PageFiles:
    """One day's page files (paths), and the size of its page image in pixels."""

    day: datetime.date
    pdf: str | None = None
    image: str | None = None

    @property
    def size(self):
        """(width, height) of the page image: the image's, or the PDF's drawn."""
        if self.image:
            return image_size(self.image)
        return pdf_image_size(self.pdf)


def day_of(name):
    """The date a folder's name is (2018-03-13), or None."""
    match = DAY.match(name)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def find_page(folder, day):
    """The PageFiles in a day's folder, or None when it holds none (only files whose
    names and bytes are right count: the check reports the others)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None
    pdf = image = None
    for name in names:
        path = os.path.join(folder, name)
        if name in PAGE_PDF and static_type(path) == "PDF":
            pdf = path
        elif name in PAGE_IMAGES and image is None and static_type(path) == PAGE_IMAGES[name]:
            image = path
    return PageFiles(day, pdf, image) if pdf or image else None


def page_of_day(root, article_paths, day):
    """The page files of `day` beside the articles (the first article folder holding any)."""
    for article_path in article_paths:
        found = find_page(os.path.join(root, article_path, day.isoformat()), day)
        if found:
            return found
    return None


def _stat_key(path):
    stat = os.stat(path)
    return path, stat.st_mtime_ns, stat.st_size


def image_size(path):
    return _image_size(*_stat_key(path))


def pdf_image_size(path):
    return _pdf_image_size(*_stat_key(path))


@lru_cache(maxsize=256)
def _image_size(path, _mtime, _size):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise PageFileError(f"无法读取版面图片（{error}）") from error


@lru_cache(maxsize=256)
def _pdf_image_size(path, _mtime, _size):
    """The size of the image the PDF's first page is drawn as: PDF_IMAGE_WIDTH wide."""
    width, height = pdf_page_size(path)
    return PDF_IMAGE_WIDTH, max(1, round(PDF_IMAGE_WIDTH * height / width))


def pdf_page_size(path):
    """(width, height) of the PDF's first page in points."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise PageFileError(f"无法打开这个 PDF（{error}），可能已损坏或设有密码") from error
    try:
        if len(document) == 0:
            raise PageFileError("这个 PDF 没有页面")
        width, height = document.get_page_size(0)  # as drawn (rotation applied); no parsing
    finally:
        document.close()
    if not (width > 0 and height > 0) or math.isinf(width + height):
        raise PageFileError("这个 PDF 的页面大小无效")
    return width, height


def parse_area(value):
    """[(x, y, w, h)] from "x, y, w, h" (several separated by ";"); ValueError with the
    reason, in Chinese, when it is not that."""
    rectangles = []
    for part in re.split(r"[;；]", str(value)):
        if not part.strip():
            continue
        match = RECTANGLE.match(part)
        if not match:
            raise ValueError(f"“{part.strip()}”不是四个数")
        numbers = match.groups()
        if any("." in number for number in numbers):
            raise ValueError(f"“{part.strip()}”中有小数，像素要写整数")
        x, y, w, h = (int(number) for number in numbers)
        if min(x, y, w, h) < 0:
            raise ValueError(f"“{part.strip()}”中有负数")
        if w == 0 or h == 0:
            raise ValueError(f"“{part.strip()}”的宽度或高度是 0")
        rectangles.append((x, y, w, h))
    if not rectangles:
        raise ValueError("没有写区域")
    return rectangles


# The record the page importer keeps in a date folder (dangjian/desk/importer/manifest.py):
# read by the importer only, never published.
IMPORT_RECORD = ".import.json"


def page_file_problems(root, article_paths, exclude=()):
    """Files beside the articles that are neither Markdown, a day's page file of the right
    type in the right place, nor the importer's record; a day with two page images."""
    problems = []
    for article_path in article_paths:
        top = os.path.join(root, article_path)
        for directory, files in walk_folder(root, article_path, exclude):
            images = []
            for name in files:
                if name.rpartition(".")[2].lower() in MARKDOWN_EXTENSIONS or name == IMPORT_RECORD:
                    continue  # first: most files are articles (a relpath each was slow)
                path = os.path.join(directory, name)
                if os.path.relpath(path, root) in exclude:
                    continue
                problem = _page_file_problem(path, top)
                if problem:
                    problems.append(problem)
                elif name in PAGE_IMAGES:
                    images.append(name)
            if len(images) > 1:
                problems.append(
                    Problem(
                        os.path.join(directory, images[1]),
                        f"这一天有 {len(images)} 张版面图片（{'、'.join(images)}），网站只用一张。",
                        "只保留一张，删去其余的（版面 PDF 可以另放 page.pdf）。",
                        field="文件",
                    )
                )
    return problems


def _page_file_problem(path, top):
    name = os.path.basename(path)
    if name not in PAGE_NAMES:
        return Problem(
            path,
            "稿件目录中只能放稿件（.md）和当天的版面文件"
            f"（{PAGE_NAMES_TEXT}），不发布也不读取其他文件。",
            "把它移出 content/articles/；若是版面，改名为 page.pdf 或 page.jpg 等；"
            "图片新闻的图片放到 content/images/ 下。",
            field="文件",
        )
    folder = os.path.dirname(path)
    if os.path.dirname(folder) != top.rstrip(os.sep) or day_of(os.path.basename(folder)) is None:
        return Problem(
            path,
            "版面文件要放在以见报日期命名的稿件目录中，网站在那里找当天的版面。",
            f"移到 content/articles/<见报日期>/ 下，例如 content/articles/2018-03-13/{name}。",
            field="文件",
        )
    wanted = PAGE_NAMES[name]
    if static_type(path) != wanted:
        extension = os.path.splitext(name)[1]
        return Problem(
            path,
            f"文件名是 {extension}，但内容不是 {wanted}（可能改过扩展名，或文件已损坏）。",
            f"重新导出版面，或改成与内容相符的文件名（{'、'.join(sorted(PAGE_NAMES))}）。",
            field="文件",
        )
    try:
        image_size(path) if wanted != "PDF" else pdf_image_size(path)
    except PageFileError as error:
        return Problem(path, f"{error}。", "重新导出这个文件，再放回这里。", field="文件")
    return None

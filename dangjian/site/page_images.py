"""The printed page itself (版面), where the editor has it: the day's page PDF and/or page
image beside its articles (content/articles/2018-03-13/page.pdf, page.jpg; the content
model's page_files says what may lie there), published with the day's page.

Once the issues are made (all_generators_finalized), each one with page files gets
`issue.page`, a PrintedPage: the page image (the editor's, or the PDF's first page drawn
PDF_IMAGE_WIDTH pixels wide by pypdfium2), smaller copies of it for the screen, the PDF,
and the areas: each article of the day with an `Area`, its rectangles in the image's
pixels. partials/page_image.html shows it on the day's page and on the home page: the
image with a link over each area (an inline SVG whose viewBox is the image's pixels, so
the links scale with the image; no inline style, which the site's Content-Security-Policy
forbids), the PDF to download and the full image. Days without page files are written as
before, byte for byte.

Written once every page is (finalized; the preview's warm site, which only reads, writes
none), beside the day's page (issues/2018-03-13/): page.pdf (copied), page.jpg (.png,
.webp: the editor's image copied, or page.jpg drawn from the PDF) and page-<width>.jpg for
each of PAGE_IMAGE_WIDTHS narrower than the image. What is drawn is kept in
PAGE_IMAGE_CACHE_PATH under a hash of the source file's bytes, the library's version and
the settings, so a rebuild draws nothing it drew before; entries no page of this build
used are removed at its end (deleting the folder is always safe).

Settings (with defaults):
    PAGE_IMAGE_WIDTHS = (600, 1200)     the copies for the screen, in pixels
    PAGE_JPEG_QUALITY = 85
    PAGE_IMAGE_CACHE_PATH = None        None: .page-cache beside the output folder; "" for none
"""

import hashlib
import os
import posixpath
import shutil
from dataclasses import dataclass, field

from markupsafe import Markup

from dangjian.model.page_files import page_of_day, parse_area
from dangjian.speed import beside_output

DEFAULTS = {
    "PAGE_IMAGE_WIDTHS": (600, 1200),
    "PAGE_JPEG_QUALITY": 85,
    "PAGE_IMAGE_CACHE_PATH": None,
}
TYPES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WebP", ".pdf": "PDF"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WebP": "image/webp"}
_pages = []  # this build's PrintedPages
_used = set()  # the cache entries this build used


def setting(settings, name):
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def size_text(count):
    """A file's size as a reader reads it: 850 KB, 2.3 MB."""
    if count < 1_000_000:
        return f"{max(1, round(count / 1000))} KB"
    return f"{count / 1_000_000:.1f} MB"


@dataclass
class PageArea:
    """An article's place on the page: its rectangles (x, y, w, h) in the image's pixels."""

    article: object
    rectangles: list

    @property
    def label(self):
        """What the link says: the headline and its column."""
        return f"{Markup(str(self.article.title)).striptags()}（{self.article.category}）"


@dataclass
class ImageFile:
    url: str  # relative to the site
    width: int
    height: int


@dataclass
class PrintedPage:
    """One day's printed page: its files as published, and the areas of its pieces."""

    day: object
    files: object  # the content model's PageFiles
    folder: str  # where its files go, relative to the site: issues/2018-03-13
    width: int
    height: int
    image: ImageFile = None  # the page image, full size
    screen: list = field(default_factory=list)  # [ImageFile] smaller copies, narrowest first
    pdf_url: str = ""
    areas: list = field(default_factory=list)
    widest: int = 0  # the widest copy PAGE_IMAGE_WIDTHS asks for

    @property
    def image_type(self):
        return TYPES[os.path.splitext(self.image.url)[1]]

    @property
    def image_size(self):
        """The page image's file size, for its link (the file is on disk once written)."""
        return size_text(os.path.getsize(self.files.image)) if self.files.image else ""

    @property
    def pdf_size(self):
        return size_text(os.path.getsize(self.files.pdf)) if self.files.pdf else ""

    @property
    def src(self):
        return (self.screen or [self.image])[0]

    @property
    def image_mime(self):
        return MIME_TYPES[self.image_type]

    def srcset_for(self, site_url):
        """The image's copies for the browser to choose from, and the full image when it is
        no wider than the widest copy asked for (PAGE_IMAGE_WIDTHS)."""
        copies = list(self.screen)
        if self.image.width <= self.widest:
            copies.append(self.image)
        return ", ".join(f"{site_url}/{copy.url} {copy.width}w" for copy in copies)


def page_for(issue, settings):
    """The PrintedPage of an issue, or None when its day has no page files."""
    files = page_of_day(settings["PATH"], settings["ARTICLE_PATHS"], issue.date)
    if files is None:
        return None
    width, height = files.size
    folder = posixpath.dirname(issue.save_as.rstrip("/")) if issue.save_as else issue.slug
    image_name = os.path.basename(files.image) if files.image else "page.jpg"
    page = PrintedPage(issue.date, files, folder, width, height)
    page.image = ImageFile(f"{folder}/{image_name}", width, height)
    if files.pdf:
        page.pdf_url = f"{folder}/page.pdf"
    widths = sorted(setting(settings, "PAGE_IMAGE_WIDTHS"))
    page.widest = widths[-1] if widths else 0
    for screen_width in widths:
        if screen_width < width:
            screen_height = max(1, round(height * screen_width / width))
            url = f"{folder}/page-{screen_width}.jpg"
            page.screen.append(ImageFile(url, screen_width, screen_height))
    for article in issue.articles:
        area = article.metadata.get("area")
        if area:
            rectangles = parse_area(area if isinstance(area, str) else " ".join(area))
            article.piece.area = rectangles
            page.areas.append(PageArea(article, rectangles))
    return page


def attach_pages(generators):
    """Once every generator's context is built (the issues made): each issue's printed
    page, or None. Only measured here: the files are written once the pages are."""
    _pages.clear()
    if not generators:
        return
    settings = generators[0].settings
    for issue in generators[0].context.get("issues", []):
        issue.page = page_for(issue, settings)
        if issue.page:
            _pages.append(issue.page)


def write_files(pelican):
    """The printed pages' files, beside their days' pages (not while the preview's warm
    site only reads the site and records its pages: it reaches no `finalized`)."""
    for page in _pages:
        write_page_files(page, pelican.settings, pelican.output_path)


def write_page_files(page, settings, output_path):
    os.makedirs(os.path.join(output_path, page.folder), exist_ok=True)
    files = page.files
    image = os.path.join(output_path, page.image.url)
    if files.pdf:
        shutil.copyfile(files.pdf, os.path.join(output_path, page.pdf_url))
    if files.image:
        shutil.copyfile(files.image, image)
    else:
        produce(settings, "pdf", files.pdf, (page.width, page.height), draw_pdf, image)
    for copy in page.screen:
        target = os.path.join(output_path, copy.url)
        produce(settings, "screen", image, (copy.width, copy.height), draw_smaller, target)


def cache_folder(settings):
    folder = settings.get("PAGE_IMAGE_CACHE_PATH", DEFAULTS["PAGE_IMAGE_CACHE_PATH"])
    return beside_output(settings, ".page-cache") if folder is None else folder


def library_version(kind):
    if kind == "pdf":
        import pypdfium2

        return f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO} {pypdfium2.version.PDFIUM_INFO}"
    import PIL

    return f"Pillow {PIL.__version__}"


def produce(settings, kind, source, size, draw, target):
    """Write to `target` what `draw(source, size, quality, file)` makes, from the cache
    when it was made before: keyed by the source's bytes, the library's version and the
    settings."""
    quality = setting(settings, "PAGE_JPEG_QUALITY")
    folder = cache_folder(settings)
    if not folder:
        draw(source, size, quality, target)
        return
    digest = hashlib.sha256()
    with open(source, "rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    what = [kind, digest.hexdigest(), library_version(kind), f"{size[0]}x{size[1]}", str(quality)]
    name = hashlib.sha256("\n".join(what).encode("utf-8")).hexdigest()[:32] + ".jpg"
    cached = os.path.join(folder, name)
    _used.add(name)
    if not os.path.exists(cached):
        os.makedirs(folder, exist_ok=True)
        partial = f"{cached}.{os.getpid()}.tmp"
        draw(source, size, quality, partial)
        os.replace(partial, cached)
    shutil.copyfile(cached, target)


def draw_pdf(path, size, quality, target):
    """The PDF's first page drawn `size` pixels large, as JPEG (pypdfium2: PDFium)."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[0]
        bitmap = page.render(scale=size[0] / page.get_width(), may_draw_forms=True)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != tuple(size):  # PDFium rounds up; the model's size is the page's
        image = image.resize(size, Image.Resampling.LANCZOS)
    image.save(target, "JPEG", quality=quality, optimize=True)


def draw_smaller(path, size, quality, target):
    """A smaller copy of the page image, as JPEG on white."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGBA") if image.mode in ("P", "LA", "PA") else image
        if image.mode in ("RGBA", "LA"):
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        smaller = image.convert("RGB").resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    smaller.save(target, "JPEG", quality=quality, optimize=True)


def prune_cache(pelican):
    """Remove what no page of this build used."""
    folder = cache_folder(pelican.settings)
    if folder and os.path.isdir(folder):
        for entry in os.scandir(folder):
            if entry.name not in _used:
                os.remove(entry.path)
    _used.clear()


def start(_pelican):
    _used.clear()  # a new build (the preview server rebuilds in one process)
    _pages.clear()

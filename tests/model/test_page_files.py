"""The printed page's files beside the articles, and Area (dangjian.model.page_files and
rules.area_problems), without Pelican."""

import datetime

import pytest
from PIL import Image

from dangjian.model.page_files import PDF_IMAGE_WIDTH, page_file_problems, page_of_day, parse_area
from dangjian.model.rules import area_problems
from dangjian.model.sources import parse

DAY = datetime.date(2018, 3, 13)
HEADER = "Title: 标题\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 记者\n"


def day_folder(root, day="2018-03-13"):
    folder = root / "articles" / day
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def area(root, value, day="2018-03-13"):
    path = day_folder(root, day) / "a.md"
    text = HEADER.replace("2018-03-13", day) + f"Area: {value}\n\n正文。\n"
    path.write_text(text, encoding="utf-8")
    return area_problems(parse(str(path), text), str(root))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("120, 80, 640, 900", [(120, 80, 640, 900)]),
        ("120，80，640，900", [(120, 80, 640, 900)]),
        ("0 0 10 10; 20, 20, 5, 5", [(0, 0, 10, 10), (20, 20, 5, 5)]),
    ],
)
def test_areas_are_read(value, expected):
    assert parse_area(value) == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("1, 2, 3", "不是四个数"),
        ("1, 2, 3, 4, 5", "不是四个数"),
        ("-1, 2, 3, 4", "负数"),
        ("1.5, 2, 3, 4", "小数"),
        ("1, 2, 0, 4", "是 0"),
        ("甲, 乙, 丙, 丁", "不是四个数"),
        ("", "没有写区域"),
    ],
)
def test_malformed_areas_say_why(value, words):
    with pytest.raises(ValueError, match=words):
        parse_area(value)


def test_an_area_inside_the_page_image_is_fine(tmp_path):
    Image.new("RGB", (800, 1100)).save(day_folder(tmp_path) / "page.png")
    assert area(tmp_path, "0, 0, 800, 1100") == []


def test_an_area_outside_names_the_image_and_its_size(tmp_path):
    Image.new("RGB", (800, 1100)).save(day_folder(tmp_path) / "page.jpg")
    (problem,) = area(tmp_path, "10, 10, 900, 100")
    assert problem.field == "Area" and problem.line == 6
    assert "page.jpg 是 800×1100 像素" in problem.problem and "(910, 110)" in problem.problem
    assert "x + 宽度不超过 800" in problem.fix


def test_an_area_without_a_page_says_where_to_put_one(tmp_path):
    (problem,) = area(tmp_path, "0, 0, 10, 10")
    assert "2018-03-13 这一天没有版面图片或 PDF" in problem.problem
    assert "content/articles/2018-03-13/" in problem.fix


def test_a_malformed_area_says_how_to_write_it(tmp_path):
    (problem,) = area(tmp_path, "1, 2, 3")
    assert "“1, 2, 3”不是四个数" in problem.problem and "Area: 120, 80, 640, 900" in problem.fix


def test_a_pdf_alone_is_measured_as_drawn(tmp_path):
    """The page image of a PDF is its first page drawn PDF_IMAGE_WIDTH wide."""
    Image.new("RGB", (500, 700), "white").save(day_folder(tmp_path) / "page.pdf", resolution=50)
    page = page_of_day(str(tmp_path), ["articles"], DAY)
    assert page.size == (PDF_IMAGE_WIDTH, 1680) and page.image is None
    assert area(tmp_path, f"0, 0, {PDF_IMAGE_WIDTH}, 1680") == []
    (problem,) = area(tmp_path, "0, 0, 1201, 10")
    assert "page.pdf 第一页画成的图片是 1200×1680 像素" in problem.problem


def test_the_image_wins_over_the_pdf(tmp_path):
    folder = day_folder(tmp_path)
    Image.new("RGB", (500, 700)).save(folder / "page.pdf")
    Image.new("RGB", (300, 400)).save(folder / "page.webp")
    page = page_of_day(str(tmp_path), ["articles"], DAY)
    assert page.size == (300, 400) and page.pdf and page.image.endswith("page.webp")


def test_only_markdown_and_page_files_lie_beside_the_articles(tmp_path):
    folder = day_folder(tmp_path)
    (folder / "a.md").write_text(HEADER + "\n正文。\n", encoding="utf-8")
    Image.new("RGB", (30, 40)).save(folder / "page.jpg")
    Image.new("RGB", (30, 40)).save(folder / "page.pdf")
    assert page_file_problems(str(tmp_path), ["articles"]) == []
    (folder / "notes.txt").write_text("备忘")
    Image.new("RGB", (30, 40)).save(folder / "photo.jpg")
    (folder / "page.png").write_bytes((folder / "page.jpg").read_bytes())  # a JPEG
    Image.new("RGB", (30, 40)).save(day_folder(tmp_path, "misc") / "page.jpg")
    found = {
        problem.path.split("articles/")[1]: problem.problem
        for problem in page_file_problems(str(tmp_path), ["articles"])
    }
    assert "稿件目录中只能放稿件（.md）和当天的版面文件" in found["2018-03-13/notes.txt"]
    assert "稿件目录中只能放" in found["2018-03-13/photo.jpg"]
    assert "内容不是 PNG" in found["2018-03-13/page.png"]
    assert "以见报日期命名的稿件目录" in found["misc/page.jpg"]


def test_one_page_image_a_day(tmp_path):
    folder = day_folder(tmp_path)
    Image.new("RGB", (30, 40)).save(folder / "page.jpg")
    Image.new("RGB", (30, 40)).save(folder / "page.png")
    (problem,) = page_file_problems(str(tmp_path), ["articles"])
    assert "有 2 张版面图片（page.jpg、page.png）" in problem.problem


def test_a_broken_page_file_is_named(tmp_path):
    folder = day_folder(tmp_path)
    (folder / "page.pdf").write_bytes(b"%PDF-1.4\n not a document")
    (folder / "page.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    image, pdf = sorted(page_file_problems(str(tmp_path), ["articles"]), key=lambda p: p.path)
    assert "无法读取版面图片" in image.problem and "无法打开这个 PDF" in pdf.problem

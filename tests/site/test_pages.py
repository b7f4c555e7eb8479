"""The theme and the pages it makes: every listing a reader can browse by."""

import re
from datetime import date, timedelta

import pytest

from support import PER_PAGE, ROOT, pieces_of_the_day

PRINT_ORDER = ["视点", "观潮", "阵地", "榜样·足迹", "学习型党组织建设", "知行合一"]
TEMPLATES = [
    "base", "index", "issue", "article", "page", "listing", "category", "categories",
    "tag", "tags", "author", "authors", "archives", "people", "branches", "branch", "404",
    "issues",
]  # fmt: skip


@pytest.mark.parametrize("name", TEMPLATES)
def test_theme_has_its_own_template(name):
    """A template missing from the theme would silently fall back to Pelican's simple theme."""
    assert (ROOT / "theme" / "templates" / f"{name}.html").is_file()


def test_theme_asks_nothing_of_other_sites():
    for path in (ROOT / "theme").rglob("*.*"):
        text = re.sub(
            r'xmlns="[^"]*"', "", path.read_text(encoding="utf-8")
        )  # a name, not a request
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|@font-face", text), path


def test_autoescape_is_on_and_only_bodies_are_marked_safe():
    safe = set()
    for path in (ROOT / "theme" / "templates").rglob("*.html"):
        safe |= set(re.findall(r"\{\{\s*([\w.]+)\s*\|\s*safe", path.read_text(encoding="utf-8")))
    assert safe == {"article.content", "article.summary", "page.content", "branch.description"}


def test_home_is_the_latest_printed_page_in_print_order(site):
    soup = site.soup("/")
    assert soup.html["lang"] == "zh-CN"
    assert soup.h1.get_text() == "《内蒙古日报》 2018年3月13日 星期二 第〔N〕版：党建"
    sections = soup.select(".print-column")
    assert [s.select_one(".column-head").get_text() for s in sections] == PRINT_ORDER
    zhendi = sections[2]
    assert [h.get_text() for h in zhendi.select(".print-piece-title")] == [
        "党员 签名承诺",
        "代表进警营",
    ]
    assert site.soup("/issues/2018-03-13/").select_one(".print-page") == soup.select_one(
        ".print-page"
    )


def test_photo_news_without_a_picture_is_a_caption_card(site):
    soup = site.soup("/articles/2018/03/dang-yuan-qian-ming-cheng-nuo/")
    figure = soup.select_one("figure.photo-without-image")
    assert figure.select_one(".photo-label").get_text() == "图片新闻"
    assert (
        figure.select_one(".photo-caption").get_text().startswith("近日，赤峰市宁城县天义镇巴林村")
    )
    assert figure.select_one(".credit").get_text() == "杨守东 摄"
    assert not soup.select("main img")


def test_profile_shows_a_person_card(site):
    card = site.soup("/articles/2018/03/li-jing-wo-ba-ju-min-dang-qin-ren/").select_one(
        ".person-card"
    )
    assert card.select_one(".person-name").get_text() == "李晶"
    assert card.select_one(".person-position").get_text() == "新体路街道党工委书记"
    assert card.select_one(".person-branch a")["href"] == "/branches/jining-xintilu/"


def test_article_page_shows_column_branches_date_and_the_rest_of_the_page(site):
    soup = site.soup("/articles/2018/03/kao-ping-gong-zuo-jin-ru-er-wei-ma-shi-dai/")
    assert soup.title.get_text() == "考评工作进入“二维码”时代 - 知行合一 - 党建版"
    assert soup.select_one(".eyebrow a")["href"] == "/columns/zhixing-heyi/"
    assert soup.select_one(".story-branches a").get_text() == "土默特右旗委组织部"
    assert [a.get_text() for a in soup.select(".tags a")] == ["民主测评", "二维码"]
    others = [li.a.get_text() for li in soup.select(".same-issue li")]
    assert len(others) == len(pieces_of_the_day("2018-03-13")) - 1  # all but itself
    assert "考评工作进入“二维码”时代" not in others


def test_column_pages_in_print_order_with_descriptions(site):
    soup = site.soup("/columns/")
    assert [a.get_text() for a in soup.select(".index-list a")] == PRINT_ORDER
    zhendi = site.soup("/columns/zhendi/")
    assert zhendi.h1.get_text() == "阵地"
    assert zhendi.select_one(".listing-intro").get_text().startswith("图片新闻")
    assert [a.get_text() for a in zhendi.select(".piece-title a")] == [
        "党员 签名承诺",
        "代表进警营",
    ]


def test_author_pages_include_photographers(site):
    names = [a.get_text() for a in site.soup("/authors/").select(".index-list a")]
    assert sorted(names) == sorted(
        ["陈春艳", "白丹", "杨守东", "周恩立", "宋爽", "刘宏章", "柴俊杰"]
    )
    photos = site.soup("/authors/yang-shou-dong/")
    assert [a.get_text() for a in photos.select(".piece-title a")] == ["党员 签名承诺"]


def test_tag_pages(site):
    soup = site.soup("/tags/quan-guo-liang-hui/")
    assert soup.h1.get_text() == "全国两会"
    titles = {a.get_text() for a in soup.select(".piece-title a")}
    assert titles == {"金杯银杯不如群众的好口碑", "李晶：我把居民当亲人"}
    assert soup.find("a", href="/tags/quan-guo-liang-hui/atom.xml")


def test_people_page(site):
    people = site.soup("/people/").select(".person-card")
    assert [p.select_one(".person-name").get_text() for p in people] == ["李晶"]
    assert people[0].find("a", href="/articles/2018/03/li-jing-wo-ba-ju-min-dang-qin-ren/")


def test_archives_list_every_issue_in_print_order(site):
    issue = site.soup("/archives/").select_one(".archive-issue")
    assert issue.h2.a["href"] == "/issues/2018-03-13/"
    columns = [span.get_text() for span in issue.select(".same-issue-column")]
    assert columns == ["视点", "观潮", "阵地", "阵地", "榜样·足迹", "学习型党组织建设", "知行合一"]


def test_not_found_page(site):
    soup = site.soup("/404.html")
    assert soup.h1.get_text() == "页面不存在"
    assert soup.find("link", rel="stylesheet")["href"].startswith("/")  # works at any depth


def test_listing_pages_are_paginated_from_the_newest_as_pelican_does(small_site):
    """PAGINATION_FROM = "newest"; the site's own way is in test_pagination.py."""
    from support import article

    count = PER_PAGE + 2  # a full page, and two pieces on the second
    files = {
        f"articles/{n:02}.md": article(title=f"稿{n}", date=f"{date(2018, 1, 1) + timedelta(n)}")
        for n in range(1, count + 1)
    }
    result, site = small_site(files, overrides={"PAGINATION_FROM": "newest"})
    assert result.ok, result.log
    assert len(site.soup("/columns/shidian/").select(".piece-item")) == PER_PAGE
    second = site.soup("/columns/shidian/page/2/")
    assert [a.get_text() for a in second.select(".piece-title a")] == ["稿2", "稿1"]
    assert second.select_one(".pagination").get_text(" ", strip=True).startswith("上一页")


def test_photo_news_with_a_picture(small_site):
    import io

    from PIL import Image

    from support import article

    text = article(title="图片稿").replace("Author: 测试记者\nByline: 本报记者\n", "")
    text = text.replace(
        "Type: news", "Type: photo\nPhotographer: 某人\nImage: images/p.png\nImage_alt: 签名现场"
    )
    png = io.BytesIO()
    Image.new("RGB", (4, 3)).save(png, "PNG")
    result, site = small_site({"articles/a.md": text, "images/p.png": png.getvalue()})
    assert result.ok, result.log
    (url,) = site.article_urls()
    img = site.soup(url).select_one("figure.photo img")
    assert (img["src"], img["alt"], img["width"]) == (
        "/images/derivatives/photo/800w/p.png",
        "签名现场",
        "4",
    )
    assert site.file(img["src"]).is_file()
    assert site.soup(url).select_one("figure .credit").get_text() == "某人 摄"

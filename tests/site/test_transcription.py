"""The printed page, transcribed faithfully: all of it, once, and nothing else."""

import re

import pytest

from support import ROOT

# A headline fragment the layout system dropped into the middle of a body.
LAYOUT_FRAGMENT = "争做守纪执纪先锋"
WIDE = str.maketrans({",": "，", "!": "！", ":": "：", ";": "；"})
WHITESPACE = re.compile(r"\s+")

# title → (column, credit as printed, type)
PIECES = {
    "指尖上的“微”平台 激发党建新活力": ("视点", "□本报记者 陈春艳", "news"),
    "金杯银杯不如群众的好口碑": ("观潮", "◎白丹", "commentary"),
    "党员 签名承诺": ("阵地", "杨守东 摄", "photo"),
    "代表进警营": ("阵地", "周恩立 摄", "photo"),
    "李晶：我把居民当亲人": ("榜样·足迹", "□本报记者 宋爽", "profile"),
    "打造服务创新支部 争做守纪执纪先锋": ("学习型党组织建设", "□本报记者 刘宏章", "news"),
    "考评工作进入“二维码”时代": ("知行合一", "□柴俊杰", "news"),
}


def normalise(text):
    return WHITESPACE.sub("", text).translate(WIDE)


def seed_lines(seed):
    """The seed's non-empty lines, normalised, the layout fragment left out."""
    lines = (line.strip() for line in seed.splitlines())
    return [normalise(line) for line in lines if line and line != LAYOUT_FRAGMENT]


def body_of(soup):
    body = soup.select_one(".story-body") or soup.select_one(".photo-caption")
    return body


@pytest.fixture(scope="module")
def pages(site):
    """title → parsed article page, for every article page of the site."""
    pages = {}
    for url in site.article_urls():
        soup = site.soup(url)
        title = soup.h1.get_text()
        assert title not in pages, f"{title} has two pages"
        pages[title] = soup
    return pages


def test_every_piece_has_exactly_one_page(pages):
    assert sorted(pages) == sorted(PIECES)


@pytest.mark.parametrize("title", PIECES)
def test_body_is_a_stretch_of_the_printed_page(pages, seed_page, title):
    body = normalise(body_of(pages[title]).get_text())
    assert len(body) > 80
    assert body in "".join(seed_lines(seed_page))


@pytest.mark.parametrize("title", PIECES)
def test_column_credit_and_type_as_printed(pages, title):
    column, credit, piece_type = PIECES[title]
    soup = pages[title]
    assert soup.select_one(".eyebrow a").get_text() == column
    assert soup.select_one(".credit").get_text() == credit
    assert f"story-{piece_type}" in soup.select_one("article.story")["class"]


def test_nothing_on_the_printed_page_is_left_out(pages, seed_page):
    """Each seed line is in a piece (title, credit and body as printed) or is a column head."""
    printed = []
    for title, soup in pages.items():
        credit, body = soup.select_one(".credit").get_text(), body_of(soup).get_text()
        parts = [title, body, credit] if PIECES[title][2] == "photo" else [title, credit, body]
        printed.append(normalise("".join(parts)))
    columns = {column for column, _, _ in PIECES.values()}
    missing = [
        line
        for line in seed_lines(seed_page)
        if line not in columns and not any(line in piece for piece in printed)
    ]
    assert missing == []


def test_profile_printed_twice_is_on_the_site_once_and_whole(pages, seed_page):
    profile = normalise(body_of(pages["李晶：我把居民当亲人"]).get_text())
    assert profile.startswith(normalise("“看，这是我们街道各社区今天的活动"))
    assert profile.endswith(normalise("社区就会成为居民值得信赖、依靠的大家庭。"))
    everything = "".join(normalise(body_of(soup).get_text()) for soup in pages.values())
    assert everything.count(normalise("逢年过节李晶总来看我")) == 1


@pytest.mark.parametrize(
    "joined",
    ["认真学习", "首问负责制", "警民关系", "柴米油盐", "李晶说", "知识竞赛", "干部职工"],
)
def test_paragraphs_broken_by_the_layout_are_joined(pages, joined):
    paragraphs = [p.get_text() for soup in pages.values() for p in body_of(soup).find_all("p")]
    assert any(joined in paragraph for paragraph in paragraphs)


def test_layout_fragment_is_not_in_any_body(pages):
    body = body_of(pages["打造服务创新支部 争做守纪执纪先锋"]).get_text()
    assert "知识竞赛" in body
    assert LAYOUT_FRAGMENT not in body


def test_punctuation_is_full_width_but_numbers_stay(pages):
    bodies = "".join(body_of(soup).get_text() for soup in pages.values())
    assert not re.search(r"[,!:;]", bodies)
    for kept in ("61.98万元", "“互联网+”", "6Q工作法", "80后"):
        assert kept in bodies


def test_every_piece_is_dated_and_the_inference_is_documented(pages):
    for soup in pages.values():
        time = soup.select_one(".story-meta time")
        assert (time["datetime"], time.get_text()) == ("2018-03-13", "2018年3月13日")
    notes = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    assert "2018-03-13" in notes and "推断" in notes

"""Issue 15, items 3 and 4, in built sites: the printed page published with its day (the
page image or PDF, a link over each piece's area), corrections (更正) and old addresses.

`epaper_site` (conftest.py) is the real site plus the seed day's page image with every
piece's Area, a correction and two old addresses on its first piece; `site` is the real
site as it is, with none of them.
"""

import json
import logging
import re
import shutil
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import feedparser
import pytest
from PIL import Image

from dangjian.build.search import pages_to_index
from dangjian.site.aliases import AliasesGenerator
from support import PAGE_AREAS, PAGE_SIZE, SEED_DAY, add_printed_page, article

DAY_PAGE = f"/issues/{SEED_DAY}/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ALIAS_FILES = {"/old/zhijian/": "old/zhijian/index.html", "/2018/0313/content_1.htm": None}


def text_of(tag):
    return " ".join(tag.get_text(" ").split())


def corrected_url(site):
    """The seed day's first piece: it has the correction and the old addresses."""
    return site.soup(DAY_PAGE).select_one(".print-piece-title a")["href"]


# --- The printed page, from the editor's image -------------------------------------------


@pytest.mark.parametrize("url", [DAY_PAGE, "/"])
def test_the_day_shows_its_page_with_a_link_over_each_piece(epaper_site, url):
    soup = epaper_site.soup(url)
    section = soup.select_one("article.print-page.has-page-image > section.page-image")
    image = section.select_one(".page-map > img")
    assert image["alt"].endswith("2018年3月13日第〔N〕版：党建版面图")
    editors = epaper_site.root.parent / "content" / "articles" / SEED_DAY / "page.jpg"
    assert epaper_site.file(f"{DAY_PAGE}page.jpg").read_bytes() == editors.read_bytes()
    with Image.open(editors) as page:
        assert page.size == PAGE_SIZE
    with Image.open(epaper_site.file(image["src"])) as thumbnail:
        assert thumbnail.size == (600, 840) == (int(image["width"]), int(image["height"]))
    assert image["srcset"] == f"{DAY_PAGE}page-600.jpg 600w, {DAY_PAGE}page.jpg 1000w"

    svg = section.select_one("svg.page-areas")
    assert svg["viewbox"] == "0 0 1000 1400" and svg["preserveaspectratio"] == "none"
    links = svg.select("a")
    pieces = [a["href"] for a in soup.select(".print-piece-title a")]
    assert [a["href"] for a in links] == pieces  # every piece, in print order
    for link, area in zip(links, PAGE_AREAS, strict=True):
        rect = link.select_one("rect")
        assert tuple(int(rect[key]) for key in ("x", "y", "width", "height")) == area
        title = text_of(epaper_site.soup(link["href"]).select_one(".story-head h1"))
        assert link["aria-label"].startswith(title) and link.title.string == link["aria-label"]
    files = {a.get_text(): a["href"] for a in section.select(".page-files a")}
    assert files == {"查看版面大图": f"{DAY_PAGE}page.jpg"}  # no PDF given: no download
    assert "（JPEG，1000×1400 像素，" in text_of(section.select_one(".page-files"))


def test_pages_without_page_files_are_written_as_before(site, epaper_site):
    """Every page of the real site is byte for byte the same in the site with the page
    image, the correction and the old addresses, but the three pages that show them."""
    changed = {"/", DAY_PAGE, corrected_url(epaper_site)}
    differ = [url for url in site.pages() if site.text(url) != epaper_site.text(url)]
    assert sorted(differ) == sorted(changed)
    added = set(epaper_site.pages()) - set(site.pages())
    assert added == {"/old/zhijian/"}  # and 2018/0313/content_1.htm (not named .html)
    assert not (site.root / "issues" / SEED_DAY / "page.jpg").exists()
    assert 'class="print-page"' in site.text(DAY_PAGE)


# --- The printed page, from a PDF alone, and the cache -----------------------------------


@pytest.fixture
def pdf_site(small_site, tmp_path):
    """A day of two pieces with only a page PDF, their areas in the drawn image's pixels."""
    content = tmp_path / "content"
    (content / "articles" / SEED_DAY).mkdir(parents=True)
    for name, title, column in (("01-a", "甲", "视点"), ("02-b", "乙", "观潮")):
        path = content / "articles" / SEED_DAY / f"{name}.md"
        path.write_text(article(title=title, category=column), encoding="utf-8")
    add_printed_page(content, image=None, pdf=True, areas=PAGE_AREAS[:2])
    result, built = small_site({})
    assert result.ok, result.log
    return built


def test_a_pdf_is_drawn_as_the_page_image_and_offered_for_download(pdf_site, tmp_path):
    folder = pdf_site.root / "issues" / SEED_DAY
    assert (folder / "page.pdf").read_bytes() == (
        tmp_path / "content" / "articles" / SEED_DAY / "page.pdf"
    ).read_bytes()
    with Image.open(folder / "page.jpg") as drawn:
        assert drawn.size == (1200, 1680) and drawn.format == "JPEG"
        gray = drawn.convert("L")
        # the first piece's frame (20, 20 in the drawing, 1.2 times larger) is drawn dark,
        # the margin around it stays white
        assert gray.getpixel((25, 60)) < 80 and gray.getpixel((8, 8)) > 240
    soup = pdf_site.soup(DAY_PAGE)
    rects = [
        tuple(int(rect[key]) for key in ("x", "y", "width", "height"))
        for rect in soup.select("svg.page-areas rect")
    ]
    assert rects == [(24, 24, 1152, 480), (24, 528, 564, 600)]
    assert soup.select_one("svg.page-areas")["viewbox"] == "0 0 1200 1680"
    download = soup.select_one('.page-files a[href$="page.pdf"]')
    assert download.get_text() == "下载本版 PDF" and download.has_attr("download")
    assert "（JPEG，1200×1680 像素）" in text_of(soup.select_one(".page-files"))


def test_a_rebuild_takes_the_drawn_page_from_the_cache(pdf_site, small_site, tmp_path):
    """Drawn once: the cache beside the output folder holds the page image and its copy,
    keyed by the bytes they are drawn from; a second build copies the page from there (a
    marker put in the cache shows up in the site) and removes entries no page used."""
    cache = tmp_path / ".page-cache"
    entries = sorted(cache.iterdir())
    assert len(entries) == 2  # the drawn page, and its 600 px copy
    drawn = pdf_site.root / "issues" / SEED_DAY / "page.jpg"
    (entry,) = [path for path in entries if path.read_bytes() == drawn.read_bytes()]
    marker = Image.new("RGB", (1200, 1680), "red")
    marker.save(entry, "JPEG")
    (cache / "0123456789abcdef.jpg").write_bytes(b"left over")
    result, again = small_site({}, tmp_path / "output-again")
    assert result.ok, result.log
    assert (again.root / "issues" / SEED_DAY / "page.jpg").read_bytes() == entry.read_bytes()
    kept = {path.name for path in cache.iterdir()}
    assert entry.name in kept and "0123456789abcdef.jpg" not in kept and len(kept) == 2
    shutil.rmtree(cache)  # deleting it is always safe: drawn again
    result, third = small_site({}, tmp_path / "output-third")
    assert result.ok, result.log
    assert (third.root / "issues" / SEED_DAY / "page.jpg").read_bytes() == drawn.read_bytes()


# --- 更正 ---------------------------------------------------------------------------------


def test_a_correction_is_shown_at_the_top_of_the_article(epaper_site):
    soup = epaper_site.soup(corrected_url(epaper_site))
    story = soup.select_one("article.story")
    note = story.select_one(".correction")
    assert note["role"] == "note" and note.has_attr("data-pagefind-ignore")
    assert text_of(note) == "更正 2018年3月22日 本文第二段中的数字有误，已更正。"
    assert note.select_one("time")["datetime"] == "2018-03-22"
    # right under the headline and byline, before the text
    assert note.find_previous_sibling("header", class_="story-head") is not None
    assert note.find_next_sibling("div", class_="story-body") is not None
    meta = soup.select_one('meta[property="article:modified_time"]')
    assert meta["content"] == "2018-03-22T00:00:00+08:00"


def json_ld(soup):
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    return next(node for node in data["@graph"] if node["@type"] == "NewsArticle")


def test_a_correction_dates_the_change_for_machines(epaper_site):
    url = corrected_url(epaper_site)
    node = json_ld(epaper_site.soup(url))
    assert node["datePublished"] == "2018-03-13T00:00:00+08:00"
    assert node["dateModified"] == "2018-03-22T00:00:00+08:00"
    assert node["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": "2018-03-22",
            "text": "本文第二段中的数字有误，已更正。",
        }
    ]
    others = [other for other in epaper_site.article_urls() if other != url]
    assert all("dateModified" not in json_ld(epaper_site.soup(other)) for other in others)

    sitemap = ET.parse(epaper_site.file("/sitemap.xml")).getroot()
    lastmod = {
        entry.findtext(f"{SITEMAP}loc").split("8000", 1)[1]: entry.findtext(f"{SITEMAP}lastmod")
        for entry in sitemap
    }
    assert lastmod[url] == "2018-03-22T00:00:00+08:00"
    assert lastmod[others[0]] == "2018-03-13T00:00:00+08:00"


def test_the_feeds_update_the_corrected_entry(epaper_site, site):
    url = corrected_url(epaper_site)
    feeds = [path for path in epaper_site.root.rglob("atom.xml")]
    holding = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        for entry in feed.entries:
            if entry.link.endswith(url):
                holding += 1
                assert entry.published.startswith("2018-03-13")
                assert entry.updated == "2018-03-22T00:00:00+08:00"
            else:
                assert entry.updated == entry.published
    assert holding >= 3  # the site's, its column's, its tags' and organizations' feeds
    before = feedparser.parse(site.file("/atom.xml").read_bytes())
    after = feedparser.parse(epaper_site.file("/atom.xml").read_bytes())
    assert before.feed.updated.startswith("2018-03-13")
    assert after.feed.updated == "2018-03-22T00:00:00+08:00"


# --- Old addresses ------------------------------------------------------------------------


def test_each_old_address_is_a_redirect_page_to_the_article(epaper_site):
    url = corrected_url(epaper_site)
    for old in ALIAS_FILES:
        soup = epaper_site.soup(old)
        refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url={url}"
        assert soup.select_one('link[rel="canonical"]')["href"] == url
        assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
        link = soup.select_one("main a")
        assert link["href"] == url and link.get_text() == url
        assert "指尖上的“微”平台 激发党建新活力" in text_of(soup.select_one("main"))
        assert soup.html["lang"] == "zh-CN" and soup.title.string.startswith("本文已移至新地址")


def test_old_addresses_are_listed_nowhere(epaper_site):
    files = [str(epaper_site.file(old).relative_to(epaper_site.root)) for old in ALIAS_FILES]
    assert files == ["old/zhijian/index.html", "2018/0313/content_1.htm"]
    for xml in epaper_site.root.rglob("*.xml"):  # the sitemap and every feed
        text = xml.read_text(encoding="utf-8")
        assert "/old/zhijian" not in text and "content_1.htm" not in text, xml
    for url in epaper_site.pages():
        if url not in ALIAS_FILES:
            assert not re.search(r"old/zhijian|content_1\.htm", epaper_site.text(url)), url
    indexed = {str(path.relative_to(epaper_site.root)) for path in pages_to_index(epaper_site.root)}
    assert not indexed & set(files) and len(indexed) == 7


def test_an_old_address_over_another_article_stops_the_build(small_site):
    files = {
        "articles/a.md": article(title="甲"),
        "articles/b.md": article(title="乙").replace(
            "Type: news", "Type: news\nAliases: /articles/2018/03/jia/"
        ),
    }
    result, _site = small_site(files)
    assert not result.ok
    assert "b.md:5: Aliases: 旧地址“/articles/2018/03/jia/”就是 " in result.log
    assert "Traceback" not in result.log


def test_the_generator_checks_again_what_only_the_build_knows(caplog):
    """An address the content model could not work out (from URL settings it cannot
    format) is checked against every page's file before any is written."""
    page = SimpleNamespace(save_as="about/index.html", source_path="pages/about.md")
    article_ = SimpleNamespace(
        save_as="a/index.html", source_path="articles/a.md", metadata={"aliases": "/about/ /b/"}
    )
    generator = object.__new__(AliasesGenerator)
    generator.context = {"articles": [article_], "pages": [page]}
    with caplog.at_level(logging.ERROR):
        generator.generate_context()
    assert [file for file, _alias, _article in generator.redirects] == ["b/index.html"]
    assert "旧地址“/about/”就是 pages/about.md 的网址" in caplog.text

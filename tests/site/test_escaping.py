"""Metadata is text: a title with markup is shown, never run, wherever it appears."""

import json

import feedparser
import pytest

from support import article

TITLE = '<script>alert("x")</script>标题'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;标题"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from dangjian.build.pipeline import build_site
    from support import ROOT, Site

    content = tmp_path_factory.mktemp("hostile") / "content"
    (content / "articles").mkdir(parents=True)
    (content / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    text = article(title=TITLE).replace("Author: 测试记者", "Author: <b>记者</b>")
    text = text.replace("Date:", "Tags: <i>标签</i>\nDate:")
    (content / "articles" / "a.md").write_text(text, encoding="utf-8")
    result = build_site(content.parent / "output", content=content)
    assert result.ok, result.log
    return Site(content.parent / "output")


def test_no_page_contains_the_markup(hostile_site):
    pages = hostile_site.pages()
    # Every kind of page that shows the title, the author or the tag is looked at.
    kinds = {"/", "/archives/", "/columns/shidian/", "/issues/2018-03-13/", "/tags/", "/authors/"}
    assert kinds <= set(pages) and hostile_site.article_urls(), pages
    for url in pages:
        html = hostile_site.text(url)
        for markup in ("<script>alert", "<b>记者", "<i>标签"):
            assert markup not in html, url


@pytest.mark.parametrize("url", ["/", "/columns/shidian/", "/archives/", "/issues/2018-03-13/"])
def test_title_is_shown_as_text_in_listings(hostile_site, url):
    assert ESCAPED in hostile_site.text(url)
    assert TITLE in hostile_site.soup(url).get_text()


def test_title_is_shown_as_text_on_its_page(hostile_site):
    (url,) = hostile_site.article_urls()
    soup = hostile_site.soup(url)
    assert soup.h1.get_text() == TITLE
    assert soup.title.get_text().startswith(TITLE)
    assert soup.select_one(".credit a").get_text() == "<b>记者</b>"
    assert soup.select_one(".tags a").get_text() == "<i>标签</i>"


def test_title_is_text_in_the_feeds(hostile_site):
    raw = (hostile_site.root / "atom.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw
    feed = feedparser.parse(raw)
    assert feed.bozo == 0
    assert feed.entries[0].title == TITLE


def test_title_is_text_in_the_json_ld(hostile_site):
    """JSON-LD sits in a <script>: its values cannot close the element or open another."""
    (url,) = hostile_site.article_urls()
    html = hostile_site.text(url)
    soup = hostile_site.soup(url)
    (script,) = soup.select('script[type="application/ld+json"]')
    assert "<" not in script.string and ">" not in script.string
    assert html.count("</script>") == len(soup.find_all("script"))
    graph = json.loads(script.string)["@graph"]
    (news,) = [node for node in graph if node["@type"] == "NewsArticle"]
    assert news["headline"] == TITLE
    assert news["author"] == [
        {"@type": "Person", "name": "<b>记者</b>", "url": news["author"][0]["url"]}
    ]

"""The Atom feeds: valid, complete, and listing what the matching page lists."""

import re
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="module")
def feeds(site):
    """Root-relative URL → parsed feed, for every *.xml in the output but the sitemap."""
    return {
        "/" + str(path.relative_to(site.root)): feedparser.parse(path.read_bytes())
        for path in sorted(site.root.rglob("*.xml"))
        if path.name != "sitemap.xml"
    }


def entry_paths(feed):
    return [urlsplit(entry.link).path for entry in feed.entries]


def listing_pages(site, url):
    """A listing and its further pages (url + page/2/ …)."""
    return [page for page in site.pages() if page == url or page.startswith(url + "page/")]


def linked_articles(site, url, selector):
    """Paths of the articles linked by `selector` on every page of a listing."""
    return [
        urlsplit(link["href"]).path
        for page in listing_pages(site, url)
        for link in site.soup(page).select(selector)
    ]


def text(html):
    """The text of an HTML fragment, whitespace dropped (Chinese has no spaces)."""
    return "".join(BeautifulSoup(html, "html.parser").get_text().split())


def test_every_feed_is_valid_atom_with_a_title(feeds):
    assert "/atom.xml" in feeds
    failures = []
    for url, feed in feeds.items():
        if feed.bozo:
            failures.append(f"{url}: not well-formed: {feed.bozo_exception}")
        if feed.version != "atom10":
            failures.append(f"{url}: {feed.version or 'unknown format'}, not Atom 1.0")
        if not feed.feed.get("title", "").strip():
            failures.append(f"{url}: no title")
    assert not failures, "\n".join(failures)


def test_site_feed_has_every_article(site, feeds):
    paths = entry_paths(feeds["/atom.xml"])
    assert sorted(paths) == sorted(site.article_urls())


def test_column_feeds_match_column_pages(site, feeds):
    column_feeds = [url for url in feeds if re.fullmatch(r"/columns/[^/]+/atom\.xml", url)]
    assert column_feeds, "no column feeds"
    failures = []
    for url in column_feeds:
        page = url.removesuffix("atom.xml")
        listed = linked_articles(site, page, "main .piece-title a")
        in_feed = entry_paths(feeds[url])
        if not listed or sorted(in_feed) != sorted(listed):
            failures.append(f"{url}: feed {sorted(in_feed)}\n  page {sorted(listed)}")
    assert not failures, "column feeds differ from their pages:\n" + "\n".join(failures)


def test_branch_feeds_match_branch_pages(site, feeds):
    branch_feeds = [url for url in feeds if re.fullmatch(r"/branches/[^/]+/atom\.xml", url)]
    assert branch_feeds, "no branch feeds"
    failures = []
    for url in branch_feeds:
        page = url.removesuffix("atom.xml")
        covered = linked_articles(site, page, ".coverage .piece-title a")
        in_feed = entry_paths(feeds[url])
        # The head says "共 N 篇报道": the count a reader sees.
        said = re.search(r"共 (\d+) 篇", site.soup(page).select_one(".listing-head").get_text())
        said = int(said.group(1)) if said else None
        if sorted(in_feed) != sorted(covered) or said != len(in_feed):
            failures.append(
                f"{url}: feed {sorted(in_feed)}\n  page says {said}, lists {sorted(covered)}"
            )
    assert not failures, "branch feeds differ from their pages:\n" + "\n".join(failures)


def test_entries_carry_the_full_article(site, feeds):
    """Each entry's content is the whole text of its article page, not a summary.

    This is stronger than "content longer than the summary", which a one-paragraph
    photo caption cannot meet: its summary is already the whole text.
    """
    failures = []
    for url, feed in feeds.items():
        for entry in feed.entries:
            path = urlsplit(entry.link).path
            body = site.soup(path).select_one(".story-body, .photo-caption")
            content = text(entry.content[0].value) if entry.get("content") else ""
            if not content:
                failures.append(f"{url} {path}: no content")
            elif body is None or content != "".join(body.get_text().split()):
                failures.append(f"{url} {path}: content is not the text of the article page")
    assert not failures, "\n".join(failures)

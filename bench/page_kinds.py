"""One page of every kind the theme renders, found in a built site.

The accessibility checks, the screenshots and the size budgets all look at these
pages, so a new template gets checked by adding one line here.
"""

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from dangjian.urls import page_url, target_file


@dataclass(frozen=True)
class PageKind:
    pattern: str  # a root-relative URL, with * for any one path part
    marker: str = ""  # text the page's HTML must contain, e.g. a class name
    screenshot: bool = False  # saved as a test artifact at every width
    query: str = ""  # added to the URL when a browser visits the page
    ready: str = ""  # a CSS selector the browser waits for (content drawn by script)
    redirects: bool = False  # it sends the browser on at once (an old address's page)

    def visit(self, url):
        """The URL a browser visits for this kind's page found at `url`."""
        return url + self.query


PAGE_KINDS = {
    "home": PageKind("/", screenshot=True),
    "issue": PageKind("/issues/*/"),
    "calendar": PageKind("/issues/", screenshot=True),
    "archives": PageKind("/archives/"),
    "article": PageKind("/articles/*/*/*/", 'class="story story-news"', screenshot=True),
    "commentary": PageKind("/articles/*/*/*/", 'class="story story-commentary"'),
    "photo": PageKind("/articles/*/*/*/", 'class="story story-photo"'),
    "profile": PageKind("/articles/*/*/*/", 'class="story story-profile"', screenshot=True),
    "columns": PageKind("/columns/"),
    "column": PageKind("/columns/*/"),
    "branches": PageKind("/branches/"),
    "branch": PageKind("/branches/*/", 'class="sub-branches"', screenshot=True),
    "people": PageKind("/people/"),
    "authors": PageKind("/authors/"),
    "author": PageKind("/authors/*/"),
    "tags": PageKind("/tags/"),
    "tag": PageKind("/tags/*/"),
    "not found": PageKind("/404.html"),
    "search": PageKind("/search/", query="?q=李晶", ready=".search-result", screenshot=True),
    # What editors add over time (issue 15): a day's page image with its pieces' areas, an
    # article with a 更正, an old address's redirect page. The real content has none of
    # them: tests/conftest.py's epaper_site adds one of each.
    "page image": PageKind("/issues/*/", 'class="print-page has-page-image"'),
    "correction": PageKind("/articles/*/*/*/", 'class="correction"'),
    "redirect": PageKind("/old/*/", 'http-equiv="refresh"', redirects=True),
}


def site_urls(root):
    """Root-relative URLs of every HTML page under root: /columns/x/ for columns/x/index.html."""
    return sorted(page_url(root, path) for path in Path(root).rglob("*.html"))


def find_pages(root):
    """{kind: URL} with the first page (in URL order) of each kind; a kind not found is absent."""
    found = {}
    urls = site_urls(root)
    for kind, spec in PAGE_KINDS.items():
        depth = spec.pattern.count("/")
        for url in urls:
            if url.count("/") != depth or not fnmatch.fnmatch(url, spec.pattern):
                continue
            if spec.marker and spec.marker not in target_file(root, url).read_text("utf-8"):
                continue
            found[kind] = url
            break
    return found

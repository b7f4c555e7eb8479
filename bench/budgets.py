"""Page weight budgets: per page kind, the bytes a reader downloads before images.

    .venv/bin/python -m bench.budgets [built-site-folder]

Without a folder, builds the site from content/ into a temporary folder first.
Prints, for one page of every kind (tools/page_kinds.py), the HTML, CSS and JS
bytes, uncompressed, images and the favicon left out. tests/test_budgets.py
asserts the same figures against BUDGETS.
"""

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from bench.page_kinds import find_pages
from dangjian.urls import target_file

ARTICLE_BUDGET = 60 * 1024  # HTML + CSS + JS of an article page, uncompressed
BUDGETS = {"article": ARTICLE_BUDGET, "commentary": ARTICLE_BUDGET, "photo": ARTICLE_BUDGET,
           "profile": ARTICLE_BUDGET}  # fmt: skip


@dataclass
class PageWeight:
    html: int
    css: int
    js: int
    stylesheets: list = field(default_factory=list)  # URLs of linked stylesheets
    render_blocking: list = field(default_factory=list)  # external scripts that block

    @property
    def total(self):
        return self.html + self.css + self.js


def local_path(root, url):
    """The file behind a root-relative or absolute link to this site."""
    return target_file(root, urlsplit(url).path)


def page_weight(root, url):
    """What loading `url` from the site built in `root` costs, before images."""
    html = target_file(root, url).read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    stylesheets = [
        link["href"] for link in soup.find_all("link", href=True) if "stylesheet" in link["rel"]
    ]
    scripts = soup.find_all("script", src=True)
    blocking = [
        script["src"]
        for script in scripts
        if not script.has_attr("defer")
        and not script.has_attr("async")
        and script.get("type") != "module"
    ]
    return PageWeight(
        html=len(html),
        css=sum(local_path(root, href).stat().st_size for href in stylesheets),
        js=sum(local_path(root, script["src"]).stat().st_size for script in scripts),
        stylesheets=stylesheets,
        render_blocking=blocking,
    )


def weights(root):
    """{kind: (url, PageWeight)} for one page of every kind."""
    return {kind: (url, page_weight(root, url)) for kind, url in find_pages(root).items()}


def report(root):
    lines = [f"{'page kind':<12} {'HTML':>8} {'CSS':>8} {'JS':>8} {'total':>8}  budget"]
    for kind, (_url, weight) in weights(root).items():
        budget = BUDGETS.get(kind)
        verdict = f"{'ok' if weight.total <= budget else 'OVER'} ≤ {budget}" if budget else ""
        lines.append(
            f"{kind:<12} {weight.html:>8} {weight.css:>8} {weight.js:>8} {weight.total:>8}  "
            + verdict
        )
    return "\n".join(lines) + "\n(bytes, uncompressed, images excluded)"


def main(argv):
    if len(argv) > 1:
        print(report(Path(argv[1])))
        return
    from dangjian.build.pipeline import build_site

    with tempfile.TemporaryDirectory() as folder:
        result = build_site(Path(folder) / "output")
        if not result.ok:
            sys.exit(result.log)
        print(report(Path(folder) / "output"))


if __name__ == "__main__":
    main(sys.argv)

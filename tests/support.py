"""What the tests share: the project's folders, sites built and read as a browser asks for
them, minimal content files, a local HTTP server, and the preview server's events."""

import contextlib
import functools
import hashlib
import json
import os
import runpy
import shutil
import sys
import threading
import urllib.error
import urllib.request
from datetime import date, timedelta
from http.client import HTTPConnection
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from PIL import Image, ImageDraw

from bench.page_kinds import site_urls
from dangjian.build.pipeline import build_site
from dangjian.model.sources import parse
from dangjian.paths import ROOT
from dangjian.preview import server as devserver
from dangjian.urls import target_file

__all__ = ["ROOT"]

SEED_PAGE = Path(__file__).parent / "fixtures" / "seed-page.txt"
CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PER_PAGE = runpy.run_path(str(ROOT / "pelicanconf.py"))["DEFAULT_PAGINATION"]


def content_articles():
    """The site's own articles (content/articles/), read by the content model: expected
    counts are derived from them, so that a change of content does not look like a bug."""
    paths = sorted((ROOT / "content" / "articles").rglob("*.md"))
    return [parse(str(path), path.read_text(encoding="utf-8")) for path in paths]


def pieces_of_the_day(date=None):
    """The published pieces of one printed page (by default the latest)."""
    published = [
        source
        for source in content_articles()
        if source.fields.get("status", "published") == "published"
    ]
    date = date or max(source.fields["date"] for source in published)
    return [source for source in published if source.fields["date"] == date]


class Site:
    """A built site in a folder, read the way a browser would ask for it."""

    def __init__(self, root, log=""):
        self.root = Path(root)
        self.log = log

    def file(self, url):
        """The file served for a root-relative URL: /columns/x/ → columns/x/index.html."""
        return target_file(self.root, url.split("#")[0])

    def text(self, url):
        return self.file(url).read_text(encoding="utf-8")

    def soup(self, url):
        return BeautifulSoup(self.text(url), "html.parser")

    def pages(self):
        """Root-relative URLs of every HTML page."""
        return site_urls(self.root)

    def article_urls(self):
        return [url for url in self.pages() if url.startswith("/articles/")]


ARTICLE = """\
Title: {title}
Date: {date}
Category: {category}
Type: news
Author: 测试记者
Byline: 本报记者
Branches: {branches}

{body}
"""


def article(title="测试稿件", date="2018-03-13", category="视点", branches="", body="正文。"):
    """The text of a minimal valid article."""
    return ARTICLE.format(title=title, date=date, category=category, branches=branches, body=body)


def branch(name, kind="党支部", prefecture="赤峰市", county="松山区", parent=None, extra=""):
    """The text of a minimal registry file for one organization."""
    lines = [f"Name: {name}", f"Kind: {kind}", f"Prefecture: {prefecture}"]
    lines += [f"County: {county}"] if county else []
    lines += [f"Parent: {parent}"] if parent else []
    return "\n".join(lines) + extra + "\n\n描述。\n"


def column_of(count):
    """`count` pieces in 视点 about 甲党支部 (under 甲党委), a day apart from 2018-01-02."""
    files = {
        "branches/p.md": branch("甲党委", kind="党委"),
        "branches/x.md": branch("甲党支部", parent="甲党委"),
    }
    for n in range(1, count + 1):
        files[f"articles/{n:03}.md"] = article(
            title=f"稿{n}", date=f"{date(2018, 1, 1) + timedelta(n)}", branches="甲党支部"
        )
    return files


def theme_with(tmp_path, template, old, new):
    """A copy of the theme in tmp_path whose `template` has `old` replaced by `new` (once);
    (the theme's folder, the line `old` was on)."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return theme, line


# The printed page of the seed day as a test draws it: a 1000×1400 image with a framed
# block per piece, and the seven pieces' areas on it (in the order of their files).
PAGE_SIZE = (1000, 1400)
PAGE_AREAS = [
    (20, 20, 960, 400), (20, 440, 470, 500), (510, 440, 470, 300), (510, 760, 470, 180),
    (20, 960, 470, 420), (510, 960, 470, 200), (510, 1180, 470, 200),
]  # fmt: skip
SEED_DAY = "2018-03-13"
CORRECTION = "Correction: 2018-03-22 本文第二段中的数字有误，已更正。"
ALIASES = "Aliases: /old/zhijian/, /2018/0313/content_1.htm"


def page_drawing(size=PAGE_SIZE, areas=PAGE_AREAS):
    """A page image: white paper, each area framed and filled with grey lines of "text"."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for x, y, w, h in areas:
        draw.rectangle((x, y, x + w - 1, y + h - 1), outline="black", width=3)
        for line in range(y + 20, y + h - 12, 18):
            draw.line((x + 15, line, x + w - 15, line), fill="#888", width=6)
    return image


def with_field(path, line):
    """Add a header line to an article file (before its Type line)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nType:", f"\n{line}\nType:", 1), encoding="utf-8")


def add_printed_page(content, day=SEED_DAY, image="page.jpg", pdf=False, areas=PAGE_AREAS):
    """The day's page image (and/or PDF) beside its articles, and an Area on each of them
    (scaled to the PDF's drawn image when there is only a PDF, 1200 px wide)."""
    folder = Path(content) / "articles" / day
    drawing = page_drawing()
    if image:
        drawing.save(folder / image)
    if pdf:
        drawing.save(folder / "page.pdf", resolution=100)  # 720×1008 pt, drawn 1200×1680
    scale = 1 if image else 1.2
    for path, (x, y, w, h) in zip(sorted(folder.glob("*.md")), areas, strict=False):
        box = ", ".join(str(round(value * scale)) for value in (x, y, w, h))
        with_field(path, f"Area: {box}")


def add_changes(content, day=SEED_DAY):
    """A correction on the day's first article, two old addresses on it."""
    first = sorted((Path(content) / "articles" / day).glob("*.md"))[0]
    with_field(first, CORRECTION)
    with_field(first, ALIASES)
    return first


def tree_digest(root):
    """One hash over every path and every file's bytes under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection mid-answer (a page left, a context closed) is
        no error of the site's: not printed with a traceback amid the tests' output."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(root):
    """A folder served on a free local port while the block runs: gives its base URL."""
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def open_live_page(browser, server, path="/", bypass_csp=True):
    """A page of the preview server, loaded and listening for its build events.

    The preview sends the site's Content-Security-Policy, which forbids the evaluated
    scripts Playwright's waiting uses: tests that drive the page bypass it, those about
    the policy do not."""
    host, port = server.server_address
    page = browser.new_context(bypass_csp=bypass_csp).new_page()
    page.goto(f"http://{host}:{port}{path}")
    listening = "Boolean(window.buildEvents && window.buildEvents.readyState === 1)"
    for _ in range(600):  # polled from here: waiting inside the page needs what a policy forbids
        if page.evaluate(listening):
            return page
        page.wait_for_timeout(50)
    raise AssertionError(f"the preview page {path} never listened for build events")


def block_other_hosts(context):
    """Let a browser context reach only this machine: any other request is aborted."""

    def route(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)


def get(server, path):
    host, port = server.server_address
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{path}") as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def next_build_event(server):
    """Open the event stream, then wait for the next build's event."""
    connection = HTTPConnection(*server.server_address, timeout=60)
    connection.request("GET", devserver.EVENTS_PATH)
    response = connection.getresponse()
    assert response.status == 200

    def wait():
        lines = []
        while not lines or lines[-1] != b"\n":
            line = response.fp.readline()
            if line.startswith(b":"):
                continue
            lines.append(line)
        connection.close()
        data = next(line for line in lines if line.startswith(b"data: "))
        return json.loads(data[len(b"data: ") :])

    return wait


def build_published(output, site_url, content=None):
    """The site built as `./run publish` builds it (publishconf.py) for `site_url`."""
    before = os.environ.get("SITEURL")
    os.environ["SITEURL"] = site_url
    try:
        return build_site(output, ROOT / "publishconf.py", content=content)
    finally:
        if before is None:
            del os.environ["SITEURL"]
        else:
            os.environ["SITEURL"] = before

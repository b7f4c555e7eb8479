"""Fixtures: the real site built once per session, and small sites built per test."""

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from bench.page_kinds import site_urls
from dangjian.build.pipeline import build_site
from dangjian.paths import ROOT

SEED_PAGE = Path(__file__).parent / "fixtures" / "seed-page.txt"
CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 375, "height": 740}


class Site:
    """A built site in a folder, read the way a browser would ask for it."""

    def __init__(self, root, log=""):
        self.root = Path(root)
        self.log = log

    def file(self, url):
        """The file served for a root-relative URL: /columns/x/ → columns/x/index.html."""
        path = self.root / url.split("#")[0].lstrip("/")
        return path / "index.html" if url.endswith("/") else path

    def text(self, url):
        return self.file(url).read_text(encoding="utf-8")

    def soup(self, url):
        return BeautifulSoup(self.text(url), "html.parser")

    def pages(self):
        """Root-relative URLs of every HTML page."""
        return site_urls(self.root)

    def article_urls(self):
        return [url for url in self.pages() if url.startswith("/articles/")]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site from content/, built as `invoke build` builds it."""
    output = tmp_path_factory.mktemp("real-site") / "output"
    result = build_site(output)
    assert result.ok, result.log
    return Site(output, result.log)


@pytest.fixture(scope="session")
def seed_page():
    return SEED_PAGE.read_text(encoding="utf-8")


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


@pytest.fixture
def small_site(tmp_path):
    """build(files) builds a site from the real columns and theme and these files.

    `files` maps paths under content/ to their text (or bytes); returns (BuildResult, Site).
    """

    def build(files, output=None):
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        shutil.copy(ROOT / "content" / "columns.toml", content / "columns.toml")
        for name, data in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        output = output or tmp_path / "output"
        result = build_site(output, content=content)
        return result, Site(output, result.log)

    return build


@pytest.fixture
def registries_only(tmp_path):
    """A content folder with the real registries (columns, branches) and no articles."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "columns.toml", folder)
    shutil.copytree(ROOT / "content" / "branches", folder / "branches")
    return folder


# --- The built site in a real headless Chromium, served over HTTP as readers get it ---

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(root):
    """Serve a folder on a free local port; returns (base URL, server to shut down)."""
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_port}", httpd


@pytest.fixture(scope="session")
def server(site):
    """Base URL of the real site served on a free local port."""
    base, httpd = serve(site.root)
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    # Not a skip: a run without the browser would pass without testing anything.
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it and the Chinese fonts with"
            " `./run system-packages` (apt-get install chromium fonts-noto-cjk)",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def open_live_page(browser, server, path="/"):
    """A page of the preview server, loaded and listening for its build events."""
    host, port = server.server_address
    page = browser.new_context().new_page()
    page.goto(f"http://{host}:{port}{path}")
    page.wait_for_function("window.buildEvents && window.buildEvents.readyState === 1")
    return page


def block_other_hosts(context):
    """Let a browser context reach only this machine: any other request is aborted."""

    def route(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()

"""Fixtures: the real site built once per session, small sites built per test, and a
real headless Chromium. What tests share besides fixtures is in support.py."""

import shutil

import pytest
from playwright.sync_api import sync_playwright

from dangjian.build.pipeline import build_site
from support import (
    CHROMIUM,
    PHONE,
    ROOT,
    SEED_PAGE,
    Site,
    add_changes,
    add_printed_page,
    served,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The real site from content/, built as `invoke build` builds it."""
    output = tmp_path_factory.mktemp("real-site") / "output"
    result = build_site(output)
    assert result.ok, result.log
    return Site(output, result.log)


@pytest.fixture(scope="session")
def epaper_site(tmp_path_factory):
    """The real site with what an editor adds over time: the seed day's page image with
    each piece's Area, a correction and old addresses on its first piece (support.py)."""
    folder = tmp_path_factory.mktemp("epaper-site")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    add_printed_page(content)
    add_changes(content)
    result = build_site(folder / "output", content=content)
    assert result.ok, result.log
    return Site(folder / "output", result.log)


@pytest.fixture(scope="session")
def seed_page():
    return SEED_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def small_site(tmp_path):
    """build(files) builds a site from the real columns and theme and these files.

    `files` maps paths under content/ to their text (or bytes); returns (BuildResult, Site).
    """

    def build(files, output=None, overrides=None):
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
        result = build_site(output, content=content, overrides=overrides)
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


@pytest.fixture(scope="session")
def server(site):
    """Base URL of the real site served on a free local port."""
    with served(site.root) as base:
        yield base


@pytest.fixture(scope="session")
def epaper_server(epaper_site):
    """Base URL of the real site with a page image, a correction and old addresses."""
    with served(epaper_site.root) as base:
        yield base


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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()

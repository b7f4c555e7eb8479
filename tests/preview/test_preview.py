"""The preview's fast path (tools/preview.py): an edited article's page, as the full build
writes it, and the preview server serving it before the full build is done."""

import shutil
import threading
from functools import partial

import pytest

from bench.corpus import generate
from dangjian.build.pipeline import build_site
from dangjian.preview import server as devserver
from dangjian.preview import warm as preview
from support import ROOT, Site, get, next_build_event, open_live_page

EDIT = "\n编辑新写的一段，含一个[链接](https://example.com/)和**加粗**。\n"


@pytest.fixture
def content(tmp_path):
    """A copy of the seed site's content: every piece type, photos, organizations."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def warm(tmp_path, content):
    site = preview.WarmSite(tmp_path / "pages", content=content)
    assert site.ready, site.log
    yield site
    site.close()


def test_fast_pages_are_the_bytes_a_clean_build_writes(tmp_path, content, warm):
    articles = sorted((content / "articles").rglob("*.md"))
    pages = {}
    for source in articles + articles[:2]:  # twice for some: the warm context took the first
        source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        status, written = warm.render(source)
        assert status == preview.FAST, written
        pages[source] = written
    result = build_site(tmp_path / "output", content=content)
    assert result.ok, result.log
    for source, written in pages.items():
        assert len(written) == 1
        page = written[0]
        fast = (tmp_path / "pages" / page).read_bytes()
        assert "编辑新写的一段".encode() in fast
        assert fast == (tmp_path / "output" / page).read_bytes(), source


def test_the_warm_sites_caches_are_its_own(tmp_path, content, monkeypatch):
    """Beside the preview's output folder, apart from its builds' caches, and kept for the
    next warm site; without an output folder, in a folder of its own, removed at its end
    (not in the machine's temporary folder, where every preview would share them)."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    site = preview.WarmSite(tmp_path / "pages", content=content)
    assert site.ready, site.log
    site.close()
    assert list((tmp_path / "tmp").iterdir()) == []

    output = tmp_path / "output"
    for _ in range(2):
        site = preview.WarmSite(tmp_path / "pages", content=content, output=output)
        assert site.ready, site.log
        site.close()
    kept = list((tmp_path / ".output.preview").rglob("*.ArticlesGenerator.kept"))
    assert len(kept) == 1
    assert not (tmp_path / ".render-cache").exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_synthetic_site_too(tmp_path):
    content = generate(tmp_path / "corpus", 30)
    site = preview.WarmSite(tmp_path / "pages", content=content)
    assert site.ready, site.log
    sources = sorted((content / "articles").rglob("*.md"))[::7]
    for source in sources:
        source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        assert site.render(source)[0] == preview.FAST
    site.close()
    assert build_site(tmp_path / "output", content=content).ok
    written = sorted((tmp_path / "pages").rglob("index.html"))
    assert len(written) == len(sources)
    for page in written:
        built = tmp_path / "output" / page.relative_to(tmp_path / "pages")
        assert page.read_bytes() == built.read_bytes(), page


def test_changed_fields_and_new_files_go_to_the_full_build(content, warm):
    source = content / "articles" / "2018-03-13" / "02-guanchao.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Tags: ", "Tags: 新标签, ", 1), encoding="utf-8")
    assert warm.render(source)[0] == preview.SLOW
    new = source.with_name("08-new.md")
    new.write_text(text.replace("Title: ", "Title: 新稿", 1), encoding="utf-8")
    assert warm.render(new)[0] == preview.SLOW
    assert warm.render(content / "columns.toml")[0] == preview.SLOW


def test_content_errors_are_reported_as_the_build_reports_them(tmp_path, content, warm):
    source = content / "articles" / "2018-03-13" / "02-guanchao.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Category: ", "Category: 错", 1), encoding="utf-8")
    status, log = warm.render(source)
    assert status == preview.ERRORS
    assert "02-guanchao.md" in log and "未登记的栏目“错" in log and "构建已停止" in log
    build = build_site(tmp_path / "output", content=content)
    assert not build.ok
    assert log.splitlines() == [line for line in build.log.splitlines() if line in log]
    source.write_text(text + EDIT, encoding="utf-8")  # fixed: the fast path again
    assert warm.render(source) == (preview.FAST, [URL.lstrip("/") + "index.html"])


@pytest.fixture
def fast_preview(tmp_path, content):
    """The preview server with its fast path; full builds wait while `server.gate` is clear."""
    output = tmp_path / "output"
    assert build_site(output, content=content).ok
    gate = threading.Event()
    gate.set()

    def build():
        gate.wait()
        return build_site(output, content=content)

    warm = partial(preview.WarmSite, content=content)
    server = devserver.start(output, build, watched=[content], port=0, warm=warm)
    server.gate = gate
    while server.preview.warm is None:  # reading the site
        server.stop_watching.wait(0.1)
    yield server, content, Site(output)
    devserver.stop(server)


URL = "/articles/2018/03/jin-bei-yin-bei-bu-ru-qun-zhong-de-hao-kou-bei/"


def test_the_preview_serves_the_fast_page_then_the_full_build_confirms_it(fast_preview):
    server, content, site = fast_preview
    source = content / "articles" / "2018-03-13" / "02-guanchao.md"
    wait = next_build_event(server)
    source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    fast = wait()
    assert fast["ok"] is True and fast["unchanged"] == []
    wait = next_build_event(server)
    status, fast_html = get(server, URL)
    assert status == 200 and "编辑新写的一段" in fast_html
    full = wait()  # the full build, in the background
    assert full["ok"] is True and URL in full["unchanged"]
    assert list(server.fast_pages.rglob("*.html")) == []  # output/ serves it now
    assert get(server, URL)[1] == fast_html
    assert "编辑新写的一段" in site.text(URL)


def test_a_content_error_shows_at_once_and_the_site_stays(fast_preview):
    server, content, site = fast_preview
    source = content / "articles" / "2018-03-13" / "02-guanchao.md"
    text = source.read_text(encoding="utf-8")
    wait = next_build_event(server)
    source.write_text(text.replace("Category: ", "Category: 错", 1) + EDIT, encoding="utf-8")
    event = wait()
    assert event["ok"] is False and "未登记的栏目“错" in event["log"]
    assert "编辑新写的一段" not in get(server, URL)[1]
    assert "未登记的栏目“错" in next_build_event(server)()["log"]  # the full build agrees
    assert "编辑新写的一段" not in site.text(URL)


def test_a_new_article_is_built_in_full_and_the_warm_site_reads_again(fast_preview):
    server, content, _ = fast_preview
    before = server.preview.warm
    wait = next_build_event(server)
    (content / "articles" / "2018-03-13" / "08-new.md").write_text(
        (content / "articles" / "2018-03-13" / "02-guanchao.md")
        .read_text(encoding="utf-8")
        .replace("Title: ", "Title: 新稿", 1)
        .replace("\n\n", "\nSlug: xin-gao\n\n", 1),
        encoding="utf-8",
    )
    event = wait()
    assert event["ok"] is True, event["log"]
    assert event["unchanged"] == []
    assert get(server, "/articles/2018/03/xin-gao/")[0] == 200
    for _ in range(300):
        if server.preview.warm not in (None, before):
            break
        server.stop_watching.wait(0.1)
    assert server.preview.warm not in (None, before)


def test_the_open_page_reloads_once_for_the_fast_page_only(fast_preview, browser):
    server, content, _ = fast_preview
    page = open_live_page(browser, server, URL)
    source = content / "articles" / "2018-03-13" / "02-guanchao.md"
    server.gate.clear()  # the full build waits until the reloaded page listens again
    source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    page.wait_for_selector("text=编辑新写的一段", timeout=60_000)
    page.wait_for_function("window.buildEvents && window.buildEvents.readyState === 1")
    page.evaluate("window.notReloaded = true")
    server.gate.set()
    page.wait_for_function("window.lastBuild === 2", timeout=120_000)  # the full build's
    assert page.evaluate("window.notReloaded") is True
    page.context.close()

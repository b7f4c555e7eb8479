"""The editors' preview: pages served with live reload, rebuilt on save."""

import re
import shutil
import threading
from functools import partial

import pytest

from dangjian.build.pipeline import build_site
from dangjian.preview import server as devserver
from support import ROOT, Site, article, get, next_build_event, open_live_page


@pytest.fixture
def preview(tmp_path):
    """A preview server on a free port, watching a small content folder."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "columns.toml", content)
    (content / "articles" / "a.md").write_text(article(title="第一版"), encoding="utf-8")
    output = tmp_path / "output"
    build = partial(build_site, output, content=content)
    assert build().ok
    server = devserver.start(output, build, watched=[content], port=0)
    yield server, content, Site(output)
    devserver.stop(server)


def test_pages_get_the_reload_script_and_missing_ones_the_404_page(preview):
    server, _, site = preview
    status, html = get(server, "/")
    assert status == 200 and devserver.EVENTS_PATH in html and "第一版" in html
    assert devserver.EVENTS_PATH not in site.text("/")  # never in the built site
    status, html = get(server, "/no/such/page/")
    assert status == 404 and "页面不存在" in html
    status, css = get(server, "/theme/css/site.css")
    assert status == 200 and devserver.EVENTS_PATH not in css


def test_saving_a_file_rebuilds_and_a_broken_file_keeps_the_last_good_site(preview):
    server, content, site = preview
    wait = next_build_event(server)
    (content / "articles" / "a.md").write_text(article(title="第二版"), encoding="utf-8")
    assert wait()["ok"] is True
    assert "第二版" in get(server, "/")[1]

    wait = next_build_event(server)
    (content / "articles" / "a.md").write_text(article(category="错栏目"), encoding="utf-8")
    event = wait()
    assert event["ok"] is False
    assert "未登记的栏目“错栏目”" in event["log"]
    assert "第二版" in get(server, "/")[1]
    assert "第二版" in site.text("/")


def test_a_save_reloads_the_open_page_and_the_time_to_reload_is_printed(preview, browser, capsys):
    """In headless Chromium: the page reloads itself and reports back; a figure is printed."""
    server, content, _ = preview
    page = open_live_page(browser, server)
    (content / "articles" / "a.md").write_text(article(title="第二版"), encoding="utf-8")
    page.wait_for_selector("text=第二版", timeout=60_000)
    page.wait_for_function("sessionStorage.getItem('reloadedForBuild') === null")
    page.context.close()
    for _ in range(100):  # the report is a request of its own; let it arrive
        if server.events.reload_seconds:
            break
        threading.Event().wait(0.1)
    assert list(server.events.reload_seconds) == [1]
    printed = capsys.readouterr().out
    assert re.search(r"从保存到构建完成并通知浏览器：\d+\.\d\d 秒", printed), printed
    assert re.search(r"从保存到浏览器刷新完成：\d+\.\d\d 秒", printed), printed


def test_preview_pages_have_the_sites_policy_and_only_its_own_inline_script_runs(preview, browser):
    """The preview sends the published site's Content-Security-Policy, with its reload
    script allowed by hash: an inline script that reached a page would not run here either."""
    server, _, site = preview
    page_file = site.file("/")
    page_file.write_text(
        page_file.read_text(encoding="utf-8").replace(
            "</body>", "<script>window.injected = true</script></body>"
        ),
        encoding="utf-8",
    )
    # waits for the reload script's event stream, under the policy
    page = open_live_page(browser, server, bypass_csp=False)
    assert page.evaluate("window.injected === undefined")
    assert page.evaluate("document.documentElement.classList.contains('js')")  # first paint ran
    host, port = server.server_address
    headers = page.request.get(f"http://{host}:{port}/").headers
    assert headers["content-security-policy"] == devserver.POLICY
    assert "'unsafe-inline'" not in devserver.POLICY
    page.context.close()


ODD_REQUESTS = {
    "a path longer than the file system takes": "/a" * 3000,
    "a name longer than 255 bytes": "/" + "x" * 300 + "/",
    "a Chinese name longer than 255 bytes": "/" + "%E5%85%9A" * 100 + "/",
    "a NUL": "/%00/",
    "a name that is not UTF-8": "/a%ff/",
}


def test_odd_requests_get_the_404_page_and_print_no_traceback(preview, capfd):
    server, _, _ = preview
    for name, path in ODD_REQUESTS.items():
        status, html = get(server, path)
        assert status == 404 and "页面不存在" in html, name
    for build in ["%C2%B2", "%EF%BC%91", "99999999999999999999", "-1"]:  # ², １
        assert get(server, f"{devserver.RELOADED_PATH}?build={build}")[0] == 204
    printed = capfd.readouterr()
    assert "Traceback" not in printed.out + printed.err


def test_an_odd_input_saved_shows_the_checks_message(preview):
    server, content, site = preview
    wait = next_build_event(server)
    (content / "articles" / "a.md").write_text(article(title="标题\x0b第二行"), encoding="utf-8")
    event = wait()
    assert event["ok"] is False
    assert "a.md:1: Title: 第 3 个字符处有看不见的垂直制表符" in event["log"]
    assert "Traceback" not in event["log"]
    assert "第一版" in site.text("/")

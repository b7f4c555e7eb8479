"""The checks a fresh build must pass, on small hand-made sites and small built ones."""

import os
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from dangjian.build import checks
from dangjian.build.checks import (
    URL_ATTRIBUTES,
    BuildFailed,
    Page,
    broken_links,
    check_feeds,
    check_internal_links,
    map_in_workers,
)
from dangjian.build.workers import FIRST_HERE
from support import article

PAGE = '<!DOCTYPE html><html><body><main id="main">{}</main></body></html>'
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>党建版</title><id>tag:x</id>
<updated>2018-03-13T00:00:00+08:00</updated>{}</feed>"""
ENTRY = (
    "<entry><title>稿件</title><id>tag:x/1</id>"
    "<updated>2018-03-13T00:00:00+08:00</updated>{}</entry>"
)


def site(folder, files):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_links_to_pages_files_and_ids_that_exist_pass(tmp_path):
    root = site(tmp_path, {
        "index.html": PAGE.format(
            '<a href="/columns/shidian/#top">栏目</a><a href="#main">正文</a>'
            '<img src="images/a.png" srcset="images/a.png 1x, images/a.png 2x">'
            '<a href="https://example.cn/">外链</a><a href="mailto:a@b.cn">信</a>'
        ),
        "columns/shidian/index.html": PAGE.format('<h1 id="top">视点</h1>'),
        "images/a.png": "",
        "theme/css/site.css": "body { background: url(../bg.svg) }",
        "theme/bg.svg": "<svg/>",
    })  # fmt: skip
    problems, checked = broken_links(root)
    assert problems == []
    assert checked == 6  # two links, three image URLs, one stylesheet URL
    check_internal_links(root, {"SITEURL": ""})


def test_missing_targets_and_ids_are_named(tmp_path):
    root = site(tmp_path, {
        "index.html": PAGE.format(
            '<a href="/nowhere/">无</a><a href="#nothing">无</a><img srcset="x.png 2x">'
        ),
        "theme/css/site.css": "@import 'gone.css'; a { background: url(//cdn.example/x.png) }",
    })  # fmt: skip
    problems, _ = broken_links(root)
    assert problems == sorted([
        "/ → /nowhere/（没有 nowhere/index.html）",
        "/ → #nothing（页面中没有 id “nothing”）",
        "/ → x.png（没有 x.png）",
        "/theme/css/site.css → gone.css（没有这个文件）",
        "/theme/css/site.css → //cdn.example/x.png（样式表引用了其他网站的文件）",
    ])  # fmt: skip
    with pytest.raises(BuildFailed, match="站内链接失效（5 处）"):
        check_internal_links(root, {"SITEURL": ""})


def test_feeds_must_parse_and_have_their_parts(tmp_path):
    good = ATOM.format(ENTRY.format('<link href="/a/"/>'))
    check_feeds(site(tmp_path / "good", {"atom.xml": good, "sitemap.xml": "<urlset/>"}), {})

    bad = site(tmp_path / "bad", {
        "atom.xml": ATOM.format(ENTRY.format("")),
        "columns/x/atom.xml": good.replace("</feed>", ""),
    })  # fmt: skip
    with pytest.raises(BuildFailed) as failure:
        check_feeds(bad, {})
    message = str(failure.value)
    assert "/atom.xml：条目缺少 link" in message
    assert "/columns/x/atom.xml：不是格式正确的 XML" in message


def test_a_feed_found_sound_is_parsed_again_only_once_it_changed(tmp_path, monkeypatch):
    good = ATOM.format(ENTRY.format('<link href="/a/"/>'))
    root = site(tmp_path / "site", {"atom.xml": good, "columns/x/atom.xml": good})
    settings = {"RENDER_CACHE_PATH": str(tmp_path / "cache")}
    check_feeds(root, settings)

    parsed = []
    parse = checks.xml_problems

    def counted(url, file):
        parsed.append(url)
        return parse(url, file)

    monkeypatch.setattr(checks, "xml_problems", counted)
    check_feeds(root, settings)
    assert parsed == []  # the very same files

    (root / "columns/x/atom.xml").unlink()  # written again, as a build writes a feed
    (root / "columns/x/atom.xml").write_text(good.replace("</feed>", ""), encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"/columns/x/atom\.xml：不是格式正确的 XML"):
        check_feeds(root, settings)
    assert parsed == ["/columns/x/atom.xml"]
    with pytest.raises(BuildFailed):  # a file with problems is never taken as sound
        check_feeds(root, settings)


def test_links_by_the_production_address_are_checked_as_internal(tmp_path):
    root = site(tmp_path, {
        "index.html": PAGE.format(
            '<a href="https://dangjian.example.cn/columns/">栏目</a>'
            '<a href="https://dangjian.example.cn/nowhere/">无</a>'
        ),
        "columns/index.html": PAGE.format(""),
    })  # fmt: skip
    problems, checked = broken_links(root, "https://dangjian.example.cn")
    assert checked == 2  # the two links on the home page
    assert problems == ["/ → /nowhere/（没有 nowhere/index.html）"]
    assert broken_links(root) == ([], 0)  # without the address: links to another site


def test_the_build_checks_links_by_the_address_it_was_built_for(tmp_path):
    """The build's own SITEURL makes its absolute links internal."""
    root = site(tmp_path, {
        "index.html": PAGE.format('<a href="https://dangjian.example.cn/nowhere/">无</a>'),
    })  # fmt: skip
    check_internal_links(root, {"SITEURL": ""})  # a link to another site
    with pytest.raises(BuildFailed, match="nowhere"):
        check_internal_links(root, {"SITEURL": "https://dangjian.example.cn"})


class ParsedPage(HTMLParser):
    """What checks.Page reads of a page, read by Python's HTML parser instead."""

    def __init__(self, text):
        super().__init__()
        self.references, self.ids = [], set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        Page.add(self, tag, {name: value or "" for name, value in attrs})


TRICKY = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="/theme/a.css"><script src="/theme/a.js"></script>
<script>if (a < b) { document.write('<a href="/not-a-link/">'); }</script>
<style>p > a { color: red }</style></head><body>
<!-- <a href="/commented-out/" id="commented"> -->
<DIV ID="Upper"><A HREF="/upper/?a=1&amp;b=2" NAME="named">甲</A></DIV><i data-id="not-an-id">
<p class="x" title="a > b"><a href='/single/' id=bare>乙</a><br/><img src="/i.png"
 srcset="/i-1x.png 1x, /i-2x.png 2x" alt=""><source srcset="/s.webp 1x"></p>
<span data-grid="x" data-ident="y" Id="mixed">丙</span></i><a href="#Upper">丁</a><a>戊</a>
<section id="">空</section><a href="https://example.org/x">外</a></body></html>"""


def test_a_page_is_read_as_an_html_parser_reads_it(small_site):
    """Page reads only the attributes of tags that may link or hold an id: what it finds
    is what Python's HTML parser finds in every tag, on odd markup and on built pages."""
    result, site = small_site({
        "articles/a.md": article(title="甲稿", body="见[乙稿](/articles/2018/03/yi-gao/)。"),
        "articles/b.md": article(title="乙稿"),
    })  # fmt: skip
    assert result.ok, result.log
    pages = [TRICKY, *(site.text(url) for url in site.pages())]
    for text in pages:
        page, parsed = Page(text), ParsedPage(text)
        assert (page.references, page.ids) == (parsed.references, parsed.ids)
    tricky = Page(TRICKY)
    assert tricky.ids == {"Upper", "named", "bare", "mixed"}
    assert ("a", "href", "/upper/?a=1&b=2") in tricky.references
    assert not any("commented" in url or "not-a-link" in url for _, _, url in tricky.references)
    assert {tag for tag, _, _ in tricky.references} == set(URL_ATTRIBUTES)


def test_pages_read_by_worker_processes_give_the_same_problems_and_count(small_site):
    """On a real built site, broken after the build: a page gone, an id renamed."""
    result, site = small_site({
        "articles/a.md": article(
            title="甲稿",
            body="见[乙稿](/articles/2018/03/yi-gao/#main)和[丙稿](/articles/2018/03/bing-gao/)。",
        ),
        "articles/b.md": article(title="乙稿"),
        "articles/c.md": article(title="丙稿"),
    })  # fmt: skip
    assert result.ok, result.log
    gone, renamed = "/articles/2018/03/bing-gao/", "/articles/2018/03/yi-gao/"
    linking = [url for url in site.pages() if url != gone and f'href="{gone}"' in site.text(url)]
    site.file(gone).unlink()
    site.file(renamed).write_text(site.text(renamed).replace('id="main"', 'id="body"'))

    problems, checked = broken_links(site.root, processes=1)
    assert broken_links(site.root, processes=2) == (problems, checked)
    assert len(linking) >= 5  # the article, and the listings: home, column, archives …
    assert problems == sorted([
        *(f"{url} → {gone}（没有 articles/2018/03/bing-gao/index.html）" for url in linking),
        "/articles/2018/03/jia-gao/ → /articles/2018/03/yi-gao/#main（页面中没有 id “main”）",
        "/articles/2018/03/yi-gao/ → #main（页面中没有 id “main”）",  # its own skip link
    ])  # fmt: skip
    assert checked > 10 * len(site.pages())  # the links were found at all


def process_id(_item):
    return os.getpid()


def slow_process_id(_item):
    time.sleep(FIRST_HERE / 4)
    return os.getpid()


def die_in_a_worker(parent):
    if os.getpid() != parent:
        os._exit(1)
    time.sleep(FIRST_HERE / 4)


def test_work_is_begun_here_then_shared_with_other_processes_and_a_dead_one_is_a_message(
    capfd,
):
    here = os.getpid()
    assert list(map_in_workers(process_id, range(8), processes=2)) == [here] * 8  # little work
    pids = list(map_in_workers(slow_process_id, range(16), processes=2))
    begun = pids.count(here)
    assert 1 <= begun <= 6 and pids[:begun] == [here] * begun  # the first ones, in order
    assert 1 <= len(set(pids[begun:])) <= 2 and here not in pids[begun:]
    assert list(map_in_workers(str, range(100), processes=2)) == [str(i) for i in range(100)]
    assert list(map_in_workers(slow_process_id, range(8), processes=1)) == [here] * 8

    with pytest.raises(BuildFailed, match="工作进程意外退出"):
        list(map_in_workers(die_in_a_worker, [here] * 16, processes=2))
    assert "Traceback" not in capfd.readouterr().err


WORKED = []


def worked_on(item):
    WORKED.append(item)
    return item * 2


def test_each_result_is_given_when_it_is_worked_out_not_at_the_end():
    """map_in_workers is an iterator: the caller takes each result as it comes, and keeps
    only what it needs of it (the link check's raw results of 160,000 pages, all held to
    the end, were 130 MB)."""
    for processes in (1, 2):
        WORKED.clear()
        results = map_in_workers(worked_on, range(50), processes)
        assert WORKED == []
        assert next(results) == 0 and WORKED == [0]
        assert list(results) == [i * 2 for i in range(1, 50)]


def test_the_links_cache_reads_only_pages_with_new_bytes(tmp_path, monkeypatch):
    """A page kept from the last check (the same file, or a copy with the same bytes, as
    a page rendered again comes out) is not read again; a page with new bytes is, and
    its broken link found; each check finds what a check without the cache finds."""
    root = site(tmp_path / "site", {
        "index.html": PAGE.format('<a href="/a/">甲</a><a href="/b/#x">乙</a>'),
        "a/index.html": PAGE.format('<a href="/b/">乙</a>'),
        "b/index.html": PAGE.format('<p id="x">乙</p>'),
    })  # fmt: skip
    cache = tmp_path / "links.pickle"
    read = []
    really_read = checks.read_page
    monkeypatch.setattr(
        checks, "read_page", lambda *a: read.append(os.path.basename(a[1])) or really_read(*a)
    )
    first = broken_links(root, processes=1, cache=cache)
    assert first == ([], 3) and len(read) == 3
    read.clear()
    same = (root / "a" / "index.html").read_bytes()
    (root / "a" / "index.html").unlink()
    (root / "a" / "index.html").write_bytes(same)  # a new file, the same bytes
    (root / "b" / "index.html").write_text(PAGE.format('<p id="y">乙</p><a href="/c/">丙</a>'))
    second = broken_links(root, processes=1, cache=cache)
    assert read == ["index.html"]  # b's
    assert (
        second
        == broken_links(root, processes=1)
        == (
            ["/ → /b/#x（页面中没有 id “x”）", "/b/ → /c/（没有 c/index.html）"],
            4,
        )
    )


def test_pages_share_their_link_strings_and_sets_of_ids(tmp_path):
    """The check holds every page's links and ids to the end: equal ones are held once."""
    root = site(tmp_path, {
        "a/index.html": PAGE.format('<a href="/b/">乙</a>'),
        "b/index.html": PAGE.format('<a href="/b/">乙</a><a href="/a/">甲</a>'),
        "c/index.html": PAGE.format('<p id="x">丙</p>'),
    })  # fmt: skip
    pages = checks.read_pages(root, ["a/index.html", "b/index.html", "c/index.html"], None, 2)
    (a_links, a_ids), (b_links, b_ids), (_, c_ids) = pages.values()
    assert a_links == ("/b/",) and b_links == ("/b/", "/a/")
    assert a_links[0] is b_links[0]
    assert a_ids == {"main"} and a_ids is b_ids and c_ids == {"main", "x"}


def test_site_files_are_what_os_walk_finds(tmp_path):
    # SiteFiles walks with os.scandir (a site has a folder for every page); it must find
    # what os.walk does: a link to a folder is a folder, not followed; to a file, a file.
    for name in ["index.html", "a/index.html", "a/b/c.xml", "a/b/d/index.html", "e/f.css"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "g").mkdir()
    os.symlink(tmp_path / "a", tmp_path / "linked-folder")
    os.symlink(tmp_path / "e" / "f.css", tmp_path / "a" / "linked-file.css")
    found = checks.SiteFiles(tmp_path)
    walked_files, walked_folders = set(), set()
    for folder, folders, files in os.walk(tmp_path):
        base = os.path.relpath(folder, tmp_path)
        prefix = "" if base == "." else base + "/"
        walked_files.update(prefix + name for name in files)
        walked_folders.update(prefix + name for name in folders)
    assert found.files == walked_files and found.folders == walked_folders
    assert "linked-folder" in found.folders and "linked-folder/index.html" not in found.files
    assert {"a/linked-file.css", "a/b/d/index.html"} <= found.files and "g" in found.folders
    assert found.named(".html") == ["a/b/d/index.html", "a/index.html", "index.html"]
    assert checks.SiteFiles(tmp_path / "none").files == set()


@pytest.mark.parametrize(
    "value",
    [
        "/a/b/", "/a/b/#x", "/a?b=1#c", "/a#b#c", "/a?", "/a#", "/", "/中文/页面/",
        "/a%20b", "/x/../y", "/./a", "/a/..", "/a/.", "/.well-known/x", "//host/a",
        "/a\tb", "/a\nb", "/a b ", "b/c", "../d#e", "?q", "https://example.org/a",
    ],
)  # fmt: skip
def test_a_links_target_is_what_urljoin_and_urlsplit_make_of_it(value):
    """The shortcut for plain root-relative links gives what the general way gives."""
    target = urlsplit(urljoin("/p/q/", value))
    assert checks.link_target("/p/q/", value) == (target.path, target.fragment)

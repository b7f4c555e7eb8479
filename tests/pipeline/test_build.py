"""The build: the live site changes in one step, only to a site that passed the checks."""

import ctypes
import gzip
import os
import runpy
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from itertools import groupby

import brotli
import pytest

from dangjian.build import pipeline
from dangjian.build.checks import broken_links
from dangjian.build.pipeline import BuildFailed, build_site, rollback
from support import ROOT, Site, article, build_published, tree_digest

GOOD = {"articles/a.md": article(title="好稿件")}
SITEURL = "https://dangjian.example.cn"


def write_content(folder, files):
    """A content folder with the real column registry and these files."""
    (folder).mkdir(parents=True, exist_ok=True)
    (folder / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def start_build(content, output, *extra, stall=None):
    """`python -m dangjian.build.pipeline` in its own process group; `stall` is (marker,
    release)."""
    command = [sys.executable, "-m", "dangjian.build.pipeline", "--content", content]
    command += ["--output", output]
    env = dict(os.environ)
    if stall:
        plugins = [str(ROOT / "tests" / "fixtures" / "plugins")]
        command += ["-e", f"PLUGIN_PATHS={plugins}".replace("'", '"')]
        plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
        command += [f"PLUGINS={[*plugins, 'stall_build']}".replace("'", '"')]
        env |= {"STALL_MARKER": str(stall[0]), "STALL_RELEASE": str(stall[1])}
    command += list(extra)
    return subprocess.Popen(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so that a kill reaches Pelican's process too
    )


# A test's folder after a build: the content, the output, the build's lock, the QR codes'
# and the search index's caches.
BESIDE_OUTPUT = [
    ".output.lock", ".qr-cache", ".render-cache", ".search-cache", "content", "output"
]  # fmt: skip


def wait_for(path, process):
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)


def test_failed_build_keeps_the_last_good_site(small_site, tmp_path):
    result, site = small_site(GOOD)
    assert result.ok, result.log
    before = tree_digest(site.root)
    result, _ = small_site({"articles/a.md": article(category="没有的栏目")})
    assert not result.ok
    assert tree_digest(site.root) == before
    assert "好稿件" in site.text("/")
    assert sorted(p.name for p in tmp_path.iterdir()) == BESIDE_OUTPUT


def test_successful_build_replaces_the_site_and_keeps_the_old_one_for_rollback(small_site):
    _, site = small_site(GOOD)
    first = tree_digest(site.root)
    result, site = small_site({"articles/a.md": article(title="新稿件", date="2018-04-01")})
    assert result.ok, result.log
    assert "新稿件" in site.text("/")
    assert not site.file("/articles/2018/03/hao-gao-jian/").exists()
    second = tree_digest(site.root)
    previous = site.root.with_name(".output.previous")
    assert tree_digest(previous) == first

    rollback(site.root)
    assert tree_digest(site.root) == first
    assert "好稿件" in site.text("/")
    rollback(site.root)  # and back again
    assert tree_digest(site.root) == second


@pytest.mark.parametrize("settings, address", [("pelicanconf.py", ""), ("publishconf.py", SITEURL)])
def test_a_broken_internal_link_stops_the_build(tmp_path, monkeypatch, settings, address):
    """In a production build too, where links carry the site's full address."""
    monkeypatch.setenv("SITEURL", SITEURL)
    content = write_content(tmp_path / "content", GOOD)
    output = tmp_path / "output"
    assert build_site(output, ROOT / settings, content=content).ok
    before = tree_digest(output)
    bad = article(title="坏链接", body=f"详见[往期报道]({address}/articles/2017/01/meiyou/)。")
    write_content(content, {"articles/b.md": bad})

    build = start_build(content, output, "--settings", ROOT / settings)
    log = build.communicate(timeout=120)[0]
    assert build.returncode != 0
    assert "站内链接失效" in log
    assert "/articles/2018/03/huai-lian-jie/ → /articles/2017/01/meiyou/" in log
    assert "Traceback" not in log
    assert tree_digest(output) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == BESIDE_OUTPUT


def test_a_build_killed_while_writing_leaves_the_site_as_it_was(tmp_path):
    content = write_content(tmp_path / "content", GOOD)
    output = tmp_path / "output"
    assert build_site(output, content=content).ok
    before = tree_digest(output)
    write_content(content, {"articles/a.md": article(title="新稿件")})
    marker, release = tmp_path / "writing", tmp_path / "go-on"

    build = start_build(content, output, stall=(marker, release))
    wait_for(marker, build)
    (fresh,) = tmp_path.glob(".output.new-*")
    assert any(path.is_file() for path in fresh.rglob("*")), "killed before it wrote"
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=30)

    assert tree_digest(output) == before
    result = build_site(output, content=content)  # the next build cleans up
    assert result.ok, result.log
    assert "新稿件" in Site(output).text("/")
    assert not list(tmp_path.glob(".output.new-*"))


def test_a_second_build_at_the_same_time_waits_its_turn_and_says_so(tmp_path):
    content = write_content(tmp_path / "content", GOOD)
    output = tmp_path / "output"
    marker, release = tmp_path / "writing", tmp_path / "go-on"
    first = start_build(content, output, stall=(marker, release))
    wait_for(marker, first)

    second = start_build(content, output)
    log = second.communicate(timeout=120)[0]
    assert second.returncode != 0
    assert f"另一个构建（进程 {first.pid}）正在生成 output/" in log
    assert "Traceback" not in log

    release.touch()
    assert first.wait(timeout=120) == 0, first.stdout.read()
    assert "好稿件" in Site(output).text("/")
    beside = sorted([*BESIDE_OUTPUT, "go-on", "writing"])
    assert sorted(p.name for p in tmp_path.iterdir()) == beside


def test_publish_without_siteurl_says_what_to_set():
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    invoke = [sys.executable, "-m", "invoke", "publish"]
    run = subprocess.run(invoke, cwd=ROOT, env=env, capture_output=True, text=True)
    log = run.stdout + run.stderr
    assert run.returncode != 0
    assert "没有设置网站的正式地址 SITEURL" in log
    assert "SITEURL=https://" in log
    assert "Traceback" not in log


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A small site with a draft, built with publishconf.py."""
    folder = tmp_path_factory.mktemp("published")
    draft = article(title="草稿").replace("Type: news", "Type: news\nStatus: draft")
    content = write_content(folder / "content", {**GOOD, "articles/draft.md": draft})
    result = build_published(folder / "output", SITEURL + "/", content)
    assert result.ok, result.log
    return Site(folder / "output")


def test_published_site_uses_absolute_addresses_and_no_drafts(published):
    _problems, checked = broken_links(published.root, SITEURL)
    assert checked > len(published.pages())  # the build's link check saw the absolute links
    home = published.soup("/")
    stylesheet = home.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(f"{SITEURL}/theme/css/site.")
    assert published.file(stylesheet.removeprefix(SITEURL)).is_file()
    assert f'<link href="{SITEURL}/atom.xml" rel="self"' in published.text("/atom.xml")
    assert "草稿" not in published.text("/atom.xml")
    assert not any(
        "草稿" in path.read_text(encoding="utf-8") for path in published.root.rglob("*.html")
    )
    assert not (published.root / "drafts").exists()


def test_every_text_file_has_deterministic_gzip_and_brotli_beside_it(published):
    texts = [
        path
        for path in published.root.rglob("*")
        if path.suffix in {".html", ".css", ".xml", ".svg"}
    ]
    assert {".html", ".css", ".xml"} <= {path.suffix for path in texts}
    assert len([path for path in texts if path.suffix == ".html"]) == len(published.pages())
    for path in texts:
        data = path.read_bytes()
        gz = path.with_name(path.name + ".gz").read_bytes()
        assert gzip.decompress(gz) == data, path
        assert gz[4:8] == b"\0\0\0\0", f"{path}.gz carries a timestamp"
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data


def test_stylesheet_has_a_name_that_changes_with_its_content(published):
    from dangjian.plugins.fingerprint import fingerprinted_name

    source = ROOT / "theme" / "static" / "css" / "site.css"
    hashed = published.root / "theme" / "css" / fingerprinted_name("site.css", source.read_bytes())
    assert hashed.read_bytes() == source.read_bytes()
    assert fingerprinted_name("site.css", b"a{}") != fingerprinted_name("site.css", b"b{}")
    assert "/" + str(hashed.relative_to(published.root)) in published.text("/")


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", SITEURL)
    digests = []
    for name in ("first", "second"):
        result = build_site(tmp_path / name, ROOT / "publishconf.py")
        assert result.ok, result.log
        digests.append(tree_digest(tmp_path / name))
    assert digests[0] == digests[1]
    # Builds a second apart could share a timestamp by chance: look for today's date too.
    today = {datetime.now(timezone(timedelta(hours=h))).date() for h in (-12, 8, 14)}
    stamps = {f"{d:%Y-%m-%d}" for d in today} | {f"{d.year}年{d.month}月{d.day}日" for d in today}
    for path in (tmp_path / "first").rglob("*"):
        if path.suffix in {".html", ".xml", ".css", ".js", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert not [stamp for stamp in stamps if stamp in text], f"{path}: a build date"


def test_the_live_site_is_never_absent_while_a_build_swaps_it_in(small_site, monkeypatch):
    """Readers get the old site or the new one at every moment, never nothing: after each
    rename or removal a build or a rollback makes, through Python or through libc (as
    the exchange does), output/ holds a whole site."""
    _, site = small_site(GOOD)
    seen = []  # what output/ held after each operation: a title, or None

    def look():
        index = site.root / "index.html"
        text = index.read_text(encoding="utf-8") if index.is_file() else ""
        seen.append(next((t for t in ("新稿件", "好稿件") if t in text), None))

    def watched(real):
        def operation(*args, **kwargs):
            try:
                return real(*args, **kwargs)
            finally:
                look()

        return operation

    class WatchedLibrary:  # ctypes.CDLL, each of its functions followed by a look
        def __init__(self, *args, **kwargs):
            self.library = real_library(*args, **kwargs)

        def __getattr__(self, name):
            return watched(getattr(self.library, name))

    real_library, real_exchange = ctypes.CDLL, pipeline._exchange
    monkeypatch.setattr(ctypes, "CDLL", WatchedLibrary)
    monkeypatch.setattr(pipeline, "_exchange", lambda a, b: (look(), real_exchange(a, b)))
    for module, name in [(os, "rename"), (os, "replace"), (os, "rmdir"), (shutil, "rmtree")]:
        monkeypatch.setattr(module, name, watched(getattr(module, name)))
    result, _ = small_site({"articles/a.md": article(title="新稿件", date="2018-04-01")})
    rollback(site.root)
    monkeypatch.undo()
    assert result.ok, result.log
    assert None not in seen, seen
    # The old site until the swap, the new one after it, the old one after the rollback.
    assert [title for title, _ in groupby(seen)] == ["好稿件", "新稿件", "好稿件"]


def test_rollback_without_a_previous_site_says_so(small_site):
    _, site = small_site(GOOD)  # a first build: nothing to go back to
    with pytest.raises(BuildFailed, match="没有可以恢复的上一版本"):
        rollback(site.root)
    assert "好稿件" in site.text("/")


def test_every_text_file_of_the_search_index_has_gzip_and_brotli_beside_it(published):
    """The index is written after Pelican (and pelican-precompress): its scripts, its
    JSON and any other text file Pagefind writes get their .gz and .br all the same."""
    folder = published.root / "pagefind"
    texts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix in {".gz", ".br"}:
            continue
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # the index's own files are compressed already
        if b"\0" not in data:
            texts.append(path)
    assert {".js", ".json"} <= {path.suffix for path in texts}, texts
    assert folder / "pagefind.js" in texts
    for path in texts:
        data = path.read_bytes()
        for suffix, decompress, compress in [
            (".gz", gzip.decompress, gzip.compress),
            (".br", brotli.decompress, brotli.compress),
        ]:
            packed = path.with_name(path.name + suffix)
            if packed.exists():
                assert decompress(packed.read_bytes()) == data, packed
            else:  # left plain only if compressing would not make it smaller
                assert len(compress(data)) >= len(data), f"no {packed.name}"

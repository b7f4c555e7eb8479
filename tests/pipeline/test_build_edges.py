"""The build's folders at their edges: rollback after a swap cut short, `clean` during a
build, an output folder that cannot be written."""

import contextlib
import errno
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from dangjian.build import pipeline, search, unchanged, workers
from dangjian.build.lock import locked
from dangjian.build.pipeline import BuildFailed, build_site, clean, rollback
from support import ROOT, article


class Killed(BaseException):
    """Stands for kill -9: nothing after it runs, no except clause catches it."""


def site(folder, name):
    folder.mkdir()
    (folder / "index.html").write_text(name)
    return folder


def live(output):
    return (output / "index.html").read_text()


# The steps of a swap: previous aside, the exchange, the old site to previous (the aside
# is removed by the next build). Killed before each of them, and not at all.
@pytest.mark.parametrize("killed_at", [1, 2, 3, None])
def test_rollback_restores_the_build_just_before_the_live_one_or_says_there_is_none(
    tmp_path, monkeypatch, killed_at
):
    """Builds A, B, then C is swapped in and killed at a step: a rollback gives B when C
    is live, A when B still is, or refuses; never A over C (two builds back)."""
    output = site(tmp_path / "output", "B")
    site(tmp_path / ".output.previous", "A")
    fresh = site(tmp_path / ".output.new-c", "C")
    steps = {"count": 0}

    def step(function):
        def run(*args, **kwargs):
            steps["count"] += 1
            if steps["count"] == killed_at:
                raise Killed()
            return function(*args, **kwargs)

        return run

    monkeypatch.setattr(pipeline, "_exchange", step(pipeline._exchange))
    monkeypatch.setattr(Path, "rename", step(Path.rename))
    monkeypatch.setattr(shutil, "rmtree", step(shutil.rmtree))
    with contextlib.suppress(Killed):
        pipeline._swap_in(fresh, output)
    monkeypatch.undo()

    before = {"C": "B", "B": "A"}
    now = live(output)
    try:
        rollback(output)
    except BuildFailed as error:
        assert "没有可以恢复的上一版本" in str(error)
        assert live(output) == now
    else:
        assert live(output) == before[now]
    if killed_at is None:
        assert now == "C" and live(output) == "B"


def test_a_failed_swap_keeps_the_previous_build_for_rollback(tmp_path, monkeypatch):
    output = site(tmp_path / "output", "B")
    site(tmp_path / ".output.previous", "A")
    fresh = site(tmp_path / ".output.new-c", "C")

    def refuse(*_args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(pipeline, "_exchange", refuse)
    with pytest.raises(PermissionError):
        pipeline._swap_in(fresh, output)
    monkeypatch.undo()
    assert live(output) == "B" and live(tmp_path / ".output.previous") == "A"


def test_the_next_build_reuses_the_folders_of_the_site_from_two_builds_before(
    tmp_path, monkeypatch
):
    """The swap leaves it aside under a leftover's name; the next build writes into its
    folders, emptied of their files, and removes the leftovers of a killed build while
    Pelican runs, saying which folder it could not remove, with the fix, leaving the live
    site as it was."""
    content = small_content(tmp_path / "content", "第一版")
    output = tmp_path / "output"
    aside = []  # after each build: {leftover: the version its home page shows}
    for build in range(1, 5):
        (content / "articles" / "a.md").write_text(article(title=f"第{build}版"), "utf-8")
        assert build_site(output, content=content).ok
        aside.append({
            folder: re.search("第.版", (folder / "index.html").read_text("utf-8")).group()
            for folder in tmp_path.glob(".output.new-*")
        })  # fmt: skip
        if build == 3:
            first_build_folder = (next(iter(aside[2])) / "articles").stat().st_ino
    assert aside[:2] == [{}, {}]
    assert list(aside[2].values()) == ["第1版"] and list(aside[3].values()) == ["第2版"]
    assert (output / "articles").stat().st_ino == first_build_folder  # build 1's, reused
    assert "第4版" in live(output) and "第3版" in live(tmp_path / ".output.previous")

    killed = site(tmp_path / ".output.new-killed", "a killed build's")
    removing, pelican_started = [], threading.Event()

    def removed_while_pelican_runs(folder, *args, **kwargs):
        removing.append((Path(folder).name, pelican_started.wait(timeout=60)))
        raise PermissionError(errno.EPERM, "Operation not permitted", str(folder))

    def run_pelican(*args):
        pelican_started.set()
        return real_run_pelican(*args)

    real_run_pelican = pipeline._run_pelican
    monkeypatch.setattr(pipeline, "_run_pelican", run_pelican)
    monkeypatch.setattr(shutil, "rmtree", removed_while_pelican_runs)
    result = build_site(output, content=content)
    assert not result.ok
    assert f"{tmp_path}/ 不能写入（Operation not permitted）：网站没有更新" in result.log
    assert removing[0] == (killed.name, True)  # then this build's own folder
    assert "第4版" in live(output)


def test_folders_to_reuse_that_pelican_overtakes_are_removed(tmp_path, monkeypatch):
    """Should Pelican write into the new folder before the folders of the site from two
    builds before are emptied, they are removed instead, and the site is whole."""
    content = small_content(tmp_path / "content", "第一版")
    output = tmp_path / "output"
    for build in range(1, 4):
        (content / "articles" / "a.md").write_text(article(title=f"第{build}版"), "utf-8")
        assert build_site(output, content=content).ok
    (older,) = tmp_path.glob(".output.new-*")  # build 1's
    overtaken = (older / "articles").stat().st_ino
    real_remove_files = pipeline._remove_files

    def after_pelican_wrote(folder):
        if Path(folder) == older:  # not the folders inside, which it empties in turn
            fresh = next(p for p in tmp_path.glob(".output.new-*") if p != older)
            assert _wait_for(fresh / "index.html"), "Pelican wrote nothing"
        real_remove_files(folder)

    monkeypatch.setattr(pipeline, "_remove_files", after_pelican_wrote)
    (content / "articles" / "a.md").write_text(article(title="第4版"), "utf-8")
    assert build_site(output, content=content).ok
    assert "第4版" in live(output) and (output / "articles").stat().st_ino != overtaken
    assert not older.exists()


def test_clean_during_a_build_removes_nothing_and_says_so(tmp_path):
    output = site(tmp_path / "output", "live")
    site(tmp_path / ".output.previous", "previous")
    building = site(tmp_path / ".output.new-x", "being written")
    with locked(tmp_path / ".output.lock", wait=False):  # what a running build holds
        with pytest.raises(
            BuildFailed, match=r"另一个构建（进程 \d+）正在生成 output/，本次清除没有开始"
        ):
            clean(output, also=[tmp_path / ".search-cache"])
        assert live(output) == "live" and live(building) == "being written"
    clean(output, also=[tmp_path / ".search-cache"])  # once the build is over
    assert sorted(path.name for path in tmp_path.iterdir()) == [".output.lock"]


def test_invoke_clean_during_a_build_exits_non_zero_with_a_message():
    """`./run clean` itself (the project's own output/: the lock makes it touch nothing)."""
    lock = ROOT / ".output.lock"
    existed = lock.exists()
    try:
        with locked(lock, wait=False):
            run = subprocess.run(
                [str(ROOT / ".venv" / "bin" / "python"), "-m", "invoke", "clean"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
    finally:
        if not existed:
            lock.unlink(missing_ok=True)
    assert run.returncode == 1
    assert f"没有清除：另一个构建（进程 {os.getpid()}）正在生成 output/" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def small_content(folder, title):
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "columns.toml", folder / "columns.toml")
    (folder / "articles" / "a.md").write_text(article(title=title), encoding="utf-8")
    return folder


def test_an_output_folder_that_cannot_be_written_is_named_with_the_fix(tmp_path, monkeypatch):
    """Every folder operation of the build goes through one guard: here the last, the
    swap, refused as a read-only (immutable) folder refuses it."""
    output = site(tmp_path / "output", "the last good site")
    content = small_content(tmp_path / "content", "新稿件")

    def refuse(*_args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(pipeline, "_exchange", refuse)
    result = build_site(output, content=content)
    assert not result.ok
    assert f"{output}/ 不能写入（Operation not permitted）：网站没有更新" in result.log
    assert "ls -ld" in result.log and "Traceback" not in result.log
    assert live(output) == "the last good site"
    assert not list(tmp_path.glob(".output.new-*"))


def test_a_folder_beside_output_that_cannot_be_written(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline.tempfile, "mkdtemp", refuse)
    result = build_site(tmp_path / "output", content=small_content(tmp_path / "c", "甲"))
    assert not result.ok
    assert f"{tmp_path}/ 磁盘已满" in result.log and "Traceback" not in result.log


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("chattr"), reason="chattr +i needs root")
def test_an_immutable_output_folder_for_real(tmp_path):
    output = tmp_path / "site" / "output"
    content = small_content(tmp_path / "content", "好稿件")
    assert build_site(output, content=content).ok
    if subprocess.run(["chattr", "+i", str(output)], capture_output=True).returncode:
        pytest.skip("this file system has no immutable attribute")
    try:
        result = build_site(output, content=small_content(content, "新稿件"))
    finally:
        subprocess.run(["chattr", "-i", str(output)], check=True)
    assert not result.ok
    assert "不能写入（Operation not permitted）" in result.log
    assert "Traceback" not in result.log
    assert "好稿件" in (output / "index.html").read_text(encoding="utf-8")


def _wait_for(path, seconds=20):
    for _ in range(seconds * 20):
        if path.exists():
            return True
        time.sleep(0.05)
    return False


def test_steps_side_by_side_run_at_once_and_fail_with_the_right_message(tmp_path, monkeypatch):
    """The index and the checks beside it run at the same time (each waits for a file the
    other writes); a check's failure in the forked process fails the build with its own
    message, a bug there with its traceback; a failure here comes first. The results come
    back in order, those of the forked steps pickled. In a process with other threads (the
    preview's), they all run here, one after the other."""
    # The build runs in a process of its own; other tests may have left threads here.
    monkeypatch.setattr(workers, "may_fork", lambda: True)

    def index(folder, _settings):
        (folder / "index-started").touch()
        assert _wait_for(folder / "check-started"), "the check did not run beside the index"

    def check(folder, _settings):
        (folder / "check-started").touch()
        assert _wait_for(folder / "index-started"), "the index did not run beside the check"
        raise BuildFailed("站内链接失效（1 处）")

    with pytest.raises(BuildFailed, match=r"^站内链接失效（1 处）$"):
        workers.side_by_side([index], [check], tmp_path, {})

    def buggy(_folder, _settings):
        raise KeyError("no such page")

    with pytest.raises(BuildFailed, match=r"(?s)检查进程出错.*KeyError: 'no such page'"):
        workers.side_by_side([lambda *_: None], [buggy], tmp_path, {})

    def index_fails(_folder, _settings):
        raise BuildFailed("建立搜索索引失败")

    with pytest.raises(BuildFailed, match=r"^建立搜索索引失败$"):
        workers.side_by_side([index_fails], [check], tmp_path / "x", {})

    def named(name):
        return lambda folder, _settings: (name, os.getpid(), folder)

    here, there = [named("index"), named("compress")], [named("links"), named("feeds")]
    results = workers.side_by_side(here, there, tmp_path, {})
    assert [(name, folder) for name, _pid, folder in results] == [
        ("index", tmp_path), ("compress", tmp_path), ("links", tmp_path), ("feeds", tmp_path),
    ]  # fmt: skip
    pids = [pid for _name, pid, _folder in results]
    assert pids[:2] == [os.getpid()] * 2 and pids[2] == pids[3] != os.getpid()  # one fork

    monkeypatch.setattr(workers, "may_fork", lambda: False)
    ran = []
    workers.side_by_side(
        [lambda *_: ran.append("index")],
        [lambda *_: ran.append("links"), lambda *_: ran.append("feeds")],
        tmp_path,
        {},
    )
    assert ran == ["index", "links", "feeds"]  # here, in order (a fork would not append)
    results = workers.side_by_side(here, there, tmp_path, {})
    assert [pid for _name, pid, _folder in results] == [os.getpid()] * 4


def test_shared_steps_go_to_the_process_free_first(tmp_path, monkeypatch):
    """Each shared step runs once, in order, in whichever process has done its own steps:
    here all of them when the step there is long, there all of them when the steps here
    are; the results come back with the others'."""
    monkeypatch.setattr(workers, "may_fork", lambda: True)

    def named(name, seconds=0.0):
        def step(folder, _settings):
            time.sleep(seconds)
            with (folder / "ran").open("a", encoding="utf-8") as ran:
                ran.write(f"{name}\n")
            return name, os.getpid()

        return step

    shared = [named("feeds"), named("unchanged")]
    for long_here in (False, True):
        folder = tmp_path / str(long_here)
        folder.mkdir()
        here, there = (
            [named("index", 1.0 if long_here else 0)],
            [named("links", 0 if long_here else 1.0)],
        )
        results = dict(workers.side_by_side(here, there, folder, {}, shared))
        assert sorted(results) == ["feeds", "index", "links", "unchanged"]
        ran = (folder / "ran").read_text("utf-8").split()
        quick, long = ("links", "index") if long_here else ("index", "links")
        assert ran == [quick, "feeds", "unchanged", long]
        took = {results[name] for name in ("feeds", "unchanged")}
        assert took == {results["links"] if long_here else os.getpid()}
    monkeypatch.setattr(workers, "may_fork", lambda: False)
    results = workers.side_by_side([named("index")], [named("links")], tmp_path, {}, shared)
    assert [name for name, _pid in results] == ["index", "links", "feeds", "unchanged"]


def test_keep_unchanged_links_same_bytes_counts_changes_and_removes_empty_folders(tmp_path):
    live, fresh = tmp_path / "live", tmp_path / "fresh"
    files = {
        live: {"a.html": "A", "b.html": "B", "c.html": "C", "gone.html": "G", "p": "file",
               "old/x.html": "X", "old/y.html": "Y"},
        fresh: {"a.html": "A", "b.html": "B, edited", "new.html": "N", "p/index.html": "P",
                "deep/er/index.html": "D"},
    }  # fmt: skip
    for root, named in files.items():
        for name, text in named.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    os.link(live / "c.html", fresh / "c.html")  # linked from a cache: the same file
    (fresh / "empty" / "er").mkdir(parents=True)  # a reused folder the build left empty
    changes = unchanged.keep_unchanged(fresh, live)
    # b edited, new and deep added, gone, p (a file, now a folder) and old's two removed
    assert changes == unchanged.Changes(changed=8, built=6)
    assert (fresh / "a.html").stat().st_ino == (live / "a.html").stat().st_ino
    assert (fresh / "b.html").stat().st_ino != (live / "b.html").stat().st_ino
    assert not (fresh / "empty").exists() and (fresh / "deep" / "er" / "index.html").exists()
    assert sorted(p.name for p in fresh.iterdir()) == [
        "a.html", "b.html", "c.html", "deep", "new.html", "p",
    ]  # fmt: skip


def test_keep_unchanged_in_two_steps_is_the_one_pass(tmp_path):
    """The pipeline compares pagefind/ once the index is written, the rest beside it: the
    two steps change and count what one pass over the whole folder does."""
    files = {
        "live": {"a.html": "A", "b.html": "B", "pagefind/x.pf": "X", "pagefind/2/y.pf": "Y",
                 "pagefind/2/gone.pf": "G"},
        "fresh": {"a.html": "A", "b.html": "B2", "pagefind/x.pf": "X", "pagefind/2/y.pf": "Y2",
                  "pagefind/3/z.pf": "Z"},
    }  # fmt: skip
    results = []
    for way in ("one pass", "two steps"):
        root = tmp_path / way.replace(" ", "-")
        for site, named in files.items():
            for name, text in named.items():
                (root / site / name).parent.mkdir(parents=True, exist_ok=True)
                (root / site / name).write_text(text)
        (root / "fresh" / "pagefind" / "4" / "empty").mkdir(parents=True)
        fresh, live = root / "fresh", root / "live"
        if way == "one pass":
            changes = unchanged.keep_unchanged(fresh, live)
        else:
            settings = {"PUBLISHED_PATH": str(live)}
            changes = pipeline.keep_unchanged_but_index(fresh, settings)
            assert changes == unchanged.Changes(changed=1, built=2)  # b.html
            changes += pipeline.keep_unchanged_index(fresh, settings)
        same = sorted(
            str(path.relative_to(fresh))
            for path in fresh.rglob("*")
            if path.is_file()
            and (live / path.relative_to(fresh)).exists()
            and os.path.samefile(path, live / path.relative_to(fresh))
        )
        folders = sorted(str(path.relative_to(fresh)) for path in fresh.rglob("*") if path.is_dir())
        results.append((changes, same, folders))
    assert results[0] == results[1]
    # b, y edited; z added; gone removed
    assert results[0] == (
        unchanged.Changes(changed=4, built=5),
        ["a.html", "pagefind/x.pf"],
        ["pagefind", "pagefind/2", "pagefind/3"],
    )


def search_indexers():
    """The Node processes writing a search index that this process started, still there."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == os.getpid() and b"pagefind_index.mjs" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def test_the_newest_pages_before_are_indexed_while_pelican_builds(tmp_path, monkeypatch):
    """While Pelican runs, the build gives Pagefind the pages of the newest bundle of the
    build before (search.head_start); after a new day the index adds the day's pages to
    them. When Pelican fails, the Node process begun for them is stopped."""
    content = small_content(tmp_path / "content", "第一天之一")
    (content / "articles" / "b.md").write_text(article(title="第一天之二"), "utf-8")
    output = tmp_path / "output"
    assert build_site(output, content=content).ok
    indexed = []

    def index_site(folder, settings):
        indexed.append(search.index_site(folder, settings))
        return indexed[-1]

    monkeypatch.setattr(pipeline, "INDEX_STEPS", [index_site, *pipeline.INDEX_STEPS[1:]])
    new_day = article(title="第二天", date="2018-03-14")
    (content / "articles" / "c.md").write_text(new_day, "utf-8")
    assert build_site(output, content=content).ok
    assert (indexed[-1].pages, indexed[-1].ahead) == (3, 2)
    assert not search_indexers()
    (content / "articles" / "d.md").write_text("Title: 没有日期\n\n正文。\n", "utf-8")
    result = build_site(output, content=content)
    assert not result.ok and len(indexed) == 1  # Pelican stopped it: no index
    assert not search_indexers()
    assert not list((tmp_path / ".search-cache").glob(".new-*"))

"""Build the site into a fresh folder, check it, and only then swap it in.

The live output folder is not touched until the very last step:
1. take the lock: one build at a time per output folder;
2. Pelican writes the whole site into a new sibling folder, `.output.new-XXXX`,
   in a child process (fresh plugin state; content errors stop it there): empty, or
   with the folders (only) of the site from two builds before (`_reuse`); meanwhile
   this process gives Pagefind the newest pages of the index before (search.head_start)
   and reads the index's cache files (search.read_cache_ahead);
3. the steps in INDEX_STEPS, CHECK_STEPS and SHARED_STEPS run on that folder, given
   the build's settings (the index beside the checks); a check raises BuildFailed;
4. one atomic rename swaps the new folder in; the old site becomes
   `.output.previous`, which `rollback()` (`invoke rollback`) swaps back.
A killed build leaves only its `.output.new-*` folder, which the next build reuses or
removes while Pelican runs, as it does the site from two builds before (`_swap_in`).
`.output.previous`, when there is one, is always the build just before the live one: a
build killed during the swap leaves none (rollback then says so), never an older one.
`clean()` (`invoke clean`) takes the same lock: it never removes a build's folders while
it runs. A folder that cannot be written (read-only, full) stops the build with a message.

    python -m dangjian.build.pipeline [--settings publishconf.py] [--content DIR] [--output DIR]
"""

import argparse
import ctypes
import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from dangjian.paths import OUTPUT, ROOT, SETTINGS

from . import BuildFailed
from .checks import check_feeds, check_internal_links
from .lock import Busy, locked
from .search import (
    BUNDLE_DIR,
    HEAD_START,
    check_search_index,
    compress_search_bundle,
    default_cache,
    head_start,
    index_site,
    read_cache_ahead,
)
from .unchanged import Changes, keep_unchanged
from .workers import side_by_side

__all__ = ["BuildFailed", "BuildResult", "build_or_exit", "build_site", "clean", "rollback"]


def keep_unchanged_but_index(folder, settings):
    """Step: keep_unchanged against the site as published now (PUBLISHED_PATH), for all
    but the search index's folder, which the index writes meanwhile."""
    return keep_unchanged(folder, settings["PUBLISHED_PATH"], lambda name: name != BUNDLE_DIR)


def keep_unchanged_index(folder, settings):
    """Step: keep_unchanged for the search index's folder, once it is written."""
    return keep_unchanged(folder, settings["PUBLISHED_PATH"], lambda name: name == BUNDLE_DIR)


# After Pelican, on the freshly built folder, run side by side (workers.side_by_side):
# step(folder, settings), with the build's settings. Adding a step or a check is one
# line; it raises BuildFailed to stop the build, and one that returns Changes tells the
# log what the build changed.
# In this process, the search index: it writes only pagefind/, then checks and compares
# with the live site's only that folder.
INDEX_STEPS = [index_site, compress_search_bundle, check_search_index, keep_unchanged_index]
# Meanwhile, in a forked process: the link check, which reads the files Pelican wrote.
CHECK_STEPS = [check_internal_links]
# Then, one by one, in whichever of the two is free first (the index is the longer at
# 5,000 articles, the link check at 20,000): the rest of what reads only Pelican's files.
SHARED_STEPS = [check_feeds, keep_unchanged_but_index]


@dataclass
class BuildResult:
    ok: bool
    log: str  # everything Pelican and the steps printed
    seconds: float


def build_site(output=OUTPUT, settings=SETTINGS, content=None, overrides=None):
    """Build `content` (the settings' PATH by default) into `output`.

    `overrides` are extra Pelican settings, e.g. {"SITEURL": "https://x"}.
    """
    output = Path(output).resolve()
    # the site as published now, for the render cache to link the pages it still holds
    overrides = {**(overrides or {}), "PUBLISHED_PATH": str(output)}
    started = time.monotonic()
    log = []
    try:
        with _locked(output):
            with _writing(output.parent):
                leftovers = list(output.parent.glob(f".{output.name}.new-*"))
                fresh = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
                fresh.chmod(0o755)  # mkdtemp makes it private; a web server must read it
            done = []  # what the work done while Pelican runs returns
            try:
                with _meanwhile(
                    partial(_tidy, leftovers, fresh),
                    partial(_settings, fresh, settings, content, overrides),
                    partial(head_start, default_cache(fresh)),  # the search index's
                    partial(read_cache_ahead, default_cache(fresh)),  # and its cache's files
                ) as done:
                    log.append(_run_pelican(fresh, settings, content, overrides))
                built = {**done[1], HEAD_START: done[2]}
                results = side_by_side(INDEX_STEPS, CHECK_STEPS, fresh, built, SHARED_STEPS)
                changes = sum((r for r in results if isinstance(r, Changes)), Changes())
                log.append(changes.report(output.is_dir()))
                with _writing(output):
                    _swap_in(fresh, output)
            finally:
                if len(done) > 2 and done[2] is not None:  # begun, whatever became of it
                    done[2].abandon()
                shutil.rmtree(fresh, ignore_errors=True)  # gone already after a swap
    except BuildFailed as error:
        log.append(str(error))
        return BuildResult(False, _join(log), time.monotonic() - started)
    except Exception:  # a bug in a step: fail the build, keep the live site
        log.append("构建程序出错（不是稿件的问题，请告诉开发人员）：\n" + traceback.format_exc())
        return BuildResult(False, _join(log), time.monotonic() - started)
    return BuildResult(True, _join(log), time.monotonic() - started)


def rollback(output=OUTPUT):
    """Swap the previous site back in; a second rollback restores the newer one."""
    output = Path(output).resolve()
    with _locked(output):
        previous = _previous(output)
        if not previous.is_dir() or not output.is_dir():
            raise BuildFailed(f"没有可以恢复的上一版本：{previous.name}/ 不存在。")
        with _writing(output):
            _exchange(previous, output)


def clean(output=OUTPUT, also=()):
    """Remove `output`, the previous build, a killed build's leftovers and the folders
    `also` (caches), under the build's lock: never while a build runs."""
    output = Path(output).resolve()
    with _locked(output, "清除"), _writing(output.parent):
        for path in [output, *output.parent.glob(f".{output.name}.*"), *map(Path, also)]:
            if path.is_dir():
                shutil.rmtree(path)


def build_or_exit(output=OUTPUT, settings=SETTINGS, **options):
    """Build, print the log and the outcome; exit non-zero when the build failed."""
    output = Path(output)
    result = build_site(output, settings, **options)
    if result.log:
        print(result.log, flush=True)
    if not result.ok:
        sys.exit(f"构建失败：请按上面的提示修改。{output.name}/ 中仍是上一次成功构建的网站。")
    print(f"构建成功：{output.name}/（{result.seconds:.1f} 秒）", flush=True)


def _join(log):
    return "\n".join(part for part in log if part).strip()


def _previous(output):
    return output.with_name(f".{output.name}.previous")


@contextmanager
def _locked(output, doing="构建"):
    """Hold an exclusive lock on `.output.lock` beside `output`, or fail at once."""
    with ExitStack() as stack:
        try:
            with _writing(output.parent):
                output.parent.mkdir(parents=True, exist_ok=True)
                stack.enter_context(locked(output.with_name(f".{output.name}.lock"), wait=False))
        except Busy as busy:
            raise BuildFailed(
                f"另一个构建（进程 {busy.holder}）正在生成 {output.name}/，本次{doing}没有开始，"
                "网站保持不变。请等那个构建结束后再试。"
            ) from None
        yield


@contextmanager
def _writing(folder):
    """An OSError while the build's own folders are made, swapped or removed becomes a
    BuildFailed that says which folder could not be written, and what to do."""
    try:
        yield
    except OSError as error:
        code = error.errno
        if code == errno.ENOSPC:
            why, fix = "磁盘已满", "腾出磁盘空间后重试"
        elif code == errno.EROFS:
            why, fix = (
                "所在的文件系统是只读的",
                "换一个可写的位置（--output），或重新以可写方式挂载",
            )
        else:
            why = f"不能写入（{error.strerror}）"
            fix = (
                f"检查它和它所在文件夹的权限（ls -ld '{folder}'）；设了只读属性的用 chattr -i 去掉"
            )
        raise BuildFailed(f"{folder}/ {why}：网站没有更新，原来的网站保持不变。→ {fix}。") from None


def _settings(folder, settings, content, overrides):
    """The settings Pelican built with, as the steps after it read them."""
    # Imported here, not with this module: Pelican's own process starts before this one
    # has imported Pelican (0.09 s), which it does while that process runs (_meanwhile).
    from pelican.settings import read_settings

    override = {**(overrides or {}), "OUTPUT_PATH": str(folder)}
    if content:
        override["PATH"] = str(Path(content).resolve())
    return read_settings(str(settings), override=override)


def _run_pelican(folder, settings, content, overrides):
    """Run Pelican into `folder`; returns its log, raises BuildFailed if it failed."""
    command = [sys.executable, "-m", "dangjian.run_pelican"]  # Pelican's command line
    command += [str(content)] if content else []
    command += ["-s", str(settings), "-o", str(folder), "--log-handler", "plain"]
    if overrides:  # one -e for all: a second -e would replace the first
        command += ["-e"] + [
            f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in overrides.items()
        ]
    # Long Chinese lines stay whole in the log; PYTHONUTF8 for odd locales.
    env = {**os.environ, "COLUMNS": "200", "PYTHONUTF8": "1"}
    process = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env
    )
    log = (process.stdout + process.stderr).strip()
    if process.returncode != 0 or not (folder / "index.html").is_file():
        raise BuildFailed(log)
    return log


@contextmanager
def _meanwhile(*work):
    """Run the callables `work` one after the other in a thread while the block runs (this
    process waits for Pelican's); the `with` gives the list their results go to. Done by
    the block's end, before any step forks (workers.may_fork); an exception one of them
    raised is raised there."""
    results, failed = [], []

    def run():
        try:
            for job in work:
                results.append(job())
        except BaseException as error:  # raised again at the block's end
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        yield results
    finally:
        thread.join()
    if failed:
        raise failed[0]


def _tidy(leftovers, fresh):
    """Give the empty folder `fresh` the folders of one of the `leftovers` (_reuse), then
    remove the others."""
    with _writing(fresh.parent):
        for folder in _reuse(leftovers, fresh):
            shutil.rmtree(folder)


def _reuse(leftovers, fresh):
    """Give the empty folder `fresh` the folders of one of the `leftovers` (the site from
    two builds before, else what a killed build left), emptied of their files; the
    leftovers still to remove. Making a site's folders again is most of writing it where
    its pages are hard links (8,000 page folders take 1.6-3 s on an ext4 disk that links
    8,000 files in 0.05 s). Pelican writes its first page a second or more after it
    starts: should it have written one into `fresh` already, the folders are removed
    instead (a folder is renamed only onto an empty one). The folders the build does not
    fill are removed with the others it leaves empty (unchanged.keep_unchanged)."""
    if not leftovers:
        return []
    reused = min(leftovers, key=lambda path: not path.name.endswith(OLDER))
    try:
        _remove_files(reused)
        os.replace(reused, fresh)
    except OSError:
        return leftovers
    return [other for other in leftovers if other != reused]


def _remove_files(folder):
    """Remove every file under `folder`, keeping the folders (a link is a file)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _remove_files(entry.path)
            else:
                os.unlink(entry.path)


def _swap_in(fresh, output):
    """Make `fresh` the output in one rename; keep the old site as the previous one.

    The previous one is moved aside first and the old site takes its name only after the
    swap: killed at any moment, this leaves as `.output.previous` the build just before
    the live one, or nothing, never one from two builds back. The one moved aside keeps
    a leftover's name: the next build writes into its folders (_reuse)."""
    if not output.exists():
        fresh.rename(output)
        return
    # Aside under a name the next build cleans up, should this build be killed here.
    previous, older = _previous(output), fresh.with_name(fresh.name + OLDER)
    if previous.exists():
        previous.rename(older)
    try:
        _exchange(fresh, output)  # readers see either the old site or the new, never a mix
    except OSError:
        if older.exists():
            older.rename(previous)  # nothing was swapped: rollback works as before
        raise
    fresh.rename(previous)  # `fresh` now holds the old site


OLDER = "-older"  # the name's end of a leftover that was `.output.previous`
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a, b):
    """Swap two folders atomically (Linux renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE):
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), str(a), None, str(b))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--settings", default=SETTINGS, type=Path)
    parser.add_argument("--content", type=Path, help="content folder (the settings' PATH)")
    parser.add_argument("--output", default=OUTPUT, type=Path)
    parser.add_argument(
        "-e", "--extra-settings", nargs="*", default=[], metavar="KEY=JSON",
        help="Pelican settings to override, as pelican -e takes them",
    )  # fmt: skip
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.extra_settings:
        key, _, value = item.partition("=")
        overrides[key] = json.loads(value)
    build_or_exit(args.output, args.settings, content=args.content, overrides=overrides)


if __name__ == "__main__":
    main()

"""The search index: Pagefind run over a built site, after Pelican and before it goes live.

Pagefind's extended build comes from npm (package.json, pinned; `./run` installs it with
`npm ci`): release 1.6 cuts what readers type into words with the browser's own ICU word
segmenter (Intl.Segmenter), while the indexer cuts page text with a different segmenter
(jieba), so a word such as 党组织 could be cut one way in the index and another way in the
query. We therefore hand Pagefind the article text with its word boundaries already marked,
by the same ICU segmenter (word_boundaries.mjs beside this file, in Node), as zero-width spaces: the
indexer keeps those boundaries and the index holds the words a query is cut into.

Pagefind is driven through its Node API (pagefind_index.mjs beside this file: one Node process per
build, which marks the words and hands each page to Pagefind's service): this module sends
it what Pagefind reads of each page, cut from the built page (given_to_pagefind). Nothing is
written to disk but the index; the published pages are left as Pelican wrote them. README
("How search is built") has the measurements behind these choices.

Only what the templates mark is indexed: the article element of published article pages
(data-pagefind-body), minus the parts marked data-pagefind-ignore. The index, in bundles
(see index_site), and Pagefind's JavaScript go to <site>/pagefind/, which /search/ opens
(openIndex in theme/static/js/find.js).
"""

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from html import unescape
from itertools import chain, groupby
from pathlib import Path

from dangjian.hardlinks import identity, link_if_same
from dangjian.html import TAG
from dangjian.paths import ROOT
from dangjian.whole_files import write_whole

from . import BuildFailed
from .checks import SiteFiles
from .lock import locked
from .workers import map_in_workers

PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
WORD_BOUNDARIES = Path(__file__).with_name("word_boundaries.mjs")
INDEXER = Path(__file__).with_name("pagefind_index.mjs")
BUNDLE_DIR = "pagefind"  # under the site; search.html loads it from {SITEURL}/pagefind/
FURTHER_BUNDLES = "bundles.json"  # in BUNDLE_DIR: the folders of the bundles after the first
DEFAULT_CACHE = object()  # index_site's cache: .search-cache beside the site
# Pagefind needs about 0.23 MB per page indexed (370 MB here); the reader's browser loads
# each bundle's metadata and, for each word searched, an index chunk per bundle.
PAGES_PER_BUNDLE = 1600
# The bundle still filling is cut in two (see in_bundles): its older pages, a multiple of
# NEWEST_BUNDLE_STEP, and the newest ones, fewer than NEWEST_BUNDLE_STEP and a day; a new
# day re-indexes those only, and the older part once every NEWEST_BUNDLE_STEP pages.
NEWEST_BUNDLE_STEP = 250
# What the search page uses of Pagefind's output; its own UI is not used and not shipped.
KEPT = ("pagefind-entry.json", "pagefind.*.pf_meta", "index", "fragment", "filter")
KEPT_FIRST = (*KEPT, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")  # code, once
BODY = "data-pagefind-body"
IGNORE = "data-pagefind-ignore"
# The piece's date, as the templates give it to Pagefind for sorting (partials/search_fields)
DATE_SORT = re.compile(r'data-pagefind-sort="date"[^>]*>([^<]*)<')
BODY_ATTRIBUTE = re.compile(rf"(?:^|\s){BODY}(?=[\s=/]|$)")
IGNORE_ATTRIBUTE = re.compile(rf"(?:^|\s){IGNORE}(?=[\s=/]|$)")
HTML_START_TAG = re.compile(r"<html\b[^>]*>", re.I)
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class SearchIndexError(BuildFailed):
    """The index could not be built; the message says why and what to do, in Chinese."""


@dataclass
class SearchIndex:
    pages: int  # pages indexed
    bundles: int
    reused: int  # bundles taken from the cache, unchanged since an earlier build
    ahead: int = 0  # pages Pagefind indexed before the site was built (head_start)


@dataclass(frozen=True)
class Page:
    path: Path  # in the site
    date: str  # the piece's date, YYYY-MM-DD ("" if the page gives none)
    source: str = ""  # a hash of the page's bytes


def index_site(
    site_dir,
    settings=None,
    pages_per_bundle=PAGES_PER_BUNDLE,
    cache=DEFAULT_CACHE,
    newest_step=NEWEST_BUNDLE_STEP,
):
    """Index the built site in `site_dir`, writing site_dir/pagefind/; return a SearchIndex.

    The pages are indexed in bundles of at most `pages_per_bundle` (see in_bundles), in date
    order, a day's pieces in one bundle: Pagefind holds the index it builds in memory, about
    a quarter of a megabyte per page, so that one index of 5,000 pages needed 1.2 GB and of
    20,000 pages 4.7 GB. One Node process (pagefind_index.mjs) writes the bundles one
    after the other, while the pages of the next bundle are cut in worker processes. The
    first bundle goes to pagefind/ with Pagefind's scripts, the next ones to pagefind/2/,
    pagefind/3/ …, listed in pagefind/bundles.json, and the search page merges them
    (Pagefind's mergeIndex: the reader's browser loads Pagefind's code once, and each further
    bundle's metadata and the index chunks a query needs: bundles are few and big, see
    PAGES_PER_BUNDLE).

    Each bundle is kept in the `cache` folder (by default `.search-cache` beside the site's
    folder; None for none) under a hash of everything that makes it: what Pagefind is given
    of its pages, Pagefind's version, the scripts that mark the words and drive Pagefind,
    and ICU's version. A bundle whose pages did not change since the last build is taken
    from there, byte for byte what Pagefind would write again: a new day's pieces come last
    in the date order, so they change the newest bundle only. It is written again if one of
    its files changed size or time since (bundle-files.json keeps both): say a published
    file written over in place. Bundles the build did not use are removed. The cache also
    keeps, for each page, a hash of its bytes and of what Pagefind is given of it
    (pages.json): a page whose bytes did not change is not cut again to work out its
    bundle's key. A file of the site as published now (the settings' PUBLISHED_PATH) with
    the bytes of the cache's becomes the cache's (_link_bundle).

    With a HeadStart as the settings' HEAD_START (the pipeline begins one while Pelican
    builds the site), a bundle to write that begins with its pages, as Pagefind was given
    them, gets only the rest: the others were indexed meanwhile. The newest bundle's pages,
    when it holds fewer than `newest_step`, are kept for the next build's (NEWEST_FILE).

    Raises SearchIndexError when Node or Pagefind is missing or Pagefind fails.
    """
    site_dir = Path(site_dir).resolve()
    published = (settings or {}).get("PUBLISHED_PATH")
    published = Path(published, BUNDLE_DIR) if published else None
    if not PAGEFIND.exists() or not shutil.which("node"):
        raise SearchIndexError(
            f"找不到搜索索引工具 Pagefind（{PAGEFIND}）或 Node.js。"
            "请安装 Node.js，在项目根目录运行 npm ci（./run 会自动运行），再重新构建。"
        )
    cache = default_cache(site_dir) if cache is DEFAULT_CACHE else cache
    with contextlib.ExitStack() as stack:
        icu = stack.enter_context(_asking_icu_version())  # answered while pages are listed
        looked_at = _kept(Path(cache) / FILES_FILE, _module_code(), "files") if cache else {}
        pages = pages_in_date_order(site_dir, looked_at)
        if not pages:
            return SearchIndex(0, 0, 0)  # Pagefind stops on an empty site; /search/ says so
        bundles = in_bundles(pages, pages_per_bundle, newest_step)
        if not cache:  # a scratch one beside the site, so that its files can be hard-linked
            scratch = tempfile.TemporaryDirectory(prefix=".search-index-", dir=site_dir.parent)
            cache = stack.enter_context(scratch)
        store = Path(cache)
        store.mkdir(parents=True, exist_ok=True)
        stack.enter_context(locked(store / ".lock"))  # one build at a time
        version = tools_version(icu)
        known = _known_pages(store, version)  # what earlier builds cut of unchanged pages
        kept = _kept(store / BUNDLES_FILE, version, "bundles")  # key → its files' identities
        cut = {}  # path → given digest, of this site
        keys, reused, written, ahead, newest = [], 0, set(), 0, None
        with contextlib.ExitStack() as writers:
            writer = writers.enter_context(BundleWriter())
            head = (settings or {}).get(HEAD_START)
            if head is not None:
                writers.enter_context(head.writer)
            for bundle in bundles:
                given = {}  # path → (parts, texts), of the pages cut here
                unknown = [
                    page for page in bundle if known.get(str(page.path), [""])[0] != page.source
                ]
                for page, result in zip(unknown, _cut(site_dir, unknown), strict=True):
                    given[page.path] = result[1:]
                    known[str(page.path)] = [page.source, result[0]]
                cut.update((str(page.path), known[str(page.path)]) for page in bundle)
                digest = hashlib.sha256(version.encode())
                for page in bundle:
                    digest.update(known[str(page.path)][1].encode())
                keys.append(digest.hexdigest()[:32])
                if keys[-1] in keys[:-1] or kept.get(keys[-1]) == _identities(store / keys[-1]):
                    reused += 1
                    continue
                shutil.rmtree(store / keys[-1], ignore_errors=True)  # changed since, if there
                written.add(keys[-1])
                begun = head.lines if head is not None and head.leads(bundle, known) else []
                rest = [page for page in bundle[len(begun) :] if page.path not in given]
                for page, result in zip(rest, _cut(site_dir, rest), strict=True):
                    given[page.path] = result[1:]
                lines = [page_line(page.path, *given[page.path]) for page in bundle[len(begun) :]]
                keep = partial(_keep, store, keys[-1])
                if begun:
                    head.writer.end(lines, on_written=keep)
                    ahead, head = len(begun), None
                else:
                    writer.write(_new_bundle_folder(store), lines, keep)
                if bundle is bundles[-1] and len(bundle) < (newest_step or 0):  # a day's
                    digests = [known[str(page.path)][1] for page in bundle]
                    newest = [
                        [str(page.path), digest, line]
                        for page, digest, line in zip(bundle, digests, begun + lines, strict=True)
                    ]
            if head is not None:  # begun, and not how this build's newest bundle begins
                head.abandon()
            # the bundles taken from the cache go into the site while Pagefind writes the others
            target = site_dir / BUNDLE_DIR
            shutil.rmtree(target, ignore_errors=True)  # an index made before is replaced
            adopted = [
                _link_bundle(store / key, target, n, published) for n, key in enumerate(keys, 1)
            ]
        for number, key in enumerate(keys, 1):
            if adopted[number - 1] is None:  # written meanwhile
                adopted[number - 1] = _link_bundle(store / key, target, number, published)
        renewed = written | {key for key, count in zip(keys, adopted, strict=True) if count}
        kept = {key: _identities(store / key) if key in renewed else kept[key] for key in keys}
        _remember(store / BUNDLES_FILE, version, "bundles", kept)
        if newest is not None:
            _remember(store / NEWEST_FILE, NEWEST_FORMAT, "newest", newest)
        _remember_pages(store, version, cut)
        _remember(store / FILES_FILE, _module_code(), "files", looked_at)
        for entry in store.iterdir():  # older bundles, and what killed builds left
            if entry.name not in keys and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    further = [f"{number}/" for number in range(2, len(bundles) + 1)]
    (target / FURTHER_BUNDLES).write_text(json.dumps(further), encoding="utf-8")
    return SearchIndex(len(pages), len(bundles), reused, ahead)


def default_cache(site_dir):
    """index_site's cache folder for the site in `site_dir`, by default."""
    return Path(site_dir).parent / ".search-cache"


def _cut(site_dir, pages):
    """(digest, parts, texts) of each Page: what Pagefind is given of it, and its hash."""
    return map_in_workers(partial(_cut_page, site_dir), pages)


def _cut_page(site_dir, page):
    parts, texts = read_given_page(site_dir, page)
    return given_digest(page.path, parts, texts), parts, texts


def given_digest(path, parts, texts):
    """The hash of what Pagefind is given of the page at `path`."""
    return hashlib.sha256(f"\0{path}\0{fill(parts, texts)}".encode()).hexdigest()


PAGES_FILE = "pages.json"  # in the cache: {"version", "pages": {path: [source, given digest]}}
# In the cache: {"version": this module's digest, "files": what pages_in_date_order found}
FILES_FILE = "files.json"
# In the cache: {"version": the tools' version, "bundles": {key: _identities(its folder)}}
BUNDLES_FILE = "bundle-files.json"
# In the cache: the pages of the last newest bundle written, {"version": NEWEST_FORMAT,
# "newest": [[path, given digest, page_line], ...]}, for the next build's head_start
NEWEST_FILE = "newest.json"
NEWEST_FORMAT = "1"
# The build's setting (pipeline.py) that gives index_site a HeadStart
HEAD_START = "SEARCH_HEAD_START"
# A head start runs beside Pelican: niced, it takes the CPU Pelican leaves and little
# else (at 5,000 articles, medians of 5 publishes: Pelican's phase 3.12 → 3.00 s, the
# whole publish 3.95 → 3.87 s); it goes on so after Pelican, beside the checks.
HEAD_START_NICER = 10


@dataclass
class HeadStart:
    """The pages of the last build's newest bundle, begun in a writer of their own."""

    pages: list  # [path, given digest] of each, in order
    lines: list  # page_line of each
    writer: "BundleWriter"
    folder: Path  # where the bundle is to be written

    def abandon(self):
        """Stop the writer, and remove the folder unless the bundle went there (_keep
        moves it into the cache)."""
        self.writer.abandon()
        shutil.rmtree(self.folder, ignore_errors=True)

    def leads(self, bundle, known):
        """Whether these pages, with the same given digests (`known`: path → [source,
        digest]), begin `bundle` and are not all of it."""
        return len(bundle) > len(self.pages) and all(
            [str(page.path), known[str(page.path)][1]] == begun
            for page, begun in zip(bundle, self.pages)  # noqa: B905 (the bundle is longer)
        )


def head_start(cache):
    """Begin, in the search index's `cache` folder, the newest bundle of the build before
    with its pages as the cache keeps them (NEWEST_FILE), while this build's site is being
    built: a new day comes last in the date order, so the newest bundle of the build
    before begins this build's, unless it changed otherwise or is full. Pagefind indexes
    those pages meanwhile, on a core that Pelican's reading leaves free, and index_site
    (given the HeadStart as the build's HEAD_START setting) sends only the new ones, or
    abandons it. None if the cache keeps no such pages, or a page's text is not the one
    its digest names."""
    store = Path(cache)
    newest = _newest_pages(store)
    if not newest or not PAGEFIND.exists() or not shutil.which("node"):
        return None
    lines = [line for _path, _digest, line in newest]
    writer = BundleWriter(nicer=HEAD_START_NICER)
    try:
        folder = _new_bundle_folder(store)
    except OSError:  # a cache that cannot be written: the index says so
        return None
    writer.begin(folder, lines)
    return HeadStart([[path, digest] for path, digest, _line in newest], lines, writer, folder)


def _newest_pages(store):
    """[path, given digest, page_line] of each page NEWEST_FILE keeps; [] unless each
    line holds the page its digest names."""
    newest = _kept(store / NEWEST_FILE, NEWEST_FORMAT, "newest")
    try:
        for path, digest, line in newest:
            page = json.loads(line)
            if page["url"] != page_url(path):
                return []
            if given_digest(path, page["parts"], page["texts"]) != digest:
                return []
    except (ValueError, KeyError, TypeError):
        return []
    return newest or []


def _known_pages(store, version):
    """What the last build cut of each page, by the hash of the page's bytes (Page.source):
    a page whose bytes did not change need not be cut again to know its bundle's key."""
    return _kept(store / PAGES_FILE, _code_version(version), "pages")


def _remember_pages(store, version, pages):
    _remember(store / PAGES_FILE, _code_version(version), "pages", pages)


def _kept(file, version, name):
    """The `name` part of a cache file written by this `version` of the code, or {}."""
    with contextlib.suppress(OSError, ValueError):
        kept = _read_before.pop(str(file), (None, None))
        if kept[0] != identity(file):  # not read ahead, or changed since
            kept = (None, json.loads(file.read_text(encoding="utf-8")))
        if kept[1].get("version") == version:
            return kept[1][name]
    return {}


_read_before = {}  # path → (identity, its JSON), of the cache files read_cache_ahead read


def read_cache_ahead(cache):
    """Read the search cache's files in `cache` that index_site reads, while Pelican
    builds the site (the pipeline's thread): index_site finds them read, unless they
    changed since (0.05-0.1 s of its line at 5,000 articles)."""
    for name in (FILES_FILE, PAGES_FILE, BUNDLES_FILE):
        file = Path(cache) / name
        with contextlib.suppress(OSError, ValueError):
            seen = identity(file)
            _read_before[str(file)] = (seen, json.loads(file.read_text(encoding="utf-8")))


def _remember(file, version, name, data):
    write_whole(file, json.dumps({"version": version, name: data}, ensure_ascii=False))


def _module_code():
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _code_version(version):
    """The tools' version and this module's code, which cuts the pages."""
    return f"{version} {_module_code()}"


def _link_bundle(bundle, target, number, published=None):
    """Link the `bundle` folder of the cache into the site's index folder `target` as its
    bundle `number` (1: pagefind/ itself, with Pagefind's scripts); None if the cache does
    not hold it yet. With `published`, the index folder of the site as published now.
    Returns how many of the bundle's files became published ones (_link_files)."""
    if not bundle.is_dir():
        return None
    if number == 1:
        return _link_files(bundle, target, published, lambda _name: True)
    there = published and published / str(number)
    return _link_files(bundle, target / str(number), there, partial(_matches, KEPT))


def _link_files(kept, place, published, wanted):
    """Hard-link into the folder `place` the files of the cache's folder `kept` that are
    `wanted` (by name; every file in its folders): the cache is never written to. A file
    of the `published` folder (the same place in the site as published now) with the
    same bytes takes the cache file's place first, so that the deploy finds it unchanged
    without reading it (unchanged.py), in this build and the next ones; returns how many
    did."""
    place.mkdir(parents=True, exist_ok=True)
    before, adopted = {}, 0
    with contextlib.suppress(OSError):  # not in the site as published (or none is)
        if published is not None:
            with os.scandir(published) as entries:
                before = {entry.name: entry for entry in entries}
    with os.scandir(kept) as entries:
        for entry in entries:
            old = before.get(entry.name)
            if entry.is_dir(follow_symlinks=False):
                there = old.path if old is not None else None
                adopted += _link_files(entry.path, place / entry.name, there, lambda _name: True)
                continue
            if not wanted(entry.name):
                continue
            if (
                old is not None
                and old.is_file(follow_symlinks=False)
                and old.inode() != entry.inode()
            ):
                adopted += link_if_same(entry.path, old.path)
            os.link(entry.path, os.path.join(place, entry.name))
    return adopted


def _identities(folder, prefix=""):
    """Each file under `folder`, by its path there, with its size and modification time,
    as the render cache knows its files (a cache restored elsewhere keeps both, not the
    inodes); {} if there is no such folder."""
    found = {}
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.update(_identities(entry.path, f"{prefix}{entry.name}/"))
            else:
                file = entry.stat(follow_symlinks=False)
                found[prefix + entry.name] = [file.st_size, file.st_mtime_ns]
    return found


def _matches(patterns, name):
    return any(fnmatch(name, pattern) for pattern in patterns)


def _new_bundle_folder(store):
    """A new folder in the cache `store` for Pagefind to write a bundle to (_keep then
    names it by its key; index_site removes the ones a killed build left)."""
    return Path(tempfile.mkdtemp(prefix=".new-", dir=store))


def _keep(store, key, folder):
    """A bundle Pagefind wrote to `folder`: keep what the search page uses, as store/key."""
    for path in folder.iterdir():
        if not _matches(KEPT_FIRST, path.name):
            (shutil.rmtree if path.is_dir() else os.remove)(path)
    folder.chmod(0o755)  # mkdtemp makes it private
    folder.rename(store / key)


def in_bundles(pages, size, newest_step=None):
    """The pages, in date order, cut into bundles of at most `size` pages that hold whole
    days: a new day comes last, so it changes the newest bundle only (or starts one). A day
    of more than `size` pages is cut.

    With `newest_step`, the last bundle (the one still filling, R pages) is cut in two: its
    oldest whole days, as many as fit in the largest multiple of `newest_step` not above R,
    then the rest (fewer than `newest_step` pages and a day). The cut depends only on the
    pages, so a clean build cuts as a build after each new day does; a new day changes the
    newest part only, until R passes a multiple of `newest_step`, when the older part grows
    (and both are indexed again), or the bundle is full."""
    bundles, bundle = [], []
    for _date, day in groupby(pages, key=lambda page: page.date):
        day = list(day)
        if bundle and len(bundle) + len(day) > size:
            bundles.append(bundle)
            bundle = []
        bundle += day
        while len(bundle) > size:
            bundles.append(bundle[:size])
            bundle = bundle[size:]
    if not bundle:
        return bundles
    older = 0  # pages of the last bundle's oldest whole days that fit in the step's multiple
    if newest_step:
        limit = newest_step * (len(bundle) // newest_step)
        for _date, day in groupby(bundle, key=lambda page: page.date):
            length = len(list(day))
            if older + length > limit:
                break
            older += length
    if 0 < older < len(bundle):
        return [*bundles, bundle[:older], bundle[older:]]
    return [*bundles, bundle]


class BundleWriter:
    """Writes bundles with Pagefind's Node API, through one Node process
    (pagefind_index.mjs), started when the first bundle comes, `nicer` than this one (its
    Pagefind service too). A context manager: leaving it waits for every bundle and
    checks it, unless `abandon()` stopped it."""

    def __init__(self, nicer=0):
        self.nicer = nicer
        self.process = None
        self.written = []  # [folder, pages sent, on_written]
        self.log = None

    def write(self, folder, lines, on_written=None):
        """Write the bundle of the pages `lines` (page_line) to `folder`;
        on_written(folder) once it is there."""
        self.begin(folder, lines)
        self.end((), on_written)

    def begin(self, folder, lines):
        """Begin the bundle of the pages `lines`, to be written to `folder` once it ends:
        Pagefind indexes them meanwhile."""
        self.written.append([Path(folder), len(lines), None])
        self._send([json.dumps({"bundle": str(folder)}), *lines])

    def end(self, lines=(), on_written=None):
        """Add the pages `lines` to the bundle begun last and write it."""
        self.written[-1][1:] = [self.written[-1][1] + len(lines), on_written]
        self._send([*lines, json.dumps({"end": True})])

    def abandon(self):
        """Stop the Node process, if there is one: nothing more is written."""
        if self.process is None:
            return
        self.process.kill()
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        self.process.stdout.close()
        self.process.wait()
        self.log.close()
        self.process = None

    def _send(self, lines):
        if self.process is None:
            self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
            self.process = subprocess.Popen(
                ["node", str(INDEXER)], cwd=ROOT, stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self.log,
            )  # fmt: skip
            if self.nicer:  # before Node starts Pagefind's service, which inherits it
                niceness = os.getpriority(os.PRIO_PROCESS, 0) + self.nicer
                os.setpriority(os.PRIO_PROCESS, self.process.pid, min(niceness, 19))
        with contextlib.suppress(BrokenPipeError):  # Node stopped: __exit__ says why
            self.process.stdin.write(("\n".join(lines) + "\n").encode())
            self.process.stdin.flush()

    def __enter__(self):
        return self

    def __exit__(self, *error):
        if self.process is None:
            return
        if error[0] is not None:  # the build stops already
            self.process.kill()
        with contextlib.suppress(BrokenPipeError):  # a process forked meanwhile holds stdin
            self.process.stdin.write(b'{"quit": true}\n')
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        results = [json.loads(line) for line in self.process.stdout]
        self.process.wait()
        self.log.seek(0)
        log = self.log.read().decode("utf-8", "replace").strip()
        self.log.close()
        if error[0] is not None:
            return
        expected = [(str(folder), count) for folder, count, _ in self.written]
        if (
            self.process.returncode != 0
            or [(result["folder"], result["pages"]) for result in results] != expected
            or any(result["errors"] for result in results)
        ):
            errors = [error for result in results for error in result["errors"]]
            raise SearchIndexError(
                "建立搜索索引失败，网站没有更新。Pagefind 的输出：\n"
                + "\n".join([*errors, log]).strip()
            )
        for folder, _count, on_written in self.written:
            if on_written:
                on_written(folder)


def page_line(path, parts, texts):
    """A page as the Node process reads it: a JSON line, its address and what Pagefind is
    given of it (given_to_pagefind)."""
    return json.dumps({"url": page_url(path), "parts": parts, "texts": texts}, ensure_ascii=False)


def page_url(path):
    """A page's address, as Pagefind makes it from the page's path in the site."""
    path = Path(path).as_posix()
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + path


def _asking_icu_version():
    """Node, asked for its ICU and Unicode versions (tools_version reads the answer)."""
    return subprocess.Popen(
        ["node", "-p", "process.versions.icu + ' ' + process.versions.unicode"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip


def tools_version(icu):
    """What else makes an index: Pagefind's version, our scripts and ICU's version (the
    answer of `icu`, _asking_icu_version)."""
    package = json.loads((ROOT / "node_modules" / "pagefind" / "package.json").read_text("utf-8"))
    icu_version = icu.communicate()[0].strip()
    scripts = hashlib.sha256(WORD_BOUNDARIES.read_bytes() + INDEXER.read_bytes()).hexdigest()
    return f"{package['version']} {icu_version} {scripts}"


def pages_to_index(site_dir):
    """The site's pages marked for the index, in a stable order (their paths)."""
    return [
        path
        for path in sorted(Path(site_dir).rglob("*.html"))
        if BODY.encode() in path.read_bytes()
    ]


def pages_in_date_order(site_dir, looked_at=None):
    """The site's pages marked for the index, as Pages, by date and then path.

    `looked_at` ({path: [identity, [date, source] or None if unmarked]}, what an earlier
    build found in each page) is updated in place to this site's: a file that is the
    very file looked at then (the same inode, size and modification time: a page the
    render cache linked) is not read again."""
    site_dir = Path(site_dir)
    before = dict(looked_at or {})
    now = {} if looked_at is None else looked_at
    now.clear()
    pages, unread = [], []
    for name in SiteFiles(site_dir).named(".html"):
        this_file = list(identity(os.path.join(site_dir, name)))  # a list, as in files.json
        kept = before.get(name)
        if kept is not None and kept[0] == this_file:
            now[name] = kept
            pages += [Page(Path(name), *kept[1])] if kept[1] else []
        else:
            unread.append((name, this_file))
    read = map_in_workers(partial(_marked_page, site_dir), [name for name, _ in unread])
    for (name, this_file), page in zip(unread, read, strict=True):
        now[name] = [this_file, page and [page.date, page.source]]
        pages += [page] if page else []
    return sorted(pages, key=lambda page: (page.date, page.path.parts))  # as Paths sort


def _marked_page(site_dir, name):
    """The Page of the file `name` in the site, if it is marked for the index; else None.
    Given names, not Paths: the workers are forked with the list of them, and at 100,000
    articles the list of Paths left this process 16 MB larger once the pages were listed."""
    with open(os.path.join(site_dir, name), "rb") as page:
        data = page.read()
    if BODY.encode() not in data:
        return None
    date = DATE_SORT.search(data.decode("utf-8"))
    source = hashlib.sha256(data).hexdigest()
    return Page(Path(name), date.group(1).strip() if date else "", source)


def read_given_page(site_dir, page):
    """What Pagefind is given of a Page (given_to_pagefind)."""
    return given_to_pagefind((Path(site_dir) / page.path).read_text(encoding="utf-8"))


def bundle_folders(site_dir):
    """Every bundle of the site's index: pagefind/ and the further ones it lists."""
    first = Path(site_dir) / BUNDLE_DIR
    listing = first / FURTHER_BUNDLES
    further = json.loads(listing.read_text("utf-8")) if listing.is_file() else []
    return [first, *(first / name for name in further)]


def compress_search_bundle(site_dir, settings):
    """Give the index's text files the .gz and .br that every other text file has.

    pelican-precompress runs inside Pelican (publishconf.py), before the index exists;
    its compressors are reused here, as its settings say, so that nginx's gzip_static
    and brotli_static find a file for every request. Builds without it are left as they are.
    """
    if "precompress" not in [str(name).rsplit(".", 1)[-1] for name in settings["PLUGINS"]]:
        return
    from pelican.plugins import precompress

    compressors = {
        suffix: compress
        for suffix, compress, wanted in [
            (".gz", precompress.compress_with_gzip, settings.get("PRECOMPRESS_GZIP", True)),
            (".br", precompress.compress_with_brotli, settings.get("PRECOMPRESS_BROTLI", True)),
        ]
        if wanted
    }
    for path in sorted((site_dir / BUNDLE_DIR).rglob("*")):
        if path.suffix not in {".css", ".js", ".json"}:
            continue
        data = path.read_bytes()
        for suffix, compress in compressors.items():
            # As the plugin does: a file that compression would enlarge stays plain.
            with contextlib.suppress(precompress.FileSizeIncrease):
                path.with_name(path.name + suffix).write_bytes(compress(data))


def check_search_index(site_dir, _settings=None):
    """Every page marked for the index is in it: the index went live with the pages.

    The pages index_site found marked are those its cache lists (pages.json, written by
    this build's index_site): when they are all in the site and as many as the index
    holds, no page is read again; else the pages are read to count them."""
    indexed = 0
    for folder in bundle_folders(site_dir):
        entry = folder / "pagefind-entry.json"
        if entry.is_file():
            languages = json.loads(entry.read_text("utf-8"))["languages"].values()
            indexed += sum(language["page_count"] for language in languages)
    expected = _listed_pages(Path(site_dir))
    if expected != indexed:
        expected = len(pages_to_index(site_dir))
    if indexed != expected:
        raise SearchIndexError(
            f"搜索索引不完整：应收录 {expected} 篇稿件，索引中有 {indexed} 篇，网站没有更新。"
            "请重新构建；仍然出错时请告诉开发人员。"
        )


def _listed_pages(site_dir):
    """How many pages the default cache's pages.json lists, if all are in the site."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        listed = json.loads((default_cache(site_dir) / PAGES_FILE).read_text("utf-8"))
        paths = listed["pages"]
        if all((site_dir / path).is_file() for path in paths):
            return len(paths)
    return None


def given_to_pagefind(html):
    """What Pagefind needs of a page: the html element (the page's language) and the
    elements it indexes, which hold the page's filters and metadata too. The rest of the
    page (head, navigation, listings) is left out: a quarter less to send and parse, and the
    same index, byte for byte (tests/test_search.py compares the two).

    As (parts, texts): the page is parts[0] texts[0] parts[1] …, texts the indexed text
    (unescaped), where word boundaries are to be marked."""
    spans, bodies = indexed_spans(html, with_bodies=True)
    root = HTML_START_TAG.search(html)
    parts, texts, part, next_span = [], [], (root.group() if root else "") + "<body>", 0
    for body_start, body_end in bodies:  # each span lies in one of them, in order
        done = body_start
        while next_span < len(spans) and spans[next_span][1] <= body_end:
            start, end = spans[next_span]
            parts.append(part + html[done:start])
            texts.append(unescape(html[start:end]))
            part, done, next_span = "", end, next_span + 1
        part += html[done:body_end]
    parts.append(part + "</body></html>")
    return parts, texts


def fill(parts, texts):
    """A page as given to Pagefind: its parts with the texts between them."""
    pieces = zip(parts, map(escape_text, texts), strict=False)  # one part more than texts
    return "".join(chain.from_iterable(pieces)) + parts[-1]


def indexed_text(html):
    """The text Pagefind indexes in a page, as the pieces of text between its tags."""
    return [unescape(html[start:end]) for start, end in indexed_spans(html)]


def indexed_spans(html, with_bodies=False):
    """(start, end) of the text Pagefind indexes: inside the body element, outside ignored
    elements, not blank. Our pages are well-formed (templates and Markdown), so a walk over
    their tags is enough, and much faster than a whole HTML tree per page.

    with_bodies: return (spans, bodies), bodies the (start, end) of each body element."""
    spans, open_elements, position = [], [], 0  # open_elements: (name, indexed, ignored)
    bodies = []
    for tag in TAG.finditer(html):
        inside, ignored = open_elements[-1][1:] if open_elements else (False, False)
        if inside and not ignored and html[position : tag.start()].strip():
            spans.append((position, tag.start()))
        position = tag.end()
        name = tag.group("name")
        if not name:  # a comment, doctype or declaration
            continue
        name = name.lower()
        if tag.group("closing"):
            while open_elements and open_elements.pop()[0] != name:
                pass
            if inside and not (open_elements and open_elements[-1][1]):
                bodies[-1] = (bodies[-1], tag.end())  # the body element ends here
        elif name not in VOID_ELEMENTS and not tag.group().endswith("/>"):
            attributes = tag.group("attributes")
            starts_body = not inside and bool(BODY_ATTRIBUTE.search(attributes))
            if starts_body:
                bodies.append(tag.start())
            open_elements.append(
                (
                    name,
                    inside or starts_body,
                    ignored or bool(IGNORE_ATTRIBUTE.search(attributes)),
                )
            )
    if bodies and isinstance(bodies[-1], int):  # never closed: it runs to the end
        bodies[-1] = (bodies[-1], len(html))
    return (spans, bodies) if with_bodies else spans


def escape_text(text):
    """As an HTML serializer writes text: &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mark_word_boundaries(texts):
    """The texts with their word boundaries marked as the index has them (each text is
    segmented on its own), by word_boundaries.mjs; for tests and benchmarks."""
    process = subprocess.run(
        ["node", str(WORD_BOUNDARIES)],
        input=json.dumps(texts, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if process.returncode != 0:
        raise SearchIndexError(
            f"为搜索索引分词失败，网站没有更新。Node.js 的输出：\n{process.stderr}"
        )
    return json.loads(process.stdout)

"""The search index: Pagefind run over a built site, after Pelican and before it goes live.

Pagefind's extended build comes from npm (package.json, pinned; `./run` installs it with
`npm ci`): release 1.6 cuts what readers type into words with the browser's own ICU word
segmenter (Intl.Segmenter), while the indexer cuts page text with a different segmenter
(jieba), so a word such as 党组织 could be cut one way in the index and another way in the
query. We therefore hand Pagefind the article text with its word boundaries already marked,
by the same ICU segmenter (word_boundaries.mjs beside this file, in Node), as zero-width spaces: the
indexer keeps those boundaries and the index holds the words a query is cut into. The marked
text goes to a temporary copy of the pages; the published pages are left as Pelican wrote
them. README ("How search is built") has the measurements behind these choices.

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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from html import unescape
from itertools import chain
from pathlib import Path

from dangjian.paths import ROOT

from . import BuildFailed
from .lock import locked
from .workers import map_in_workers

PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
WORD_BOUNDARIES = Path(__file__).with_name("word_boundaries.mjs")
BUNDLE_DIR = "pagefind"  # under the site; search.html loads it from {SITEURL}/pagefind/
FURTHER_BUNDLES = "bundles.json"  # in BUNDLE_DIR: the folders of the bundles after the first
DEFAULT_CACHE = object()  # index_site's cache: .search-cache beside the site
# Pagefind needs about 0.23 MB per page indexed (460 MB here); the reader's browser loads
# each bundle's metadata and, for each word searched, an index chunk per bundle.
PAGES_PER_BUNDLE = 2000
# What the search page uses of a Pagefind run's output; its own UI is not used and not shipped.
KEPT = ("pagefind-entry.json", "pagefind.*.pf_meta", "index", "fragment", "filter")
KEPT_FIRST = (*KEPT, "pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")  # code, once
INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")
BODY = "data-pagefind-body"
IGNORE = "data-pagefind-ignore"
TAG = re.compile(
    r"<!--.*?-->|<![^>]*>|<(?P<closing>/?)(?P<name>[a-zA-Z][^\s/>]*)"
    r"""(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.S,
)
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


def index_site(site_dir, _settings=None, pages_per_bundle=PAGES_PER_BUNDLE, cache=DEFAULT_CACHE):
    """Index the built site in `site_dir`, writing site_dir/pagefind/; return a SearchIndex.

    The pages are indexed in bundles of `pages_per_bundle`, by one Pagefind run each:
    Pagefind holds the index it builds in memory, about a quarter of a megabyte per page,
    so that one run over 5,000 pages needed 1.2 GB and 20,000 pages 4.7 GB. One Pagefind
    runs at a time (it uses every core), while the next bundle's pages are read and their
    words marked in another process. The first bundle goes to pagefind/ with Pagefind's
    scripts, the next ones to pagefind/2/, pagefind/3/ …, listed in pagefind/bundles.json,
    and the search page merges them (Pagefind's mergeIndex: the reader's browser loads
    Pagefind's code once, and each further bundle's metadata and the index chunks a query
    needs: bundles are few and big, see PAGES_PER_BUNDLE).

    Each bundle is kept in the `cache` folder (by default `.search-cache` beside the site's
    folder; None for none) under a hash of everything that makes it: what Pagefind is given
    of its pages, Pagefind's version, the word segmenter and its ICU version. A bundle whose
    pages did not change since the last build is taken from there, byte for byte what
    Pagefind would write again; the pages are sorted by address, so new pieces change the
    last bundle only. Bundles the build did not use are removed.

    Raises SearchIndexError when Node or Pagefind is missing or Pagefind fails.
    """
    site_dir = Path(site_dir).resolve()
    if not PAGEFIND.exists() or not shutil.which("node"):
        raise SearchIndexError(
            f"找不到搜索索引工具 Pagefind（{PAGEFIND}）或 Node.js。"
            "请安装 Node.js，在项目根目录运行 npm ci（./run 会自动运行），再重新构建。"
        )
    pages = pages_to_index(site_dir)
    if not pages:
        return SearchIndex(0, 0, 0)  # Pagefind stops on an empty site; /search/ says so
    bundles = [
        pages[start : start + pages_per_bundle] for start in range(0, len(pages), pages_per_bundle)
    ]
    cache = site_dir.parent / ".search-cache" if cache is DEFAULT_CACHE else cache
    with contextlib.ExitStack() as stack:
        if not cache:  # a scratch one beside the site, so that its files can be hard-linked
            scratch = tempfile.TemporaryDirectory(prefix=".search-index-", dir=site_dir.parent)
            cache = stack.enter_context(scratch)
        store = Path(cache)
        store.mkdir(parents=True, exist_ok=True)
        stack.enter_context(locked(store / ".lock"))  # one build at a time
        # Processes, not threads: reading and cutting a bundle's pages takes a core too.
        # The cores left over (a small site is one bundle) mark its words.
        segmenters = max(1, len(os.sched_getaffinity(0)) // len(bundles))
        index = partial(index_bundle, site_dir, store, tools_version(), segmenters)
        made = map_in_workers(index, bundles)
        target = site_dir / BUNDLE_DIR
        shutil.rmtree(target, ignore_errors=True)  # an index made before is replaced
        for number, (key, _reused) in enumerate(made, 1):
            first = number == 1
            place = target if first else target / str(number)
            place.mkdir(parents=True, exist_ok=True)
            for path in (store / key).iterdir():  # hard links: the cache is never written to
                if path.is_dir():
                    shutil.copytree(path, place / path.name, copy_function=os.link)
                elif first or any(fnmatch(path.name, kept) for kept in KEPT):
                    os.link(path, place / path.name)
        used = {key for key, _reused in made}
        for entry in store.iterdir():  # older bundles, and what killed builds left
            if entry.name not in used and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    further = [f"{number}/" for number in range(2, len(bundles) + 1)]
    (target / FURTHER_BUNDLES).write_text(json.dumps(further), encoding="utf-8")
    return SearchIndex(len(pages), len(bundles), sum(reused for _key, reused in made))


def index_bundle(site_dir, store, version, segmenters, pages):
    """Make store/<key>/, the Pagefind bundle of `pages`, unless it is there already;
    return (key, whether it was)."""
    given = read_given(site_dir, pages)
    digest = hashlib.sha256(version.encode())
    for path, (parts, texts) in given.items():
        digest.update(f"\0{path}\0{fill(parts, texts)}".encode())
    key = digest.hexdigest()[:32]
    if (store / key).is_dir():
        return key, True
    with tempfile.TemporaryDirectory(prefix=".new-", dir=store) as work:
        work = Path(work)
        write_marked(given, work / "pages", segmenters)
        command = [PAGEFIND, "--site", work / "pages", "--output-path", work / "bundle"]
        # One Pagefind at a time: its memory is the build's peak, and it uses every core.
        with locked(store / ".pagefind-lock"):
            process = subprocess.run(
                [str(part) for part in command], capture_output=True, text=True, encoding="utf-8"
            )
        log = (process.stdout + process.stderr).strip()
        if process.returncode != 0 or not INDEXED_PAGES.search(log):
            raise SearchIndexError(f"建立搜索索引失败，网站没有更新。Pagefind 的输出：\n{log}")
        for path in (work / "bundle").iterdir():
            if not any(fnmatch(path.name, kept) for kept in KEPT_FIRST):
                (shutil.rmtree if path.is_dir() else os.remove)(path)
        (work / "bundle").rename(store / key)
    return key, False


def tools_version():
    """What else makes an index: Pagefind's version, the segmenter script and ICU's version."""
    package = json.loads((ROOT / "node_modules" / "pagefind" / "package.json").read_text("utf-8"))
    icu = subprocess.run(
        ["node", "-p", "process.versions.icu + ' ' + process.versions.unicode"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    return f"{package['version']} {icu} {hashlib.sha256(WORD_BOUNDARIES.read_bytes()).hexdigest()}"


def pages_to_index(site_dir):
    """The site's pages marked for the index, in a stable order (their paths)."""
    return [
        path
        for path in sorted(Path(site_dir).rglob("*.html"))
        if BODY.encode() in path.read_bytes()
    ]


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
    """Every page marked for the index is in it: the index went live with the pages."""
    expected = len(pages_to_index(site_dir))
    indexed = 0
    for folder in bundle_folders(site_dir):
        entry = folder / "pagefind-entry.json"
        if entry.is_file():
            languages = json.loads(entry.read_text("utf-8"))["languages"].values()
            indexed += sum(language["page_count"] for language in languages)
    if indexed != expected:
        raise SearchIndexError(
            f"搜索索引不完整：应收录 {expected} 篇稿件，索引中有 {indexed} 篇，网站没有更新。"
            "请重新构建；仍然出错时请告诉开发人员。"
        )


def write_marked_copy(site_dir, words_dir):
    """Write into words_dir what Pagefind is given of every page to index (see
    given_to_pagefind), word boundaries marked in the text; return how many pages."""
    given = read_given(site_dir, pages_to_index(site_dir))
    write_marked(given, words_dir)
    return len(given)


def read_given(site_dir, pages):
    """{path in the site: what Pagefind is given of the page}"""
    return {
        path.relative_to(site_dir): given_to_pagefind(path.read_text(encoding="utf-8"))
        for path in pages
    }


def write_marked(given, words_dir, segmenters=1):
    texts = [text for _parts, texts in given.values() for text in texts]
    marked = iter(mark_word_boundaries(texts, segmenters))
    for path, (parts, texts) in given.items():
        copy = Path(words_dir) / path
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(fill(parts, [next(marked) for _text in texts]), encoding="utf-8")


def given_to_pagefind(html):
    """What Pagefind needs of a page: the html element (the page's language) and the
    elements it indexes, which hold the page's filters and metadata too. The rest of the
    page (head, navigation, listings) is left out: a quarter less to write, read and parse,
    and the same index, byte for byte (tests/test_search.py compares the two).

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


def mark_word_boundaries(texts, processes=1):
    """The texts with their word boundaries marked (each text is segmented on its own),
    by `processes` Node processes at once, each given an equal run of the texts."""
    if not texts:
        return []
    size = -(-len(texts) // processes)  # rounded up
    runs = [texts[start : start + size] for start in range(0, len(texts), size)]
    with ThreadPoolExecutor(len(runs)) as pool:
        return [text for marked in pool.map(_mark_in_node, runs) for text in marked]


def _mark_in_node(texts):
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

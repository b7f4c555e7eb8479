"""The search index: Pagefind run over a built site, after Pelican and before it goes live.

Pagefind's extended build comes from npm (package.json, pinned; `./run` installs it with
`npm ci`): release 1.6 cuts what readers type into words with the browser's own ICU word
segmenter (Intl.Segmenter), while the indexer cuts page text with a different segmenter
(jieba), so a word such as 党组织 could be cut one way in the index and another way in the
query. We therefore hand Pagefind the article text with its word boundaries already marked,
by the same ICU segmenter (tools/word_boundaries.mjs, in Node), as zero-width spaces: the
indexer keeps those boundaries and the index holds the words a query is cut into. The marked
text goes to a temporary copy of the pages; the published pages are left as Pelican wrote
them. README ("How search is built") has the measurements behind these choices.

Only what the templates mark is indexed: the article element of published article pages
(data-pagefind-body), minus the parts marked data-pagefind-ignore. The index and Pagefind's
JavaScript go to <site>/pagefind/, which theme/static/js/search.js loads on /search/.
"""

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

from tools.checks import BuildFailed

ROOT = Path(__file__).resolve().parent.parent
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
WORD_BOUNDARIES = Path(__file__).with_name("word_boundaries.mjs")
BUNDLE_DIR = "pagefind"  # under the site; search.html loads it from {SITEURL}/pagefind/
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


def index_site(site_dir):
    """Index the built site in `site_dir`, writing site_dir/pagefind/; return the page count.

    Raises SearchIndexError when Node or Pagefind is missing or Pagefind fails.
    """
    site_dir = Path(site_dir).resolve()
    if not PAGEFIND.exists() or not shutil.which("node"):
        raise SearchIndexError(
            f"找不到搜索索引工具 Pagefind（{PAGEFIND}）或 Node.js。"
            "请安装 Node.js，在项目根目录运行 npm ci（./run 会自动运行），再重新构建。"
        )
    with tempfile.TemporaryDirectory(prefix="search-words-") as words_dir:
        if not write_marked_copy(site_dir, Path(words_dir)):
            return 0  # no article yet: Pagefind stops on an empty site; /search/ says so
        command = [str(PAGEFIND), "--site", words_dir, "--output-path", site_dir / BUNDLE_DIR]
        process = subprocess.run(
            [str(part) for part in command], capture_output=True, text=True, encoding="utf-8"
        )
    log = (process.stdout + process.stderr).strip()
    indexed = INDEXED_PAGES.search(log)
    if process.returncode != 0 or not indexed:
        raise SearchIndexError(f"建立搜索索引失败，网站没有更新。Pagefind 的输出：\n{log}")
    return int(indexed.group(1))


def compress_search_bundle(site_dir):
    """Give the index's text files the .gz and .br that every other text file has.

    pelican-precompress runs inside Pelican (publishconf.py), before the index exists;
    its compressors are reused here, so that nginx's gzip_static and brotli_static find
    a file for every request. Builds without precompression are left as they are.
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html.gz").is_file():
        return
    from pelican.plugins import precompress

    compressors = {".gz": precompress.compress_with_gzip, ".br": precompress.compress_with_brotli}
    for path in sorted((site_dir / BUNDLE_DIR).rglob("*")):
        if path.suffix not in {".css", ".js", ".json"}:
            continue
        data = path.read_bytes()
        for suffix, compress in compressors.items():
            # As the plugin does: a file that compression would enlarge stays plain.
            with contextlib.suppress(precompress.FileSizeIncrease):
                path.with_name(path.name + suffix).write_bytes(compress(data))


def check_search_index(site_dir):
    """Every page marked for the index is in it: the index went live with the pages."""
    site_dir = Path(site_dir)
    expected = sum(BODY.encode() in path.read_bytes() for path in site_dir.rglob("*.html"))
    entry = site_dir / BUNDLE_DIR / "pagefind-entry.json"
    indexed = 0
    if entry.is_file():
        languages = json.loads(entry.read_text("utf-8"))["languages"].values()
        indexed = sum(language["page_count"] for language in languages)
    if indexed != expected:
        raise SearchIndexError(
            f"搜索索引不完整：应收录 {expected} 篇稿件，索引中有 {indexed} 篇，网站没有更新。"
            "请重新构建；仍然出错时请告诉开发人员。"
        )


def write_marked_copy(site_dir, words_dir):
    """Write into words_dir what Pagefind needs of the pages to index, word boundaries
    marked in their indexed text. What it needs: the html element (the page's language)
    and the elements it indexes, which hold the page's filters and metadata too. The rest
    of the page (head, navigation, listings) is left out: a quarter less to write, read and
    parse, and the same index, byte for byte (tests/test_search.py compares the two).

    Returns how many pages it wrote.
    """
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if BODY in html:
            pages.append((path, html, *indexed_spans(html, with_bodies=True)))
    texts = [unescape(html[start:end]) for _, html, spans, _ in pages for start, end in spans]
    marked = iter(mark_word_boundaries(texts))
    for path, html, spans, bodies in pages:
        root = HTML_START_TAG.search(html)
        parts, next_span = [root.group() if root else "", "<body>"], 0
        for body_start, body_end in bodies:  # each span lies in one of them, in order
            done = body_start
            while next_span < len(spans) and spans[next_span][1] <= body_end:
                start, end = spans[next_span]
                parts += [html[done:start], escape_text(next(marked))]
                done, next_span = end, next_span + 1
            parts.append(html[done:body_end])
        copy = words_dir / path.relative_to(site_dir)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text("".join([*parts, "</body></html>"]), encoding="utf-8")
    return len(pages)


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
    """The texts with their word boundaries marked, by one Node process per core, each
    given an equal run of the texts (each text is segmented on its own)."""
    if not texts:
        return []
    size = -(-len(texts) // len(os.sched_getaffinity(0)))  # rounded up
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

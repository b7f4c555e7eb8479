"""Checks run on every freshly built site before it may replace the live one.

Each check takes the new site's folder and the build's settings and raises BuildFailed,
with a message in Chinese naming the page and the problem, when the site must not go
live. They use only the standard library: a build needs no test-only package.
"""

import contextlib
import hashlib
import os
import pickle
import re
import sys
import xml.etree.ElementTree as ET
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from dangjian.hardlinks import identity
from dangjian.html import attributes, start_tags_as_written
from dangjian.urls import clean_url, target_file
from dangjian.whole_files import write_whole

from . import BuildFailed
from .workers import map_in_workers

# tag → the attributes that make a browser follow or fetch a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
}
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
ATOM = "{http://www.w3.org/2005/Atom}"


class Page:
    """The URLs one HTML page links to or loads, and the ids it defines.

    Read with regular expressions (dangjian.html), which find what html.parser finds in
    start tags (names lower-cased, values unescaped, the last of repeated attributes) in
    less than half the time: on a big site, the check is a good part of the build.
    """

    def __init__(self, text):
        self.references = []  # (tag, attribute, value)
        self.ids = set()
        for tag, written in start_tags_as_written(text):
            # Most tags of a page (a listing page has some 450) have neither a URL nor an
            # id: their attributes are not parsed.
            if tag in URL_ATTRIBUTES or "id" in written.lower():
                self.add(tag, attributes(written))

    def add(self, tag, attrs):
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if attribute not in attrs:
                continue
            value = attrs[attribute].strip()
            if attribute == "srcset":
                # "a.png 1x, b.png 2x": the URL is the first word of each candidate.
                urls = [c.split()[0] for c in value.split(",") if c.strip()]
            else:
                urls = [value]
            self.references += [(tag, attribute, url) for url in urls]


def is_external(url):
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


@lru_cache(maxsize=1 << 14)  # most links repeat from page to page (a site's menus)
def is_internal(url):
    return bool(url) and not url.lower().startswith(NOT_FETCHED) and not is_external(url)


def broken_links(root, site_url="", processes=None, cache=None):
    """(problems, number of internal links checked) for every page and stylesheet.

    Links that start with `site_url` (a production build's SITEURL) are internal too.
    The pages are read by `processes` worker processes (see map_in_workers); the
    targets are resolved here, once each, as a link's fragment needs the ids of the
    page it points to. With a `cache` file, a page that is the file an earlier check
    read, or has the same bytes, is not read again (read_pages); every link is still
    checked.
    """
    root = Path(root)
    prefix = site_url.rstrip("/") + "/" if site_url else None
    site = SiteFiles(root)
    pages = read_pages(root, site.named(".html"), prefix, processes, cache)
    problems, checked = [], 0
    # What is wrong with a link ("" for nothing), by the link, or by (page, link) for one
    # relative to its page: most links repeat from page to page.
    verdicts = {}
    for name, (links, ids) in pages.items():
        url = "/" + clean_url(name)
        checked += len(links)
        for value in links:
            verdict = verdicts.get(value)
            if verdict is None:
                if value.startswith("/") and not value.startswith("//"):
                    verdict = verdicts[value] = link_problem(root, site, pages, url, value)
                else:
                    verdict = link_problem(root, site, pages, url, value, ids)
            if verdict:
                problems.append(f"{url} → {value}{verdict}")
    for name in site.named(".css"):
        url = "/" + clean_url(name)
        for match in CSS_URL.finditer((root / name).read_text(encoding="utf-8")):
            value = (match.group(1) or match.group(2)).strip()
            if value.startswith(("data:", "#")):
                continue
            checked += 1
            if is_external(value):
                problems.append(f"{url} → {value}（样式表引用了其他网站的文件）")
            elif not site.serves(urlsplit(urljoin(url, value)).path):
                problems.append(f"{url} → {value}（没有这个文件）")
    return sorted(set(problems)), checked


def link_problem(root, site, pages, url, value, ids=None):
    """What is wrong with the link `value` on the page at `url` ("" for nothing); `ids`,
    that page's, for a link to a place in itself."""
    if value.startswith("#"):
        fragment, ids_there = value[1:], ids
    else:
        path, fragment = link_target(url, value)
        if not site.serves(path):
            return f"（没有 {target_file(root, path).relative_to(root)}）"
        ids_there = pages.get(site.served_name(path), (None, None))[1]
    if fragment and ids_there is not None and unquote(fragment) not in ids_there:
        return f"（页面中没有 id “{fragment}”）"
    return ""


def link_target(url, value):
    """(path, fragment) of the link `value` on the page at `url`, as urljoin and urlsplit
    make them. Most links of a site are root-relative and plain (no dot segment, nothing
    urlsplit removes): those are their own path, and 10,000 of them are resolved in
    0.01 s instead of 0.1."""
    root_relative = value.startswith("/") and not value.startswith("//")
    if root_relative and "/." not in value and value.isprintable():
        before, _, fragment = value.partition("#")
        return before.partition("?")[0], fragment
    target = urlsplit(urljoin(url, value))
    return target.path, target.fragment


class SiteFiles:
    """The files and folders of a built site, from one walk: which file serves a URL path
    is looked up, not asked of the file system for each target (5,000 articles' pages
    link some 16,000 distinct ones)."""

    def __init__(self, root):
        self.files, self.folders = set(), set()
        self._walk(root, "")

    def _walk(self, folder, base):
        """os.walk's files and folders (a link to a folder is one, not followed), a third
        faster without its lists: a site has a folder for every page."""
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                name = base + entry.name
                if not entry.is_dir():
                    self.files.add(name)
                    continue
                self.folders.add(name)
                if not entry.is_symlink():
                    self._walk(entry.path, f"{name}/")

    def named(self, suffix):
        """The site's files ending in `suffix`, root-relative, in order."""
        return sorted(name for name in self.files if name.endswith(suffix))

    def served_name(self, path):
        """The root-relative name of the file served for a URL path (urls.target_file's)."""
        # as pathlib joins it: empty parts and "." left out
        name = "/".join(part for part in unquote(path).split("/") if part not in ("", "."))
        if path.endswith("/") or not name or name in self.folders:
            return f"{name}/index.html" if name else "index.html"
        return name

    def serves(self, path):
        return self.served_name(path) in self.files


LINKS_CACHE = "links.pickle"  # in the render cache's folder (RENDER_CACHE_PATH)
LINKS_CACHE_FORMAT = 2  # pages: name → (identity, digest of the bytes, links, ids)


def check_cache(root, settings, name):
    """The file `name` where a check keeps what it read (the link check LINKS_CACHE, the
    feeds check FEEDS_CACHE): in the render cache's folder (.render-cache beside the
    site's folder, or RENDER_CACHE_PATH; None for "", no cache)."""
    chosen = settings.get("RENDER_CACHE_PATH")
    if chosen == "":
        return None
    return Path(chosen or Path(root).resolve().parent / ".render-cache") / name


def kept_by_check(cache, **expected):
    """What a check stored in `cache` before, if its fields `expected` are the same; None
    when there is none (no cache, no file, another format)."""
    if cache is None:
        return None
    with contextlib.suppress(OSError, ValueError, EOFError, pickle.UnpicklingError):
        with open(cache, "rb") as data:
            stored = pickle.load(data)
        if all(stored.get(field) == value for field, value in expected.items()):
            return stored
    return None


def keep_for_check(cache, stored):
    """Store `stored` in `cache` for the next check (replaced whole; not kept if the folder
    cannot be written)."""
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_whole(cache, pickle.dumps(stored, pickle.HIGHEST_PROTOCOL))


def read_pages(root, names, prefix, processes=None, cache=None):
    """{name: (links, ids)} of every page, named relative to `root`. With a `cache` file, a
    page an earlier check read is taken from there: the very file it read (the same inode,
    size and modification time: a page the render cache linked, unchanged since), or one
    with the same bytes (a page rendered again that came out the same: most pages of a
    listing a new piece joins). The others are read, and the cache then holds this
    site's pages."""
    stored = kept_by_check(cache, prefix=prefix, format=LINKS_CACHE_FORMAT)
    known = stored["pages"] if stored else {}
    by_bytes = {entry[1]: entry[1:] for entry in known.values()}
    pages, unread, identities = {}, [], {}  # pages: name → (digest of its bytes, links, ids)
    for name in names:
        file = os.path.join(root, name)
        identities[name] = identity(file)
        entry = known.get(name)
        if entry is not None and entry[0] == identities[name]:
            pages[name] = entry[1:]
            continue
        if by_bytes:  # (a first check reads every page once, in the workers)
            with open(file, "rb") as data:
                kept = by_bytes.get(hashlib.sha256(data.read()).digest())
            if kept is not None:
                pages[name] = kept
                continue
        unread.append(name)
    # Names, not Paths: the workers are forked with this list, and at 100,000 articles its
    # Paths were 30 MB that each worker copied in part.
    files = [os.path.join(root, name) for name in unread]
    read = map_in_workers(partial(read_page, prefix), files, processes)
    id_sets = {}  # pages made from one template mostly define the same ids
    for name, (digest, links, ids) in zip(unread, read, strict=True):
        # one copy of each string and of each set of ids: held for every page of the
        # site, they are most of the check's memory, and the cache file stays small
        ids = frozenset(map(sys.intern, ids))
        pages[name] = (digest, tuple(map(sys.intern, links)), id_sets.setdefault(ids, ids))
    if cache is not None:
        entries = {name: (identities[name], *pages[name]) for name in names}
        keep_for_check(cache, {"prefix": prefix, "format": LINKS_CACHE_FORMAT, "pages": entries})
    return {name: pages[name][1:] for name in names}


def read_page(prefix, file):
    """(a digest of the bytes of the page in the file named `file`, its links, its ids:
    links_and_ids), in a worker."""
    with open(file, "rb") as page:
        data = page.read()
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
    return (hashlib.sha256(data).digest(), *links_and_ids(prefix, text))


def links_and_ids(prefix, text):
    """(the internal URLs a page links to or loads, in order; the ids it defines): all the
    link check needs of a page's text. Links that start with `prefix` become
    root-relative."""
    page = Page(text)
    links = []
    for _tag, _attribute, value in page.references:
        if prefix and value.startswith(prefix):
            value = "/" + value.removeprefix(prefix)
        if is_internal(value):
            # Most links repeat from page to page: interned, a worker pickles each one
            # once per chunk of pages, and the checker holds one copy (78 → 50 MB at 5,000
            # articles).
            links.append(sys.intern(value))
    return links, page.ids


FEEDS_CACHE = "feeds.pickle"  # {"format", "sound": name → identity of an XML file found sound}
FEEDS_CACHE_FORMAT = 1


def feed_problems(root, cache=None):
    """Problems with the XML files: each must parse; an Atom feed needs its parts. With a
    `cache` file, a file an earlier check found sound is not parsed again while it is
    the very same file (inode, size, modification time: a feed the render cache linked)."""
    stored = kept_by_check(cache, format=FEEDS_CACHE_FORMAT)
    sound_before = stored["sound"] if stored else {}
    problems, sound = [], {}
    for name in SiteFiles(root).named(".xml"):
        file = os.path.join(root, name)
        this_file = identity(file)
        if sound_before.get(name) != this_file:
            its_problems = xml_problems("/" + clean_url(name), file)
            problems += its_problems
            if its_problems:
                continue
        sound[name] = this_file
    if cache is not None:
        keep_for_check(cache, {"format": FEEDS_CACHE_FORMAT, "sound": sound})
    return problems


def xml_problems(url, file):
    """Problems with one XML file (see feed_problems)."""
    try:
        document = ET.parse(file).getroot()
    except ET.ParseError as error:
        return [f"{url}：不是格式正确的 XML（{error}）"]
    if document.tag != f"{ATOM}feed":
        return []  # e.g. a sitemap: well-formed is all we ask
    problems = []
    for parent, where in [
        (document, "订阅源"),
        *((e, "条目") for e in document.iter(f"{ATOM}entry")),
    ]:
        missing = [
            part
            for part in ("id", "title", "updated")
            if not (parent.findtext(f"{ATOM}{part}") or "").strip()
        ]
        if parent is not document and parent.find(f"{ATOM}link") is None:
            missing.append("link")
        if missing:
            problems.append(f"{url}：{where}缺少 {', '.join(missing)}")
    return problems


def check_internal_links(root, settings):
    site_url = settings.get("SITEURL") or ""
    cache = check_cache(root, settings, LINKS_CACHE)
    problems, _checked = broken_links(root, site_url if is_external(site_url) else "", cache=cache)
    if problems:
        raise BuildFailed(
            f"站内链接失效（{len(problems)} 处）：下面的链接指向不存在的页面或文件。"
            "请改正稿件或模板中的链接后重新构建：\n" + "\n".join(problems)
        )


def check_feeds(root, settings=None):
    problems = feed_problems(root, check_cache(root, settings or {}, FEEDS_CACHE))
    if problems:
        raise BuildFailed(
            "订阅源有错误：请检查模板或插件生成的 XML 后重新构建：\n" + "\n".join(problems)
        )

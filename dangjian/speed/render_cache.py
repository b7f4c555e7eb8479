"""Pages rendered again only when something they show changed: a cache of the writer's
output, keyed by a digest of everything a page's template can see.

Pelican renders every page and feed in every build. A new day's seven pieces change
about a sixth of them (their own pages, the day before's, the listings and feeds they
join, the articles whose related pieces they become); the others come out byte for byte
as the build before wrote them. For each write_file and write_feed call, `Digests.key`
works out a digest of

- the site as a whole (`site_key`): the theme's files, the dangjian package's code, every
  installed distribution's version, Python's, the settings other than paths and caches,
  the column registry. Any change there renders every page again;
- the call: the template's name, the output file's name and its URL (each call writes
  one page: a listing's pages are calls of their own, listing_pages.py);
- each value the template can see. Which names a template reads is Jinja's
  `meta.find_undeclared_variables` over the template and every template it extends,
  includes or imports (TemplateNames), plus what the site's filters that take the
  context read (piece_item and branch_tree: SITEURL). A setting the context holds as
  the settings do is covered by the site's digest; any other value is digested by
  what it is (`Digests.token`):
  - an article or page listed (an issue's or a listing's, related, a feed's entry):
    its source file's path and bytes, the bytes of the pictures it names (Image,
    Photo: their size is in the page), its URL, output file and status; and, if its
    text holds a `{filename}`-style link, every source's address (`all_sources`).
    A template shows nothing else of a listed piece (its column comes from the column
    registry, its authors' and tags' addresses from their names);
  - the page's own article or page (`article`, `page`): that, and its record
    (`piece_token`): its printed page (`Issue.render_digest`: that day's pieces, the
    days before and after), its neighbours there, its related pieces, its organizations
    (name and address, and the names of those above them), and for a draft the terms
    that have no page;
  - a column, tag or author: class, name, slug, URL, output file (a column also its
    registry fields and its pieces); an object of the site with a `render_digest()`
    method (an organization, a printed page, and what a later page of a listing sees
    instead of the listing: listing_pages.Seen and Unseen), what that returns;
  - a page of a listing: its number, addresses, label, pieces and its paginator's (the
    whole list, which its first page may show);
  - a dataclass, its fields; lists, tuples, sets and dicts, their members; strings,
    Markup (told apart: autoescape treats them differently), numbers, dates.
  A value of any other type makes the call uncacheable: it is rendered, as before.

Python filters that read more than their arguments are covered by these digests:
structured_data (the piece's record, an organization's tree), piece_item (a listed
piece), branch_tree (Branch.render_digest), image_size (the pictures' bytes), qr_svg
and share_url (the URL and the settings), fingerprint (the theme's files), site_nav and
canonical_url (the output file's name). A template or filter that comes to show more of
an object must add it here (or to the object's render_digest): tests/pipeline/
test_incremental.py builds a changing site both ways and compares every file.

A call whose key is in the cache is not rendered: its output files are hard-linked from
the cache into the output folder (the same inode and modification time as the build
before: rsync and the like see an unchanged file), and content_written is still sent for
each page, so that the sitemap and the responsive images see the whole site. A call
rendered is stored: its files hard-linked into the cache, unless a plugin rewrote them
when content_written was sent (pelican-image-process rewrites pages with a picture to
resize: those are always rendered). Each cached file's size and modification time are
kept with it: a file written to in place since (it is also an output file) no longer
matches, and its call is rendered again.

The cache is a folder, RENDER_CACHE_PATH (default: `.render-cache` beside the output
folder; "" for none): `pages/index.json` (key → the files of the call, with their size and
modification time), `pages/<2 digits>/<key>.<n>` the files. Entries this build did not
use are removed at its end; deleting the folder is always safe. The contents kept from
the build before (kept.py), when CACHE_CONTENT is on and CACHE_PATH left None, go to
`content/<site key>/` in it (`set_content_cache_path`): a change of code or settings
starts them afresh. So do the articles' checks, kept for the next build in
`checks/<site key>.pickle` (`remembered_checks`, model.check.Remembered), and Jinja's
compiled templates, in `templates/<site key>/` (`cache_compiled_templates`).
"""

import dataclasses
import datetime
import fcntl
import functools
import hashlib
import inspect
import json
import os
import pickle
import re
import shutil
import sys
from contextlib import contextmanager, suppress
from pathlib import Path

import pelican
from jinja2 import FileSystemBytecodeCache, meta
from markupsafe import Markup
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from dangjian.hardlinks import link_if_same
from dangjian.model import Piece
from dangjian.model.check import CheckedFile, Remembered
from dangjian.model.sources import holds_site_link, site_link_pattern
from dangjian.whole_files import write_whole

PACKAGE = Path(__file__).resolve().parent.parent  # dangjian/
DEFAULT_FOLDER = ".render-cache"
PAGES = "pages"
CONTENT = "content"
TEMPLATES = "templates"
NAMES = "names.pickle"  # in the TEMPLATES folder: the names each template reads
CHECKS = "checks"
INDEX = "index.json"
# Settings that name folders of this build, tune caches and processes or say what to log
# and where to serve: the same site comes out whatever they are (the theme's files are
# digested instead of THEME). The registries change with the content: the columns' file
# is digested, organizations where pages show them. COLUMNS holds each column's pieces.
NOT_THE_SITE = {
    "PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH", "RENDER_CACHE_PATH", "QR_CACHE_PATH",
    "PUBLISHED_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CHECK_MODIFIED_METHOD", "GZIP_CACHE",
    "CONTENT_CACHING_LAYER", "BUILD_PROCESSES", "BUILD_FRUGAL_ABOVE_MB", "BUILD_STAGE_PAGES",
    "REGISTRIES", "CHECKED_SOURCES", "COLUMNS", "DEBUG", "LOG_FILTER", "PORT", "BIND",
}  # fmt: skip
# The package's layers that do not run inside Pelican: their code does not make pages.
NOT_IN_PELICAN = {"build", "preview", "desk"}
# Names the site's filters read from the template's context (pass_context)
READ_BY_FILTERS = {"SITEURL"}
ALWAYS_READ = {"output_file", "localsiteurl", *READ_BY_FILTERS}
SUBJECTS = ("article", "page")  # a page's own content: its record counts too
PICTURES = ("image", "photo")  # metadata naming a picture file whose size the page shows
ABSENT = b"-"
METADATA = (".dist-info", ".egg-info")  # an installed distribution's folder
# Lines in index.json are [name, size, mtime_ns]; the files are <key>.<position>.


class Uncacheable(Exception):
    """A value the digests do not know: its call is rendered."""


def folder(settings):
    """The render cache's folder, or None for no render cache."""
    if not settings.get("BUILD_SPEED", True) or settings.get("RENDER_CACHE_PATH") == "":
        return None
    return cache_root(settings)


def beside_output(settings, name):
    """The folder `name` beside the build's output folder (OUTPUT_PATH), where the build's
    caches go (this one, the QR codes', the page images')."""
    output = os.path.abspath(settings.get("OUTPUT_PATH") or "output")
    return os.path.join(os.path.dirname(output), name)


def cache_root(settings):
    """RENDER_CACHE_PATH, or .render-cache beside the output folder."""
    chosen = settings.get("RENDER_CACHE_PATH")
    if chosen:
        return os.path.abspath(chosen)
    return beside_output(settings, DEFAULT_FOLDER)


def stable(value):
    """A text for `value` that is the same in every process and build: no addresses."""
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, str):
        return f"{type(value).__name__}:{str(value)!r}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(stable, value)) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(map(stable, value))) + "}"
    if isinstance(value, dict):
        items = sorted(f"{stable(key)}:{stable(item)}" for key, item in value.items())
        return "{" + ",".join(items) + "}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (stable(getattr(value, f.name)) for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}(" + ",".join(fields) + ")"
    if isinstance(value, re.Pattern):
        return f"re({value.pattern!r},{value.flags})"
    if isinstance(value, type) or callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    shown = repr(value)
    return type(value).__qualname__ if " at 0x" in shown else shown


def files_digest(digest, root, pattern="*", leave_out=()):
    root = Path(root)
    for path in sorted(root.rglob(pattern)):
        relative = path.relative_to(root)
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and relative.parts[0] not in leave_out
        ):
            digest.update(f"{relative}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def code_key():
    """A digest of the code that runs: Python, the installed distributions, the package
    (the files it was loaded from: once per process)."""
    digest = hashlib.sha256(f"{sys.version}\0{pelican.__version__}\0".encode())
    digest.update("\n".join(installed_distributions()).encode())
    files_digest(digest, PACKAGE, "*.py", leave_out=NOT_IN_PELICAN)
    return digest.digest()


def installed_distributions():
    """The installed distributions' metadata folders, `<name>-<version>.dist-info` (or
    .egg-info), on Python's path: their names change with what is installed (reading
    each one's metadata took 13 ms per process)."""
    found = []
    for entry in sys.path:
        with suppress(OSError):
            found += (name for name in os.listdir(entry or ".") if name.endswith(METADATA))
    return sorted(found)


def site_key(settings):
    """A digest of everything every page depends on (see the module's docstring)."""
    digest = hashlib.sha256(code_key())
    if settings.get("THEME") and os.path.isdir(settings["THEME"]):
        files_digest(digest, settings["THEME"])
    for plugins in settings.get("PLUGIN_PATHS") or []:
        if os.path.isdir(plugins):
            files_digest(digest, plugins, "*.py")
    chosen = {name: value for name, value in settings.items() if name not in NOT_THE_SITE}
    digest.update(stable(chosen).encode())
    columns = os.path.join(settings.get("PATH") or "", settings.get("COLUMNS_FILE") or "")
    if os.path.isfile(columns):
        digest.update(Path(columns).read_bytes())
    return digest.hexdigest()


def set_content_cache_path(pelican_instance):
    """Pelican's content cache (with BUILD_SPEED, the kept contents: kept.py), when
    CACHE_PATH is None: in the render cache's folder (cache_root, also with BUILD_SPEED
    or RENDER_CACHE_PATH off) under the site's key (keyed_folder)."""
    settings = pelican_instance.settings
    if settings.get("CACHE_PATH") is not None:
        return
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        settings["CACHE_PATH"] = str(Path(cache_root(settings), CONTENT))  # never used
        return
    settings["CACHE_PATH"] = str(keyed_folder(settings, CONTENT))


def cache_compiled_templates(pelican_instance):
    """Jinja's compiled templates kept for the next build (its FileSystemBytecodeCache,
    each under its source's checksum), under the site's key: Jinja's own keys leave out
    the environment's options, which the code they compile to depends on."""
    settings = pelican_instance.settings
    if folder(settings) is None:
        return
    place = keyed_folder(settings, TEMPLATES)
    place.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(place))
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": cache}


def keyed_folder(settings, kind):
    """The render cache's folder `kind` for this site's key, so that a change of code or
    settings starts it afresh; other keys' folders are removed."""
    place = Path(cache_root(settings), kind)
    key = site_key(settings)[:32]
    if place.is_dir():
        for old in place.iterdir():
            if old.name != key and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    return place / key


@contextmanager
def remembered_checks(settings):
    """The articles' checks of the build before (model.check.Remembered), for check_site,
    and kept for the next build: in the render cache's folder, under the site's key (a
    change of code or settings checks every article again). None without the cache."""
    root = folder(settings)
    if root is None:
        yield None
        return
    place = Path(root, CHECKS)
    kept = place / f"{site_key(settings)[:32]}.pickle"
    before = _unpickled(kept)  # none yet, or unreadable: every article is checked
    memo = Remembered(before if isinstance(before, dict) else {})
    yield memo
    try:
        place.mkdir(parents=True, exist_ok=True)
        _pickle_to(kept, memo.kept())
        for old in place.iterdir():
            if old != kept:
                old.unlink()
    except OSError:
        pass  # not kept: the next build checks every article


class TemplateNames:
    """The context names a template can read: its own undeclared variables and those of
    the templates it extends, includes and imports, with the names the site's filters
    read."""

    def __init__(self, known=None):
        # template name → set, or None when a name cannot be known
        self._names = dict(known or {})
        self._files = {}  # template name → (its own undeclared names, templates it names)

    def known(self):
        """{template name: its names} of the templates met so far."""
        return dict(self._names)

    def of(self, template):
        if template.name not in self._names:
            names, seen, todo = set(ALWAYS_READ), set(), [template.name]
            while todo and names is not None:
                name = todo.pop()
                if name not in seen:
                    seen.add(name)
                    own, referenced = self._file(template.environment, name)
                    if None in referenced:  # a name worked out while rendering
                        names = None
                    else:
                        names |= own
                        todo += referenced
            self._names[template.name] = names
        return self._names[template.name]

    def _file(self, environment, name):
        if name not in self._files:
            tree = environment.parse(environment.loader.get_source(environment, name)[0])
            self._files[name] = (
                meta.find_undeclared_variables(tree),
                list(meta.find_referenced_templates(tree)),
            )
        return self._files[name]


def template_names(settings, templates):
    """A TemplateNames that knows the names of `templates` (the Jinja templates of a
    build's pages): as the build before found them, kept in the compiled templates'
    folder (the theme's files are in the site's key), else found now and kept there."""
    names, kept = TemplateNames(), None
    compiled = (settings.get("JINJA_ENVIRONMENT") or {}).get("bytecode_cache")
    if isinstance(compiled, FileSystemBytecodeCache):  # cache_compiled_templates's
        kept = Path(compiled.directory, NAMES)
        known = _unpickled(kept)  # none yet, or unreadable: found again
        names = TemplateNames(known if isinstance(known, dict) else {})
    before = names.known()
    for template in templates:
        names.of(template)
    if kept is not None and names.known() != before:
        with suppress(OSError):
            _pickle_to(kept, names.known())
    return names


def _unpickled(path):
    """What the pickle file `path` holds; {} if there is none, or it cannot be read."""
    try:
        return pickle.loads(path.read_bytes())
    except Exception:
        return {}


def _pickle_to(path, data):
    """Replace the file `path` with `data` pickled, whole."""
    write_whole(path, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def arguments(method):
    """A function binding a call's arguments as `method` (a Writer method) takes them:
    {parameter: value, "kwargs": the others}. inspect's bind, without its cost."""
    parameters = list(inspect.signature(method).parameters.values())[1:]  # no self
    names = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
    defaults = {p.name: p.default for p in parameters if p.default is not p.empty}

    def bind(args, kwargs):
        given = {**defaults, **dict(zip(names, args, strict=False)), "kwargs": {}}
        for name, value in kwargs.items():
            if name in defaults or name in names:
                given[name] = value
            else:
                given["kwargs"][name] = value
        return given

    return bind


WRITE_FILE = arguments(Writer.write_file)
WRITE_FEED = arguments(Writer.write_feed)


class Digests:
    """The keys of one build's write calls. Digests of objects are kept by identity for
    the build (the objects with them, so that no identity is reused)."""

    def __init__(self, settings, names=None):
        self.settings = settings
        self.site = site_key(settings).encode()
        self.names = names or TemplateNames()
        self.context = {}  # the call's context (all_sources reads what it shares)
        self._memo = {}  # id(object) → (object, digest)
        self._shared = {}  # (id(context), template, names passed) → (context, digest)
        # path → CheckedFile: the content check's of every article file (CHECKED_SOURCES),
        # read here otherwise
        self._files = dict(settings.get("CHECKED_SOURCES") or {})
        self._all_sources = None
        self._links = site_link_pattern(settings)

    # --- the calls

    def key(self, call):
        """The call's key, or None when it cannot be cached."""
        try:
            if call.method is Writer.write_file:
                return self._file_key(call)
            if call.method is Writer.write_feed:
                return self._feed_key(call)
        except Uncacheable:
            return None
        return None

    def _file_key(self, call):
        given = WRITE_FILE(call.args, call.kwargs)
        if given["override_output"] or given["relative_urls"] or not given["name"]:
            return None
        template, context, kwargs = given["template"], given["context"], given["kwargs"]
        self.context = context
        names = self.names.of(template)
        if names is None:
            return None
        local = {"output_file": given["name"], **kwargs}
        local.setdefault("localsiteurl", context.get("localsiteurl"))
        parts = [
            b"file",
            self.site,
            str(template.name).encode(),
            str(given["name"]).encode(),
            stable(given["url"]).encode(),
            stable(given["template_name"]).encode(),
            self.shared(template, context, names, local),
        ]
        for name in sorted(names & local.keys()):
            value = local[name]
            if name in SUBJECTS and name in kwargs and isinstance(value, Content):
                token = self.subject(value)
            else:
                token = self.named(name, value)
            parts += [name.encode(), token]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    def shared(self, template, context, names, local):
        """A digest of the values the template reads from the context, not the call's own:
        the same for the calls that share a context (QueuedWriter.copy_context) and pass
        the same names."""
        memo = (id(context), template.name, tuple(local))
        known = self._shared.get(memo)
        if known is None:
            parts = []
            for name in sorted(names - local.keys()):
                value = context.get(name, ABSENT)
                if value is ABSENT:
                    value = template.environment.globals.get(name, ABSENT)
                parts += [name.encode(), self.named(name, value)]
            known = self._shared[memo] = (context, hashlib.sha256(b"\0".join(parts)).digest())
        return known[1]

    def named(self, name, value):
        """The token of the value a template sees as `name`: a setting's is in the site's."""
        if value is ABSENT:
            return ABSENT
        if name.isupper() and name not in NOT_THE_SITE and value is self.settings.get(name):
            return b"setting"
        return self.token(value)

    def _feed_key(self, call):
        given = WRITE_FEED(call.args, call.kwargs)
        if given["override_output"] or not given["path"]:
            return None
        context = self.context = given["context"]
        elements = given["elements"][: self.settings.get("FEED_MAX_ITEMS")]
        parts = [
            b"feed",
            self.site,
            stable([given[name] for name in ("path", "url", "feed_type", "feed_title")]).encode(),
            stable(
                [
                    context.get(name)
                    for name in ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")
                ]
            ).encode(),
            self.token(list(elements)),
        ]
        return hashlib.sha256(b"\0".join(parts)).hexdigest()

    # --- values

    def token(self, value):
        """Bytes standing for `value` as templates can see it."""
        known = self._memo.get(id(value))  # first: most values are objects met before
        if known is not None:
            return known[1]
        if value is None or isinstance(value, (bool, int, float)):
            return f"{type(value).__name__}:{value!r}".encode()
        if isinstance(value, str):  # Markup and str render differently: told apart
            return (b"m:" if isinstance(value, Markup) else b"s:") + value.encode()
        if isinstance(value, (datetime.date, datetime.time)):
            return (
                f"d:{value.isoformat()}:{value.tzinfo if hasattr(value, 'tzinfo') else ''}".encode()
            )
        key = self._memo_key(value)
        known = self._memo.get(key)
        if known is None:
            digest = b"#" + hashlib.sha256(b"\0".join(self._parts(value))).digest()
            known = self._memo[key] = (value, digest)  # the object kept: its id stays its own
        return known[1]

    def _memo_key(self, value):
        """Where a value's token is kept: under its identity; for a value whose type has
        render_digest_key(), under that key, which values alike share (a later page of a
        listing is Seen from the pages on both sides: at 5,000 articles, 5,700 Seen showed
        4,200 different things)."""
        alike = getattr(type(value), "render_digest_key", None)
        return id(value) if alike is None else (type(value), *alike(value))

    def _parts(self, value):
        if type(value) in (list, tuple):  # the most common: a page's listed pieces
            return self._members(value)
        if isinstance(value, Content):
            return self.listed_parts(value)
        if hasattr(value, "render_digest"):  # the site's own objects
            return [type(value).__qualname__.encode(), self.token(value.render_digest())]
        if isinstance(value, URLWrapper):
            return self.wrapper_parts(value)
        if isinstance(value, Page):
            return self.page_parts(value)
        if isinstance(value, Paginator):
            return self.paginator_parts(value)
        if isinstance(value, Piece):
            return self.piece_parts(value)
        if isinstance(value, (list, tuple)):
            return self._members(value)
        if isinstance(value, (set, frozenset)):
            return [b"set", *sorted(map(self.token, value))]
        if isinstance(value, dict):
            items = sorted(self.token(key) + b"=" + self.token(item) for key, item in value.items())
            return [b"dict", *items]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = [self.token(getattr(value, f.name)) for f in dataclasses.fields(value)]
            return [type(value).__qualname__.encode(), *fields]
        if callable(value):
            return [b"callable", stable(value).encode()]
        raise Uncacheable(type(value))

    def _members(self, values):
        """A list's or tuple's parts: its members' tokens, those met before looked up here
        (at 5,000 articles, 140,000 of a publish's 300,000 tokens were listed articles)."""
        memo, parts = self._memo, [b"list"]
        for member in values:
            known = memo.get(id(member))
            parts.append(self.token(member) if known is None else known[1])
        return parts

    def file(self, path):
        """A digest of a file's bytes (b"missing" if it cannot be read)."""
        return self._read(path).digest

    def _read(self, path):
        """The CheckedFile of a file (its digest, whether its text holds an intrasite
        link): the content check's, else read here."""
        path = os.path.abspath(path)
        if path not in self._files:
            try:
                with open(path, "rb") as data:
                    read = data.read()
            except OSError:
                self._files[path] = CheckedFile(b"missing", True)
            else:
                digest = hashlib.sha256(read).digest()
                self._files[path] = CheckedFile(digest, holds_site_link(read, self._links))
        return self._files[path]

    def listed_parts(self, content):
        """An article or page as any page shows it (see the module's docstring)."""
        source, links, _identity = self._read(content.source_path)
        parts = [
            type(content).__name__.encode(),
            str(content.relative_source_path).encode(),
            source,
            str(content.url).encode(),
            str(content.save_as).encode(),
            str(content.status).encode(),
        ]
        for name in PICTURES:
            picture = content.metadata.get(name)
            if picture:
                parts.append(self.file(os.path.join(self.settings["PATH"], str(picture))))
        if links:
            parts.append(self.all_sources())
        return parts

    def all_sources(self):
        """Every content file's address: what `{filename}` and `{static}` links resolve to."""
        if self._all_sources is None:
            places = []
            for key in ("generated_content", "static_content"):
                for path, content in (self.context.get(key) or {}).items():
                    places.append(f"{key}\0{path}\0{getattr(content, 'url', '')}")
            self._all_sources = hashlib.sha256("\n".join(sorted(places)).encode()).digest()
        return self._all_sources

    def subject(self, content):
        """The page's own article or page: as listed, and its record."""
        key = ("subject", id(content))
        known = self._memo.get(key)
        if known is None:
            parts = [b"subject", self.token(content)]
            piece = getattr(content, "piece", None)
            if piece is not None:
                parts.append(self.token(piece))
            known = (content, b"#" + hashlib.sha256(b"\0".join(parts)).digest())
            self._memo[key] = known
        return known[1]

    def piece_parts(self, piece):
        """The record of the page's own article (its list item, `listed`, left out)."""
        # Its type, credit and length come from its source, in the article's own token.
        # Its organizations as its page shows them: names and addresses (the names above
        # them are search_branches); not their trees or counts.
        named = [f"{branch.name}\1{branch.url}" for branch in piece.branches]
        texts = [named, list(map(str, piece.search_branches)), sorted(map(str, piece.unlinked))]
        return [
            b"piece",
            self.token(piece.issue),
            self.token(piece.previous_in_issue),
            self.token(piece.next_in_issue),
            self.token(piece.related),
            "\2".join("\0".join(text) for text in texts).encode(),
        ]

    def wrapper_parts(self, wrapper):
        """A column, tag or author; a column with its registry fields and pieces."""
        parts = [type(wrapper).__qualname__.encode()]
        parts += [
            self.token(str(getattr(wrapper, name))) for name in ("name", "slug", "url", "save_as")
        ]
        for name in ("description", "order", "articles"):
            if name in vars(wrapper):
                parts.append(name.encode() + b"=" + self.token(vars(wrapper)[name]))
        return parts

    def page_parts(self, page):
        """A page of a listing, with its paginator (a first page may read the whole list)."""
        shown = [page.number, page.url, page.save_as]
        shown += [getattr(page, name, None) for name in ("label", "shows_overview")]
        listed = [page.object_list, page.paginator]
        return [b"page", self.token(shown), *map(self.token, listed)]

    def paginator_parts(self, paginator):
        shown = [paginator.name, paginator.url, paginator.per_page, paginator.num_pages]
        return [b"paginator", self.token(shown), self.token(paginator.object_list)]


class Store:
    """The cache's files: entries by key, each the output files of one call. `published`:
    the folder of the site as published now (PUBLISHED_PATH), or None."""

    def __init__(self, root, published=None):
        self.published = published
        self.root = Path(root, PAGES)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.root / ".lock", "a+")  # noqa: SIM115 (closed by close())
        fcntl.flock(self._lock, fcntl.LOCK_EX)  # one build at a time
        try:
            self.index = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        self.used = {}  # this build's entries
        self.linked = self.rendered = 0  # files linked from the cache, and rendered
        self._folders = set()

    def _file(self, key, position):
        """The path of the entry's file at `position`: a string (joined by hand: pathlib
        took 0.04 s of a publish's 11,000 lookups)."""
        return f"{self.root}{os.sep}{key[:2]}{os.sep}{key}.{position}"

    def cached(self, key):
        """The entry's files, [(file in the cache, output file)]; None if it has none (or
        one of its files changed since it was stored). Counted as used by `use`."""
        entry = self.index.get(key)
        if not entry:
            return None
        files = []
        for position, (name, size, mtime) in enumerate(entry):
            cached = self._file(key, position)
            try:
                found = os.stat(cached)
            except OSError:
                return None
            if (found.st_size, found.st_mtime_ns) != (size, mtime):
                return None
            files.append((cached, name))
        return files

    def use(self, key, files):
        """Keep the entry `key`, whose files `cached` found, for the next build."""
        self.used[key] = self.index[key]
        self.linked += len(files)

    def link(self, files, output_path):
        """Hard-link an entry's files (`cached`) into the output folder."""
        for cached, name in files:
            target = os.path.join(output_path, name)
            place = os.path.dirname(target)
            if place not in self._folders:
                try:  # mostly a page's own new folder in a folder made already
                    os.mkdir(place)
                except FileExistsError:
                    pass
                except FileNotFoundError:
                    os.makedirs(place, exist_ok=True)
                self._folders.add(place)
            if os.path.lexists(target):  # never write through a link into the cache
                os.unlink(target)
            os.link(cached, target)

    def store(self, key, output_path, names):
        """Keep the files `names` (relative to the output folder) as the entry `key`. A file
        with the same bytes as the published site's is that file first (a hard link), so
        that the build's pipeline finds it unchanged (keep_unchanged) without reading it,
        in this build and in each that links the entry."""
        entry = []
        for position, name in enumerate(names):
            source = os.path.join(output_path, name)
            if self.published:
                link_if_same(source, os.path.join(self.published, name))
            cached = self._file(key, position)
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            partial = f"{cached}.{os.getpid()}.new"
            try:
                os.link(source, partial)
                os.replace(partial, cached)
                found = os.stat(cached)
            except OSError:  # another file system, or gone: not kept
                return
            entry.append([name, found.st_size, found.st_mtime_ns])
        self.used[key] = entry

    def summary(self):
        """One line for the build's log, in Chinese."""
        return (
            f"网页和订阅源：{self.linked} 个与上次构建相同，直接沿用（{DEFAULT_FOLDER}）；"
            f"{self.rendered} 个重新生成。"
        )

    def close(self):
        """Keep this build's entries and remove the others; release the lock."""
        try:
            write_whole(self.root / INDEX, json.dumps(self.used))
            for shard in self.root.iterdir():
                if not shard.is_dir():
                    continue
                for file in os.scandir(shard):
                    key, _, position = file.name.partition(".")
                    entry = self.used.get(key)
                    if not (entry and position.isdigit() and int(position) < len(entry)):
                        os.unlink(file.path)
        finally:
            self._lock.close()

    def abandon(self):
        """A build that failed: the entries it stored are added, none removed."""
        try:
            self.index.update(self.used)
            self.used = self.index
            write_whole(self.root / INDEX, json.dumps(self.used))
        finally:
            self._lock.close()


def open_store(settings):
    root = folder(settings)
    if root is None:
        return None
    try:
        return Store(root, settings.get("PUBLISHED_PATH"))
    except OSError:
        return None  # a folder that cannot be written: the build renders everything

"""Articles and pages kept from the build before, as they were read: a build reads only
the sources that changed.

Pelican's content cache keeps each source's converted Markdown and raw metadata, and
every build still makes every article from it again: Pelican's Content, its metadata
processed, the site's receivers of `content_object_init` (slug, summary, sanitized
body, column, record, corrections), Pelican's validity check. At 5,000 articles that
was about 4 of the 13 seconds Pelican spent on a new day (bench/RESULTS.md).

`Kept` keeps the objects themselves. Pelican's generators ask their cache for a source's
content before reading it and give it each one they read and found valid
(`get_cached_data`, `cache_data`); `internals.keep_contents` points both at a Kept. Each
content is pickled as Pelican hands it over, before anything else of the build touched
it, so that a kept one goes on through the build exactly as a freshly read one does
(tests/pipeline/test_incremental.py compares with a clean build). What an object shares
with the whole build is not pickled but named, and taken from the running build when
it is loaded: the settings, the generators' context, the registered columns (`shared`).
A kept content whose names the build no longer has is read again. The signals sent while
a source is read (article_generator_preread, article_generator_context,
content_object_init) are sent for the sources read only: their receivers change the
content and nothing else (docs/architecture.md).

A source is the same when its bytes are (their SHA-256: the content check's,
CHECKED_SOURCES, when it is done, with the file's identity it took before reading them;
the one kept, while the file is the very file the build before read, as the render cache
judges its files; else read here).
Anything else a content read depends on (the code, the settings, the installed
libraries, the column registry) is in the site's key (render_cache.site_key), but the
day: with WITH_FUTURE_DATES = False an article dated after now, which Pelican makes a
draft until then, is not kept (`dated_before_now`). The key names the file:
`<CACHE_PATH>/<site key>.<generator>.kept`. The file is the pickles one after the other
and, at its end, the content folder's path (a content holds its source's absolute path:
a folder moved reads everything again), the index (source → SHA-256, offset, length,
address, the file's identity: device, inode, size, modification time) and its offset. A
build reads only the pickles it uses, and writes the next file as it reads (a kept
pickle is copied, a new one added): at 100,000 articles nothing of the kind is held in
memory. It replaces the file once the generator's contents have their final addresses
(their URL and output file, worked out by Pelican's URL code from the content and the
settings: kept with it, a kept content is given its address instead of working it out
again); a build that stops before leaves the file of the build before. The contents of
the unchanged sources are loaded once every generator is made, before any reads
(`load_ahead`), while the content check runs in another process (site/content.py).

Pelican's settings are honoured: LOAD_CONTENT_CACHE (False, or `pelican
--ignore-cache`: every source is read), CACHE_CONTENT (False: nothing kept), CACHE_PATH.
"""

import contextlib
import datetime
import gc
import io
import os
import pickle
import struct
import tempfile
import time
from pathlib import Path

from pelican.urlwrappers import URLWrapper

from dangjian.hardlinks import identity

from . import internals
from .parallel import file_digest
from .render_cache import site_key

SUFFIX = ".kept"
LABELS = {"ArticlesGenerator": "稿件", "PagesGenerator": "页面"}  # in the build's log
LEFT_BEHIND = 3600  # seconds: a half-written file this old is what a killed build left
TRAILER = struct.Struct("<Q")  # the index's offset, the file's last 8 bytes
WRITTEN_AT_ONCE = 1 << 20  # bytes: the next file is written in pieces this large, not one
# system call per content (6,000 of them took 0.05 s)


class Kept:
    """One generator's kept contents (see the module's docstring), in the file `path`,
    of the sources under `root` (named relative to it, as Pelican's generators name
    them). `shared`: name → an object of the running build that a content refers to and
    that stays the build's."""

    def __init__(
        self, path, root, shared, load=True, save=True, label="源文件", lasting=None, checked=None
    ):
        self.path = Path(path)
        self._checked = checked or {}  # the content check's sources (CHECKED_SOURCES)
        self.label = label
        self._lasting = lasting  # whether a content as read holds on another day too
        self.reused = self.read = 0
        self._root = os.path.abspath(root)
        self._shared = shared
        self._ids = {id(value): name for name, value in shared.items()}
        self._stamps = {}
        self._before, self._index_before = self._open() if load else (None, {})
        self._save = save
        self._next = None  # (path, descriptor) of the file being written, from the first content
        self._size = self._written = 0  # bytes of it, and of them written (_append)
        self._unwritten = []
        self._index = {}
        # id(content) → (the content, held so that its id is not another's; its source;
        # its address in the build before)
        self._given = {}
        self._ahead = {}  # source → its content, loaded ahead (load_ahead)

    def _open(self):
        """(descriptor, index) of the kept file; (None, {}) if there is none to read."""
        try:
            descriptor = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None, {}
        try:
            end = os.fstat(descriptor).st_size - TRAILER.size
            (at,) = TRAILER.unpack(os.pread(descriptor, TRAILER.size, end))
            root, index = pickle.loads(os.pread(descriptor, end - at, at))
            if root == self._root and isinstance(index, dict):  # paths in it are absolute
                return descriptor, index
        except Exception:  # not a kept file (cut short, another format): read everything
            pass
        os.close(descriptor)
        return None, {}

    def stamp(self, source):
        """The SHA-256 of the source's bytes: the content check's, else the one kept while
        the file is the very file the build before read (the same inode, size and
        modification time), else read here."""
        return self._stamped(source)[0]

    def _stamped(self, source):
        """(stamp, the file's identity) of `source`; (None, None) if it cannot be read.
        Both the content check's when it looked at the file (CheckedFile): its identity
        was taken before it read those bytes."""
        if source not in self._stamps:
            path = os.path.join(self._root, source)
            checked = self._checked.get(path)
            if checked is not None and checked.identity is not None:
                self._stamps[source] = (checked.digest, checked.identity)
                return self._stamps[source]
            kept = self._index_before.get(source)
            try:
                seen = identity(path)
                if checked is not None:
                    stamp = checked.digest
                elif kept is not None and kept[4] == seen:
                    stamp = kept[0]
                else:
                    stamp = file_digest(path)
                self._stamps[source] = (stamp, seen)
            except OSError:
                self._stamps[source] = (None, None)
        return self._stamps[source]

    def has(self, source):
        """Whether `source` has a kept content of these bytes."""
        kept = self._index_before.get(source)
        return kept is not None and kept[0] == self.stamp(source)

    def get(self, source, default=None):
        """The content kept for `source`, as read; `default` if there is none for its
        bytes (Pelican's get_cached_data)."""
        if not self.has(source):
            _read_since_frozen()  # the source is read
            return default
        _stamp, at, length, address, _identity = self._index_before[source]
        content = self._ahead.pop(source, None)
        try:
            pickled = os.pread(self._before, length, at)
            if content is None:
                content = self._load(pickled)
                _freeze_loaded()
        except Exception:  # unreadable, or naming what this build does not have
            _read_since_frozen()
            return default
        self._write(source, pickled)
        self._given[id(content)] = (content, source, address)
        self.reused += 1
        return content

    def load_ahead(self):
        """Load now, in the file's order, every kept content of a source whose bytes are
        the same, for get() to hand over when Pelican asks (while the content check runs
        in another process: site/content.py)."""
        _freeze_loaded()  # what the build made so far, collected first
        with _collector_paused():  # loading makes no garbage
            for source, (stamp, at, length, _address, _identity) in sorted(
                self._index_before.items(), key=lambda item: item[1][1]
            ):
                if self.stamp(source) == stamp:
                    with contextlib.suppress(Exception):  # get() says why not
                        self._ahead[source] = self._load(os.pread(self._before, length, at))
            _freeze_loaded()  # before the collector would go through them all

    def _load(self, pickled):
        return _Unpickler(io.BytesIO(pickled), self._shared).load()

    def keep(self, source, content):
        """Keep `content`, just read from `source` (Pelican's cache_data)."""
        self.read += 1
        if self._lasting is not None and not self._lasting(content):
            return
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self._ids).dump(content)
        except Exception:  # something in it that does not pickle: read again next time
            return
        self._write(source, buffer.getvalue())
        self._given[id(content)] = (content, source, None)

    def address(self, content):
        """(URL, output file) of `content` in the build before, if it is a content kept
        from there: the same bytes read by the same code with the same settings, which
        are all a dated content's address is made of. None for a content read."""
        return self._given.get(id(content), (None, None, None))[2]

    def remember_address(self, content, address):
        """Keep `content`'s final (URL, output file) with it for the next build; not
        for a content without a date, which Pelican addresses with the clock's."""
        source = self._given.get(id(content), (None, None, None))[1]
        if source in self._index and hasattr(content, "date"):
            stamp, at, length, _none, seen = self._index[source]
            self._index[source] = (stamp, at, length, address, seen)

    def _write(self, source, pickled):
        stamp, seen = self._stamped(source)
        if not self._save or stamp is None:
            return
        try:
            if self._next is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                descriptor, name = tempfile.mkstemp(".new", f".{self.path.name}.", self.path.parent)
                self._next = name, descriptor
            self._index[source] = (stamp, self._size, len(pickled), None, seen)
            self._append(pickled)
        except OSError:  # a cache folder that cannot be written (full, read-only): not kept
            self._give_up()

    def _append(self, data, last=False):
        """Add `data` to the next file: written a megabyte at a time (WRITTEN_AT_ONCE), and
        all of it once the `last` is added."""
        self._unwritten.append(data)
        self._size += len(data)
        if last or self._size - self._written >= WRITTEN_AT_ONCE:
            unwritten = memoryview(b"".join(self._unwritten))
            self._unwritten = []
            self._written = self._size
            while unwritten:
                unwritten = unwritten[os.write(self._next[1], unwritten) :]

    def _give_up(self):
        """Keep nothing from this build: the next one reads what it must."""
        self._save = False
        self._unwritten = []
        if self._next is not None:
            name, descriptor = self._next
            self._next = None
            os.close(descriptor)
            Path(name).unlink(missing_ok=True)

    def save(self):
        """Replace the kept file with what this build read, once the contents' addresses
        are final (reader.finalize_articles, finalize_pages), and remove the files of
        other site keys and any a killed build left half-written."""
        self._given = {}
        if self.reused or self.read:
            print(self.summary(), flush=True)
        if self._before is not None:
            os.close(self._before)
            self._before = None
        if self._next is None:
            return
        try:
            at = self._size
            self._append(pickle.dumps((self._root, self._index), pickle.HIGHEST_PROTOCOL))
            self._append(TRAILER.pack(at), last=True)
            os.replace(self._next[0], self.path)
        except OSError:
            self._give_up()
            return
        os.close(self._next[1])
        self._next = None
        kind = self.path.name.partition(".")[2]  # <generator>.kept
        others = self.path.parent.glob(f"*.{kind}")
        # half-written: an hour old, not another build's of this minute (the preview's
        # caches are shared by every preview of the machine)
        left = [p for p in self.path.parent.glob(f".*.{kind}.*") if _age(p) > LEFT_BEHIND]
        for other in [*others, *left]:
            if other != self.path:
                with contextlib.suppress(OSError):
                    other.unlink()

    def summary(self):
        """One line for the build's log, in Chinese."""
        return f"{self.label}：{self.reused} 篇与上次构建相同，直接沿用；{self.read} 篇重新读取。"


# Whether the objects a build has made are frozen (gc.freeze) as the kept contents are
# loaded: set by a process that ends with its build (run_pelican). Python's collector
# would otherwise go through each kept content again and again while the others load
# (0.15 s of a daily publish at 5,000 articles); they last as long as the build. Frozen
# garbage is never collected: what a source read since the last freeze left behind is
# collected first (the young and middle generations), and a process that builds again
# (the preview's) would keep each build's.
FREEZE_LOADED = False
_collect_before_freezing = True  # garbage may have been made since the last freeze


def _freeze_loaded():
    global _collect_before_freezing
    if FREEZE_LOADED:
        if _collect_before_freezing:  # a source read may have left garbage cycles behind
            gc.collect(1)
            _collect_before_freezing = False
        gc.freeze()


@contextlib.contextmanager
def _collector_paused():
    """Python's collector paused while the block runs, where the objects made are all
    frozen after it (FREEZE_LOADED)."""
    paused = FREEZE_LOADED and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _read_since_frozen():
    global _collect_before_freezing
    _collect_before_freezing = True


def _age(path):
    """Seconds since `path` was last written (0 if it is gone)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0


class _Pickler(pickle.Pickler):
    def __init__(self, file, ids):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._ids = ids

    def persistent_id(self, obj):
        return self._ids.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, shared):
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, name):
        return self._shared[name]  # KeyError: read again


def cache_at_generators(pelican):
    """Pelican's readers cache nothing: the generators keep whole contents (Kept)."""
    pelican.settings["CONTENT_CACHING_LAYER"] = "generator"


def keep_contents(generator):
    """At a generator's start: its contents kept from the build before, and for the next."""
    settings = generator.settings
    load, save = settings.get("LOAD_CONTENT_CACHE"), settings.get("CACHE_CONTENT")
    if not (load or save):
        return
    name = f"{site_key(settings)[:32]}.{type(generator).__name__}{SUFFIX}"
    path = Path(settings["CACHE_PATH"], name)
    label = LABELS.get(type(generator).__name__, "源文件")
    lasting = None if settings.get("WITH_FUTURE_DATES", True) else dated_before_now
    checked = settings.get("CHECKED_SOURCES")
    kept = Kept(path, generator.path, shared(generator), load, save, label, lasting, checked)
    internals.keep_contents(generator, kept)


def load_ahead(_pelican, generators):
    """Before the generators read: each one's kept contents loaded (Kept.load_ahead)."""
    for generator in generators:
        kept = getattr(generator, "kept", None)
        if kept is not None:
            kept.load_ahead()


def dated_before_now(content):
    """With WITH_FUTURE_DATES = False, Pelican makes an article dated after now a draft:
    until that date, it is read again."""
    date = getattr(content, "date", None)
    if not isinstance(date, datetime.datetime):
        return True
    now = datetime.datetime.now(datetime.UTC if date.tzinfo else None)
    return date <= now


def shared(generator):
    """The objects of the build a content may refer to: the settings, the context and
    the terms a setting lists (the registered columns, COLUMNS)."""
    objects = {"settings": generator.settings, "context": generator.context}
    for name, value in generator.settings.items():
        if isinstance(value, (list, tuple)):
            objects.update(
                (f"{name}:{at}", term)
                for at, term in enumerate(value)
                if isinstance(term, URLWrapper)
            )
    return objects

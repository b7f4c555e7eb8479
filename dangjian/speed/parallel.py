"""Pages and feeds rendered by several processes, byte for byte as one process would.

Pelican renders and writes every page in one process, leaving the other cores idle.
QueuedWriter takes each write_file and write_feed call as Pelican's generators make
it, with the context as it is at that moment (Pelican copies it then too), and
once all generators are done, `render_queued()` forks worker processes that make
the calls: each output file goes to one worker, chosen from its name, so a worker
sees every call for its files in Pelican's order and Pelican's check against
writing a file twice still holds. The forked workers share the whole built
context; none of it is pickled.

Plugins that listen to content_written (a sitemap, responsive images) keep their
state in this process and may read or rewrite the written page: the workers do
not tell them; once every page is on disk, the writer goes through the calls again
in Pelican's order without rendering anything and sends content_written for each
page with the context Pelican would have sent.

A forked worker shares this process's memory until one of them writes to it, and CPython
writes to every object it reads (its reference count) and into the gaps of its heap it
allocates from: while workers render, a good part of this process's memory is there
twice (at 100,000 articles, 1.9 GB in all beside a process of 1.2 GB). A process that has
been above BUILD_FRUGAL_ABOVE_MB makes its calls in stages instead (`stages`): the pages
of one article each, BUILD_STAGE_PAGES a stage in Pelican's order (the articles were read
in that order, and lie in memory in it), then the pages that list many pieces. A stage's
keys are worked out just before it renders, by workers forked for them only, and its
pages rendered by this process and forked workers, whose copies go when they end; the
last stage, keys and pages, by this process alone, with no worker forked after it.

With the render cache (render_cache.py), a call whose key is in the cache is not
rendered. The keys are worked out first, by workers forked for that, each for the calls
of its files (the keys come back pickled); then the worker a call's file goes to
hard-links its files from the cache (making each page's folder and linking its file is
most of a new day's writing on some file systems, so the workers share it), and
content_written is sent for its pages all the same; the calls rendered are stored there
once content_written has been sent for them (unless a plugin rewrote a page then). With
BUILD_PROCESSES = 1 the calls are queued too, and made in this process.

Done in this process, in Pelican's order, without the render cache, instead: with
BUILD_PROCESSES = 1 and no render cache, with relative URLs (Pelican's writer then
carries state from one page to the next) or when a plugin listens to feed_written.
"""

import contextlib
import gc
import hashlib
import operator
import os
import pickle
import resource
import sys
import traceback
import zlib
from dataclasses import dataclass
from functools import partial
from itertools import chain

from blinker import signal
from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from dangjian.errors import BuildStopped, log
from dangjian.model import Problem

from . import internals, render_cache
from .feeds import FeedEntriesWriter
from .listing_pages import OverviewRead, overview_reads_stop_the_build

_queued = []  # QueuedWriters with calls not yet made

# Calls made between two full collections of the objects the rendering made. A page
# leaves cycles behind (a template imported `with context` and its macros hold each
# other), which Python's collector finds only in a full collection, rare with the build's
# thresholds (run_pelican): at 20,000 articles, 3,000 such contexts (10 MB) in each worker
# at its end. Made after the fork, only those objects are looked at (gc.freeze): 0.1 s
# for 16,000 calls.
COLLECTED_EVERY = 500

# A Pelican process that has been above this resident size (BUILD_FRUGAL_ABOVE_MB)
# renders in stages (`stages`): at 20,000 articles it holds some 350 MB when its workers
# fork, at 100,000 some 1.0-1.2 GB.
FRUGAL_ABOVE_MB = 768
# Pages of one article each that one stage's workers make (BUILD_STAGE_PAGES): the
# memory they copy grows with the pages (at 100,000 articles, up to 280 MB for a stage of
# 5,000 pages, 140 MB for 2,500), each stage costs two forks.
PAGES_PER_STAGE = 2_500

# Sent by each QueuedWriter before its workers fork (those of each stage: `stages`), with
# `pages`: (template, context, keyword arguments) of each write_file call they render (not
# those the render cache holds). A receiver may make what those pages need once, for
# every worker to share. Not sent when the calls are made in Pelican's order (relative
# URLs: each page's SITEURL is its own).
before_rendering = signal("dangjian-before-rendering")
_announced = {"from cache": False}  # of the page content_written is being sent for


def announced_from_cache():
    """Whether the page content_written is being sent for was linked from the render
    cache, not rendered: the cache keeps a page only as rendered, never one a receiver
    rewrote (store_rendered), so a receiver that only rewrites some pages has nothing to
    do there (speed.unless_from_cache)."""
    return _announced["from cache"]


def processes(settings):
    count = settings.get("BUILD_PROCESSES")
    return max(1, int(count if count is not None else len(os.sched_getaffinity(0))))


@dataclass
class Call:
    method: object  # Writer.write_file or Writer.write_feed
    name: str  # the output file, relative to the output folder
    args: tuple
    kwargs: dict

    def make(self, writer):
        self.method(writer, *self.args, **self.kwargs)

    @property
    def context(self):
        return self.args[2] if self.method is Writer.write_file else self.args[1]


class _Unrendered:
    """A template for going through a write_file call again: the page exists already."""

    @staticmethod
    def render(_context):
        return ""


class _Nowhere:
    """A file for going through a write_file call again, that writes nothing."""

    def __enter__(self):
        return self

    def __exit__(self, *_error):
        return False

    def write(self, text):
        return len(text)


_NOWHERE = _Nowhere()


class QueuedWriter(FeedEntriesWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.calls = []
        self.replaying = False
        self.opened = None  # while a call is replayed: (file, digest of its bytes) it wrote
        self._copied = None  # the last copy of a context, for calls that follow
        _queued.append(self)

    def copy_context(self, context):
        """The context as it is now. Calls in a row mostly pass a context that has not
        changed since the last call: they share that call's copy (at 5,000 articles,
        6,400 copies of 250 entries were 40 MB)."""
        copied = self._copied
        unchanged = (
            copied is not None
            and len(copied) == len(context)
            and all(map(operator.is_, context, copied))  # the same keys, in the same order
            and all(map(operator.is_, context.values(), copied.values()))
        )
        if not unchanged:
            self._copied = context.copy()
        return self._copied

    def write_page(self, name, template, context, *args, **kwargs):
        arguments = (name, template, self.copy_context(context), *args)
        self.calls.append(Call(Writer.write_file, name, arguments, kwargs))

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        arguments = (elements, self.copy_context(context), path, *args)
        self.calls.append(Call(Writer.write_feed, path, arguments, kwargs))

    def _open_w(self, filename, encoding, override=False):
        if self.replaying:  # the worker wrote this file, and checked it was written once
            if self.opened is not None:
                self.opened.append((filename, file_digest(filename)))
            return _NOWHERE
        if os.path.lexists(filename) and os.stat(filename).st_nlink > 1:
            # a file linked from the render cache: never written through
            os.unlink(filename)
        return super()._open_w(filename, encoding, override)

    def render(self, workers, store=None):
        """Make the calls queued; `store` the render cache (render_cache.Store), or None."""
        calls, self.calls = self.calls, []
        self._copied = None  # making the calls may change the copies
        if self.settings.get("RELATIVE_URLS") or signals.feed_written.receivers:
            for call in calls:
                with overview_reads_stop_the_build(call.name):
                    call.make(self)
            return
        keys, cached, failures = {}, {}, []
        per_stage = pages_per_stage(self.settings, workers)
        names = self.template_names(calls) if store is not None else None
        with signals.content_written.muted():
            for stage, count in stages(calls, workers, per_stage):
                if store is not None:
                    # In stages of forked workers, this process waits while they work
                    # out the keys: their memo (at 20,000 articles, 104,000 tokens in a
                    # worker's share) goes with them. Made here, it would be freed into
                    # this process's memory, where the render workers write, and copy it.
                    here = per_stage is None or count == 1
                    stage_keys, stage_cached = self.find_cached(stage, store, count, names, here)
                    keys.update(stage_keys)
                    cached.update(stage_cached)
                failures = self.render_in_workers(stage, cached, count, store)
                if failures:
                    break
        rendered = [call for call in calls if id(call) not in cached]
        for failure in failures:
            log(failure)
        if failures:
            raise BuildStopped()
        written = {}  # id(call) → [(file, digest)] of a call rendered, to store
        if signals.content_written.receivers or store is not None:
            self.replaying = True
            try:
                with internals.folders_made():  # the workers made them
                    for call in calls:
                        if call.method is Writer.write_file:
                            linked = _announced["from cache"] = id(call) in cached
                            self.opened = None if store is None or linked else []
                            name, _template, *rest = call.args
                            Writer.write_file(self, name, _Unrendered, *rest, **call.kwargs)
                            if self.opened is not None:
                                written[id(call)] = self.opened
            finally:
                self.replaying = _announced["from cache"] = False
                self.opened = None
        if store is not None:
            self.store_rendered(rendered, keys, written, store)

    def template_names(self, calls):
        """The names each template of the calls' pages reads (render_cache.TemplateNames),
        found here, once: each worker, and each stage, had parsed every template again."""
        templates = {
            id(given["template"]): given["template"]
            for given in (
                render_cache.WRITE_FILE(call.args, call.kwargs)
                for call in calls
                if call.method is Writer.write_file
            )
        }
        return render_cache.template_names(self.settings, templates.values())

    def find_cached(self, calls, store, workers, names, here=True):
        """({id(call): its key}, {id(call): its files in the cache (Store.cached)} for the
        calls the cache holds: their files are linked by the workers, not rendered). The
        keys are worked out by the workers, each for the calls of its files, with the
        templates' `names` (template_names), and looked up in the cache there; worker 0 in
        this process if `here` (in_forks)."""
        cacheable_feeds = not signals.feed_generated.receivers  # else entries may change
        keyed = [call for call in calls if call.method is Writer.write_file or cacheable_feeds]

        def keys_of_share(worker):
            digests = render_cache.Digests(self.settings, names)
            keys = [
                (position, digests.key(call))
                for position, call in enumerate(keyed)
                if share(call.name, workers) == worker
            ]
            return [(position, key, key and store.cached(key)) for position, key in keys]

        shares, failures = in_forks(keys_of_share, workers, here)
        if failures:
            for failure in failures:
                log(failure)
            raise BuildStopped()
        keys, cached = {}, {}
        for position, key, files in sorted(chain.from_iterable(shares)):
            call = keyed[position]
            keys[id(call)] = key
            if files is not None:
                store.use(key, files)
                cached[id(call)] = files
        return keys, cached

    def store_rendered(self, rendered, keys, written, store):
        """Keep in the cache the files of the calls rendered, unless a plugin rewrote one
        of them when content_written was sent (their bytes are not what was rendered)."""
        for call in rendered:
            key = keys.get(id(call))
            if call.method is Writer.write_feed:
                files = [sanitised_join(self.output_path, call.name)]
            else:
                opened = written.get(id(call), [])
                files = [file for file, _digest in opened]
                if any(file_digest(file) != digest for file, digest in opened):
                    key = None
            store.rendered += len(files)
            if key is not None:
                store.store(
                    key, self.output_path, [os.path.relpath(f, self.output_path) for f in files]
                )

    def render_in_workers(self, calls, cached, workers, store):
        """Make the calls in the workers; the Problems of those that failed."""
        pages = [
            (*call.args[1:3], call.kwargs)
            for call in calls
            if call.method is Writer.write_file and id(call) not in cached
        ]
        before_rendering.send(self, pages=pages)
        problems, failures = in_forks(
            lambda worker: self.render_share(calls, cached, worker, workers, store), workers
        )
        return [problem for problem in problems if problem] + failures

    def render_share(self, calls, cached, worker, workers, store):
        """Make this worker's calls, or link their files from the render cache (`store`)
        for those `cached`; a Problem if one failed, else None."""
        call = None
        try:
            mine = [queued for queued in calls if share(queued.name, workers) == worker]
            feeds = [feed for feed in mine if feed.method is Writer.write_feed]
            self.expect_feeds(feed.args[0] for feed in feeds if id(feed) not in cached)
            for number, call in enumerate(mine, 1):
                files = cached.get(id(call))
                if files is None:
                    call.make(self)
                else:
                    store.link(files, self.output_path)
                if number % COLLECTED_EVERY == 0:
                    gc.collect()
        except OverviewRead as read:
            return read.problem(call.name)
        except Exception:
            return render_failure(traceback.format_exc())
        return None


def pages_per_stage(settings, workers):
    """The pages of one content a stage makes (BUILD_STAGE_PAGES) when this process makes
    its calls in `stages`: it has more than one worker and has been above
    BUILD_FRUGAL_ABOVE_MB resident (None: never). Else None: one stage."""
    limit = settings.get("BUILD_FRUGAL_ABOVE_MB", FRUGAL_ABOVE_MB)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    if workers == 1 or limit is None or peak_mb <= limit:
        return None
    return max(1, int(settings.get("BUILD_STAGE_PAGES", PAGES_PER_STAGE)))


def stages(calls, workers, per_stage=None):
    """[(calls, number of workers)]: the calls in groups, made one group after the other
    (QueuedWriter.render). All of them by `workers` unless `per_stage`: then first the
    calls for files that show one content (an article's page: SUBJECTS), `per_stage`
    files a group in Pelican's order (their contents were read in that order, and lie in
    memory in it), then the other calls, by this process alone. Every call for a file is
    in the group of its first call, in Pelican's order."""
    if per_stage is None:
        return [(calls, workers)]
    subjects = {}  # file → the content its first call shows, or None
    for call in calls:
        if call.name not in subjects:
            kwargs = call.kwargs if call.method is Writer.write_file else {}
            shown = [kwargs[name] for name in render_cache.SUBJECTS if name in kwargs]
            subjects[call.name] = shown[0] if shown else None
    alone = [name for name, shown in subjects.items() if shown is not None]
    stage_of = {name: index // per_stage for index, name in enumerate(alone)}
    wide = -(-len(alone) // per_stage)  # the last group's index
    groups = [[] for _ in range(wide + 1)]
    for call in calls:
        groups[stage_of.get(call.name, wide)].append(call)
    return [(group, workers) for group in groups[:wide]] + [(groups[wide], 1)]


def in_forks(work, workers, here=True):
    """Run work(worker) for worker 0 here (unless not `here`: forked too) and the others
    in forked processes: (the results, in the workers' order, of those that returned; the
    Problems of those that did not). A result comes back pickled."""
    with _frozen():  # worker 0 too: it goes through the objects of every page it renders
        children = [_fork(partial(work, worker)) for worker in range(int(here), workers)]
        done = [_done(partial(work, 0))] if here else []
        done += [_collect(*child) for child in children]
    results = [result for result, failure in done if failure is None]
    return results, [failure for _result, failure in done if failure is not None]


def beside(work, failure=None):
    """Start work() in a forked process; a function that waits for what it returned (it
    comes back pickled). If it raised, that function logs the Problem `failure` (what
    went wrong; render_failure's by default) with the traceback and stops the build."""
    with _frozen():
        pid, read = _fork(work, failure)

    def result():
        value, problem = _collect(pid, read, failure)
        if problem is not None:
            log(problem)
            raise BuildStopped()
        return value

    return result


def _fork(work, failure=None):
    """(pid, the read end of its pipe) of a forked process that makes work() and sends
    back (its result, None) or (None, the Problem: _done)."""
    sys.stdout.flush()  # what this process printed is not printed again by the fork
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the fork: the work, then exit without Python's clean-up
        try:
            os.close(read)
            done = _done(work, failure)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(pickle.dumps(done))
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(0)
    os.close(write)
    return pid, read


@contextlib.contextmanager
def _frozen():
    """A forked process shares this one's memory until it writes to it; the garbage
    collector writes to every object it visits. Frozen (gc.freeze), the objects built
    so far are left alone, in the forks and, while the block runs, in this process."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _collect(pid, read, failure=None):
    """What the process _fork started sent back, once it has ended."""
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read()
    _, status = os.waitpid(pid, 0)
    if message:
        return pickle.loads(message)
    return None, (failure or render_failure)(f"进程 {pid} 异常退出（{status}）")


def _done(work, failure=None):
    """(work(), None), or (None, the Problem `failure` makes of the traceback) if it
    raised."""
    try:
        return work(), None
    except Exception:
        return None, (failure or render_failure)(traceback.format_exc())


def render_failure(what):
    return Problem(
        "",
        f"生成网页时出错（不是稿件的问题，请告诉开发人员）：\n{what}",
        "检查模板或插件；设置 BUILD_PROCESSES = 1 可在一个进程中重现这个错误。",
    )


def share(name, workers):
    """The worker that makes the calls for the output file `name`."""
    return zlib.crc32(str(name).encode("utf-8")) % workers


def file_digest(path):
    with open(path, "rb") as data:
        return hashlib.sha256(data.read()).digest()


def get_writer(pelican):
    settings = pelican.settings
    queued = processes(settings) > 1 or render_cache.folder(settings)
    return QueuedWriter if queued else FeedEntriesWriter


def render_queued(pelican):
    """Once every generator is done: before any other plugin's `finalized` receiver."""
    workers = processes(pelican.settings)
    store = render_cache.open_store(pelican.settings) if _queued else None
    try:
        while _queued:
            _queued.pop(0).render(workers, store)
    except BaseException:
        _queued.clear()
        if store is not None:
            store.abandon()
        raise
    if store is not None:
        store.close()
        print(store.summary(), flush=True)

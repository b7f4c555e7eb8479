"""Pages and feeds rendered by several processes, byte for byte as one process would.

Pelican renders and writes every page in one process, leaving the other cores idle.
QueuedWriter takes each write_file and write_feed call as Pelican's generators make
it, with the context as it is at that moment (Pelican copies it then too), and
once all generators are done, `render_queued()` forks worker processes that make
the calls: each output file goes to one worker, chosen from its name, so a worker
sees every call for its files in Pelican's order and Pelican's check against
writing a file twice still holds. The forked workers share the whole built
context; nothing is pickled.

Plugins that listen to content_written (a sitemap, responsive images) keep their
state in this process and may read or rewrite the written page: the workers do
not tell them; once every page is on disk, the writer goes through the calls again
in Pelican's order without rendering anything and sends content_written for each
page with the context Pelican would have sent.

Done in this process, in Pelican's order, instead: with BUILD_PROCESSES = 1, with
relative URLs (Pelican's writer then carries state from one page to the next) or
when a plugin listens to feed_written.
"""

import gc
import operator
import os
import sys
import traceback
import zlib
from dataclasses import dataclass

from pelican import signals
from pelican.writers import Writer

from dangjian.errors import BuildStopped, log
from dangjian.model import Problem

from .feeds import FeedEntriesWriter

_queued = []  # QueuedWriters with calls not yet made


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


class _Unrendered:
    """A template for going through a write_file call again: the page exists already."""

    @staticmethod
    def render(_context):
        return ""


class QueuedWriter(FeedEntriesWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.calls = []
        self.replaying = False
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

    def write_file(self, name, template, context, *args, **kwargs):
        arguments = (name, template, self.copy_context(context), *args)
        self.calls.append(Call(Writer.write_file, name, arguments, kwargs))

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        arguments = (elements, self.copy_context(context), path, *args)
        self.calls.append(Call(Writer.write_feed, path, arguments, kwargs))

    def _open_w(self, filename, encoding, override=False):
        if self.replaying:  # the worker wrote this file, and checked it was written once
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)

    def render(self, workers):
        calls, self.calls = self.calls, []
        self._copied = None  # making the calls may change the copies
        if self.settings.get("RELATIVE_URLS") or signals.feed_written.receivers:
            for call in calls:
                call.make(self)
            return
        with signals.content_written.muted():
            failures = self.render_in_workers(calls, workers)
        for failure in failures:
            log(
                Problem(
                    "",
                    f"生成网页时出错（不是稿件的问题，请告诉开发人员）：\n{failure}",
                    "检查模板或插件；设置 BUILD_PROCESSES = 1 可在一个进程中重现这个错误。",
                )
            )
        if failures:
            raise BuildStopped()
        if signals.content_written.receivers:
            self.replaying = True
            try:
                for call in calls:
                    if call.method is Writer.write_file:
                        name, _template, *rest = call.args
                        Writer.write_file(self, name, _Unrendered, *rest, **call.kwargs)
            finally:
                self.replaying = False

    def render_in_workers(self, calls, workers):
        """Fork workers 1…n-1, be worker 0; the tracebacks of those that failed."""
        # A forked worker shares this process's memory until it writes to it; the
        # garbage collector writes to every object it visits. Frozen, the objects
        # built so far are left alone, in every worker and in this process.
        gc.freeze()
        try:
            return self._render_in_workers(calls, workers)
        finally:
            gc.unfreeze()

    def _render_in_workers(self, calls, workers):
        children = {}  # pid → the read end of its error pipe
        for worker in range(1, workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: its share, then exit without Python's clean-up
                os.close(read)
                failure = self.render_share(calls, worker, workers)
                with os.fdopen(write, "w", encoding="utf-8") as pipe:
                    pipe.write(failure or "")
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(1 if failure else 0)
            os.close(write)
            children[pid] = read
        failures = [self.render_share(calls, 0, workers)]
        for pid, read in children.items():
            with os.fdopen(read, encoding="utf-8") as pipe:
                message = pipe.read()
            _, status = os.waitpid(pid, 0)
            failures.append(message or (f"进程 {pid} 异常退出（{status}）" if status else None))
        return [failure for failure in failures if failure]

    def render_share(self, calls, worker, workers):
        """Make this worker's calls; the traceback if one failed, else None."""
        try:
            for call in calls:
                if zlib.crc32(str(call.name).encode("utf-8")) % workers == worker:
                    call.make(self)
        except Exception:
            return traceback.format_exc()
        return None


def get_writer(pelican):
    return QueuedWriter if processes(pelican.settings) > 1 else FeedEntriesWriter


def render_queued(pelican):
    """Once every generator is done: before any other plugin's `finalized` receiver."""
    workers = processes(pelican.settings)
    while _queued:
        _queued.pop(0).render(workers)

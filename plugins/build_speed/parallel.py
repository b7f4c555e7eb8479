"""Pages and feeds rendered by several processes, byte for byte as one process would.

Pelican renders and writes every page in one process, leaving the other cores idle.
QueuedWriter takes each write_file and write_feed call as Pelican's generators make
it, with the context as it is at that moment (Pelican copies it then too), and
once all generators are done, `render_queued()` forks worker processes that do the
calls: each output file goes to one worker, chosen from its name, so a worker sees
every call for its files in Pelican's order and Pelican's check against writing a
file twice still holds. The forked workers share the whole built context; nothing
is pickled.

Done in this process instead, in order, when parallel rendering could change the
result: BUILD_PROCESSES = 1, relative URLs (Pelican's writer then carries state
from one page to the next), or a plugin listening to what was written
(content_written, feed_generated, feed_written: those receivers keep state here).
"""

import logging
import os
import traceback
import zlib
from functools import partial

from pelican import signals
from pelican.writers import Writer

from editor_errors import BuildStopped, report

logger = logging.getLogger(__name__)
AFTER_WRITING = (signals.content_written, signals.feed_generated, signals.feed_written)
_queued = []  # QueuedWriters with calls not yet done


def processes(settings):
    count = settings.get("BUILD_PROCESSES")
    return max(1, int(count if count is not None else len(os.sched_getaffinity(0))))


class QueuedWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.calls = []  # (output name, the call to make)
        _queued.append(self)

    def write_file(self, name, template, context, *args, **kwargs):
        call = partial(Writer.write_file, self, name, template, context.copy(), *args, **kwargs)
        self.calls.append((name, call))

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        call = partial(Writer.write_feed, self, elements, context.copy(), path, *args, **kwargs)
        self.calls.append((path, call))

    def worker_of(self, name, workers):
        return zlib.crc32(str(name).encode("utf-8")) % workers

    def render(self, workers):
        calls, self.calls = self.calls, []
        if (
            workers == 1
            or self.settings.get("RELATIVE_URLS")
            or any(signal.receivers for signal in AFTER_WRITING)
        ):
            for _name, call in calls:
                call()
            return
        children = {}  # pid → the read end of its error pipe
        for worker in range(1, workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: its share, then exit without Python's clean-up
                os.close(read)
                status = self.render_share(calls, worker, workers, write)
                os._exit(status)
            os.close(write)
            children[pid] = read
        failures = []
        if self.render_share(calls, 0, workers, None):
            failures.append(self.failure)
        for pid, read in children.items():
            with os.fdopen(read, encoding="utf-8") as pipe:
                message = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status:
                failures.append(message or f"worker {pid} ended with status {status}")
        for failure in failures:
            report(
                None,
                f"生成网页时出错（不是稿件的问题，请告诉开发人员）：\n{failure}",
                "检查模板或插件；设置 BUILD_PROCESSES = 1 可在一个进程中重现这个错误。",
            )
        if failures:
            raise BuildStopped()

    def render_share(self, calls, worker, workers, pipe):
        """Do this worker's calls; 0 if all went well, else 1 (the error in the pipe)."""
        try:
            for name, call in calls:
                if self.worker_of(name, workers) == worker:
                    call()
            status = 0
        except Exception:
            self.failure = traceback.format_exc()
            status = 1
        if pipe is not None:
            with os.fdopen(pipe, "w", encoding="utf-8") as error:
                error.write(self.failure if status else "")
        for handler in logging.getLogger().handlers:
            handler.flush()
        return status


def get_writer(pelican):
    return QueuedWriter if processes(pelican.settings) > 1 else None


def render_queued(pelican):
    """Once every generator is done: before any other plugin's `finalized` receiver."""
    workers = processes(pelican.settings)
    while _queued:
        _queued.pop(0).render(workers)

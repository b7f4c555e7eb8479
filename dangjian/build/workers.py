"""Work done in forked processes: many items, one worker per core this process may use
(map_in_workers), or two lines of steps run side by side (side_by_side)."""

import os
import pickle
import sys
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from . import BuildFailed

# Seconds of work done in this process before workers are forked for the rest: starting
# them costs 0.02-0.1 s (at a daily publish, the steps after Pelican forked workers five
# times for 5-120 pages, 0.4 s in all against 0.13 s for the same work done here).
FIRST_HERE = 0.1


def map_in_workers(function, items, processes=None):
    """function(item) for each of `items`, in order, as an iterator: worked out by
    `processes` forked worker processes, once this one has worked FIRST_HERE seconds;
    1 works in this process.

    By default, one per core this process may use (`taskset` limits them; the build's
    BUILD_PROCESSES is a Pelican setting, which the steps after Pelican do not see),
    and 1 when this process may not fork (may_fork).
    `function` must be a module-level function or a partial of one, and its results
    small: they are pickled back. Each result is given as soon as it and those before it
    are back, so that the caller holds only what it keeps of them (a list of the link
    check's 160,000 raw results was 130 MB). A worker that dies stops the build with a
    message.
    """
    if processes is None:
        processes = len(os.sched_getaffinity(0)) if may_fork() else 1
    if processes == 1:
        yield from map(function, items)
        return
    done, deadline = 0, time.monotonic() + FIRST_HERE
    for item in items:  # what a daily publish changed is done by then
        if time.monotonic() > deadline:
            break
        yield function(item)
        done += 1
    rest = items[done:]
    if len(rest) < 2:
        yield from map(function, rest)
        return
    processes = min(processes, len(rest))
    # Items go in chunks, fewer round trips; many chunks per worker, so that the
    # workers finish together though some items take longer than others.
    chunk = -(-len(rest) // (processes * 16))  # rounded up
    try:
        with ProcessPoolExecutor(processes, mp_context=get_context("fork")) as pool:
            yield from pool.map(function, rest, chunksize=chunk)
    except BrokenProcessPool:
        raise BuildFailed(
            "构建网站的一个工作进程意外退出（可能是内存不足），网站没有更新。"
            "请重新构建；仍然出错时请告诉开发人员。"
        ) from None


def may_fork():
    """Whether this process may fork workers: not while it runs other threads (the preview
    server's), as a lock one of them holds at the fork would stay locked for ever in the
    forked process."""
    return threading.active_count() == 1


def side_by_side(here, there, folder, settings, shared=()):
    """Run the steps `here` one after the other in this process and, at the same time,
    the steps `there` one after the other in a forked one, each as step(folder,
    settings); then the `shared` steps, in order, each taken by whichever process is
    free first. Return their results (those of the forked process come back pickled);
    raise the BuildFailed of a step here, else of one there. All in this process, one
    after the other, when it may not fork (may_fork) or nothing is `there`."""
    if not there or not may_fork():
        return [step(folder, settings) for step in [*here, *there, *shared]]
    # One byte per shared step, read by the process that takes it; the write end is
    # closed before the fork, so that an empty pipe reads as its end.
    turns, given = os.pipe()
    os.write(given, bytes(range(len(shared))))
    os.close(given)

    def steps_then_shared(steps):
        results = [step(folder, settings) for step in steps]
        while turn := os.read(turns, 1):
            results.append(shared[turn[0]](folder, settings))
        return results

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the steps there; their results, or their failure, down the pipe
        status = 1  # a bug, unless the steps end or stop the build
        try:
            os.close(read)
            try:
                failure, results = "", steps_then_shared(there)
                status = 0
            except BuildFailed as error:
                failure, results, status = str(error), [], 0
            except BaseException:
                failure, results = traceback.format_exc(), []
            with os.fdopen(write, "wb") as pipe:
                pipe.write(pickle.dumps((failure, results)))
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(write)
    try:
        results_here = steps_then_shared(here)
    finally:
        os.close(turns)
        with os.fdopen(read, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(pid, 0)
    failure, results_there = pickle.loads(message) if message else ("", [])
    if status or not message:
        raise BuildFailed(
            "构建程序的检查进程出错（不是稿件的问题，请告诉开发人员），网站没有更新：\n"
            + (failure or f"进程 {pid} 异常退出（{status}）")
        )
    if failure:
        raise BuildFailed(failure)
    return [*results_here, *results_there]

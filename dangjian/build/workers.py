"""Work on many items in forked worker processes, one per core this process may use."""

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from . import BuildFailed


def map_in_workers(function, items, processes=None):
    """[function(item) for item in items], worked out by `processes` forked worker
    processes; 1 works in this process.

    By default, one per core this process may use (`taskset` limits them; the build's
    BUILD_PROCESSES is a Pelican setting, which the steps after Pelican do not see),
    and 1 while this process runs other threads (the preview server's): a lock one of
    them holds at the fork would stay locked for ever in the worker.
    `function` must be a module-level function or a partial of one, and its results
    small: they are pickled back. A worker that dies stops the build with a message.
    """
    if processes is None:
        processes = len(os.sched_getaffinity(0)) if threading.active_count() == 1 else 1
    if processes == 1 or len(items) < 2:
        return [function(item) for item in items]
    processes = min(processes, len(items))
    # Items go in chunks, fewer round trips; many chunks per worker, so that the
    # workers finish together though some items take longer than others.
    chunk = -(-len(items) // (processes * 16))  # rounded up
    try:
        with ProcessPoolExecutor(processes, mp_context=get_context("fork")) as pool:
            return list(pool.map(function, items, chunksize=chunk))
    except BrokenProcessPool:
        raise BuildFailed(
            "构建网站的一个工作进程意外退出（可能是内存不足），网站没有更新。"
            "请重新构建；仍然出错时请告诉开发人员。"
        ) from None

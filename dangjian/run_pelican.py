"""`python -m pelican`, for the build's Pelican process: the same command line, the same
exit status, without freeing the process's memory at its end.

A Python process that ends frees every object it holds, one by one; Pelican's process
holds the whole site (at 5,000 articles, 0.45 s of a daily publish went to it, and the
time grows with the site). Here the process ends once what was registered to run at
exit has run (logging, multiprocessing, temporary folders: Python runs those in the
reverse order of registration, and this registers first, before Pelican is imported)
and the output is flushed (os._exit). Every file the build writes is closed by then.
As the process lives no longer than its build, the contents kept from the build before
are frozen as they are loaded (kept.FREEZE_LOADED).

The site's code is imported with the collector off, then frozen (gc.freeze): its
objects (about 70 MB, pypinyin's dictionaries 50 MB of them) live as long as the
process, and the collector went through them again and again while they were made:
0.1 s of the 0.37 s the imports took at each publish. This is why the module
lies outside dangjian.speed, whose package imports all of it first.

    python -m dangjian.run_pelican [pelican's arguments]
"""

import atexit
import gc
import os
import sys

_status = 1  # the process's exit status: 1 unless Pelican returns or exits with another


def _end_here():
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_status)


# Allocations between two collections of the youngest objects (Python's default: 700).
# The process builds the site's objects, which live until it ends: with the default, the
# collector ran a thousand times and went through the whole heap each time it grew by a
# quarter, 0.44 s of a 2.9 s daily publish at 5,000 articles (0.12-0.18 s with this, the
# process's peak unchanged at 211 MB; bench/RESULTS.md).
YOUNGEST_COLLECTED_EVERY = 50_000


def run(argv=None):
    global _status
    atexit.register(_end_here)  # the first registered, the last to run
    gc.disable()
    try:
        from pelican import main

        import dangjian.site  # noqa: F401 (the site's plugin, which Pelican imports)
        from dangjian.speed import kept
    finally:
        gc.freeze()
        gc.set_threshold(YOUNGEST_COLLECTED_EVERY, *gc.get_threshold()[1:])
        gc.enable()

    kept.FREEZE_LOADED = True  # this process ends with its build

    try:
        main(argv)
        _status = 0
    except SystemExit as stop:  # how Pelican and the site's plugins stop a build
        # as Python ends with it: None is 0, anything else not a number is printed and 1
        _status = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        raise


if __name__ == "__main__":
    run()

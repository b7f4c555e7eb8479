"""`python -m pelican`, for the build's Pelican process: the same command line, the same
exit status, without freeing the process's memory at its end.

A Python process that ends frees every object it holds, one by one; Pelican's process
holds the whole site (at 5,000 articles, 0.45 s of a daily publish went to it, and the
time grows with the site). Once Pelican is done, this flushes what is buffered, runs
what was registered to run at exit (logging, multiprocessing, temporary folders) and
ends the process there (os._exit). Every file the build writes is closed by then.

    python -m dangjian.build.run_pelican [pelican's arguments]
"""

import atexit
import os
import sys

from pelican import main


def run(argv=None):
    try:
        main(argv)
        status = 0
    except SystemExit as stop:  # how Pelican and the site's plugins stop a build
        status = stop.code
    if status is not None and not isinstance(status, int):
        print(status, file=sys.stderr)  # as Python does with sys.exit("message")
        status = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)


if __name__ == "__main__":
    run()

"""One lock file, held for as long as a block runs (and released if the process dies)."""

import fcntl
import os
from contextlib import contextmanager


class Busy(Exception):
    """Another process holds the lock; `holder` is its process id, as it wrote it."""

    def __init__(self, holder):
        super().__init__(holder)
        self.holder = holder


@contextmanager
def locked(path, wait=True):
    """Hold an exclusive lock on the file `path`; without `wait`, raise Busy at once if
    another process holds it. The holder's process id is written into the file."""
    with open(path, "a+", encoding="utf-8") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            file.seek(0)
            raise Busy(file.read().strip() or "?") from None
        file.truncate(0)
        file.write(str(os.getpid()))
        file.flush()
        yield  # the lock ends when the file is closed, also when the process is killed

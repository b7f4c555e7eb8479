"""Article and page bodies kept on disk while the build runs, not in its memory.

A body (the sanitized HTML of an article) is read once, when the page that shows it is
rendered, but Pelican holds every content, body and all, from reading to the end of the
build. At 100,000 articles the bodies were 400 MB of the build's process, and as much
again in the forked render worker: a forked process shares its parent's memory only
until either of them writes to a page of it, and Python writes to every object it as
much as looks at (its reference count), so every page of the heap the two processes go
through is copied (bench/RESULTS.md, fifteenth pass).

`keep(text)` writes a body to one unnamed temporary file of the process and gives back
an `OnDisk`, a few bytes that read it again (`text()`). The file has no name: it goes
when the process does, however it ends. The workers forked after share it: they read
with `os.pread`, at their own offsets. A body kept by a forked process goes to a file
of its own. Pickled (the kept contents, kept.py), an OnDisk is its text: a kept content
comes back with its body in memory (a daily publish renders few of them).
"""

import os
import tempfile
import threading


class _File:
    """A process's file of bodies, appended to as they come."""

    def __init__(self):
        self.owner = os.getpid()
        # open while the process lives; nameless, it leaves nothing behind
        self.temporary = tempfile.TemporaryFile(prefix="dangjian-bodies-")  # noqa: SIM115
        self.end = 0
        self.appending = threading.Lock()

    def write(self, data):
        with self.appending:  # each write its own place in the file
            at = self.end
            self.end += len(data)
        done = 0
        while done < len(data):
            done += os.pwrite(self.temporary.fileno(), memoryview(data)[done:], at + done)
        return at

    def read(self, at, size):
        data = os.pread(self.temporary.fileno(), size, at)
        while len(data) < size:  # a short read: go on where it stopped
            data += os.pread(self.temporary.fileno(), size - len(data), at + len(data))
        return data


_files = []  # this process's file, once a body is kept


def _file():
    if not _files or _files[0].owner != os.getpid():  # none yet, or the parent's
        _files[:] = [_File()]
    return _files[0]


class OnDisk:
    """A body in the file of bodies."""

    __slots__ = ("at", "file", "size")

    def __init__(self, file, at, size):
        self.file, self.at, self.size = file, at, size

    def text(self):
        return str(self.file.read(self.at, self.size), "utf-8")

    def __reduce__(self):
        # its text, as its bytes: pickling them as read saves decoding and encoding again
        return str, (self.file.read(self.at, self.size), "utf-8")


def keep(text):
    """`text` on disk: an OnDisk that reads it again."""
    data = text.encode("utf-8")
    file = _file()
    return OnDisk(file, file.write(data), len(data))

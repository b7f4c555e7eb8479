"""When a file is the very file seen before (`identity`), and a file with the bytes of
another becomes that very file (a hard link): the render cache, the search index's cache
and the comparison with the live site each do it, so that the deploy finds unchanged
files unchanged without reading them."""

import contextlib
import filecmp
import os


def identity(path):
    """A file's device, inode, size and modification time: while they are the same, it is
    the very same file (the render cache links unchanged pages, which keep all four)."""
    found = os.stat(path)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def link_if_same(new, old):
    """Replace the file `new` with a hard link to the file `old` if their bytes are the
    same; whether they are. With no `old`, or on another file system (the copy stays),
    nothing changes."""
    try:
        if not filecmp.cmp(new, old, shallow=False):
            return False
    except OSError:  # no such file (nothing published there)
        return False
    partial = f"{new}.{os.getpid()}.same"
    try:
        os.link(old, partial)
        os.replace(partial, new)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(partial)
    return True

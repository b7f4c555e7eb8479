"""A file replaced whole: `write_whole` writes the new bytes beside it, then renames them
over it, so that a reader (a worker, the live site, the next build after a killed one)
finds the old file or the new one, never part of one."""

import contextlib
import os


def write_whole(path, data):
    """Replace the file `path` with `data` (bytes, or a str written as UTF-8); the file
    written beside it is named for this process, as workers may write the same file, and
    removed if the writing fails (the old file stays as it was)."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    partial = os.path.join(folder, f".{name}.{os.getpid()}.new")
    try:
        with open(partial, "wb") as written:
            written.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise

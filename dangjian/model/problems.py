"""A problem an editor can fix, and the one line that tells them how."""

import os
from dataclasses import dataclass


def display_path(path):
    """The path as the editor typed it: relative to the working folder when inside."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


@dataclass
class Problem:
    """file:line: field: what is wrong → how to fix"""

    path: str
    problem: str
    fix: str = ""
    field: str = ""
    line: int | None = None

    def __str__(self):
        where = display_path(self.path) if self.path else "（设置）"
        if self.line:
            where += f":{self.line}"
        parts = [where, self.field, self.problem.rstrip("。")]
        text = ": ".join(part for part in parts if part)
        return f"{text} → {self.fix}" if self.fix else text


def header_line(lines, field):
    """Line number (1-based) of a metadata field in a header, or None.

    `lines` are the file's lines; the header ends at the first blank line.
    """
    if not field:
        return None
    prefix = field.lower() + ":"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return None
        if line.lstrip("\ufeff").lower().startswith(prefix):
            return number
    return None


def field_line(path, field):
    """Line number of a metadata field in a file's header; 1 for a file without it."""
    if not path or not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            return header_line(source.read(20000).splitlines(), field) or 1
    except OSError:
        return None

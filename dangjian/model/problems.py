"""A problem an editor can fix, and the one line that tells them how."""

import os
import re
from dataclasses import dataclass

ERROR, WARNING = "error", "warning"
# Line breaks as Pelican and Markdown read a file: \n, \r\n or \r. Not str.splitlines(),
# which also breaks at a vertical tab (Word's manual line break), a form feed, U+2028 …
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text_lines(text):
    """The lines of `text` as Pelican and Markdown count them (a last empty line dropped)."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def display_path(path):
    """The path as the editor typed it: relative to the working folder when inside."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


@dataclass
class Problem:
    """file:line: field: what is wrong → how to fix

    An error stops the build (and fails `./run check`); a warning is printed by both and
    fails only `./run check --strict`: what is probably, not surely, a mistake."""

    path: str
    problem: str
    fix: str = ""
    field: str = ""
    line: int | None = None
    severity: str = ERROR

    @property
    def is_warning(self):
        return self.severity == WARNING

    def __str__(self):
        where = display_path(self.path) if self.path else "（设置）"
        if self.line:
            where += f":{self.line}"
        problem = self.problem.rstrip("。")
        parts = [where, self.field, f"警告：{problem}" if self.is_warning else problem]
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
            return header_line(text_lines(source.read(20000)), field) or 1
    except OSError:
        return None

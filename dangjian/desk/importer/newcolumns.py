"""Column heads the page prints but content/columns.toml does not register.

They are reported with the exact lines to add; with --add-columns (or the
editor's yes at a terminal) they are appended to the registry.
"""

import os
import re

from dangjian.model import pinyin_slug
from dangjian.whole_files import write_whole

COLUMNS_FILE = "columns.toml"
SLUG_FIELD = re.compile(r'^\s*slug\s*=\s*"([^"]*)"', re.M)


def registered_slugs(content):
    try:
        with open(os.path.join(str(content), COLUMNS_FILE), encoding="utf-8") as handle:
            return set(SLUG_FIELD.findall(handle.read()))
    except OSError:
        return set()


def toml_string(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def entries(heads, content):
    """The TOML text registering each head in `heads` (in print order), slugs unique."""
    taken = registered_slugs(content)
    blocks = []
    for head in heads:
        base = pinyin_slug(head, 60) or "lanmu"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        blocks.append(
            "[[column]]\n"
            f"name = {toml_string(head)}\n"
            f"slug = {toml_string(slug)}\n"
            f"description = {toml_string('（导入版面时自动登记，请补写一句话介绍。）')}\n"
        )
    return blocks


def register(heads, content):
    """Append the heads to content/columns.toml; returns the path."""
    path = os.path.join(str(content), COLUMNS_FILE)
    blocks = entries(heads, content)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join("\n" + block for block in blocks)
    write_whole(path, text)
    return path

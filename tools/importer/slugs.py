"""Slugs unique across the whole site, and stable when the same page is imported again.

An article's slug is its `Slug:` field, or the pinyin of its title (as the site
makes it). A new article whose title's pinyin is taken gets the date added
(…-20180313), then a number; the choice depends only on the site's other
articles, so importing the same page again chooses the same slugs.
"""

import os
import re

from zh_text import pinyin_slug

SLUG_LENGTH = 60  # the site's PINYIN_SLUG_MAX_LENGTH
HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")


def header_fields(path, limit=8192):
    """The lower-cased header fields of an article file (what precedes its first blank line)."""
    fields = {}
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(limit)
    except OSError:
        return fields
    for line in head.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            break
        match = HEADER_LINE.match(line)
        if match:
            fields.setdefault(match["key"].lower(), match["value"].strip())
    return fields


def slug_of(fields):
    return fields.get("slug") or pinyin_slug(fields.get("title", ""), SLUG_LENGTH)


def site_slugs(content, skip=()):
    """slug → path of every article under content/articles, but the paths in `skip`."""
    skip = {os.path.abspath(path) for path in skip}
    slugs = {}
    root = os.path.join(str(content), "articles")
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not name.endswith((".md", ".markdown")) or os.path.abspath(path) in skip:
                continue
            fields = header_fields(path)
            if fields.get("title") or fields.get("slug"):
                slugs.setdefault(slug_of(fields), path)
    return slugs


def choose(title, date, taken, fallback="wei-ming"):
    """(slug, written): the title's pinyin if free, else with the date, then a number.
    `written` is False when the slug is the title's own pinyin (no Slug: line needed)."""
    base = pinyin_slug(title, SLUG_LENGTH) if title else ""
    if base and base not in taken:
        return base, False
    stem = base or fallback
    dated = f"{stem}-{date.replace('-', '')}" if date else stem
    if dated not in taken:
        return dated, True
    number = 2
    while f"{dated}-{number}" in taken:
        number += 1
    return f"{dated}-{number}", True

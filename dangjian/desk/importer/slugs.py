"""Slugs unique across the whole site, and stable when the same page is imported again.

An article's slug is its `Slug:` field, or the pinyin of its title (as the site
makes it). A new article whose title's pinyin is taken gets the date added
(…-20180313), then a number; the choice depends only on the site's other
articles, so importing the same page again chooses the same slugs.

The site's other titles are turned into pinyin only when a slug could be theirs:
the letters each of a title's characters can start with are looked up first
(a dictionary lookup), so a site of thousands of articles costs little.
"""

import functools
import os
import re
import unicodedata

from pypinyin.pinyin_dict import pinyin_dict

from dangjian.model import pinyin_slug

SLUG_LENGTH = 60  # the site's PINYIN_SLUG_MAX_LENGTH
HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
WORDS = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


@functools.lru_cache(maxsize=8192)
def pinyin(text):
    """The site's slug for a title (cached: a title's pinyin takes about half a millisecond)."""
    return pinyin_slug(text, SLUG_LENGTH)


def shorten(slug, length):
    """`slug` cut at a hyphen to at most `length` characters, as pinyin_slug cuts."""
    out = ""
    for word in slug.split("-"):
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > length and out:
            break
        out = candidate
    return out[:length]


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


def first_letters(title):
    """For each word of the title's slug, the letters it can start with (None: any)."""
    letters = []
    for word in WORDS.findall(title):
        if len(word) == 1 and not word.isascii():
            readings = pinyin_dict.get(ord(word))
            letters.append(
                {unicodedata.normalize("NFD", r)[0].lower() for r in readings.split(",")}
                if readings
                else None
            )
        else:
            letters.append({word[0].lower()})
    return letters


def could_be(slug, letters):
    """Could a title whose words start with `letters` have `slug`?"""
    words = slug.split("-")
    cut = len(slug) > SLUG_LENGTH - 10  # a long slug may be a longer title's, cut
    if len(letters) != len(words) and not (cut and len(letters) > len(words)):
        return False
    return all(
        allowed is None or word[:1] in allowed
        for word, allowed in zip(words, letters, strict=False)
    )


class Taken:
    """The slugs the site's articles have: `slug in taken`, `taken[slug] = path`."""

    def __init__(self):
        self.slugs = {}  # slug → path: written as Slug:, or worked out
        self.titles = []  # (title, path, first letters) of articles whose slug is the title's

    def __contains__(self, slug):
        if slug in self.slugs:
            return True
        for title, path, letters in self.titles:
            if could_be(slug, letters) and pinyin(title) == slug:
                self.slugs.setdefault(slug, path)
                return True
        return False

    def __setitem__(self, slug, path):
        self.slugs[slug] = path

    def get(self, slug):
        return self.slugs.get(slug) if slug in self else None


def site_slugs(content, skip=()):
    """The slugs of every article under content/articles, but the paths in `skip`."""
    skip = {os.path.abspath(path) for path in skip}
    taken = Taken()
    root = os.path.join(str(content), "articles")
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not name.endswith((".md", ".markdown")) or os.path.abspath(path) in skip:
                continue
            fields = header_fields(path)
            if fields.get("slug"):
                taken.slugs.setdefault(fields["slug"], path)
            elif fields.get("title"):
                title = fields["title"]
                taken.titles.append((title, path, first_letters(title)))
    return taken


def choose(title, date, taken, fallback="wei-ming"):
    """(slug, written): the title's pinyin if free, else with the date, then a number.
    `written` is False when the slug is the title's own pinyin (no Slug: line needed)."""
    base = pinyin(title) if title else ""
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

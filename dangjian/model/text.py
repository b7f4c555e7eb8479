"""Chinese text rules, as plain functions: slugs, lists, summaries, reading time, dates."""

import functools
import math
import re

from markupsafe import escape
from pypinyin import lazy_pinyin

from dangjian.html import plain_text

SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）》]*")
NON_ALNUM = re.compile(r"[^a-z0-9]+")
WHITESPACE = re.compile(r"\s+")
ELLIPSIS = "……"
SLUG_MAX_LENGTH = 60  # characters of a slug made from pinyin (PINYIN_SLUG_MAX_LENGTH)
# What separates the items of a list field (Tags, Author, Branches, Aliases …):
# commas, 、 and semicolons, of either width.
LIST_SEPARATORS = re.compile(r"[,，、;；]")
PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p\s*>", re.S | re.I)


def split_list(value):
    """ "全国两会、基层党建, 党史" → ["全国两会", "基层党建", "党史"]"""
    return [part.strip() for part in LIST_SEPARATORS.split(value or "") if part.strip()]


@functools.lru_cache(maxsize=1 << 16)
def pinyin_slug(text, max_length=SLUG_MAX_LENGTH):
    """ASCII slug: toneless pinyin, one syllable a word; Latin words and digits kept.

    Polyphonic characters are read in context (行长 → hang-zhang). The slug is
    cut at a hyphen so that it is at most `max_length` characters long.
    Kept for each text: a build asks for the same few dozen tags' and authors' slugs
    on every article that names them (the check, then Pelican), and for each title twice.
    """
    words = []
    for chunk in lazy_pinyin(text):
        words.extend(word for word in NON_ALNUM.split(chunk.lower()) if word)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate
    return slug[:max_length]


def count_characters(html):
    """Characters a reader reads: the text of the HTML without white space."""
    return len(WHITESPACE.sub("", plain_text(html)))


def reading_minutes(characters, per_minute):
    return max(1, math.ceil(characters / per_minute))


def summarize(html, max_length):
    """A lead of at most `max_length` characters that ends at a sentence end.

    Whole sentences are taken from the start of the text, in order. When even
    the first sentence is longer, it is cut and marked with an ellipsis.
    Returns HTML (escaped text in one paragraph).
    """
    text = ""
    for paragraph in PARAGRAPH.finditer(html):
        text += WHITESPACE.sub("", plain_text(paragraph.group(1)))
        if len(text) > max_length:
            break  # the lead is taken from the first max_length + 1 characters
    text = text or WHITESPACE.sub("", plain_text(html))
    if len(text) <= max_length:
        lead = text
    else:
        ends = [m.end() for m in SENTENCE_END.finditer(text, 0, max_length + 1)]
        ends = [end for end in ends if end <= max_length]
        cut = max(max_length - len(ELLIPSIS), 0)  # (a lead shorter than the ellipsis)
        lead = text[: ends[-1]] if ends else text[:cut] + ELLIPSIS
    return f"<p>{escape(lead)}</p>" if lead else ""


def language_tag(code):
    """BCP 47 case, which Pelican's lower-cased DEFAULT_LANG loses: zh-cn → zh-CN."""
    language, _, region = code.partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def zh_date(value):
    """2018年3月13日"""
    return f"{value.year}年{value.month}月{value.day}日"

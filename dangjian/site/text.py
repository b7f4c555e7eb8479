"""Chinese text done right: summaries and reading time counted in characters and ended at
a sentence end, dates as 2018年3月13日, ASCII slugs from pinyin, the page language zh-CN.
The rules are the content model's (dangjian.model.text); this applies them to what
Pelican reads.

Settings (with defaults):
    SUMMARY_MAX_LENGTH               characters in a generated summary (Pelican's
                                     setting; None keeps the whole text)
    READING_SPEED = 400              characters read per minute
    PINYIN_SLUG_MAX_LENGTH = 60      characters in a generated slug
Filled in: HTML_LANG, for the lang attribute ("zh-CN").
Jinja filters: zh_date; headline (a printed headline's parts, kept whole on a line each:
"指尖上的“微”平台 激发党建新活力" breaks at its space, not after the closing quote).
"""

from itertools import chain

from markupsafe import Markup

from dangjian.model.text import (
    SLUG_MAX_LENGTH,
    count_characters,
    language_tag,
    pinyin_slug,
    reading_minutes,
    summarize,
    zh_date,
)
from dangjian.speed.internals import body

DEFAULTS = {
    "READING_SPEED": 400,
    "PINYIN_SLUG_MAX_LENGTH": SLUG_MAX_LENGTH,
}


def setting(settings, name):
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def slug_and_summary(content):
    """An article's or page's slug and summary, from its raw metadata and body."""
    settings, metadata = content.settings, content.metadata
    if "slug" not in metadata and "title" in metadata:
        content.slug = pinyin_slug(metadata["title"], setting(settings, "PINYIN_SLUG_MAX_LENGTH"))
    if "summary" not in metadata and settings.get("SUMMARY_MAX_LENGTH"):
        metadata["summary"] = summarize(body(content) or "", settings["SUMMARY_MAX_LENGTH"])


def length(content):
    """(characters a reader reads, minutes it takes)"""
    characters = count_characters(body(content) or "")
    return characters, reading_minutes(characters, setting(content.settings, "READING_SPEED"))


def slug_taxonomies(generator):
    """Pinyin slugs for tags and authors, before Pelican groups articles by them."""
    max_length = setting(generator.settings, "PINYIN_SLUG_MAX_LENGTH")
    slugs = {}  # a few dozen names, each on thousands of articles
    for article in chain(
        generator.articles,
        generator.translations,
        generator.hidden_articles,
        generator.drafts,
    ):
        for term in chain(getattr(article, "tags", []), getattr(article, "authors", [])):
            if term.name not in slugs:
                slugs[term.name] = pinyin_slug(term.name, max_length)
            term.slug = slugs[term.name]


def set_language(pelican):
    pelican.settings["HTML_LANG"] = language_tag(pelican.settings["DEFAULT_LANG"])


def headline(title):
    """A headline whose parts are separated by spaces, each part in a span the stylesheet
    keeps on one line while it fits (.headline-part): the line breaks between the parts.
    The text, spaces included, is unchanged; a title is escaped once (pieces)."""
    parts = str(Markup.escape(title)).split(" ")
    if len(parts) < 2:
        return Markup.escape(title)
    return Markup(" ").join(
        Markup('<span class="headline-part">') + Markup(part) + Markup("</span>")
        for part in parts
        if part
    )


def add_filters(generator):
    generator.env.filters["zh_date"] = zh_date
    generator.env.filters["headline"] = headline

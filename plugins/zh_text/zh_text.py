"""Chinese text done right: summaries and reading time counted in characters and
ended at a sentence end, dates as 2018年3月13日, ASCII slugs from pinyin, and the
page language as zh-CN.

Settings (with defaults):
    SUMMARY_MAX_LENGTH               characters in a generated summary (Pelican's
                                     setting; None keeps the whole text)
    READING_SPEED = 400              characters read per minute
    PINYIN_SLUG_MAX_LENGTH = 60      characters in a generated slug
Filled in: HTML_LANG, DEFAULT_LANG for the lang attribute ("zh-CN").
Jinja filters: zh_date; headline (a printed headline's parts, kept whole on a line each:
"指尖上的“微”平台 激发党建新活力" breaks at its space, not after the closing quote).
"""

from itertools import chain

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page

from .text import (
    count_characters,
    language_tag,
    pinyin_slug,
    reading_minutes,
    summarize,
    zh_date,
)

DEFAULTS = {
    "READING_SPEED": 400,
    "PINYIN_SLUG_MAX_LENGTH": 60,
}


def setting(settings, name):
    value = settings.get(name)
    return DEFAULTS[name] if value is None else value


def prepare_content(content):
    """Slug, summary and reading time of an article or page, from its raw metadata."""
    if not isinstance(content, (Article, Page)):
        return
    settings = content.settings
    metadata = content.metadata
    if "slug" not in metadata and "title" in metadata:
        content.slug = pinyin_slug(metadata["title"], setting(settings, "PINYIN_SLUG_MAX_LENGTH"))
    html = content._content or ""
    if "summary" not in metadata and settings.get("SUMMARY_MAX_LENGTH"):
        metadata["summary"] = summarize(html, settings["SUMMARY_MAX_LENGTH"])
    content.character_count = count_characters(html)
    content.reading_time = reading_minutes(
        content.character_count, setting(settings, "READING_SPEED")
    )


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


def register():
    signals.initialized.connect(set_language)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_pretaxonomy.connect(slug_taxonomies)
    signals.generator_init.connect(add_filters)

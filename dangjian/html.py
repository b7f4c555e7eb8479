"""HTML read with regular expressions, one set for every reader of built pages.

The site's pages are well-formed (templates and Markdown through the sanitizer), so a
walk over their tags finds what an HTML parser finds, in a fraction of the time: the
link check and the search index read every page of a build with these.
"""

import re
from html import unescape

# Each pattern that finds one of several kinds of markup has its "<" outside the
# alternatives: Python's regular expressions then look for that character alone, and try
# the alternatives only there (NOT_MARKUP went over our pages 4 times faster so).

# A start or end tag, after its "<": its name, whether it closes, and its attributes as
# written.
START_OR_END = (
    r"(?P<closing>/?)(?P<name>[a-zA-Z][^\s/>]*)"
    r"""(?P<attributes>(?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
# Every tag, comment, doctype or declaration, in order.
TAG = re.compile(r"<(?:!--.*?-->|![^>]*>|" + START_OR_END + ")", re.S)
START_TAG = re.compile("<" + START_OR_END)
ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
# Comments, and the text of scripts and styles: no markup a browser reads in them. Group
# 1 is a script's or style's start tag, but its "<".
NOT_MARKUP = re.compile(r"<(?:!--.*?-->|((script|style)\b[^>]*>).*?</\2\s*>)", re.S | re.I)
# What a reader does not read: tags, comments, and the insides of scripts and styles.
NOT_TEXT = re.compile(r"<(?:!--.*?-->|(script|style)\b.*?</\1\s*>|[^>]*>)", re.S | re.I)


def attributes(text):
    """{name (lower case): value (unescaped)} of a tag's attributes; the last one wins."""
    return {
        name.lower(): unescape(double or single or bare)
        for name, double, single, bare in ATTRIBUTE.findall(text)
    }


def start_tags(html):
    """(name in lower case, attributes) of every start tag outside comments, scripts and
    styles, in order."""
    for name, written in start_tags_as_written(html):
        yield name, attributes(written)


def start_tags_as_written(html):
    """[(name in lower case, its attributes as written)] of every start tag outside
    comments, scripts and styles, in order: for a reader that needs the attributes of
    some tags only (parsing them was most of the time start_tags took)."""
    return [
        (name.lower(), written)
        for closing, name, written in START_TAG.findall(NOT_MARKUP.sub(_keep_start_tag, html))
        if not closing
    ]


def _keep_start_tag(match):
    """A script's or style's start tag kept, without what it holds; nothing of a comment."""
    return "<" + match.group(1) if match.group(1) else ""


def plain_text(html):
    """The text of an HTML fragment, as a reader reads it."""
    return unescape(NOT_TEXT.sub("", html))

"""The one sanitizer for HTML that comes from content, and what it would remove.

Bodies, summaries and descriptions are Markdown, and Markdown lets raw HTML through.
Everything rendered from content goes through `clean()` (nh3, the binding of the
Rust allow-list sanitizer ammonia) before it reaches a page or a feed: only the
elements and attributes Markdown itself writes survive, and links only to the
site's own pages, http(s), mail and telephone addresses.

`removed()` says what `clean()` takes out of a fragment, by comparing the elements
and attributes before and after (html.parser on both sides): the check reports
each one to the editor, so that nothing is dropped silently.
"""

import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "q", "cite", "abbr", "span", "div", "a", "img",
    "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "ruby", "rt", "rp",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    # Markdown's tables align columns with style="text-align: …", nothing else kept
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    # Footnotes (Markdown's extra): ids and classes of their own, checked below.
    "sup": {"id"},
    "li": {"id"},
    "div": {"class"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with what they hold, not only their tags: their text is not for reading.
CLEANED_WITH_CONTENT = {"script", "style", "template", "textarea", "title", "noscript"}
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w-]+")  # fnref2:1: a second reference
ALLOWED_CLASSES = {
    "div": re.compile(r"footnote"),
    "a": re.compile(r"footnote-(?:ref|backref)"),
    "code": re.compile(r"language-[\w+-]+"),
}


def _attribute_filter(tag, attribute, value):
    """Footnote ids only (an id like "main" could stand in for the page's own), classes
    only Markdown's own, and pictures only from this site (no request leaves it)."""
    if attribute == "id":
        return value if FOOTNOTE_ID.fullmatch(value) else None
    if attribute == "class":
        allowed = ALLOWED_CLASSES.get(tag)
        kept = [name for name in value.split() if allowed and allowed.fullmatch(name)]
        return " ".join(kept) or None
    if tag == "img" and attribute == "src" and (":" in value.split("/")[0] or "//" in value):
        return None
    return value


def clean(html):
    """`html` with everything that is not plain Markdown markup removed."""
    if not html:
        return html
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=CLEANED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )


class _Markup(HTMLParser):
    """The elements and attributes of a fragment, as (tag, attribute or "", value)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, "", ""))
        self.found += [(tag, name, _normal(name, value)) for name, value in attrs]

    handle_startendtag = handle_starttag


def _normal(attribute, value):
    """An attribute's value as both sides write it (nh3 writes styles without spaces)."""
    value = (value or "").strip()
    return re.sub(r"\s+|;$", "", value) if attribute == "style" else value


def elements(html):
    """[(tag, "", "") for each element, then (tag, attribute, value) for each attribute]"""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.found


def removed(html):
    """What clean() takes out of `html`: ["<script>", "onerror=…", "href=javascript:…"].

    Comments are left out: they are not shown, and dropping them changes nothing.
    Linear in the number of elements (what is kept is counted, not searched)."""
    kept = Counter(elements(clean(html)))
    found, tag_removed = {}, False
    for item in elements(html):
        tag, attribute, value = item
        if kept[item]:
            kept[item] -= 1
            tag_removed = tag_removed and bool(attribute)
            continue
        if attribute and tag_removed:
            continue  # the element is named already
        tag_removed = not attribute
        found.setdefault((f"{attribute}={value}" if attribute else f"<{tag}>")[:60])
    return list(found)


# A body needs rendering only if it can hold markup: raw HTML or an entity, an
# attribute list ({: …}), or a link or picture whose address could be anything.
MAY_HOLD_MARKUP = re.compile(r"[<&{]|\]\s*[(:\[]")


def may_hold_markup(text):
    return bool(MAY_HOLD_MARKUP.search(text))


def markdown_renderer(settings=None):
    """Markdown → HTML as the build converts it (the MARKDOWN setting), for the check."""
    options = dict((settings or {}).get("MARKDOWN") or DEFAULT_MARKDOWN)
    # A body is converted without its header: no meta extension to take its first lines.
    options["extensions"] = [
        name
        for name in dict.fromkeys(
            [*options.get("extensions", []), *options.get("extension_configs", {})]
        )
        if name not in ("markdown.extensions.meta", "meta")
    ]
    converter = markdown.Markdown(**options)

    def render(text):
        converter.reset()
        return converter.convert(text)

    return render


DEFAULT_MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}},
    "output_format": "html5",
}
render_markdown = markdown_renderer()

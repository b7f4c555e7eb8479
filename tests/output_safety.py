"""What must never be in a built site, looked for in every file it holds.

`unsafe_markup(html)` lists what in an HTML fragment could run script, send the reader
elsewhere or make a request to another site; `scan_site(root, secrets)` applies it to
every page, to the HTML inside every feed entry and to every SVG, and looks for the
`secrets` (markers planted outside content/) in every file, copied ones included.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from dangjian.site.reading_tools import FIRST_PAINT_SCRIPT

# Tags that embed or frame another document, or change where links and forms go.
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
FETCHING = {"img", "script", "source", "video", "audio", "track", "input", "iframe", "embed"}
# Browsers ignore these characters inside a URL's scheme ("java\tscript:").
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
RUNNABLE = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
TEXT_FILES = {".html", ".xml", ".svg", ".css", ".js", ".json", ".txt", ".webmanifest"}

# Each kind of markup that must never reach a page from content, as an attacker would
# write it: the payload, the element the sanitizer must leave none of, and what the
# check must name (dangjian.model.sanitize.removed()).
UNSAFE = {
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "iframe", "<iframe>"),
    "object": ('<object data="https://evil.example/x.swf"></object>', "object", "<object>"),
    "embed": ('<embed src="https://evil.example/x.swf">', "embed", "<embed>"),
    "style": ("<style>body{display:none}</style>", "style", "<style>"),
    "form": ('<form action="https://evil.example/"><button>提交</button></form>', "form", "<form>"),
    "link": ('<link rel="stylesheet" href="https://evil.example/x.css">', "link", "<link>"),
    "meta": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "meta", "<meta>"),
    "base": ('<base href="https://evil.example/">', "base", "<base>"),
    "javascript:": ('<a href="javascript:alert(1)">点</a>', None, "href=javascript:alert(1)"),
    "javascript: with an entity": (
        '<a href="java&#115;cript:alert(1)">点</a>',
        None,
        "href=javascript:alert(1)",
    ),
    "javascript: in a picture": ('<img src="javascript:alert(1)" alt="图">', None, "src="),
}
# What none of the payloads may leave behind, in any element, attribute or text: their
# addresses, scripts and styles ("cript:" for javascript: written with an entity too).
LEFT_OVER = ("evil.example", "cript:", "alert(", "display:none")


def foreign(url):
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname not in ("127.0.0.1", "localhost")


def unsafe_markup(html, parser="html.parser"):
    """Descriptions of what in `html` could run script or reach another site."""
    found = []
    for tag in BeautifulSoup(html, parser).find_all(True):
        name = tag.name.lower().split(":")[-1]
        if name in EMBEDDING:
            found.append(f"<{name}>")
        script = tag.string or ""
        if (
            name == "script"
            and not tag.get("src")
            and tag.get("type") != "application/ld+json"
            and script != FIRST_PAINT_SCRIPT
        ):
            found.append(f"inline <script>: {script[:40]!r}")
        if name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            target = str(tag.get("content", "")).partition("url=")[2]
            if foreign(target) or URL_NOISE.sub("", target).lower().startswith(RUNNABLE):
                found.append(f"refresh to {target!r}")
        if name == "form" and foreign(str(tag.get("action", ""))):
            found.append(f"form to {tag.get('action')!r}")
        for attribute, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                found.append(f"{attribute}= on <{name}>")
            if URL_NOISE.sub("", value).lower().startswith(RUNNABLE):
                found.append(f"{attribute}={value[:40]!r} on <{name}>")
            if name in FETCHING and attribute in ("src", "srcset", "poster") and foreign(value):
                found.append(f"<{name} {attribute}> from another site: {value[:60]!r}")
            if (
                name in ("animate", "set")
                and attribute in ("values", "to", "from")
                and "script:" in URL_NOISE.sub("", value).lower()
            ):
                found.append(f"<{name} {attribute}={value[:40]!r}>")
    return found


def feed_fragments(path):
    """The HTML held in a feed's entries (content and summary of type html)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return []
    return [
        element.text or ""
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] in ("content", "summary", "description")
    ]


def scan_site(root, secrets=()):
    """{file (relative): [problems]} for every file of the built site at `root`."""
    root = Path(root)
    problems = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found = []
        data = path.read_bytes()
        found += [f"secret {secret!r}" for secret in secrets if secret.encode() in data]
        if path.suffix in TEXT_FILES:
            text = data.decode("utf-8", errors="replace")
            found += [f"secret {secret!r}" for secret in secrets if secret in text]
            if path.suffix == ".html":
                found += unsafe_markup(text)
            elif path.suffix == ".svg":
                found += unsafe_markup(text, "xml")
            elif path.suffix == ".xml":
                for fragment in feed_fragments(path):
                    found += unsafe_markup(fragment)
        if found:
            problems[str(path.relative_to(root))] = sorted(set(found))
    return problems

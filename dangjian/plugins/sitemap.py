"""sitemap.xml and robots.txt, written once the whole site is.

Tried first: pelican-sitemap 1.2.2. For this site it gets four things wrong: a
local build (SITEURL "") gets relative <loc>s, which the sitemap protocol
forbids; listing pages get the build's clock time as <lastmod>, naive and
written with a "-00:00" zone, so every build changes every entry; 404.html is
listed as a page; and its only filter is a regular expression on URLs. This
plugin lists the pages Pelican wrote (the content_written signal, as that plugin
does) with absolute clean URLs (locally on FEED_DOMAIN, the preview server), and
a <lastmod> only where the page has a date (an article, a printed page, a
listing's newest piece), in +08:00. An article or page that is not published (Status:
hidden, or a local build's draft) is left out: it is reachable at its address only; so is a
page written with `noindex` in its context (the redirect pages of old addresses).

Settings (with defaults):
    SITEMAP_SAVE_AS = "sitemap.xml"
    ROBOTS_SAVE_AS = "robots.txt"
    SITEMAP_EXCLUDE = ["404.html"]     output files left out
"""

import os
from xml.sax.saxutils import escape

from pelican import signals

from dangjian.urls import clean_url

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ["404.html"],
}

_written = {}  # output file (relative) → lastmod datetime or None, for this build


def site_address(settings):
    """The absolute address the site is published (or, locally, previewed) at."""
    for name in ("SITEURL", "FEED_DOMAIN"):
        value = settings.get(name) or ""
        if value.startswith(("http://", "https://")):
            return value.rstrip("/")
    return ""


def absolute_url(settings, path):
    """Sitemaps need absolute URLs: locally, the preview server's (FEED_DOMAIN)."""
    return f"{site_address(settings)}/{path.lstrip('/')}"


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def page_date(context):
    """The date a page shows content from, or None."""
    for name in ("article", "page"):
        content = context.get(name)
        if content is not None and getattr(content, "date", None):
            return getattr(content, "modified", None) or content.date
    issue = context.get("issue")
    if issue is not None:
        return max(article.date for article in issue.articles)
    pieces = context.get("articles_page")
    pieces = pieces.object_list if pieces is not None else context.get("articles")
    dates = [article.date for article in pieces or []]
    return max(dates) if dates else None


def published(context):
    """False for the page of an article or page whose status is hidden or draft."""
    content = context.get("article") or context.get("page")
    return content is None or getattr(content, "status", "published") == "published"


def remember_page(path, context):
    output = context.get("OUTPUT_PATH")
    if not output or not path.endswith(".html") or not published(context):
        return
    if context.get("noindex"):
        return  # a page that asks not to be indexed (a redirect page) is not listed
    inside = os.path.join(output, "")
    # Pelican's path is the output folder's joined with the file's: cut, not relpath (0.1 s)
    relative = path[len(inside) :] if path.startswith(inside) else os.path.relpath(path, output)
    _written[relative.replace(os.sep, "/")] = page_date(context)


def sitemap_xml(settings, pages):
    """pages: output file → lastmod or None. Entries in URL order, so builds are stable."""
    entries = []
    for output_file, lastmod in sorted(pages.items()):
        if output_file in setting(settings, "SITEMAP_EXCLUDE"):
            continue
        loc = escape(absolute_url(settings, clean_url(output_file)))
        date = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        entries.append(f"<url><loc>{loc}</loc>{date}</url>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def robots_txt(settings):
    sitemap = absolute_url(settings, setting(settings, "SITEMAP_SAVE_AS"))
    lines = ["User-agent: *", "Allow: /"]
    # The sitemap line must be absolute: left out when the address is unknown.
    lines += [f"Sitemap: {sitemap}"] if site_address(settings) else []
    return "\n".join(lines) + "\n"


def write_files(pelican):
    settings = pelican.settings
    files = {
        setting(settings, "SITEMAP_SAVE_AS"): sitemap_xml(settings, _written),
        setting(settings, "ROBOTS_SAVE_AS"): robots_txt(settings),
    }
    for name, body in files.items():
        with open(os.path.join(pelican.output_path, name), "w", encoding="utf-8") as target:
            target.write(body)
    _written.clear()


def start(_pelican):
    _written.clear()  # a new build (the preview server rebuilds in one process)


def register():
    signals.initialized.connect(start)
    signals.content_written.connect(remember_page)
    signals.finalized.connect(write_files)

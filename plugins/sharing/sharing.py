"""分享: a QR code of a page's address, drawn at build time as inline SVG by segno.

A reader at a desktop scans it to go on reading on a phone; nothing is asked of
another site, and it works without scripts (reader.js adds the Web Share button
where the browser has one).

The code holds the page's absolute address: SITEURL's when the site is published,
FEED_DOMAIN's (the preview server) in a local build, whose SITEURL is "".

Cost: the page's QR code is made while the page is rendered (in the build's worker
processes). segno chooses a mask by scoring all eight, three quarters of the time;
QR_MASK picks one instead (a reader's decoder reads the mask from the symbol;
tests/test_sharing.py decodes the drawn code with zbar).

Settings (with defaults):
    QR_ERROR = "m"      error correction: l, m, q or h
    QR_MASK = 2         0–7, or None to let segno score them all
    QR_SCALE = 4        CSS pixels per module
Jinja filters: share_url(path) (the absolute address), qr_svg(path) (Markup: <svg>).
"""

import segno
from markupsafe import Markup
from pelican import signals

DEFAULTS = {"QR_ERROR": "m", "QR_MASK": 2, "QR_SCALE": 4}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def share_url(settings, path):
    """The absolute address of a root-relative path, on the published or preview site."""
    for name in ("SITEURL", "FEED_DOMAIN"):
        base = settings.get(name) or ""
        if base.startswith(("https://", "http://")):
            return f"{base.rstrip('/')}/{str(path).lstrip('/')}"
    return f"/{str(path).lstrip('/')}"


def qr_svg(settings, path, title="本文网址的二维码"):
    """An inline <svg> of the QR code of the page's address: dark modules on a light
    square with the quiet zone the standard asks for, named for assistive technology."""
    code = segno.make(
        share_url(settings, path),
        error=setting(settings, "QR_ERROR"),
        mask=setting(settings, "QR_MASK"),
        micro=False,
    )
    svg = code.svg_inline(
        scale=setting(settings, "QR_SCALE"),
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,  # a viewBox: the stylesheet sizes it
    )
    # segno writes <svg viewBox=".." class="qr-code">…</svg>; a name for screen readers.
    opening, rest = svg.split(">", 1)
    return Markup(f'{opening} role="img" aria-label="{Markup.escape(title)}">{rest}')


def add_filters(generator):
    settings = generator.settings
    generator.env.filters["share_url"] = lambda path: share_url(settings, path)
    generator.env.filters["qr_svg"] = lambda path: qr_svg(settings, path)


def register():
    signals.generator_init.connect(add_filters)

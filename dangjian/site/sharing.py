"""分享: a QR code of a page's address, drawn at build time as inline SVG by segno.

A reader at a desktop scans it to go on reading on a phone; nothing is asked of
another site, and it works without scripts (reader.js adds the Web Share button
where the browser has one).

The code holds the page's absolute address: SITEURL's when the site is published,
FEED_DOMAIN's (the preview server) in a local build, whose SITEURL is "".

Cost: the page's QR code is made while the page is rendered (in the build's worker
processes). segno chooses a mask by scoring all eight, three quarters of its time:
QR_MASK picks one instead (a reader's decoder reads the mask from the symbol;
tests/browser/test_reader_details.py decodes the drawn code with zbar). With the mask
given, segno still took about 1.5 ms of a core per article, most of it making the parts
every code of a version shares and writing the SVG module by module: qr.py draws the same
SVG, byte for byte, in about 0.3 ms (tests/site/test_qr.py compares them).
Each code is kept in QR_CACHE_PATH under a hash of the address, the settings and
segno's version, so a build after an edit draws only the new addresses' codes: byte for
byte what segno draws (a test compares). Codes of addresses no longer on the site are
removed at the end of each build; deleting the folder is always safe.

Settings (with defaults):
    QR_ERROR = "m"          error correction: l, m, q or h
    QR_MASK = 2             0–7, or None to let segno score them all
    QR_SCALE = 4            CSS pixels per module
    QR_CACHE_PATH = None    None: .qr-cache beside the output folder; "" for no cache
Jinja filters: share_url(path) (the absolute address), qr_svg(path) (Markup: <svg>).
"""

import hashlib
import os
from itertools import chain

import segno
from markupsafe import Markup

from dangjian.speed import beside_output
from dangjian.whole_files import write_whole

from . import qr

DEFAULTS = {"QR_ERROR": "m", "QR_MASK": 2, "QR_SCALE": 4, "QR_CACHE_PATH": None}
_addresses = set()  # the cache keys of this build's article pages


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def share_url(settings, path):
    """The absolute address of a root-relative path, on the published or preview site."""
    for name in ("SITEURL", "FEED_DOMAIN"):
        base = settings.get(name) or ""
        if base.startswith(("https://", "http://")):
            return f"{base.rstrip('/')}/{str(path).lstrip('/')}"
    return f"/{str(path).lstrip('/')}"


def cache_folder(settings):
    folder = settings.get("QR_CACHE_PATH", DEFAULTS["QR_CACHE_PATH"])
    return beside_output(settings, ".qr-cache") if folder is None else folder


def cache_key(settings, path):
    what = [segno.__version__, share_url(settings, path)]
    what += [str(setting(settings, name)) for name in ("QR_ERROR", "QR_MASK", "QR_SCALE")]
    return hashlib.sha256("\n".join(what).encode("utf-8")).hexdigest()[:32]


def cache_file(folder, key):
    return os.path.join(folder, key[:2], f"{key}.svg")


def qr_svg(settings, path, title="本文网址的二维码"):
    """An inline <svg> of the QR code of the page's address (drawn, or from the cache)."""
    folder = cache_folder(settings)
    if not folder:
        return Markup(draw(settings, path, title))
    file = cache_file(folder, cache_key(settings, path))
    try:
        with open(file, encoding="utf-8") as cached:
            return Markup(cached.read())
    except OSError:
        pass
    svg = draw(settings, path, title)
    os.makedirs(os.path.dirname(file), exist_ok=True)
    write_whole(file, svg)  # workers may draw the same code
    return Markup(svg)


def draw(settings, path, title):
    """The QR code of the page's address as <svg>: dark modules on a light square with the
    quiet zone the standard asks for, named for assistive technology."""
    address = share_url(settings, path)
    svg = qr.svg(
        address,
        setting(settings, "QR_ERROR"),
        setting(settings, "QR_MASK"),
        setting(settings, "QR_SCALE"),
        "qr-code",
    )  # segno's drawing, made faster; None where it leaves the code to segno
    if svg is None:
        svg = segno_svg(settings, address)
    # segno writes <svg viewBox=".." class="qr-code">…</svg>; a name for screen readers.
    opening, rest = svg.split(">", 1)
    return f'{opening} role="img" aria-label="{Markup.escape(title)}">{rest}'


def segno_svg(settings, address):
    """The code as segno draws it (qr.svg is the same, faster)."""
    code = segno.make(
        address,
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
    return svg


def remember_addresses(generator):
    """The cache keys of every article page this build writes (its drafts' too)."""
    settings = generator.settings
    contents = chain(
        generator.articles, generator.translations, generator.hidden_articles, generator.drafts
    )
    _addresses.update(cache_key(settings, content.url) for content in contents)


def prune_cache(pelican):
    """Remove the codes of addresses this build has no page for."""
    folder = cache_folder(pelican.settings)
    if folder and os.path.isdir(folder) and _addresses:
        for shard in os.scandir(folder):
            for entry in os.scandir(shard.path) if shard.is_dir() else ():
                if entry.name.removesuffix(".svg") not in _addresses:
                    os.remove(entry.path)
    _addresses.clear()


def start(_pelican):
    _addresses.clear()  # a new build (the preview server rebuilds in one process)


def add_filters(generator):
    settings = generator.settings
    generator.env.filters["share_url"] = lambda path: share_url(settings, path)
    generator.env.filters["qr_svg"] = lambda path: qr_svg(settings, path)

"""Responsive photos through pelican-image-process, only on pages that show one.

A template marks a picture with class="image-process-<name>" (photo news: "photo",
a profile's portrait: "portrait"), through the Jinja filter
`{{ path|image_process_class("photo") }}`, which leaves vector images (SVG) alone;
pelican-image-process writes the resized copies and gives the <img> its srcset
and sizes, as the IMAGE_PROCESS setting says. `{{ path|image_size }}` gives the
picture's width and height, so the browser keeps its place before it loads.

Registered here instead of listing "pelican.plugins.image_process" in PLUGINS:
that plugin re-parses and re-serializes every page and feed Pelican writes with
BeautifulSoup, which rewrites markup (entities, attribute order, <meta/>) on
pages that hold no picture at all. This hands it only the pages that do.

Metadata read from each article:
    Photo    a profile's portrait, a picture file under content/ (optional); content_model
             checks that it exists, as it checks Image, the picture of photo news
Settings: those of pelican-image-process (IMAGE_PROCESS, IMAGE_PROCESS_DIR …).
"""

import os

from markupsafe import Markup
from pelican import signals
from pelican.plugins.image_process import image_process
from PIL import Image, UnidentifiedImageError

MARKER = "image-process-"
RESIZABLE = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # what Pillow resizes; not SVG


def image_process_class(path, derivative):
    """The class that asks for `derivative`'s srcset, or "" for an image not to resize."""
    return f"{MARKER}{derivative}" if str(path).lower().endswith(RESIZABLE) else ""


def harvest_images(path, context):
    if not path.endswith(".html"):
        return
    with open(path, "rb") as page:  # every page is looked at: bytes, not decoded
        if MARKER.encode() not in page.read():
            return
    image_process.harvest_images(path, context)


def image_size(settings, path):
    """width="…" height="…" of a picture under PATH, or nothing if it cannot be read."""
    try:
        with Image.open(os.path.join(settings["PATH"], str(path))) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError):
        return Markup("")
    return Markup(f' width="{int(width)}" height="{int(height)}"')


def add_filters(generator):
    generator.env.filters["image_process_class"] = image_process_class
    generator.env.filters["image_size"] = lambda path: image_size(generator.settings, path)


def register():
    signals.generator_init.connect(add_filters)
    signals.content_written.connect(harvest_images)

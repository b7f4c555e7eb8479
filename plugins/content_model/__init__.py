"""The content model: what a valid article, column registry and organization registry are.

One set of rules, used both by the build and by `invoke check` (which runs them
without building). As a plugin it checks the whole content folder when Pelican
starts, before any reader runs, and stops the build on any problem: a file
Pelican could not read (GBK, binary, a symbolic link loop, too large) is named
with its fix instead of failing inside Pelican's readers.

Settings (with defaults):
    CONTENT_MAX_BYTES = 1_000_000   a larger content file is an error
"""

from pelican import signals
from pelican.contents import Content

from editor_errors import log, stop_on_errors

from .check import Checked, check_site, read_registries
from .columns import Column, read_columns
from .registry import check_registry
from .rules import ASCII_SLUG, PIECE_TYPES, article_problems, split_list
from .sanitize import clean
from .sources import Source, parse, read_source

__all__ = [
    "ASCII_SLUG",
    "PIECE_TYPES",
    "Checked",
    "Column",
    "Source",
    "article_problems",
    "check_registry",
    "check_site",
    "clean",
    "parse",
    "read_columns",
    "read_registries",
    "read_source",
    "register",
    "split_list",
]


# Pelican's other readers take raw HTML (HTML files; reStructuredText's raw directive):
# only Markdown is content here, and its HTML goes through the sanitizer.
OTHER_READERS = ("html", "htm", "rst")


def check_before_reading(pelican):
    settings = pelican.settings
    settings["READERS"] = {**settings.get("READERS", {}), **dict.fromkeys(OTHER_READERS)}
    for problem in check_site(settings).problems:
        log(problem)
    stop_on_errors()


def sanitize(content):
    """The body and the summary of an article or page, as they will be published."""
    if not isinstance(content, Content):
        return
    content._content = clean(content._content)
    if "summary" in content.metadata:
        content.metadata["summary"] = clean(content.metadata["summary"])
    if getattr(content, "_summary", None):
        content._summary = clean(content._summary)


def register():
    signals.initialized.connect(check_before_reading)
    signals.content_object_init.connect(sanitize)

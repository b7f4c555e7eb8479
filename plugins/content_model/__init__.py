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

from editor_errors import log, stop_on_errors

from .check import Checked, check_site, read_registries
from .columns import Column, read_columns
from .registry import check_registry
from .rules import ASCII_SLUG, PIECE_TYPES, article_problems, split_list
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
    "parse",
    "read_columns",
    "read_registries",
    "read_source",
    "register",
    "split_list",
]


def check_before_reading(pelican):
    for problem in check_site(pelican.settings).problems:
        log(problem)
    stop_on_errors()


def register():
    signals.initialized.connect(check_before_reading)

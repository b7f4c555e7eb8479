"""The content model: what an article, a column and a Party organization are.

Pure Python (no Pelican, no logging set-up): reading a content file and its header
(sources), the rules a valid article follows (rules), the problems an editor can fix
(problems: file, line, field, what is wrong, the fix), Chinese text rules (text), the
one sanitizer for HTML from content (sanitize), what may be read and published from
content/ (files), the structure limits told before Markdown is converted
(structure), piece types, credits and the record the site keeps of each piece
(pieces), and the registries read once (registries). `check_site()` runs every rule
over a content folder: `./run check` calls it, and the build its two parts
(`check_registries()`, then `check_contents()`); the editors' tools and the site use
the same functions and the same `Registries`.
"""

from .check import Checked, check_contents, check_registries, check_site
from .pieces import COVERAGE_GROUPS, PIECE_TYPES, Credit, Person, Piece, credit
from .problems import Problem, display_path, field_line
from .registries import Column, Organization, Registries
from .rules import ASCII_SLUG, REQUIRED, article_problems
from .sanitize import clean, markdown_renderer
from .sources import Source, read_source
from .text import SLUG_MAX_LENGTH, pinyin_slug, split_list

__all__ = [
    "ASCII_SLUG",
    "COVERAGE_GROUPS",
    "PIECE_TYPES",
    "REQUIRED",
    "SLUG_MAX_LENGTH",
    "Checked",
    "Column",
    "Credit",
    "Organization",
    "Person",
    "Piece",
    "Problem",
    "Registries",
    "Source",
    "article_problems",
    "check_contents",
    "check_registries",
    "check_site",
    "clean",
    "credit",
    "display_path",
    "field_line",
    "markdown_renderer",
    "pinyin_slug",
    "read_source",
    "split_list",
]

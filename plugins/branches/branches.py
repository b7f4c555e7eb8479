"""Party organizations (党组织): a registry of Markdown files, and a page for each.

Registry: one Markdown file per organization under BRANCH_PATHS; the body is
the description.
    Name: 赤峰市公安局松山区分局党委     required
    Kind: 党委                           required: 党委, 党工委, 党支部 …
    Prefecture: 赤峰市                   required: 盟市
    County: 松山区                       旗县区; leave out for a prefecture's own bodies
    Parent: songshan-police             slug, name or alias of the organization above
    Aliases: 松山区公安分局党委, …          other names articles may use
    Slug: songshan-police               the file name when left out

Articles name organizations in `Branches:` by slug, name or alias, separated by
commas or 、. An unknown organization, an unknown parent, a cycle of parents or
two organizations with one slug or name stop the build with a message naming
the file.

Settings (with defaults): see DEFAULTS. Context: `branch_regions`.
Writes BRANCHES_SAVE_AS (template "branches": every organization, by region, as a
tree, with counts) and, per organization, BRANCH_SAVE_AS (template "branch",
paginated: path up the tree, description, sub-organizations, coverage of the
organization and all beneath it, newest first) and BRANCH_FEED_ATOM.
"""

from pelican import signals

from .generator import BranchesGenerator

DEFAULTS = {
    "BRANCH_PATHS": ["branches"],
    "BRANCH_URL": "branches/{slug}/",
    "BRANCH_SAVE_AS": "branches/{slug}/index.html",
    "BRANCH_FEED_ATOM": "branches/{slug}/atom.xml",
    "BRANCHES_URL": "branches/",
    "BRANCHES_SAVE_AS": "branches/index.html",
    "BRANCH_REGION_ORDER": [],  # prefecture names, in the order to list them
}


def set_defaults(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["PAGINATED_TEMPLATES"].setdefault("branch", None)
    # Registry files are not articles or pages, whatever ARTICLE_PATHS says.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = [*settings[key], *settings["BRANCH_PATHS"]]


def get_generators(_pelican):
    return BranchesGenerator


def register():
    signals.initialized.connect(set_defaults)
    signals.get_generators.connect(get_generators)

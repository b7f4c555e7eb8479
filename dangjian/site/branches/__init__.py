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

Settings (with defaults): see DEFAULTS. Context: `branch_regions`. Jinja filter:
`branch_tree`, organizations as a nested list with their counts, rendered once.
Writes BRANCHES_SAVE_AS (template "branches": every organization, by region, as a
tree, with counts) and, per organization, BRANCH_SAVE_AS (template "branch",
paginated: path up the tree, description, sub-organizations, coverage of the
organization and all beneath it, newest first) and BRANCH_FEED_ATOM.
"""

from jinja2 import pass_context
from markupsafe import Markup

from dangjian.model.registries import DEFAULT_BRANCH_PATHS

from .generator import BranchesGenerator

DEFAULTS = {
    "BRANCH_PATHS": DEFAULT_BRANCH_PATHS,
    "BRANCH_URL": "branches/{slug}/",
    "BRANCH_SAVE_AS": "branches/{slug}/index.html",
    "BRANCH_FEED_ATOM": "branches/{slug}/atom.xml",
    "BRANCHES_URL": "branches/",
    "BRANCHES_SAVE_AS": "branches/index.html",
    "BRANCH_REGION_ORDER": [],  # prefecture names, in the order to list them
}


def exclude_registry(pelican):
    settings = pelican.settings
    settings["PAGINATED_TEMPLATES"].setdefault("branch", None)
    # Registry files are not articles or pages, whatever ARTICLE_PATHS says.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        settings[key] = [*settings[key], *settings["BRANCH_PATHS"]]


def get_generators(_pelican):
    return BranchesGenerator


@pass_context
def branch_tree(context, branches):
    """Organizations and all beneath them as nested lists (partials/branch_tree.html).

    Each list is rendered once per build: an organization's sub-organizations are on
    every page of its listing, and again inside the trees above it.
    """
    trees = context.environment.branch_trees  # (id(list), SITEURL) → (list, HTML)
    key = (id(branches), context.get("SITEURL"))
    if key not in trees:
        template = context.environment.get_template("partials/branch_tree.html")
        html = template.render({"branches": branches, "SITEURL": context.get("SITEURL")})
        # Jinja drops the template file's last line break: put back, so that what
        # follows the list starts on a line of its own.
        trees[key] = (branches, Markup(html + "\n"))  # the list kept: its id stays its own
    return trees[key][1]


def add_filters(generator):
    generator.env.filters["branch_tree"] = branch_tree
    generator.env.branch_trees = {}

"""What the search index (Pagefind, see tools/search.py) needs from each article.

Adds to each article `search_branches`: the names of the organizations it is
about and of every organization above them, top down, each once. The search
page's 党组织 filter uses them, so choosing a bureau's Party committee also
finds the pieces about its brigades' branches, as the bureau's own page does.

Gives the search page SEARCH_FILTERS: each filter's field name, label, and the order in
which its values are listed (columns in print order, types as content_model lists them;
values not in the order, the organizations, by pinyin).

Runs after the columns plugin has loaded the columns and the branches plugin has linked
articles to the registry.
"""

from pelican import signals

from content_model.rules import PIECE_TYPES


def add_search_filters(pelican):
    settings = pelican.settings
    settings["SEARCH_FILTERS"] = [
        {"name": "column", "label": "栏目", "order": [c.name for c in settings["COLUMNS"]]},
        {"name": "branch", "label": "党组织", "order": []},
        {"name": "type", "label": "类型", "order": list(PIECE_TYPES.values())},
    ]


def search_branches(branches):
    """Names of `branches` and their ancestors, top down, without repeats."""
    names = []
    for branch in branches:
        for member in [*branch.ancestors, branch]:
            if member.name not in names:
                names.append(member.name)
    return names


def add_search_branches(generators):
    for generator in generators:
        for kind in ("articles", "hidden_articles", "drafts"):
            for article in getattr(generator, kind, []):
                article.search_branches = search_branches(getattr(article, "branches", []))


def register():
    signals.initialized.connect(add_search_filters)
    signals.all_generators_finalized.connect(add_search_branches)

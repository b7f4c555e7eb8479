"""What the search index (Pagefind, see dangjian/build/search.py) needs from each article.

Gives each article's record `search_branches`: the names of the organizations it is
about and of every organization above them, top down, each once. The search
page's 党组织 filter uses them, so choosing a bureau's Party committee also
finds the pieces about its brigades' branches, as the bureau's own page does.

Gives the search page SEARCH_FILTERS: each filter's field name, label, and the order in
which its values are listed (columns in print order, types as the content model lists them;
values not in the order, the organizations, by pinyin).
"""

from dangjian.model import PIECE_TYPES


def add_search_filters(pelican):
    settings = pelican.settings
    columns = settings["REGISTRIES"].column_names
    settings["SEARCH_FILTERS"] = [
        {"name": "column", "label": "栏目", "order": columns},
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
                article.piece.search_branches = search_branches(article.piece.branches)

"""Related pieces: what to read next after an article.

Pieces about the same Party organization come first (an organization's readers
want its other coverage), then pieces in the same column; newest first within
each group, the article itself and its neighbours on the printed page (already
linked as 上一篇/下一篇) left out.

Settings (with defaults):
    RELATED_PIECES_MAX = 5     how many related pieces an article lists
Adds to each published article: `related`, a list of articles.
"""

from pelican import signals
from pelican.generators import ArticlesGenerator

DEFAULTS = {"RELATED_PIECES_MAX": 5}


def related_pieces(article, articles, limit):
    """Up to `limit` of `articles` (newest first) related to `article`."""
    left_out = {
        id(article),
        id(getattr(article, "previous_in_issue", None)),
        id(getattr(article, "next_in_issue", None)),
    }
    branches = set(map(id, getattr(article, "branches", [])))
    same_branch = [
        other
        for other in articles
        if id(other) not in left_out and branches & set(map(id, getattr(other, "branches", [])))
    ]
    left_out |= set(map(id, same_branch))
    same_column = [
        other
        for other in articles
        if id(other) not in left_out and other.category == article.category
    ]
    return (same_branch + same_column)[:limit]


def add_related(generators):
    """After every generator has built its context: branches and issues are linked."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        limit = generator.settings.get("RELATED_PIECES_MAX", DEFAULTS["RELATED_PIECES_MAX"])
        for article in generator.articles:
            article.related = related_pieces(article, generator.articles, limit)


def register():
    signals.all_generators_finalized.connect(add_related)

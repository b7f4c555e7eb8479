"""Related pieces: what to read next after an article.

Pieces about the same Party organization come first (an organization's readers
want its other coverage), then pieces in the same column; newest first within
each group, the article itself and its neighbours on the printed page (already
linked as 上一篇/下一篇) left out.

Settings (with defaults):
    RELATED_PIECES_MAX = 5     how many related pieces an article lists
Gives each published article's record (`article.piece`) `related`, a list of articles.
"""

import heapq
from collections import defaultdict

from pelican.generators import ArticlesGenerator

DEFAULTS = {"RELATED_PIECES_MAX": 5}


class Index:
    """Positions (in `articles`, newest first) of the pieces about each organization and
    in each column: an article's related pieces are found among its own organizations'
    and column's pieces, not by going through every piece for every article."""

    def __init__(self, articles):
        self.articles = articles
        self.by_branch = defaultdict(list)
        self.by_column = defaultdict(list)
        for position, article in enumerate(articles):
            for branch in article.piece.branches:
                self.by_branch[id(branch)].append(position)
            self.by_column[article.category].append(position)

    def related(self, article, limit):
        """Up to `limit` pieces related to `article`, newest first within each group."""
        piece = article.piece
        left_out = {id(article), id(piece.previous_in_issue), id(piece.next_in_issue)}
        # Each organization's positions are in ascending order: merged, the first `limit`
        # pieces about them are found without going through all of them (an organization's
        # pieces grow with the site: going through them all for every article made this
        # quadratic, 0.23 s at 5,000 articles and 2.3 s at 20,000).
        found, last = [], None
        for position in heapq.merge(*(self.by_branch[id(branch)] for branch in piece.branches)):
            if len(found) >= limit:
                break
            if position != last and id(self.articles[position]) not in left_out:
                found.append(self.articles[position])
            last = position
        left_out |= set(map(id, found))
        mine = {id(branch) for branch in piece.branches}
        for position in self.by_column[article.category]:
            if len(found) >= limit:
                break
            other = self.articles[position]
            if id(other) not in left_out and not any(
                id(branch) in mine for branch in other.piece.branches
            ):  # a piece about one of its organizations is not in the first group
                found.append(other)
        return found


def related_pieces(article, articles, limit):
    """Up to `limit` of `articles` (newest first) related to `article`."""
    return Index(articles).related(article, limit)


def add_related(generators):
    """After every generator has built its context: branches and issues are linked."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        limit = generator.settings.get("RELATED_PIECES_MAX", DEFAULTS["RELATED_PIECES_MAX"])
        index = Index(generator.articles)
        for article in generator.articles:
            article.piece.related = index.related(article, limit)

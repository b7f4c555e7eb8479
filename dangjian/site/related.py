"""Related pieces: what to read next after an article.

Pieces about the same Party organization come first (an organization's readers
want its other coverage), then pieces in the same column; newest first within
each group, the article itself and its neighbours on the printed page (already
linked as 上一篇/下一篇) left out.

Settings (with defaults):
    RELATED_PIECES_MAX = 5     how many related pieces an article lists
Gives each published article's record (`article.piece`) `related`, a list of articles.
"""

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
        about = {p for branch in piece.branches for p in self.by_branch[id(branch)]}
        found = [self.articles[p] for p in sorted(about) if id(self.articles[p]) not in left_out]
        found = found[:limit]
        left_out |= set(map(id, found))
        for position in self.by_column[article.category]:
            if len(found) >= limit:
                break
            if id(self.articles[position]) not in left_out and position not in about:
                found.append(self.articles[position])
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

"""Related pieces: what to read next after an article.

Pieces about the same Party organization come first (an organization's readers
want its other coverage), then pieces in the same column; the article itself and its
neighbours on the printed page (already linked as 上一篇/下一篇) left out. Which pieces
of each group are chosen is the RELATED_PIECES_ORDER setting:
- "newest": the group's newest pieces (what the organization or column did last);
- "nearest": the pieces nearest the article in date, before or after it (what was
  reported about the same time). A new day's pieces then enter the lists of the few
  articles just before them, not of every article of their organizations and columns:
  a daily publish renders and uploads those few again, not a thousand (bench/RESULTS.md).
Either way each group is shown newest first.

Settings (with defaults):
    RELATED_PIECES_MAX = 5            how many related pieces an article lists
    RELATED_PIECES_ORDER = "newest"   or "nearest", as above
Gives each published article's record (`article.piece`) `related`, a list of articles.
"""

import heapq
from bisect import bisect_left
from collections import defaultdict

from pelican.generators import ArticlesGenerator

from dangjian.errors import check_choice

ORDERS = {"newest": "最新的", "nearest": "与本文日期最近的"}  # the first: the default
DEFAULTS = {"RELATED_PIECES_MAX": 5, "RELATED_PIECES_ORDER": next(iter(ORDERS))}


class Index:
    """Positions (in `articles`, newest first) of the pieces about each organization and
    in each column: an article's related pieces are found among its own organizations'
    and column's pieces, not by going through every piece for every article."""

    def __init__(self, articles, order="newest"):
        self.articles = articles
        self.order = order
        self.by_branch = defaultdict(list)
        self.by_column = defaultdict(list)
        self.position = {}
        for position, article in enumerate(articles):
            self.position[id(article)] = position
            for branch in article.piece.branches:
                self.by_branch[id(branch)].append(position)
            self.by_column[article.category].append(position)

    def related(self, article, limit):
        """Up to `limit` pieces related to `article`, newest first within each group."""
        piece = article.piece
        left_out = {id(article), id(piece.previous_in_issue), id(piece.next_in_issue)}
        branches = [self.by_branch[id(branch)] for branch in piece.branches]
        first = self._take(article, branches, limit, lambda other: id(other) in left_out)
        left_out |= set(map(id, first))
        mine = {id(branch) for branch in piece.branches}

        def not_wanted(other):  # a piece about one of its organizations is in the first group
            return id(other) in left_out or any(id(b) in mine for b in other.piece.branches)

        second = self._take(
            article, [self.by_column[article.category]], limit - len(first), not_wanted
        )
        return first + second

    def _take(self, article, lists, limit, not_wanted):
        """Up to `limit` articles at the positions in `lists` (each ascending), in the
        order of RELATED_PIECES_ORDER, none that `not_wanted(article)`; newest first."""
        if limit <= 0:
            return []
        if self.order == "nearest":
            positions = _nearest_first(lists, self.position[id(article)])
        else:  # the lists merged lazily: going through all of an organization's pieces
            # for every article was quadratic (0.23 s at 5,000 articles, 2.3 s at 20,000)
            positions = heapq.merge(*lists)
        found, seen = [], set()
        for position in positions:
            if len(found) >= limit:
                break
            other = self.articles[position]
            if position not in seen and not not_wanted(other):
                found.append(position)
            seen.add(position)
        return [self.articles[position] for position in sorted(found)]


def _nearest_first(lists, position):
    """The positions in `lists` (each ascending), by their distance from `position`, the
    newer (smaller) first of two as near; lazily, each list walked outwards from where
    `position` would be."""
    heap = []  # (distance, position, which list, index in it, step: -1 newer, +1 older)

    def push(which, index, step):
        values = lists[which]
        if 0 <= index < len(values):
            heapq.heappush(heap, (abs(values[index] - position), values[index], which, index, step))

    for which, values in enumerate(lists):
        middle = bisect_left(values, position)
        push(which, middle - 1, -1)
        push(which, middle, +1)
    while heap:
        _distance, value, which, index, step = heapq.heappop(heap)
        yield value
        push(which, index + step, step)


def check_settings(pelican):
    check_choice(pelican.settings, "RELATED_PIECES_ORDER", ORDERS, "相关报道挑哪几篇")


def add_related(generators):
    """After every generator has built its context: branches and issues are linked."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        settings = {**DEFAULTS, **generator.settings}
        index = Index(generator.articles, settings["RELATED_PIECES_ORDER"])
        for article in generator.articles:
            article.piece.related = index.related(article, settings["RELATED_PIECES_MAX"])

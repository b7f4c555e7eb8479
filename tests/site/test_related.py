"""Related pieces (dangjian/site/related.py): newest or nearest in date, each group newest
first, checked against a plain reading of the rule and on built sites."""

import random
from itertools import pairwise
from types import SimpleNamespace

import pytest

from dangjian.site.related import Index
from support import article, branch


def corpus(seed, size=60):
    """`size` articles, newest first, about 0-2 of 4 organizations, in one of 3 columns,
    some next to each other on a printed page."""
    rng = random.Random(seed)
    organizations = [object() for _ in range(4)]
    articles = [
        SimpleNamespace(
            category=rng.choice("甲乙丙"),
            piece=SimpleNamespace(
                branches=rng.sample(organizations, rng.choice([0, 1, 1, 2])),
                previous_in_issue=None,
                next_in_issue=None,
            ),
        )
        for _ in range(size)
    ]
    for newer, older in pairwise(articles):
        if rng.random() < 0.3:
            newer.piece.previous_in_issue, older.piece.next_in_issue = older, newer
    return articles


def expected(articles, article, limit, order):
    """The rule as the module's docstring gives it, by going through every piece."""
    place = {id(a): n for n, a in enumerate(articles)}
    here = place[id(article)]
    piece = article.piece
    left_out = {id(article), id(piece.previous_in_issue), id(piece.next_in_issue)}
    mine = {id(b) for b in piece.branches}

    def about_mine(other):
        return any(id(b) in mine for b in other.piece.branches)

    def chosen(candidates, count):
        if order == "nearest":
            candidates = sorted(candidates, key=lambda a: (abs(place[id(a)] - here), place[id(a)]))
        return sorted(candidates[:count], key=lambda a: place[id(a)])

    first = chosen([a for a in articles if id(a) not in left_out and about_mine(a)], limit)
    taken = left_out | set(map(id, first))
    second = [
        a
        for a in articles
        if a.category == article.category and id(a) not in taken and not about_mine(a)
    ]
    return first + chosen(second, limit - len(first))


@pytest.mark.parametrize("order", ["newest", "nearest"])
@pytest.mark.parametrize("seed", range(20))
def test_the_index_finds_what_going_through_every_piece_finds(order, seed):
    articles = corpus(seed)
    index = Index(articles, order)
    for limit in (1, 5):
        for one in articles:
            assert index.related(one, limit) == expected(articles, one, limit, order)


def test_nearest_differs_from_newest_for_an_older_article():
    """Not one rule under two names: an old piece's nearest are its own time's."""
    articles = corpus(1, size=200)
    old = articles[150]
    newest, nearest = Index(articles, "newest"), Index(articles, "nearest")
    assert newest.related(old, 5) != nearest.related(old, 5)


def coverage(count):
    """`count` pieces about one organization, a day apart, newest on 2018-03-28."""
    files = {"branches/x.md": branch("甲党支部")}
    for day in range(1, count + 1):
        files[f"articles/a{day:02}.md"] = article(
            f"第{day}篇", f"2018-03-{day:02}", "视点", "甲党支部"
        )
    return files


def related_titles(site, title):
    url = next(u for u in site.article_urls() if site.soup(u).h1.get_text() == title)
    return [a.get_text() for a in site.soup(url).select(".related li > a")]


def test_a_site_with_nearest_lists_the_pieces_of_about_the_same_day(small_site):
    result, site = small_site(coverage(12), overrides={"RELATED_PIECES_ORDER": "nearest"})
    assert result.ok, result.log
    # the two before and the two after (the one as far on either side: the newer),
    # newest first
    assert related_titles(site, "第5篇") == ["第8篇", "第7篇", "第6篇", "第4篇", "第3篇"]
    assert related_titles(site, "第12篇") == ["第11篇", "第10篇", "第9篇", "第8篇", "第7篇"]


def test_a_site_with_newest_lists_the_newest_pieces(small_site):
    result, site = small_site(coverage(12), overrides={"RELATED_PIECES_ORDER": "newest"})
    assert result.ok, result.log
    assert related_titles(site, "第5篇") == ["第12篇", "第11篇", "第10篇", "第9篇", "第8篇"]


def test_an_unknown_order_stops_the_build_naming_the_setting(small_site, tmp_path):
    result, _site = small_site(coverage(2), overrides={"RELATED_PIECES_ORDER": "oldest"})
    assert not result.ok
    assert "RELATED_PIECES_ORDER: 'oldest' 不是可用的值" in result.log
    assert "'newest'（最新的） 或 'nearest'（与本文日期最近的）" in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "output").exists()

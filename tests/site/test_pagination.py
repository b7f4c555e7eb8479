"""Listings' pages (dangjian/site/pagination.py): Pelican's numbering by default; with
PAGINATION_FROM = "oldest", later pages that keep their pieces and addresses for good."""

import functools
import os
from datetime import datetime, timedelta

import pytest
from pelican.paginator import Paginator
from pelican.settings import read_settings

from dangjian.paths import SETTINGS
from dangjian.site.pagination import ListingPaginator, dates_of
from support import PER_PAGE, article, branch, column_of


@functools.cache
def settings(way):
    return read_settings(str(SETTINGS), override={"PAGINATION_FROM": way})


def pieces(count):
    """`count` stand-ins for articles, newest first, a day apart."""

    class Piece:
        def __init__(self, number):
            self.number = number
            self.date = datetime(2018, 1, 1) + timedelta(days=number)

        def __repr__(self):
            return f"Piece({self.number})"

    return [Piece(number) for number in range(count, 0, -1)]


def pages(paginator):
    return [paginator.page(number) for number in range(1, paginator.num_pages + 1)]


def cut(way, items, per_page=PER_PAGE):
    return pages(
        ListingPaginator("columns/x/index.html", "columns/x/", items, settings(way), per_page)
    )


@pytest.mark.parametrize("count", [0, 1, 19, 20, 21, 39, 40, 41, 59, 60, 61, 100, 107])
def test_newest_is_pelicans_own_numbering(count):
    items = pieces(count)
    ours = cut("newest", items)
    pelicans = pages(
        Paginator("columns/x/index.html", "columns/x/", items, settings("newest"), PER_PAGE)
    )
    assert [(p.object_list, p.url, p.save_as) for p in ours] == [
        (p.object_list, p.url, p.save_as) for p in pelicans
    ]
    assert all(page.shows_overview for page in ours)
    assert [page.label for page in ours] == [
        f"第 {n} 页，共 {len(ours)} 页" for n in range(1, len(ours) + 1)
    ]


@pytest.mark.parametrize("count", range(0, 130))
def test_from_the_oldest_every_piece_once_newest_first_no_page_short(count):
    items = pieces(count)
    shown = cut("oldest", items)
    assert [piece for page in shown for piece in page.object_list] == items
    first, later = shown[0], shown[1:]
    assert len(first.object_list) == (
        count if count < 2 * PER_PAGE else PER_PAGE + count % PER_PAGE
    )
    assert all(len(page.object_list) == PER_PAGE for page in later)
    assert first.url == "columns/x/" and first.save_as == "columns/x/index.html"
    assert first.shows_overview and not any(page.shows_overview for page in later)
    # the oldest twenty at page/2/, the next at page/3/ …
    assert [page.url for page in later] == [
        f"columns/x/page/{n}/" for n in range(len(shown), 1, -1)
    ]


def as_shown(shown):
    """{file: what a reader sees of the page: its pieces, label, the pages it links to}"""
    addresses = [None, *(page.url for page in shown), None]
    return {
        page.save_as: (
            [piece.number for piece in page.object_list],
            page.label,
            page.shows_overview,
            addresses[n - 1],  # the newer page
            addresses[n + 1],  # the older page
        )
        for n, page in enumerate(shown, 1)
    }


@pytest.mark.parametrize("count", range(0, 130))
def test_from_the_oldest_a_new_piece_changes_only_the_first_page(count):
    before = as_shown(cut("oldest", pieces(count)))
    after = as_shown(cut("oldest", pieces(count + 1)))
    assert set(before) <= set(after)  # no address goes away
    changed = sorted(name for name in after if before.get(name) != after[name])
    if count + 1 >= 2 * PER_PAGE and (count + 1) % PER_PAGE == 0:
        # twenty more: the newest twenty of the first page get an address of their own,
        # and the page before them now links to it
        number = (count + 1) // PER_PAGE
        expected = [f"columns/x/page/{number}/index.html", "columns/x/index.html"]
        expected += [f"columns/x/page/{number - 1}/index.html"] if number > 2 else []
        assert changed == sorted(expected)
    else:
        assert changed == ["columns/x/index.html"]


def test_a_later_page_is_labelled_with_its_days():
    class Piece:
        def __init__(self, when):
            self.date = when

    same_year = [Piece(datetime(2018, 2, 3)), Piece(datetime(2018, 1, 2))]
    assert dates_of(same_year) == "2018年1月2日至2月3日"
    two_years = [Piece(datetime(2019, 1, 5)), Piece(datetime(2018, 12, 30))]
    assert dates_of(two_years) == "2018年12月30日至2019年1月5日"
    one_day = [Piece(datetime(2018, 3, 13, 9)), Piece(datetime(2018, 3, 13, 8))]
    assert dates_of(one_day) == "2018年3月13日"


def test_a_site_from_the_oldest(small_site):
    count = 2 * PER_PAGE + 5
    result, site = small_site(column_of(count), overrides={"PAGINATION_FROM": "oldest"})
    assert result.ok, result.log
    for listing, titles in (
        ("/columns/shidian/", ".piece-title a"),
        ("/branches/x/", ".coverage .piece-title a"),
        ("/branches/p/", ".coverage .piece-title a"),
    ):
        first = site.soup(listing)
        assert len(first.select(titles)) == PER_PAGE + 5
        assert first.select_one(".listing-count").get_text().startswith(f"共 {count} 篇")
        oldest = site.soup(f"{listing}page/2/")
        assert [a.get_text() for a in oldest.select(titles)] == [
            f"稿{n}" for n in range(PER_PAGE, 0, -1)
        ]
        # in its head, a later page says which days it holds, where the first says the total
        assert oldest.select_one(".listing-count").get_text().startswith("2018年1月2日至1月21日 · ")
        pager = oldest.select_one(".pagination")
        assert pager.find("a", rel="prev")["href"] == listing
        assert pager.find("a", rel="next") is None
        assert "2018年1月2日至1月21日" in pager.get_text()
        assert not site.file(f"{listing}page/3/").exists()
    # an organization's overview, which its sub-organizations' new pieces change: first page
    committee, later = site.soup("/branches/p/"), site.soup("/branches/p/page/2/")
    assert [a.get_text() for a in committee.select(".sub-branches a")] == ["甲党支部"]
    assert committee.select('script[type="application/ld+json"]')
    assert not later.select(".sub-branches") and not later.select("script[type]")


def test_a_new_day_leaves_the_later_pages_as_they_were(small_site):
    """Built into the same folder again after a new day, with a new piece and a new
    organization under 甲党委: the later pages are the very files of the build before
    (keep_unchanged), the first pages are new."""
    oldest = {"PAGINATION_FROM": "oldest", "RELATED_PIECES_ORDER": "nearest"}
    result, site = small_site(column_of(2 * PER_PAGE + 3), overrides=oldest)
    assert result.ok, result.log
    later = sorted(site.root.glob("*/*/page/*/index.html"))
    # the column's, the two organizations' and the author's
    assert len(later) == 4
    before = {path: os.stat(path).st_ino for path in later}
    first = site.file("/branches/p/").read_bytes()
    new_day = {
        "branches/y.md": branch("乙党支部", parent="甲党委"),
        "articles/new.md": article(title="新稿", date="2018-03-01", branches="乙党支部"),
    }
    result, site = small_site(new_day, overrides=oldest)  # the same content and output
    assert result.ok, result.log
    assert {path: os.stat(path).st_ino for path in later} == before
    assert site.file("/branches/p/").read_bytes() != first
    committee = site.soup("/branches/p/")
    assert "新稿" in committee.get_text()
    assert [a.get_text() for a in committee.select(".sub-branches a")] == ["甲党支部", "乙党支部"]


def test_an_unknown_way_stops_the_build_naming_the_setting(small_site, tmp_path):
    result, _site = small_site(column_of(2), overrides={"PAGINATION_FROM": "middle"})
    assert not result.ok
    assert "PAGINATION_FROM: 'middle' 不是可用的值" in result.log
    assert "Traceback" not in result.log
    assert not (tmp_path / "output").exists()

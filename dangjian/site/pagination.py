"""Listings' pages (a column's, a tag's, an author's, an organization's): which pieces
each page holds, its address and the words the pager shows.

Every listing is newest first, its first page at the listing's own address. The
PAGINATION_FROM setting says how the pieces are cut into pages:
- "newest" (Pelican's way): page 2 holds the 21st to 40th newest pieces, and so on. A new
  piece moves every piece of its listing one place down: every page of the listing changes.
- "oldest": pages are cut from the oldest piece, and each later page keeps its pieces and
  its address for good (…/page/2/ always holds the oldest 20 pieces, …/page/3/ the next
  20); the first page holds the newest 20 to 39, so that no page is short. A new piece
  changes the first page only (and, once every 20 pieces, the page that then gets its own
  address and the one after it). A later page is labelled (in its head and its pager) with
  the dates of its pieces, not with a count that grows, and the listing's overview, which
  a new piece or organization changes (its total; an organization's sub-organizations with
  their counts and its structured data), is on its first page only. A daily publish
  renders and uploads those few pages, not every page of every listing a new piece joins
  (bench/RESULTS.md).

Settings (with defaults):
    PAGINATION_FROM = "newest"    or "oldest", as above
The templates see, on each listing page, `articles_page.label` (what the pager, and a later
page's head, say about the page) and `articles_page.shows_overview` (whether the page shows
the listing's overview: on every page with "newest", as before; on the first only with
"oldest").
"""

from pelican.paginator import Page, Paginator

from dangjian.errors import check_choice
from dangjian.model.text import zh_date
from dangjian.speed.internals import use_paginator

WAYS = {  # the first: the default
    "newest": "从最新的稿件分页",
    "oldest": "从最早的稿件分页，使以后各页不变",
}
DEFAULTS = {"PAGINATION_FROM": next(iter(WAYS))}


class ListingPaginator(Paginator):
    """Pelican's paginator, numbering its pages as PAGINATION_FROM says; Pelican's writer
    asks it for pages 1, 2 … (1: the newest) and writes each at the page's `save_as`."""

    def __init__(self, name, url, object_list, settings, per_page=None):
        super().__init__(name, url, object_list, settings, per_page)
        way = settings.get("PAGINATION_FROM", DEFAULTS["PAGINATION_FROM"])
        self.from_oldest = way == "oldest" and bool(per_page)

    @property
    def num_pages(self):
        if self.from_oldest:
            return max(1, self.count // self.per_page)
        return super().num_pages

    def page(self, number):
        if not self.from_oldest:
            label = f"第 {number} 页，共 {self.num_pages} 页"
            return ListingPage(self, super().page(number).object_list, number, number, label)
        # The pages after the first hold whole pages' worth counted from the oldest piece:
        # the one shown as `number` is the `place`-th of them from the oldest (1, 2 …).
        place = self.num_pages - number + 1
        top = self.count - place * self.per_page
        pieces = self.object_list[0 if number == 1 else top : top + self.per_page]
        address = 1 if number == 1 else place + 1
        return ListingPage(self, pieces, number, address, dates_of(pieces), number == 1)


class ListingPage(Page):
    """Page `number` of a listing (1: the newest), at the address numbered
    `address_number` (1: the listing's own address), with the pager's `label`."""

    def __init__(self, paginator, pieces, number, address_number, label, shows_overview=True):
        super().__init__(
            paginator.name, paginator.url, pieces, number, paginator, paginator.settings
        )
        self.address_number = address_number
        self.label = label
        self.shows_overview = shows_overview

    @property
    def url(self):
        return self._at_address("URL")

    @property
    def save_as(self):
        return self._at_address("SAVE_AS")

    def _at_address(self, key):
        """Pelican's PAGINATION_PATTERNS, applied to the address's number."""
        shown, self.number = self.number, self.address_number
        try:
            return self._from_settings(key)
        finally:
            self.number = shown


def dates_of(pieces):
    """2018年1月2日至2月3日: the days of a page's pieces, newest first, as a reader reads
    them: the oldest day first, the year once when both are in the same year."""
    if not pieces:
        return ""
    first, last = pieces[-1].date, pieces[0].date
    if first.date() == last.date():
        return zh_date(first)
    end = zh_date(last)
    if first.year == last.year:
        end = end.split("年", 1)[1]
    return f"{zh_date(first)}至{end}"


def start(pelican):
    """Check the setting; Pelican's writer then cuts every listing with ListingPaginator."""
    check_choice(pelican.settings, "PAGINATION_FROM", WAYS, "栏目等列表怎样分页")
    use_paginator(ListingPaginator)

"""A listing's pages written as calls of their own, and what a later page may read.

Pelican's writer renders every page of a listing in one write_file call. Here that call
becomes one call per page, with the same context each page would get inside Pelican's
loop, so that the render cache (render_cache.py) keys each page by what it shows. With
PAGINATION_FROM = "oldest" a later page (`articles_page.shows_overview` false) keeps
its pieces for good, and shows nothing of the listing as a whole: not its pieces, their
number, nor (for an organization) the tree below. A new piece then changes the first
page of each listing it joins, not every page (dangjian/site/pagination.py).

So that a later page's key can leave the listing out, the page sees the listing only as
far as its key covers it:
- the lists paginated (`articles`, `dates`) and their paginators stand as `Unseen`;
- its page and the pages before and after it are `Seen` through a few fields
  (PAGE_FIELDS, NEIGHBOUR_FIELDS);
- the column, tag, author or organization it lists is `Seen` through the fields its
  class names in LATER_PAGES_SHOW (URLWrapper's: WRAPPER_FIELDS).
A template that reads anything else on a later page stops the build (OverviewRead),
naming the template, the page and what it read: it would show what the key leaves out.
The fix is to read it under `{% if articles_page.shows_overview %}`. The first page, and
every page with PAGINATION_FROM = "newest", sees every value as Pelican passes it.
"""

import functools
from contextlib import contextmanager

import pelican.writers
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from dangjian.errors import BuildStopped, log
from dangjian.model import Problem

# A field is a name, or (name, fields) for a list whose members are seen through those.
PAGE_FIELDS = (
    "object_list", "number", "label", "shows_overview", "url", "save_as",
    "has_other_pages", "has_next", "has_previous",
)  # fmt: skip
NEIGHBOUR_FIELDS = ("number", "url", "save_as")
WRAPPER_FIELDS = ("name", "slug", "url", "save_as", "description", "order")
PAGINATED_BY_DEFAULT = {"articles", "dates"}  # what Pelican's writer paginates unasked


class OverviewRead(Exception):
    """A later page of a listing read what only the first page shows."""

    def __init__(self, what):
        super().__init__(what)
        self.what = what

    def problem(self, page):
        """The Problem, at the template's line that read it (Jinja's frames in the
        traceback carry the template's file and line) on the page `page`."""
        template, line, trace = "", None, self.__traceback__
        while trace is not None:
            if not trace.tb_frame.f_code.co_filename.endswith(".py"):
                template, line = trace.tb_frame.f_code.co_filename, trace.tb_lineno
            trace = trace.tb_next
        return Problem(
            template,
            f"列表的后续页 {page} 读取了 {self.what}，而后续页只显示本页的稿件："
            "列表的概览（稿件总数、全部稿件、下级组织等）只在第一页显示"
            f" (a later listing page read {self.what}, which only its first page shows)",
            "把读取它的部分放进 {% if articles_page.shows_overview %} … {% endif %}；"
            '或在 pelicanconf.py 中设 PAGINATION_FROM = "newest"，每一页都显示概览',
            self.what,
            line,
        )


class Unseen:
    """A value a later page does not show: any use of it raises OverviewRead."""

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def render_digest(self):
        return ["unseen", self._name]

    def _read(self, *_args):
        raise OverviewRead(self._name)

    def __getattr__(self, attribute):
        raise OverviewRead(f"{self._name}.{attribute}")

    __bool__ = __len__ = __iter__ = __getitem__ = __contains__ = _read
    __str__ = __eq__ = __lt__ = __call__ = _read
    __hash__ = object.__hash__


class Seen:
    """`value` as a later page may see it: the `fields` named; a method among them is
    called with no arguments for the digest."""

    __slots__ = ("_fields", "_name", "_value")

    def __init__(self, value, fields, name):
        self._value, self._name, self._fields = value, name, field_map(fields)

    def __getattr__(self, attribute):
        if attribute.startswith("__"):  # Python's and Jinja's own questions, not data
            raise AttributeError(attribute)
        if attribute not in self._fields:
            raise OverviewRead(f"{self._name}.{attribute}")
        found = getattr(self._value, attribute)
        members = self._fields[attribute]
        if members is None:
            return found
        return [Seen(member, members, f"{self._name}.{attribute}[]") for member in found]

    def render_digest_key(self):
        """Seen values with the same key show the same: the same value, the same fields."""
        return id(self._value), id(self._fields)  # field_map: one dict for the same fields

    def render_digest(self):
        """What the page can see of the value: its type and text, then each field."""
        shown = [type(self._value).__qualname__, str(self._value)]
        for field in self._fields:
            found = getattr(self, field, None)
            shown += [field, found() if callable(found) else found]
        return shown

    def __str__(self):
        return str(self._value)

    def __eq__(self, other):
        return self._value == (other._value if isinstance(other, Seen) else other)

    def __hash__(self):
        return hash(self._value)


@functools.cache
def field_map(fields):
    """{field: its members' fields, or None}: one dict for every Seen of those fields (a
    later page has up to six Seen; a dict each was 0.2-0.3 KB)."""
    return dict(field if isinstance(field, tuple) else (field, None) for field in fields)


def seen(value, name):
    """A listed column's, tag's, author's or organization's face on a later page; any
    other value as it is (its whole digest is in the page's key)."""
    fields = getattr(value, "LATER_PAGES_SHOW", None)
    if fields is None and isinstance(value, URLWrapper):
        fields = WRAPPER_FIELDS
    return value if fields is None else Seen(value, fields, name)


def split(settings, name, url, paginated, template_name, kwargs):
    """[(file, kwargs)], one per page Pelican's writer would write for this write_file
    call, each to be written with `paginated={}`; None for a call that writes one file."""
    if paginated is None:
        paginated = {key: value for key, value in kwargs.items() if key in PAGINATED_BY_DEFAULT}
    if not (paginated and template_name in settings["PAGINATED_TEMPLATES"]):
        return None
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    # Writer.write_file's loop (the paginator its module names: the site's), each page
    # made once: a page and the same page as the next one's previous are alike
    pages = {}
    for key, value in paginated.items():
        paginator = pelican.writers.Paginator(name, url, value, settings, per_page)
        pages[key] = [paginator.page(number) for number in range(1, paginator.num_pages + 1)]
    count = len(next(iter(pages.values())))
    views = later_views(kwargs, pages)  # made once: their digests are worked out once
    written = []
    for index in range(count):
        page_kwargs = kwargs.copy()
        for key, its_pages in pages.items():
            page = its_pages[index]
            page_kwargs.update(
                {
                    f"{key}_paginator": page.paginator,
                    f"{key}_page": page,
                    f"{key}_previous_page": its_pages[index - 1] if index > 0 else None,
                    f"{key}_next_page": its_pages[index + 1] if index + 1 < count else None,
                }
            )
        if not getattr(page, "shows_overview", True):
            page_kwargs.update(views)
            for key, its_pages in pages.items():
                page_kwargs[f"{key}_page"] = Seen(its_pages[index], PAGE_FIELDS, f"{key}_page")
                for name, near in (("previous", index - 1), ("next", index + 1)):
                    neighbour = its_pages[near] if 0 <= near < count else None
                    page_kwargs[f"{key}_{name}_page"] = neighbour and Seen(
                        neighbour, NEIGHBOUR_FIELDS, f"{key}_{name}_page"
                    )
        written.append((page.save_as, page_kwargs))
    return written


def later_views(kwargs, pages):
    """What every later page of a listing sees instead of the listing as a whole: the
    lists paginated and their paginators Unseen, the listed term or organization Seen."""
    views = {name: seen(value, name) for name, value in kwargs.items()}
    for key in pages:
        views.update({name: Unseen(name) for name in (key, f"{key}_paginator")})
    return {name: view for name, view in views.items() if view is not kwargs.get(name)}


class ListingPagesWriter(Writer):
    """Pelican's writer, writing each page of a listing as a call of its own
    (`write_page`)."""

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        pages = split(self.settings, name, url, paginated, template_name, kwargs)
        for file, page_kwargs in pages or [(name, kwargs)]:
            # paginated={}: each call writes one file
            self.write_page(
                file, template, context, relative_urls, {}, template_name, override_output,
                url, **page_kwargs,
            )  # fmt: skip

    def write_page(self, name, template, context, *args, **kwargs):
        """Render and write one file: Pelican's write_file, not paginated."""
        with overview_reads_stop_the_build(name):
            Writer.write_file(self, name, template, context, *args, **kwargs)


@contextmanager
def overview_reads_stop_the_build(page):
    try:
        yield
    except OverviewRead as read:
        log(read.problem(page))
        raise BuildStopped() from None

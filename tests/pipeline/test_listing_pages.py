"""A listing's pages as calls of their own (dangjian/speed/listing_pages.py): with
PAGINATION_FROM = "oldest", a new piece renders the first page of each listing it joins
again, and the later pages come from the render cache; a template that reads on a later
page what only the first page shows stops the build, naming the template's line."""

import json
import re
from datetime import date, timedelta

import pytest

from dangjian.site.branches.tree import Branch
from dangjian.speed.listing_pages import OverviewRead, Seen, Unseen
from support import PER_PAGE, article, column_of, theme_with, tree_digest

OLDEST = {"PAGINATION_FROM": "oldest"}
LATER = ("columns/shidian/page/2/index.html", "branches/x/page/2/index.html")
FIRST = ("columns/shidian/index.html", "branches/x/index.html")


def keys_by_file(output):
    """{output file: the render cache's key for it}, as the last build left the cache."""
    index = json.loads((output.parent / ".render-cache" / "pages" / "index.json").read_text())
    return {name: key for key, files in index.items() for name, _size, _mtime in files}


def a_new_piece(number):
    day = date(2018, 1, 1) + timedelta(number)
    text = article(title=f"稿{number}", date=f"{day}", branches="甲党支部")
    return {f"articles/{number:03}.md": text}


@pytest.mark.parametrize(("way", "later_pages_again"), [("oldest", False), ("newest", True)])
def test_a_new_piece_renders_the_later_pages_again_only_when_they_change(
    small_site, tmp_path, way, later_pages_again
):
    count = 2 * PER_PAGE + 3
    result, site = small_site(column_of(count), overrides={"PAGINATION_FROM": way})
    assert result.ok, result.log
    before = keys_by_file(site.root)
    assert set(LATER) <= before.keys()
    result, site = small_site(a_new_piece(count + 1), overrides={"PAGINATION_FROM": way})
    assert result.ok, result.log
    after = keys_by_file(site.root)
    assert all(after[file] != before[file] for file in FIRST)
    assert [after[file] != before[file] for file in LATER] == [later_pages_again] * len(LATER)
    # the same site built from nothing: the same bytes
    clean = tmp_path / "clean" / "output"
    result = small_site({}, output=clean, overrides={"PAGINATION_FROM": way})[0]
    assert result.ok, result.log
    assert tree_digest(clean) == tree_digest(site.root)


INTRO = "{% block intro %}"
READS = [
    # the listing's total, outside the overview
    ("listing.html", INTRO, "{{ articles|length }}" + INTRO, "articles"),
    # the column's pieces, through the column
    ("category.html", INTRO, INTRO + "{{ category.articles }}", "category.articles"),
    # an organization's tree below it, in the organization's listing
    ("branch.html", "<h1>", "{{ branch.children|length }}<h1>", "branch.children"),
]


@pytest.mark.parametrize("processes", [2, 1])
@pytest.mark.parametrize(("template", "old", "new", "what"), READS)
def test_a_later_page_reading_the_overview_stops_the_build(
    small_site, tmp_path, processes, template, old, new, what
):
    theme, line = theme_with(tmp_path, template, old, new)
    # one process and no render cache: Pelican's own loop, page by page, in this process
    overrides = {**OLDEST, "THEME": str(theme), "BUILD_PROCESSES": processes}
    if processes == 1:
        overrides["RENDER_CACHE_PATH"] = ""
    result, _site = small_site(column_of(2 * PER_PAGE), overrides=overrides)
    assert not result.ok
    assert f"{template}:{line}: {what}: 列表的后续页" in result.log
    listing = "columns/shidian" if template != "branch.html" else "branches/[px]"
    assert re.search(f"{listing}/page/2/index.html 读取了 {what}", result.log)
    assert "articles_page.shows_overview" in result.log  # the fix
    assert "Traceback" not in result.log
    assert "生成网页时出错" not in result.log  # one message, in a worker as in one process
    assert not (tmp_path / "output").exists()


def test_the_first_page_reads_the_overview_with_the_same_theme(small_site, tmp_path):
    theme, _line = theme_with(tmp_path, *READS[0][:3])
    result, site = small_site(column_of(PER_PAGE - 1), overrides={**OLDEST, "THEME": str(theme)})
    assert result.ok, result.log  # no later page
    assert f"{PER_PAGE - 1}" in site.soup("/columns/shidian/").select_one(".listing-head").text


def test_unseen_answers_nothing():
    unseen = Unseen("articles")
    for use in (bool, len, iter, str, lambda v: v.count, lambda v: v[0], lambda v: 1 in v):
        with pytest.raises(OverviewRead) as read:
            use(unseen)
        assert read.value.what.startswith("articles")
    assert unseen.render_digest() == ["unseen", "articles"]


class Organization:
    kind, prefecture, county, aliases = "党支部", "赤峰市", "", ()

    def __init__(self, name, slug):
        self.name, self.slug, self.path = name, slug, f"branches/{slug}.md"


def test_seen_shows_the_fields_it_names_and_no_other():
    settings = {
        "BRANCH_URL": "branches/{slug}/",
        "BRANCH_SAVE_AS": "branches/{slug}/index.html",
        "BRANCH_FEED_ATOM": "feeds/branches/{slug}.atom.xml",
    }
    parent = Branch(Organization("甲党委", "p"), settings, "上级。")
    child = Branch(Organization("甲党支部", "x"), settings, "描述。")
    child.parent, parent.children = parent, [child]
    child.coverage = ["稿"]
    seen = Seen(child, Branch.LATER_PAGES_SHOW, "branch")
    assert (seen.name, seen.description, str(seen)) == ("甲党支部", "描述。", "甲党支部")
    assert seen == child and seen != parent and seen == Seen(child, ("name",), "other")
    [ancestor] = seen.ancestors
    assert (ancestor.name, ancestor.slug) == ("甲党委", "p")
    for name in ("coverage", "children", "parent"):
        with pytest.raises(OverviewRead, match=f"branch.{name}"):
            getattr(seen, name)
    with pytest.raises(OverviewRead, match=r"branch.ancestors\[\].children"):
        ancestor.children  # noqa: B018
    with pytest.raises(AttributeError):
        seen.__html__  # noqa: B018 (markupsafe asks; the answer is Python's)
    shown = seen.render_digest()
    assert "描述。" in shown and "coverage" not in shown and "稿" not in str(shown)

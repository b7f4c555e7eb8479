"""Per-organization pages: the registry tree, and each organization's coverage."""

import json
import re
import shutil
from datetime import date, timedelta

import feedparser
import pytest

from dangjian.build.pipeline import build_site
from support import PER_PAGE, ROOT, Site, article, branch

REGISTRY = ROOT / "content" / "branches"


def registry_parents():
    """slug → parent slug, read straight from the registry files."""
    parents = {}
    for path in REGISTRY.glob("*.md"):
        parent = re.search(r"^Parent:\s*(\S+)", path.read_text(encoding="utf-8"), re.M)
        parents[path.stem] = parent.group(1) if parent else None
    return parents


def subtree(slug, parents):
    """The slug and every slug beneath it."""
    return {s for s in parents if slug in chain_up(s, parents)}


def chain_up(slug, parents):
    chain = []
    while slug:
        chain.append(slug)
        slug = parents[slug]
    return chain


def links(soup, selector):
    return [a["href"] for a in soup.select(f"{selector} a[href]")]


def slug_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def pieces_listed(site, slug):
    """The pieces an organization's page lists (the real site's fit on one page)."""
    return {a["href"] for a in site.soup(f"/branches/{slug}/").select(".coverage .piece-title a")}


def test_every_registered_organization_has_a_page(site):
    pages = {url for url in site.pages() if re.fullmatch(r"/branches/[^/]+/", url)}
    assert pages == {f"/branches/{slug}/" for slug in registry_parents()}


def test_each_page_lists_exactly_its_own_and_its_descendants_pieces(site):
    """On the real content. Its one parent has no piece that names only a child, so this
    cannot tell a page of descendants' pieces from one of its own:
    test_each_page_and_feed_lists_its_own_and_its_descendants_published_pieces can."""
    parents = registry_parents()
    named = {  # article URL → slugs of the organizations the article links to
        url: {slug_of(href) for href in links(site.soup(url), ".story-branches")}
        for url in site.article_urls()
    }
    for slug in parents:
        beneath = subtree(slug, parents)
        expected = {url for url, slugs in named.items() if slugs & beneath}
        listed = links(site.soup(f"/branches/{slug}/"), ".coverage .piece-title")
        assert len(listed) == len(set(listed)), f"{slug} lists a piece twice"
        assert set(listed) == expected, slug


@pytest.mark.parametrize(
    "slug, section, title",
    [
        # named by slug, together with three of its brigades' branches
        ("songshan-police", "文章", "指尖上的“微”平台 激发党建新活力"),
        ("songshan-police-exit-entry", "文章", "指尖上的“微”平台 激发党建新活力"),
        # named by full name; a photo goes under 图片
        ("ningcheng-balin-village", "图片", "党员 签名承诺"),
        ("jining-xintilu", "人物", "李晶：我把居民当亲人"),
        # named by alias
        ("tumed-right-organization", "文章", "考评工作进入“二维码”时代"),
    ],
)
def test_coverage_is_split_into_articles_profiles_and_photos(site, slug, section, title):
    soup = site.soup(f"/branches/{slug}/")
    sections = {s.h2.get_text(): s for s in soup.select(".coverage")}
    assert list(sections) == [section]
    assert [a.get_text() for a in sections[section].select(".piece-title a")] == [title]


def test_page_shows_path_up_the_tree_description_and_children(site):
    child = site.soup("/branches/songshan-police-economic-crimes/")
    crumbs = [li.get_text(" ", strip=True) for li in child.select(".breadcrumbs li")]
    assert crumbs == [
        "党组织",
        "赤峰市 松山区",
        "赤峰市公安局松山区分局党委",
        "松山区公安分局经侦大队党支部",
    ]
    assert "孙雪" in child.select_one(".listing-intro").get_text()

    parent = site.soup("/branches/songshan-police/")
    children = [slug_of(href) for href in links(parent, ".sub-branches")]
    assert sorted(children) == sorted(
        s for s, p in registry_parents().items() if p == "songshan-police"
    )
    assert parent.find("link", rel="alternate", href="/branches/songshan-police/atom.xml")


def test_index_groups_organizations_by_region_as_a_tree_with_counts(site):
    soup = site.soup("/branches/")
    regions = [h2.contents[0].strip() for h2 in soup.select(".region > h2")]
    # In the order of the national division codes, as BRANCH_REGION_ORDER gives it.
    assert regions == ["包头市", "赤峰市", "巴彦淖尔市", "乌兰察布市", "阿拉善盟"]
    chifeng = soup.select(".region")[1]
    assert [h3.get_text() for h3 in chifeng.select("h3")] == ["宁城县", "松山区"]
    # A region counts the distinct pieces of its organizations' pages; an organization, its
    # page's (its own and its descendants').
    in_region = [pieces_listed(site, slug_of(a["href"])) for a in chifeng.select(".branch-tree a")]
    assert chifeng.h2.select_one(".count").get_text() == f"{len(set().union(*in_region))} 篇"
    committee = chifeng.find("a", href="/branches/songshan-police/").parent
    pieces = pieces_listed(site, "songshan-police")
    assert committee.select_one(".count").get_text() == f"{len(pieces)} 篇"
    assert 0 < len(pieces) < len(set().union(*in_region))  # not only the committee's
    nested = [slug_of(a["href"]) for a in committee.select(":scope > .branch-tree a")]
    children = [slug for slug, parent in registry_parents().items() if parent == "songshan-police"]
    assert sorted(nested) == sorted(children)
    # Every organization appears exactly once in the tree.
    listed = [slug_of(a["href"]) for a in soup.select(".branch-tree a")]
    assert sorted(listed) == sorted(registry_parents())


def test_article_page_links_every_organization_it_names(site):
    url = next(u for u in site.article_urls() if "zhi-jian-shang" in u)
    named = [slug_of(href) for href in links(site.soup(url), ".story-branches")]
    assert named == [
        "songshan-police",
        "songshan-police-economic-crimes",
        "songshan-police-special-police",
        "songshan-police-exit-entry",
    ]


def test_names_and_aliases_resolve_and_coverage_is_paginated_newest_first(small_site):
    files = {
        "branches/county.md": branch("某县委", kind="党委", county="某县", extra="\nAliases: 县委"),
        "branches/village.md": branch("某村党支部", county="某县", parent="县委"),
    }
    count = 2 * PER_PAGE + 5  # the oldest twenty on page 2, the newest 25 on the first
    for day in range(1, count + 1):
        files[f"articles/a{day:02}.md"] = article(
            title=f"第{day}篇", date=f"{date(2018, 1, 1) + timedelta(day)}", branches="某村党支部"
        )
    result, site = small_site(files)
    assert result.ok, result.log
    first = site.soup("/branches/county/")
    titles = [a.get_text() for a in first.select(".coverage .piece-title a")]
    assert titles == [f"第{day}篇" for day in range(count, PER_PAGE, -1)]
    assert first.select_one(".listing-count").get_text().startswith(f"共 {count} 篇")
    second = site.soup("/branches/county/page/2/")
    assert [a.get_text() for a in second.select(".coverage .piece-title a")] == [
        f"第{day}篇" for day in range(PER_PAGE, 0, -1)
    ]
    assert second.find("a", rel="prev")["href"] == "/branches/county/"


def test_what_is_rendered_once_is_each_pages_own(tmp_path):
    """Organization trees, JSON-LD and listed pieces are rendered once per build and
    reused (plugins/branches, structured_data, pieces): in one process, where every
    page shares those caches, each page still shows its own."""
    content = tmp_path / "content"
    files = {
        "branches/county.md": branch("某县委", kind="党委", county="某县", extra="\nAliases: 县委"),
        "branches/town.md": branch("某镇党委", kind="党委", county="某县", parent="县委"),
        "branches/village.md": branch("某村党支部", county="某县", parent="某镇党委"),
    }
    newest = 2 * PER_PAGE + 5  # two pages
    for day in range(1, newest + 1):
        files[f"articles/a{day:02}.md"] = article(
            title=f"第{day}篇", date=f"{date(2018, 1, 1) + timedelta(day)}", branches="某村党支部"
        )
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "content" / "columns.toml", content)
    # every page of a listing shows the organization's tree and data (PAGINATION_FROM)
    one_process = {"BUILD_PROCESSES": 1, "PAGINATION_FROM": "newest"}
    result = build_site(tmp_path / "output", content=content, overrides=one_process)
    assert result.ok, result.log
    site = Site(tmp_path / "output", result.log)
    county = [site.soup("/branches/county/"), site.soup("/branches/county/page/2/")]
    town = site.soup("/branches/town/")
    for page, name in ((county[0], "某县委"), (county[1], "某县委"), (town, "某镇党委")):
        (script,) = page.select('script[type="application/ld+json"]')
        assert json.loads(script.string)["@graph"][0]["name"] == name
    trees = [[a.get_text() for a in page.select(".sub-branches a")] for page in (*county, town)]
    assert trees == [["某镇党委", "某村党支部"], ["某镇党委", "某村党支部"], ["某村党支部"]]
    index = site.soup("/branches/")
    assert [a.get_text() for a in index.select(".branch-tree a")] == [
        "某县委",
        "某镇党委",
        "某村党支部",
    ]
    # A piece is listed alike on its column's page, at that page's heading level.
    column = site.soup(county[0].select_one(".coverage .piece-meta a")["href"])
    on_column = next(li for li in column.select(".piece-item") if f"第{newest}篇" in li.get_text())
    on_branch = county[0].select_one(".coverage .piece-item")
    assert on_column.select_one("h2.piece-title") and on_branch.select_one("h3.piece-title")
    assert str(on_branch).replace("h3", "h2") == str(on_column)


def test_each_page_and_feed_lists_its_own_and_its_descendants_published_pieces(small_site):
    """A three-level tree, pieces naming each level, and pieces that are not published
    (a draft, a hidden piece) naming the leaf: each organization lists the published
    pieces about it or anything beneath it, on its page and in its feed, and nothing
    else."""
    files = {
        "branches/county.md": branch("某县委", kind="党委", county="某县"),
        "branches/town.md": branch("某镇党委", kind="党委", county="某县", parent="某县委"),
        "branches/village.md": branch("某村党支部", county="某县", parent="某镇党委"),
        "articles/county.md": article(title="县里的稿", date="2018-01-01", branches="某县委"),
        "articles/town.md": article(title="镇里的稿", date="2018-01-02", branches="某镇党委"),
        "articles/village.md": article(title="村里的稿", date="2018-01-03", branches="某村党支部"),
    }
    for status, day in (("draft", "2018-01-04"), ("hidden", "2018-01-05")):
        files[f"articles/{status}.md"] = article(
            title=f"{status}的稿", date=day, branches="某村党支部"
        ).replace("Type: news", f"Type: news\nStatus: {status}")
    result, site = small_site(files)
    assert result.ok, result.log
    # The pieces that are not published were built, and name the leaf.
    for status in ("draft", "hidden"):
        (path,) = [p for p in site.root.rglob("index.html") if f"{status}的稿" in p.read_text()]
        assert "某村党支部" in path.read_text(encoding="utf-8"), path

    expected = {  # newest first
        "county": ["村里的稿", "镇里的稿", "县里的稿"],
        "town": ["村里的稿", "镇里的稿"],
        "village": ["村里的稿"],
    }
    for slug, titles in expected.items():
        page = site.soup(f"/branches/{slug}/")
        assert [a.get_text() for a in page.select(".coverage .piece-title a")] == titles, slug
        assert page.select_one(".listing-count").get_text().startswith(f"共 {len(titles)} 篇")
        feed = feedparser.parse(site.text(f"/branches/{slug}/atom.xml"))
        assert [entry.title for entry in feed.entries] == titles, slug
    index = site.soup("/branches/")
    counts = [span.get_text() for span in index.select(".branch-tree .count")]
    assert counts == [f"{len(titles)} 篇" for titles in expected.values()]

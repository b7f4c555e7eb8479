"""Search: the Pagefind index built with the site, queried in a real headless Chromium."""

import datetime
import json
import os
import re
import shutil
import time
import tomllib
from html import unescape
from pathlib import Path

import pytest

from dangjian.build import search
from dangjian.model import PIECE_TYPES, split_list
from support import ROOT, article, branch, served

QUERIES = tomllib.loads((ROOT / "tests" / "search_queries.toml").read_text(encoding="utf-8"))[
    "query"
]
TOP = 3  # a reader looks at the first three results
ARTICLE_COUNT = len(list((ROOT / "content" / "articles").rglob("*.md")))

# Runs queries through the site's own index and search code, as /search/ does: the url slugs
# of the top results.
RUN_QUERIES = """async ([queries, top]) => {
    const { openIndex, find, details } = await import("/theme/js/find.js");
    const pagefind = await openIndex("/pagefind/", "/");
    const found = {};
    for (const query of queries) {
        const results = (await find(pagefind, query)).slice(0, top);
        found[query] = (await Promise.all(results.map(details))).map(
            (result) => result.url.split("/").filter(Boolean).pop()
        );
    }
    return found;
}"""


def registry_names():
    """Every organization's name and aliases, as written in content/branches/."""
    names = []
    for path in sorted((ROOT / "content" / "branches").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if key == "Name":
                names.append(value.strip())
            elif key == "Aliases":
                names += split_list(value)
            elif not line.strip():
                break
    return names


def test_query_set_covers_people_organizations_and_every_piece(site):
    texts = {query["text"] for query in QUERIES}
    assert len(QUERIES) >= 40
    assert len(texts) == len(QUERIES), "a query is listed twice"
    missing = [name for name in registry_names() if name not in texts]
    assert not missing, f"organization names or aliases without a query: {missing}"
    people = {
        card.get_text()
        for url in site.article_urls()
        for card in site.soup(url).select(".person-name")
    }
    assert people and people <= texts, f"people profiled without a query: {people - texts}"
    slugs = {url.rstrip("/").rsplit("/", 1)[1] for url in site.article_urls()}
    expected = {slug for query in QUERIES for slug in query["expect"]}
    assert expected <= slugs, f"queries expect pieces that do not exist: {expected - slugs}"
    assert slugs <= expected, f"pieces no query finds: {slugs - expected}"
    assert all(1 <= len(query["expect"]) <= TOP for query in QUERIES)
    assert any(len(query["text"]) == 2 for query in QUERIES)
    assert any(len(query["text"]) == 3 for query in QUERIES)


def test_every_query_finds_its_pieces_in_the_top_three(page, server):
    page.goto(server + "/404.html")
    found = page.evaluate(RUN_QUERIES, [[query["text"] for query in QUERIES], TOP])
    misses = [
        f"{query['text']}: expected {query['expect']}, got {found[query['text']]}"
        for query in QUERIES
        if not set(query["expect"]) <= set(found[query["text"]])
    ]
    recall = 1 - len(misses) / len(QUERIES)
    assert not misses, f"recall {recall:.0%} on {len(QUERIES)} queries; misses:\n" + "\n".join(
        misses
    )


def test_pieces_holding_the_query_as_typed_come_first(site, page, server):
    """Precision: the pieces whose indexed text holds a query as typed rank above the rest."""
    holding = {}
    for url in site.article_urls():
        text = "".join(search.indexed_text(site.text(url)))
        slug = url.rstrip("/").rsplit("/", 1)[1]
        for query in QUERIES:
            if query["text"] in text:
                holding.setdefault(query["text"], set()).add(slug)
    assert len(holding) > len(QUERIES) * 0.9, "most queries are found as typed"
    page.goto(server + "/404.html")
    found = page.evaluate(RUN_QUERIES, [list(holding), ARTICLE_COUNT])
    misranked = [
        f"{query}: {sorted(slugs)} first, got {found[query]}"
        for query, slugs in holding.items()
        if set(found[query][: len(slugs)]) != slugs
    ]
    assert not misranked, "\n".join(misranked)


def test_only_article_pages_are_indexed_and_not_their_navigation(page, server):
    page.goto(server + "/404.html")
    counts = page.evaluate(
        """async () => {
            const { openIndex } = await import("/theme/js/find.js");
            const pagefind = await openIndex("/pagefind/", "/");
            const filters = await pagefind.filters();
            const count = async (q) => (await pagefind.search(`"${q}"`)).results.length;
            return {
                types: Object.values(filters["类型"]).reduce((a, b) => a + b, 0),
                navigation: await count("往期"),
                footer: await count("订阅"),
                readingTime: await count("分钟读完"),
                readingTools: await count("复制链接"),
                printedAddress: await count("本文网址"),
                tag: await count("政绩观"),
            };
        }"""
    )
    assert counts["types"] == ARTICLE_COUNT
    # Words only in the header, footer, reading time, tools or tag lists are not indexed ...
    assert counts["navigation"] == counts["footer"] == counts["readingTime"] == 0
    assert counts["readingTools"] == counts["printedAddress"] == 0
    # ... while the body is: 政绩观 is a tag of one piece and in its text.
    assert counts["tag"] == 1


def test_article_pages_give_the_index_filters_and_result_fields(site):
    soup = site.soup("/articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/")
    body = soup.select("[data-pagefind-body]")
    assert [element.name for element in body] == ["article"]
    filters = {}
    for element in soup.select("[data-pagefind-filter]"):
        filters.setdefault(element["data-pagefind-filter"], []).append(element.get_text())
    assert filters["栏目"] == ["视点"]
    assert filters["类型"] == ["消息"]
    # Each organization the piece is about, and the bureau's committee above the brigades once.
    assert filters["党组织"] == [
        "赤峰市公安局松山区分局党委",
        "松山区公安分局经侦大队党支部",
        "松山区公安分局特警大队党支部",
        "松山区公安分局出入境管理大队党支部",
    ]
    meta = {
        element["data-pagefind-meta"]: element.get_text()
        for element in soup.select("[data-pagefind-meta]")
    }
    assert meta == {
        "title": "指尖上的“微”平台 激发党建新活力",
        "column": "视点",
        "date": "2018年3月13日",
        "byline": "□本报记者 陈春艳",
    }
    for url in site.pages():
        if not url.startswith("/articles/"):
            assert not site.soup(url).select("[data-pagefind-body]"), url


def test_index_of_the_indexed_elements_alone_is_that_of_the_whole_pages(site, tmp_path):
    # The build gives Pagefind only the html element and the indexed elements of each page
    # (search.given_to_pagefind); Pagefind given the whole pages, their indexed text marked
    # alike, writes the same index, byte for byte: nothing it reads (language, filters,
    # metadata, sort keys, text) is left out.
    whole = []
    for page in search.pages_in_date_order(site.root):
        html, parts, texts, done = (site.root / page.path).read_text(encoding="utf-8"), [], [], 0
        for start, end in search.indexed_spans(html):
            parts.append(html[done:start])
            texts.append(unescape(html[start:end]))
            done = end
        whole.append((page.path, [*parts, html[done:]], texts))
    bundle = tmp_path / "bundle"
    with search.BundleWriter() as writer:
        writer.write(bundle, [search.page_line(*page) for page in whole])
    built = site.root / search.BUNDLE_DIR
    assert json.loads((built / search.FURTHER_BUNDLES).read_text()) == []  # one bundle
    assert len(files(built)) > 10
    assert files(bundle).items() >= {
        (path, data) for path, data in files(built).items() if path.name != search.FURTHER_BUNDLES
    }
    # Of Pagefind's own files, only the ones the search page loads are shipped.
    unused = {path.parts[0] for path in files(bundle)} - {path.parts[0] for path in files(built)}
    assert unused and all("-ui" in name or "highlight" in name for name in unused), unused


def test_a_site_indexed_in_bundles_finds_what_one_index_finds(site, browser, tmp_path):
    # A big site is indexed in bundles of PAGES_PER_BUNDLE pages, merged by the search page;
    # here the real site, in bundles of 3 pages, must answer the whole query set as well.
    root = tmp_path / "site"
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    assert search.index_site(root, pages_per_bundle=3).pages == ARTICLE_COUNT
    search.check_search_index(root, {})
    folders = search.bundle_folders(root)
    assert len(folders) == -(-ARTICLE_COUNT // 3) > 1
    assert all(not list(folder.glob("*.js")) for folder in folders[1:])  # code comes once
    with served(root) as base:
        page = browser.new_page()
        page.goto(base + "/404.html")
        found = page.evaluate(RUN_QUERIES, [[query["text"] for query in QUERIES], TOP])
        types = page.evaluate(
            """async () => {
                const { openIndex } = await import("/theme/js/find.js");
                const filters = await (await openIndex("/pagefind/", "/")).filters();
                return Object.values(filters["类型"]).reduce((a, b) => a + b, 0);
            }"""
        )
        page.close()
    misses = [
        query["text"] for query in QUERIES if not set(query["expect"]) <= set(found[query["text"]])
    ]
    assert not misses
    assert types == ARTICLE_COUNT  # the filters count the pieces of every bundle


def files(folder):
    return {
        path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def test_unchanged_bundles_come_from_the_cache_as_pagefind_writes_them(site, tmp_path):
    root, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    first = search.index_site(root, pages_per_bundle=3, cache=cache)
    assert (first.bundles, first.reused) == (3, 0)
    last = root / search.pages_in_date_order(root)[-1].path  # an edit changes its bundle only
    html = last.read_text(encoding="utf-8")
    last.write_text(html.replace("</h1>", "（修订）</h1>", 1), encoding="utf-8")
    shutil.rmtree(root / search.BUNDLE_DIR)
    second = search.index_site(root, pages_per_bundle=3, cache=cache)
    assert (second.bundles, second.reused) == (3, 2)
    assert len([entry for entry in cache.iterdir() if entry.is_dir()]) == 3  # the old one went
    again = tmp_path / "again"
    shutil.copytree(root, again, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    assert search.index_site(again, pages_per_bundle=3, cache=None).reused == 0
    assert files(again / search.BUNDLE_DIR) == files(root / search.BUNDLE_DIR)


def test_a_bundle_written_over_in_place_is_written_again(tmp_path):
    """The site's index files are the cache's (hard links): one written over in place in
    the published site is no longer what Pagefind wrote, and the next build, seeing its
    size or time changed, writes that bundle again instead of publishing it."""
    root, cache = tmp_path / "site", tmp_path / "cache"
    for day, numbers in [("2018-03-13", [1, 2]), ("2018-03-14", [3, 4]), ("2018-03-15", [5])]:
        write_pieces(root, day, numbers)
    search.index_site(root, pages_per_bundle=3, cache=cache)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    search.index_site(clean, pages_per_bundle=3, cache=None)
    written_over = next((root / search.BUNDLE_DIR / "2").glob("pagefind.*.pf_meta"))
    with written_over.open("r+b") as file:  # in place: the cache's file too
        file.write(b"\0" * 8)
    again = tmp_path / "again"
    shutil.copytree(root, again, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    index = search.index_site(again, pages_per_bundle=3, cache=cache)
    assert (index.bundles, index.reused) == (2, 1)
    assert files(again / search.BUNDLE_DIR) == files(clean / search.BUNDLE_DIR)
    assert search.index_site(again, pages_per_bundle=3, cache=cache).reused == 2


def piece(day, number):
    """A built article page as the templates give it to the index, in short."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><title>页</title></head><body>'
        "<nav>导航</nav><article data-pagefind-body>"
        f'<div hidden data-pagefind-ignore><span data-pagefind-sort="date">{day}</span>'
        f'<span data-pagefind-filter="栏目">视点</span></div><h1 data-pagefind-meta="title">'
        f"第{number}篇稿件</h1><p>基层党组织开展主题党日活动，党员干部深入社区服务群众。</p>"
        "</article></body></html>"
    )


def write_pieces(root, day, numbers):
    for number in numbers:
        # Addresses that sort against the dates: the bundles must follow the dates.
        path = root / "articles" / f"{1000 - number:04d}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(piece(day, number), encoding="utf-8")


def test_bundles_follow_the_dates_and_a_new_day_changes_the_newest_only(tmp_path):
    root, cache = tmp_path / "site", tmp_path / "cache"
    for day, numbers in [("2018-03-13", [1, 2]), ("2018-03-14", [3, 4]), ("2018-03-15", [5])]:
        write_pieces(root, day, numbers)
    pages = search.pages_in_date_order(root)
    days = ["2018-03-13"] * 2 + ["2018-03-14"] * 2 + ["2018-03-15"]
    assert [page.date for page in pages] == days
    # Whole days, at most three pages a bundle: a day never straddles two bundles ...
    assert [len(bundle) for bundle in search.in_bundles(pages, 3)] == [2, 3]
    # ... unless it is longer than a bundle.
    assert [len(bundle) for bundle in search.in_bundles(pages, 1)] == [1] * 5
    shutil.rmtree(root / "articles" / f"{1000 - 5:04d}")  # the third day comes later
    first = search.index_site(root, pages_per_bundle=3, cache=cache)
    assert (first.pages, first.bundles, first.reused) == (4, 2, 0)
    # A new day goes into the newest bundle if it fits, else starts one; the others stay.
    for day, number, bundles, reused in [("2018-03-15", 5, 2, 1), ("2018-03-16", 6, 3, 2)]:
        write_pieces(root, day, [number])
        shutil.rmtree(root / search.BUNDLE_DIR)
        index = search.index_site(root, pages_per_bundle=3, cache=cache)
        assert (index.pages, index.bundles, index.reused) == (number, bundles, reused)
    search.check_search_index(root)
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    search.index_site(fresh, pages_per_bundle=3, cache=None)
    assert files(fresh / search.BUNDLE_DIR) == files(root / search.BUNDLE_DIR)


def test_a_published_index_file_of_the_same_bytes_becomes_the_caches(tmp_path):
    """The site as published holds the index files of another cache (emptied, or
    Pagefind's version changed): the same bytes written again become those files, in
    the site and in the cache, so that neither this build's comparison with the
    published site nor the next one's reads them again."""
    published, root = tmp_path / "published", tmp_path / "site"
    for day, numbers in [("2018-03-13", [1, 2]), ("2018-03-14", [3, 4]), ("2018-03-15", [5])]:
        write_pieces(published, day, numbers)
    search.index_site(published, pages_per_bundle=3, cache=tmp_path / "old-cache")
    shutil.copytree(published, root, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    settings = {"PUBLISHED_PATH": str(published)}
    cache = tmp_path / "cache"

    def not_the_published_files():
        index, before = root / search.BUNDLE_DIR, published / search.BUNDLE_DIR
        pairs = [(path, before / path.relative_to(index)) for path in index.rglob("*")]
        return [
            str(path.relative_to(index))
            for path, there in pairs
            if path.is_file() and not os.path.samefile(path, there)
        ]

    first = search.index_site(root, settings, pages_per_bundle=3, cache=cache)
    assert first.reused == 0 and not_the_published_files() == ["bundles.json"]
    shutil.rmtree(root / search.BUNDLE_DIR)
    again = search.index_site(root, settings, pages_per_bundle=3, cache=cache)
    assert again.reused == again.bundles == 2
    assert not_the_published_files() == ["bundles.json"]  # written by each index

    def inodes(folder):
        files = [path for path in folder.rglob("*") if path.is_file()]
        return {path.stat().st_ino for path in files if path.name != "bundles.json"}

    in_site = inodes(root / search.BUNDLE_DIR)
    assert len(in_site) > 10 and in_site <= inodes(cache) & inodes(published)
    assert files(root / search.BUNDLE_DIR) == files(published / search.BUNDLE_DIR)


def days_of_pieces(root, days):
    """Pieces over `days` ([(day, [numbers])]), as write_pieces writes them."""
    for day, numbers in days:
        write_pieces(root, day, numbers)


HEAD_DAYS = [("2018-03-13", [1, 2]), ("2018-03-14", [3, 4]), ("2018-03-15", [5, 6])]


def index_with_head_start(root, cache):
    """index_site as the pipeline runs it: the head start begun from the cache first."""
    head = search.head_start(cache)
    try:
        return search.index_site(
            root, {search.HEAD_START: head}, pages_per_bundle=20, cache=cache, newest_step=4
        )
    finally:
        if head is not None:
            head.abandon()


def clean_index(root, tmp_path):
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
    search.index_site(clean, pages_per_bundle=20, cache=None, newest_step=4)
    return files(clean / search.BUNDLE_DIR)


def indexed_after_a_new_day(root, cache, tmp_path, day, number):
    """The piece `number` on a new `day`, then the index with its head start, checked
    against a clean one; no bundle begun is left in the cache."""
    write_pieces(root, day, [number])
    shutil.rmtree(root / search.BUNDLE_DIR)
    index = index_with_head_start(root, cache)
    assert files(root / search.BUNDLE_DIR) == clean_index(root, tmp_path)
    assert not [entry for entry in cache.iterdir() if entry.name.startswith(".new-")]
    return index


def test_the_newest_bundle_of_the_build_before_is_indexed_ahead(tmp_path):
    """Six pages cut at four: the newest part is the third day. The next build's newest
    part begins with it: Pagefind is given those pages ahead (head_start), the new day's
    after, and the index is byte for byte a clean one."""
    root, cache = tmp_path / "site", tmp_path / "cache"
    days_of_pieces(root, HEAD_DAYS)
    first = index_with_head_start(root, cache)
    assert (first.bundles, first.ahead) == (2, 0)
    index = indexed_after_a_new_day(root, cache, tmp_path, "2018-03-16", 7)
    assert (index.pages, index.bundles, index.reused, index.ahead) == (7, 2, 1, 2)
    # Eight pages, a multiple of four: one bundle, the newest part gone; nothing ahead.
    index = indexed_after_a_new_day(root, cache, tmp_path, "2018-03-17", 8)
    assert (index.pages, index.bundles, index.reused, index.ahead) == (8, 1, 0, 0)


def test_a_head_start_not_how_the_newest_bundle_begins_is_abandoned(tmp_path):
    root, cache = tmp_path / "site", tmp_path / "cache"
    days_of_pieces(root, HEAD_DAYS)
    index_with_head_start(root, cache)
    # The third day's first piece edited, and a new day: the newest part begins otherwise.
    page = root / "articles" / f"{1000 - 5:04d}" / "index.html"
    page.write_text(page.read_text("utf-8").replace("第5篇", "第五篇"), "utf-8")
    index = indexed_after_a_new_day(root, cache, tmp_path, "2018-03-16", 7)
    assert (index.bundles, index.reused, index.ahead) == (2, 1, 0)


def test_no_head_start_from_pages_whose_text_is_not_the_one_kept(tmp_path):
    root, cache = tmp_path / "site", tmp_path / "cache"
    days_of_pieces(root, HEAD_DAYS)
    index_with_head_start(root, cache)
    head = search.head_start(cache)
    assert head is not None and [path for path, _digest in head.pages] == [
        f"articles/{1000 - number:04d}/index.html"
        for number in (6, 5)  # by path
    ]
    head.abandon()
    newest = cache / search.NEWEST_FILE
    newest.write_text(newest.read_text("utf-8").replace("第5篇", "第五篇"), "utf-8")
    assert search.head_start(cache) is None
    newest.write_text("{}", "utf-8")
    assert search.head_start(cache) is None


def test_a_head_start_and_its_pagefind_service_are_nicer_than_the_build(tmp_path):
    """It runs beside Pelican, and takes the CPU Pelican leaves."""
    root, cache = tmp_path / "site", tmp_path / "cache"
    days_of_pieces(root, HEAD_DAYS)
    index_with_head_start(root, cache)
    head = search.head_start(cache)
    try:
        node = head.writer.process.pid
        children = Path(f"/proc/{node}/task/{node}/children")
        deadline = time.monotonic() + 10
        while not children.read_text().split() and time.monotonic() < deadline:
            time.sleep(0.05)  # Node starts Pagefind's service when the bundle begins
        service = int(children.read_text().split()[0])
        expected = min(os.getpriority(os.PRIO_PROCESS, 0) + search.HEAD_START_NICER, 19)
        assert expected > os.getpriority(os.PRIO_PROCESS, 0)
        for pid in (node, service):
            assert os.getpriority(os.PRIO_PROCESS, pid) == expected
    finally:
        head.abandon()


def test_a_process_forked_during_the_head_start_does_not_hold_the_index(tmp_path):
    """The build forks its link check while the head start's Node process reads its
    pipe: the child holds the pipe's write end too, and Node must end when told, not
    wait for the pipe's end, which comes only when the child does."""
    root, cache = tmp_path / "site", tmp_path / "cache"
    days_of_pieces(root, HEAD_DAYS)
    index_with_head_start(root, cache)
    write_pieces(root, "2018-03-16", [7])
    shutil.rmtree(root / search.BUNDLE_DIR)
    head = search.head_start(cache)
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    try:
        started = time.monotonic()
        index = search.index_site(
            root, {search.HEAD_START: head}, pages_per_bundle=20, cache=cache, newest_step=4
        )
        assert index.ahead == 2 and time.monotonic() - started < 20
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)


def dated_pages(count, per_day=7):
    start = datetime.date(2018, 1, 2)
    return [
        search.Page(Path(f"p{n}"), str(start + datetime.timedelta(days=n // per_day)))
        for n in range(count)
    ]


def test_the_bundle_still_filling_keeps_its_newest_days_apart():
    # 40 pages a bundle; the one still filling is cut at the last multiple of 10 pages its
    # whole days fit in: 33 pages → 28 (four days) and 5.
    assert [len(b) for b in search.in_bundles(dated_pages(73), 40, 10)] == [35, 28, 10]
    assert [len(b) for b in search.in_bundles(dated_pages(9), 40, 10)] == [9]  # under a step

    # Day after day, a new day re-indexes the newest part only, until the bundle still
    # filling passes a multiple of the step (or fills); a clean build cuts the same way.
    def indexed_each_day(step):
        """Pages indexed again for each new day, when the bundles are cut with `step`."""
        indexed, before = [], None
        for count in range(7, 7 * 120, 7):
            bundles = [tuple(b) for b in search.in_bundles(dated_pages(count), 160, step)]
            assert all(len(bundle) <= 160 for bundle in bundles)
            if before is not None:
                full = bundles[:-3]
                assert full == before[: len(full)]  # full bundles never change
                indexed.append(sum(len(b) for b in bundles if b not in before))
            before = bundles
        return indexed

    cut, whole = indexed_each_day(25), indexed_each_day(None)
    assert sorted(cut)[len(cut) // 2] <= 25 and max(cut) <= 160 + 7
    assert sum(cut) < 0.6 * sum(whole)


def test_pages_that_did_not_change_are_not_cut_again(tmp_path, monkeypatch):
    root, cache = tmp_path / "site", tmp_path / "cache"
    write_pieces(root, "2018-03-13", range(1, 5))
    first = search.index_site(root, pages_per_bundle=2, cache=cache)
    # Outside the indexed elements (navigation, links to newer pieces …): the same bundles.
    page = root / search.pages_in_date_order(root)[0].path
    page.write_text(page.read_text("utf-8").replace("导航", "新导航"), encoding="utf-8")
    again = search.index_site(root, pages_per_bundle=2, cache=cache)
    assert (again.bundles, again.reused) == (first.bundles, first.bundles) == (2, 2)

    def no_cutting(*args):
        raise AssertionError("an unchanged page was cut again")

    monkeypatch.setattr(search, "read_given_page", no_cutting)
    third = search.index_site(root, pages_per_bundle=2, cache=cache)
    assert (third.pages, third.reused) == (4, 2)


def test_two_indexes_of_one_site_are_byte_identical(tmp_path):
    root = tmp_path / "site"
    write_pieces(root, "2018-03-13", range(1, 8))
    indexes = []
    for _ in range(2):
        shutil.rmtree(root / search.BUNDLE_DIR, ignore_errors=True)
        assert search.index_site(root, pages_per_bundle=4, cache=None).bundles == 2
        indexes.append(files(root / search.BUNDLE_DIR))
    assert len(indexes[0]) > 10 and indexes[0] == indexes[1]


def test_pagefind_is_given_the_html_element_and_every_indexed_element(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><title>页</title></head><body><nav>导航</nav>'
        "<div data-pagefind-body><p>党组织&amp;</p><i data-pagefind-ignore>忽略</i></div>"
        "<p>列表</p><div data-pagefind-body><b>党员</b></div></body></html>",
        encoding="utf-8",
    )
    (site / "b.html").write_text("<html><body><p>不收录</p></body></html>", encoding="utf-8")
    pages = search.pages_in_date_order(site)
    assert [page.path for page in pages] == [Path("a/index.html")]
    parts, texts = search.read_given_page(site, pages[0])
    assert texts == ["党组织&", "党员"]
    assert search.fill(parts, texts) == (
        '<html lang="zh-CN"><body>'
        "<div data-pagefind-body><p>党组织&amp;</p>"
        "<i data-pagefind-ignore>忽略</i></div>"
        "<div data-pagefind-body><b>党员</b></div></body></html>"
    )
    # Pagefind gets each text with its word boundaries marked, as a reader's browser cuts
    # a query (tools/pagefind_index.mjs marks them with word_boundaries.mjs).
    assert search.mark_word_boundaries(texts) == ["党\u200b组织\u200b&", "党员"]
    assert search.page_url(pages[0].path) == "/a/"


def test_organization_filter_includes_the_organizations_above(small_site):
    result, site = small_site(
        {
            "branches/bureau.md": branch("某某公安局党委", kind="党委"),
            "branches/brigade.md": branch("某某公安局刑警大队党支部", parent="bureau"),
            "articles/a.md": article(title="刑警故事", branches="brigade"),
        }
    )
    assert result.ok, result.log
    soup = site.soup("/articles/2018/03/xing-jing-gu-shi/")
    names = [span.get_text() for span in soup.select('[data-pagefind-filter="党组织"]')]
    assert names == ["某某公安局党委", "某某公安局刑警大队党支部"]


def test_drafts_are_not_indexed(small_site):
    draft = article(title="草稿").replace("Type: news", "Type: news\nStatus: draft")
    result, site = small_site({"articles/a.md": article(title="见报稿"), "articles/b.md": draft})
    assert result.ok, result.log
    assert site.soup("/articles/2018/03/jian-bao-gao/").select("[data-pagefind-body]")
    assert not site.soup("/drafts/cao-gao/").select("[data-pagefind-body]")


def test_failed_index_keeps_the_last_good_site(small_site, monkeypatch, tmp_path):
    result, site = small_site({"articles/a.md": article(title="好稿件")})
    assert result.ok, result.log
    before = sorted(path.relative_to(site.root) for path in site.root.rglob("*"))
    monkeypatch.setattr(search, "PAGEFIND", tmp_path / "no-pagefind")
    result, _ = small_site({"articles/a.md": article(title="新稿件")})
    assert not result.ok
    assert "找不到搜索索引工具 Pagefind" in result.log and "npm ci" in result.log
    assert "Traceback" not in result.log
    assert sorted(path.relative_to(site.root) for path in site.root.rglob("*")) == before
    kept = {"content", "output", ".output.lock", ".search-cache", ".qr-cache", ".render-cache"}
    leftovers = {path.name for path in tmp_path.iterdir()} - kept
    assert not leftovers, "the failed build left its folder behind"


def test_every_page_has_a_search_box_that_works_without_script(site):
    for url in site.pages():
        form = site.soup(url).select_one("header form[role=search]")
        assert form is not None, url
        assert form["action"] == "/search/" and form["method"] == "get"
        field = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text(), url


def test_search_page_says_plainly_that_it_needs_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/search/?q=李晶")
    assert "搜索需要 JavaScript" in page.locator("main").inner_text()
    context.close()


def open_search(page, url):
    """Load the search page and wait until its script has read the index's filters."""
    page.goto(url)
    page.locator(".search-filters").wait_for()


def results(page):
    page.locator(".search-result").first.wait_for()
    return page.locator(".search-result-title").all_inner_texts()


def test_type_a_query_filter_by_organization_and_open_a_result(page, server):
    open_search(page, server + "/search/")
    page.get_by_label("查找").fill("民警")
    found = ["代表进警营", "指尖上的“微”平台 激发党建新活力"]
    assert sorted(results(page)) == found
    status = page.locator(".search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"找到 {len(found)} 篇与“民警”有关的稿件。"
    first = page.locator(".search-result").filter(has_text="代表进警营")
    assert first.locator(".eyebrow").inner_text() == "阵地"
    assert first.locator(".search-result-meta").inner_text() == "周恩立 摄 · 2018年3月13日"
    assert "民警" in first.locator(".search-excerpt mark").all_inner_texts()

    page.get_by_label("党组织").select_option("赤峰市公安局松山区分局党委")
    page.wait_for_function("document.querySelectorAll('.search-result').length === 1")
    assert results(page) == ["指尖上的“微”平台 激发党建新活力"]
    assert "branch=" in page.url  # the filtered search is a link a reader can share

    page.locator(".search-result-title a").click()
    page.wait_for_url(
        "**/articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/"
    )
    assert page.locator("h1").inner_text() == "指尖上的“微”平台 激发党建新活力"


@pytest.mark.parametrize(
    ("label", "value", "titles"),
    [
        ("栏目", "观潮", ["金杯银杯不如群众的好口碑"]),
        ("类型", "人物", ["李晶：我把居民当亲人"]),
    ],
)
def test_column_and_type_filters_list_their_pieces(page, server, label, value, titles):
    open_search(page, server + "/search/")
    page.get_by_label(label).select_option(value)
    assert results(page) == titles


def test_columns_and_types_are_offered_in_print_order(page, server):
    open_search(page, server + "/search/")
    columns = tomllib.loads((ROOT / "content" / "columns.toml").read_text(encoding="utf-8"))
    printed = [column["name"] for column in columns["column"]]
    offered = page.locator("#search-column option").all_inner_texts()[1:]  # after 全部栏目
    names = [option.split("（")[0] for option in offered]
    assert len(names) > 2 and names == [name for name in printed if name in names]
    types = [
        option.split("（")[0] for option in page.locator("#search-type option").all_inner_texts()
    ]
    assert types[1:] == [name for name in PIECE_TYPES.values() if name in types]


def test_header_search_box_leads_to_results(page, server):
    page.goto(server + "/columns/")
    page.get_by_role("search", name="全站搜索").get_by_label("搜索稿件").fill("巴林村")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator(".search-filters").wait_for()
    assert results(page) == ["党员 签名承诺"]
    assert page.get_by_label("查找").input_value() == "巴林村"


def test_a_site_without_articles_still_builds(small_site):
    result, site = small_site({"branches/a.md": branch("某某党支部")})
    assert result.ok, result.log
    assert site.file("/search/").exists()
    assert not site.file("/pagefind/pagefind.js").exists()


# --- Answers only where the words are (issue 15, item 6) ---

NOWHERE = ["xyz不存在", "不存在", "xyz 李晶", "李晶 不存在"]


def test_a_query_whose_words_no_page_holds_finds_nothing(page, server):
    page.goto(server + "/404.html")
    found = page.evaluate(RUN_QUERIES, [[*NOWHERE, "李晶", "民警 孙雪"], TOP])
    assert {query: found[query] for query in NOWHERE} == {query: [] for query in NOWHERE}
    assert found["李晶"] == ["li-jing-wo-ba-ju-min-dang-qin-ren"]  # the words are there
    assert found["民警 孙雪"] == ["zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li"]
    open_search(page, server + "/search/")
    page.get_by_label("查找").fill("xyz不存在")
    status = page.locator(".search-status")
    status.filter(has_text="没有找到").wait_for()
    assert status.inner_text().startswith("没有找到与“xyz不存在”有关的稿件。")
    assert page.locator(".search-result").count() == 0
    assert not page.locator(".search-clear").is_visible()  # no filter to clear


EXCERPTS = """async ([queries]) => {
    const { openIndex, find, details } = await import("/theme/js/find.js");
    const pagefind = await openIndex("/pagefind/", "/");
    const out = [];
    for (const query of queries) {
        for (const result of (await find(pagefind, query)).slice(0, 3)) {
            const data = await result.data();
            const shown = await details(result, query);
            out.push([query, shown.url, shown.meta.title, data.content, shown.excerpt]);
        }
    }
    return out;
}"""
SENTENCE_END = set("。！？!?\u3000 ")
CLOSING = set("”’」』）》)")
PHRASE_END = set("，、；：,;")


def readable(content):
    """The page's indexed text as find.js reads it: no word marks, blocks apart."""
    text = content.replace("\u200b", "")
    text = re.sub(r"(?<=[\u4e00-\u9fff”」）》])\. ", "\u3000", text)
    return re.sub(r"(?<=[\u4e00-\u9fff”」）》])\.$", "", text).strip()


def test_excerpts_start_and_end_at_sentence_or_phrase_bounds(page, server):
    page.goto(server + "/404.html")
    queries = [query["text"] for query in QUERIES] + ["", "党组织", "不忘初心"]
    found = page.evaluate(EXCERPTS, [queries])
    assert len(found) > len(QUERIES)
    wrong = []
    for query, url, title, content, excerpt in found:
        text = readable(content)
        core = re.sub(r"</?mark>", "", unescape(excerpt))
        cut_before, cut_after = core.startswith("……"), core.endswith("……")
        core = core.removeprefix("……").removesuffix("……")
        at = text.find(core)
        if at < 0 or not core:
            wrong.append(f"{query} {url}: {excerpt!r} is not in the text")
            continue
        before = text[at - 1] if at else ""
        after = text[at + len(core)] if at + len(core) < len(text) else ""
        starts_a_sentence = (
            before in ("", *SENTENCE_END)
            or (before in CLOSING and text[at - 2] in SENTENCE_END)
            or text[:at].strip() == title
        )  # just after the title, which is shown above
        ends_a_sentence = after in ("", *SENTENCE_END) or core[-1] in SENTENCE_END | CLOSING
        if not (starts_a_sentence if not cut_before else before in PHRASE_END):
            wrong.append(f"{query} {url}: starts after {before!r}: {excerpt[:30]!r}")
        if not (ends_a_sentence if not cut_after else after in PHRASE_END):
            wrong.append(f"{query} {url}: ends before {after!r}: {excerpt[-30:]!r}")
        if query and query in core and f"<mark>{query}</mark>" not in excerpt:
            wrong.append(f"{query} {url}: the query is not marked in {excerpt!r}")
    assert not wrong, "\n".join(wrong)


def test_an_excerpt_of_a_long_phrase_is_cut_with_an_ellipsis(page, server):
    page.goto(server + "/404.html")
    excerpts = page.evaluate(
        """async () => {
            const { excerptOf } = await import("/theme/js/find.js");
            const long = "甲".repeat(100) + "乙丙" + "丁".repeat(100);
            return [
                excerptOf(long, "乙丙"),
                excerptOf("开头一句。中间一句，有乙丙在此，后面还有。最后", "乙丙"),
                excerptOf("<b>&甲</b>", "甲"),
            ];
        }"""
    )
    assert excerpts[0].startswith("……") and excerpts[0].endswith("……")
    assert "<mark>乙丙</mark>" in excerpts[0] and len(excerpts[0]) < 120
    assert excerpts[1] == "中间一句，有<mark>乙丙</mark>在此，后面还有。最后"  # its sentence on
    assert excerpts[2] == "&#60;b&#62;&#38;<mark>甲</mark>&#60;/b&#62;"  # escaped text


def test_the_empty_state_names_the_filter_and_offers_to_clear_it(page, server):
    open_search(page, server + "/search/?q=李晶&column=观潮")
    status = page.locator(".search-status")
    status.filter(has_text="没有找到").wait_for()
    assert status.inner_text() == "在栏目“观潮”中没有找到与“李晶”有关的稿件。"
    clear = page.get_by_role("button", name="清除筛选，在全部稿件中查找")
    assert clear.is_visible()
    clear.click()
    assert results(page) == ["李晶：我把居民当亲人"]
    assert page.locator("#search-column").input_value() == ""
    assert "column=" not in page.url and "q=" in page.url
    assert not clear.is_visible()
    assert page.evaluate("document.activeElement.id") == "search-query"


def test_pages_the_last_index_looked_at_are_not_read_again(tmp_path, monkeypatch):
    """The order of the pages comes from the files of the last build where a page is the
    very file looked at then (a page the render cache linked), and is the same."""
    root = tmp_path / "site"
    root.mkdir()

    def page(name, date=None):
        marked = f'<main data-pagefind-body><p data-pagefind-sort="date">{date}</p></main>'
        (root / name).unlink(missing_ok=True)  # a new file, as a build writes it
        (root / name).write_text(marked if date else "<main>未标记</main>", encoding="utf-8")

    page("a.html", "2018-03-13")
    page("b.html", "2018-03-12")
    page("c.html")
    read = []

    def in_this_process(function, items, processes=None):
        read.extend(os.path.basename(name) for name in items)
        return [function(item) for item in items]

    monkeypatch.setattr(search, "map_in_workers", in_this_process)
    looked_at = {}
    first = search.pages_in_date_order(root, looked_at)
    assert [page.path.name for page in first] == ["b.html", "a.html"]
    assert sorted(read) == ["a.html", "b.html", "c.html"]
    read.clear()
    kept = json.loads(json.dumps(looked_at))  # as the search cache keeps it
    page("a.html", "2018-03-11")
    page("c.html", "2018-03-14")
    second = search.pages_in_date_order(root, kept)
    assert sorted(read) == ["a.html", "c.html"]
    assert [page.path.name for page in second] == ["a.html", "b.html", "c.html"]
    assert second == search.pages_in_date_order(root)


def test_cache_files_read_ahead_are_not_read_again_unless_they_changed(tmp_path, monkeypatch):
    """search.read_cache_ahead, while Pelican builds: index_site's _kept takes what it read."""
    for name, part in ((search.FILES_FILE, "files"), (search.PAGES_FILE, "pages")):
        search._remember(tmp_path / name, "v1", part, {"a.html": [1]})
    search.read_cache_ahead(tmp_path)
    later = time.time_ns() + 10**9  # the pages' file written again meanwhile
    search._remember(tmp_path / search.PAGES_FILE, "v1", "pages", {"b.html": [2]})
    os.utime(tmp_path / search.PAGES_FILE, ns=(later, later))
    read = []
    monkeypatch.setattr(Path, "read_text", lambda path, **k: read.append(path.name) or "{}")
    assert search._kept(tmp_path / search.FILES_FILE, "v1", "files") == {"a.html": [1]}
    assert read == []  # read ahead
    assert search._kept(tmp_path / search.PAGES_FILE, "v1", "pages") == {}
    assert read == [search.PAGES_FILE]  # changed since: read again
    assert search._kept(tmp_path / search.FILES_FILE, "v1", "files") == {}  # once only

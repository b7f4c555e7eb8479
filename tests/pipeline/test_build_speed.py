"""A big site: pages grow linearly with the pieces, branch pages list the right pieces,
and the fast build (dangjian/speed, worker processes) writes the same bytes.

Sizes and counts only; bench/build.py measures the time.
"""

import hashlib
import json
import os
import re
import types
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pelican.writers import Writer

from bench.corpus import generate
from dangjian.build.pipeline import build_site
from dangjian.model.check import CheckedFile
from dangjian.speed.parallel import Call, in_forks, stages
from support import PER_PAGE, Site, theme_with

LISTINGS = ("articles", "issues", "columns", "tags", "authors", "branches")


def header(path):
    """An article's or registry file's metadata: lines up to the first blank one."""
    fields = {}
    for line in path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def split(value):
    return [part.strip() for part in re.split(r"[,，、]", value or "") if part.strip()]


class Corpus:
    """What the synthetic corpus holds, read from its files, not from the build."""

    def __init__(self, content):
        self.articles = {}  # slug → metadata
        for path in sorted((content / "articles").rglob("*.md")):
            fields = header(path)
            self.articles[fields["slug"]] = fields
        self.parents = {
            path.stem: header(path).get("parent") for path in (content / "branches").glob("*.md")
        }

    def coverage(self, levels=None):
        """Branch slug → slugs of the pieces about it or any organization beneath it (at
        most `levels` beneath it)."""
        covered = defaultdict(set)
        for slug, fields in self.articles.items():
            for branch in split(fields.get("branches")):
                up = 0
                while branch and (levels is None or up <= levels):
                    covered[branch].add(slug)
                    branch, up = self.parents[branch], up + 1
        return covered

    def listing_pages(self):
        """Pages expected under each listing's folder: one per piece, printed page,
        and page of 20 of each column, tag, author and organization, plus the indexes
        (the calendar of printed pages among them)."""

        def paginated(groups):
            # cut from the oldest piece (pelicanconf.PAGINATION_FROM): the first page
            # holds 20 to 39 pieces, each later page 20
            return sum(max(1, len(members) // PER_PAGE) for members in groups)

        by = defaultdict(lambda: defaultdict(set))
        for slug, fields in self.articles.items():
            by["columns"][fields["category"]].add(slug)
            by["issues"][fields["date"]].add(slug)
            by["authors"][fields.get("author") or fields.get("photographer")].add(slug)
            for tag in split(fields.get("tags")):
                by["tags"][tag].add(slug)
        coverage = self.coverage()
        return {
            "articles": len(self.articles),
            "issues": 1 + len(by["issues"]),  # and the calendar, /issues/
            "columns": 1 + paginated(by["columns"].values()),
            "tags": 1 + paginated(by["tags"].values()),
            "authors": 1 + paginated(by["authors"].values()),
            "branches": 1 + paginated(coverage.get(slug, ()) for slug in self.parents),
        }


def built_listing_pages(site):
    counts = dict.fromkeys(LISTINGS, 0)
    for url in site.pages():
        folder = url.strip("/").split("/")[0]
        if folder in counts:
            counts[folder] += 1
    return counts


# Enough organizations for four levels: at N/20, bench/corpus.py's default, a small corpus
# has only the twelve committees, none with a parent.
ORGANIZATIONS = 170


def build_corpus(folder, articles, **overrides):
    content = generate(folder, articles, organizations=ORGANIZATIONS)
    result = build_site(folder / "output", content=content, overrides=overrides or None)
    assert result.ok, result.log
    return Corpus(content), Site(folder / "output", result.log)


@pytest.fixture(scope="module")
def corpus_80(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus-80"), 80)


def test_pages_grow_linearly_with_the_pieces(corpus_80, tmp_path):
    small = build_corpus(tmp_path, 40)
    counts = {}
    for corpus, site in (small, corpus_80):
        expected, built = corpus.listing_pages(), built_listing_pages(site)
        assert built == expected
        counts[len(corpus.articles)] = len(site.pages())
    expected_growth = sum(corpus_80[0].listing_pages().values()) - sum(
        small[0].listing_pages().values()
    )
    assert counts[80] - counts[40] == expected_growth > 40


def test_every_branch_page_lists_exactly_its_own_and_its_descendants_pieces(corpus_80):
    corpus, site = corpus_80
    coverage = corpus.coverage()
    assert len(coverage) >= len(corpus.parents) / 2, "most organizations are covered"
    # The corpus tells apart pages that would list their own pieces only, or those of
    # their children, or down to their grandchildren: some pieces are listed only
    # through an organization three levels down.
    for levels in (0, 1, 2):
        assert corpus.coverage(levels) != coverage, levels
    for slug in corpus.parents:
        listed, url = [], f"/branches/{slug}/"
        while url:
            page = site.soup(url)
            listed += [
                link["href"].rstrip("/").rsplit("/", 1)[-1]
                for link in page.select(".coverage .piece-title a")
            ]
            following = page.select_one("a[rel=next]")
            url = following["href"] if following else None
        assert sorted(listed) == sorted(coverage.get(slug, ())), slug
        said = re.search(r"共 (\d+) 篇", site.soup(f"/branches/{slug}/").get_text())
        assert int(said.group(1)) == len(coverage.get(slug, ())), slug


def tree_digest(folder):
    """Every file's path and bytes, in one hash."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_fast_and_parallel_builds_write_the_same_bytes(tmp_path):
    content = generate(tmp_path, 40)
    builds = {
        "without the speed-ups": {"BUILD_SPEED": False},
        "one process": {"BUILD_PROCESSES": 1},
        "two processes": {"BUILD_PROCESSES": 2},
        # in stages (parallel.stages): 7 pages of one article each stage, then the rest
        "two processes, frugal": {
            "BUILD_PROCESSES": 2,
            "BUILD_FRUGAL_ABOVE_MB": 0,
            "BUILD_STAGE_PAGES": 7,
        },
    }
    digests = {}
    for name, overrides in builds.items():
        output = tmp_path / name.replace(" ", "-")
        result = build_site(output, content=content, overrides=overrides)
        assert result.ok, result.log
        assert len(Site(output).article_urls()) == 40
        digests[name] = tree_digest(output)
    assert len(set(digests.values())) == 1, digests


def test_the_workers_key_the_render_cache_as_one_process_does(tmp_path):
    """Each worker works out the render cache's keys of the calls for its own files: the
    same keys, for the same files, as one process working them all out."""
    content = generate(tmp_path, 20)
    entries = {}
    builds = {
        "one": {"BUILD_PROCESSES": 1},
        "two": {"BUILD_PROCESSES": 2},
        "two in stages": {"BUILD_PROCESSES": 2, "BUILD_FRUGAL_ABOVE_MB": 0, "BUILD_STAGE_PAGES": 6},
    }
    for name, overrides in builds.items():
        output = tmp_path / name.replace(" ", "-") / "output"
        result = build_site(output, content=content, overrides=overrides)
        assert result.ok, result.log
        index = output.parent / ".render-cache" / "pages" / "index.json"
        stored = json.loads(index.read_text(encoding="utf-8"))
        entries[name] = {key: sorted(name for name, *_ in files) for key, files in stored.items()}
    assert len(entries["one"]) > 100
    assert entries["one"] == entries["two"] == entries["two in stages"]


def _share_squared(worker):
    return [worker, worker * worker]


def _fails_in_worker_1(worker):
    if worker == 1:
        raise ValueError("broken in worker 1")
    return worker


def _dies_in_worker_1(worker):
    if worker == 1:
        os._exit(3)
    return worker


def test_work_in_forks_comes_back_in_the_workers_order():
    assert in_forks(_share_squared, 3) == ([[0, 0], [1, 1], [2, 4]], [])
    assert in_forks(_share_squared, 1) == ([[0, 0]], [])
    assert in_forks(_share_squared, 2, here=False) == ([[0, 0], [1, 1]], [])


def _worker_and_process(worker):
    return worker, os.getpid()


def test_forked_workers_only_leave_this_process_waiting():
    for here in (True, False):
        results, failures = in_forks(_worker_and_process, 2, here)
        assert not failures
        assert [(worker, pid == os.getpid()) for worker, pid in results] == [(0, here), (1, False)]


def _call(name, **kwargs):
    return Call(Writer.write_file, name, (), kwargs)


def test_stages_group_an_articles_pages_and_leave_the_rest_to_this_process():
    """Frugal (parallel.stages): the files that show one content, `per_stage` a group in
    the calls' order, by the workers; every other file after them, by this process alone;
    every call for a file in its first call's group, in order."""
    first, second, third = object(), object(), object()
    calls = [
        _call("a.html", article=first),
        _call("index.html", articles=[first, second]),
        _call("b.html", article=second),
        _call("a.html", article=third),  # the same file again: the group of its first
        _call("c.html", page=third),
        _call("feed.xml"),
    ]
    assert stages(calls, 2) == [(calls, 2)]
    groups = stages(calls, 2, per_stage=2)
    assert [(count, [call.name for call in group]) for group, count in groups] == [
        (2, ["a.html", "b.html", "a.html"]),
        (2, ["c.html"]),
        (1, ["index.html", "feed.xml"]),
    ]
    assert groups[0][0][2] is calls[3]


def test_work_that_fails_in_a_fork_comes_back_as_a_problem():
    results, failures = in_forks(_fails_in_worker_1, 3)
    assert results == [0, 2]
    [failure] = failures
    assert "生成网页时出错" in failure.problem and "broken in worker 1" in failure.problem
    results, failures = in_forks(_dies_in_worker_1, 2)
    assert results == [0]
    [failure] = failures
    assert "异常退出" in failure.problem


def test_an_error_in_a_worker_stops_the_build_with_a_message(tmp_path):
    content = generate(tmp_path, 10)
    broken = "{% block content %}{{ article.no_such_field.title }}"
    theme, _line = theme_with(tmp_path, "article.html", "{% block content %}", broken)
    output = tmp_path / "output"
    overrides = {"THEME": str(theme), "BUILD_PROCESSES": 2}
    result = build_site(output, content=content, overrides=overrides)
    assert not result.ok
    assert "生成网页时出错" in result.log and "no_such_field" in result.log, result.log
    assert "BUILD_PROCESSES = 1" in result.log
    assert not output.exists(), "a failed build leaves no output"


class Item:
    """What process_translations reads of an article or a page."""

    def __init__(self, number, slug, lang, translation):
        self.source_path = f"content/{number}.md"
        self.slug, self.lang, self.in_default_lang = slug, lang, lang == "zh"
        self.metadata = {"translation": translation} if translation else {}


def test_translations_found_per_slug_are_pelicans(monkeypatch):
    """dangjian.speed's process_translations gives what Pelican's does (originals, their
    order, translations, each item's `translations`, the warnings) on lists with duplicate
    slugs, several languages and `Translation:` marks."""
    import random

    import pelican.utils
    from pelican.utils import process_translations as pelicans

    from dangjian.speed.reader import process_translations

    warnings = []  # Pelican's logger would drop repeats: what each call asks it to say
    monkeypatch.setattr(pelican.utils.logger, "warning", lambda *args: warnings.append(args))
    rng = random.Random(7)
    for case in range(300):
        specs = [
            (
                f"s{rng.randrange(rng.randint(1, 40))}",
                rng.choice(["zh", "zh", "en", "mn"]),
                rng.choice(["", "", "true", "false"]),
            )
            for _ in range(rng.randint(0, 60))
        ]
        runs = []
        for function in (pelicans, process_translations):
            items = [Item(number, *spec) for number, spec in enumerate(specs)]
            warnings.clear()
            originals, translations = function(items, translation_id="slug")
            runs.append(
                (
                    [item.source_path for item in items],  # sorted in place, alike
                    [item.source_path for item in originals],
                    [item.source_path for item in translations],
                    [[x.source_path for x in getattr(item, "translations", [])] for item in items],
                    [
                        (message, *(getattr(a, "source_path", a) for a in args))
                        for message, *args in warnings
                    ],
                )
            )
        assert runs[0] == runs[1], case
        assert process_translations(items, translation_id=None) == (items, [])


class Term(str):
    """A tag, column or author as the term pages read it."""

    save_as = url = page_name = property(lambda self: f"terms/{self}/")
    slug = property(str)


def test_term_pages_are_pelicans():
    """dangjian.speed's tag, column and author pages are written with what Pelican's own
    methods give the writer, including each term's `dates`: terms listing an article twice
    or an article that is not among the site's dates, terms in a dict (tags) or a list."""
    import random
    from functools import partial
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from dangjian.speed.reader import TERMS, write_term_pages

    def record(calls, *args, **kwargs):
        """The writer: what a page is written with, each list of articles by number."""
        for key in ("articles", "dates", "all_articles"):
            kwargs[key] = [article.number for article in kwargs[key]]
        calls.append((args, kwargs))

    rng = random.Random(11)
    articles = [SimpleNamespace(number=number) for number in range(200)]
    dates = rng.sample(articles, 180)  # the others: e.g. hidden

    def terms(count):
        return [
            (Term(f"t{at}"), rng.choices(articles, k=rng.randint(1, 25))) for at in range(count)
        ]

    def generator():
        return SimpleNamespace(
            get_template=lambda name: f"template {name}",
            tags=dict(terms(30)),
            categories=terms(8),
            authors=terms(40),
            dates=dates,
            articles=articles,
            context={"site": 1},
        )

    for method, template_name, plural in TERMS:
        state = rng.getstate()
        calls = {}
        for name, pages in [
            ("Pelican's", getattr(ArticlesGenerator, method)),
            ("ours", partial(write_term_pages, template_name=template_name, plural=plural)),
        ]:
            rng.setstate(state)  # the same terms for both
            calls[name] = []
            pages(generator(), write=partial(record, calls[name]))
        assert calls["Pelican's"] == calls["ours"], method
        assert len(calls["ours"]) in (30, 8, 40)


class FeedItem:
    """What Pelican's writer reads of an article for a feed."""

    def __init__(self, number):
        self.number, self.title, self.url = number, f"稿件 {number}", f"articles/{number}/"
        self.date = datetime(2024, 1, 1 + number % 28, tzinfo=UTC)
        self.summary = f"<p>摘要 {number}</p>"

    def get_content(self, _site_url):
        return f"<p>正文 {self.number}</p>"


def test_feed_entries_are_dropped_after_their_last_feed(tmp_path):
    """A writer told the feeds it will write (as the render workers are) writes the same
    bytes as one that keeps every entry, and no longer holds a piece's entries once its
    last feed is written."""
    import random

    from pelican.settings import DEFAULT_CONFIG

    from dangjian.speed.feeds import FeedEntriesWriter

    rng = random.Random(5)
    items = [FeedItem(number) for number in range(40)]
    feeds = [(f"feeds/{number}.xml", rng.sample(items, 8)) for number in range(30)]
    limit = 5  # FEED_MAX_ITEMS: the pieces after it are not in the feed
    site = "https://dangjian.example.cn"
    context = {"SITEURL": site, "FEED_DOMAIN": site, "SITENAME": "党建"}
    written, held = {}, {}
    for told in (False, True):
        output = tmp_path / str(told)
        writer = FeedEntriesWriter(str(output), {**DEFAULT_CONFIG, "FEED_MAX_ITEMS": limit})
        if told:
            writer.expect_feeds(elements for _path, elements in feeds)
        for path, elements in feeds:
            writer.write_feed(elements, context, path)
        written[told] = {path: (output / path).read_bytes() for path, _ in feeds}
        held[told] = writer.pieces_held()
    assert written[True] == written[False]
    first = written[True][feeds[0][0]].decode()
    listed_first = [f"正文 {piece.number}&lt;" in first for piece in feeds[0][1]]
    assert listed_first == [True] * limit + [False] * 3
    listed = {id(piece) for _path, elements in feeds for piece in elements[:limit]}
    assert held[False] == len(listed) > limit
    # only the last feed's pieces: they are dropped when the next feed begins
    assert held[True] == len(feeds[-1][1][:limit])


@pytest.mark.parametrize(
    ("root", "path"),
    [
        ("/site/content", "/site/content/articles/2018-03-13/a.md"),
        ("/site/content/", "/site/content/a.md"),
        ("/site/content", "/site/content/articles/../a.md"),
        ("/site/content", "/site/content//articles/a.md"),
        ("/site/content", "/site/contents/a.md"),
        ("/site/content", "/elsewhere/a.md"),
        ("/site/content", "articles/a.md"),
        ("/site/other/../content", "/site/content/a.md"),
    ],
)
def test_a_content_path_made_relative_is_pelicans(root, path):
    """internals cuts a content's path under PATH instead of os.path.relpath: the same."""
    from pelican.contents import Content

    from dangjian.speed import internals

    content = types.SimpleNamespace(source_path=path, settings={"PATH": root})
    expected = internals._pelican_relative_source_path(content)
    assert Content.get_relative_source_path(content) == expected
    assert Content.get_relative_source_path(content, path) == expected


def _leave_a_cycle(_writer, alive):
    cycle = Cycle()
    cycle.itself = cycle
    alive.add(cycle)


class Cycle:
    """What a rendered page can leave behind: garbage only the cycle collector finds."""


def test_rendering_collects_the_cycles_pages_leave_behind(tmp_path):
    import gc
    import weakref

    from pelican.settings import DEFAULT_CONFIG

    from dangjian.speed import parallel

    writer = parallel.QueuedWriter(str(tmp_path), dict(DEFAULT_CONFIG))
    parallel._queued.remove(writer)  # made here, not queued by a build
    alive = weakref.WeakSet()
    calls = [parallel.Call(_leave_a_cycle, f"{n}.html", (alive,), {}) for n in range(1200)]
    gc.disable()  # as rarely as the build's thresholds let it run
    try:
        assert writer.render_share(calls, {}, 0, 1, None) is None
        assert 0 < len(alive) < parallel.COLLECTED_EVERY
    finally:
        gc.enable()


def test_while_folders_are_made_pelicans_writer_makes_none_and_still_sees_the_rest(tmp_path):
    """internals.folders_made: the writer's replay of pages written already."""
    import pelican.writers

    from dangjian.speed import internals

    folder = tmp_path / "a" / "b"
    with internals.folders_made():
        pelican.writers.os.makedirs(folder, exist_ok=True)
        assert not folder.exists()
        assert pelican.writers.os.path.join("a", "b") == os.path.join("a", "b")
    assert pelican.writers.os is os
    pelican.writers.os.makedirs(folder, exist_ok=True)
    assert folder.is_dir()


def test_the_names_each_template_reads_are_found_once_and_kept_with_the_compiled_ones(
    tmp_path, monkeypatch
):
    import jinja2

    from dangjian.speed import render_cache

    sources = {"page.html": "{% include 'part.html' %}{{ title }}", "part.html": "{{ SITENAME }}"}
    parsed = []
    parse = jinja2.Environment.parse
    monkeypatch.setattr(
        jinja2.Environment, "parse", lambda env, *a, **k: parsed.append(a) or parse(env, *a, **k)
    )

    def names_of_page(compiled):
        environment = jinja2.Environment(loader=jinja2.DictLoader(sources))
        settings = {"JINJA_ENVIRONMENT": {"bytecode_cache": compiled}} if compiled else {}
        page = environment.get_template("page.html")
        return render_cache.template_names(settings, [page]).of(page)

    compiled = jinja2.FileSystemBytecodeCache(str(tmp_path))
    first = names_of_page(compiled)
    assert {"title", "SITENAME"} <= first and parsed
    parsed.clear()
    assert names_of_page(compiled) == first and not parsed  # kept from the build before
    assert names_of_page(None) == first and parsed  # no compiled templates kept: found again


def test_a_few_articles_to_read_are_converted_as_read_many_by_workers_ahead(tmp_path):
    """reader.read_ahead: workers convert the articles to read, unless a daily publish
    reads only a few (fewer than READ_HERE of the files the content check read)."""
    from dangjian.speed import reader

    class Reader(reader.ReusedMarkdownReader):
        def __init__(self):
            self.ahead = []

        def convert_ahead(self, paths, workers):
            self.ahead = paths

    class Kept:
        def __init__(self, kept):
            self.kept = kept

        def has(self, source):
            return source in self.kept

    def ahead(to_read):
        files = [f"articles/{number}.md" for number in range(100)]
        settings = {
            "BUILD_PROCESSES": 2, "ARTICLE_PATHS": ["articles"], "ARTICLE_EXCLUDES": [],
            "CHECKED_SOURCES": {str(tmp_path / file): CheckedFile(b"", False) for file in files},
        }  # fmt: skip
        generator = types.SimpleNamespace(
            settings=settings, path=str(tmp_path), kept=Kept(set(files[to_read:])),
            readers=types.SimpleNamespace(readers={"md": Reader()}),
            get_files=lambda paths, exclude: files,
        )  # fmt: skip
        reader.read_ahead(generator)
        return generator.readers.readers["md"].ahead

    assert ahead(reader.READ_HERE - 1) == []
    assert ahead(reader.READ_HERE) == [
        str(tmp_path / f"articles/{number}.md") for number in range(reader.READ_HERE)
    ]

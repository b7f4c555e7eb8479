"""The build benchmark's peers and daily publish (bench/build.py) measure what they say."""

import json
from datetime import date, timedelta

from bench import hugo
from bench.build import BENCH, Place, sections, vanilla_plugins
from bench.corpus import add_day, generate


def test_vanilla_pelican_loads_no_plugin(tmp_path):
    place = Place(tmp_path, generate(tmp_path, 7))
    assert vanilla_plugins(place) == []
    # The check can fail: without PLUGINS = [], Pelican loads the installed namespace plugins.
    from pelican import Pelican
    from pelican.settings import read_settings

    override = {"PATH": str(place.content), "PLUGINS": None}
    loaded = Pelican(read_settings(str(BENCH / "vanillaconf.py"), override=override)).plugins
    assert "pelican.plugins.precompress" in [plugin.__name__ for plugin in loaded]


def metadata(path):
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_a_new_day_has_seven_pieces_a_new_author_and_a_new_organization(tmp_path):
    content = generate(tmp_path, 10)
    before = set((content / "articles").rglob("*.md"))
    authors = {metadata(path).get("Author") for path in before}
    branches = set((content / "branches").glob("*.md"))
    day = add_day(content)
    assert day == date(2018, 1, 3) + timedelta(days=1)  # ten pieces: two days, the second short
    new = sorted(set((content / "articles").rglob("*.md")) - before)
    assert len(new) == 7 and {path.parent.name for path in new} == {day.isoformat()}
    assert [metadata(path)["Date"] for path in new] == [day.isoformat()] * 7
    assert metadata(new[0])["Author"] not in authors
    [branch] = set((content / "branches").glob("*.md")) - branches
    assert metadata(new[1])["Branches"] == branch.stem
    again = generate(tmp_path / "again", 10)
    assert add_day(again) == day
    assert [path.read_text("utf-8") for path in sorted((again / "articles").rglob("*.md"))] == [
        path.read_text("utf-8") for path in sorted((content / "articles").rglob("*.md"))
    ]


def test_hugo_pages_keep_the_articles_text_and_metadata(tmp_path):
    content = generate(tmp_path, 7)
    site = hugo.write_site(content, tmp_path / "hugo")
    source = sorted((content / "articles").rglob("*.md"))[0]
    page = site / "content" / source.relative_to(content)
    front, body = page.read_text(encoding="utf-8").split("\n\n", 1)
    fields = json.loads(front)
    original = metadata(source)
    assert fields["title"] == original["Title"] and fields["date"] == original["Date"]
    assert fields["categories"] == [original["Category"]]
    assert fields["tags"] == original["Tags"].split(", ")
    assert body == source.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_what_a_new_day_changed_is_counted_per_section():
    paths = [
        "articles/2019/12/a/index.html",
        "articles/2019/12/b/index.html",
        "columns/shidian/index.html",
        "columns/shidian/page/3/index.html",
        "columns/shidian/page/4/index.html",
        "category/shidian2.html",  # vanilla Pelican's second page
        "category/shidian.html",
        "index.html",
    ]
    assert sections(paths) == {
        "articles": 2,
        "columns, later pages": 2,
        "columns": 1,
        "category, later pages": 1,
        "category": 1,
        "(top)": 1,
    }

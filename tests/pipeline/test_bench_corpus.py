"""The synthetic corpus for benchmarks (bench/corpus.py) is valid content for our build."""

import random
import re

from bench.corpus import PREFECTURES, branch_tree, generate
from dangjian.build.pipeline import build_site
from support import Site


def test_small_corpus_builds_with_every_column_and_type(tmp_path):
    content = generate(tmp_path, 40)
    assert generate(tmp_path / "again", 40).joinpath("articles").is_dir()
    first = sorted(path.read_text("utf-8") for path in content.rglob("*.md"))
    again = sorted(path.read_text("utf-8") for path in (tmp_path / "again").rglob("*.md"))
    assert first == again, "the same N gives the same corpus"

    result = build_site(tmp_path / "output", content=content)
    assert result.ok, result.log
    site = Site(tmp_path / "output")
    assert len(site.article_urls()) == 40
    texts = [path.read_text("utf-8") for path in (content / "articles").rglob("*.md")]
    assert {re.search(r"^Type: (\w+)", text, re.M)[1] for text in texts} == {
        "news", "commentary", "photo", "profile",
    }  # fmt: skip
    assert len({re.search(r"^Category: (.+)$", text, re.M)[1] for text in texts}) == 6
    bodies = [text.split("\n\n", 1)[1] for text in texts]
    assert all(1500 <= len(re.sub(r"\s", "", body)) <= 2700 for body in bodies)
    assert site.file("/pagefind/pagefind.js").exists()


def test_branch_registry_is_a_four_level_tree_in_every_region():
    branches = branch_tree(random.Random(1), 250)
    assert len(branches) == 250
    parents = {slug: parent for slug, _, _, _, _, parent in branches}

    def depth(slug):
        return 1 if parents[slug] is None else 1 + depth(parents[slug])

    assert max(map(depth, parents)) == 4
    assert {prefecture for _, _, _, prefecture, _, _ in branches} == set(PREFECTURES)
    assert len({name for _, name, _, _, _, _ in branches}) == 250

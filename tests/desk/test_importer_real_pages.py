"""The importer on real printed pages (../shared/real-pages, when present), scored by their
own score.py: every piece found, fully right (title, authors, type, column and body); no text
lost or added."""

import importlib.util
import json

import pytest

from dangjian.desk.importer.ledger import check_page
from dangjian.desk.importer.parse import parse_page
from dangjian.desk.importer.write import file_name, markdown
from dangjian.model.conventions import read_conventions
from support import ROOT

PAGES = ROOT.parent / "shared" / "real-pages"
NAMES = sorted(path.name.removesuffix(".expected.json") for path in PAGES.glob("*.expected.json"))

pytestmark = pytest.mark.skipif(not NAMES, reason=f"no real pages in {PAGES}")


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("score", PAGES / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", NAMES)
def test_a_real_page(name, score, tmp_path):
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    page = parse_page(
        text, [], date=expected["date"], conventions=read_conventions(ROOT / "content")[0]
    )
    check_page(text, page)
    drafts = []
    for number, piece in enumerate(page.pieces, start=1):
        path = tmp_path / file_name(number, piece)
        path.write_text(markdown(piece, page.date), encoding="utf-8")
        drafts.append(score.read_draft(str(path)))
    results, lost, added = score.score_page(expected, drafts)
    assert (lost, added) == (0, 0)
    for result in results:
        title = result["piece"]["title"]
        assert result["found"], (title, result["why"])
        assert all(result[key] for key in ("title", "authors", "type", "column", "body")), (
            title,
            result["why"],
        )

"""The importer on real printed pages (../shared/real-pages, when present), scored by their
own score.py: every piece found, fully right (title, authors, type, column and body); no text
lost or added. Then the same pages' sources rendered by their own render.py in layouts other
than their own, as the pages kept back are: the importer must decide from the kind of layout.
With them, invented pages (tests/fixtures/pages) in the same source format, for conventions the
real pages here do not show and those kept back do (README.md there): a 链接 box, subheads
ending in ——, wire datelines and editors' codes, a package of reports, an interview."""

import importlib.util
import json
from pathlib import Path

import pytest

from dangjian.desk.importer.ledger import check_page
from dangjian.desk.importer.parse import parse_page
from dangjian.desk.importer.write import file_name, markdown
from dangjian.model.conventions import read_conventions
from support import ROOT

PAGES = ROOT.parent / "shared" / "real-pages"
NAMES = sorted(path.name.removesuffix(".expected.json") for path in PAGES.glob("*.expected.json"))
INVENTED = Path(__file__).parents[1] / "fixtures" / "pages"

pytestmark = pytest.mark.skipif(not NAMES, reason=f"no real pages in {PAGES}")


def shared_module(name):
    spec = importlib.util.spec_from_file_location(name, PAGES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score():
    return shared_module("score")


def imported(text, expected, score, folder):
    """score.py's (results, text lost, text added) for the drafts the importer makes of
    `text`, written to `folder` as `./run import-page` writes them."""
    page = parse_page(
        text, [], date=expected["date"], conventions=read_conventions(ROOT / "content")[0]
    )
    check_page(text, page)
    drafts = []
    for number, piece in enumerate(page.pieces, start=1):
        path = folder / file_name(number, piece)
        path.write_text(markdown(piece, page.date), encoding="utf-8")
        drafts.append(score.read_draft(str(path)))
    return score.score_page(expected, drafts)


def fully_right(result, keys=("title", "authors", "type", "column", "body")):
    return result["found"] and all(result[key] for key in keys)


@pytest.mark.parametrize("name", NAMES)
def test_a_real_page(name, score, tmp_path):
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    results, lost, added = imported(text, expected, score, tmp_path)
    assert (lost, added) == (0, 0)
    for result in results:
        assert fully_right(result), (result["piece"]["title"], result["why"])


LAYOUTS = 10  # other renderings of each page per style
# Hard-wrapped lines with a blank line after every line leave the text no sign where a
# paragraph ends when a sentence ends a full line: the importer guesses from the page's
# paragraph lengths and says where it guessed (layout.paragraph_ends). The share of pieces
# fully right must not fall.
BODIES_RIGHT = {"lines": 1.0, "wrap": 1.0, "wrap-spaced": 0.7}  # now: 395 of 530


@pytest.mark.parametrize("style", BODIES_RIGHT)
def test_the_real_pages_in_other_layouts(style, score, tmp_path, monkeypatch):
    render = shared_module("render")
    own_choices = render.choices

    def in_this_style(name):
        return own_choices(name) | {"style": style}

    monkeypatch.setattr(render, "choices", in_this_style)
    results = []
    sources = [PAGES / f"{name}.source" for name in NAMES] + sorted(INVENTED.glob("*.source"))
    for source in sources:
        name = source.stem
        page = render.read_source(source)
        expected = {
            "date": page["fields"]["date"],
            "pieces": [render.expected_piece(piece) for piece in page["pieces"]],
        }
        for variant in range(LAYOUTS):
            text, layout = render.render(page, f"{name}#{variant}")
            folder = tmp_path / f"{name}-{variant}"
            folder.mkdir()
            page_results, lost, added = imported(text, expected, score, folder)
            assert (lost, added) == (0, 0), (name, layout)
            results += [(name, layout, result) for result in page_results]
    for name, layout, result in results:
        title = result["piece"]["title"]
        assert fully_right(result, ("title", "authors", "type", "column")), (name, layout, title)
    right = sum(fully_right(result) for _name, _layout, result in results)
    assert right >= BODIES_RIGHT[style] * len(results), f"{right} of {len(results)}"

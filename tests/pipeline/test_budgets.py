"""Size budgets, from the figures bench/budgets.py prints: bytes, never times."""

import re

import pytest

from bench.budgets import BUDGETS, page_weight, weights
from support import ROOT

# The one inline script (base.html) applies the saved 字号 before first paint.
INLINE_SCRIPT_MAX = 300  # bytes


@pytest.fixture(scope="module")
def figures(site):
    return weights(site.root)


@pytest.mark.parametrize("kind", sorted(BUDGETS))
def test_article_pages_within_budget(figures, kind):
    url, weight = figures[kind]
    assert weight.total <= BUDGETS[kind], (
        f"{url}: HTML {weight.html} + CSS {weight.css} + JS {weight.js} bytes > {BUDGETS[kind]}"
    )
    assert weight.html > 1000 and weight.css > 1000, "measured nothing: is the page there?"


def test_no_page_has_a_render_blocking_script(site):
    for url in site.pages():
        assert not page_weight(site.root, url).render_blocking, url
        for script in site.soup(url).find_all("script", src=False):
            if script.get("type") == "application/ld+json":
                continue  # data, never run
            assert len(script.string or "") <= INLINE_SCRIPT_MAX, f"{url}: a large inline script"


def test_css_is_one_file(site):
    assert [path.name for path in (ROOT / "theme" / "static").rglob("*.css")] == ["site.css"]
    linked = set()
    for url in site.pages():
        stylesheets = page_weight(site.root, url).stylesheets
        assert len(stylesheets) == 1, f"{url}: {stylesheets}"
        linked |= set(stylesheets)
        soup = site.soup(url)
        assert not soup.find_all("style") and not soup.find_all(style=True), url
    (stylesheet,) = linked  # site.css, under a cache-busting name or not
    assert re.fullmatch(r"/theme/css/site(\.[0-9a-f]+)?\.css", stylesheet), stylesheet

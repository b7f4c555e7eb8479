"""The one sanitizer for HTML from content (dangjian.model.sanitize)."""

import pytest
from output_safety import LEFT_OVER, UNSAFE

from dangjian.model.sanitize import clean, elements, may_hold_markup, removed, render_markdown


@pytest.mark.parametrize(
    "markdown, kept",
    [
        ("段落，**强调**与[链接](/columns/)。", '<a href="/columns/">链接</a>'),
        ("![图](images/a.png)", '<img alt="图" src="images/a.png">'),
        ("|甲|\n|-:|\n|1|", 'style="text-align:right"'),
        ("脚注[^1]\n\n[^1]: 注。", '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">'),
        ("```python\nx = 1\n```", '<code class="language-python">'),
    ],
)
def test_markdown_survives(markdown, kept):
    html = render_markdown(markdown)
    assert kept in clean(html)
    assert removed(html) == []


@pytest.mark.parametrize(
    "html, gone",
    [
        ("<p>x<script>alert(1)</script></p>", ["<script>"]),
        ('<img src="x" onerror="alert(1)">', ["onerror=alert(1)"]),
        ('<a href="java&#115;cript:alert(1)">x</a>', ["href=javascript:alert(1)"]),
        ('<img src="https://evil.example/p.png">', ["src=https://evil.example/p.png"]),
        ('<p id="main" class="skip-link">x</p>', ["id=main", "class=skip-link"]),
        ('<form action="https://evil.example/"><input></form>', ["<form>", "<input>"]),
    ],
)
def test_what_is_removed_is_named(html, gone):
    assert removed(html) == gone
    for item in gone:
        assert item.split("=")[-1] not in clean(html).replace("&", "")


def test_only_text_that_may_hold_markup_is_rendered_by_the_check():
    assert not may_hold_markup("党建工作稳步推进。全国两会期间，代表们说：“好！”")
    for text in ("<b>", "&#115;", "{: #x }", "[a](b)", "[a]: b", "![a](b)"):
        assert may_hold_markup(text), text


@pytest.mark.parametrize("payload, element, named", UNSAFE.values(), ids=UNSAFE)
def test_each_unsafe_kind_is_removed_and_named(payload, element, named):
    html = f"<p>前文。</p>\n{payload}\n<p>后文。</p>"
    cleaned = clean(html)
    assert element not in {tag for tag, _attribute, _value in elements(cleaned)}
    for left in LEFT_OVER:
        assert left not in cleaned, cleaned
    assert "<p>前文。</p>" in cleaned and "<p>后文。</p>" in cleaned  # only the payload goes
    assert any(item.startswith(named) for item in removed(html)), removed(html)


@pytest.mark.parametrize("payload, element, named", UNSAFE.values(), ids=UNSAFE)
def test_each_unsafe_kind_is_removed_from_markdown_too(payload, element, named):
    """As the check and the build see it: raw HTML in a Markdown body, inline or a block."""
    for text in (f"前文。\n\n{payload}\n\n后文。", f"前文{payload}后文。"):
        html = render_markdown(text)
        assert not any(left in clean(html) for left in LEFT_OVER), clean(html)
        assert any(item.startswith(named) for item in removed(html)), (text, removed(html))


@pytest.mark.parametrize(
    "element", ["script", "style", "template", "textarea", "title", "noscript"]
)
def test_elements_whose_text_is_not_for_reading_go_with_their_text(element):
    """Their text is code, a stylesheet or a form's content: shown as text, it would be
    garbage on the page (nh3 keeps the text of other removed elements)."""
    html = f"<p>甲<{element}>不可见的文字</{element}>乙</p>"
    assert clean(html) == "<p>甲乙</p>"
    assert removed(html) == [f"<{element}>"]

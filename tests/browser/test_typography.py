"""Chinese text laid out per the W3C Requirements for Chinese Text Layout, in Chromium."""

import pytest

from support import block_other_hosts

CLOSING = "，。、；：！？）》」』】〉”’"  # never at the start of a line (clreq §3.1.7)
OPENING = "“‘（《「『【〈"  # never at the end of one
# For every paragraph of the story: the character that starts each line after the
# first, and the one that ends each line before the last.
LINE_EDGES = """
() => {
  const edges = [];
  for (const paragraph of document.querySelectorAll(".story-body p, .photo-caption p")) {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let previous = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        if (previous && box.top > previous.top + previous.height / 2) {
          edges.push([previous.character, node.data[i]]);
        }
        previous = {top: box.top, height: box.height, character: node.data[i]};
      }
    }
  }
  return edges;
}
"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_line_starts_with_closing_punctuation(site, server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    block_other_hosts(context)
    page = context.new_page()
    breaks, wrong = 0, []
    for url in site.article_urls():
        page.goto(server + url)
        for end, start in page.evaluate(LINE_EDGES):
            breaks += 1
            if start in CLOSING or end in OPENING:
                wrong.append(f"{url}: a line ends with “{end}” and the next starts with “{start}”")
    context.close()
    assert breaks > 50, "found almost no line breaks: is the script measuring?"
    assert not wrong, "\n".join(wrong)


def test_paragraphs_are_indented_two_characters_with_chinese_line_height(site, server, browser):
    url = next(u for u in site.article_urls() if site.soup(u).select_one(".story-body p"))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + url)
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.querySelector(".story-body p"));
            return [s.textIndent, s.fontSize, s.lineHeight, s.lineBreak, s.textAlign];
        }"""
    )
    indent, size, line_height, line_break, align = style
    assert float(indent.removesuffix("px")) == 2 * float(size.removesuffix("px"))
    assert 1.6 <= float(line_height.removesuffix("px")) / float(size.removesuffix("px")) <= 2
    assert (line_break, align) == ("strict", "justify")
    width = page.evaluate("document.querySelector('.story-body').getBoundingClientRect().width")
    context.close()
    assert width / float(size.removesuffix("px")) <= 40, "lines longer than 40 characters"

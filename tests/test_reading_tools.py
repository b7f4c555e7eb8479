"""字号, 打印 and 复制链接 on an article page, in a real Chromium."""

import pytest

from conftest import PHONE, block_other_hosts

FIRST = "/articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/"
SECOND = "/articles/2018/03/li-jing-wo-ba-ju-min-dang-qin-ren/"
# Sums the layout shifts Chromium reports from the first paint on.
COUNT_LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture
def reader(browser):
    context = browser.new_context(viewport=PHONE)
    block_other_hosts(context)
    context.add_init_script(COUNT_LAYOUT_SHIFTS)
    yield context
    context.close()


def body_font_size(page):
    return page.evaluate("getComputedStyle(document.querySelector('.story-body')).fontSize")


def test_font_size_is_remembered_across_pages_without_a_layout_jump(reader, server):
    page = reader.new_page()
    page.goto(server + FIRST)
    assert body_font_size(page) == "18px"
    assert page.get_by_role("button", name="中字号").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="大字号").click()
    assert body_font_size(page) == "21px"
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"

    page.goto(server + SECOND)
    page.wait_for_timeout(300)  # let late layout shifts be reported
    assert body_font_size(page) == "21px"
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.layoutShift") == 0, "the page moved after first paint"

    page.get_by_role("button", name="小字号").click()
    page.reload()
    assert body_font_size(page) == "16px"


def test_copy_link_copies_the_article_address(browser, server):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    block_other_hosts(context)
    page = context.new_page()
    page.goto(server + FIRST)
    button = page.get_by_role("button", name="复制链接")
    button.click()
    page.get_by_role("status").filter(has_text="链接已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == button.get_attribute("data-url") and copied.endswith(FIRST)
    context.close()


def test_print_shows_just_the_article_and_its_source(reader, server):
    page = reader.new_page()
    page.goto(server + SECOND)
    page.emulate_media(media="print")
    for hidden in (".masthead", ".site-footer", ".breadcrumbs", ".reading-tools", ".story-nav",
                   ".same-issue"):  # fmt: skip
        assert not page.locator(hidden).is_visible(), f"{hidden} is printed"
    for shown in (".story h1", ".story-body", ".story-source", ".credit", ".print-only"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    assert page.locator(".print-only").inner_text().startswith("本文网址：http")
    assert len(page.pdf()) > 10_000  # Chromium can print it


def test_reading_tools_are_hidden_without_javascript(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + FIRST)
    assert not page.locator(".reading-tools").is_visible()
    assert page.locator(".story-body").is_visible()
    context.close()

"""字号, 打印 and 复制链接 on an article page, in a real Chromium."""

import pytest

from dangjian.site.reading_tools import FIRST_PAINT_SCRIPT, FIRST_PAINT_SCRIPT_HASH
from support import PHONE, ROOT, block_other_hosts

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
    assert copied == server + FIRST  # a local build's address is the server's
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
    assert page.locator(".print-only").inner_text() == f"本文网址：{SECOND}"
    assert len(page.pdf()) > 10_000  # Chromium can print it


def test_reading_tools_are_hidden_without_javascript(browser, server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + FIRST)
    assert not page.locator(".reading-tools").is_visible()
    assert page.locator(".story-body").is_visible()
    context.close()


def strict_policy(script_sources):
    """The production policy's shape (publishconf.py): scripts from the site's files only."""
    return (
        f"default-src 'none'; script-src 'self' {script_sources}; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'"
    )


def scripts_run_under(browser, server, policy):
    """Whether the first-paint script ran on an article served with `policy`, and CSP errors."""
    context = browser.new_context(viewport=PHONE)
    block_other_hosts(context)

    def with_policy(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": policy}
        route.fulfill(response=response, headers=headers)

    context.route(f"{server}/**", with_policy)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(server + FIRST)
    ran = page.evaluate("document.documentElement.classList.contains('js')")
    tools_shown = page.locator(".reading-tools").is_visible()
    # A request still being fetched by with_policy would fail when the context closes.
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    return ran and tools_shown, errors


def test_first_paint_script_runs_under_a_strict_content_security_policy(site, browser, server):
    """Inline, yet allowed by its hash: the policy needs no 'unsafe-inline'."""
    (inline,) = [
        script.string
        for script in site.soup(FIRST).find_all("script", src=False)
        if script.get("type") != "application/ld+json"
    ]
    assert inline == FIRST_PAINT_SCRIPT  # the page holds exactly the hashed text
    ran, errors = scripts_run_under(browser, server, strict_policy(FIRST_PAINT_SCRIPT_HASH))
    assert ran and not errors, errors
    # The control: without the hash the policy blocks it, so the check above means something.
    ran, errors = scripts_run_under(browser, server, strict_policy(""))
    assert not ran and any("Content Security Policy" in error for error in errors)


def test_published_policies_allow_the_first_paint_script():
    """Wherever this project writes a Content-Security-Policy, it lists the script's hash."""
    policies = {}
    for path in [ROOT / "pelicanconf.py", *sorted((ROOT / "deploy").glob("*"))]:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if "script-src" in text:
            policies[path.name] = text
    # The pages' <meta> and the preview's header (pelicanconf.py's SECURITY_POLICY), nginx's
    # headers and the headers file for other hosts (README, "Hosting"): a policy that moved
    # elsewhere would go unchecked.
    assert set(policies) >= {"pelicanconf.py", "nginx.conf", "_headers"}, sorted(policies)
    for name, text in policies.items():
        assert FIRST_PAINT_SCRIPT_HASH in text, (
            f"{name}: add {FIRST_PAINT_SCRIPT_HASH} to script-src (dangjian/site/reading_tools.py)"
        )

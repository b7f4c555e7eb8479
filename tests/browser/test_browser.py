"""The built site in a real headless Chromium, served over HTTP as readers get it."""

from urllib.parse import urlsplit

import pytest

from support import PHONE, block_other_hosts

PRINT_ORDER = ["视点", "观潮", "阵地", "榜样·足迹", "学习型党组织建设", "知行合一"]
# Families a Chinese reader's system has; the stylesheet must start with one of these.
CHINESE_FONTS = {
    "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Songti SC", "STSong",
    "Noto Serif CJK SC", "Source Han Serif SC", "SimSun",
}  # fmt: skip


@pytest.fixture(scope="module")
def visits(site, server, browser):
    """Every page loaded once on a phone: url → what the browser saw and asked for."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    requests, pending, problems = [], set(), []

    def on_request(request):
        requests.append(request.url)
        pending.add(request)

    def on_response(response):
        if response.status >= 400:
            problems.append(f"{response.url} returned {response.status}")

    def on_failed(request):
        pending.discard(request)
        # A request the browser cancelled itself (Chromium drops a favicon fetch now and
        # then) is not the site failing: a missing file answers 404 (on_response), and a
        # request to another host is in `requests`.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"{request.url} failed: {request.failure}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", on_failed)
    block_other_hosts(context)  # a request elsewhere fails, and is reported
    results = {}
    for url in site.pages():
        requests.clear()
        problems.clear()
        page.goto(server + url, wait_until="load")
        # The favicon (and the search page's filters) are asked for after "load": wait
        # until requests stop, or the next navigation would abort them and blame the
        # next page. A loaded CI machine may take seconds; what never ends is this page's.
        for _ in range(300):
            seen = len(requests)
            page.wait_for_timeout(100)
            if not pending and len(requests) == seen:
                break
        problems += [f"{request.url} still pending after 30 s" for request in pending]
        pending.clear()
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        results[url] = {
            "widths": widths,
            "lang": page.evaluate("document.documentElement.lang"),
            "requests": [*requests],
            "problems": [*problems],
        }
    context.close()
    return results


def test_no_horizontal_scrolling_on_a_phone(visits):
    wide = [
        f"{url}: {scroll_width}px wide in a {inner_width}px window"
        for url, visit in visits.items()
        if url != "/404.html"
        for scroll_width, inner_width in [visit["widths"]]
        if scroll_width > inner_width
    ]
    assert not wide, "pages wider than a phone:\n" + "\n".join(wide)


def test_pages_load_only_from_this_site_and_nothing_fails(visits, server):
    assert len(visits) > 1
    offenders = []
    for url, visit in visits.items():
        assert visit["requests"], f"{url}: no requests recorded"
        for request in visit["requests"]:
            parts = urlsplit(request)
            if parts.scheme not in ("data", "blob") and parts.netloc != urlsplit(server).netloc:
                offenders.append(f"{url}: request to {request}")
        offenders += [f"{url}: {problem}" for problem in visit["problems"]]
    assert not offenders, "\n".join(offenders)


def test_home_page_shows_the_columns_in_print_order(page, server):
    page.goto(server + "/")
    heads = [head.strip() for head in page.locator(".column-head").all_inner_texts()]
    assert heads == PRINT_ORDER


def test_article_body_is_whole_without_javascript(site, server, browser):
    articles = [url for url in site.article_urls() if site.soup(url).select_one(".story-body")]
    assert articles, "no article page with a .story-body"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    shortened = []
    for url in articles:
        page.goto(server + url)
        body = page.locator(".story-body")
        shown = "".join(body.inner_text().split()) if body.is_visible() else ""
        written = "".join(site.soup(url).select_one(".story-body").get_text().split())
        if shown != written:
            shortened.append(f"{url}: shows {len(shown)} of {len(written)} characters")
    context.close()
    assert not shortened, "article text not fully shown without JavaScript:\n" + "\n".join(
        shortened
    )


def test_chinese_text_in_system_chinese_fonts(visits, page, server, site):
    langs = {url: visit["lang"] for url, visit in visits.items() if visit["lang"] != "zh-CN"}
    assert not langs, f"pages not marked lang=zh-CN: {langs}"
    article = next(url for url in site.article_urls() if site.soup(url).select_one(".story-body"))
    page.goto(server + article)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    first = family.split(",")[0].strip().strip("\"'")
    assert first in CHINESE_FONTS, f"body font-family starts with {first!r}: {family}"
    font_faces = page.evaluate(
        """() => {
            const all = (rules) => [...rules].flatMap((r) => [r, ...all(r.cssRules || [])]);
            return [...document.styleSheets]
                .flatMap((sheet) => all(sheet.cssRules))
                .filter((rule) => rule instanceof CSSFontFaceRule).length;
        }"""
    )
    assert font_faces == 0, f"{font_faces} @font-face rules: no web fonts"
    assert page.evaluate("document.fonts.size") == 0
    # What Chromium actually drew the text with: an installed font, not a download.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".story-body p"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert fonts and not any(font["isCustomFont"] for font in fonts), fonts
    assert fonts[0]["familyName"] in CHINESE_FONTS, (
        f"body text drawn in {fonts}: is fonts-noto-cjk installed?"
    )


def test_tab_reaches_the_skip_link_first(page, server):
    page.goto(server + "/")
    skip_link = page.locator(".skip-link")

    def on_screen():
        box = skip_link.bounding_box()
        return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    assert not on_screen(), "the skip link shows before it has focus"
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.innerText]")
    assert focused == ["skip-link", "跳到正文"]
    assert skip_link.is_visible() and on_screen(), "the focused skip link stays off screen"

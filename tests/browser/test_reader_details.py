"""The reader's details, measured in a real Chromium (issue 15, item 5): line breaks,
字号 on photos, the focus ring, the current section, the phone header, the printed marks
and 分享."""

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dangjian.site.sharing import cache_file, cache_key, qr_svg
from support import DESKTOP, PHONE, block_other_hosts

FIRST = "/articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/"
PHOTO = "/articles/2018/03/dang-yuan-qian-ming-cheng-nuo/"
PROFILE = "/articles/2018/03/li-jing-wo-ba-ju-min-dang-qin-ren/"
ZBARIMG = "zbarimg"  # Debian's zbar-tools (./run system-packages)
FOCUS_CONTRAST = 3.0  # WCAG 2.2, 1.4.11 and 2.4.13: a focus indicator against what is around it
PHONE_HEADER_MAX = 120  # px of an 844 px-high phone screen

# The visual lines of an element's text, as Chromium laid them out.
LINES = """(element) => {
    const range = document.createRange();
    const lines = [];
    let top = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = [...range.getClientRects()].pop();
            if (!rect || rect.width === 0) continue;
            if (top === null || rect.top > top + rect.height / 2) {
                lines.push("");
                top = rect.top;
            }
            lines[lines.length - 1] += node.data[i];
        }
    }
    return lines.map((line) => line.trim()).filter(Boolean);
}"""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE)
    block_other_hosts(context)
    yield context
    context.close()


def lines_of(page, selector):
    return [page.evaluate(LINES, handle) for handle in page.query_selector_all(selector)]


# --- Headlines break at their space -------------------------------------------------


def test_a_headline_breaks_at_its_space_not_after_a_closing_quote(context, server):
    page = context.new_page()
    page.goto(server + FIRST)
    assert lines_of(page, ".story h1") == [["指尖上的“微”平台", "激发党建新活力"]]


@pytest.mark.parametrize("viewport", [PHONE, {"width": 768, "height": 900}, DESKTOP])
def test_every_headline_breaks_only_between_its_parts(browser, server, site, viewport):
    """On the day's page and every article: a line holds whole parts of the headline,
    unless one part alone is wider than the line."""
    context = browser.new_context(viewport=viewport)
    block_other_hosts(context)
    page = context.new_page()
    broken = []
    for url in ["/", *site.article_urls()]:
        page.goto(server + url)
        for selector in (".story h1", ".print-piece-title", ".piece-title"):
            for handle in page.query_selector_all(selector):
                parts = handle.inner_text().split()
                lines = page.evaluate(LINES, handle)
                if len(parts) < 2 or len(lines) > len(parts):
                    continue
                joined = [" ".join(line.split()) for line in lines]
                wholes = {
                    " ".join(parts[a:b])
                    for a in range(len(parts))
                    for b in range(a + 1, len(parts) + 1)
                }
                if not all(line in wholes for line in joined):
                    broken.append(f"{url} {selector}: {lines}")
    context.close()
    assert not broken, f"at {viewport['width']} px:\n" + "\n".join(broken)


# --- No character alone on a paragraph's last line ----------------------------------

PUNCTUATION = set("，。、；：！？“”‘’（）《》「」『』…—·")
PARAGRAPHS = ".story-body p, .print-piece-lead p, .photo-caption p, .piece-summary p"


@pytest.mark.parametrize("viewport", [PHONE, {"width": 768, "height": 900}, DESKTOP])
def test_no_character_alone_on_a_paragraphs_last_line(browser, server, site, viewport):
    context = browser.new_context(viewport=viewport)
    block_other_hosts(context)
    page = context.new_page()
    alone, paragraphs = [], 0
    for url in ["/", *site.article_urls()]:
        page.goto(server + url)
        for lines in lines_of(page, PARAGRAPHS):
            paragraphs += 1
            characters = [c for c in lines[-1] if c not in PUNCTUATION] if len(lines) > 1 else "xx"
            if len(characters) < 2:
                alone.append(f"{url}: …{lines[-2][-6:]} / {lines[-1]}")
    context.close()
    assert paragraphs > 30
    assert not alone, f"at {viewport['width']} px, a character alone:\n" + "\n".join(alone)


# --- 字号 on photo news ---------------------------------------------------------------


def font_size(page, selector):
    return page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).fontSize")


def test_font_size_buttons_change_a_photos_caption(context, server):
    page = context.new_page()
    page.goto(server + PHOTO)
    assert font_size(page, ".photo-caption") == "18px"
    page.get_by_role("button", name="大字号").click()
    assert font_size(page, ".photo-caption") == "21px"
    page.get_by_role("button", name="小字号").click()
    assert font_size(page, ".photo-caption") == "16px"
    page.evaluate("localStorage.clear()")


# --- The focus ring -------------------------------------------------------------------


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The element focused: its outline, and the colour behind the ring (drawn outside the
# element: the nearest ancestor's background).
RING_AND_BACKDROP = """() => {
    const element = document.activeElement;
    const rgb = (value) => (value.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
    let backdrop = null;
    for (let node = element.parentElement; node && !backdrop; node = node.parentElement) {
        const colour = rgb(getComputedStyle(node).backgroundColor);
        if (colour.length === 3 || colour[3] > 0) backdrop = colour.slice(0, 3);
    }
    const style = getComputedStyle(element);
    return {
        what: `${element.tagName}.${element.className} ${(element.innerText || "").slice(0, 12)}`,
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        colour: rgb(style.outlineColor).slice(0, 3),
        backdrop: backdrop || [255, 255, 255],
    };
}"""

FOCUS_PAGES = ["/", FIRST, PHOTO, "/issues/", "/columns/"]


def focus_rings(page, server, url, steps=45):
    page.goto(server + url)
    rings = []
    for _ in range(steps):
        page.keyboard.press("Tab")
        rings.append(page.evaluate(RING_AND_BACKDROP))
    return rings


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_three_to_one(browser, server, scheme, capsys):
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    block_other_hosts(context)
    page = context.new_page()
    weak, lowest = [], None
    for url in FOCUS_PAGES:
        for ring in focus_rings(page, server, url):
            if ring["what"].startswith("BODY"):
                continue
            ratio = contrast(ring["colour"], ring["backdrop"])
            lowest = ratio if lowest is None else min(lowest, ratio)
            if ring["style"] == "none" or ring["width"] < 2 or ratio < FOCUS_CONTRAST:
                weak.append(
                    f"{url} {ring['what']}: {ring['style']} {ring['width']}px "
                    f"{ring['colour']} on {ring['backdrop']} = {ratio:.2f}:1"
                )
    context.close()
    with capsys.disabled():
        print(f"\nfocus ring, {scheme} colours: lowest contrast {lowest:.2f}:1")
    assert not weak, "focus rings under 3:1:\n" + "\n".join(sorted(set(weak)))


# --- The current section ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "label", "state"),
    [
        ("/", "最新版面", "page"),
        ("/columns/", "栏目", "page"),
        ("/columns/shidian/", "栏目", "true"),
        (FIRST, "栏目", "true"),
        ("/branches/", "党组织", "page"),
        ("/branches/songshan-police/", "党组织", "true"),
        ("/people/", "人物", "page"),
        ("/issues/", "往期", "page"),
        ("/issues/2018-03-13/", "往期", "true"),
        ("/archives/", "往期", "true"),
        ("/search/", None, None),
    ],
)
def test_the_current_section_is_marked(context, server, url, label, state):
    page = context.new_page()
    page.goto(server + url)
    nav = page.get_by_role("navigation", name="主导航")
    current = nav.locator("a[aria-current]")
    if label is None:
        assert current.count() == 0
        return
    assert current.count() == 1
    assert (current.inner_text(), current.get_attribute("aria-current")) == (label, state)
    other = nav.locator("a:not([aria-current])").first
    look = "el => [getComputedStyle(el).borderBottomColor, getComputedStyle(el).fontWeight]"
    assert current.evaluate(look) != other.evaluate(look), "marked, but it looks the same"


# --- The phone header -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", FIRST, "/issues/", "/search/"])
def test_the_phone_header_is_short_and_search_one_tap_away(browser, server, url, capsys):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    block_other_hosts(context)
    page = context.new_page()
    page.goto(server + url)
    header = page.locator(".masthead").bounding_box()
    with capsys.disabled():
        print(f"\n{url}: the header takes {header['height']:.0f} px of 844")
    assert header["y"] == 0 and header["height"] <= PHONE_HEADER_MAX
    field = page.get_by_role("search", name="全站搜索").get_by_label("搜索稿件")
    box = field.bounding_box()
    assert field.is_visible() and box["y"] + box["height"] <= header["height"]
    assert box["width"] >= 120, "room to see what one types"
    nav = page.get_by_role("navigation", name="主导航")
    assert nav.locator("a").count() == 5
    for link in nav.locator("a").all():  # every section in sight, no sideways scrolling
        link_box = link.bounding_box()
        assert link_box["x"] + link_box["width"] <= 390, link.inner_text()
    context.close()


# --- The printed marks □ and ◎ --------------------------------------------------------


@pytest.mark.parametrize(
    "url", [FIRST, "/articles/2018/03/jin-bei-yin-bei-bu-ru-qun-zhong-de-hao-kou-bei/"]
)
def test_the_printed_marks_are_drawn_as_the_papers_own(context, server, url):
    page = context.new_page()
    page.goto(server + url)
    mark = page.locator(".story-head .credit-mark")
    assert mark.inner_text() in ("□", "◎")
    styles = mark.evaluate(
        """el => {
            const own = getComputedStyle(el), credit = getComputedStyle(el.parentElement);
            return [own.color, credit.color, parseFloat(own.fontSize), parseFloat(credit.fontSize)];
        }"""
    )
    colour, credit_colour, size, credit_size = styles
    assert colour != credit_colour, "the mark looks like the byline's text"
    assert size < credit_size
    # Drawn with an installed Chinese font that has the glyph, not a fallback box.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".story-head .credit-mark"})[
        "nodeId"
    ]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert [font["familyName"] for font in fonts] == ["Noto Sans CJK SC"], fonts


# --- 分享 -----------------------------------------------------------------------------

FAKE_SHARE = "navigator.share = (data) => { window.shared = data; return Promise.resolve(); };"


def test_share_button_uses_the_web_share_api_where_there_is_one(browser, server):
    context = browser.new_context(viewport=PHONE)
    block_other_hosts(context)
    context.add_init_script(FAKE_SHARE)
    page = context.new_page()
    page.goto(server + FIRST)
    button = page.get_by_role("button", name="分享")
    assert button.is_visible()
    button.click()
    page.wait_for_function("window.shared !== undefined")
    assert page.evaluate("window.shared") == {
        "title": "指尖上的“微”平台 激发党建新活力",
        "url": server + FIRST,
    }
    context.close()


def test_share_button_is_hidden_where_the_browser_cannot_share(context, server):
    page = context.new_page()
    page.goto(server + FIRST)
    assert page.evaluate("typeof navigator.share") == "undefined"  # Chromium on Linux
    assert page.locator("[data-action=share]").count() == 1
    assert not page.locator("[data-action=share]").is_visible()


def decode_qr(png_path):
    # Not a skip: a run without the decoder would pass without reading the code.
    if not shutil.which("zbarimg"):
        pytest.fail("no zbarimg: install zbar-tools with `./run system-packages`", pytrace=False)
    process = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png_path)],
        capture_output=True,
        text=True,
    )
    assert process.returncode == 0, process.stderr or "zbarimg found no QR code"
    return process.stdout.strip()


def test_the_qr_code_holds_the_articles_address_without_javascript(browser, server, site, tmp_path):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    block_other_hosts(context)
    page = context.new_page()
    page.goto(server + PROFILE)
    code = page.locator(".share-qr .qr-code")
    assert not code.is_visible()  # folded until asked for
    page.get_by_text("手机扫码阅读").click()
    assert code.is_visible()
    box = code.bounding_box()
    assert box["width"] >= 120  # big enough for a phone's camera at arm's length
    code.screenshot(path=tmp_path / "qr.png")
    # A local build's address is the preview server's (FEED_DOMAIN).
    assert decode_qr(tmp_path / "qr.png") == "http://127.0.0.1:8000" + PROFILE
    assert page.locator(".share-qr-url").inner_text() == "http://127.0.0.1:8000" + PROFILE
    context.close()
    assert not site.soup(PROFILE).select(".share script, .share img[src^='http']")


@pytest.mark.parametrize("mask", [None, 2])
def test_a_published_address_decodes_from_its_svg(browser, tmp_path, mask):
    """The SVG as published (SITEURL), with the fixed mask and with segno's own choice."""
    settings = {"SITEURL": "https://dangjian.example.cn", "QR_MASK": mask, "QR_CACHE_PATH": ""}
    path = "articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/"
    svg = qr_svg(settings, path)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<script" not in svg
    page = browser.new_page(viewport={"width": 400, "height": 400})
    page.set_content(f"<body style='margin:0;background:#fff'><div style='width:200px'>{svg}</div>")
    page.locator("svg").evaluate("el => { el.style.width = '200px'; el.style.height = '200px'; }")
    page.locator("svg").screenshot(path=tmp_path / "qr.png")
    page.close()
    assert decode_qr(tmp_path / "qr.png") == "https://dangjian.example.cn/" + path


def test_qr_codes_come_from_the_cache_byte_for_byte(small_site, tmp_path):
    """A build after an edit draws only new addresses' codes; the pages are as drawn."""
    from support import article

    files = {"articles/a.md": article(title="甲稿"), "articles/b.md": article(title="乙稿")}
    result, site = small_site(files)
    assert result.ok, result.log
    cache = tmp_path / ".qr-cache"  # beside the output folder
    local = {"FEED_DOMAIN": "http://127.0.0.1:8000"}  # pelicanconf.py's, as the build's

    def entry(slug):
        return Path(cache_file(str(cache), cache_key(local, f"articles/2018/03/{slug}/")))

    drawn = site.soup("/articles/2018/03/jia-gao/").select_one(".qr-code")
    assert str(drawn) == str(BeautifulSoup(entry("jia-gao").read_text(), "html.parser").svg)
    assert sorted(cache.rglob("*.svg")) == sorted([entry("jia-gao"), entry("yi-gao")])
    # A code in the cache is used as it is: mark 甲稿's to see it come back.
    marked = entry("jia-gao").read_text().replace('class="qr-code"', 'class="qr-code" data-x="1"')
    entry("jia-gao").write_text(marked)
    (tmp_path / "content" / "articles" / "b.md").unlink()
    del files["articles/b.md"]
    result, site = small_site({**files, "articles/c.md": article(title="丙稿")})
    assert result.ok, result.log
    assert site.soup("/articles/2018/03/jia-gao/").select(".qr-code[data-x]")
    # 丙稿's code is drawn as segno draws it; 乙稿's, with no page any more, is gone.
    bing = site.soup("/articles/2018/03/bing-gao/").select_one(".qr-code")
    fresh = qr_svg({**local, "QR_CACHE_PATH": ""}, "articles/2018/03/bing-gao/")
    assert str(bing) == str(BeautifulSoup(fresh, "html.parser").svg)
    assert sorted(cache.rglob("*.svg")) == sorted([entry("jia-gao"), entry("bing-gao")])

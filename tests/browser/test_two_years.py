"""Issue 15, item 7: the e-paper over time. A site of two years of a weekly page (the
synthetic corpus of bench/corpus.py, a page every Tuesday from 2018-01-02 to 2019-12-24)
with the real seed day in its place (2018-03-13), page images and PDFs on some days,
corrections and old addresses, built once for this module: the calendar, 上一期/下一期 on
every day, every article within reach of the home page, the page's areas and the old
addresses in Chromium, and screenshots for a person to look at.
"""

import datetime
import re
import shutil
from collections import deque

import pytest

from bench.corpus import PIECES_PER_ISSUE, generate, issue_day
from dangjian.build.pipeline import build_site
from dangjian.html import start_tags
from support import (
    DESKTOP,
    PAGE_AREAS,
    PHONE,
    ROOT,
    SEED_DAY,
    Site,
    add_changes,
    add_printed_page,
    block_other_hosts,
    served,
    with_field,
)

WEEKS = 104
DAYS = [issue_day(week * PIECES_PER_ISSUE, every=7) for week in range(WEEKS)]
PDF_DAY = "2019-06-04"  # a PDF alone: its page image is drawn at build time
LATEST = DAYS[-1].isoformat()  # page.png and a PDF: the home page shows it
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# old address → the article it leads to (its slug, as the corpus or the seed names it)
OLD_ADDRESSES = {
    "/old/zhijian/": "zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li",
    "/2018/0313/content_1.htm": "zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li",
    "/articles/2019/06/old-slug/": None,  # the PDF day's first piece (set below)
}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-years")
    content = generate(folder, WEEKS * PIECES_PER_ISSUE, every=7)
    assert DAYS[0].isoformat() == "2018-01-02" and LATEST == "2019-12-24"
    seed = content / "articles" / SEED_DAY  # the corpus's piece of that day give way
    shutil.rmtree(seed)
    shutil.copytree(ROOT / "content" / "articles" / SEED_DAY, seed)
    for branch in (ROOT / "content" / "branches").glob("*.md"):
        shutil.copy(branch, content / "branches" / branch.name)
    add_printed_page(content, SEED_DAY, image="page.jpg", pdf=True)
    add_changes(content, SEED_DAY)
    add_printed_page(content, PDF_DAY, image=None, pdf=True)
    add_printed_page(content, LATEST, image="page.png", pdf=True)
    pdf_day_first = sorted((content / "articles" / PDF_DAY).glob("*.md"))[0]
    with_field(pdf_day_first, "Correction: 2019-06-10 本文标题中的单位名称有误，已更正。")
    with_field(pdf_day_first, "Aliases: /articles/2019/06/old-slug/")
    slug = re.search(r"^Slug: (.+)$", pdf_day_first.read_text("utf-8"), re.M)[1]
    OLD_ADDRESSES["/articles/2019/06/old-slug/"] = slug
    result = build_site(folder / "output", content=content)
    assert result.ok, result.log
    return Site(folder / "output", result.log)


@pytest.fixture(scope="module")
def two_years_server(two_years):
    with served(two_years.root) as base:
        yield base


def day_url(day):
    return f"/issues/{day if isinstance(day, str) else day.isoformat()}/"


def links(site, url):
    """Root-relative addresses of the pages a page links to (no anchors, no files)."""
    found = []
    for tag, attributes in start_tags(site.text(url)):
        href = attributes.get("href", "") if tag == "a" else ""
        path = href.split("#")[0]
        if path.startswith("/") and (path.endswith("/") or path.endswith(".html")):
            found.append(path)
    return found


def article_urls_of(site, day):
    return [a["href"] for a in site.soup(day_url(day)).select(".print-piece-title a")]


# --- Without a browser -------------------------------------------------------------------


def test_the_calendar_lists_every_day_printed(two_years):
    soup = two_years.soup("/issues/")
    printed = {a["href"]: a.get_text() for a in soup.select("td.printed a")}
    assert set(printed) == {day_url(day) for day in DAYS}
    assert all(text.endswith(f"{PIECES_PER_ISSUE}篇") for text in printed.values())
    assert [a.get_text() for a in soup.select(".calendar-years a")] == ["2019年", "2018年"]
    captions = [" ".join(c.get_text().split()) for c in soup.select(".calendar-month caption")]
    assert len(captions) == 24 and captions[0] == "2019年12月 4 期 · 28 篇"  # newest first
    assert captions[-1] == "2018年1月 5 期 · 35 篇"  # the Tuesdays of January 2018
    assert "2018年3月 4 期 · 28 篇" in captions  # the seed day among them
    # a day not printed is in its month, not linked
    march = soup.select_one("#m2018-03")
    assert "14" in [td.get_text() for td in march.select("td:not(.printed)")]
    assert f"共 {WEEKS} 期" in soup.select_one(".listing-intro").get_text()


def test_previous_and_next_on_every_day(two_years):
    for position, day in enumerate(DAYS):
        soup = two_years.soup(day_url(day))
        previous = soup.select_one(".print-page-head .issue-nav-previous a")
        following = soup.select_one(".print-page-head .issue-nav-next a")
        if position == 0:
            assert previous is None and "没有更早的一期" in soup.select_one(".issue-nav").text
        else:
            assert previous["href"] == day_url(DAYS[position - 1]) and previous["rel"] == ["prev"]
        if position == len(DAYS) - 1:
            assert following is None and "已是最新一期" in soup.select_one(".issue-nav").text
        else:
            assert following["href"] == day_url(DAYS[position + 1]) and following["rel"] == ["next"]
    # the home page is the latest day, with the way back
    home = two_years.soup("/")
    assert home.select_one("h1 time")["datetime"] == LATEST
    assert home.select_one(".issue-nav-previous a")["href"] == day_url(DAYS[-2])


def test_every_article_is_on_its_day_two_clicks_from_home(two_years):
    """Every day's page is at most two clicks from the home page (往期日历, then the day),
    and links to each of its pieces: every article of the site, in its day's print order."""
    distance = {"/": 0}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if distance[url] == 2:
            continue
        for target in links(two_years, url):
            if target not in distance and two_years.file(target).exists():
                distance[target] = distance[url] + 1
                queue.append(target)
    far = [day for day in DAYS if distance.get(day_url(day), 99) > 2]
    assert not far, f"{len(far)} days more than two clicks from home: {far[:5]}"

    on_days = {}
    for day in DAYS:
        pieces = article_urls_of(two_years, day)
        assert len(pieces) == PIECES_PER_ISSUE
        for url in pieces:
            on_days[url] = day
    articles = set(two_years.article_urls()) - set(OLD_ADDRESSES)  # one is under articles/
    assert set(on_days) == articles and len(articles) == WEEKS * PIECES_PER_ISSUE
    for url in sorted(articles)[::50]:  # each is dated its day's date
        published = two_years.soup(url).select_one(".story-meta time")["datetime"]
        assert published == on_days[url].isoformat()


def test_the_days_with_a_page_show_it_and_the_others_do_not(two_years):
    with_page = {SEED_DAY, PDF_DAY, LATEST}
    for day in DAYS:
        soup = two_years.soup(day_url(day))
        section = soup.select_one("section.page-image")
        assert (section is not None) == (day.isoformat() in with_page), day
    home = two_years.soup("/").select_one("section.page-image")
    assert home.select_one("img")["src"] == f"{day_url(LATEST)}page-600.jpg"
    downloads = {
        day: two_years.soup(day_url(day)).select_one(".page-files a[download]")["href"]
        for day in with_page
    }
    assert downloads == {day: f"{day_url(day)}page.pdf" for day in with_page}
    assert two_years.file(f"{day_url(PDF_DAY)}page.jpg").stat().st_size > 20_000


# --- In Chromium -------------------------------------------------------------------------


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    block_other_hosts(context)
    return context, context.new_page()


def test_old_addresses_end_on_the_new_ones(two_years, two_years_server, browser):
    context, page = new_page(browser, PHONE)
    for old, slug in OLD_ADDRESSES.items():
        page.goto(two_years_server + old)
        page.wait_for_url(re.compile(rf"/articles/\d{{4}}/\d{{2}}/{slug}/$"))
        assert page.locator(".story-head h1").count() == 1
        assert page.locator(".correction").count() == 1  # both corrected, as it happens
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_click_on_a_piece_of_the_page_opens_it(two_years, two_years_server, browser, viewport):
    """The areas scale with the image: a click at the middle of each piece's area, worked
    out from where the image is drawn, opens that piece."""
    context, page = new_page(browser, viewport)
    pieces = article_urls_of(two_years, SEED_DAY)
    for (x, y, w, h), url in list(zip(PAGE_AREAS, pieces, strict=True))[::3]:
        page.goto(two_years_server + day_url(SEED_DAY))
        image = page.locator(".page-map img")
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        scale = box["width"] / 1000
        assert abs(box["height"] - 1400 * scale) < 2
        page.mouse.click(box["x"] + (x + w / 2) * scale, box["y"] + (y + h / 2) * scale)
        page.wait_for_url(two_years_server + url)
    context.close()


def test_the_page_s_pieces_are_links_for_the_keyboard_and_screen_readers(
    two_years, two_years_server, browser
):
    context, page = new_page(browser, DESKTOP)
    page.goto(two_years_server + day_url(SEED_DAY))
    group = page.get_by_role("group", name="版面上的稿件")
    names = [link.get_attribute("aria-label") for link in group.get_by_role("link").all()]
    titles = [
        " ".join(a.get_text().split())
        for a in two_years.soup(day_url(SEED_DAY)).select(".print-piece-title a")
    ]
    assert len(names) == 7 and all(n.startswith(t) for n, t in zip(names, titles, strict=True))
    for _ in range(80):  # Tab from the top of the page to the first of the page's pieces
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg.page-areas') !== null"):
            break
    else:
        pytest.fail("the page's pieces are not reached with Tab")
    stroke = page.evaluate(
        "getComputedStyle(document.activeElement.querySelector('rect')).strokeWidth"
    )
    assert stroke == "4px"  # the focused piece is outlined
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == names[1]
    page.keyboard.press("Enter")
    page.wait_for_url(two_years_server + article_urls_of(two_years, SEED_DAY)[1])
    context.close()


@pytest.mark.parametrize("width", [360, 390])
def test_a_reader_pages_through_a_column_to_its_oldest_piece(
    two_years, two_years_server, browser, width
):
    """下一页 from the column's first page to its oldest: every piece once, newest first;
    on a small phone 上一页 and 下一页 stay on one line, and no page scrolls sideways."""
    context, page = new_page(browser, {**PHONE, "width": width})
    column = "/columns/shidian/"
    expected = [
        a["href"]
        for url in [column, *sorted(u for u in two_years.pages() if u.startswith(column + "page/"))]
        for a in two_years.soup(url).select(".piece-title a")
    ]
    page.goto(two_years_server + column)
    seen, pages = [], 0
    while True:
        pages += 1
        seen += page.eval_on_selector_all(
            ".piece-title a", "as => as.map(a => a.getAttribute('href'))"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
        for link in page.locator(".pagination a").all():
            line = float(link.evaluate("a => getComputedStyle(a).lineHeight").removesuffix("px"))
            assert link.bounding_box()["height"] < 1.5 * line, (page.url, link.inner_text())
        older = page.locator(".pagination a[rel=next]")
        if not older.count():
            break
        older.click()
        page.wait_for_load_state()
    context.close()
    assert pages > 2
    assert sorted(seen) == sorted(expected) and len(set(seen)) == len(seen)
    dates = [two_years.soup(url).select_one("time")["datetime"] for url in seen[:: len(seen) // 5]]
    assert dates == sorted(dates, reverse=True)


def test_screenshots_over_time(two_years, two_years_server, browser):
    """The day's page with its page image, the two years' calendar and a corrected article,
    at 390 and 1280 px, for a person to look at; none scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    corrected = article_urls_of(two_years, SEED_DAY)[0]
    shots = {"epaper-page-image": day_url(SEED_DAY), "epaper-calendar": "/issues/"}
    shots["epaper-correction"] = corrected
    shots["epaper-column-oldest-page"] = "/columns/shidian/page/2/"
    wide = []
    for viewport in (PHONE, DESKTOP):
        context, page = new_page(browser, viewport)
        for name, url in shots.items():
            page.goto(two_years_server + url)
            path = SCREENSHOTS / f"{name}-{viewport['width']}.png"
            page.screenshot(path=path, full_page=True)
            assert path.stat().st_size > 10_000
            if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
                wide.append(f"{url} at {viewport['width']} px")
        context.close()
    assert not wide
    assert datetime.date.fromisoformat(SEED_DAY) in DAYS

"""The e-paper's identity and its issues: 《报名》, 第N版, 星期, 上一期 / 下一期, the calendar."""

import json
import shutil

import pytest

from dangjian.build.pipeline import build_site
from support import PHONE, ROOT, Site, article

PAPER = {
    "PAPER_NAME": "测试日报",
    "PAPER_PAGE_NAME": "党建",
    "PAPER_PAGE_NUMBER": 7,
    "PAPER_PUBLISHER": "测试日报社",
    "PAPER_CONTACT": "电话 0471-0000000",
    "PAPER_ICP": "蒙ICP备00000000号",
}
# Four days printed over two years, newest first: (date, weekday, pieces)
DAYS = [
    ("2018-03-13", "星期二", 3),
    ("2018-03-01", "星期四", 1),
    ("2018-02-27", "星期二", 2),
    ("2017-12-31", "星期日", 1),
]


@pytest.fixture(scope="module")
def paper_site(tmp_path_factory):
    """A site of four days, built with the paper's identity in its settings."""
    folder = tmp_path_factory.mktemp("paper-site")
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "columns.toml", content)
    for date, _weekday, count in DAYS:
        for number in range(count):
            text = article(title=f"{date}第{number + 1}篇", date=date, body="第一句。第二句。")
            (content / "articles" / f"{date}-{number}.md").write_text(text, encoding="utf-8")
    result = build_site(folder / "output", content=content, overrides=PAPER)
    assert result.ok, result.log
    return Site(folder / "output", result.log)


def issue_url(date):
    return f"/issues/{date}/"


def test_the_paper_is_named_in_the_masthead_the_days_page_and_the_footer(paper_site):
    for date, weekday, _count in DAYS:
        soup = paper_site.soup(issue_url(date))
        assert soup.select_one(".site-name").get_text() == "《测试日报》 党建版"
        year, month, day = (int(part) for part in date.split("-"))
        assert soup.h1.get_text() == f"《测试日报》 {year}年{month}月{day}日 {weekday} 第7版：党建"
        assert soup.h1.time["datetime"] == date
        footer = soup.select_one(".site-footer").get_text(" ", strip=True)
        assert "《测试日报》第7版：党建" in footer
        assert "主办：测试日报社 · 联系：电话 0471-0000000" in footer
        assert "《测试日报》版权所有，未经书面许可不得转载" in footer
        icp = soup.select_one(".site-footer").find("a", string="蒙ICP备00000000号")
        assert icp["href"] == "https://beian.miit.gov.cn/"


def test_an_articles_source_line_and_json_ld_name_the_paper_and_page(paper_site):
    url = next(
        u
        for u in paper_site.article_urls()
        if paper_site.soup(u).h1.get_text() == "2018-03-01第1篇"
    )
    soup = paper_site.soup(url)
    source = soup.select_one(".story-source")
    assert source.get_text() == "来源：《测试日报》（2018年3月1日 第7版）"
    assert source.a["href"] == "/issues/2018-03-01/"
    (script,) = soup.select('script[type="application/ld+json"]')
    news = next(
        node for node in json.loads(script.string)["@graph"] if node["@type"] == "NewsArticle"
    )
    assert news["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "测试日报",
        "url": "/",  # a local build's addresses stay root-relative
        "parentOrganization": {"@type": "Organization", "name": "测试日报社"},
    }
    assert (news["printSection"], news["printPage"]) == ("党建", "7")


def test_unset_settings_show_what_to_fill_in_and_stay_out_of_json_ld(site):
    """The real site leaves 版次, publisher and contact to be filled in."""
    soup = site.soup("/")
    assert "第〔N〕版：党建" in soup.h1.get_text()
    footer = soup.select_one(".site-footer").get_text(" ", strip=True)
    assert "主办：〔主办单位〕" in footer and "联系：〔联系电话、地址或电子邮箱〕" in footer
    assert not soup.select_one(".site-footer").find("a", string=lambda s: s and "ICP" in s)
    assert "PAPER_PAGE_NUMBER、PAPER_PUBLISHER、PAPER_CONTACT" in site.log
    url = site.article_urls()[0]
    script = site.soup(url).select_one('script[type="application/ld+json"]').string
    assert "〔" not in script and '"printPage"' not in script


def test_each_days_page_links_the_days_before_and_after(paper_site):
    dates = [date for date, _weekday, _count in DAYS]  # newest first
    for position, date in enumerate(dates):
        nav = paper_site.soup(issue_url(date)).select_one(".print-page .issue-nav")
        previous = nav.select_one('a[rel="prev"]')
        following = nav.select_one('a[rel="next"]')
        older = dates[position + 1] if position + 1 < len(dates) else None
        newer = dates[position - 1] if position else None
        assert (previous and previous["href"]) == (older and issue_url(older))
        assert (following and following["href"]) == (newer and issue_url(newer))
        if previous:
            assert previous.get_text(" ", strip=True).startswith("上一期")
        if following:
            assert following.get_text(" ", strip=True).startswith("下一期")
        assert nav.find("a", string="往期日历")["href"] == "/issues/"


def test_each_article_links_the_days_before_and_after_its_own(paper_site):
    for url in paper_site.article_urls():
        soup = paper_site.soup(url)
        date = soup.select_one(".story-source time")["datetime"]
        nav = soup.select_one("main > .issue-nav")
        links = {a.get_text(" ", strip=True)[:3]: a["href"] for a in nav.select("a")}
        issue = paper_site.soup(issue_url(date)).select_one(".print-page .issue-nav")
        expected = {a.get_text(" ", strip=True)[:3]: a["href"] for a in issue.select("a")}
        assert links == expected, url
        assert not nav.select("[rel]")  # prev / next are the neighbouring pieces' here


def test_home_is_the_latest_day_with_a_way_back(paper_site):
    home = paper_site.soup("/")
    assert home.h1.time["datetime"] == "2018-03-13"
    nav = home.select_one(".issue-nav")
    assert nav.select_one('a[rel="prev"]')["href"].endswith("/issues/2018-03-01/")
    assert nav.find("a", string="往期日历")
    assert not nav.select_one('a[rel="next"]')
    assert nav.select_one(".issue-nav-next").get_text() == "已是最新一期"


def test_the_calendar_lists_years_months_and_the_days_printed(paper_site):
    soup = paper_site.soup("/issues/")
    years = soup.select(".calendar-year")
    assert [year.h2.get_text(" ", strip=True) for year in years] == [
        "2018年 3 期 · 6 篇",
        "2017年 1 期 · 1 篇",
    ]
    captions = [table.caption.get_text(" ", strip=True) for table in soup.select(".calendar-month")]
    assert captions == ["2018年3月 2 期 · 4 篇", "2018年2月 1 期 · 2 篇", "2017年12月 1 期 · 1 篇"]
    for table in soup.select(".calendar-month"):
        heads = [th.get_text() for th in table.select("thead th")]
        assert heads == list("一二三四五六日")
        assert all(len(row.select("td")) == 7 for row in table.select("tbody tr"))
    days = {
        a["href"]: a.get_text("|", strip=True) for a in soup.select(".calendar-month td.printed a")
    }
    assert days == {
        issue_url(date): f"{int(date[-2:])}|日，|{count}篇" for date, _weekday, count in DAYS
    }
    # Monday first: 2018-03-01 is a Thursday, the fourth cell of March's first row.
    march = soup.select_one("#m2018-03 tbody tr")
    assert [td.get_text(strip=True) for td in march.select("td")][:4] == ["", "", "", "1日，1篇"]
    # Days not printed are plain numbers.
    assert march.find("td", string="2") is not None


def test_the_calendar_is_on_its_own_page_only(paper_site):
    """A calendar on every page would grow with the square of the site."""
    with_calendar = [
        url for url in paper_site.pages() if paper_site.soup(url).select(".calendar-month")
    ]
    assert with_calendar == ["/issues/"]
    nav = {a.get_text(): a["href"] for a in paper_site.soup("/").select(".site-nav a")}
    assert nav["往期"] == "/issues/"


def test_the_calendar_works_on_a_phone_without_javascript(paper_site, browser):
    from support import served

    with served(paper_site.root) as base:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(base + "/issues/")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{width}px wide on a {PHONE['width']}px phone"
            links = page.locator(".calendar-month td.printed a")
            assert links.count() == len(DAYS)
            for index in range(links.count()):
                box = links.nth(index).bounding_box()
                assert box["width"] >= 40 and box["height"] >= 40, box  # a finger's tap
            page.locator("#m2018-02 td.printed a").first.click()
            page.wait_for_url("**/issues/2018-02-27/")
            assert "2018年2月27日 星期二" in page.locator("h1").inner_text()
        finally:
            context.close()

"""Article pages as readers of Chinese news expect, and the metadata machines read."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from dangjian.build.pipeline import build_site
from support import Site, article, branch, pieces_of_the_day

LI_JING = "/articles/2018/03/li-jing-wo-ba-ju-min-dang-qin-ren/"
PUBLISHED = "https://dangjian.example.cn"
ISO_DATE_BEIJING = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(soup):
    """The page's JSON-LD nodes by @type."""
    (script,) = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real site built with its published address, as `invoke publish` does."""
    output = tmp_path_factory.mktemp("published") / "output"
    result = build_site(output, overrides={"SITEURL": PUBLISHED, "FEED_DOMAIN": PUBLISHED})
    assert result.ok, result.log
    return Site(output)


def test_breadcrumb_is_home_column_article(site):
    for url in site.article_urls():
        soup = site.soup(url)
        crumbs = soup.select(".breadcrumbs li")
        column = soup.select_one(".eyebrow a").get_text()
        assert [li.get_text() for li in crumbs] == ["首页", column, "正文"], url
        assert crumbs[-1].select_one('[aria-current="page"]')
        assert [a["href"] for a in soup.select(".breadcrumbs a")] == [
            "/",
            soup.select_one(".eyebrow a")["href"],
        ]


def test_source_date_and_reading_time(site):
    meta = site.soup(LI_JING).select_one(".story-meta")
    source = meta.select_one(".story-source")
    assert source.get_text() == "来源：《内蒙古日报》（2018年3月13日 第〔N〕版）"
    assert source.a["href"] == "/issues/2018-03-13/"
    assert source.time["datetime"] == "2018-03-13"
    assert re.fullmatch(r"约 \d+ 分钟读完（\d+ 字）", meta.select("span")[-1].get_text())


def test_previous_and_next_follow_the_printed_page(site):
    issue = site.soup("/issues/2018-03-13/")
    in_print_order = [a["href"] for a in issue.select(".print-piece-title a")]
    assert len(in_print_order) == len(pieces_of_the_day("2018-03-13")) > 2
    for position, url in enumerate(in_print_order):
        nav = site.soup(url).select_one(".story-nav")
        previous, following = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
        expected_previous = in_print_order[position - 1] if position else None
        expected_next = in_print_order[position + 1] if position + 1 < len(in_print_order) else None
        assert (previous and previous["href"]) == expected_previous, url
        assert (following and following["href"]) == expected_next, url
        assert nav.select_one(".story-nav-issue a")["href"] == "/issues/2018-03-13/"


def test_related_pieces_same_branch_first_then_same_column(small_site):
    files = {
        "branches/x.md": branch("甲党支部"),
        "branches/y.md": branch("乙党支部"),
        "articles/a.md": article("甲一", "2018-03-13", "视点", "甲党支部"),
        "articles/b.md": article("甲二", "2018-03-12", "观潮", "甲党支部"),
        "articles/c.md": article("视点旧稿", "2018-03-11", "视点"),
        "articles/d.md": article("无关", "2018-03-10", "阵地", "乙党支部"),
        "articles/e.md": article("视点更旧", "2018-03-09", "视点", "乙党支部"),
    }
    result, site = small_site(files)
    assert result.ok, result.log
    url = next(u for u in site.article_urls() if site.soup(u).h1.get_text() == "甲一")
    related = [a.get_text() for a in site.soup(url).select(".related li > a")]
    assert related == ["甲二", "视点旧稿", "视点更旧"]


def test_reading_tools_are_buttons_shown_only_with_scripts(site):
    soup = site.soup(LI_JING)
    tools = soup.select_one(".reading-tools")
    sizes = [button["aria-label"] for button in tools.select("[data-font-size]")]
    assert sizes == ["大字号", "中字号", "小字号"]
    assert tools.select_one('[data-action="print"]').get_text() == "打印"
    assert tools.select_one('[data-action="copy-link"]')["data-url"].endswith(LI_JING)
    css = (site.root / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert "html:not(.js) .reading-tools { display: none; }" in css


def test_every_page_has_its_canonical_address_and_open_graph(published):
    pages = [url for url in published.pages() if url != "/404.html"]
    for url in pages:
        soup = published.soup(url)
        (canonical,) = soup.select('link[rel="canonical"]')
        assert canonical["href"] == PUBLISHED + url, url
        og = {meta["property"]: meta["content"] for meta in soup.select("meta[property]")}
        assert og["og:locale"] == "zh_CN", url
        assert og["og:url"] == PUBLISHED + url
        assert og["og:site_name"] == "党建版" and og["og:title"] and og["og:description"]
    assert not published.soup("/404.html").select('link[rel="canonical"]')
    article_og = published.soup(LI_JING).select_one('meta[property="og:type"]')["content"]
    assert article_og == "article"


def test_news_article_json_ld(published):
    for url in published.article_urls():
        soup = published.soup(url)
        nodes = json_ld(soup)
        news = nodes["NewsArticle"]
        assert news["headline"] == soup.h1.get_text()
        assert ISO_DATE_BEIJING.match(news["datePublished"]), news["datePublished"]
        assert news["articleSection"] == soup.select_one(".eyebrow a").get_text()
        assert news["url"] == PUBLISHED + url
        credited = [a.get_text() for a in soup.select(".story-head .credit a, figure .credit a")]
        assert [person["name"] for person in news["author"]] == credited, url
        assert all(person["@type"] == "Person" for person in news["author"])
        crumbs = nodes["BreadcrumbList"]["itemListElement"]
        assert [(item["position"], item["name"]) for item in crumbs] == [
            (1, "首页"),
            (2, news["articleSection"]),
            (3, "正文"),
        ]
        assert crumbs[-1]["item"] == PUBLISHED + url


def test_profile_json_ld_is_a_profile_page_about_the_person(published):
    profile = json_ld(published.soup(LI_JING))["ProfilePage"]
    person = profile["mainEntity"]
    assert person == {
        "@type": "Person",
        "name": "李晶",
        "jobTitle": "新体路街道党工委书记",
        "worksFor": [
            {
                "@type": "Organization",
                "name": person["worksFor"][0]["name"],
                "url": PUBLISHED + "/branches/jining-xintilu/",
            }
        ],
    }


def test_branch_pages_describe_an_organization(published):
    soup = published.soup("/branches/songshan-police-economic-crimes/")
    nodes = json_ld(soup)
    organization = nodes["Organization"]
    assert organization["name"] == soup.h1.get_text()
    assert organization["parentOrganization"]["url"] == PUBLISHED + "/branches/songshan-police/"
    names = [item["name"] for item in nodes["BreadcrumbList"]["itemListElement"]]
    assert names[:2] == ["首页", "党组织"] and names[-1] == organization["name"]


def test_sitemap_lists_every_page_but_the_404_and_robots_points_at_it(published):
    tree = ET.parse(published.root / "sitemap.xml")
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in tree.getroot()
    }
    expected = {PUBLISHED + url for url in published.pages() if url != "/404.html"}
    assert set(entries) == expected
    assert entries[PUBLISHED + LI_JING] == "2018-03-13T00:00:00+08:00"
    assert all(lastmod is None or ISO_DATE_BEIJING.match(lastmod) for lastmod in entries.values())
    robots = (published.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLISHED}/sitemap.xml" in robots.splitlines()


def photo_article(image_line):
    text = article(title="图片稿").replace("Author: 测试记者\nByline: 本报记者\n", "")
    return text.replace("Type: news", f"Type: photo\nPhotographer: 某人\n{image_line}")


def test_photo_gets_responsive_sizes_and_lazy_loading(small_site, tmp_path):
    images = tmp_path / "content" / "images"  # where small_site reads content from
    images.mkdir(parents=True)
    for name in ("p.jpg", "portrait.jpg"):
        Image.new("RGB", (1600, 1000), (180, 40, 30)).save(images / name, quality=80)
    profile = article(title="人物稿").replace(
        "Type: news", "Type: profile\nPerson: 某人\nPhoto: images/portrait.jpg"
    )
    result, site = small_site(
        {
            "articles/a.md": photo_article("Image: images/p.jpg\nImage_alt: 签名现场"),
            "articles/b.md": profile,
        },
    )
    assert result.ok, result.log
    assert "ERROR" not in result.log and "WARNING" not in result.log, result.log
    url = next(u for u in site.article_urls() if "签名现场" in site.text(u))
    img = site.soup(url).select_one("figure.photo img")
    assert img["loading"] == "lazy" and img["alt"] == "签名现场" and img["sizes"]
    assert (img["width"], img["height"]) == ("1600", "1000")  # its place is kept while loading
    candidates = [candidate.split() for candidate in img["srcset"].split(",")]
    assert [width for _path, width in candidates] == ["480w", "800w", "1400w"]
    for path, width in candidates:
        with Image.open(site.file(path)) as resized:
            assert resized.width == int(width.removesuffix("w")), path
    assert site.file(img["src"]).is_file()
    profile_url = next(u for u in site.article_urls() if u != url)
    portrait = site.soup(profile_url).select_one(".person-card img.person-photo")
    assert portrait["alt"] == "某人" and "96w" in portrait["srcset"]


def test_pages_without_pictures_are_left_as_written(site):
    """pelican-image-process sees only pages with a picture: the others keep their markup."""
    html = site.text("/")
    assert '<meta charset="utf-8">' in html and "image-process" not in html


def test_a_missing_portrait_is_an_editor_error(small_site):
    profile = article(title="人物稿").replace(
        "Type: news", "Type: profile\nPerson: 某人\nPhoto: images/none.jpg"
    )
    result, site = small_site({"articles/a.md": profile})
    assert not result.ok
    assert "找不到人物照片“images/none.jpg”" in result.log and "Photo" in result.log
    assert "Traceback" not in result.log
    assert not site.root.exists()


def test_a_subtitle_is_printed_under_the_title(small_site):
    subtitled = article(title="主标题").replace(
        "Type: news", "Type: news\nSubtitle: 印在标题下的副题"
    )
    result, site = small_site(
        {"articles/a.md": subtitled, "articles/b.md": article(title="无副题")}
    )
    assert result.ok, result.log
    soup = site.soup("/articles/2018/03/zhu-biao-ti/")
    assert soup.select_one("h1 + .story-subtitle").get_text() == "印在标题下的副题"
    assert json_ld(soup)["NewsArticle"]["alternativeHeadline"] == "印在标题下的副题"
    plain = site.soup("/articles/2018/03/wu-fu-ti/")
    assert not plain.select(".story-subtitle")
    assert "alternativeHeadline" not in json_ld(plain)["NewsArticle"]

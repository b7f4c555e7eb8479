"""Corrections and old addresses (dangjian.model.changes, rules and check), without Pelican."""

import datetime

import pytest

from dangjian.model.changes import (
    Correction,
    alias_file,
    alias_problem,
    parse_corrections,
    split_aliases,
)
from dangjian.model.check import alias_clash_problems
from dangjian.model.rules import alias_problems, correction_problems
from dangjian.model.sources import parse

HEADER = "Title: 标题\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 记者\n"
SETTINGS = {
    "ARTICLE_SAVE_AS": "articles/{date:%Y}/{date:%m}/{slug}/index.html",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "CATEGORY_URL": "columns/{slug}/",
    "STATIC_PATHS": ["images"],
}


def source(extra, path="a.md", title="标题"):
    text = HEADER.replace("标题", title) + extra + "\n\n正文。\n"
    return parse(path, text)


def test_corrections_are_read_oldest_first():
    found = parse_corrections(["2018-03-25 第二次更正。", "2018-03-22 本文第二段", "……已更正。"])
    assert found == [
        Correction(datetime.date(2018, 3, 22), "本文第二段……已更正。"),
        Correction(datetime.date(2018, 3, 25), "第二次更正。"),
    ]
    assert parse_corrections("2018-3-22 一条。") == [
        Correction(datetime.date(2018, 3, 22), "一条。")
    ]


@pytest.mark.parametrize(
    "value, words",
    [
        ("本文已更正。", "没有以更正日期开头"),
        ("2018年3月22日 本文已更正。", "要写成 2018-03-22"),
        ("2018-02-30 本文已更正。", "不是有效的日期"),
        ("2018-03-22", "日期后面没有更正的内容"),
        ("2018-03-01 本文已更正。", "早于见报日期 2018-03-13"),
    ],
)
def test_malformed_corrections_are_named_on_their_line(value, words):
    (problem,) = correction_problems(source(f"Tags: 甲\nCorrection: {value}"))
    assert words in problem.problem and problem.field == "Correction" and problem.line == 7
    assert "Correction: 2018-03-22" in problem.fix or "见报当天" in problem.fix


def test_the_second_correction_is_checked_on_its_own_line():
    text = "Correction: 2018-03-22 第一次。\n    续行。\nCorrection: 2018年3月25日 第二次。"
    (problem,) = correction_problems(source(text))
    assert problem.line == 8 and "2018-03-25" in problem.problem


def test_good_corrections_have_no_problem():
    assert correction_problems(source("Correction: 2018-03-13 当天更正。")) == []


@pytest.mark.parametrize(
    "alias, file",
    [
        ("/old/jinbei-yinbei/", "old/jinbei-yinbei/index.html"),
        ("/old/jinbei-yinbei", "old/jinbei-yinbei/index.html"),
        ("/2018/0313/content_5.htm", "2018/0313/content_5.htm"),
        ("/articles/2018/03/old-slug/", "articles/2018/03/old-slug/index.html"),
    ],
)
def test_an_old_address_is_a_page_on_this_site(alias, file):
    assert alias_problem(alias) == "" and alias_file(alias) == file


@pytest.mark.parametrize(
    "alias, words",
    [
        ("https://other.example/x/", "指向网站之外"),
        ("//other.example/x/", "指向网站之外"),
        ("javascript:alert(1)", "指向网站之外"),
        ("old/x/", "要以 / 开头"),
        ("/show.php?id=5", "? 或 #"),
        ("/", "不是一个页面的路径"),
        ("/old/../../etc/", "不是一个页面的路径"),
        ("/old//x/", "不是一个页面的路径"),
        ("/旧/地址/", "字母、数字和 - _ . ~ 以外的字符"),
        ("/old/x.php", "以 .php 结尾"),
    ],
)
def test_old_addresses_that_cannot_be_redirect_pages(alias, words):
    assert words in alias_problem(alias)
    (problem,) = alias_problems(source(f"Aliases: {alias}"))
    assert problem.field == "Aliases" and problem.line == 6 and words in problem.problem


def test_aliases_are_split_at_commas_and_spaces():
    assert split_aliases("/a/, /b/ /c/、/d/") == ["/a/", "/b/", "/c/", "/d/"]
    assert split_aliases(["/a/,", "/b/"]) == ["/a/", "/b/"]


def test_clashes_name_both_files():
    first = source("Slug: first\nAliases: /old/x/, /columns/shidian/", path="a.md")
    second = source("Slug: second\nAliases: /old/x, /articles/2018/03/first/", path="b.md")
    third = source("Slug: third\nAliases: /images/a.jpg.html, /about/", path="c.md")
    page = parse("pages/about.md", "Title: 关于\nSlug: about\n\n正文。\n")
    found = [
        (problem.path, problem.problem)
        for problem in alias_clash_problems([first, second, third], [page], SETTINGS)
    ]
    assert found == [
        ("a.md", "旧地址“/columns/shidian/”在网站自己生成页面的“/columns”下，会与网站的页面冲突。"),
        ("b.md", "旧地址“/old/x”与 a.md 的旧地址“/old/x/”是同一个页面。"),
        ("b.md", "旧地址“/articles/2018/03/first/”就是 a.md 现在的网址，不能再做重定向页。"),
        ("c.md", "旧地址“/images/a.jpg.html”在网站自己生成页面的“/images”下，会与网站的页面冲突。"),
        ("c.md", "旧地址“/about/”就是 pages/about.md 现在的网址，不能再做重定向页。"),
    ]

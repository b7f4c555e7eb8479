"""What a valid article is (dangjian.model.rules), one rule at a time, without Pelican."""

import datetime

import pytest

from dangjian.model import article_problems
from dangjian.model.rules import (
    date_problems,
    piece_problems,
    required_problems,
    slug_problems,
    taxonomy_problems,
    title_slug_problems,
)
from dangjian.model.sources import parse

HEADER = "Title: 标题\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 记者\n"


def problems(text, tmp_path, columns=("视点",), index=None):
    return article_problems(
        parse(str(tmp_path / "a.md"), text), list(columns), str(tmp_path), index
    )


def test_a_valid_article_has_no_problem(tmp_path):
    assert problems(HEADER + "\n正文。\n", tmp_path) == []


@pytest.mark.parametrize(
    "value, words",
    [
        ("2018年3月13日", "改成 Date: 2018-03-13"),
        ("2018-02-30", "不是有效的日期"),
        ("13/03/2018", "不是有效的日期"),
    ],
)
def test_dates(value, words):
    (problem,) = date_problems(parse("a.md", f"Date: {value}\n\n正文。"))
    assert words in problem.problem + problem.fix and problem.line == 1


def test_missing_and_empty_fields_are_told_apart():
    found = required_problems(parse("a.md", "Title:\nType: news\n\n正文。"))
    messages = {problem.field: problem.problem for problem in found}
    assert messages["Title"] == "标题是空的。"
    assert messages["Date"] == "缺少日期。"


def test_each_type_needs_what_it_prints(tmp_path):
    photo = parse("a.md", "Type: photo\nAuthor: 某人\n\n说明。")
    fields = {problem.field for problem in piece_problems(photo, str(tmp_path))}
    assert fields == {"Photographer", "Author"}
    profile = parse("a.md", "Type: profile\n\n正文。")
    assert [p.field for p in piece_problems(profile, str(tmp_path))] == ["Person"]


def test_unknown_column_and_organization(tmp_path):
    text = HEADER.replace("视点", "要闻") + "Branches: 甲, 乙\n\n正文。\n"
    found = problems(text, tmp_path, index={"甲": object()})
    assert [(p.field, p.line) for p in found] == [("Category", 3), ("Branches", 6)]
    assert "“乙”" in found[1].problem


def test_raw_html_is_refused_on_its_line(tmp_path):
    text = HEADER + "\n第一段。\n\n第二段<img src=x\nonerror=alert(1)>\n"
    missing, unsafe = problems(text, tmp_path)
    assert (missing.line, unsafe.line) == (9, 10)  # the picture's line, the attribute's
    assert "图片“x”不存在" in missing.problem
    assert "onerror=alert(1)" in unsafe.problem


def test_html_shown_as_code_is_fine(tmp_path):
    text = HEADER + "\n用 `<script>` 标签。\n\n    <iframe></iframe>\n"
    assert problems(text, tmp_path) == []


def test_a_summary_is_checked_as_a_body_is(tmp_path):
    text = HEADER + "Summary: [点](javascript:alert(1))\n\n正文。\n"
    (problem,) = problems(text, tmp_path)
    assert (problem.field, problem.line) == ("Summary", 6)


def test_pelicans_own_keys_are_refused_on_their_line(tmp_path):
    text = HEADER + "Save_as: index.html\nLang: en\n_content: x\nSubtitle: 副题\n\n正文。\n"
    found = problems(text, tmp_path)
    assert [(p.field, p.line) for p in found] == [("Save_as", 6), ("Lang", 7), ("_content", 8)]
    assert "首页" in found[0].problem and "Slug" in found[0].fix


def test_dates_far_from_today_are_warnings():
    today = datetime.date(2018, 3, 13)
    (ahead,) = date_problems(parse("a.md", "Date: 2081-03-13\n\n正文。"), today)
    assert ahead.is_warning and "31 天以后" in ahead.problem and "2081" in ahead.fix
    (past,) = date_problems(parse("a.md", "Date: 1018-03-13\n\n正文。"), today)
    assert past.is_warning and "1949-10-01" in past.problem
    assert date_problems(parse("a.md", "Date: 2018-04-10\n\n正文。"), today) == []
    assert "警告：" in str(ahead)


def test_a_title_with_no_letter_gives_no_slug_and_is_refused():
    source = parse("a.md", "Title: 🎉！！\n\n正文。")
    (problem,) = title_slug_problems(source, "", "articles/2018/03/index.html")
    assert problem.field == "Title" and "articles/2018/03/index.html" in problem.problem
    assert title_slug_problems(parse("a.md", "Title: 🎉\nSlug: qing-zhu\n\n正"), "x", "") == []


def test_tags_and_authors_empty_or_colliding_after_pinyin():
    sources = [
        parse("a.md", "Title: 甲\nTags: ！！！, 党建\nAuthor: 张三\n\n正文。"),
        parse("b.md", "Title: 乙\nTags: Dang Jian\nAuthor: Zhang San、李四\n\n正文。"),
        parse("c.md", "Title: 丙\nType: photo\nPhotographer: 张三\n\n说明。"),
    ]
    found = taxonomy_problems(sources)
    assert [(p.path, p.field, p.is_warning) for p in found] == [
        ("a.md", "Tags", False),  # empty: written over tags/index.html
        ("b.md", "Tags", True),  # Dang Jian and 党建: tags/dang-jian/
        ("b.md", "Author", True),  # Zhang San and 张三: authors/zhang-san/
    ]  # the photographer 张三 is the same name as the author 张三: one page, rightly
    assert "tags/index.html" in found[0].problem
    assert "a.md 中的“张三”" in found[2].problem


def test_a_slug_of_500_characters_is_refused():
    (problem,) = slug_problems(parse("a.md", "Slug: " + "a" * 500 + "\n\n正文。"))
    assert "500 个字符" in problem.problem and problem.line == 1

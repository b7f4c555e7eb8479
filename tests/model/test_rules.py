"""What a valid article is (dangjian.model.rules), one rule at a time, without Pelican."""

import pytest

from dangjian.model import article_problems
from dangjian.model.rules import date_problems, piece_problems, required_problems
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

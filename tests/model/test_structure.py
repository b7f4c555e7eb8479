"""The structure limits (dangjian.model.structure): counted in one pass, without converting
the text; what Python-Markdown would take minutes or its recursion over is refused."""

import pytest

from dangjian.model.sources import parse
from dangjian.model.structure import (
    MAX_BLOCK_LINES,
    MAX_DEPTH,
    MAX_LINES,
    blocks,
    bracket_work,
    depth,
    structure_problems,
)


def problems(body):
    source = parse("a.md", "Title: 标题\n\n" + body)
    return structure_problems(source, "正文", "正文", source.body, source.body_line)


@pytest.mark.parametrize(
    "line, levels",
    [
        ("正文", 0),
        ("    缩进的代码", 1),
        ("- 列表", 1),
        ("    - 第二层", 2),
        ("\t\t- 第三层", 3),
        ("> > > 引用", 3),
        ("1. 1. 1. 列表", 3),
        ("-不是列表", 0),
        ("*强调*", 0),
        ("2018年", 0),
    ],
)
def test_depth_counts_quotes_list_markers_and_indentation(line, levels):
    assert depth(line) == levels


def test_blocks_are_runs_of_lines_without_a_blank_line():
    assert blocks(["a", "b", "", "c", "  ", "d"]) == [(0, ["a", "b"]), (3, ["c"]), (5, ["d"])]


def test_bracket_work_counts_how_far_each_bracket_looks():
    assert bracket_work("[链接](https://a.cn/) 和 [b]") == (3 + 14 + 2, 0)
    work, unclosed = bracket_work("[" * 10)
    assert unclosed == 10 and work == sum(range(1, 11))
    assert bracket_work("a < b 且 c > d")[1] == 0  # closed later in the block
    assert bracket_work("a < b")[1] == 1


def test_a_newspaper_piece_is_well_within_the_limits(seed_page):
    assert problems(seed_page) == []
    assert problems("> " * MAX_DEPTH + "二十层") == []
    assert problems("\n".join(["一行"] * MAX_BLOCK_LINES)) == []
    assert problems("\n\n".join(["一段[链接](https://a.cn/)。"] * 2000)) == []


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("".join("\t" * level + "- 项\n" for level in range(25)), 23, "嵌套了 21 层"),
        ("> " * 900 + "x", 3, "嵌套了 900 层"),
        ("正文。\n\n" + "# 标题\n" * (MAX_BLOCK_LINES + 1), 5, "连续 201 行没有空行"),
        ("# 标题\n\n" * (MAX_LINES + 1), 3, "10,001 行"),
        ("正文。\n\n" + "[a](" * 2000, 5, "2,000 个没有配对"),
        ("<" * 2000, 3, "没有配对的括号太多"),
    ],
)
def test_each_limit_is_told_on_the_line_it_starts(body, line, words):
    found = problems(body)
    assert found and found[0].line == line and words in found[0].problem, found
    assert found[0].field == "正文" and found[0].fix


def test_the_issues_case_is_refused_without_converting_it():
    """(bench/structure.py times it: a third of a second, against minutes to convert.)"""
    found = problems("# 标题\n" * 100_000)
    assert {p.problem.split("，")[0] for p in found} == {
        "正文有 100,000 行（不算空行）",
        "正文从这一行起连续 100,000 行没有空行",
    }

"""Reading a content file as Pelican's Markdown reader will: header fields and body,
and the files it cannot read, named with the fix (dangjian.model.sources)."""

import pytest

from dangjian.model.sources import decode, header_problems, parse, read_source

TEXT = "Title: 标题\nDate: 2018-03-13\nTags: 甲\n    乙\nTags: 丙\n\n正文第一段。\n\n第二段。\n"


def test_header_fields_and_body():
    source = parse("a.md", TEXT)
    assert source.fields == {"title": "标题", "date": "2018-03-13", "tags": "甲 乙, 丙"}
    assert source.field_lines == {"title": 1, "date": 2, "tags": 3}
    assert source.body_line == 7
    assert source.body == "正文第一段。\n\n第二段。"


def test_a_line_that_is_not_a_field_starts_the_body():
    source = parse("a.md", "Title: 标题\n正文没有空行。\n")
    assert source.fields == {"title": "标题"}
    assert (source.body_line, source.body) == (2, "正文没有空行。")


@pytest.mark.parametrize(
    "line, key, fix",
    [
        ("标题：某标题", "标题", "“Title:”"),  # a Chinese key
        ("Title：某标题", "Title", "半角冒号"),  # a full-width colon
    ],
)
def test_fields_an_editor_meant_are_named(line, key, fix):
    (problem,) = header_problems(parse("a.md", f"{line}\nDate: 2018-03-13\n\n正文。\n"))
    assert (problem.field, problem.line) == (key, 1)
    assert fix in problem.fix


@pytest.mark.parametrize(
    "data, field, words",
    [
        (b"", "文件", "空的"),
        ("标题：中文".encode("gbk") + b"\n", "编码", "GBK"),
        (b"PK\x03\x04\x00\x00word", "文件", "二进制"),
        (b"Title: x\n" + b"\xff\xfe" * 3, "编码", "UTF-8"),
    ],
)
def test_unreadable_files_are_named(data, field, words):
    problem = decode("a.md", data, 1000)
    assert problem.field == field and words in problem.problem


def test_a_byte_order_mark_and_crlf_are_read(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeffTitle: 标题\r\n\r\n正文。\r\n".encode())
    source, problems = read_source(str(path), 1000)
    assert problems == [] and source.fields == {"title": "标题"} and source.body == "正文。"


def test_an_oversized_file_is_refused_with_its_size(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"Title: x\n\n" + "党建。".encode() * 1000)
    source, (problem,) = read_source(str(path), 1000)
    assert source is None and "0.0 MB" in problem.problem and "拆成" in problem.fix

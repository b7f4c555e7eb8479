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


def test_lines_end_only_where_pelican_ends_them():
    """A vertical tab (Word's manual line break), a form feed or U+2028 is no line end:
    the header goes on (str.splitlines() would have ended it there)."""
    source = parse(
        "a.md", "Title: 标题\x0b二\nDate: 2018-03-13\n\n正文\u2028同一行。\r\n第二行\r第三行"
    )
    assert source.fields == {"title": "标题\x0b二", "date": "2018-03-13"}
    assert source.body_line == 4 and source.lines[4:] == ["第二行", "第三行"]


def test_control_characters_are_named_on_their_line_and_field(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Title: 标题\x0b二\nTags: 甲,\n    乙\x0c\n\n正文\x00。\n", encoding="utf-8")
    _source, found = read_source(str(path), 1000)
    assert [(p.field, p.line) for p in found] == [("Title", 1), ("Tags", 3), ("正文", 5)]
    assert "第 3 个字符处有看不见的垂直制表符" in found[0].problem
    assert "换页符" in found[1].problem and "空字符 NUL" in found[2].problem


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_named_not_called_binary(encoding):
    problem = decode("a.md", "Title: 标题\nDate: 2018-03-13\n\n正文。\n".encode(encoding), 1000)
    assert problem.field == "编码" and encoding[:6].upper() in problem.problem
    assert f"iconv -f {encoding[:6].upper()} -t UTF-8 'a.md'" in problem.fix


def test_a_nul_in_text_is_named_a_word_document_is_binary():
    assert decode("a.md", "Title: 甲\n\n正文\x00。".encode() + "正文。".encode() * 100, 10**6)
    problem = decode("a.md", b"PK\x03\x04\x00\x00word/document.xml\x00" * 40, 10**6)
    assert "二进制" in problem.problem

"""whole_files.write_whole: a file replaced whole, never written in place."""

import os

import pytest

from dangjian.whole_files import write_whole


def test_a_file_is_replaced_by_another_with_the_new_bytes(tmp_path):
    file = tmp_path / "索引.json"
    file.write_text("旧", encoding="utf-8")
    old = os.stat(file).st_ino
    with open(file, encoding="utf-8") as held:  # a reader that opened the old file
        write_whole(file, "新的内容")
        assert held.read() == "旧"  # still reads the old one, whole
    assert file.read_text(encoding="utf-8") == "新的内容"  # a str is written as UTF-8
    assert os.stat(file).st_ino != old
    write_whole(str(file), b"\x00bytes")
    assert file.read_bytes() == b"\x00bytes"
    assert [path.name for path in tmp_path.iterdir()] == ["索引.json"]  # nothing left beside


def test_a_write_that_fails_leaves_the_old_file_and_nothing_beside_it(tmp_path):
    file = tmp_path / "index.json"
    file.write_text("旧", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_whole(file, "\ud800")  # fails once the file beside it is open
    assert file.read_text(encoding="utf-8") == "旧"
    assert [path.name for path in tmp_path.iterdir()] == ["index.json"]

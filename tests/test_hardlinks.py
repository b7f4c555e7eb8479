"""hardlinks.link_if_same: a file with the bytes of another becomes that very file."""

import os

from dangjian.hardlinks import link_if_same


def test_a_file_with_the_same_bytes_becomes_the_other_file(tmp_path):
    new, old, other = tmp_path / "new", tmp_path / "old", tmp_path / "other"
    new.write_text("页面")
    old.write_text("页面")
    other.write_text("另一页")
    assert not link_if_same(new, other) and not os.path.samefile(new, other)
    assert other.read_text() == "另一页" and new.read_text() == "页面"
    assert not link_if_same(new, tmp_path / "missing") and new.read_text() == "页面"
    assert link_if_same(new, old) and os.path.samefile(new, old)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new", "old", "other"]

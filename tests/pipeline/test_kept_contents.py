"""Contents kept from the build before (dangjian/speed/kept.py): what comes back, and
when a source is read again. The builds that use them are compared with clean builds in
test_incremental.py."""

import datetime
import gc
import hashlib
import os
import time
import weakref

from dangjian.model.check import CheckedFile
from dangjian.speed import kept
from dangjian.speed.kept import Kept, dated_before_now


class Content:
    """Stands for Pelican's Content: its own fields, and the build's settings."""

    def __init__(self, title, settings, column):
        self.title, self.settings, self.column = title, settings, column


def kept_in(folder, settings, column, **flags):
    shared = {"settings": settings, "COLUMNS:0": column}
    return Kept(folder / "cache" / "key.ArticlesGenerator.kept", folder, shared, **flags)


def write(folder, name, text):
    (folder / name).write_text(text, "utf-8")


def first_build(folder):
    """A build that read a.md and kept it; (its settings, its columns)."""
    write(folder, "a.md", "Title: 甲")
    settings, column = {}, []
    before = kept_in(folder, settings, column)
    before.keep("a.md", Content("甲", settings, column))
    before.save()
    return settings, column


def test_a_kept_content_comes_back_with_the_running_builds_shared_objects(tmp_path):
    write(tmp_path, "a.md", "Title: 甲")
    write(tmp_path, "b.md", "Title: 乙")
    settings, column = {"SITENAME": "旧"}, ["栏目"]
    before = kept_in(tmp_path, settings, column)
    assert before.get("a.md") is None  # nothing kept yet
    before.keep("a.md", Content("甲", settings, column))
    before.keep("b.md", Content("乙", settings, column))
    before.save()

    settings_now, column_now = {"SITENAME": "新"}, ["栏目"]
    now = kept_in(tmp_path, settings_now, column_now)
    content = now.get("a.md")
    assert content.title == "甲"
    assert content.settings is settings_now and content.column is column_now
    assert (now.reused, now.read) == (1, 0)


class Cycle:
    """Garbage only the cyclic collector frees."""

    def __init__(self):
        self.me = self


def tracked(thing):
    """Whether Python's collector still looks at `thing` (not frozen)."""
    return any(found is thing for found in gc.get_objects())


def test_a_build_process_freezes_each_content_loaded_after_collecting_what_a_read_left(
    tmp_path, monkeypatch
):
    settings, column = first_build(tmp_path)
    write(tmp_path, "b.md", "Title: 乙")
    gc.disable()  # only the build's own collection may free the cycle
    try:
        monkeypatch.setattr(kept, "FREEZE_LOADED", False)  # a process that builds again
        content = kept_in(tmp_path, settings, column).get("a.md")
        assert content.title == "甲" and tracked(content)

        monkeypatch.setattr(kept, "FREEZE_LOADED", True)  # run_pelican's
        now = kept_in(tmp_path, settings, column)
        assert now.get("b.md") is None  # read by Pelican, which leaves garbage:
        left = weakref.ref(Cycle())
        assert left() is not None
        content = now.get("a.md")
        assert content.title == "甲" and not tracked(content)
        assert left() is None  # collected, not frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_source_whose_bytes_changed_is_read_again(tmp_path):
    settings, column = first_build(tmp_path)
    write(tmp_path, "a.md", "Title: 甲（改）")
    now = kept_in(tmp_path, settings, column)
    assert not now.has("a.md") and now.get("a.md", "read it") == "read it"


def test_a_kept_content_comes_back_with_the_address_it_was_given(tmp_path):
    for name in ("a.md", "b.md", "c.md"):
        write(tmp_path, name, f"Title: {name}")
    settings, column = {}, []
    before = kept_in(tmp_path, settings, column)
    dated, undated, unsaid = (Content(name, settings, column) for name in "abc")
    dated.date = datetime.datetime(2026, 11, 30)
    for name, content in zip(("a.md", "b.md", "c.md"), (dated, undated, unsaid), strict=True):
        before.keep(name, content)
        assert before.address(content) is None  # read: worked out by Pelican
    before.remember_address(dated, ("a/", "a/index.html"))
    before.remember_address(undated, ("b/", "b/index.html"))
    before.save()

    write(tmp_path, "c.md", "Title: c.md（改）")
    now = kept_in(tmp_path, settings, column)
    assert now.address(now.get("a.md")) == ("a/", "a/index.html")
    # Pelican addresses a content without a date with the clock's: never kept
    assert now.address(now.get("b.md")) is None
    assert now.get("c.md") is None  # read again, its address worked out again
    assert now.address(Content("甲", settings, column)) is None  # not one it gave


def test_only_what_a_build_used_is_kept_for_the_next(tmp_path):
    for name in ("a.md", "b.md"):
        write(tmp_path, name, name)
    settings, column = {}, []
    first = kept_in(tmp_path, settings, column)
    for name in ("a.md", "b.md"):
        first.keep(name, Content(name, settings, column))
    first.save()

    (tmp_path / "b.md").unlink()
    second = kept_in(tmp_path, settings, column)
    assert second.get("a.md").title == "a.md"
    second.save()
    third = kept_in(tmp_path, settings, column)
    assert third.has("a.md") and not third.has("b.md")


def test_a_content_naming_what_the_build_no_longer_has_is_read_again(tmp_path):
    settings, column = first_build(tmp_path)
    assert kept_in(tmp_path, settings, column).has("a.md")
    path = kept_in(tmp_path, settings, column).path
    without_column = Kept(path, tmp_path, {"settings": settings})
    assert without_column.get("a.md") is None


def test_a_damaged_file_is_read_as_none_kept(tmp_path):
    settings, column = first_build(tmp_path)
    path = kept_in(tmp_path, settings, column).path
    path.write_bytes(path.read_bytes()[:-20])

    now = kept_in(tmp_path, settings, column)
    assert now.get("a.md") is None
    now.keep("a.md", Content("甲", settings, column))
    now.save()
    assert kept_in(tmp_path, settings, column).get("a.md").title == "甲"


def test_pelicans_cache_settings_are_honoured(tmp_path):
    write(tmp_path, "a.md", "Title: 甲")
    settings, column = {}, []
    unsaved = kept_in(tmp_path, settings, column, save=False)
    unsaved.keep("a.md", Content("甲", settings, column))
    unsaved.save()
    assert not unsaved.path.exists()

    settings, column = first_build(tmp_path)
    assert kept_in(tmp_path, settings, column, load=False).get("a.md") is None  # --ignore-cache


def test_the_files_of_other_site_keys_and_half_written_ones_are_removed(tmp_path):
    write(tmp_path, "a.md", "Title: 甲")
    settings, column = {}, []
    old = Kept(tmp_path / "cache" / "old.ArticlesGenerator.kept", tmp_path, {})
    old.keep("a.md", Content("甲", {}, []))
    old.save()
    pages = Kept(tmp_path / "cache" / "key.PagesGenerator.kept", tmp_path, {})
    pages.keep("a.md", Content("甲", {}, []))
    pages.save()

    killed = tmp_path / "cache" / ".key.ArticlesGenerator.kept.x1y2.new"  # a build killed
    killed.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(killed, (two_hours_ago, two_hours_ago))
    writing = tmp_path / "cache" / ".key.ArticlesGenerator.kept.z3w4.new"  # another build's
    writing.write_bytes(b"half")
    now = kept_in(tmp_path, settings, column)
    now.keep("a.md", Content("甲", settings, column))
    now.save()
    names = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert names == [writing.name, "key.ArticlesGenerator.kept", "key.PagesGenerator.kept"]


def test_a_content_folder_moved_is_read_again(tmp_path):
    """A content holds its source's absolute path (Pelican's source_path)."""
    for folder in ("here", "there"):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, "a.md", "Title: 甲")
    path = tmp_path / "cache" / "key.ArticlesGenerator.kept"
    before = Kept(path, tmp_path / "here", {})
    before.keep("a.md", Content("甲", {}, []))
    before.save()

    assert Kept(path, tmp_path / "here", {}).has("a.md")
    assert not Kept(path, tmp_path / "there", {}).has("a.md")


def test_an_article_dated_after_now_is_read_again_where_pelican_makes_it_a_draft(tmp_path):
    """WITH_FUTURE_DATES = False: Pelican makes such an article a draft, until its date."""
    write(tmp_path, "a.md", "Title: 甲")
    write(tmp_path, "b.md", "Title: 乙")
    now = datetime.datetime.now(datetime.UTC)
    past, future = Content("甲", {}, []), Content("乙", {}, [])
    past.date, future.date = now - datetime.timedelta(days=1), now + datetime.timedelta(days=1)
    path = tmp_path / "cache" / "key.ArticlesGenerator.kept"
    before = Kept(path, tmp_path, {}, lasting=dated_before_now)
    before.keep("a.md", past)
    before.keep("b.md", future)
    before.save()

    now_kept = Kept(path, tmp_path, {})
    assert now_kept.has("a.md") and not now_kept.has("b.md")


def test_a_cache_folder_that_cannot_be_written_keeps_nothing(tmp_path):
    """A full or read-only disk: the build goes on, and the next one reads everything."""
    write(tmp_path, "a.md", "Title: 甲")
    (tmp_path / "cache").write_text("a file where the folder should be")
    kept = kept_in(tmp_path, {}, [])
    kept.keep("a.md", Content("甲", {}, []))
    kept.save()
    assert (kept.reused, kept.read) == (0, 1)
    assert not kept_in(tmp_path, {}, []).has("a.md")


def test_a_source_is_known_by_the_digest_the_content_check_gave_it(tmp_path):
    """The check reads every article file before Pelican: its digest stands for the
    bytes (CHECKED_SOURCES), the file is not read again; a file it did not read is."""
    settings, column = first_build(tmp_path)
    checked = hashlib.sha256((tmp_path / "a.md").read_bytes()).digest()
    told = {str(tmp_path / "a.md"): CheckedFile(checked, False)}  # no identity: looked at here
    now = kept_in(tmp_path, settings, column, checked=told)
    assert now.has("a.md")
    # bytes the check saw then, whatever the file holds now: kept as checked
    write(tmp_path, "a.md", "Title: 甲（改）")
    assert now.has("a.md") and now.stamp("a.md") == checked
    told_otherwise = {str(tmp_path / "a.md"): CheckedFile(hashlib.sha256(b"other").digest(), False)}
    assert not kept_in(tmp_path, settings, column, checked=told_otherwise).has("a.md")


def test_a_source_the_check_looked_at_is_not_looked_at_again(tmp_path, monkeypatch):
    """With the file's identity the check took before reading it (CheckedFile), the build
    keeps the source under that identity, and neither reads nor stats the file."""
    settings, column = first_build(tmp_path)
    source = tmp_path / "a.md"
    seen = (1, 2, 3, 4)  # not the file's: taken from the check, not from the file system
    checked = {str(source): CheckedFile(hashlib.sha256(source.read_bytes()).digest(), False, seen)}
    looked = []
    monkeypatch.setattr(kept, "identity", lambda path: looked.append(path))
    monkeypatch.setattr(kept, "file_digest", lambda path: looked.append(path))
    now = kept_in(tmp_path, settings, column, checked=checked)
    assert now.has("a.md") and now._stamped("a.md") == (checked[str(source)].digest, seen)
    assert looked == []


def test_the_very_file_the_build_before_read_is_not_read_for_its_digest(tmp_path, monkeypatch):
    """Before the check is done (load_ahead), a file with the inode, size and time of
    the one the build before read has its bytes; any other is read."""
    settings, column = first_build(tmp_path)
    read = []
    digest = kept.file_digest
    monkeypatch.setattr(kept, "file_digest", lambda path: read.append(path) or digest(path))
    assert kept_in(tmp_path, settings, column).has("a.md") and read == []
    later = time.time_ns() + 10**9  # the same bytes, written again
    os.utime(tmp_path / "a.md", ns=(later, later))
    assert kept_in(tmp_path, settings, column).has("a.md")
    assert read == [str(tmp_path / "a.md")]

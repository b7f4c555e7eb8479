"""The articles' checks kept from one check to the next (check.Remembered): a check with
them finds exactly what a check without them finds, whatever changed in between, and
checks again only the articles whose file, or what their checks looked at, changed."""

import datetime
import hashlib
import io
import shutil

import pytest
from PIL import Image

from dangjian.desk import content_settings
from dangjian.hardlinks import identity
from dangjian.model import check as check_module
from dangjian.model.check import Remembered, check_site
from tests.support import ROOT, article, branch

DAY = datetime.date(2018, 3, 13)
BRANCH = "松山区测试党支部"


def picture(format_="JPEG"):
    data = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(data, format_)
    return data.getvalue()


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "articles" / "2018-03-13").mkdir(parents=True)
    (folder / "images").mkdir()
    (folder / "branches").mkdir()
    shutil.copy(ROOT / "content" / "columns.toml", folder / "columns.toml")
    (folder / "branches" / "ceshi.md").write_text(branch(BRANCH), encoding="utf-8")
    (folder / "images" / "photo.jpg").write_bytes(picture())
    day = folder / "articles" / "2018-03-13"
    texts = {
        "plain.md": article("一篇稿件"),
        "branch.md": article("党支部的稿件", branches=BRANCH),
        "image.md": article("有图片的稿件").replace("Byline", "Image: images/photo.jpg\nByline"),
        "inline.md": article("正文有图的稿件", body="正文。\n\n![图](images/photo.jpg)"),
    }
    for name, text in texts.items():
        (day / name).write_text(text, encoding="utf-8")
    return folder


def found(content, memo=None, today=DAY):
    checked = check_site(content_settings(content), today, memo)
    return [(p.path, p.line, p.field, p.problem, p.fix, p.severity) for p in checked.problems]


def remove_picture(content):
    (content / "images" / "photo.jpg").unlink()


def picture_not_a_picture(content):
    (content / "images" / "photo.jpg").write_bytes(b"<svg onload=alert(1)>")


def picture_a_link_out(content):
    (content / "images" / "photo.jpg").unlink()
    (content / "images" / "photo.jpg").symlink_to("/etc/hostname")


def edit_article(content):
    path = content / "articles" / "2018-03-13" / "plain.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Title: 一篇稿件\n", ""), "utf-8")


def remove_column(content):
    (content / "columns.toml").write_text(
        (ROOT / "content" / "columns.toml").read_text(encoding="utf-8").replace("视点", "观点"),
        encoding="utf-8",
    )


def remove_organization(content):
    (content / "branches" / "ceshi.md").unlink()


CHANGES = [
    remove_picture,
    picture_not_a_picture,
    picture_a_link_out,
    edit_article,
    remove_column,
    remove_organization,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_check_with_the_memo_finds_what_a_check_without_it_finds(content, change):
    first = Remembered()
    before = found(content, first)
    assert before == found(content)  # a memo, empty, changes nothing
    change(content)
    remembered = found(content, Remembered(first.kept()))
    assert remembered == found(content)
    assert remembered != before, "the change should have made a difference"


def test_a_new_day_is_the_day_warned_about(content):
    first = Remembered()
    found(content, first)
    weeks_before = DAY - datetime.timedelta(days=60)
    remembered = found(content, Remembered(first.kept()), today=weeks_before)
    assert remembered == found(content, today=weeks_before)
    assert any("天以后" in problem for _p, _l, _f, problem, _x, _s in remembered)


def test_only_the_articles_that_changed_are_checked_again(content, monkeypatch):
    checked = []
    rules = check_module.article_problems

    def counting(source, *args):
        checked.append(source.path.rsplit("/", 1)[-1])
        return rules(source, *args)

    monkeypatch.setattr(check_module, "article_problems", counting)
    first = Remembered()
    found(content, first)
    assert sorted(checked) == ["branch.md", "image.md", "inline.md", "plain.md"]
    checked.clear()
    # a new day's organization and picture, named by none of these articles
    (content / "branches" / "xin.md").write_text(branch("新成立的党支部"), encoding="utf-8")
    (content / "images" / "other.jpg").write_bytes(picture())
    second = Remembered(first.kept())
    found(content, second)
    assert checked == []
    (content / "articles" / "2018-03-13" / "plain.md").write_text(
        article("改过的稿件"), encoding="utf-8"
    )
    (content / "images" / "photo.jpg").write_bytes(picture("PNG"))  # same name, new bytes
    found(content, Remembered(second.kept()))
    assert sorted(checked) == ["image.md", "inline.md", "plain.md"]


def test_only_the_articles_checked_are_kept(content):
    first = Remembered()
    found(content, first)
    assert len(first.now) == 4
    (content / "articles" / "2018-03-13" / "plain.md").unlink()
    second = Remembered(first.kept())
    found(content, second)
    assert len(second.now) == 3 and set(second.now) < set(first.now)


def test_the_check_says_what_each_article_file_it_read_is(content):
    """Each article file read: the SHA-256 of its bytes, whether its text holds what
    Pelican reads as a link to another content, and, when the check keeps a memo, the
    file's identity (the build uses them instead of reading or looking at the files
    again: speed/kept.py, speed/render_cache.py)."""
    day = content / "articles" / "2018-03-13"
    linking = article("链接稿件", body="见 [另一篇]({filename}/articles/2018-03-13/plain.md)。")
    (day / "linking.md").write_text(linking, encoding="utf-8")
    files = sorted(day.iterdir())
    memo = Remembered()
    for kept in (None, memo, Remembered(memo.kept())):  # none, read, and known from the memo
        checked = check_site(content_settings(content), DAY, kept)
        assert sorted(checked.sources) == [str(path) for path in files]
        for path in files:
            digest, links, seen = checked.sources[str(path)]
            assert digest == hashlib.sha256(path.read_bytes()).digest()
            assert links == (path.name == "linking.md"), path.name
            assert seen == (kept and identity(path))


def test_an_article_file_seen_before_is_not_read_again(content, monkeypatch):
    """An article file that is the very file the check before read (device, inode, size,
    time) is known by what the check read then; any other is read."""
    read = []
    read_bytes = check_module.read_bytes

    def counting(path, *args):
        read.append(path.rsplit("/", 1)[-1])
        return read_bytes(path, *args)

    monkeypatch.setattr(check_module, "read_bytes", counting)
    first = Remembered()
    before = check_site(content_settings(content), DAY, first)
    assert sorted(read) == ["branch.md", "image.md", "inline.md", "plain.md"]
    read.clear()
    (content / "images" / "photo.jpg").unlink()  # image.md and inline.md checked again
    plain = content / "articles" / "2018-03-13" / "plain.md"
    plain.write_text(plain.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = check_site(content_settings(content), DAY, Remembered(first.kept()))
    assert sorted(read) == ["image.md", "inline.md", "plain.md"]
    # what a check that knows nothing from before reports (identities taken as well)
    assert again.sources == check_site(content_settings(content), DAY, Remembered()).sources
    assert again.sources != before.sources

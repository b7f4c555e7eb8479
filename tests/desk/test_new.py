"""`invoke new`: a correct article from flags or answers, dated today in Beijing."""

import io

import pytest

from dangjian.desk.check import run_check
from dangjian.desk.new import NewStopped, new_article, today
from dangjian.model.sources import parse


def fields_of(path):
    with open(path, encoding="utf-8") as handle:
        return parse(path, handle.read()).fields


def test_flags_make_a_draft_that_passes_the_check(registries_only):
    path = new_article(
        registries_only,
        column="视点",
        piece_type="news",
        title="指尖上的“微”平台",
        branches="songshan-police, 经侦大队党支部",
        author="陈春艳",
    )
    assert path.endswith(f"articles/{today()}/01-zhi-jian-shang-de-wei-ping-tai.md")
    fields = fields_of(path)
    assert fields["date"] == today() and fields["status"] == "draft"
    assert fields["branches"] == "songshan-police, 经侦大队党支部"
    out = io.StringIO()
    assert run_check(registries_only, out=out) == 0, out.getvalue()


def test_missing_values_are_asked_for(registries_only):
    answers = iter(["阵地", "photo", "党员 签名承诺", "巴林村党支部", "杨守东"])
    path = new_article(registries_only, ask=lambda question: next(answers))
    fields = fields_of(path)
    assert (fields["category"], fields["type"], fields["photographer"]) == (
        "阵地",
        "photo",
        "杨守东",
    )
    assert path.endswith("-dang-yuan-qian-ming-cheng-nuo.md")
    out = io.StringIO()
    assert run_check(registries_only, out=out) == 0, out.getvalue()


@pytest.mark.parametrize(
    "flags, message",
    [
        ({"column": "要闻", "piece_type": "news", "title": "甲"}, "栏目“要闻”不在可选范围内"),
        ({"column": "视点", "piece_type": "story", "title": "甲"}, "稿件类型“story”"),
        ({"column": "视点", "piece_type": "news", "title": ""}, "没有标题"),
        (
            {"column": "视点", "piece_type": "news", "title": "甲", "branches": "无"},
            "未登记的党组织：无",
        ),
    ],
)
def test_bad_values_write_nothing(registries_only, flags, message):
    with pytest.raises(NewStopped, match=message):
        new_article(registries_only, **flags)
    assert not (registries_only / "articles").exists()


def test_a_title_whose_slug_is_taken_gets_the_date(registries_only):
    first = new_article(
        registries_only, column="视点", piece_type="news", title="同一个标题", date="2018-03-13"
    )
    second = new_article(
        registries_only,
        column="观潮",
        piece_type="commentary",
        title="同一个标题",
        date="2018-03-14",
    )
    assert "slug" not in fields_of(first)
    assert fields_of(second)["slug"] == "tong-yi-ge-biao-ti-20180314"
    assert second.endswith("2018-03-14/01-tong-yi-ge-biao-ti-20180314.md")
    out = io.StringIO()
    assert run_check(registries_only, out=out) == 0, out.getvalue()


@pytest.mark.parametrize(
    "flags, message",
    [
        ({"title": "标题\nStatus: published"}, r"标题的第 3 个字符处有换行（U\+000A）"),
        ({"title": "标题\r\nDate: 2081-01-01"}, "标题的第 3 个字符处有换行"),
        ({"title": "标题\x0b第二行"}, r"有换行（U\+000B）"),
        ({"title": "标\x00题"}, r"看不见的控制字符（U\+0000）"),
        ({"title": "甲", "author": "记者\nStatus: published"}, "作者的第 3 个字符处有换行"),
        ({"title": "甲", "branches": "songshan-police\nStatus: published"}, "党组织的"),
    ],
)
def test_a_value_on_more_than_one_line_is_refused(registries_only, flags, message):
    with pytest.raises(NewStopped, match=message):
        new_article(registries_only, column="视点", piece_type="news", **flags)
    assert not (registries_only / "articles").exists()

"""`invoke import-page`: the parser's rules on small inputs, then the whole seed page."""

import io

import pytest

from dangjian.desk.check import run_check
from dangjian.desk.importer import ImportStopped, import_page
from dangjian.desk.importer.parse import (
    branch_names,
    find_date,
    parse_credit,
    parse_page,
    read_pieces,
    split_caption,
    wide_punctuation,
)
from dangjian.desk.importer.write import report
from dangjian.model.sources import parse
from support import ROOT, SEED_PAGE

COLUMNS = ["视点", "阵地", "榜样·足迹", "知行合一"]
SEED_DIR = ROOT / "content" / "articles" / "2018-03-13"
# What the importer can know from the printed page (Tags and Position it cannot).
KNOWABLE = ["title", "date", "category", "type", "author", "byline", "mark", "photographer"]


def test_half_width_punctuation_beside_chinese_becomes_full_width():
    assert wide_punctuation("民警,不但要!他说:好;行?") == "民警，不但要！他说：好；行？"
    assert wide_punctuation("追缴61.98万元,共2,000人") == "追缴61.98万元，共2,000人"
    assert wide_punctuation("“互联网+”理念") == "“互联网+”理念"


@pytest.mark.parametrize(
    "line, mark, roles, names",
    [
        ("□本报记者 陈春艳", "□", ["本报记者"], ["陈春艳"]),
        ("◎白丹", "◎", [], ["白丹"]),
        ("□柴俊杰", "□", [], ["柴俊杰"]),
        ("本报记者 张三 通讯员 李四", "", ["本报记者", "通讯员"], ["张三", "李四"]),
        ("□本报记者 张三、李四", "□", ["本报记者"], ["张三", "李四"]),
        ("□本报记者张三", "□", ["本报记者"], ["张三"]),
    ],
)
def test_bylines_in_the_papers_forms(line, mark, roles, names):
    credit = parse_credit(line)
    assert (credit.mark, credit.roles, credit.names) == (mark, roles, names)


@pytest.mark.parametrize(
    "line", ["记者了解到", "周恩立 摄", "代表进警营", "□" + "很长的一句话，" * 8]
)
def test_lines_that_are_not_bylines(line):
    assert parse_credit(line) is None


def test_photo_captions_end_with_the_photographer():
    assert split_caption("活动有声有色。杨守东 摄") == ("活动有声有色。", "杨守东")
    assert split_caption("周恩立 摄") == ("", "周恩立")
    assert split_caption("他说要摄") is None
    assert split_caption("活动有声有色杨守东 摄") is None  # no sentence end before the name


def test_a_line_without_closing_punctuation_continues_on_the_next():
    page = read_pieces("视点\n标题\n□本报记者 甲乙\n组织民警认真\n学习精神。\n第二段。\n", COLUMNS)
    assert page.pieces[0].paragraphs == ["组织民警认真学习精神。", "第二段。"]


def test_a_headline_fragment_inside_a_body_is_dropped_and_reported():
    text = "视点\n打造支部 争做先锋\n□本报记者 甲乙\n通过知识\n争做先锋\n竞赛提升能力。\n"
    piece = read_pieces(text, COLUMNS).pieces[0]
    assert piece.paragraphs == ["通过知识竞赛提升能力。"]
    assert any("“争做先锋”是标题的一部分" in note for note in piece.notes)


def test_a_subtitle_between_title_and_byline():
    piece = read_pieces("视点\n主标题\n副标题在这里\n□本报记者 甲乙\n正文。\n", COLUMNS).pieces[0]
    assert (piece.title, piece.subtitle, piece.paragraphs) == ("主标题", "副标题在这里", ["正文。"])


def test_a_piece_printed_twice_is_kept_once_whole_in_the_first_ones_column():
    text = (
        "榜样·足迹\n□本报记者 宋爽\n第一段说的是社区工作。\n第二段说的是街巷硬化。\n"
        "知行合一\n别的标题\n□柴俊杰\n别的正文。\n"
        "张三：一心为民\n□本报记者 宋爽\n第一段说的是社区工作。\n第二段说的是街巷硬化。\n"
        "第三段张三说。\n"
    )
    page = parse_page(text, COLUMNS)
    assert [(p.column, p.title) for p in page.pieces] == [
        ("榜样·足迹", "张三：一心为民"),
        ("知行合一", "别的标题"),
    ]
    profile = page.pieces[0]
    assert profile.paragraphs[-1] == "第三段张三说。" and len(profile.paragraphs) == 3
    assert any("印了两次" in note for note in profile.notes)


def test_types_from_the_credit_the_photographer_and_the_title():
    text = (
        "视点\n评论一则\n◎白丹\n评论正文。\n"
        "阵地\n签名承诺\n党员签名。杨守东 摄\n"
        "榜样·足迹\n李晶：我把居民当亲人\n□本报记者 宋爽\n李晶说，李晶做。\n"
    )
    pieces = parse_page(text, COLUMNS).pieces
    assert [p.piece_type for p in pieces] == ["commentary", "photo", "profile"]
    assert pieces[1].photographer == "杨守东" and pieces[2].person == "李晶"


def test_branches_are_suggested_from_names_aliases_and_their_stems():
    organizations = [("songshan-police", ["赤峰市公安局松山区分局党委", "松山区公安局党委"])]
    assert ("松山区公安局", "songshan-police") in branch_names(organizations)
    text = "视点\n标题\n□本报记者 甲乙\n松山区公安局民警。\n阵地\n图\n别处。甲乙 摄\n"
    first, second = parse_page(text, COLUMNS, organizations).pieces
    assert (first.branches, second.branches) == (["songshan-police"], [])
    assert any("文中出现“松山区公安局”" in note for note in first.notes)


def test_a_printed_date_is_found_and_none_is_invented():
    assert find_date("2018年3月13日 星期二\n视点\n") == "2018-03-13"
    assert find_date((ROOT / "tests" / "fixtures" / "seed-page.txt").read_text()) == ""


def test_importing_the_seed_reproduces_the_committed_pieces(registries_only):
    report = import_page(SEED_PAGE, "2018-03-13", registries_only)
    imported = {
        source.fields["title"]: source
        for source in (
            parse(path, path.read_text(encoding="utf-8"))
            for path in sorted((registries_only / "articles" / "2018-03-13").glob("*.md"))
        )
    }
    committed = [
        parse(path, path.read_text(encoding="utf-8")) for path in sorted(SEED_DIR.glob("*.md"))
    ]
    assert sorted(imported) == sorted(source.fields["title"] for source in committed)
    aliases = organization_references()
    for expected in committed:
        got = imported[expected.fields["title"]]
        assert got.body.strip() == expected.body.strip(), expected.path
        for key in KNOWABLE:
            assert got.fields.get(key) == expected.fields.get(key), (expected.path, key)
        branches = [aliases[name] for name in split(expected.fields.get("branches", ""))]
        assert sorted(split(got.fields.get("branches", ""))) == sorted(branches), expected.path
        assert got.fields["status"] == "draft"
        assert (got.fields.get("person") or "") == (expected.fields.get("person") or "")
    assert f"共找到 {len(committed)} 篇稿件" in report
    assert "印了两次" in report and "“争做守纪执纪先锋”是标题的一部分" in report
    assert "补写 Position" in report


def test_imported_drafts_pass_the_check(registries_only):
    import_page(SEED_PAGE, "2018-03-13", registries_only)
    out = io.StringIO()
    assert run_check(registries_only, out=out) == 0, out.getvalue()


def test_import_stops_without_a_date_or_over_an_imported_day(registries_only):
    with pytest.raises(ImportStopped, match="--date"):
        import_page(SEED_PAGE, "", registries_only)
    import_page(SEED_PAGE, "2018-03-13", registries_only)
    written = sorted((registries_only / "articles" / "2018-03-13").iterdir())
    with pytest.raises(ImportStopped, match="已经有稿件"):
        import_page(SEED_PAGE, "2018-03-13", registries_only)
    assert sorted((registries_only / "articles" / "2018-03-13").iterdir()) == written


def split(value):
    return [part.strip() for part in value.replace("、", ",").split(",") if part.strip()]


def organization_references():
    """Every slug, name and alias in the real registry → slug."""
    references = {}
    for path in (ROOT / "content" / "branches").glob("*.md"):
        fields = parse(str(path), path.read_text(encoding="utf-8")).fields
        for name in [path.stem, fields["name"], *split(fields.get("aliases", ""))]:
            references[name] = path.stem
    return references


def test_the_report_names_what_the_editor_must_decide():
    text = (
        "视点\n□本报记者 张三 通讯员 李四\n没有标题的正文。\n"
        "知行合一\n一篇\n□柴俊杰\n正文。\n另一篇\n□柴俊杰\n又一篇正文。\n"
    )
    page = parse_page(text, COLUMNS)
    printed = report(page, ["a.md", "b.md", "c.md"])
    assert "（没有标题）" in printed and "没有找到标题，请补写 Title" in printed
    assert "署名含多个身份（本报记者、通讯员）" in printed
    assert "前面没有栏目头，暂归入上一个栏目“知行合一”" in printed

"""`invoke import-page` on synthetic pages: one test for each way real pages went wrong
(issue 14), in every layout a layout system exports."""

import pytest

from bench.printed_pages import news, page, paragraph
from dangjian.desk.importer.layout import analyse
from dangjian.desk.importer.parse import parse_page

COLUMNS = ["视点", "观潮", "阵地", "榜样·足迹", "学习型党组织建设", "知行合一"]
STYLES = ["lines", "blocks", "spaced"]


def read(text, columns=COLUMNS):
    return parse_page(text, columns, date="2025-01-07")


@pytest.mark.parametrize("style", STYLES)
def test_padded_names_make_a_byline_not_a_subtitle(style):
    blocks = news("讲亲情，也不能逾越底线", column="前沿观察") + news(
        "心暖了，就更有方向", byline="本报记者  耿  磊", paragraphs=(4, 5)
    )
    first, second = read(page(blocks, style)).pieces
    assert (first.title, first.authors, first.role) == (
        "讲亲情，也不能逾越底线",
        ["张洋", "刘洪超"],
        "本报记者",
    )
    assert (second.title, second.authors) == ("心暖了，就更有方向", ["耿磊"])
    assert first.paragraphs == [paragraph(n) for n in (1, 2, 3)]
    assert "耿" not in "".join(first.paragraphs + second.paragraphs)


@pytest.mark.parametrize("style", STYLES)
def test_a_credit_after_the_text_gives_the_authors(style):
    blocks = news("年终检查见真章", column="前沿观察")
    blocks += news(
        "如此犒劳，要不得", byline="", column="监督哨", paragraphs=(4, 5), end="（陆  伟）"
    )
    blocks += news(
        "蹊跷的账本", byline="", column="监督哨", paragraphs=(6,), end="（本报记者田先进整理）"
    )
    pieces = read(page(blocks, style)).pieces
    assert [p.title for p in pieces] == ["年终检查见真章", "如此犒劳，要不得", "蹊跷的账本"]
    assert [p.authors for p in pieces] == [["张洋", "刘洪超"], ["陆伟"], ["田先进"]]
    assert pieces[2].role == "本报记者"
    assert pieces[1].paragraphs == [paragraph(4), paragraph(5)]


def test_a_commentary_under_its_column_without_a_mark():
    blocks = news("为民服务就要讲究认真", byline="希  仁", column="金台潮声·作风建设系列谈⑫")
    (piece,) = read(page(blocks)).pieces
    assert (piece.column, piece.title, piece.piece_type) == (
        "金台潮声·作风建设系列谈⑫",
        "为民服务就要讲究认真",
        "commentary",
    )
    assert piece.authors == ["希仁"]


@pytest.mark.parametrize("style", STYLES)
def test_photo_credits_without_a_space(style):
    blocks = news("年终检查见真章", column="前沿观察", paragraphs=(1,))
    blocks += [("p", "党员志愿者为外卖配送员送防寒物资。"), ("h", "曹建雄摄")]
    blocks += [("p", "党员干部与快递员一起写春联。"), ("h", "刘  鑫摄（影像中国）")]
    blocks += [("p", paragraph(2))]
    blocks += [("h", "党员在一线 助农暖人心"), ("p", paragraph(3, 1)), ("h", "⑧3程全摄")]
    page_ = read(page(blocks, style))
    news_piece, photo = page_.pieces
    assert news_piece.paragraphs == [paragraph(1), paragraph(2)]
    assert news_piece.photographers == ["曹建雄", "刘鑫"]
    assert news_piece.captions[0] == ("党员志愿者为外卖配送员送防寒物资。", "曹建雄摄")
    assert (photo.piece_type, photo.photographers, photo.paragraphs) == (
        "photo",
        ["程全"],
        [paragraph(3, 1)],
    )
    assert any(drop.text == "⑧3" and "编辑代码" in drop.why for drop in page_.drops)


def test_two_photos_and_a_profile_stay_three_pieces():
    blocks = [("h", "阵地"), ("h", "党员 签名承诺"), ("p", paragraph(1, 1)), ("h", "杨守东 摄")]
    blocks += [("h", "代表进警营"), ("p", paragraph(2, 1)), ("h", "周恩立摄")]
    blocks += [("h", "四川省成都市某车队党支部书记、队长张桂容：")]
    blocks += [("h", "只要有党组织这个“家”，大家就不会“走散”")]
    blocks += [("p", paragraph(n)) for n in (3, 4)] + [("h", "（本报记者沈童睿采访整理）")]
    pieces = read(page(blocks)).pieces
    assert [(p.title, p.piece_type) for p in pieces] == [
        ("党员 签名承诺", "photo"),
        ("代表进警营", "photo"),
        ("只要有党组织这个“家”，大家就不会“走散”", "profile"),
    ]
    assert (pieces[2].person, pieces[2].authors, pieces[2].kicker) == (
        "张桂容",
        ["沈童睿"],
        "四川省成都市某车队党支部书记、队长张桂容：",
    )


@pytest.mark.parametrize("style", STYLES)
def test_subheads_are_paragraphs_of_their_own(style):
    blocks = news("拥军优属暖人心", column="前沿观察", paragraphs=(1,))
    blocks += [("h", "廉洁自律一送一拒，让鱼水情愈发密切"), ("p", "“您瞧，" + paragraph(2))]
    blocks += [("p", paragraph(3)), ("h", "组织建在家门口"), ("h", "菜市场设党支部拎出幸福感")]
    blocks += [("p", paragraph(4))]
    (piece,) = read(page(blocks, style)).pieces
    assert piece.paragraphs == [
        paragraph(1),
        "廉洁自律一送一拒，让鱼水情愈发密切",
        "“您瞧，" + paragraph(2),
        paragraph(3),
        "组织建在家门口",
        "菜市场设党支部拎出幸福感",
        paragraph(4),
    ]


@pytest.mark.parametrize("style", ["blocks", "spaced"])
def test_hard_wrapped_lines_ending_in_closing_marks_do_not_break_paragraphs(style):
    # Wrapped at 12: a line ends in “…。 inside a quotation, another in ……
    quoted = "“我们先把路修好了。大家都来看一看，以后出行方便多了。”他高兴地说。"
    listed = "修路、架桥、建广场……党员干部带头干，群众都说这样好。"
    blocks = news("两地作先锋", column="前沿观察", paragraphs=())
    blocks += [("p", quoted), ("p", listed), ("p", paragraph(1)), ("p", paragraph(2))]
    (piece,) = read(page(blocks, style, 12)).pieces
    assert piece.paragraphs == [quoted, listed, paragraph(1), paragraph(2)]


@pytest.mark.parametrize("style", STYLES)
def test_a_kicker_is_not_a_piece_and_an_editors_code_ends_one(style):
    blocks = news("书记领办小项目 基层治理提质效", kicker="湖北省荆州市——", paragraphs=(1, 2))
    blocks += [("h", "②11")]
    blocks += [("h", "小棒球拓宽就业路"), ("p", "本报讯（记者李铮 通讯员王飞李永）" + paragraph(3))]
    blocks += [("h", "⑧6")]
    blocks += news("党建引领促振兴", byline="□本报记者张靖本报通讯员郜敏", paragraphs=(4,))
    page_ = read(page(blocks, style))
    pieces = page_.pieces
    assert [(p.kicker, p.title) for p in pieces] == [
        ("湖北省荆州市——", "书记领办小项目 基层治理提质效"),
        ("", "小棒球拓宽就业路"),
        ("", "党建引领促振兴"),
    ]
    assert pieces[1].authors == ["李铮", "王飞", "李永"]
    assert pieces[1].paragraphs[0].startswith("本报讯（记者李铮")  # the inline byline stays
    assert pieces[2].authors == ["张靖", "郜敏"]
    assert {drop.text for drop in page_.drops} == {"②11", "⑧6"}


def test_an_editors_note_and_the_reports_it_introduces_are_one_piece():
    blocks = [("h", "前沿观察"), ("h", "新春走基层 党员在一线")]
    blocks += [("p", "编者按：" + paragraph(1)), ("h", "——编  者")]
    for n, (place, reporter) in enumerate(
        [("河北唐山", "本报记者  张  三"), ("江苏苏州", "本报记者  李  四")], start=2
    ):
        blocks += [("h", place), ("h", f"第{n}个小标题在这里"), ("h", reporter)]
        blocks += [("p", paragraph(n)), ("p", paragraph(n + 10))]
    blocks += news("为民服务就要讲究认真", byline="耿  磊", column="金台潮声", paragraphs=(30,))
    package, commentary = read(page(blocks)).pieces
    assert package.authors == ["张三", "李四"]
    assert package.paragraphs[:2] == ["编者按：" + paragraph(1), "——编  者"]
    assert "本报记者  李  四" in package.paragraphs
    assert (commentary.title, commentary.authors) == ("为民服务就要讲究认真", ["耿磊"])


@pytest.mark.parametrize("style", STYLES)
def test_subheads_ending_in_a_question_a_colon_or_a_dash_stay_in_the_piece(style):
    blocks = news("两地作先锋", column="前沿观察", paragraphs=(1,))
    blocks += [("h", "“新”在哪里？"), ("h", "组织形态新、运行方式新"), ("p", paragraph(2))]
    blocks += [("h", "坚持问题导向——"), ("h", "把群众的事办好"), ("p", paragraph(3))]
    blocks += [("h", "三个变化："), ("h", "从“要我做”到“我要做”"), ("p", paragraph(4))]
    blocks += [("h", "党员带头干——"), ("p", paragraph(5))]  # a paragraph right under it
    (piece,) = read(page(blocks, style)).pieces
    assert piece.paragraphs[1:3] == ["“新”在哪里？", "组织形态新、运行方式新"]
    assert piece.paragraphs[4:6] == ["坚持问题导向——", "把群众的事办好"]
    assert piece.paragraphs[7:9] == ["三个变化：", "从“要我做”到“我要做”"]
    assert piece.paragraphs[-3:] == [paragraph(4), "党员带头干——", paragraph(5)]


@pytest.mark.parametrize("style", STYLES)
def test_a_link_box_stays_in_its_piece_when_a_credited_piece_follows(style):
    """A 链接 box (its label, its heading, its text) ends a piece; the next piece, under a
    column not registered, is credited at its end: the credit opens the nearest header."""
    blocks = news("山乡新春党旗红", column="前沿观察", paragraphs=(1, 2))
    blocks += [("h", "链接"), ("h", "什么是党支部领办合作社"), ("p", paragraph(3))]
    blocks += news("清退多领的补贴", byline="", column="监督哨", paragraphs=(4,), end="（陈  亮）")
    first, second = read(page(blocks, style)).pieces
    assert first.paragraphs[-3:] == ["链接", "什么是党支部领办合作社", paragraph(3)]
    assert (second.column, second.title, second.authors) == ("监督哨", "清退多领的补贴", ["陈亮"])
    assert second.paragraphs == [paragraph(4)]


def test_an_institutions_commentary_a_wire_dateline_and_a_title_with_a_colon():
    blocks = news("守好“廉”字关：让清风正气充盈", byline="本报评论员", paragraphs=(1, 2))
    blocks += [("h", "②3"), ("h", "大雪中的坚守")]
    blocks += [("p", "新华社北京1月6日电（记者张三、李四）" + paragraph(3)), ("p", paragraph(4))]
    first, second = read(page(blocks)).pieces
    assert (first.title, first.piece_type, first.authors) == (
        "守好“廉”字关：让清风正气充盈",
        "commentary",
        [],
    )
    assert first.role == "本报评论员"
    assert (second.title, second.authors) == ("大雪中的坚守", ["张三", "李四"])


def test_a_speaker_is_found_after_the_post_the_kicker_names():
    blocks = news("年终检查见真章", column="前沿观察", paragraphs=(1,))
    blocks += [("h", "新疆某村党支部书记阿依古丽："), ("h", "把村里的事当成自家的事")]
    blocks += [("p", paragraph(2)), ("h", "（本报记者沈童睿采访整理）")]
    _, profile = read(page(blocks)).pieces
    assert (profile.piece_type, profile.person, profile.position) == (
        "profile",
        "阿依古丽",
        "新疆某村党支部书记",
    )


def lines_of(count, width=12, end="。"):
    """Text that fills `count` lines of `width` exactly, `end` its last character."""
    text = ("党员干部带头示范服务群众" * count)[: count * width - 1]
    return text + end


@pytest.mark.parametrize(
    ("others", "split"),
    [
        (7, False),  # the page's paragraphs run to 7 lines: 4 + 5 lines is one of them
        (2, True),  # they run to 2 or 3 lines: 4 lines, then 5 more, are two
    ],
)
def test_a_sentence_ending_a_full_line_ends_its_paragraph_as_the_pages_paragraphs_do(others, split):
    # Nothing on the line says whether the paragraph goes on (the layout hangs the 。 or
    # not either way); how long this page's paragraphs are whose ends are certain does.
    first, second = lines_of(4), lines_of(4, end="众") + "作风建设见实效。"
    blocks = news("两地作先锋", column="前沿观察", paragraphs=())
    blocks += [("p", first + second)]
    blocks += [("p", lines_of(others - 1, end="众") + f"第{n}段结束。") for n in range(6)]
    (piece,) = read(page(blocks, "spaced", 12)).pieces
    expected = [first, second] if split else [first + second]
    assert piece.paragraphs[: len(expected)] == expected
    assert len(piece.paragraphs) == len(expected) + 6


def test_a_wire_dateline_broken_where_a_column_ended_is_not_a_headline():
    """One paragraph a line, the first broken mid-sentence: its first half, short and with
    no full stop, still opens with 本报讯（…）, which only a paragraph does."""
    first = "本报讯（记者李铮通讯员王飞李永）3月15日，记者从西华县委组织部"
    blocks = [("h", "西华县推行党员积分管理"), ("p", first), ("p", "获悉，" + paragraph(1))]
    (piece,) = read(page(blocks, "lines")).pieces
    assert piece.title == "西华县推行党员积分管理"
    assert piece.authors == ["李铮", "王飞", "李永"]
    assert piece.paragraphs[0] == first + "获悉，" + paragraph(1)


def test_a_page_of_short_paragraphs_is_still_read_as_hard_wrapped():
    """Few lines fill the column when most paragraphs, captions and headings are short;
    none is wider than it, as a page of one paragraph a line always has."""
    texts = [paragraph(n, sentences=1) + "大家都说好。" for n in range(1, 9)]  # two lines
    blocks = []
    for n, text in enumerate(texts, start=1):
        blocks += [("h", "党员服务群众在一线，"[: n + 1] + f"第{n}组短讯"), ("p", text)]
    layout = analyse(page(blocks, "spaced", width=26))
    assert (layout.style, layout.width) == ("spaced-wrap", 26)
    assert [segment.text for segment in layout.segments][1::2] == texts


def test_a_byline_exactly_as_wide_as_the_column_stays_a_byline():
    byline = "本报记者  张  三  本报通讯员  李四海"  # 22 characters, padding included
    blocks = news("村里的“红色管家”", byline=byline, column="前沿观察")
    (piece,) = read(page(blocks, "spaced", width=len(byline))).pieces
    assert piece.authors == ["张三", "李四海"]
    assert piece.paragraphs == [paragraph(n) for n in (1, 2, 3)]

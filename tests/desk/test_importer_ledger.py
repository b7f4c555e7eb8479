"""The importer never loses or invents text: a property test on pages of invented pieces,
shuffled, hard-wrapped at any width and cut off anywhere."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench.printed_pages import news, page, paragraph
from dangjian.desk.importer.ledger import check_drafts, check_page, plain
from dangjian.desk.importer.parse import parse_page
from dangjian.desk.importer.write import markdown

HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?"})
KINDS = ["news", "commentary", "photo", "credited", "profile", "code", "package"]


def piece_blocks(kind, n):
    """The blocks of one invented piece of `kind` (n makes its text its own)."""
    if kind == "news":
        return news(f"标题{n}：讲亲情，也不能逾越底线", column="前沿观察", paragraphs=(n, n + 1))
    if kind == "commentary":
        return news(f"评论{n}要立足解决问题", byline="耿  磊", column="金台潮声", paragraphs=(n,))
    if kind == "photo":
        return [("h", f"图片{n} 助农暖人心"), ("p", paragraph(n, 1)), ("h", "曹建雄摄（人民视觉）")]
    if kind == "credited":
        return news(
            f"被揩油的第{n}笔款", byline="", column="监督哨", paragraphs=(n,), end="（陆  伟）"
        )
    if kind == "profile":
        return [
            ("h", "某车队党支部书记、队长张桂容："),
            ("h", f"只要有党组织这个“家”{n}"),
            ("p", paragraph(n)),
            ("h", "（本报记者沈童睿采访整理）"),
        ]
    if kind == "code":
        return [
            *news(f"书记领办第{n}个项目", kicker="湖北省荆州市——", paragraphs=(n,)),
            ("h", "②11"),
        ]
    return [
        ("h", "前沿观察"),
        ("h", f"新春走基层第{n}篇"),
        ("p", "编者按：" + paragraph(n)),
        ("h", "——编  者"),
        ("h", "河北唐山"),
        ("h", "小标题在这里"),
        ("h", "本报记者  张  三"),
        ("p", paragraph(n + 1)),
    ]


pages = st.fixed_dictionaries(
    {
        "kinds": st.lists(st.sampled_from(KINDS), min_size=1, max_size=6),
        "style": st.sampled_from(["lines", "blocks", "spaced"]),
        "width": st.integers(min_value=8, max_value=40),
        "half": st.booleans(),
        "shuffle": st.randoms(use_true_random=False),
        "shuffled": st.booleans(),
        "cut": st.floats(min_value=0.0, max_value=1.0),
        "cut_it": st.booleans(),
    }
)


def build(spec):
    blocks = []
    for n, kind in enumerate(spec["kinds"], start=1):
        blocks += piece_blocks(kind, n * 3)
    if spec["shuffled"]:
        spec["shuffle"].shuffle(blocks)
    if spec["half"]:
        blocks = [(kind, text.translate(HALF)) for kind, text in blocks]
    text = page(blocks, spec["style"], spec["width"])
    if spec["cut_it"]:
        text = text[: int(len(text) * spec["cut"])]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_every_character_is_in_one_draft_or_named_as_dropped(spec):
    text = build(spec)
    page_ = parse_page(text, ["视点"], date="2025-01-07")
    check_page(text, page_)  # raises if text was lost, duplicated or invented
    owned = sum(len(plain(t)) for piece in page_.pieces for _, _, t in piece.owned)
    dropped = sum(len(plain(drop.text)) for drop in page_.drops)
    assert owned + dropped == len(plain(text))
    check_drafts(page_, [(piece, markdown(piece, page_.date)) for piece in page_.pieces])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(KINDS[:-1]), min_size=1, max_size=5),
    st.sampled_from(["lines", "blocks"]),
    st.integers(min_value=14, max_value=30),
)
# One paragraph of three lines, the last one longer by the full stop kept past the column
@example(kinds=["profile"], style="blocks", width=30)
def test_pages_in_print_order_come_back_piece_by_piece(kinds, style, width):
    blocks = []
    for n, kind in enumerate(kinds, start=1):
        blocks += piece_blocks(kind, n * 3)
    page_ = parse_page(page(blocks, style, width), ["视点"], date="2025-01-07")
    assert len(page_.pieces) == len(kinds)
    for piece, kind in zip(page_.pieces, kinds, strict=True):
        expected_type = {"credited": "news", "code": "news"}.get(kind, kind)
        assert piece.piece_type == expected_type, (kind, piece.title)
        assert piece.title
        if kind != "photo":
            assert piece.authors

"""A printed page's text (as the layout system exports it) → neutral records.

layout.py rejoins the lines the layout broke; pieces.py decides each line's role
from its form and its neighbours; here the pieces are finished: a piece printed
twice is kept once, each is typed, and organizations are suggested.
"""

import re

from dangjian.model.conventions import Conventions

from . import forms
from .layout import analyse
from .pieces import read_segments
from .records import Drop

DATE = re.compile(r"(\d{4})\s*[年-]\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*日?")
PROFILE_TITLE = re.compile(r"^(?P<person>[\u4e00-\u9fff]{2,3})：")
MIN_PRINTED_TWICE = 20  # characters: shorter text may start another piece by chance


def wide_punctuation(line):
    """Half-width , ! : ; ? beside Chinese become full-width; 61.98 and 2,000 stay."""
    return forms.widen(line)


def parse_credit(line, conventions=None):
    """The byline on a line of its own, or None: □本报记者 X, ◎X, □X, 本报记者 X 通讯员 Y."""
    return forms.parse_byline(line, conventions or Conventions())


def split_caption(line, conventions=None):
    """(caption text, photographer) for a line ending in "X 摄", or None."""
    credit = forms.parse_photo_credit(line, conventions or Conventions())
    if credit is None:
        return None
    return credit.caption, "、".join(credit.names)


def find_date(text):
    """YYYY-MM-DD of a date printed in the page's first lines, or ""."""
    for line in text.splitlines()[:5]:
        match = DATE.search(line)
        if match and len(line.strip()) <= 30:
            year, month, day = (int(part) for part in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


def read_pieces(text, columns=(), conventions=None):
    """The page's pieces in print order; `columns` are the registered column names."""
    conventions = (conventions or Conventions()).with_columns(columns)
    layout = analyse(
        text,
        speaker=lambda line: forms.speaker(forms.widen(line), conventions) is not None,
        byline=lambda line: forms.parse_byline(forms.widen(line), conventions) is not None,
    )
    segments = layout.segments
    leading = []
    while segments and len(leading) < 3 and DATE.search(segments[0].text):
        if len(segments[0].text) > 30:
            break
        leading.append(segments.pop(0))
    page = read_segments(segments, conventions)
    for index, segment in enumerate(leading):
        page.drops.append(Drop(segment.first_line, segment.text, "版面日期行", (-1, index)))
    page.layout = describe(layout)
    return page


def describe(layout):
    if layout.style == "blocks":
        return f"按栏宽 {layout.width} 字折行、段与段之间空一行的文本（已把折行接回）"
    if layout.style == "spaced-wrap":
        return f"按栏宽 {layout.width} 字折行、每行之后空一行的文本（按行宽把折行接回）"
    return "一段一行的文本（在句子中间断开的行已接回）"


def merge_printed_twice(pieces, page=None):
    """A piece cut off, then printed whole, is kept once: whole, where the first one was.

    The cut-off one's text is the start of the whole one's. The whole one takes
    the cut-off one's column when it had no column head of its own.
    """
    texts = {id(piece): piece.text for piece in pieces}
    starting = {}  # the first characters of a piece's text → the pieces starting so
    for piece in pieces:
        if len(texts[id(piece)]) >= MIN_PRINTED_TWICE:
            starting.setdefault(texts[id(piece)][:MIN_PRINTED_TWICE], []).append(piece)
    kept, alive = list(pieces), {id(piece) for piece in pieces}
    for cut in pieces:
        text = texts[id(cut)]
        whole = next(
            (
                other
                for other in starting.get(text[:MIN_PRINTED_TWICE], ())
                if other is not cut
                and id(other) in alive
                and len(texts[id(other)]) > len(text)
                and texts[id(other)].startswith(text)
            ),
            None,
        )
        if whole is None or id(cut) not in alive:
            continue
        note = (
            f"印了两次：第 {cut.first_line} 行起的一篇（“{cut.column}”栏目下）被截断，"
            f"第 {whole.first_line} 行起的一篇完整；保留完整的一篇"
        )
        column_owned = [entry for entry in cut.owned if entry[1] == "column"]
        if not whole.under_its_column_head:
            whole.column, whole.under_its_column_head = cut.column, True
            note += f"，栏目按截断的一篇定为“{cut.column}”"
            whole.owned = sorted(whole.owned + column_owned)
            cut.owned = [entry for entry in cut.owned if entry not in column_owned]
        whole.notes.append(note)
        if page is not None:
            why = f"印了两次，被截断的一次（完整的一篇在第 {whole.first_line} 行起）"
            for entry in cut.owned:
                reason = (
                    "被截断一次的栏目头（完整的一篇有自己的栏目头）"
                    if entry in column_owned
                    else why
                )
                page.drops.append(Drop(cut.first_line, entry[2], reason, entry[0]))
        alive.discard(id(cut))
        kept = [whole if piece is cut else piece for piece in kept if piece is not whole]
    return kept


def infer_type(piece, conventions=None):
    """photo (only photos and captions), commentary (its column, ◎ or a commentator),
    profile (a speaker introduced by the kicker, or 标题“人名：…”), else news."""
    conventions = conventions or Conventions()
    credit = piece.credit
    if piece.captions and not piece.paragraphs and piece.photographers:
        piece.piece_type = "photo"
        piece.paragraphs = [caption for caption, credit_text in piece.captions if caption]
        piece.captions = [(text, "") for text, credit_text in piece.captions if not credit_text]
        piece.owned = [
            (order, "body" if role == "caption" else role, text)
            for order, role, text in piece.owned
        ]
        piece.decided.append(
            "类型：只有图片和图片说明，定为图片新闻（photo），图片说明作正文（有把握）"
        )
        return
    if (
        piece.under_its_column_head
        and piece.column
        and conventions.is_commentary_column(piece.column)
    ):
        piece.piece_type = "commentary"
        base = conventions.series_base(piece.column)
        piece.decided.append(
            f"类型：“{base}”是评论栏目（content/conventions.toml），定为评论（有把握）"
        )
        return
    if credit is not None and (
        credit.mark in conventions.commentary_marks
        or any(any(word in role for word in conventions.commentary_roles) for role in credit.roles)
    ):
        piece.piece_type = "commentary"
        piece.decided.append(f"类型：署名“{credit.text}”是评论的署名，定为评论（有把握）")
        return
    spoken = forms.speaker(piece.kicker, conventions) if piece.kicker else None
    if spoken is not None:
        piece.piece_type = "profile"
        piece.person, piece.position = spoken
        piece.decided.append(
            f"类型：引题介绍讲述人“{piece.person}”，按人物稿（profile）处理（请核对）"
        )
        piece.notes.append(f"人物稿：人物“{piece.person}”、职务“{piece.position}”取自引题，请核对")
        return
    match = PROFILE_TITLE.match(piece.title)
    if match and piece.text.count(match["person"]) >= 2:
        piece.piece_type, piece.person = "profile", match["person"]
        piece.notes.append(
            f"标题以人名开头，按人物稿处理，人物为“{piece.person}”；请核对，并补写 Position（职务）"
        )
        return
    piece.decided.append(
        "类型：不在评论栏目下、没有评论的署名、讲述人引题，也不只有图片，定为消息（news）"
    )


KIND_SUFFIX = re.compile(r"(党委|党工委|党总支|党支部|总支部|支部|党组)$")
MIN_STEM = 4


def branch_names(organizations):
    """(name as it appears in text, slug) for each name and alias, and its stem.

    The stem drops the organization's kind (松山区公安分局党委 → 松山区公安分局):
    articles name the unit more often than its Party organization.
    """
    found = []
    for slug, names in organizations:
        for name in names:
            stem = KIND_SUFFIX.sub("", name)
            for form in dict.fromkeys([name, stem]):
                if len(form) >= MIN_STEM:
                    found.append((form, slug))
    return found


def suggest_branches(piece, names):
    """Registry slugs whose names or aliases appear in the piece, and why."""
    text = piece.title + piece.text
    for form, slug in names:
        if form in text and slug not in piece.branches:
            piece.branches.append(slug)
            piece.notes.append(f"建议党组织 {slug}（文中出现“{form}”），请核对")


def parse_page(text, columns, organizations=(), date="", conventions=None):
    """The page as records: pieces merged, typed and given branch suggestions.

    `organizations` are (slug, [name, *aliases]) pairs from the registry.
    """
    conventions = (conventions or Conventions()).with_columns(columns)
    page = read_pieces(text, columns, conventions)
    page.date = date or find_date(text)
    page.pieces = merge_printed_twice(page.pieces, page)
    names = branch_names(organizations)
    for piece in page.pieces:
        infer_type(piece, conventions)
        suggest_branches(piece, names)
        if not piece.under_its_column_head and piece.column:
            piece.notes.append(f"前面没有栏目头，暂归入上一个栏目“{piece.column}”，请核对")
    return page

"""A printed page's text (as the layout system exports it) → neutral records.

The layout system breaks sentences across lines, drops headline fragments into
bodies and may print a piece twice (cut off under its column head, then whole
under its own title). Each rule below is a small function, tested on its own.
"""

import re

from .records import Credit, Page, Piece

MARKS = "□■◎●○◇◆☆★"
ROLES = sorted(
    ["本报记者", "本报通讯员", "通讯员", "记者", "本报评论员", "评论员", "特约评论员", "实习生"],
    key=len,
    reverse=True,
)
NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
# A sentence (or a quotation) is closed by these; any other last character continues.
CLOSING = "。！？!?…”’」』）)"
# "……有声有色。杨守东 摄" or "周恩立 摄" alone: the photographer ends a photo caption.
PHOTOGRAPHERS = r"[\u4e00-\u9fff·]{2,4}(?:[、 ][\u4e00-\u9fff·]{2,4})*"
CAPTION = re.compile(rf"^(?P<text>(?:.*[{CLOSING}])?)\s*(?P<name>{PHOTOGRAPHERS})\s+摄$")
# ASCII , ! : ; ? next to Chinese text are the exported form of full-width punctuation.
HALF_WIDTH = {",": "，", "!": "！", ":": "：", ";": "；", "?": "？"}
NARROW = re.compile(r"(?<=[^\x00-\x7f])[,!:;?]|[,!:;?](?=[^\x00-\x7f])")
DATE = re.compile(r"(\d{4})\s*[年-]\s*(\d{1,2})\s*[月-]\s*(\d{1,2})\s*日?")
MAX_TITLE = 30
PROFILE_TITLE = re.compile(r"^(?P<person>[\u4e00-\u9fff]{2,3})：")
COMMENTARY_MARK = "◎"


def wide_punctuation(line):
    """Half-width , ! : ; ? beside Chinese become full-width; 61.98 and 2,000 stay."""
    return NARROW.sub(lambda match: HALF_WIDTH[match.group(0)], line)


def parse_credit(line):
    """The byline on a line of its own, or None: □本报记者 X, ◎X, □X, 本报记者 X 通讯员 Y."""
    if len(line) > 40:
        return None
    mark = line[0] if line[0] in MARKS else ""
    tokens = [token for token in re.split(r"[\s、，,]+", line[len(mark) :]) if token]
    credit = Credit(mark=mark)
    for token in tokens:
        role = next((role for role in ROLES if token.startswith(role)), "")
        if role:
            credit.roles.append(role)
            token = token[len(role) :]
            if token and not mark:
                return None  # "记者了解到": a role glued to a word is prose unless marked
            if not token:
                continue
        if not NAME.match(token):
            return None
        credit.names.append(token)
    if not credit.names or not (mark or credit.roles):
        return None
    return credit


def split_caption(line):
    """(caption text, photographer) for a line ending in "X 摄", or None."""
    match = CAPTION.match(line)
    if not match:
        return None
    return match["text"].strip(), match["name"]


def is_closed(line):
    return bool(line) and line[-1] in CLOSING


def is_title_like(line):
    """Short, no sentence punctuation, not closed: how headlines look."""
    return (
        len(line) <= MAX_TITLE
        and not is_closed(line)
        and not any(mark in line for mark in "，。；")
        and parse_credit(line) is None
    )


def find_date(text):
    """YYYY-MM-DD of a date printed in the page's first lines, or ""."""
    for line in text.splitlines()[:5]:
        match = DATE.search(line)
        if match and len(line.strip()) <= 30:
            year, month, day = (int(part) for part in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""


class _Reader:
    """Walks the page line by line, building pieces."""

    def __init__(self, columns):
        self.columns = set(columns)
        self.page = Page()
        self.column = ""
        self.piece = None
        self.pending = ""  # a paragraph whose sentence the layout broke

    def start(self, number, **fields):
        self.end_piece()
        self.piece = Piece(column=self.column, first_line=number, **fields)
        self.page.pieces.append(self.piece)

    def end_paragraph(self):
        if self.pending:
            self.piece.paragraphs.append(self.pending)
            self.pending = ""

    def end_piece(self):
        if self.piece is not None:
            self.end_paragraph()
        self.piece = None

    def add_text(self, number, line):
        if self.piece is None:
            self.start(number)
        self.pending += line
        if is_closed(line):
            self.end_paragraph()

    def titles(self):
        return [piece.title for piece in self.page.pieces if piece.title]

    def read(self, number, line, next_line):
        piece = self.piece
        untouched = piece is not None and not piece.paragraphs and not self.pending
        if line in self.columns:
            self.end_piece()
            self.column = line
            return
        credit = parse_credit(line)
        if credit:
            if untouched and piece.credit is None:
                piece.credit = credit
            else:
                self.start(number, credit=credit)
            return
        caption = split_caption(line)
        if caption and piece is not None:
            text, piece.photographer = caption
            if text:
                self.add_text(number, text)
            self.end_piece()
            return
        if is_title_like(line):
            if piece is None:
                self.start(number, title=line)
                return
            if untouched and piece.title and piece.credit is None and not piece.subtitle:
                piece.subtitle = line
                return
            if parse_credit(next_line):
                # A headline and byline straight after a body: a new piece, with no
                # column head of its own (it may belong to another column).
                self.start(number, title=line, under_its_column_head=False)
                return
            if any(line in title for title in self.titles()):
                note = f"第 {number} 行“{line}”是标题的一部分，误排进了正文，已删去"
                piece.notes.append(note)
                return
        self.add_text(number, line)


def read_pieces(text, columns):
    """The page's pieces in print order; `columns` are the registered column names."""
    reader = _Reader(columns)
    lines = [
        (number, wide_punctuation(line.strip()))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    for index, (number, line) in enumerate(lines):
        next_line = lines[index + 1][1] if index + 1 < len(lines) else ""
        reader.read(number, line, next_line)
    reader.end_piece()
    return reader.page


def merge_printed_twice(pieces):
    """A piece cut off, then printed whole, is kept once: whole, where the first one was.

    The cut-off one's text is the start of the whole one's. The whole one takes
    the cut-off one's column when it had no column head of its own.
    """
    kept = list(pieces)
    for cut in pieces:
        whole = next(
            (
                other
                for other in pieces
                if other is not cut
                and other in kept
                and len(cut.text) >= 20
                and len(other.text) > len(cut.text)
                and other.text.startswith(cut.text)
            ),
            None,
        )
        if whole is None or cut not in kept:
            continue
        note = (
            f"印了两次：第 {cut.first_line} 行起的一篇（“{cut.column}”栏目下）被截断，"
            f"第 {whole.first_line} 行起的一篇完整；保留完整的一篇"
        )
        if not whole.under_its_column_head:
            whole.column, whole.under_its_column_head = cut.column, True
            note += f"，栏目按截断的一篇定为“{cut.column}”"
        whole.notes.append(note)
        kept[kept.index(cut)] = whole
        kept.pop(len(kept) - 1 - kept[::-1].index(whole))  # its later, second place
    return kept


def infer_type(piece):
    """photo (a photographer), commentary (◎ or a commentator), profile (标题“人名：…”)."""
    credit = piece.credit or Credit()
    if piece.photographer:
        piece.piece_type = "photo"
    elif credit.mark == COMMENTARY_MARK or any("评论员" in role for role in credit.roles):
        piece.piece_type = "commentary"
    else:
        match = PROFILE_TITLE.match(piece.title)
        if match and piece.text.count(match["person"]) >= 2:
            piece.piece_type, piece.person = "profile", match["person"]
            piece.notes.append(
                f"标题以人名开头，按人物稿处理，人物为“{piece.person}”；"
                "请核对，并补写 Position（职务）"
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


def parse_page(text, columns, organizations=(), date=""):
    """The page as records: pieces merged, typed and given branch suggestions.

    `organizations` are (slug, [name, *aliases]) pairs from the registry.
    """
    page = read_pieces(text, columns)
    page.date = date or find_date(text)
    page.pieces = merge_printed_twice(page.pieces)
    names = branch_names(organizations)
    for piece in page.pieces:
        infer_type(piece)
        suggest_branches(piece, names)
        if not piece.under_its_column_head:
            piece.notes.append(f"前面没有栏目头，暂归入上一个栏目“{piece.column}”，请核对")
    return page

"""Segments of a page → its pieces, as an editor reads the page.

Each segment's role (column head, kicker, title, subtitle, byline, subhead,
caption, photo credit, end credit, body, editor's code) is decided from its
form (forms.py) and its neighbours:

- a run of short lines is a piece's header when something says a piece starts
  there: the page starts, the last piece ended (a credit after its text, an
  editor's code, a photo's credit), the run has a byline, a subtitle, a kicker
  ending in —— or a speaker's "：", a known column head, photos follow it, the
  next paragraph opens with 本报讯（…）, or a credit after the text follows while
  the piece before already has its byline (a piece is credited once);
- otherwise its lines are subheads of the piece they are in (a subhead never
  opens a body);
- a line ending mid-sentence (a text column ended there) goes on with the next
  one, past a headline fragment the layout dropped in between.

Every segment ends up owned by one piece or in `drops`, in page order: the
ledger (ledger.py) checks that.
"""

import re
from dataclasses import dataclass

from . import forms
from .names import is_padded_name
from .records import Drop, Page, Piece

CODE, PHOTO, END, BYLINE, NOTE, SUB, HEAD, TEXT = (
    "code",
    "photo",
    "end",
    "byline",
    "note",
    "sub",
    "head",
    "text",
)
MAX_HEADER = 6  # lines: column, kicker (two at most), title, subtitle, byline
MAX_CAPTION_TAIL = 120
LOOKAHEAD = 400  # segments: how far a credit after the text is looked for
UNSURE_STARTS = (
    "其后有文末署名而上一篇已有署名",
)  # a piece started for this reason is worth a look
PUNCTUATION = re.compile(
    r"[，。、；：？！“”‘’「」『』《》（）()!?,;:…—]"
)  # characters: a caption is a few wrapped lines


@dataclass
class Seg:
    index: int
    soft: list
    unsure: list
    text: str
    first_line: int
    open_end: bool
    kind: str
    credit: forms.Credit | None = None
    photo: forms.PhotoCredit | None = None
    names: bool = False  # only people's names: a commentator's byline after a title
    known: bool = False  # a registered or listed column head
    column_like: bool = False
    kicker: bool = False  # ends like a kicker: —— or a speaker's ：


def classify(index, segment, conventions, half_width=False):
    text = forms.widen(segment.text, half_width)
    seg = Seg(index, segment.soft, segment.unsure, text, segment.first_line, segment.open_end, TEXT)
    if forms.is_editor_code(text, conventions):
        seg.kind = CODE
    elif (photo := forms.parse_photo_credit(text, conventions)) is not None:
        seg.kind, seg.photo = PHOTO, photo
    elif (credit := forms.parse_end_credit(text, conventions)) is not None:
        seg.kind, seg.credit = END, credit
    elif (credit := forms.parse_byline(text, conventions)) is not None:
        seg.kind, seg.credit = BYLINE, credit
    elif forms.is_note(text, conventions):
        seg.kind = NOTE
    elif forms.is_subtitle(text, conventions):
        seg.kind = SUB
    elif forms.heading_like(text, conventions):
        seg.kind = HEAD
        seg.names = forms.names_line(text, conventions)
        if seg.names:
            seg.credit = forms.parse_byline(text, conventions, bare=True)
        head = forms.strip_mark(text, conventions)
        seg.known = conventions.is_known_head(head) or conventions.is_commentary_column(head)
        seg.column_like = forms.column_like(text, conventions)
        seg.kicker = forms.kicker_form(text, conventions)
    return seg


@dataclass
class Header:
    column: Seg | None = None
    kicker: list = None
    title: Seg | None = None
    subtitle: Seg | None = None
    byline: Seg | None = None
    lines: int = 0

    @property
    def heads(self):
        return [seg for seg in (self.column, *(self.kicker or []), self.title) if seg]


class Reader:
    """Walks the segments once, building pieces."""

    def __init__(self, segs, conventions):
        self.segs = segs
        self.cv = conventions
        self.page = Page()
        self.piece = None
        self.column = ""  # the last column head printed
        self.ended = True  # the current piece is complete: what follows starts another
        self.photo_done = False  # a photo piece's credit: a new piece may follow, or a photo
        self.heads_seen = set()  # column heads printed on this page
        self.para_segs = []  # per paragraph of the current piece: its segments' indexes
        self.open = False  # the current piece's last paragraph stops mid-sentence

    # --- ownership -------------------------------------------------------------------

    def own(self, piece, seg, role, text=None, part=0):
        piece.owned.append(((seg.index, part), role, seg.text if text is None else text))
        if role == "body" and seg.unsure:
            piece.unsure_lines += [line for line in seg.unsure if line not in piece.unsure_lines]

    def drop(self, seg, why, text=None, part=0):
        text = seg.text if text is None else text
        self.page.drops.append(Drop(seg.first_line, text, why, (seg.index, part)))

    # --- pieces ----------------------------------------------------------------------

    def new_piece(self, seg, **fields):
        self.piece = Piece(first_line=seg.first_line, last_line=seg.first_line, **fields)
        self.page.pieces.append(self.piece)
        self.para_segs, self.open = [], False
        self.ended = self.photo_done = False
        return self.piece

    def current(self, seg):
        """The piece a body line belongs to (an untitled one if none has started, or
        the last one ended with a credit after its text)."""
        if self.piece is None or self.ended:
            piece = self.new_piece(seg, column=self.column, under_its_column_head=False)
            piece.notes.append(f"第 {seg.first_line} 行起的文字前面没有标题，单独成篇，请核对")
        return self.piece

    def add_paragraph(self, seg, role="body", open_end=None):
        piece = self.current(seg)
        piece.paragraphs.append(seg.text)
        self.para_segs.append([seg.index])
        self.own(piece, seg, role)
        self.open = seg.open_end if open_end is None else open_end
        piece.last_line = seg.first_line
        self.photo_done = False

    def continue_paragraph(self, seg):
        piece = self.piece
        piece.paragraphs[-1] += seg.text
        self.para_segs[-1].append(seg.index)
        self.own(piece, seg, "body")
        self.open = seg.open_end
        piece.last_line = seg.first_line

    # --- runs of short lines ---------------------------------------------------------

    def run_end(self, start):
        """The end of the run of header-like segments starting at `start`; a line of prose
        (a long one with commas, or a quotation's start) does not end a header."""
        end = self.run_reach(start)
        while end - start >= 2 and self.prose_like(self.segs[end - 1]):
            end -= 1
        return end

    def prose_like(self, seg):
        text = seg.text
        if seg.kind != HEAD or seg.kicker or len(text) <= self.cv.max_subhead:
            return False
        return text.count("，") >= 2 or text.startswith("“") or text.endswith(("，", "、"))

    def run_reach(self, start):
        end, heads = start, 0
        while end < len(self.segs) and end - start < MAX_HEADER:
            seg = self.segs[end]
            following = self.segs[end + 1] if end + 1 < len(self.segs) else None
            if seg.kind == BYLINE:
                return end + 1
            if seg.kind == HEAD:
                if seg.names and heads and (following is None or following.kind != BYLINE):
                    return end + 1
                heads += 1
            elif seg.kind == SUB:
                if not heads:
                    return end + 1 if end == start else end
                if following is None or not (
                    following.kind == BYLINE or (following.kind == HEAD and following.names)
                ):
                    return end + 1
            else:
                return end
            end += 1
        return end

    def parse_header(self, start, end):
        items = list(self.segs[start:end])
        header = Header(kicker=[], lines=len(items))
        last = items[-1]
        if last.kind == BYLINE or (last.names and len(items) >= 2 and items[-2].kind == HEAD):
            header.byline = items.pop()
        if items and items[-1].kind == SUB and len(items) >= 2:
            header.subtitle = items.pop()
        if any(seg.kind != HEAD for seg in items):
            return None
        if not items:
            return header if header.byline else None
        if self.is_column(items[0]) and (len(items) > 1 or header.byline):
            header.column = items.pop(0)
        if not items:
            return header
        header.title = items.pop()
        if items and header.column is None and items[0].column_like and not items[0].kicker:
            header.column = items.pop(0)
        if len(items) == 1 and header.subtitle is None and self.plain_head(items[0]):
            # Two plain headlines, neither marked as kicker (—— or a sentence in it) nor
            # as subtitle (——): the first is the title, the second its subtitle.
            header.subtitle, header.title = header.title, items.pop()
        header.kicker = items
        return header

    def plain_head(self, seg):
        return not seg.kicker and not PUNCTUATION.search(seg.text.replace(" ", ""))

    def is_column(self, seg):
        head = forms.strip_mark(seg.text, self.cv)
        return seg.kind == HEAD and (seg.known or head in self.heads_seen)

    def photos_follow(self, end):
        """Do photos (caption and credit pairs) follow, and nothing but a new piece after them?"""
        index, photos = end, 0
        while index < len(self.segs):
            seg = self.segs[index]
            if seg.kind == PHOTO:
                index, photos = index + 1, photos + 1
            elif (
                seg.kind in (TEXT, HEAD)
                and index + 1 < len(self.segs)
                and self.segs[index + 1].kind == PHOTO
                and not self.segs[index + 1].photo.caption
            ):
                index, photos = index + 2, photos + 1
            elif seg.kind == NOTE and photos:
                index += 1
            else:
                break
        if not photos:
            return False
        return index >= len(self.segs) or self.segs[index].kind not in (TEXT,)

    def inline_byline_follows(self, end):
        if end >= len(self.segs):
            return False
        seg = self.segs[end]
        return seg.kind == TEXT and forms.parse_inline_byline(seg.text, self.cv) is not None

    def strong(self, header, start, end):
        """Does the header say by itself that a piece starts here? (why, or "")"""
        if header is None:
            return ""
        if header.byline is not None:
            if header.byline.kind == BYLINE:
                if self.inner_report(header):
                    return ""  # a report of the package: its byline stays in the text
                return "标题下有署名"
            one_name = len(header.byline.credit.names) == 1 and len(header.byline.text) <= 4
            if len(header.heads) >= 2 or is_padded_name(header.byline.text) or one_name:
                return "标题下有署名"
        if header.subtitle is not None and header.subtitle.kind == SUB and header.title is not None:
            return "有副题"
        if header.column is not None and self.is_column(header.column):
            return "有栏目头"
        if header.title is not None and any(seg.kicker for seg in header.kicker):
            # A speaker's "……队长张桂容：" opens an account; a line ending in —— may be a
            # subhead's first line, so it opens a piece only if a credit follows.
            if any(forms.speaker(seg.text, self.cv) for seg in header.kicker):
                return "有引题"
            if self.credit_follows(end):
                return "有引题"
        short = header.title is not None and len(header.title.text) <= self.cv.max_subhead
        if short and header.lines <= 3 and self.photos_follow(end):
            return "其后是图片和说明"
        if header.title is not None and self.inline_byline_follows(end):
            return "其后一段以电头（本报讯）开始"
        return ""

    def credit_follows(self, end):
        """Is the text from `end` on credited (a credit after it) before another piece?"""
        for seg in self.segs[end : end + LOOKAHEAD]:
            if seg.kind == END:
                return True
            if seg.kind in (BYLINE, CODE) or (seg.kind == HEAD and (seg.known or seg.kicker)):
                return False
        return False

    def inner_report(self, header):
        """One of the reports a package (an editor's note, then reports under their own
        place line and heading, each with its reporter's byline) prints under its title."""
        piece = self.piece
        if piece is None or not piece.package or self.ended or self.photo_done:
            return False
        if header.column is not None and self.is_column(header.column):
            return False  # a known column head starts the next piece
        return not any(seg.kicker for seg in header.kicker) and header.subtitle is None

    def credited_later(self, start, end, header):
        """A credit after the text follows while this piece already has its byline: the
        run that opens the credited piece is the most head-like one before the credit, the
        nearest to it of equals (a box inside the piece before, "链接" and its heading,
        looks as head-like as the next piece's column head and title)."""
        piece = self.piece
        if piece is None or header is None or header.title is None or header.byline:
            return False
        credited = piece.credit is not None or piece.end_credit is not None
        index = end
        while index < min(len(self.segs), end + LOOKAHEAD):
            seg = self.segs[index]
            if seg.kind == END:
                break
            if seg.kind in (BYLINE, CODE) or (seg.kind == HEAD and (seg.known or seg.kicker)):
                return False
            index += 1
        else:
            return False
        best, best_key = None, None
        scan = start
        while scan < index:
            seg = self.segs[scan]
            if seg.kind == HEAD and (
                scan == start or self.segs[scan - 1].kind in (TEXT, PHOTO, NOTE)
            ):
                stop = self.run_end(scan)
                candidate = self.parse_header(scan, stop)
                if candidate is not None and candidate.title is not None and not candidate.byline:
                    key = self.candidate_key(candidate, scan)
                    if best_key is None or key > best_key:
                        best, best_key = scan, key
                scan = max(stop, scan + 1)
            else:
                scan += 1
        if best != start:
            return False
        return credited or best_key[0] >= 2

    def candidate_key(self, header, start):
        if header.column is not None and self.is_column(header.column):
            tier = 3
        elif header.column is not None:
            tier = 2
        elif len(header.heads) >= 2:
            tier = 1
        else:
            tier = 0
        return (tier, start)

    # --- the walk --------------------------------------------------------------------

    def is_fragment(self, seg):
        """A piece of the current title the layout dropped into the body (it interrupts
        a sentence: the line before stops mid-sentence and the one after goes on)."""
        title = self.piece.title if self.piece else ""
        text = seg.text.strip()
        return seg.kind == HEAD and len(text) >= 4 and text != title and text in title

    def read(self):
        index = 0
        while index < len(self.segs):
            index = self.step(index)
        return self.page

    def step(self, index):
        seg = self.segs[index]
        piece = self.piece
        if piece is not None and not self.ended and self.open and seg.kind in (TEXT, HEAD):
            if self.is_fragment(seg):
                self.drop_fragment(seg)
                return index + 1
            end = self.run_end(index) if seg.kind == HEAD else index + 1
            if seg.kind == TEXT or not self.strong(self.parse_header(index, end), index, end):
                self.continue_paragraph(seg)
                return index + 1
        if seg.kind == CODE:
            self.drop(seg, "编辑代码，不是正文")
            self.ended = self.piece is not None and bool(
                self.piece.paragraphs or self.piece.captions
            )
            return index + 1
        if seg.kind == END:
            self.end_credit(seg)
            return index + 1
        if seg.kind == PHOTO:
            self.photo(seg)
            return index + 1
        if seg.kind == NOTE:
            piece = self.current(seg)
            piece.captions.append((seg.text, ""))
            self.own(piece, seg, "note")
            return index + 1
        if seg.kind in (HEAD, SUB, BYLINE):
            end = self.run_end(index)
            header = self.parse_header(index, end)
            why = self.header_reason(header, index, end)
            if why:
                self.start_piece(header, why)
                return end
            for inner in self.segs[index:end]:
                self.body_line(inner)
            return end
        self.body_line(seg)
        return index + 1

    def header_reason(self, header, start, end):
        if header is None:
            return ""
        if self.piece is None or self.ended or self.photo_done:
            if header.title is None and header.column is None and header.byline is None:
                return ""
            return "上一篇已结束" if self.piece is not None else "在版面开头"
        why = self.strong(header, start, end)
        if why:
            return why
        if self.credited_later(start, end, header):
            return "其后有文末署名而上一篇已有署名"
        return ""

    def drop_fragment(self, seg):
        self.drop(seg, f"是标题“{self.piece.title}”的一部分，误排进了正文")
        self.piece.notes.append(
            f"第 {seg.first_line} 行“{seg.text}”是标题的一部分，误排进了正文，已删去"
        )

    def body_line(self, seg):
        piece = self.current(seg)
        if self.open and piece.paragraphs and seg.kind in (TEXT, HEAD):
            if self.is_fragment(seg):
                self.drop_fragment(seg)
            else:
                self.continue_paragraph(seg)  # the line before stopped mid-sentence
            return
        if seg.kind == BYLINE and piece.package:
            piece.inner_credits.append(seg.credit)
            piece.decided.append(f"第 {seg.first_line} 行的署名属于组稿中的一篇，留在正文中")
            self.add_paragraph(seg, open_end=False)
            return
        if seg.kind in (HEAD, SUB, BYLINE) and self.subhead_like(seg):
            subhead = bool(piece.paragraphs) and not self.open
            self.add_paragraph(seg, open_end=False if subhead else seg.open_end)
            if forms.is_signature(seg.text, self.cv) or any(
                seg.text.startswith(head) for head in self.cv.editor_note_heads
            ):
                self.note_package(piece)
            return
        self.add_paragraph(seg)
        if len(piece.paragraphs) == 1:
            inline = forms.parse_inline_byline(seg.text, self.cv)
            if inline is not None and piece.credit is None:
                piece.inline_credit = inline
        if any(seg.text.startswith(head) for head in self.cv.editor_note_heads):
            self.note_package(piece)

    def subhead_like(self, seg):
        """Short, at most one comma: a subhead (or a byline, a signature), not prose."""
        return len(seg.text) <= self.cv.max_subhead and seg.text.count("，") <= 1

    def note_package(self, piece):
        """An editor's note opening a piece without a byline: reports follow under it."""
        if piece.credit is None and not piece.package and len(piece.paragraphs) <= 4:
            piece.package = True
            piece.decided.append(
                "开头是编者按、标题下没有署名：按组稿处理，其后各篇的署名留在正文中"
            )

    def end_credit(self, seg):
        piece = self.current(seg)
        if piece.end_credit is None:
            piece.end_credit = seg.credit
            self.own(piece, seg, "end")
        else:
            self.add_paragraph(seg, open_end=False)
        self.ended = True

    def photo(self, seg):
        credit = seg.photo
        piece = self.current(seg)
        if credit.code:
            self.drop(seg, "编辑代码，不是正文", credit.code, part=0)
        caption = credit.caption
        if caption:
            self.own(piece, seg, "caption", caption, part=1)
        elif (
            self.para_segs
            and self.para_segs[-1] == [seg.index - 1]
            and not (len(piece.paragraphs) == 1 and piece.inline_credit)
        ):
            caption = piece.paragraphs.pop()
            self.para_segs.pop()
            # Only text that follows a paragraph can be a paragraph and a caption joined.
            previous = self.segs[seg.index - 2] if seg.index >= 2 else None
            after_text = bool(self.para_segs) and self.para_segs[-1][-1] == seg.index - 2
            after_byline = previous is not None and previous.kind == BYLINE
            after_text = after_text or (after_byline and piece.credit is not None)
            order = (seg.index - 1, 0)
            before = self.segs[seg.index - 1]
            cut = before.soft[-1] if before.soft else 0
            if cut and after_text and len(caption) - cut <= MAX_CAPTION_TAIL:
                # A paragraph's last line and a caption's first were joined at a
                # sentence's end: the caption is what follows that join.
                head, caption = caption[:cut], caption[cut:]
                piece.paragraphs.append(head)
                self.para_segs.append([seg.index - 1])
                piece.owned = [
                    entry if entry[0] != order else (order, "body", head) for entry in piece.owned
                ]
                piece.owned.append(((seg.index - 1, 1), "caption", caption))
            else:
                piece.owned = [
                    (o, "caption" if o == order else role, text) for o, role, text in piece.owned
                ]
            self.open = False
        self.own(piece, seg, "credit", credit.text, part=2)
        piece.captions.append((caption, credit.text))
        piece.photographers += [name for name in credit.names if name not in piece.photographers]
        piece.last_line = seg.first_line
        if not piece.paragraphs and piece.credit is None:
            self.photo_done = True  # a photo's credit: a new piece, not a subhead, follows

    def start_piece(self, header, why):
        anchor = header.heads[0] if header.heads else header.byline
        if header.column is not None:
            head = forms.strip_mark(header.column.text, self.cv)
            self.column = head
            self.heads_seen.add(head)
            piece = self.new_piece(anchor, column=head, under_its_column_head=True)
            self.own(piece, header.column, "column")
            if head in self.cv.registered_columns:
                piece.decided.append(f"栏目头“{head}”：已登记的栏目（有把握）")
            else:
                self.page.unknown_columns.setdefault(head, header.column.first_line)
                how = "印刷惯例中的栏目" if header.column.known else "标题之前的短行"
                piece.decided.append(f"栏目头“{head}”：按{how}识别，未登记（请核对）")
        else:
            piece = self.new_piece(anchor, column=self.column, under_its_column_head=False)
        if header.kicker:
            piece.kicker = "".join(seg.text for seg in header.kicker)
            for seg in header.kicker:
                self.own(piece, seg, "kicker")
            sure = "有把握" if any(seg.kicker for seg in header.kicker) else "请核对"
            piece.decided.append(f"引题“{piece.kicker}”：印在标题之前，不算正文（{sure}）")
        if header.title is not None:
            piece.title = header.title.text
            self.own(piece, header.title, "title")
            sure = "请核对" if why in UNSURE_STARTS else "有把握"
            piece.decided.append(f"标题：按版面位置识别，新一篇的依据是{why}（{sure}）")
        if header.subtitle is not None:
            piece.subtitle = header.subtitle.text
            self.own(piece, header.subtitle, "subtitle")
        if header.byline is not None:
            piece.credit = header.byline.credit
            self.own(piece, header.byline, "byline")
            sure = "请核对" if not piece.credit.roles and not piece.credit.mark else "有把握"
            piece.decided.append(f"署名{piece.credit.how}（{sure}）")
        piece.last_line = (header.byline or header.subtitle or header.title or anchor).first_line


def read_segments(segments, conventions):
    """The page's pieces in print order, with what was dropped and why."""
    half_width = forms.half_width_page("".join(segment.text for segment in segments))
    segs = [
        classify(index, segment, conventions, half_width) for index, segment in enumerate(segments)
    ]
    return Reader(segs, conventions).read()

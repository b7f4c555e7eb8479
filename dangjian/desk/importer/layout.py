"""A page's physical lines → text segments, as the layout system broke them.

Three ways a layout export breaks text, each found from the page itself:

- blocks: a blank line between blocks; the lines of a block are one paragraph
  hard-wrapped at the column width (a PDF copy);
- spaced wrap: the same hard-wrapped lines with a blank line after every line;
  a line as wide as the column continues on the next one, a shorter one ends
  its paragraph;
- lines: one paragraph a line, some broken once where a text column ended
  (mid-sentence, between two characters): such a line is "open" and the page
  reader decides, from its neighbours, whether the next line continues it.

Nothing is dropped or reordered here: the segments' texts, concatenated, are
the page's text without its line breaks.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from .names import has_surname

# A paragraph ends with one of these (the last closing quote or bracket aside).
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》〉】"
OPENERS = "“‘「『（(《〈【"
NO_LINE_START = "，。、；：？！”’）》」』〉】…—%％,.;:?!)"
WORDISH = re.compile(r"[0-9A-Za-z.%+\-/·]+")
LEADING_OPENERS = re.compile(rf"[{OPENERS}]*")
INDENT = re.compile(r"^(\u3000|\s{2,})")
MIN_WRAPPED = 8  # lines this short say nothing about the column width
MAX_WIDTH = 48  # characters: no newspaper column (or PDF copy of one) is wider
MIN_FULL_LINES = 6  # lines of one width that make a page hard-wrapped, if hardly any is wider


@dataclass
class Line:
    number: int  # 1-based, in the file
    text: str  # stripped
    blank_before: bool
    indented: bool


@dataclass
class Segment:
    """Consecutive lines that are one piece of text (a paragraph, a headline, a credit)."""

    text: str
    first_line: int
    last_line: int
    open_end: bool = False  # ends mid-sentence where a text column ended: may continue
    soft: list = field(default_factory=list)  # offsets of joins at a sentence's end (unsure)
    unsure: list = field(default_factory=list)  # lines whose break from the last is a guess
    lines: list = field(default_factory=list)  # the physical lines' numbers


@dataclass
class Layout:
    style: str  # "blocks", "spaced-wrap", "lines"
    width: int = 0  # the column width of hard-wrapped text (characters), 0 if none
    segments: list = field(default_factory=list)


def read_lines(text):
    lines, blank = [], True
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        lines.append(Line(number, stripped, blank, bool(INDENT.match(raw))))
        blank = False
    return lines


def sentence_ended(text):
    """Does `text` end a sentence (。！？… before any closing quotes or brackets)?"""
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def ends_open(text):
    """Does `text` stop mid-sentence: a character, a comma, an opening quote last?"""
    if not text:
        return False
    last = text[-1]
    if last in SENTENCE_END or last in CLOSERS:
        return False
    return last not in "：:；;—-"


def column_width(lines):
    """The width hard-wrapped text was wrapped at, or 0 if the page is not wrapped.

    Lines that another line follows without a blank line between them are wrapped
    lines, if there are any; otherwise every line tells.
    """
    inner = [
        line.text
        for line, following in pairwise(lines)
        if not following.blank_before and len(line.text) >= MIN_WRAPPED
    ]
    blocks = sum(1 for line in lines[1:] if line.blank_before)
    if len(inner) >= 3 and blocks >= 2:
        width, count = commonest_width(inner)
        if count >= 3 and count >= 0.6 * len(inner) and width <= MAX_WIDTH:
            return width
    texts = [line.text for line in lines if len(line.text) >= MIN_WRAPPED]
    if len(texts) < (4 if blocks else 8):
        return 0
    width, count = commonest_width(texts)
    if count < 3 or width > MAX_WIDTH:
        return 0
    lengths = [len(text) for text in texts]
    near = sum(1 for n in lengths if width - 1 <= n <= width + 1)
    longer = sum(1 for n in lengths if n > width + 3)
    if near >= 0.35 * len(lengths) and longer <= 0.15 * len(lengths):
        return width
    # A page of short paragraphs, captions and headings has few full lines; but a page of
    # one paragraph a line always has many longer than its commonest length.
    if count >= MIN_FULL_LINES and longer <= 0.05 * len(lengths):
        return width
    return 0


def commonest_width(texts):
    """(width, lines) of the commonest line length: a line one longer that ends with a
    closing mark counts for it too, the wrapper having kept the mark past the column."""
    exact = Counter(len(text) for text in texts)
    hung = Counter(len(text) - 1 for text in texts if text[-1] in NO_LINE_START)
    width = max(exact, key=lambda length: exact[length] + hung[length])
    return width, exact[width] + hung[width]


def carried(next_text):
    """How many characters at the start of the next line the wrapper kept together and
    could have moved down: opening marks, a number or Latin word, half of …… or ——."""
    count = len(LEADING_OPENERS.match(next_text).group(0))
    rest = next_text[count:]
    word = WORDISH.match(rest)
    if word:
        count += len(word.group(0))
    elif rest[:2] in ("……", "——"):
        count += 1
    return count


def wider(text, width):
    """Is `text` wider than the column, the closing marks the wrapper keeps aside?"""
    return len(text.rstrip(NO_LINE_START)) > width


def fills_the_column(text, next_text, width, slack=0):
    """Is `text` a full line of text wrapped at `width` (so the next line continues it)?

    A wrapped line is `width` characters, plus the closing marks the wrapper kept
    on it (never at a line's start), minus what it moved down whole: opening
    marks, a number or Latin word, half of …… or ——. `slack` forgives that many.
    """
    if wider(text, width):
        return False  # a headline or a line of its own
    if next_text[:1] in NO_LINE_START:
        return False  # no wrapped line starts with a closing mark: "——江苏……" is a subtitle
    return len(text) + carried(next_text) >= width - slack


def segments_of(lines, join):
    """Segments from lines, `join(a, b)` saying whether line b continues line a."""
    segments = []
    for index, line in enumerate(lines):
        if segments and join(lines[index - 1], line):
            segment = segments[-1]
            segment.text += line.text
            segment.last_line = line.number
            segment.lines.append(line.number)
        else:
            segments.append(Segment(line.text, line.number, line.number, lines=[line.number]))
    return segments


def analyse(text, speaker=lambda line: False, byline=lambda line: False):
    """The page's layout and its segments. `speaker(line)`: does the line introduce a
    first-person account ("……队长张桂容："), whose title stands alone under it?
    `byline(line)`: is it a byline ("本报记者  张  三"), printed as it is, never wrapped?"""
    lines = read_lines(text)
    together = sum(1 for line in lines[1:] if not line.blank_before)
    spaced = together <= 0.1 * max(1, len(lines))
    width = column_width(lines)
    if width and not spaced:

        def join(a, b):
            if b.blank_before or b.indented:
                return False
            return fills_the_column(a.text, b.text, width, slack=1)

        return Layout("blocks", width, segments_of(lines, join))
    if width:
        return Layout("spaced-wrap", width, spaced_segments(lines, width, speaker, byline))
    segments = segments_of(lines, lambda a, b: False)
    for segment in segments:
        segment.open_end = ends_open(segment.text)
    return Layout("lines", 0, segments)


ATTRIBUTION = re.compile(r"(说|表示|介绍|指出|认为|坦言|感慨|感叹|说道|强调|透露|告诉记者)。$")


def unbalanced(text):
    """Is a quotation or bracket still open at the end of `text`?"""
    pairs = ("“”", "‘’", "（）", "《》", "「」", "『』")
    return any(text.count(a) > text.count(b) for a, b in pairs)


def spaced_segments(lines, width, speaker, byline):
    """Hard-wrapped lines with a blank line after each: rejoined by width.

    A full line goes on to the next one, unless the next one stands alone: it is
    short and ends no sentence (a headline, a subhead, a credit). A full line
    that ends a sentence is the real question (the text gives no sign); see
    `paragraph_ends`.
    """
    full = [
        index + 1 < len(lines)
        and not lines[index + 1].indented
        and fills_the_column(line.text, lines[index + 1].text, width)
        and not byline(line.text)  # one as wide as the column is still a line of its own
        for index, line in enumerate(lines)
    ]
    typical = typical_paragraph(lines, full)
    segments, so_far = [], 0
    for index, line in enumerate(lines):
        joined = bool(segments) and full[index - 1]
        if joined and not full[index] and not ends_a_paragraph(line.text):
            joined = False  # a short line that ends no sentence stands alone
        if joined and wider(line.text, width):
            joined = False  # no wrapped line is wider than the column: a kicker, a title
        if joined and so_far == 1 and len(segments) > 1 and speaker(segments[-2].text):
            # The title under a speaker's "……张桂容：" stands alone. A line ending in ——
            # may be a subhead's: a full line after it starts a paragraph.
            joined = sentence_ended(segments[-1].text)
        if joined and sentence_ended(lines[index - 1].text) and kicker_shaped(line.text):
            joined = False  # "……队长张桂容：" "湖北省荆州市——" after a paragraph: a kicker
        if joined and interview_turn(line.text):
            joined = False  # "记者：" "吴涛：" an interview's turn starts a paragraph
        if (
            joined
            and sentence_ended(lines[index - 1].text)
            and short_heading(line.text, full[index])
        ):
            joined = False  # "“落”在哪里？" after a paragraph: a subhead that asks
        unsure = False
        if joined and sentence_ended(lines[index - 1].text):
            joined = not paragraph_ends(segments[-1].text, so_far, lines, full, index, typical)
            unsure = True
            if joined:
                segments[-1].soft.append(len(segments[-1].text))
                segments[-1].unsure.append(line.number)
        if joined:
            segment = segments[-1]
            segment.text += line.text
            segment.last_line = line.number
            segment.lines.append(line.number)
            so_far += 1
        else:
            segments.append(Segment(line.text, line.number, line.number, lines=[line.number]))
            if unsure:
                segments[-1].unsure.append(line.number)
            so_far = 1
    return segments


SPEAKER = re.compile(r"^(?P<who>[\u4e00-\u9fff]{1,3})[：:]")


def interview_turn(text):
    """ "记者：" "吴涛：" at a line's start: an interview's turn, which starts a paragraph."""
    match = SPEAKER.match(text)
    if not match:
        return False
    who = match["who"]
    if who in ("记者", "问", "答"):
        return True
    return len(who) >= 2 and has_surname(who) and who[-1] not in "说道问讲称示"


def kicker_shaped(text):
    """A kicker (引题) standing alone: "湖北省荆州市——", "……负责人宋学文：" (no sentence in it)."""
    return text.endswith(("——", "：", ":")) and not re.search(r"[，。；,;]", text)


def short_heading(text, full):
    """A short line that is a question or exclamation alone: "力量如何整合？"."""
    return not full and len(text) <= 12 and text[-1] in "？！?!" and not re.search(r"[，。,]", text)


def ends_a_paragraph(text):
    """Could `text` be a paragraph's last line: a sentence's end, or a colon before a list?"""
    return sentence_ended(text) or text.rstrip(CLOSERS).endswith(("：", ":"))


def typical_paragraph(lines, full):
    """How many lines this page's paragraphs usually have: the median of those whose ends
    are certain (full lines, none ending a sentence, then a shorter line), or None when
    the page has too few of them to say."""
    lengths, run, certain = [], 0, True
    for line, is_full in zip(lines, full, strict=True):
        run += 1
        if is_full:
            certain = certain and not sentence_ended(line.text)
            continue
        if run >= 2 and certain:
            lengths.append(run)
        run, certain = 0, True
    if len(lengths) < MIN_PARAGRAPHS_KNOWN:
        return None
    return sorted(lengths)[len(lengths) // 2]


MIN_PARAGRAPHS_KNOWN = 5
SHORT_SO_FAR, SHORT_FOLLOWING, SHORT_BOTH = 3, 4, 8  # lines, when the page says nothing


def paragraph_ends(text, so_far, lines, full, index, typical=None):
    """After a full line ending a sentence, before lines[index]: does the paragraph end?

    The text gives no sign: a paragraph's last line fills the column about as
    often as a sentence ends just at a line's end. The paragraph goes on while a
    quotation is open or after "……"; it ends after a speaker's "……说。"; else it
    ends when both the paragraph so far and what follows up to the next short
    line are at least as long as the page's `typical` paragraph less a line (in
    lines; see typical_paragraph), or, on a page too short to tell, three and four
    lines or more: a paragraph much shorter than its page's are is rare. (Less a
    line: 436 pieces of 660 fully right against 399 without, the real pages' sources
    each rendered 20 more ways in this layout; 423 against 407 on 20 other ways.)
    """
    if unbalanced(text) or text.endswith("……"):
        return False  # a quotation goes on; "……" lists, it rarely ends a paragraph
    following = 1
    while index + following - 1 < len(lines) and full[index + following - 1]:
        following += 1
    if ATTRIBUTION.search(text) and following >= 2:
        return True
    if typical:
        return so_far >= typical - 1 and following >= typical - 1
    long_enough = so_far >= SHORT_SO_FAR and following >= SHORT_FOLLOWING
    return long_enough and so_far + following >= SHORT_BOTH

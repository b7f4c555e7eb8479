"""The importer checks itself: every character of the page is in exactly one draft, or
named in the report as a deliberate drop; nothing is invented.

White space and the punctuation the importer widens (, ! : ; ? → ，！：；？) are
ignored. Three checks, all before any file is written:

1. the page's text is the pieces' and the drops' text, in page order, once;
2. each piece's body is the text it owns as body, in order;
3. each draft, read back as the site reads it, has that body and that title.
"""

import re

from .forms import widen

SPACE = re.compile(r"[\s\u3000]+")
HALF = str.maketrans({",": "，", "!": "！", ":": "：", ";": "；", "?": "？"})


class LedgerError(Exception):
    """The import would lose or invent text; the message (Chinese) says where."""


def plain(text):
    """Text as the ledger compares it: no white space, punctuation widened."""
    return SPACE.sub("", widen(text)).translate(HALF)


def first_difference(got, want):
    index = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    if index is None:
        index = min(len(got), len(want))
    return got[max(0, index - 10) : index + 15], want[max(0, index - 10) : index + 15]


def check_page(page_text, page, skipped_lines=()):
    """Check 1 and 2 on the parsed `page`; raises LedgerError."""
    entries = [
        (order, text, f"第 {piece_number} 篇")
        for piece_number, piece in enumerate(page.pieces, start=1)
        for order, _role, text in piece.owned
    ]
    entries += [(drop.order, drop.text, "删去的文字") for drop in page.drops]
    entries.sort(key=lambda entry: entry[0])
    got = "".join(plain(text) for _, text, _ in entries)
    want = plain(page_text)
    if got != want:
        near_got, near_want = first_difference(got, want)
        lost = len(want) - len(got)
        raise LedgerError(
            "自检没有通过：稿件和报告中的文字与版面文本对不上"
            f"（{'少了' if lost > 0 else '多了'} {abs(lost)} 个字；"
            f"版面：“…{near_want}…”，稿件：“…{near_got}…”）→ 没有写入任何文件；"
            "请把版面文本和这条信息发给维护网站的同事。"
        )
    for number, piece in enumerate(page.pieces, start=1):
        body = "".join(plain(text) for _, role, text in sorted(piece.owned) if role == "body")
        if body != plain("".join(piece.paragraphs)):
            raise LedgerError(
                f"自检没有通过：第 {number} 篇《{piece.title or '（没有标题）'}》的正文"
                "与版面上归它的文字不一致 → 没有写入任何文件；"
                "请把版面文本和这条信息发给维护网站的同事。"
            )


def read_back(markdown):
    """(header fields, paragraphs) of a draft as written."""
    head, _, body = markdown.partition("\n\n")
    fields = {}
    for line in head.split("\n"):
        key, sep, value = line.partition(":")
        if sep and not key.startswith(" "):
            fields[key.strip()] = value.strip()
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", body) if part.strip()]
    return fields, paragraphs


def check_drafts(page, drafts):
    """Check 3: `drafts` are (piece, Markdown text) pairs about to be written."""
    for number, (piece, markdown) in enumerate(drafts, start=1):
        fields, paragraphs = read_back(markdown)
        want = [plain(p) for p in piece.paragraphs if plain(p)]
        if [plain(p) for p in paragraphs] != want or fields.get("Title", "") != piece.title:
            raise LedgerError(
                f"自检没有通过：第 {number} 篇《{piece.title or '（没有标题）'}》写出的草稿"
                "与读出的内容不一致 → 没有写入任何文件；请把版面文本和这条信息发给维护网站的同事。"
            )

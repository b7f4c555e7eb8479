"""Neutral records → draft Markdown files under content/, and the editor's report."""

import os

from dangjian.model import pinyin_slug

FILE_SLUG_LENGTH = 40


def credit_fields(piece):
    credit = piece.credit
    if credit is None:
        return {}
    return {
        "Author": "、".join(credit.names),
        "Byline": credit.roles[0] if credit.roles else "",
        "Mark": credit.mark,
    }


def article_text(fields, body):
    """An article file: its metadata (fields left empty are left out), a blank line, its body."""
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    return f"{header}\n{body}\n"


def markdown(piece, date):
    """A draft article: the metadata the page shows, a blank line, the paragraphs."""
    fields = {
        "Title": piece.title,
        "Subtitle": piece.subtitle,
        "Date": date,
        "Category": piece.column,
        "Type": piece.piece_type,
        **credit_fields(piece),
        "Photographer": piece.photographer,
        "Person": piece.person,
        "Branches": ", ".join(piece.branches),
        "Status": "draft",
    }
    return article_text(fields, "\n\n".join(piece.paragraphs))


def file_name(number, piece):
    slug = pinyin_slug(piece.title or piece.column or "wei-ming", FILE_SLUG_LENGTH)
    return f"{number:02d}-{slug}.md"


def credit_text(piece):
    credit = piece.credit
    if piece.photographer:
        return f"{piece.photographer} 摄"
    if credit is None:
        return "（无署名）"
    return credit.mark + " ".join([*credit.roles[:1], "、".join(credit.names)])


def decisions(piece):
    """What the editor must decide or confirm, beyond the notes the parser made."""
    notes = list(piece.notes)
    if not piece.title:
        notes.append("没有找到标题，请补写 Title")
    if piece.credit and len(dict.fromkeys(piece.credit.roles)) > 1:
        roles = "、".join(dict.fromkeys(piece.credit.roles))
        notes.append(f"署名含多个身份（{roles}），Byline 只写了第一个，请核对")
    if not piece.column:
        notes.append("没有栏目，请补写 Category")
    return notes


def report(page, written):
    """The report in Chinese: every piece found, and every decision left to the editor."""
    lines = [f"版面日期：{page.date}，共找到 {len(page.pieces)} 篇稿件（均为草稿 Status: draft）："]
    for number, (piece, path) in enumerate(zip(page.pieces, written, strict=True), start=1):
        title = f"《{piece.title}》" if piece.title else "（没有标题）"
        lines.append(
            f"{number}. {title} 栏目：{piece.column or '（无）'}  类型：{piece.piece_type}  "
            f"署名：{credit_text(piece)}  {len(piece.paragraphs)} 段 → {path}"
        )
        lines += [f"   · {note}" for note in decisions(piece)]
    lines += [f"· {note}" for note in page.notes]
    lines.append(
        "请逐篇核对标记 · 的地方，补写 Tags 等字段，删去 Status: draft 后即可发布；"
        "改完运行 ./run check。"
    )
    return "\n".join(lines)


def write_page(page, folder):
    """Write each piece to folder/NN-slug.md (print order); returns the paths."""
    os.makedirs(folder, exist_ok=True)
    paths = []
    for number, piece in enumerate(page.pieces, start=1):
        path = os.path.join(folder, file_name(number, piece))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(markdown(piece, page.date))
        paths.append(path)
    return paths

"""Neutral records → draft Markdown files under content/, and the editor's report."""

from .slugs import pinyin, shorten

FILE_SLUG_LENGTH = 40


def credit_fields(piece):
    if piece.piece_type == "photo":
        return {}
    return {"Author": "、".join(piece.authors), "Byline": piece.role, "Mark": piece.mark}


def article_text(fields, body):
    """An article file: its metadata (fields left empty are left out), a blank line, its body."""
    header = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    return f"{header}\n{body}\n"


def captions_field(piece):
    """The photos' captions and credits of a piece that is not a photo piece (one a line)."""
    lines = []
    for caption, credit in piece.captions:
        text = caption + (f"（{credit}）" if caption and credit else credit)
        if text:
            lines.append(text)
    return "\n    ".join(lines)


def markdown(piece, date, slug=""):
    """A draft article: the metadata the page shows, a blank line, the paragraphs."""
    fields = {
        "Title": piece.title,
        "Subtitle": piece.subtitle,
        "Kicker": piece.kicker,
        "Date": date,
        "Category": piece.column,
        "Type": piece.piece_type,
        **credit_fields(piece),
        "Photographer": piece.photographer,
        "Person": piece.person,
        "Position": piece.position,
        "Branches": ", ".join(piece.branches),
        "Captions": captions_field(piece),
        "Slug": slug,
        "Status": "draft",
    }
    return article_text(fields, "\n\n".join(piece.paragraphs))


def file_name(number, piece):
    slug = shorten(pinyin(piece.title or piece.column or "wei-ming"), FILE_SLUG_LENGTH)
    return f"{number:02d}-{slug or 'wei-ming'}.md"


def credit_text(piece):
    if piece.piece_type == "photo" or (piece.photographers and not piece.authors):
        return f"{piece.photographer} 摄" if piece.photographers else "（无署名）"
    for credit in (piece.credit, piece.end_credit, piece.inline_credit):
        if credit is not None:
            return credit.text
    if piece.inner_credits:
        return "、".join(credit.text for credit in piece.inner_credits)
    return "（无署名）"


def decisions(piece):
    """What the editor must decide or confirm, beyond the notes the parser made."""
    notes = list(piece.notes)
    if not piece.title and piece.piece_type != "photo":
        notes.append("没有找到标题，请补写 Title")
    elif not piece.title:
        notes.append("图片新闻没有印标题，请补写 Title")
    credit = piece.credit or piece.end_credit
    if credit and len(dict.fromkeys(credit.roles)) > 1:
        roles = "、".join(dict.fromkeys(credit.roles))
        notes.append(f"署名含多个身份（{roles}），Byline 只写了第一个，请核对")
    if not piece.column:
        notes.append("没有栏目，请补写 Category")
    if piece.piece_type != "photo" and not piece.authors:
        notes.append("没有找到署名，请核对后补写 Author")
    if piece.unsure_lines:
        lines = "、".join(str(line) for line in sorted(piece.unsure_lines)[:12])
        more = "等" if len(piece.unsure_lines) > 12 else ""
        notes.append(
            f"第 {lines}{more} 行：折行的文字在句末断行，这里分段还是接续是按行宽推断的，"
            "请对照版面核对"
        )
    return notes


def grouped(drops):
    """(first drop, how many, why) for each run of drops left out for the same reason."""
    runs = []
    for drop in drops:
        if runs and runs[-1][2] == drop.why:
            runs[-1][1] += 1
        else:
            runs.append([drop, 1, drop.why])
    return runs


def report(page, written, extra=None):
    """The report in Chinese: what needs the editor first, then every piece found and what
    was decided about it, then the text left out of every draft."""
    extra = extra or {}
    lines = [f"版面日期：{page.date}，共找到 {len(page.pieces)} 篇稿件（均为草稿 Status: draft）。"]
    if page.encoding or page.layout:
        lines.append(f"读入：{'，'.join(part for part in (page.encoding, page.layout) if part)}。")
    first = list(extra.get("first", []))
    for number, piece in enumerate(page.pieces, start=1):
        title = f"《{piece.title}》" if piece.title else "（没有标题）"
        first += [f"第 {number} 篇{title}：{note}" for note in decisions(piece)]
    if first:
        lines.append("需要编辑决定或核对（先看这些）：")
        lines += [f"  · {item}" for item in first]
    lines.append("稿件：")
    for number, (piece, path) in enumerate(zip(page.pieces, written, strict=True), start=1):
        title = f"《{piece.title}》" if piece.title else "（没有标题）"
        lines.append(
            f"{number}. {title} 栏目：{piece.column or '（无）'}  类型：{piece.piece_type}  "
            f"署名：{credit_text(piece)}  {len(piece.paragraphs)} 段 → {path}"
        )
        lines += [f"   ✓ {item}" for item in piece.decided]
        check = decisions(piece)
        if check:
            lines.append(f"   · 需要核对 {len(check)} 处，见上面“需要编辑决定或核对”")
    if page.drops:
        lines.append("没有放进任何稿件的文字（有意删去）：")
        for first, count, why in grouped(page.drops):
            text = first.text if len(first.text) <= 30 else first.text[:28] + "……"
            more = f"等 {count} 段" if count > 1 else ""
            lines.append(f"  · 第 {first.line} 行起“{text}”{more}：{why}")
    lines += [f"· {note}" for note in page.notes]
    lines += extra.get("last", [])
    lines.append(
        "请逐篇核对标记 · 的地方，补写 Tags 等字段，删去 Status: draft 后即可发布；"
        "改完运行 ./run check。"
    )
    return "\n".join(lines)

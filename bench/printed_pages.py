"""Synthetic printed pages for the importer's tests and benchmark: pieces of invented text, laid out
as a layout system exports them (one paragraph a line, hard-wrapped blocks, or hard-wrapped
lines with a blank line after each)."""

import itertools

NO_LINE_START = set("，。、；：？！”’）》…—%")
NO_LINE_END = set("“‘（《")

PLACES = ["东山县", "西河镇", "南湖街道", "北岭村", "青松社区", "红旗乡", "长安区", "清水镇"]
DOINGS = [
    "组织党员开展志愿服务，帮助群众解决急难愁盼问题",
    "建立党群服务中心，把服务送到群众家门口",
    "推行网格化管理，让党员在一线发挥作用",
    "开展主题党日活动，党员干部进村入户听取意见",
    "整治形式主义为基层减负，干部有更多时间办实事",
    "完善议事协商机制，居民的烦心事有了解决渠道",
]


def sentence(n):
    place, doing = PLACES[n % len(PLACES)], DOINGS[(n * 5 + 1) % len(DOINGS)]
    return f"{place}第{n + 2}党支部{doing}。"


def paragraph(n, sentences=3):
    """An invented paragraph of `sentences` sentences (different for each n)."""
    return "".join(sentence(n * 7 + k) for k in range(sentences))


def wrap(text, width):
    """Hard-wrap as a typesetter: no closing mark at a line's start, no opening one at its end."""
    lines, start = [], 0
    while start < len(text):
        end = min(start + width, len(text))
        if end < len(text):
            while end > start + 1 and text[end - 1].isdigit() and text[end].isdigit():
                end -= 1
            while end < len(text) and text[end] in NO_LINE_START:
                end += 1
            while end - 1 > start and text[end - 1] in NO_LINE_END:
                end -= 1
        lines.append(text[start:end])
        start = end
    return lines


def page(blocks, style="lines", width=24):
    """The page's text. `blocks` are (kind, text): "p" is a paragraph or caption (wrapped in
    the wrapped styles), anything else one line printed as it is."""
    if style == "lines":
        return "\n\n".join(text for _, text in blocks) + "\n"
    if style == "blocks":
        return (
            "\n\n".join(
                "\n".join(wrap(text, width)) if kind == "p" else text for kind, text in blocks
            )
            + "\n"
        )
    if style == "spaced":
        lines = itertools.chain.from_iterable(
            wrap(text, width) if kind == "p" else [text] for kind, text in blocks
        )
        return "\n\n".join(lines) + "\n"
    raise ValueError(style)


def news(title, byline="本报记者  张  洋  刘洪超", column=None, paragraphs=(1, 2, 3), **parts):
    """A news piece's blocks: [column] [kicker] title [subtitle] [byline] paragraphs."""
    blocks = [("h", column)] if column else []
    if parts.get("kicker"):
        blocks.append(("h", parts["kicker"]))
    blocks.append(("h", title))
    if parts.get("subtitle"):
        blocks.append(("h", parts["subtitle"]))
    if byline:
        blocks.append(("h", byline))
    blocks += [("p", paragraph(n)) for n in paragraphs]
    if parts.get("end"):
        blocks.append(("h", parts["end"]))
    return blocks

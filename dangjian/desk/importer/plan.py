"""Which drafts an import writes into its date folder, and which it leaves to the editor.

A first import writes every piece. `--replace` imports a date again: drafts the
last import wrote and nobody changed are replaced; a draft the editor changed, or
a file the importer did not write, is kept, and the new piece with its file name
or its title is not written (the report says so).
"""

import os
from dataclasses import dataclass, field

from . import manifest, slugs
from .write import file_name, markdown


@dataclass
class Plan:
    files: dict = field(default_factory=dict)  # file name → text, to write
    drafts: list = field(default_factory=list)  # (piece, text) of every piece, for the ledger
    names: list = field(default_factory=list)  # each piece's file name, in print order
    kept: dict = field(default_factory=dict)  # piece number → the editor's file kept instead
    untouched: list = field(default_factory=list)  # the last import's drafts, to replace
    edited: list = field(default_factory=list)
    foreign: list = field(default_factory=list)


def plan_drafts(page, content, folder):
    """The files to write for `page` into `folder`, slugs chosen across the site."""
    result = Plan()
    if os.path.isdir(folder):
        result.untouched, result.edited, result.foreign = manifest.sort_existing(folder)
    keep = {
        name: slugs.header_fields(os.path.join(folder, name)).get("title", "")
        for name in result.edited + result.foreign
    }
    by_title = {title: name for name, title in keep.items() if title}
    taken = slugs.site_slugs(content, skip=[os.path.join(folder, n) for n in result.untouched])
    for number, piece in enumerate(page.pieces, start=1):
        name = file_name(number, piece)
        result.names.append(name)
        keeper = name if name in keep else by_title.get(piece.title) if piece.title else None
        if keeper:
            result.kept[number] = keeper
            result.drafts.append((piece, markdown(piece, page.date)))
            continue
        slug, explicit = slugs.choose(piece.title, page.date, taken, fallback(piece))
        taken[slug] = name
        if explicit:
            piece.decided.append(f"网址名：标题的拼音已被别的稿件使用，改用 Slug: {slug}")
        text = markdown(piece, page.date, slug if explicit else "")
        result.drafts.append((piece, text))
        result.files[name] = text
    return result


def fallback(piece):
    return slugs.pinyin(piece.column or "tupian") or "wei-ming"


def notes(page, result):
    """(first, last): report lines about the files kept and replaced."""
    first, last = [], []
    kept = set(result.kept.values())
    for number, name in result.kept.items():
        piece = page.pieces[number - 1]
        first.append(
            f"第 {number} 篇《{piece.title or '（没有标题）'}》：{name} 已被编辑改过"
            "（或不是导入写的），保留原样，新导入的这一篇没有写入 → 请对照版面文本核对这篇草稿"
        )
    for name in result.edited:
        if name not in kept:
            first.append(f"{name} 是改过的草稿，新版面中没有对应的稿件，保留原样，请核对")
    for name in result.foreign:
        if name not in kept:
            last.append(f"· {name} 不是导入写的，保留原样")
    if result.untouched:
        last.append(f"· 替换了上次导入、没改过的 {len(result.untouched)} 篇草稿")
    return first, last


def carry_out(result, folder, source, encoding):
    """Replace the last import's untouched drafts by the new ones; record what was written."""
    os.makedirs(folder, exist_ok=True)
    for name in result.untouched:
        os.remove(os.path.join(folder, name))
    for name, text in result.files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    manifest.write(folder, result.files, source, encoding)

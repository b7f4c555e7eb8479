"""`invoke new`: a new article with correct metadata, today's date and a pinyin slug.

The slug is the title's pinyin; when another article of the site has it, the
date is added (and written as Slug:), as the page importer does.

Values come from flags, or are asked for when missing (when there is a terminal).
The file is a draft (Status: draft) until the editor removes that line.
"""

import datetime
import os
import re
from zoneinfo import ZoneInfo

from dangjian.model import PIECE_TYPES, Registries, split_list
from dangjian.paths import CONTENT

from .importer.slugs import choose as choose_slug
from .importer.slugs import site_slugs
from .importer.write import article_text

NEWSROOM = ZoneInfo("Asia/Shanghai")  # the paper's dates are Beijing time
PLACEHOLDER = "（正文待写）"
# A value is one header line: a line break in it would write more header lines (a
# "Status: published" of its own), any other control character would be refused later.
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class NewStopped(Exception):
    """The article cannot be written; the message (Chinese) says why."""


def today():
    return datetime.datetime.now(NEWSROOM).date().isoformat()


def choose(value, question, options, ask):
    """The value given, or the editor's answer; it must be one of `options`."""
    listed = "、".join(options)
    if not value and ask is not None:
        value = ask(f"{question}（{listed}）：").strip()
    if value not in options:
        shown = f"“{value}”" if value else "（没有填写）"
        raise NewStopped(f"{question}{shown}不在可选范围内 → 选其中之一：{listed}。")
    return value


def one_line(label, flag, value):
    """`value`, if it is one line of text; else NewStopped naming where it breaks."""
    found = NOT_ONE_LINE.search(value)
    if found:
        what = "换行" if found.group() in "\n\r\u2028\u2029\x0b\x0c" else "看不见的控制字符"
        raise NewStopped(
            f"{label}的第 {found.start() + 1} 个字符处有{what}（U+{ord(found.group()):04X}），"
            f'{label}只能写一行 → 去掉它后重新运行，例如 --{flag} "……"。'
        )
    return value


def new_article(
    content=CONTENT,
    *,
    column="",
    piece_type="",
    title="",
    branches="",
    author="",
    photographer="",
    person="",
    date="",
    ask=None,
):
    """Write the article; returns its path. `ask(question)` prompts for what is missing."""
    content = str(content)
    registries = Registries.load(content)
    if registries.problems:
        lines = "\n".join(str(problem) for problem in registries.problems)
        raise NewStopped(f"登记文件有错误，请先改正：\n{lines}")
    column = choose(column, "栏目", [c.name for c in registries.columns], ask)
    piece_type = choose(piece_type, "稿件类型", list(PIECE_TYPES), ask)
    if not title and ask is not None:
        title = ask("标题：").strip()
    if not title:
        raise NewStopped("没有标题 → 用 --title 写上印刷的标题。")
    one_line("标题", "title", title)
    if not branches and ask is not None:
        branches = ask("报道的党组织（网址名、全称或别名，用逗号分隔；没有就直接回车）：").strip()
    one_line("党组织", "branches", branches)
    unknown = [name for name in split_list(branches) if name not in registries.index]
    if unknown:
        raise NewStopped(
            f"未登记的党组织：{'、'.join(unknown)} → 改用 content/branches/ 中登记的网址名、"
            "全称或别名，或先为它新建登记文件。"
        )
    if piece_type == "photo" and not photographer and ask is not None:
        photographer = ask("摄影者：").strip()
    if piece_type == "profile" and not person and ask is not None:
        person = ask("人物姓名：").strip()

    for label, flag, value in (
        ("作者", "author", author),
        ("摄影者", "photographer", photographer),
        ("人物", "person", person),
    ):
        one_line(label, flag, value)
    date = date or today()
    slug, explicit = choose_slug(title, date, site_slugs(content))
    fields = {
        "Title": title,
        "Date": date,
        "Category": column,
        "Type": piece_type,
        "Author": "" if piece_type == "photo" else author,
        "Photographer": photographer if piece_type == "photo" else "",
        "Person": person if piece_type == "profile" else "",
        "Branches": ", ".join(split_list(branches)),
        "Slug": slug if explicit else "",
        "Status": "draft",
    }
    folder = os.path.join(content, "articles", date)
    os.makedirs(folder, exist_ok=True)
    number = 1 + sum(name.endswith(".md") for name in os.listdir(folder))
    path = os.path.join(folder, f"{number:02d}-{slug}.md")
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(article_text(fields, PLACEHOLDER))
    return path

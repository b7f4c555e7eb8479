"""The column registry (栏目): a TOML file listing the columns in print order."""

import os
import re
import tomllib
from dataclasses import dataclass

from editor_errors import Problem

from .rules import ASCII_SLUG

TOML_LINE = re.compile(r"at line (\d+)")


@dataclass
class Column:
    name: str
    slug: str
    description: str
    order: int


def read_columns(path):
    """(columns in print order, problems) from the registry file."""
    if not os.path.isfile(path):
        fix = "新建这个文件，按印刷顺序登记每个栏目的 name、slug 和 description。"
        return [], [Problem(path, "栏目登记文件不存在。", fix, field="文件")]
    with open(path, "rb") as source:
        try:
            entries = tomllib.load(source).get("column", [])
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            line = TOML_LINE.search(str(error))
            problem = Problem(
                path,
                f"TOML 格式错误（{error}）。",
                '检查这一行的引号和等号，例如 name = "视点"；文件须是 UTF-8 编码。',
                line=int(line.group(1)) if line else None,
            )
            return [], [problem]
    columns, problems, names, slugs = [], [], set(), set()
    for order, entry in enumerate(entries):
        name, slug = entry.get("name", "").strip(), entry.get("slug", "").strip()
        where = f"第 {order + 1} 个栏目（[[column]]）"
        if not name:
            fix = '填写印刷的栏目名称，例如 name = "视点"。'
            problems.append(Problem(path, f"{where}缺少 name。", fix, field="name"))
        elif not ASCII_SLUG.match(slug):
            problems.append(
                Problem(
                    path,
                    f"栏目“{name}”的 slug “{slug}” 不是由小写字母、数字和连字符组成的网址名。",
                    '改成如 slug = "shidian" 的拼音或英文。',
                    field="slug",
                )
            )
        elif name in names or slug in slugs:
            problems.append(
                Problem(
                    path,
                    f"栏目“{name}”（slug “{slug}”）重复登记。",
                    "删除重复的一项，或改用不同的名称和 slug。",
                    field="name",
                )
            )
        else:
            names.add(name)
            slugs.add(slug)
            description = entry.get("description", "").strip()
            columns.append(Column(name, slug, description, order))
    return columns, problems

"""Columns (栏目): registered once, in print order, in a TOML file under content/.

Every article's Category must name a registered column. The registered column
gives the category its ASCII slug, its one-line description and its place in
print order, so a typo in Category is an error, never a new column.

Settings:
    COLUMNS_FILE = "columns.toml"   path relative to PATH
Filled in by this plugin:
    COLUMNS    the columns in print order: Category objects with `description`,
               `order` and, once articles are read, `articles`
"""

import os
import re
import tomllib

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from editor_errors import report, stop_on_errors

ASCII_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOML_LINE = re.compile(r"at line (\d+)")


def load_columns(path, settings):
    """Columns from the registry file, in order; errors are reported, not raised."""
    if not os.path.isfile(path):
        report(
            path,
            "栏目登记文件不存在。",
            "新建这个文件，按印刷顺序登记每个栏目的 name、slug 和 description。",
        )
        return []
    with open(path, "rb") as source:
        try:
            entries = tomllib.load(source).get("column", [])
        except tomllib.TOMLDecodeError as error:
            line = TOML_LINE.search(str(error))
            report(
                path,
                f"TOML 格式错误（{error}）。",
                '检查这一行的引号和等号，例如 name = "视点"。',
                line=int(line.group(1)) if line else None,
            )
            return []
    columns, names, slugs = [], set(), set()
    for order, entry in enumerate(entries):
        name, slug = entry.get("name", "").strip(), entry.get("slug", "").strip()
        where = f"第 {order + 1} 个栏目（[[column]]）"
        if not name:
            report(path, f"{where}缺少 name。", '填写印刷的栏目名称，例如 name = "视点"。')
            continue
        if not ASCII_SLUG.match(slug):
            report(
                path,
                f"栏目“{name}”的 slug “{slug}” 不是由小写字母、数字和连字符组成的网址名。",
                '改成如 slug = "shidian" 的拼音或英文。',
            )
            continue
        if name in names or slug in slugs:
            report(
                path,
                f"栏目“{name}”（slug “{slug}”）重复登记。",
                "删除重复的一项，或改用不同的名称和 slug。",
            )
            continue
        names.add(name)
        slugs.add(slug)
        column = Category(name, settings)
        column.slug = slug
        column.description = entry.get("description", "").strip()
        column.order = order
        column.articles = []
        columns.append(column)
    return columns


def load_registry(pelican):
    settings = pelican.settings
    path = os.path.join(settings["PATH"], settings.get("COLUMNS_FILE") or "columns.toml")
    settings["COLUMNS"] = load_columns(path, settings)
    # Without a registry every article would fail on its column: stop at the cause.
    stop_on_errors()


def attach_column(content):
    """Replace an article's category with its registered column."""
    if not isinstance(content, Article):
        return
    name = content.metadata.get("category")
    columns = content.settings["COLUMNS"]
    column = next((column for column in columns if column.name == str(name)), None)
    if column is not None:
        content.category = column
        return
    names = "、".join(column.name for column in columns)
    if name is None:
        report(
            content.source_path,
            "缺少栏目。",
            f"在文件开头加一行 Category: 栏目名，栏目名取自：{names}。",
        )
    else:
        report(
            content.source_path,
            f"未登记的栏目“{name}”。",
            f"改成已登记的栏目之一：{names}；新栏目先在栏目登记文件中登记。",
            field="Category",
        )


def collect_articles(generator):
    by_name = {column.name: column for column in generator.settings["COLUMNS"]}
    for column in by_name.values():
        column.articles = []
    for category, articles in generator.categories:
        if category.name in by_name:
            by_name[category.name].articles = articles


def register():
    signals.initialized.connect(load_registry)
    signals.content_object_init.connect(attach_column)
    signals.article_generator_finalized.connect(collect_articles)

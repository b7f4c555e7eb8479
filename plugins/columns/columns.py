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

from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from content_model import Source, read_columns
from content_model.rules import REQUIRED, column_problems, required_problems
from editor_errors import log, stop_on_errors


def load_columns(path, settings):
    """Columns from the registry file, in order, as categories; problems are logged."""
    entries, problems = read_columns(path)
    for problem in problems:
        log(problem)
    columns = []
    for entry in entries:
        column = Category(entry.name, settings)
        column.slug = entry.slug
        column.description = entry.description
        column.order = entry.order
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
    source = Source.from_metadata(content.source_path, content.metadata)
    names = [column.name for column in columns]
    for problem in required_problems(source, {"category": REQUIRED["category"]}):
        log(problem)
    for problem in column_problems(source, names):
        log(problem)


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

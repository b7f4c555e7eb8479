"""Columns (栏目): registered once, in print order, in a TOML file under content/.

Every article's Category must name a registered column (the content model checks it
before anything is read). The registered column gives the category its ASCII slug,
its one-line description and its place in print order, so a typo in Category is an
error, never a new column.

Settings:
    COLUMNS_FILE = "columns.toml"   path relative to PATH
Filled in: COLUMNS, the columns in print order: Category objects with `description`,
`order` and, once articles are read, `articles`.
"""

from pelican.contents import Article
from pelican.urlwrappers import Category


def load_columns(pelican):
    """The registered columns as Pelican categories (after the content check)."""
    settings = pelican.settings
    columns = []
    for entry in settings["REGISTRIES"].columns:
        column = Category(entry.name, settings)
        column.slug = entry.slug
        column.description = entry.description
        column.order = entry.order
        column.articles = []
        columns.append(column)
    settings["COLUMNS"] = columns


def attach_column(content):
    """Replace an article's category with its registered column."""
    if not isinstance(content, Article):
        return
    name = str(content.metadata.get("category"))
    column = next((c for c in content.settings["COLUMNS"] if c.name == name), None)
    if column is not None:
        content.category = column


def collect_articles(generator):
    by_name = {column.name: column for column in generator.settings["COLUMNS"]}
    for column in by_name.values():
        column.articles = []
    for category, articles in generator.categories:
        if category.name in by_name:
            by_name[category.name].articles = articles

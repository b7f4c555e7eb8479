"""Check all content and registries without building: what `invoke check` and the build run."""

import os
from dataclasses import dataclass, field

from zh_text import pinyin_slug

from .columns import read_columns
from .registry import check_registry
from .rules import article_problems, required_problems
from .sources import find_files, link_problems, read_source

DEFAULT_MAX_BYTES = 1_000_000  # a printed piece is under 50 KB; 1 MB is a mistake


@dataclass
class Checked:
    """What a check found: the problems, and how much it read."""

    problems: list = field(default_factory=list)
    articles: int = 0
    pages: int = 0
    organizations: int = 0
    columns: int = 0


def read_all(paths, max_bytes, checked):
    """Sources of the files that could be read and whose headers are sound."""
    sources = []
    for path in paths:
        source, problems = read_source(path, max_bytes)
        checked.problems += problems
        if source is not None and not problems:
            sources.append(source)
    return sources


def check_site(settings):
    """Check the content folder of Pelican `settings` (PATH and the content settings)."""
    root = settings["PATH"]
    max_bytes = settings.get("CONTENT_MAX_BYTES") or DEFAULT_MAX_BYTES
    checked = Checked(problems=link_problems(root))
    if checked.problems:
        return checked  # a loop would make Pelican walk the same folders again and again

    columns, problems = read_columns(
        os.path.join(root, settings.get("COLUMNS_FILE") or "columns.toml")
    )
    checked.columns = len(columns)
    checked.problems += problems

    registry_paths = settings.get("BRANCH_PATHS") or ["branches"]
    registry = read_all(find_files(root, registry_paths), max_bytes, checked)
    organizations, index, _, problems = check_registry(registry)
    checked.organizations = len(organizations)
    checked.problems += problems

    column_names = [column.name for column in columns]
    articles = read_all(
        find_files(root, settings["ARTICLE_PATHS"], exclude=registry_paths), max_bytes, checked
    )
    slugs = {}
    max_length = settings.get("PINYIN_SLUG_MAX_LENGTH") or 60
    for source in articles:
        checked.problems += article_problems(source, column_names, root, index)
        slug = source.fields.get("slug") or pinyin_slug(source.fields.get("title", ""), max_length)
        if slug in slugs:
            checked.problems.append(
                source.problem(
                    "Slug",
                    f"网址名“{slug}”与 {slugs[slug]} 重复，两篇稿件会写到同一个网址。",
                    "加一行 Slug: 另一个拼音网址名（如在后面加 -2），或修改标题。",
                )
            )
        elif slug:
            slugs[slug] = source.path
    checked.articles = len(articles)

    page_paths = settings.get("PAGE_PATHS") or []
    pages = read_all(find_files(root, page_paths, exclude=registry_paths), max_bytes, checked)
    for source in pages:
        checked.problems += required_problems(
            source, {"title": ("Title", "标题", "Title: 页面标题")}
        )
    checked.pages = len(pages)
    return checked

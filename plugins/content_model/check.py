"""Check all content and registries without building: what `invoke check` and the build run."""

import os
from dataclasses import dataclass, field

from zh_text import pinyin_slug

from .columns import read_columns
from .files import link_problems, static_problems
from .registry import check_registry
from .rules import article_problems, markup_problems, required_problems
from .sanitize import markdown_renderer
from .sources import find_files, read_source

DEFAULT_MAX_BYTES = 1_000_000  # a printed piece is under 50 KB; 1 MB is a mistake


@dataclass
class Registries:
    """The columns and the organizations, and what is wrong with them."""

    columns: list
    organizations: list
    index: dict  # slug, name and alias → organization
    problems: list


@dataclass
class Checked:
    """What a check found: the problems, and how much it read."""

    problems: list = field(default_factory=list)
    articles: int = 0
    pages: int = 0
    organizations: int = 0
    columns: int = 0


def max_bytes(settings):
    return settings.get("CONTENT_MAX_BYTES") or DEFAULT_MAX_BYTES


def registry_paths(settings):
    return settings.get("BRANCH_PATHS") or ["branches"]


def read_all(paths, limit):
    """(sources of the files that could be read and have sound headers, problems)."""
    sources, problems = [], []
    for path in paths:
        source, more = read_source(path, limit)
        problems += more
        if source is not None and not more:
            sources.append(source)
    return sources, problems


def read_registries(root, settings=None, render=None):
    """The column registry and the organization registry under the content folder `root`;
    with `render` (Markdown → HTML), the descriptions are checked as bodies are."""
    settings = settings or {}
    columns, problems = read_columns(
        os.path.join(root, settings.get("COLUMNS_FILE") or "columns.toml")
    )
    sources, more = read_all(find_files(root, registry_paths(settings)), max_bytes(settings))
    organizations, index, _, most = check_registry(sources)
    if render is not None:
        for source in sources:
            most += markup_problems(source, "正文", "介绍", source.body, source.body_line, render)
    return Registries(columns, organizations, index, problems + more + most)


def check_site(settings):
    """Check the content folder of Pelican `settings` (PATH and the content settings)."""
    root = settings["PATH"]
    checked = Checked(problems=link_problems(root))
    if checked.problems:
        return checked  # a loop would make Pelican walk the same folders again and again

    checked.problems += static_problems(root, settings.get("STATIC_PATHS") or [])
    render = markdown_renderer(settings)
    registries = read_registries(root, settings, render)
    checked.problems += registries.problems
    checked.columns, checked.organizations = len(registries.columns), len(registries.organizations)

    column_names = [column.name for column in registries.columns]
    exclude = registry_paths(settings)
    articles, problems = read_all(
        find_files(root, settings["ARTICLE_PATHS"], exclude=exclude), max_bytes(settings)
    )
    checked.problems += problems
    slugs = {}
    max_length = settings.get("PINYIN_SLUG_MAX_LENGTH") or 60
    for source in articles:
        checked.problems += article_problems(source, column_names, root, registries.index, render)
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

    pages, problems = read_all(
        find_files(root, settings.get("PAGE_PATHS") or [], exclude=exclude), max_bytes(settings)
    )
    checked.problems += problems
    for source in pages:
        checked.problems += required_problems(
            source, {"title": ("Title", "标题", "Title: 页面标题")}
        )
        checked.problems += markup_problems(
            source, "正文", "正文", source.body, source.body_line, render
        )
    checked.pages = len(pages)
    return checked

"""Check all content and registries without building: what `./run check` and the build run.

`check_site(settings)` takes Pelican's content settings as a plain mapping (PATH,
ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS, MARKDOWN …) and returns what it found,
the registries it read included, so that the build reads them once.
"""

from dataclasses import dataclass, field

from .files import link_problems, static_problems
from .registries import Registries, branch_paths
from .rules import article_problems, markup_problems, required_problems
from .sanitize import markdown_renderer
from .sources import find_files, read_all
from .text import SLUG_MAX_LENGTH, pinyin_slug


@dataclass
class Checked:
    """What a check found: the problems, the registries, and how much it read."""

    problems: list = field(default_factory=list)
    registries: Registries | None = None
    articles: int = 0
    pages: int = 0

    @property
    def organizations(self):
        return len(self.registries.organizations) if self.registries else 0

    @property
    def columns(self):
        return len(self.registries.columns) if self.registries else 0


def slug_of(source, settings):
    """The slug a build gives the article: its Slug, or the pinyin of its title."""
    max_length = settings.get("PINYIN_SLUG_MAX_LENGTH") or SLUG_MAX_LENGTH
    return source.fields.get("slug") or pinyin_slug(source.fields.get("title", ""), max_length)


def check_site(settings):
    """Check the content folder of Pelican `settings` (PATH and the content settings)."""
    root = settings["PATH"]
    checked = Checked(problems=link_problems(root))
    if checked.problems:
        return checked  # a loop would make Pelican walk the same folders again and again

    checked.problems += static_problems(root, settings.get("STATIC_PATHS") or [])
    render = markdown_renderer(settings)
    registries = checked.registries = Registries.load(root, settings, render)
    checked.problems += registries.problems

    exclude = branch_paths(settings)
    articles, problems = read_all(
        find_files(root, settings["ARTICLE_PATHS"], exclude=exclude), settings
    )
    checked.problems += problems
    slugs = {}
    for source in articles:
        checked.problems += article_problems(
            source, registries.column_names, root, registries.index, render
        )
        slug = slug_of(source, settings)
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
        find_files(root, settings.get("PAGE_PATHS") or [], exclude=exclude), settings
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

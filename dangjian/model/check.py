"""Check all content and registries without building: what `./run check` and the build run.

`check_site(settings)` takes Pelican's content settings as a plain mapping (PATH,
ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS, MARKDOWN …) and returns what it found,
the registries it read included, so that the build reads them once.
"""

import datetime
import posixpath
from dataclasses import dataclass, field

from .files import link_problems, static_problems
from .registries import Registries, branch_paths
from .rules import (
    article_problems,
    key_problems,
    markup_problems,
    required_problems,
    slug_problems,
    status_problems,
    taxonomy_problems,
    title_slug_problems,
)
from .sanitize import markdown_renderer
from .sources import find_files, read_all, read_each
from .text import SLUG_MAX_LENGTH, pinyin_slug

# Top folders of the site that a page's slug must not take (PAGE_SAVE_AS is "{slug}/…").
SITE_FOLDERS = {"theme", "pagefind", "drafts", "feeds"}


@dataclass
class Checked:
    """What a check found: the problems, the registries, and how much it read."""

    problems: list = field(default_factory=list)
    registries: Registries | None = None
    articles: int = 0
    pages: int = 0

    @property
    def errors(self):
        return [problem for problem in self.problems if not problem.is_warning]

    @property
    def warnings(self):
        return [problem for problem in self.problems if problem.is_warning]

    @property
    def organizations(self):
        return len(self.registries.organizations) if self.registries else 0

    @property
    def columns(self):
        return len(self.registries.columns) if self.registries else 0


def slug_of(source, settings):
    """The slug a build gives the article: its Slug, or the pinyin of its title."""
    if "slug" in source.fields:
        return source.fields["slug"].strip()
    return pinyin_slug(source.fields.get("title", ""), max_length(settings))


def max_length(settings):
    return settings.get("PINYIN_SLUG_MAX_LENGTH") or SLUG_MAX_LENGTH


def written_at(settings, name, source):
    """Where the build would write a page of `source` with an empty slug."""
    try:
        date = datetime.date.fromisoformat(source.fields.get("date", "").strip()[:10])
    except ValueError:
        date = datetime.date(2018, 3, 13)
    pattern = settings.get(name) or "{slug}/index.html"
    try:
        return posixpath.normpath(pattern.format(slug="", date=date, lang="", category=""))
    except (KeyError, IndexError, ValueError, AttributeError):
        return "另一个页面的位置"


def site_folders(settings):
    """The top folders (and files) of the site the build writes itself."""
    folders = set(SITE_FOLDERS) | set(settings.get("STATIC_PATHS") or [])
    for name, value in settings.items():
        if name.endswith(("_SAVE_AS", "_URL")) and isinstance(value, str) and value:
            folders.add(value.split("/")[0].split("{")[0])
    return {folder for folder in folders if folder}


def check_site(settings, today=None):
    """Check the content folder of Pelican `settings` (PATH and the content settings);
    `today` (a date; Beijing's today by default) for the dates' warnings."""
    root = settings["PATH"]
    checked = Checked(problems=link_problems(root))
    if checked.problems:
        return checked  # a loop would make Pelican walk the same folders again and again

    checked.problems += static_problems(root, settings.get("STATIC_PATHS") or [])
    render = markdown_renderer(settings)
    registries = checked.registries = Registries.load(root, settings, render)
    checked.problems += registries.problems

    exclude = branch_paths(settings)
    # Each article is checked as it is read, and only its header kept for the checks
    # across articles: at 100,000 articles, every text held at once took 1.3 GB. The
    # problems come in the same order: the files that cannot be read first.
    unreadable, found, slugs, articles = [], [], {}, []
    paths = find_files(root, settings["ARTICLE_PATHS"], exclude=exclude)
    for source in read_each(paths, settings, unreadable):
        found += article_problems(
            source, registries.column_names, root, registries.index, render, today
        )
        articles.append(source.without_text())
        slug = slug_of(source, settings)
        where = written_at(settings, "ARTICLE_SAVE_AS", source)
        found += title_slug_problems(source, slug, where)
        if not slug:
            continue
        if slug in slugs:
            found.append(
                source.problem(
                    "Slug",
                    f"网址名“{slug}”与 {slugs[slug]} 重复，两篇稿件会写到同一个网址。",
                    "加一行 Slug: 另一个拼音网址名（如在后面加 -2），或修改标题。",
                )
            )
        else:
            slugs[slug] = source.path
    checked.problems += unreadable + found
    checked.problems += taxonomy_problems(articles, max_length(settings))
    checked.articles = len(articles)

    pages, problems = read_all(
        find_files(root, settings.get("PAGE_PATHS") or [], exclude=exclude), settings
    )
    checked.problems += problems
    taken, folders = {}, site_folders(settings)
    for source in pages:
        checked.problems += key_problems(source)
        checked.problems += required_problems(
            source, {"title": ("Title", "标题", "Title: 页面标题")}
        )
        checked.problems += status_problems(source) + slug_problems(source)
        checked.problems += markup_problems(
            source, "正文", "正文", source.body, source.body_line, render
        )
        slug = slug_of(source, settings)
        checked.problems += title_slug_problems(source, slug, "首页（index.html）")
        key = "Slug" if "slug" in source.fields else "Title"
        if slug in folders:
            checked.problems.append(
                source.problem(
                    key,
                    f"页面的网址名“{slug}”是网站自己的目录 /{slug}/，页面会覆盖那里的内容。",
                    "加一行 Slug: 另一个网址名。",
                )
            )
        elif slug in taken:
            checked.problems.append(
                source.problem(
                    key,
                    f"网址名“{slug}”与 {taken[slug]} 重复，两个页面会写到同一个网址。",
                    "加一行 Slug: 另一个网址名。",
                )
            )
        elif slug:
            taken[slug] = source.path
    checked.pages = len(pages)
    return checked

"""Check all content and registries without building: what `./run check` and the build run.

`check_site(settings)` takes Pelican's content settings as a plain mapping (PATH,
ARTICLE_PATHS, PAGE_PATHS, STATIC_PATHS, MARKDOWN …) and returns what it found,
the registries it read included, so that the build reads them once.
"""

import contextlib
import datetime
import hashlib
import os
import posixpath
from dataclasses import dataclass, field
from typing import NamedTuple

from dangjian.hardlinks import identity

from .changes import alias_file, alias_problem, split_aliases
from .files import file_state, link_problems, looking_at, static_problems
from .page_files import page_file_problems
from .problems import display_path
from .registries import Registries, branch_paths
from .rules import (
    ISO_DATE,
    article_problems,
    key_problems,
    markup_problems,
    required_problems,
    slug_problems,
    status_problems,
    taxonomy_problems,
    title_slug_problems,
)
from .rules import today as newsroom_today
from .sanitize import markdown_renderer
from .sources import (
    find_files,
    holds_site_link,
    max_bytes,
    read_all,
    read_bytes,
    site_link_pattern,
    source_of,
)
from .text import SLUG_MAX_LENGTH, pinyin_slug

# Top folders of the site that a page's slug must not take (PAGE_SAVE_AS is "{slug}/…").
SITE_FOLDERS = {"theme", "pagefind", "drafts", "feeds"}
# The site's own folders and root files (the plugin's URL settings have defaults that a
# settings file need not repeat): no old address (Aliases) may be put there.
SITE_SECTIONS = {
    "issues", "branches", "columns", "tags", "authors", "people", "archives", "search",
    "drafts", "pagefind", "index.html", "404.html", "atom.xml", "sitemap.xml", "robots.txt",
}  # fmt: skip


class CheckedFile(NamedTuple):
    """What the check found an article file to be; the build uses it instead of reading
    or looking at the file again (speed/kept.py, speed/render_cache.py)."""

    digest: bytes  # SHA-256 of its bytes
    links: bool  # whether its text holds what Pelican reads as a link to another content
    # (sources.holds_site_link)
    identity: tuple | None = None  # hardlinks.identity, taken before its bytes were read
    # (None: the check kept no memo, and did not look)


@dataclass
class Checked:
    """What a check found: the problems, the registries, and how much it read."""

    problems: list = field(default_factory=list)
    registries: Registries | None = None
    articles: int = 0
    pages: int = 0
    sources: dict = field(default_factory=dict)  # path → CheckedFile, of each article file

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


class Remembered:
    """Each article's checks, kept from one check to the next (check_site's `memo`).

    An article's problems depend on its file's bytes, on what the checks take from the
    site (its folder, the registered columns, today's date), on the organizations it
    names (whether each is registered: LookedUp) and on the files its checks look at
    (pictures and linked files: files.looking_at). Its entry is used again only while
    all of these are as they were: a new organization or a new day's pictures check
    again only the articles that name them. An article file that is the very file read
    before (device, inode, size, time: hardlinks.identity) is not even read again: what
    it held is kept with it, as the build's other caches trust it. The code and the
    settings the checks run with are not in the keys: whoever keeps the entries keeps
    them apart by those (speed/render_cache.py: under the build's site key)."""

    def __init__(self, before=None):
        before = before or {}  # what kept() returned
        self.before = before.get("checks", {})  # key → (entry, {file: state}, {reference: found})
        self.now = {}  # this check's entries, the ones to keep
        # article file → (its identity, digest of its bytes, whether it holds a site link):
        # while it is the very file read before, it is not read again
        self.files_before = before.get("files", {})
        self.files_now = {}

    def kept(self):
        """What the next check's Remembered is made from."""
        return {"checks": self.now, "files": self.files_now}

    def context(self, root, registries, on):
        seen = [root, list(registries.column_names), on.isoformat(), registries.index is None]
        return hashlib.sha256(repr(seen).encode()).digest()

    def get(self, key, index):
        kept = self.before.get(key)
        if kept is None:
            return None
        entry, files, references = kept
        if any(file_state(path) != state for path, state in files.items()) or any(
            (reference in index) != found for reference, found in references.items()
        ):
            return None
        self.now[key] = kept
        return entry

    def put(self, key, entry, files, references):
        self.now[key] = (entry, {path: file_state(path) for path in files}, references)

    def known_file(self, path):
        """(its identity now or None, (digest, holds a site link) as read before if it is
        the very file read then, else None) of the article file `path`."""
        try:
            now = identity(path)
        except OSError:
            return None, None
        before = self.files_before.get(path)
        if before is None or before[0] != now:
            return now, None
        self.files_now[path] = before
        return now, before[1:]

    def read_file(self, path, now, digest, links):
        """Keep what the article file `path` (identity `now`, taken before it was read)
        held, for the next check."""
        if now is not None:
            self.files_now[path] = (now, digest, links)


class LookedUp:
    """The registry's index of organizations as the rules see it, keeping what they
    looked up in it and whether it was there."""

    def __init__(self, index):
        self.index = index
        self.seen = {}

    def __contains__(self, reference):
        found = self.seen[reference] = reference in self.index
        return found


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


def check_site(settings, today=None, memo=None):
    """Check the content folder of Pelican `settings` (PATH and the content settings);
    `today` (a date; Beijing's today by default) for the dates' warnings; `memo` (a
    Remembered) the articles' checks kept from the check before, kept again."""
    checked = check_registries(settings)
    if checked.registries is not None:
        check_contents(checked, settings, today, memo)
    return checked


def check_registries(settings):
    """The first part of check_site: the content folder's links and the files beside
    the articles, and the registries, read (as `registries`; None when a link loops)."""
    root = settings["PATH"]
    checked = Checked(problems=link_problems(root))
    if checked.problems:
        return checked  # a loop would make Pelican walk the same folders again and again

    checked.problems += static_problems(root, settings.get("STATIC_PATHS") or [])
    checked.problems += beside_article_problems(root, settings)
    checked.registries = Registries.load(root, settings, markdown_renderer(settings))
    checked.problems += checked.registries.problems
    return checked


def check_contents(checked, settings, today=None, memo=None):
    """The rest of check_site, given the Checked of check_registries: every article and
    page, and the checks across them, added to `checked`."""
    root, registries = settings["PATH"], checked.registries
    render = markdown_renderer(settings)
    exclude = branch_paths(settings)
    # Each article is checked as it is read, and only its header kept for the checks
    # across articles: at 100,000 articles, every text held at once took 1.3 GB. The
    # problems come in the same order: the files that cannot be read first.
    unreadable, found, slugs, articles = [], [], {}, []
    paths = find_files(root, settings["ARTICLE_PATHS"], exclude=exclude)
    for source, read, problems in _articles_checked(
        paths, settings, registries, render, today or newsroom_today(), memo, checked.sources
    ):
        unreadable += read
        if source is None:
            continue
        found += problems
        articles.append(source)
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
    checked.problems += alias_clash_problems(articles, pages, settings)


def _articles_checked(paths, settings, registries, render, on, memo, sources):
    """(its header, or None if it cannot be read; why not; its problems) of each article,
    from `memo` where it holds; what each file read is goes to `sources` (Checked)."""
    root, limit = settings["PATH"], max_bytes(settings)
    context = memo.context(root, registries, on) if memo is not None else b""
    links = site_link_pattern(settings)
    for path in paths:
        now = None
        if memo is not None:
            now, known = memo.known_file(path)
            if known is not None:  # the file read before: its checks, if they still hold
                key = _memo_key(context, path, known[0])
                entry = memo.get(key, registries.index)
                if entry is not None:
                    sources[os.path.abspath(path)] = CheckedFile(*known, now)
                    yield entry
                    continue
        data, unreadable = read_bytes(path, limit)
        if unreadable is not None:
            yield None, [unreadable], []
            continue
        digest = hashlib.sha256(data).digest()
        held = CheckedFile(digest, holds_site_link(data, links), now)
        sources[os.path.abspath(path)] = held
        if memo is None:
            yield _article_checked(path, data, limit, registries, root, render, on)[0]
            continue
        memo.read_file(path, now, held.digest, held.links)
        key = _memo_key(context, path, digest)
        entry = memo.get(key, registries.index)
        if entry is None:
            with looking_at() as files:
                entry, references = _article_checked(
                    path, data, limit, registries, root, render, on
                )
            memo.put(key, entry, files, references)
        yield entry


def _memo_key(context, path, digest):
    return hashlib.sha256(context + f"\0{path}\0".encode() + digest).digest()


def _article_checked(path, data, limit, registries, root, render, on):
    """((header, why it cannot be read, problems), {organization looked up: found})"""
    source, read = source_of(path, data, limit)
    if source is None or read:
        return (None, read, []), {}
    index = None if registries.index is None else LookedUp(registries.index)
    problems = article_problems(source, registries.column_names, root, index, render, on)
    return (source.without_text(), [], problems), getattr(index, "seen", {})


def beside_article_problems(root, settings):
    """What lies beside the articles: Markdown and the days' page files only."""
    other = [*(settings.get("STATIC_PATHS") or []), *(settings.get("PAGE_PATHS") or [])]
    other += [*branch_paths(settings), settings.get("COLUMNS_FILE") or "columns.toml"]
    exclude = {os.path.normpath(path) for path in other if path}
    return page_file_problems(root, settings["ARTICLE_PATHS"], exclude=exclude)


def output_file(source, settings, pattern):
    """The file a build writes an article (ARTICLE_SAVE_AS) or page (PAGE_SAVE_AS) to, as
    far as its fields tell; None when the pattern needs more than its date and slug."""
    fields = {"slug": slug_of(source, settings), "lang": settings.get("DEFAULT_LANG", "")}
    date = ISO_DATE.match(source.fields.get("date", "").strip())
    if date:
        numbers = [int(part) for part in date.groups() if part is not None]
        with contextlib.suppress(ValueError):
            fields["date"] = datetime.datetime(*numbers)
    try:
        return settings.get(pattern, "").format(**fields).lstrip("/") or None
    except (KeyError, AttributeError, IndexError, ValueError):
        return None


def site_sections(settings):
    """The site's own folders and root files, where no old address may be put: those of
    its URL settings (columns/, issues/, tags/ …), its static folders, its theme, the
    search index. An old address of an article may be under articles/, but not one
    another article has."""
    sections = {*SITE_SECTIONS, settings.get("THEME_STATIC_DIR") or "theme"}
    sections |= {path.strip("/").split("/")[0] for path in settings.get("STATIC_PATHS") or []}
    articles = str(settings.get("ARTICLE_SAVE_AS", "")).split("/")[0]
    for key, value in settings.items():
        if isinstance(value, str) and key.endswith(("_URL", "_SAVE_AS", "_ATOM", "_RSS")):
            first = value.lstrip("/").split("/")[0]
            if first and "{" not in first and first != articles:
                sections.add(first)
    return sections - {""}


def alias_clash_problems(articles, pages, settings):
    """Old addresses (Aliases) that are another page's address, lie in the site's own
    folders, or are given twice."""
    taken = {}
    for sources, pattern in ((articles, "ARTICLE_SAVE_AS"), (pages, "PAGE_SAVE_AS")):
        for source in sources:
            file = output_file(source, settings, pattern)
            if file:
                taken[file] = source.path
    sections = site_sections(settings)
    given, problems = {}, []
    fix = "删去这个旧地址，或改正它（旧地址是文章过去的网址，不能与现有页面重合）。"
    for source in articles:
        for alias in split_aliases(source.fields.get("aliases", "")):
            if alias_problem(alias):
                continue  # the article's own rule says why
            file = alias_file(alias)
            if file in taken:
                where = "本文" if taken[file] == source.path else f" {display_path(taken[file])} "
                problem = f"旧地址“{alias}”就是{where}现在的网址，不能再做重定向页。"
            elif file.split("/")[0] in sections:
                section = file.split("/")[0]
                problem = f"旧地址“{alias}”在网站自己生成页面的“/{section}”下，会与网站的页面冲突。"
            elif file in given:
                other, first = given[file]
                where = "本文" if other == source.path else f" {display_path(other)} "
                problem = f"旧地址“{alias}”与{where}的旧地址“{first}”是同一个页面。"
            else:
                given[file] = (source.path, alias)
                continue
            problems.append(source.problem("Aliases", problem, fix))
    return problems

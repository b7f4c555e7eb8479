"""The registries, read once: the columns (栏目, a TOML file in print order), the Party
organizations (one Markdown file each, forming a tree) and the paper's conventions
(conventions.py).

`Registries.load()` reads and checks both; the check, the editors' tools and the site
all use the one object it returns. The site turns the valid records into pages.
"""

import os
import re
from dataclasses import dataclass, field

from .conventions import Conventions, read_conventions
from .problems import Problem
from .rules import ASCII_SLUG, REGISTRY_HINT, SLUG_MAX, markup_problems
from .sources import find_files, read_all, read_toml
from .text import pinyin_slug, split_list

TOML_LINE = re.compile(r"at line (\d+)")
DEFAULT_COLUMNS_FILE = "columns.toml"
DEFAULT_BRANCH_PATHS = ["branches"]

REQUIRED_FIELDS = {
    "name": "Name: 组织全称",
    "kind": "Kind: 党委、党工委、党总支或党支部等",
    "prefecture": "Prefecture: 所在盟市",
}


@dataclass
class Column:
    name: str
    slug: str
    description: str
    order: int


@dataclass
class Organization:
    slug: str
    name: str
    source: object  # the Source: its path, fields and body (the description, Markdown)
    aliases: list = field(default_factory=list)
    parent_reference: str = ""  # as written in Parent
    parent: object = None  # the Organization above, once the tree is known

    @property
    def path(self):
        return self.source.path

    def field(self, key):
        return self.source.fields.get(key, "").strip()

    @property
    def kind(self):
        return self.field("kind")

    @property
    def prefecture(self):
        return self.field("prefecture")

    @property
    def county(self):
        return self.field("county")

    @property
    def description(self):
        return self.source.body


def read_organizations(sources):
    """(valid organizations, problems) from registry sources, sorted by path."""
    organizations, problems = {}, []
    for source in sorted(sources, key=lambda source: source.path):
        fields = source.fields
        missing = [hint for key, hint in REQUIRED_FIELDS.items() if not fields.get(key, "").strip()]
        for hint in missing:
            name = hint.split(":")[0]
            problems.append(source.problem(name, f"缺少 {name}。", f"在文件开头加一行 {hint}。"))
        slug = fields.get("slug") or os.path.splitext(os.path.basename(source.path))[0]
        slug_field = "Slug" if fields.get("slug") else "文件名"
        if not ASCII_SLUG.match(slug) or len(slug) > SLUG_MAX:
            problems.append(
                source.problem(
                    slug_field,
                    f"网址名“{slug[:80]}”只能由小写字母、数字和连字符组成，"
                    f"最多 {SLUG_MAX} 个字符。",
                    "加一行 Slug: 如 songshan-police，或把文件改成这样的名字。",
                )
            )
        elif slug in organizations:
            problems.append(
                source.problem(
                    slug_field,
                    f"网址名“{slug}”与 {organizations[slug].path} 重复。",
                    "每个组织的 Slug（或文件名）必须不同，改用另一个网址名。",
                )
            )
        elif not missing:
            organizations[slug] = Organization(
                slug,
                fields["name"].strip(),
                source,
                aliases=split_list(fields.get("aliases")),
                parent_reference=fields.get("parent", "").strip(),
            )
    return list(organizations.values()), problems


def index_references(organizations):
    """(slug, name and every alias → organization, problems): a name is one organization's.

    Slugs and names are taken first, then aliases: an alias that clashes is reported
    against the file that gives it (whichever file comes first), since the alias is
    what to change; a name that clashes with another's name, against the later file."""
    index, problems, kinds = {}, [], {}
    for organization in organizations:
        for reference in dict.fromkeys([organization.slug, organization.name]):
            other = index.setdefault(reference, organization)
            kinds.setdefault(reference, "网址名" if reference == organization.slug else "名称")
            if other is not organization:
                problems.append(
                    organization.source.problem(
                        "Name",
                        f"名称或别名“{reference}”已用于 {other.path}（{other.name}）。",
                        "一个名称只能指一个组织：改写名称，或合并两个登记文件。",
                    )
                )
    for organization in organizations:
        for alias in organization.aliases:
            if alias in (organization.slug, organization.name):
                continue
            other = index.setdefault(alias, organization)
            kinds.setdefault(alias, "别名")
            if other is not organization:
                problems.append(
                    organization.source.problem(
                        "Aliases",
                        f"名称或别名“{alias}”已用于 {other.path}（{other.name}）的{kinds[alias]}。",
                        "一个名称只能指一个组织：从这里的 Aliases 中删去或改写这个别名。",
                    )
                )
    return index, problems + sound_alike(organizations)


def sound_alike(organizations):
    """Warnings: names and aliases of two organizations that differ but read the same in
    pinyin (新体路 and 新提路): probably a typo, or one organization registered twice."""
    readings, problems = {}, []
    for organization in organizations:
        own = dict.fromkeys([organization.name, *organization.aliases])
        for reference in own:
            reading = pinyin_slug(reference, max_length=10_000)
            if not reading:
                continue
            first, other = readings.setdefault(reading, (reference, organization))
            if other is not organization and first != reference:
                problems.append(
                    organization.source.warning(
                        "Aliases" if reference in organization.aliases else "Name",
                        f"“{reference}”与 {other.path} 的“{first}”读音相同（{reading}），"
                        "可能是错别字，或同一个组织登记了两次。",
                        "核对名称；是同一个组织就合并为一个登记文件，另一个名称写进 Aliases。",
                    )
                )
    return problems


def find_parents(organizations, index):
    """(slug → parent organization or None, problems): unknown parents, cycles cut."""
    parents, problems = {}, []
    for organization in organizations:
        reference = organization.parent_reference
        parent = index.get(reference) if reference else None
        if reference and parent is None:
            problems.append(
                organization.source.problem(
                    "Parent",
                    f"上级组织“{reference}”没有登记。",
                    f"Parent 写 {REGISTRY_HINT}，或先为上级组织新建登记文件。",
                )
            )
        parents[organization.slug] = parent
    in_cycle = set()
    for organization in organizations:
        chain, current = [], organization
        while current is not None and current.slug not in in_cycle and current not in chain:
            chain.append(current)
            current = parents[current.slug]
        if current is not None and current in chain:
            cycle = chain[chain.index(current) :]
            in_cycle.update(member.slug for member in cycle)
            steps = " → ".join(f"{member.name}（{member.path}）" for member in cycle)
            problems.append(
                cycle[0].source.problem(
                    "Parent",
                    f"上级关系形成了循环：{steps} → {cycle[0].name}。",
                    "组织的上级不能是它自己或它的下级：改正其中一个 Parent。",
                )
            )
    for slug in in_cycle:
        parents[slug] = None  # so that walking up the tree always ends
    return parents, problems


def check_registry(sources):
    """(organizations, index, problems) for the whole registry; each organization's
    `parent` is set (None at the top of a tree, and where a cycle was cut)."""
    organizations, problems = read_organizations(sources)
    index, more = index_references(organizations)
    parents, most = find_parents(organizations, index)
    for organization in organizations:
        organization.parent = parents[organization.slug]
    return organizations, index, problems + more + most


def read_columns(path):
    """(columns in print order, problems) from the registry file."""
    if not os.path.isfile(path):
        fix = "新建这个文件，按印刷顺序登记每个栏目的 name、slug 和 description。"
        return [], [Problem(path, "栏目登记文件不存在。", fix, field="文件")]
    data, problems = read_toml(
        path, '检查这一行的引号和等号，例如 name = "视点"；文件须是 UTF-8 编码。'
    )
    if data is None:
        return [], problems
    entries = data.get("column", [])
    columns, problems, names, slugs = [], [], set(), set()
    for order, entry in enumerate(entries):
        name, slug = entry.get("name", "").strip(), entry.get("slug", "").strip()
        where = f"第 {order + 1} 个栏目（[[column]]）"
        if not name:
            fix = '填写印刷的栏目名称，例如 name = "视点"。'
            problems.append(Problem(path, f"{where}缺少 name。", fix, field="name"))
        elif not ASCII_SLUG.match(slug) or len(slug) > SLUG_MAX:
            problems.append(
                Problem(
                    path,
                    f"栏目“{name}”的 slug “{slug[:80]}” 不是由小写字母、数字和连字符组成的网址名"
                    f"（最多 {SLUG_MAX} 个字符）。",
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


@dataclass
class Registries:
    """The columns, the organizations and the paper's conventions, and what is wrong
    with them."""

    columns: list  # Column, in print order
    organizations: list  # Organization, by file
    index: dict  # slug, name and alias → Organization
    problems: list = field(default_factory=list)
    conventions: Conventions = field(default_factory=Conventions)

    @classmethod
    def load(cls, root, settings=None, render=None):
        """Read both registries under the content folder `root` (with the content
        settings COLUMNS_FILE, BRANCH_PATHS, CONTENT_MAX_BYTES); with `render` (Markdown
        → HTML), the descriptions are checked as bodies are."""
        settings = settings or {}
        columns, problems = read_columns(os.path.join(root, columns_file(settings)))
        sources, more = read_all(find_files(root, branch_paths(settings)), settings)
        organizations, index, most = check_registry(sources)
        if render is not None:
            for source in sources:
                most += markup_problems(
                    source, "正文", "介绍", source.body, source.body_line, render
                )
        conventions, last = read_conventions(root)
        return cls(columns, organizations, index, problems + more + most + last, conventions)

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def column(self, name):
        return next((column for column in self.columns if column.name == name), None)

    def resolve(self, references):
        """(organizations named in a list field such as Branches, the names not found)"""
        found, unknown = [], []
        for reference in split_list(references):
            organization = self.index.get(reference)
            if organization is None:
                unknown.append(reference)
            elif organization not in found:
                found.append(organization)
        return found, unknown


def columns_file(settings):
    return settings.get("COLUMNS_FILE") or DEFAULT_COLUMNS_FILE


def branch_paths(settings):
    return settings.get("BRANCH_PATHS") or DEFAULT_BRANCH_PATHS

"""The registry of Party organizations: one Markdown file each, forming a tree."""

import os
import re
from dataclasses import dataclass, field

from pelican.urlwrappers import URLWrapper
from pypinyin import lazy_pinyin

from editor_errors import report

ASCII_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIST_SEPARATORS = re.compile(r"[,，、;；]")
REQUIRED_FIELDS = {
    "name": "Name: 组织全称",
    "kind": "Kind: 党委、党工委、党总支或党支部等",
    "prefecture": "Prefecture: 所在盟市",
}
REGISTRY_HINT = "content/branches/ 中登记的 slug、名称或别名"


def split_list(value):
    return [part.strip() for part in LIST_SEPARATORS.split(value or "") if part.strip()]


def pinyin_key(text):
    return lazy_pinyin(text)


class Branch(URLWrapper):
    """A Party organization: a page of its own at BRANCH_URL."""

    def __init__(self, name, settings, *, slug, source_path, metadata, description):
        super().__init__(name, settings)
        self.slug = slug
        self.source_path = source_path
        self.kind = metadata.get("kind", "")
        self.prefecture = metadata.get("prefecture", "")
        self.county = metadata.get("county", "")
        self.aliases = split_list(metadata.get("aliases"))
        self.parent_reference = metadata.get("parent", "").strip()
        self.description = description
        self.parent = None
        self.children = []
        self.coverage = []  # pieces about it or anything beneath it, newest first

    @property
    def ancestors(self):
        """From the top of the tree down to the parent."""
        chain, branch = [], self.parent
        while branch is not None:
            chain.insert(0, branch)
            branch = branch.parent
        return chain

    @property
    def feed_url(self):
        return self._from_settings("FEED_ATOM")

    @property
    def region(self):
        return " ".join(part for part in (self.prefecture, self.county) if part)


@dataclass
class County:
    name: str  # empty for organizations directly under the prefecture
    branches: list = field(default_factory=list)  # roots of trees, with children


@dataclass
class Region:
    """A prefecture (盟市) and the organizations in it, by county (旗县区)."""

    name: str
    counties: list = field(default_factory=list)
    count: int = 0  # distinct pieces about organizations in the region


def read_registry(paths, read, settings):
    """Branches from registry files; `read(path)` gives (description HTML, metadata).

    Every problem is reported; the branches returned are the valid ones.
    """
    branches = {}
    for path in sorted(paths):
        try:
            description, metadata = read(path)
        except (OSError, UnicodeError, ValueError) as error:
            report(
                path, f"无法读取这个文件（{error}）。", "确认它是 UTF-8 编码的 Markdown 文本文件。"
            )
            continue
        missing = [
            hint for key, hint in REQUIRED_FIELDS.items() if not metadata.get(key, "").strip()
        ]
        for hint in missing:
            field_name = hint.split(":")[0]
            report(path, f"缺少 {field_name}。", f"在文件开头加一行 {hint}。")
        slug_field = "Slug" if metadata.get("slug") else None
        slug = metadata.get("slug") or os.path.splitext(os.path.basename(path))[0]
        if not ASCII_SLUG.match(slug):
            report(
                path,
                f"网址名“{slug}”只能由小写字母、数字和连字符组成。",
                "加一行 Slug: 如 songshan-police，或把文件改成这样的名字。",
                field=slug_field,
            )
        elif slug in branches:
            report(
                path,
                f"网址名“{slug}”与 {branches[slug].source_path} 重复。",
                "每个组织的 Slug（或文件名）必须不同，改用另一个网址名。",
                field=slug_field,
            )
        elif not missing:
            branches[slug] = Branch(
                metadata["name"].strip(),
                settings,
                slug=slug,
                source_path=path,
                metadata=metadata,
                description=description,
            )
    return list(branches.values())


def index_references(branches):
    """Slug, name and every alias → branch; a name two organizations share is an error."""
    index = {}
    for branch in branches:
        for reference in dict.fromkeys([branch.slug, branch.name, *branch.aliases]):
            other = index.setdefault(reference, branch)
            if other is not branch:
                report(
                    branch.source_path,
                    f"名称或别名“{reference}”已用于 {other.source_path}（{other.name}）。",
                    "一个名称只能指一个组织：删去或改写这个别名。",
                    field="Aliases" if reference in branch.aliases else "Name",
                )
    return index


def link_tree(branches, index):
    """Resolve every Parent; report unknown parents and cycles, and cut the cycles."""
    for branch in branches:
        if not branch.parent_reference:
            continue
        parent = index.get(branch.parent_reference)
        if parent is None:
            report(
                branch.source_path,
                f"上级组织“{branch.parent_reference}”没有登记。",
                f"Parent 写 {REGISTRY_HINT}，或先为上级组织新建登记文件。",
                field="Parent",
            )
        branch.parent = parent
    in_cycle = set()
    for branch in branches:
        path, current = [], branch
        while current is not None and current.slug not in in_cycle and current not in path:
            path.append(current)
            current = current.parent
        if current is not None and current in path:
            cycle = path[path.index(current) :]
            in_cycle.update(member.slug for member in cycle)
            steps = " → ".join(f"{member.name}（{member.source_path}）" for member in cycle)
            report(
                cycle[0].source_path,
                f"上级关系形成了循环：{steps} → {cycle[0].name}。",
                "组织的上级不能是它自己或它的下级：改正其中一个 Parent。",
                field="Parent",
            )
    for branch in branches:
        if branch.slug in in_cycle:
            branch.parent = None  # so that walking up the tree always ends
        elif branch.parent is not None:
            branch.parent.children.append(branch)
    for branch in branches:
        branch.children.sort(key=lambda child: pinyin_key(child.name))


def resolve(references, index):
    """Branches named in an article's Branches field, and the names not found."""
    found, unknown = [], []
    for reference in split_list(references):
        branch = index.get(reference)
        if branch is None:
            unknown.append(reference)
        elif branch not in found:
            found.append(branch)
    return found, unknown


def add_coverage(article, branches):
    """Count the article for each named organization and everything above it."""
    counted = set()
    for branch in branches:
        for covered in [branch, *branch.ancestors]:
            if covered.slug not in counted:
                counted.add(covered.slug)
                covered.coverage.append(article)


def group_by_region(branches, prefecture_order):
    """Roots of the organization trees, by prefecture then county.

    Prefectures come in `prefecture_order`, then any others by pinyin; counties
    by pinyin, organizations directly under the prefecture first.
    """
    rank = {name: position for position, name in enumerate(prefecture_order)}
    regions = {}
    for branch in branches:
        if branch.parent is not None:
            continue
        region = regions.setdefault(branch.prefecture, Region(branch.prefecture))
        county = next((c for c in region.counties if c.name == branch.county), None)
        if county is None:
            county = County(branch.county)
            region.counties.append(county)
        county.branches.append(branch)
    for region in regions.values():
        region.counties.sort(key=lambda county: (county.name != "", pinyin_key(county.name)))
        for county in region.counties:
            county.branches.sort(key=lambda branch: pinyin_key(branch.name))
        region.count = len(
            {
                article.source_path
                for county in region.counties
                for branch in county.branches
                for article in branch.coverage
            }
        )
    return sorted(
        regions.values(),
        key=lambda region: (rank.get(region.name, len(rank)), pinyin_key(region.name)),
    )

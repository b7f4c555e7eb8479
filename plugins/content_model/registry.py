"""The registry of Party organizations: one Markdown file each, forming a tree.

These functions check the registry as plain records; the branches plugin turns
the valid records into pages.
"""

import os
from dataclasses import dataclass, field

from .rules import ASCII_SLUG, REGISTRY_HINT, split_list

REQUIRED_FIELDS = {
    "name": "Name: 组织全称",
    "kind": "Kind: 党委、党工委、党总支或党支部等",
    "prefecture": "Prefecture: 所在盟市",
}


@dataclass
class Organization:
    slug: str
    name: str
    source: object  # the Source (or anything with path, fields and problem())
    aliases: list = field(default_factory=list)
    parent: str = ""  # the reference as written in Parent

    @property
    def path(self):
        return self.source.path


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
        if not ASCII_SLUG.match(slug):
            problems.append(
                source.problem(
                    slug_field,
                    f"网址名“{slug}”只能由小写字母、数字和连字符组成。",
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
                parent=fields.get("parent", "").strip(),
            )
    return list(organizations.values()), problems


def index_references(organizations):
    """(slug, name and every alias → organization, problems): a name is one organization's."""
    index, problems = {}, []
    for organization in organizations:
        for reference in dict.fromkeys(
            [organization.slug, organization.name, *organization.aliases]
        ):
            other = index.setdefault(reference, organization)
            if other is not organization:
                problems.append(
                    organization.source.problem(
                        "Aliases" if reference in organization.aliases else "Name",
                        f"名称或别名“{reference}”已用于 {other.path}（{other.name}）。",
                        "一个名称只能指一个组织：删去或改写这个别名。",
                    )
                )
    return index, problems


def find_parents(organizations, index):
    """(slug → parent organization or None, problems): unknown parents, cycles cut."""
    parents, problems = {}, []
    for organization in organizations:
        parent = index.get(organization.parent) if organization.parent else None
        if organization.parent and parent is None:
            problems.append(
                organization.source.problem(
                    "Parent",
                    f"上级组织“{organization.parent}”没有登记。",
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
    """(organizations, index, parents, problems) for the whole registry."""
    organizations, problems = read_organizations(sources)
    index, more = index_references(organizations)
    parents, most = find_parents(organizations, index)
    return organizations, index, parents, problems + more + most

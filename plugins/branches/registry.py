"""The registry of Party organizations: one Markdown file each, forming a tree."""

from dataclasses import dataclass, field

from pelican.urlwrappers import URLWrapper
from pypinyin import lazy_pinyin

from content_model import Source, check_registry, clean, split_list
from editor_errors import log, report


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
    """(branches linked into a tree, reference → branch) from the registry files.

    `read(path)` gives (description HTML, metadata). The registry's rules are
    content_model's; every problem is logged, and only valid branches are kept.
    """
    sources, descriptions = [], {}
    for path in sorted(paths):
        try:
            description, metadata = read(path)
        except (OSError, UnicodeError, ValueError) as error:
            report(
                path, f"无法读取这个文件（{error}）。", "确认它是 UTF-8 编码的 Markdown 文本文件。"
            )
            continue
        sources.append(Source.from_metadata(path, metadata))
        descriptions[path] = clean(description)
    organizations, index, parents, problems = check_registry(sources)
    for problem in problems:
        log(problem)
    branches = {
        organization.slug: Branch(
            organization.name,
            settings,
            slug=organization.slug,
            source_path=organization.path,
            metadata=organization.source.fields,
            description=descriptions[organization.path],
        )
        for organization in organizations
    }
    for slug, parent in parents.items():
        if parent is not None:
            branches[slug].parent = branches[parent.slug]
            branches[parent.slug].children.append(branches[slug])
    for branch in branches.values():
        branch.children.sort(key=lambda child: pinyin_key(child.name))
    references = {
        reference: branches[organization.slug] for reference, organization in index.items()
    }
    return list(branches.values()), references


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

"""The Party organizations as pages: the content model's registry, linked into a tree."""

from dataclasses import dataclass, field

from pelican.urlwrappers import URLWrapper
from pypinyin import lazy_pinyin


def pinyin_key(text):
    return lazy_pinyin(text)


class Branch(URLWrapper):
    """A Party organization (the content model's Organization) with a page of its own at
    BRANCH_URL: its place in the tree, its description as HTML, the pieces about it."""

    def __init__(self, organization, settings, description):
        super().__init__(organization.name, settings)
        self.organization = organization
        self.slug = organization.slug
        self.source_path = organization.path
        self.description = description  # HTML, sanitized
        self.parent = None
        self.children = []
        self.coverage = []  # pieces about it or anything beneath it, newest first

    # What a later page of its listing shows of it (dangjian/speed/listing_pages.py): not
    # its pieces, their number or the tree below it, which its first page shows.
    LATER_PAGES_SHOW = (
        "name", "slug", "url", "save_as", "feed_url", "kind", "region", "prefecture",
        "county", "aliases", "description", ("ancestors", ("name", "slug", "url")),
    )  # fmt: skip

    kind = property(lambda self: self.organization.kind)
    prefecture = property(lambda self: self.organization.prefecture)
    county = property(lambda self: self.organization.county)
    aliases = property(lambda self: self.organization.aliases)

    def render_digest(self):
        """What pages show of an organization (dangjian/speed/render_cache.py): its
        registry fields, its description, its address, the organizations above it (names
        and addresses), the number of pieces about it, and its tree below (names,
        addresses, kinds, numbers of pieces): the branch pages, the trees that list it
        and its JSON-LD. Articles show only its name and address (their record's digest)."""
        return [
            self.name, self.slug, self.url, self.save_as, self.feed_url, self.kind,
            self.prefecture, self.county, list(self.aliases), self.description,
            [(ancestor.name, ancestor.url) for ancestor in self.ancestors],
            len(self.coverage), self.tree_digest(),
        ]  # fmt: skip

    def tree_digest(self):
        """The organizations below, as the trees show them."""
        return [
            (child.name, child.url, child.kind, len(child.coverage), child.tree_digest())
            for child in self.children
        ]

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
        return self.settings["BRANCH_FEED_ATOM"].format(**self.as_dict())

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


def make_tree(registries, settings, describe):
    """{organization slug: Branch}, linked into a tree; `describe(organization)` gives a
    description's HTML."""
    branches = {
        organization.slug: Branch(organization, settings, describe(organization))
        for organization in registries.organizations
    }
    for organization in registries.organizations:
        if organization.parent is not None:
            branch, parent = branches[organization.slug], branches[organization.parent.slug]
            branch.parent = parent
            parent.children.append(branch)
    for branch in branches.values():
        branch.children.sort(key=lambda child: pinyin_key(child.name))
    return branches


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

"""The pieces of a printed page: their types, their credit as printed, and the record the
site keeps of each.

A Piece is everything the site knows of an article beyond Pelican's own fields: made
once when the article is read (its type, its credit, its length), then completed by the
phases that link articles (its printed page and neighbours there, its organizations,
what to read next). Templates read it as `article.piece`.
"""

from dataclasses import dataclass, field

PIECE_TYPES = {"news": "消息", "commentary": "评论", "photo": "图片新闻", "profile": "人物"}
# How an organization's or a person's coverage is grouped, in this order.
COVERAGE_GROUPS = (
    ("文章", ("news", "commentary")),
    ("人物", ("profile",)),
    ("图片", ("photo",)),
)


@dataclass
class Credit:
    """A byline as printed: □本报记者 陈春艳 · ◎白丹 · 杨守东 摄 · 本报记者 甲 通讯员 乙

    `roles` are the printed identities before the names, in order (the site prints the
    first, its Byline field); `authors` are what the site links to (names, or the site's
    author pages)."""

    mark: str = ""
    roles: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    suffix: str = ""

    @property
    def role(self):
        return self.roles[0] if self.roles else ""

    def __str__(self):
        names = "、".join(str(author) for author in self.authors)
        text = self.mark + (f"{self.role} {names}" if self.role else names)
        return f"{text} {self.suffix}" if self.suffix else text

    def __bool__(self):
        return bool(self.authors)


def credit(piece_type, mark="", role="", authors=(), photographer=""):
    """The credit a piece prints: a photo's is its photographer's, "X 摄"."""
    roles = [role] if role else []
    if piece_type == "photo":
        return Credit(mark, roles, [photographer] if photographer else [], "摄")
    return Credit(mark, roles, list(authors))


@dataclass
class Piece:
    """The site's record of one article (see the module's docstring)."""

    type: str = ""
    credit: Credit = field(default_factory=Credit)
    character_count: int = 0  # characters a reader reads
    reading_time: int = 1  # minutes
    corrections: list = field(default_factory=list)  # [changes.Correction], oldest first
    # Set once every article is read:
    issue: object = None  # the printed page it is on
    previous_in_issue: object = None  # its neighbours there, in print order
    next_in_issue: object = None
    branches: list = field(default_factory=list)  # the organizations it is about
    search_branches: list = field(default_factory=list)  # their names and those above
    related: list = field(default_factory=list)  # what to read next
    # A draft's column, authors and tags that have no page (none of their pieces is
    # published yet): their URLs, shown as plain names
    unlinked: set = field(default_factory=set)
    area: list = field(default_factory=list)  # its place on the page image: [(x, y, w, h)]
    listed: dict = field(default_factory=dict, repr=False)  # its list item, rendered once

    @property
    def correction(self):
        """The latest correction, or None."""
        return self.corrections[-1] if self.corrections else None

    @property
    def type_name(self):
        return PIECE_TYPES.get(self.type, "")

    def take_body(self, new):
        """What the body of `new` (the same article, read again) changes here."""
        self.character_count, self.reading_time = new.character_count, new.reading_time
        self.listed.clear()


@dataclass
class Person:
    """Someone profiled, with the profiles about them."""

    name: str
    position: str = ""
    profiles: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"person-{self.profiles[0].slug}"

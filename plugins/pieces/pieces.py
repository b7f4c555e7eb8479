"""The pieces of a printed page: their type, their credit as printed, the people profiled.

Metadata read from each article:
    Type          news · commentary · photo · profile                  (required)
    Author        who wrote it; several separated by 、 or commas (not for photo news)
    Byline        the printed role before the name, e.g. 本报记者
    Mark          the sign printed before the byline, e.g. □ or ◎
    Photographer  photo news: printed as "杨守东 摄"                   (required for photo)
    Image         photo news: picture file under content/, e.g. images/x.jpg (optional)
    Person, Position   profiles: who, and their post                   (Person required)

Adds to each article: `credit` (the byline as printed), `type_name`; titles become
HTML-safe text. Adds to the context: `people`, the persons profiled, newest first.
Jinja filters: `by_type`, a list of pieces grouped as 文章, 人物, 图片; `piece_item`,
a piece as listed, rendered once.
"""

import re
from dataclasses import dataclass, field

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Author, Tag

from content_model import PIECE_TYPES, Source
from content_model.rules import REQUIRED, piece_problems, required_problems
from editor_errors import log

COVERAGE_GROUPS = (
    ("文章", ("news", "commentary")),
    ("人物", ("profile",)),
    ("图片", ("photo",)),
)
CHINESE_LIST_SEPARATORS = re.compile(r"[、，；]")


@dataclass
class Credit:
    """A byline as printed: □本报记者 陈春艳 · ◎白丹 · 杨守东 摄"""

    mark: str = ""
    role: str = ""
    authors: list = field(default_factory=list)
    suffix: str = ""

    def __str__(self):
        names = "、".join(str(author) for author in self.authors)
        text = self.mark + (f"{self.role} {names}" if self.role else names)
        return f"{text} {self.suffix}" if self.suffix else text

    def __bool__(self):
        return bool(self.authors)


@dataclass
class Person:
    name: str
    position: str = ""
    profiles: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"person-{self.profiles[0].slug}"


def split_chinese_lists(content, key, make):
    """Tags: 全国两会、基层党建 → two tags (Pelican splits on ASCII commas only)."""
    values = getattr(content, key, None)
    if not values:
        return
    names = [
        part.strip()
        for value in values
        for part in CHINESE_LIST_SEPARATORS.split(str(value))
        if part.strip()
    ]
    setattr(content, key, [make(name, content.settings) for name in names])


def check_piece(content):
    """Validate an article's piece metadata and give it its credit."""
    if not isinstance(content, Article):
        return
    metadata = content.metadata
    source = Source.from_metadata(content.source_path, metadata)
    required = {key: REQUIRED[key] for key in ("title", "date", "type")}
    for problem in required_problems(source, required) + piece_problems(
        source, content.settings["PATH"]
    ):
        log(problem)
    if "title" in metadata:
        # Titles are text: escaped once here, they stay text in pages and feeds.
        content.title = Markup.escape(metadata["title"])

    split_chinese_lists(content, "tags", Tag)
    split_chinese_lists(content, "authors", Author)
    if getattr(content, "authors", None):
        content.author = content.authors[0]

    piece_type = metadata.get("type", "")
    content.type = piece_type
    content.type_name = PIECE_TYPES.get(piece_type, "")

    credit = Credit(mark=metadata.get("mark", ""), role=metadata.get("byline", ""))
    if piece_type == "photo":
        photographer = metadata.get("photographer", "").strip()
        if photographer:
            content.authors = [Author(photographer, content.settings)]
            content.author = content.authors[0]
        credit.suffix = "摄"
    credit.authors = list(getattr(content, "authors", []))
    content.credit = credit


def by_type(pieces):
    """Pieces grouped as 文章, 人物, 图片, in that order, empty groups left out."""
    groups = []
    for label, types in COVERAGE_GROUPS:
        members = [piece for piece in pieces if getattr(piece, "type", "") in types]
        if members:
            groups.append((label, members))
    return groups


def collect_people(generator):
    people = {}
    for article in generator.articles:
        if getattr(article, "type", "") != "profile":
            continue
        name = article.metadata.get("person", "")
        person = people.setdefault(name, Person(name, article.metadata.get("position", "")))
        person.profiles.append(article)
    generator.context["people"] = list(people.values())


# Stands for the heading level in a piece rendered once (NUL is in no page's text).
HEADING = "\x00heading\x00"


@pass_context
def piece_item(context, article, heading="h2"):
    """A piece as listed (partials/piece_item.html), rendered once per build: the same
    piece is listed on many pages (columns', tags', authors', organizations'), and
    nothing in the item depends on the page but the site's address and the heading
    level, put in here. Kept on the article: every generator's templates share it."""
    site_url = context.get("SITEURL")
    rendered = article.__dict__.setdefault("_listed_piece", {})  # SITEURL → parts
    if site_url not in rendered:
        template = context.environment.get_template("partials/piece_item.html")
        variables = {"article": article, "heading": HEADING, "SITEURL": site_url}
        rendered[site_url] = template.render(variables).split(HEADING)
    return Markup(heading.join(rendered[site_url]))


def add_filters(generator):
    generator.env.filters["by_type"] = by_type
    generator.env.filters["piece_item"] = piece_item


def register():
    signals.content_object_init.connect(check_piece)
    signals.article_generator_finalized.connect(collect_people)
    signals.generator_init.connect(add_filters)

"""The pieces of a printed page: each article's record (`article.piece`, the content
model's Piece), its credit as printed, and the people profiled.

Metadata read from each article (the content model checks it before it is read):
    Type          news · commentary · photo · profile
    Author        who wrote it; several separated by 、 or commas (not for photo news)
    Byline        the printed role before the name, e.g. 本报记者
    Mark          the sign printed before the byline, e.g. □ or ◎
    Photographer  photo news: printed as "杨守东 摄"
    Image         photo news: picture file under content/, e.g. images/x.jpg (optional)
    Person, Position   profiles: who, and their post

Gives each article `piece` (type, credit, length; for a draft, the terms it names that have
no page yet); titles become HTML-safe text, and Tags and Author are split at Chinese
separators too. Adds to the context: `people`, the
persons profiled, newest first. Jinja filters: `by_type`, a list of pieces grouped as
文章, 人物, 图片; `piece_item`, a piece as listed, rendered once.
"""

from itertools import chain

from jinja2 import pass_context
from markupsafe import Markup
from pelican.contents import Article
from pelican.urlwrappers import Author, Tag, URLWrapper

from dangjian.model import COVERAGE_GROUPS, Person, Piece, credit, split_list

from .text import length


def split_chinese_lists(content, key, make):
    """Tags: 全国两会、基层党建 → two tags (Pelican splits on ASCII commas only)."""
    values = getattr(content, key, None)
    if values:
        names = [name for value in values for name in split_list(str(value))]
        setattr(content, key, [make(name, content.settings) for name in names])


def make_piece(content):
    """An article's record, from its metadata and body."""
    if not isinstance(content, Article):
        return
    metadata = content.metadata
    if "title" in metadata:
        # Titles are text: escaped once here, they stay text in pages and feeds.
        content.title = Markup.escape(metadata["title"])
    split_chinese_lists(content, "tags", Tag)
    split_chinese_lists(content, "authors", Author)
    piece_type = metadata.get("type", "")
    photographer = metadata.get("photographer", "").strip()
    if piece_type == "photo" and photographer:
        content.authors = [Author(photographer, content.settings)]
    if getattr(content, "authors", None):
        content.author = content.authors[0]
    characters, minutes = length(content)
    content.piece = Piece(
        type=piece_type,
        credit=credit(
            piece_type,
            mark=metadata.get("mark", ""),
            role=metadata.get("byline", ""),
            authors=getattr(content, "authors", []),
            photographer=content.authors[0] if piece_type == "photo" and photographer else "",
        ),
        character_count=characters,
        reading_time=minutes,
    )


def share_terms(generator):
    """The articles that name the same tag or author share one object for it, in their
    lists, fields and credits: each article read made its own, twice (at 100,000
    articles, 75 MB of equal objects)."""
    terms = {}  # (class, name) → the first object of that name: a few hundred
    for article in chain(
        generator.articles, generator.translations, generator.hidden_articles, generator.drafts
    ):
        metadata = article.metadata
        for named in (
            getattr(article, "tags", None),
            getattr(article, "authors", None),
            metadata.get("tags"),
            metadata.get("authors"),
            getattr(article, "piece", None) and article.piece.credit.authors,
        ):
            for at, term in enumerate(named or ()):
                named[at] = _shared(term, terms)
        if "author" in metadata:
            metadata["author"] = _shared(metadata["author"], terms)
        if getattr(article, "authors", None):
            article.author = article.authors[0]


def _shared(term, terms):
    if not isinstance(term, URLWrapper):  # a credit's name without a page
        return term
    return terms.setdefault((type(term), term.name), term)


def unlinked_terms(generator):
    """A draft (or hidden piece) may name a column, author or tag no published piece has:
    no page is written for it, so its name is shown without a link."""
    listed = {
        *(term.url for term, _articles in generator.categories),
        *(term.url for term, _articles in generator.authors),
        *(term.url for term in generator.tags),
    }
    for article in [*generator.drafts, *generator.hidden_articles]:
        terms = [article.category, *getattr(article, "authors", []), *getattr(article, "tags", [])]
        article.piece.unlinked = {term.url for term in terms if term.url not in listed}


def by_type(pieces):
    """Pieces grouped as 文章, 人物, 图片, in that order, empty groups left out."""
    groups = []
    for label, types in COVERAGE_GROUPS:
        members = [piece for piece in pieces if piece.piece.type in types]
        if members:
            groups.append((label, members))
    return groups


def collect_people(generator):
    people = {}
    for article in generator.articles:
        if article.piece.type != "profile":
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
    level, put in here. Kept in the piece's record: every generator's templates share it."""
    site_url = context.get("SITEURL")
    if site_url not in article.piece.listed:
        render_item(context.environment, article, site_url)
    return Markup(heading.join(article.piece.listed[site_url]))


def render_item(environment, article, site_url):
    """Render the piece's list item for the site at `site_url` into its record."""
    template = environment.get_template("partials/piece_item.html")
    variables = {"article": article, "heading": HEADING, "SITEURL": site_url}
    article.piece.listed[site_url] = template.render(variables).split(HEADING)  # SITEURL → parts


def render_listed_items(_writer, pages):
    """The list items of the pieces on the listing pages about to be rendered, rendered
    before the workers that render those pages fork (speed/parallel.py): the workers then
    share one copy of them, where each rendered the pieces its pages hold and kept its own
    (at 100,000 articles, a copy of every list item in each worker). A daily publish
    renders the first pages of a few listings: only their pieces are rendered."""
    for template, context, kwargs in pages:
        listing = kwargs.get("articles_page")
        if listing is None:
            continue  # not a listing
        site_url = context.get("SITEURL")  # as piece_item finds it
        for article in listing.object_list:
            if site_url not in article.piece.listed:
                render_item(template.environment, article, site_url)


def add_filters(generator):
    generator.env.filters["by_type"] = by_type
    generator.env.filters["piece_item"] = piece_item

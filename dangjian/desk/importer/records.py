"""Neutral records of a printed page: what the parser found, before any file is written."""

from dataclasses import dataclass, field

from .forms import Credit

__all__ = ["Credit", "Drop", "Page", "Piece"]


@dataclass(eq=False)  # pieces are compared by identity: two may print the same text
class Piece:
    """One piece of the page, as printed."""

    column: str = ""  # the column head it was printed under ("" when none)
    under_its_column_head: bool = True  # False: it followed another piece's body
    title: str = ""
    subtitle: str = ""
    kicker: str = ""  # the 引题 above the title
    credit: Credit | None = None  # the byline printed under the title
    end_credit: Credit | None = None  # a credit printed after the text: （郭  帅）
    inline_credit: Credit | None = None  # 本报讯（记者李铮）… : stays in the text
    inner_credits: list = field(default_factory=list)  # bylines of a package's reports
    paragraphs: list = field(default_factory=list)
    captions: list = field(default_factory=list)  # (caption, credit as printed)
    photographers: list = field(default_factory=list)
    piece_type: str = "news"
    person: str = ""  # profiles: who
    position: str = ""  # profiles: their post, when the kicker prints it
    branches: list = field(default_factory=list)  # registry slugs suggested
    first_line: int = 0  # where the piece starts in the page's text
    last_line: int = 0
    notes: list = field(default_factory=list)  # what the editor must decide, in Chinese
    decided: list = field(default_factory=list)  # what was decided, and how sure, in Chinese
    owned: list = field(default_factory=list)  # (order, text): the page's text it holds
    package: bool = False  # an editor's note and several reports under one title
    unsure_lines: list = field(default_factory=list)  # paragraph breaks guessed from widths

    @property
    def text(self):
        return "".join(self.paragraphs)

    @property
    def photographer(self):
        return "、".join(self.photographers)

    @property
    def authors(self):
        """The names the piece is credited to, from the first credit the page prints."""
        for credit in (self.credit, self.end_credit, self.inline_credit):
            if credit is not None and credit.names:
                return list(credit.names)
        names = []
        for credit in self.inner_credits:
            names += [name for name in credit.names if name not in names]
        return names

    @property
    def role(self):
        """The printed identity (本报记者 …) of the credit the authors come from."""
        credits = (self.credit, self.end_credit, self.inline_credit, *self.inner_credits)
        for credit in credits:
            if credit is not None and credit.names:
                return credit.roles[0] if credit.roles else ""
        if self.credit is not None and self.credit.roles:
            return self.credit.roles[0]  # 本报评论员: a commentary credited to no one by name
        return ""

    @property
    def mark(self):
        return self.credit.mark if self.credit else ""


@dataclass
class Drop:
    """Page text deliberately left out of every draft, named in the report."""

    line: int
    text: str
    why: str
    order: tuple = (0, 0)


@dataclass
class Page:
    """A printed page: its date and its pieces in print order."""

    date: str = ""  # YYYY-MM-DD
    pieces: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # about the page as a whole
    drops: list = field(default_factory=list)
    unknown_columns: dict = field(default_factory=dict)  # head as printed → its first line
    layout: str = ""  # how its lines were broken, for the report
    encoding: str = ""  # as detected, for the report

"""Neutral records of a printed page: what the parser found, before any file is written."""

from dataclasses import dataclass, field


@dataclass
class Credit:
    """A byline as printed: □本报记者 陈春艳 · ◎白丹 · 本报记者 甲 通讯员 乙"""

    mark: str = ""  # □, ◎ …
    roles: list = field(default_factory=list)  # 本报记者, 通讯员 … in printed order
    names: list = field(default_factory=list)


@dataclass
class Piece:
    """One piece of the page, as printed."""

    column: str = ""  # the column head it was printed under ("" when none)
    under_its_column_head: bool = True  # False: it followed another piece's body
    title: str = ""
    subtitle: str = ""
    credit: Credit | None = None
    paragraphs: list = field(default_factory=list)
    photographer: str = ""
    piece_type: str = "news"
    person: str = ""  # profiles: who
    branches: list = field(default_factory=list)  # registry slugs suggested
    first_line: int = 0  # where the piece starts in the page's text
    notes: list = field(default_factory=list)  # decisions for the editor, in Chinese

    @property
    def text(self):
        return "".join(self.paragraphs)


@dataclass
class Page:
    """A printed page: its date and its pieces in print order."""

    date: str = ""  # YYYY-MM-DD
    pieces: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # about the page as a whole

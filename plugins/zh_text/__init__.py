from .text import (
    count_characters,
    language_tag,
    pinyin_slug,
    reading_minutes,
    summarize,
    zh_date,
)
from .zh_text import register

__all__ = [
    "count_characters",
    "language_tag",
    "pinyin_slug",
    "reading_minutes",
    "register",
    "summarize",
    "zh_date",
]

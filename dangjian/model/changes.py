"""Changes to an article after it was printed: corrections (更正) and old addresses.

    Correction: 2018-03-22 本文第二段中“……”应为“……”，特此更正。
    Aliases: /old/jinbei-yinbei/, /articles/2018/03/old-slug/

A correction is its date, then its text. An article may have several, one `Correction:`
line each (a longer text may go on over indented lines); the latest date is the date
the article was last changed. Aliases are root-relative paths the article was once
published at; each becomes a small page that sends the reader on to the article.
"""

import datetime
import posixpath
import re
from dataclasses import dataclass

from .sources import META_LINE, META_MORE

CORRECTION = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(.*))?$", re.S)
CHINESE_DATE_FIRST = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CORRECTION_EXAMPLE = "Correction: 2018-03-22 本文第二段中的……已更正。"
# One part of an old address: letters, digits and - _ . ~ (and %-escapes).
ALIAS_PART = re.compile(r"^(?:[A-Za-z0-9_.~-]|%[0-9A-Fa-f]{2})+$")
ALIAS_EXAMPLE = "Aliases: /old/jinbei-yinbei/"
CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]$")
CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’…—]")
PAGE_EXTENSIONS = (".html", ".htm")


@dataclass(frozen=True)
class Correction:
    date: datetime.date
    text: str


def header_values(source, key):
    """The values of a header field as written, one per `Key:` line, each with its
    indented continuation lines joined (Source.fields joins repeated keys)."""
    values, current = [], None
    for line in source.lines[: max(source.body_line - 1, 0)]:
        field, more = META_LINE.match(line), META_MORE.match(line)
        if field:
            current = field["key"].lower() == key
            if current:
                values.append(field["value"].strip())
        elif more and current:
            values[-1] = join_lines(values[-1], more["value"])
    return values


def join_lines(text, more):
    """A value continued on the next line: Chinese text joins without a space."""
    text, more = text.strip(), more.strip()
    space = "" if CJK_END.search(text) and CJK_START.search(more) else " "
    return f"{text}{space}{more}".strip()


def split_corrections(values):
    """Pelican's metadata gives a field's lines (repeated keys and continuation lines
    alike) as one list: a line that starts with a date starts a new correction."""
    if isinstance(values, str):
        values = [values]
    joined = []
    for value in (str(value).strip() for value in values):
        if joined and not CORRECTION.match(value) and not CHINESE_DATE_FIRST.match(value):
            joined[-1] = join_lines(joined[-1], value)
        else:
            joined.append(value)
    return joined


def parse_correction(value):
    """A Correction from "2018-03-22 text"; ValueError with the reason, in Chinese."""
    value = str(value).strip()
    chinese = CHINESE_DATE_FIRST.match(value)
    if chinese:
        year, month, day = (int(part) for part in chinese.groups())
        raise ValueError(
            f"日期“{chinese.group(0)}”是中文写法，要写成 {year:04d}-{month:02d}-{day:02d}"
        )
    match = CORRECTION.match(value)
    if not match:
        raise ValueError(f"“{value}”没有以更正日期开头")
    year, month, day, text = match.groups()
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"“{year}-{month}-{day}”不是有效的日期") from None
    if not (text or "").strip():
        raise ValueError("日期后面没有更正的内容")
    return Correction(date, text.strip())


def parse_corrections(values):
    """[Correction], oldest first, from Pelican's metadata value (a text or a list)."""
    corrections = [parse_correction(value) for value in split_corrections(values)]
    return sorted(corrections, key=lambda correction: correction.date)


def split_aliases(value):
    """The old addresses in an Aliases value (a text, or Pelican's list of lines)."""
    if not isinstance(value, str):
        value = " ".join(str(part) for part in value)
    return [part for part in re.split(r"[\s,，、;；]+", value) if part]


def alias_problem(alias):
    """Why an old address cannot be a redirect page on this site (Chinese), or ""."""
    if "://" in alias or alias.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", alias, re.I):
        return f"旧地址“{alias}”指向网站之外（或写了网站的域名），重定向页只能放在本站"
    if not alias.startswith("/"):
        return f"旧地址“{alias}”要以 / 开头（从网站根目录写起）"
    if "?" in alias or "#" in alias:
        return f"旧地址“{alias}”带有 ? 或 # 后的部分，静态网站只能按路径转向"
    parts = alias.strip("/").split("/")
    if alias == "/" or any(part in ("", ".", "..") for part in parts):
        return f"旧地址“{alias}”不是一个页面的路径（根目录、空的一段或 . 与 ..）"
    if not all(ALIAS_PART.match(part) for part in parts):
        return f"旧地址“{alias}”中有字母、数字和 - _ . ~ 以外的字符"
    extension = posixpath.splitext(parts[-1])[1].lower()
    if not alias.endswith("/") and extension and extension not in PAGE_EXTENSIONS:
        return f"旧地址“{alias}”以 {extension} 结尾，静态网站只能在 .html 或目录地址上放重定向页"
    return ""


def alias_file(alias):
    """The output file of the redirect page for an old address (relative to the site):
    /old/x/ and /old/x → old/x/index.html; /old/x.html → old/x.html."""
    path = alias.strip("/")
    if alias.endswith("/") or posixpath.splitext(path)[1].lower() not in PAGE_EXTENSIONS:
        return f"{path}/index.html"
    return path

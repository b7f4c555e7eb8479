"""What one line of a page is by its form alone: a byline, a photo credit, a headline …

The page reader (pieces.py) then decides from the neighbours. Every function
takes the paper's conventions (conventions.py) and returns None when the line
does not have that form.
"""

import re
from dataclasses import dataclass

from dangjian import model

from .layout import CLOSERS, sentence_ended
from .names import has_surname, looks_like_names, unpad

HALF_WIDTH = {",": "，", "!": "！", ":": "：", ";": "；", "?": "？"}
NARROW = re.compile(r"(?<=[^\x00-\x7f])[,!:;?]|[,!:;?](?=[^\x00-\x7f])")
SPACE = re.compile(r"[\s\u3000]+")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Punctuation a column head never has (a series head keeps its · and ⑦).
NOT_IN_HEADS = re.compile(r"[，。、；：？！（）()!?,;:…—]")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
NAME_RUN = r"[\u4e00-\u9fff·][\u4e00-\u9fff·\s\u3000、，,]*?"


NOT_IN_A_NUMBER = re.compile(r"(?<![0-9])[,!:;?]|[,!:;?](?![0-9])")
FULL_WIDTH = re.compile(r"[，！：；？]")


def widen(line, everywhere=False):
    """Half-width , ! : ; ? beside Chinese become full-width; 61.98 and 2,000 stay.

    `everywhere`: the page was exported with half-width punctuation throughout,
    so "85%,14名" is widened too; only a number's 2,000 or 10:30 stays.
    """
    pattern = NOT_IN_A_NUMBER if everywhere else NARROW
    return pattern.sub(lambda match: HALF_WIDTH[match.group(0)], line)


def half_width_page(text):
    """Was the page exported with half-width , : ; ! ? (more of them than full-width)?"""
    return len(NARROW.findall(text)) > len(FULL_WIDTH.findall(text))


def squeeze(text):
    return SPACE.sub("", text)


@dataclass
class Credit(model.Credit):
    """A byline or credit as the page prints it (the content model's Credit, its authors
    the names read): □本报记者 陈春艳 · ◎白丹 · 本报记者 甲 通讯员 乙, with the line it
    was read from and which form read it, for the report."""

    text: str = ""  # as printed
    how: str = ""  # which form it was read by

    names = property(lambda self: self.authors, lambda self, value: setattr(self, "authors", value))


def _role_pattern(conventions):
    return conventions.role_pattern


def parse_byline(line, conventions, bare=False):
    """A byline: [mark] (role names)…; with `bare`, names alone. None if not one."""
    if not line or len(line) > conventions.max_byline:
        return None
    mark = line[0] if line[0] in conventions.marks else ""
    rest = line[len(mark) :].strip()
    if not rest:
        return None
    parts = _role_pattern(conventions).split(rest)
    credit = Credit(mark=mark, text=line)
    lead = parts[0].strip(" \u3000、，,")
    if lead:  # names before any role: "□柴俊杰", or a commentator's bare name
        if not (mark or bare):
            return None
        names = unpad(lead.replace("、", " ").replace("，", " ").replace(",", " "))
        if not names or not all(2 <= len(name) <= 5 for name in names):
            return None
        if not mark and not looks_like_names(lead.replace("、", " ")):
            return None
        credit.names += names
    for index in range(1, len(parts), 2):
        role, names_text = parts[index], parts[index + 1]
        credit.roles.append(role)
        glued = bool(names_text) and not names_text[0].isspace()
        names_text = names_text.strip(" \u3000、，,")
        if not names_text:
            if index + 2 < len(parts):
                continue  # "本报记者 本报通讯员 甲": roles share the names after them
            break
        names = unpad(names_text.replace("、", " ").replace("，", " ").replace(",", " "))
        if not names or not all(2 <= len(name) <= 5 for name in names):
            return None
        if glued and not mark and not all(has_surname(name) for name in names):
            return None  # "记者了解到": a role glued to a word is prose unless marked
        credit.names += names
    if not credit.names and credit.roles and not lead:
        # "本报评论员": an institution's commentary, credited to no one by name
        commentary = any(
            word in role for role in credit.roles for word in conventions.commentary_roles
        )
        if commentary and len(credit.roles) == 1 and rest == credit.roles[0]:
            credit.how = f"按“{credit.roles[0]}”署名识别（不署个人姓名）"
            return credit
    if not credit.names or not (mark or credit.roles or bare):
        return None
    credit.how = (
        f"按“{credit.roles[0]}+姓名”的署名格式识别"
        if credit.roles
        else ("按“符号+姓名”的署名格式识别" if mark else "按评论作者署名（只印姓名）识别")
    )
    return credit


def strip_code(line, conventions):
    """(editor's code, the rest) for "⑧3程全摄"; ("", line) when there is none."""
    match = re.match(rf"^([{CIRCLED}][0-9]{{1,3}})\s*(?=\S)", line)
    if match and conventions.code_pattern.match(match.group(1)):
        return match.group(1), line[match.end() :]
    return "", line


@dataclass
class PhotoCredit:
    caption: str  # a caption printed on the same line, before the credit ("" if none)
    names: list
    text: str  # the credit as printed (without the caption and any editor's code)
    code: str = ""  # an editor's code printed before it (not text)


def parse_photo_credit(line, conventions):
    """ "刘教清摄", "刘  鑫摄（影像中国）", "图为伍艳妮摄", "……有声有色。杨守东 摄"."""
    word = re.escape(conventions.photo_credit)
    tail = r"(?:[（(][^（）()]{1,20}[）)])?"
    match = re.search(rf"\s*{word}\s*{tail}$", line)
    if not match or len(line) > 400:
        return None
    code, head = strip_code(line[: match.start()], conventions)
    offset = match.start() - len(head)
    openers = sorted(conventions.photo_credit_openers, key=len, reverse=True)
    # The names end `head`; before them, nothing or a caption that ends a sentence.
    for start in range(len(head) - 2, max(-1, len(head) - 24), -1):
        caption, printed = head[:start].rstrip(), head[start:].strip()
        if caption and not (sentence_ended(caption) or caption[-1] in CLOSERS):
            continue
        names_text = printed
        for opener in openers:
            if names_text.startswith(opener):
                names_text = names_text[len(opener) :].strip()
                break
        names = unpad(names_text.replace("、", " ").replace("，", " "))
        if not names or len(names) > 4 or not all(2 <= len(name) <= 4 for name in names):
            continue
        if not all(has_surname(name) for name in names):
            continue
        return PhotoCredit(caption, names, line[offset + start :].strip(), code)
    return None


def parse_end_credit(line, conventions):
    """A credit printed after the text: （郭  帅）, （本报记者田先进整理）."""
    match = re.fullmatch(r"[（(](?P<inner>[^（）()]{2,40})[）)]", line)
    if not match:
        return None
    inner = match["inner"].strip()
    for suffix in sorted(conventions.end_credit_suffixes, key=len, reverse=True):
        if inner.endswith(suffix):
            inner = inner[: -len(suffix)].strip()
            break
    credit = parse_byline(inner, conventions, bare=True)
    if credit is None:
        return None
    credit.text = line
    credit.how = "按文末括号署名识别"
    return credit


def inline_byline_pattern(conventions):
    openers = "|".join(re.escape(opener) for opener in conventions.inline_byline_openers)
    return re.compile(
        rf"^(?:{openers}|(?:本报|新华社)[^（(，。]{{0,16}}?[讯电])\s*[（(](?P<inner>[^（）()]{{2,60}})[）)]"
    )


def parse_inline_byline(paragraph, conventions):
    """ "本报讯（记者李铮 通讯员王飞）近日，……": the byline inside the first paragraph."""
    match = inline_byline_pattern(conventions).match(paragraph)
    if not match:
        return None
    credit = parse_byline(match["inner"].strip(), conventions)
    if credit is None:
        return None
    credit.text = match.group(0)
    credit.how = "按文中电头署名（本报讯）识别"
    return credit


def is_editor_code(line, conventions):
    return bool(conventions.code_pattern.match(line))


def is_note(line, conventions):
    return len(line) <= 80 and any(line.startswith(opener) for opener in conventions.note_openers)


def is_subtitle(line, conventions):
    opener = conventions.subtitle_opener
    return line.startswith(opener) and len(line) > len(opener) + 1


def is_signature(line, conventions):
    return squeeze(line) == squeeze(conventions.editor_note_signature)


def strip_mark(line, conventions):
    return line[1:].strip() if line and line[0] in conventions.marks else line


def column_like(line, conventions):
    """Short, no punctuation but a series' · and number: how a column head looks."""
    head = strip_mark(line, conventions)
    if not 2 <= len(head) <= conventions.max_column or NOT_IN_HEADS.search(head):
        return False
    return bool(HAN.search(head)) and "  " not in head


def kicker_form(line, conventions):
    """A kicker (引题) by its end: "湖北省荆州市——", "……负责人宋学文：" (a speaker)."""
    for ending in conventions.kicker_endings:
        if not line.endswith(ending):
            continue
        if ending == conventions.profile_kicker_ending:
            return speaker(line, conventions) is not None
        return len(line) > len(ending) + 1
    return False


def speaker(kicker, conventions):
    """(person, position) of a kicker introducing a first-person account, or None:
    "四川省成都市网约车协会熊猫志愿车队党支部书记、队长张桂容：" → 张桂容."""
    ending = conventions.profile_kicker_ending
    if not ending or not kicker.endswith(ending) or len(kicker) < 6:
        return None
    text = kicker[: -len(ending)].strip()
    if re.search(r"[。！？；：!?;:“”]", text) or text.count("，") > 1:
        return None
    # The name follows the last post the kicker names (……队长张桂容, ……书记阿依古丽) …
    posts = [(text.rfind(post), post) for post in conventions.speaker_posts if post in text]
    if posts:
        at, post = max(posts)
        name = text[at + len(post) :]
        if 2 <= len(name) <= 6 and re.fullmatch(r"[\u4e00-\u9fff·]+", name):
            return name, text[: at + len(post)].rstrip("、，")
    # … or it is the last two or three characters, starting with a surname.
    for size in (3, 2):
        name, position = text[-size:], text[:-size]
        if len(position) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name) and has_surname(name):
            return name, position.rstrip("、，")
    return None


def heading_like(line, conventions):
    """Could be a headline, a kicker, a subhead or a column head: short, no sentence in it."""
    limit = conventions.max_title
    if kicker_form(line, conventions):
        limit += 20
    if len(line) > limit or "。" in line:
        return False
    if parse_inline_byline(line, conventions) is not None:
        return False  # "本报讯（记者李铮）3月15日，记者从……": a paragraph's start
    if line[-1] in "。…" or (line[-1] in CLOSERS and sentence_ended(line)):
        return False  # a sentence, or a quotation ending one
    if line.count("，") > 2 or line.count("；"):
        return False
    if "：" in line[:-1]:  # "李晶：我把居民当亲人" is a headline, "记者：……？" a question
        speaker_part = line[: line.index("：")]
        if len(speaker_part) > 12 or len(line) > 30 or line.endswith(("？", "?")):
            return False
        if speaker_part in ("问", "答") or any(
            role in speaker_part for role in conventions.byline_roles
        ):
            return False
    return not line.startswith(("（", "("))


def names_line(line, conventions):
    """Only people's names (a commentator's "吴储岐", "赵  成"): a byline after a title."""
    return looks_like_names(line) and parse_byline(line, conventions, bare=True) is not None

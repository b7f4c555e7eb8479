"""A page file's bytes → its text, the encoding found and said, never guessed silently.

UTF-8 (with or without a byte order mark) and GB18030 (GBK's superset, what
many layout systems export) are read; Windows (CRLF) and old Mac (CR) line ends
become "\n". A UTF-16 file, a binary file (a Word document, an image), an empty
file or one too large to be a page is refused with a message in Chinese.
"""

import os
import re
import unicodedata

MAX_BYTES = 16 * 1024 * 1024  # a printed page is about 20 KB; 16 MB is a thousand pages
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


class Unreadable(Exception):
    """The file is not a page's text; the message (Chinese) says why and what to do."""


def describe_size(size):
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB"


def read_page(path, max_bytes=MAX_BYTES):
    """(text, how it was read, in Chinese) of the page file at `path`."""
    if os.path.isdir(path):
        raise Unreadable(f"{path}: 这是一个目录，不是版面文本文件 → 指定导出的 .txt 文件。")
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise Unreadable(
            f"{path}: 找不到或无法读取这个文件（{error.strerror}）→ 检查文件名和路径。"
        ) from error
    if size > max_bytes:
        raise Unreadable(
            f"{path}: 文件有 {describe_size(size)}，一个版面的文本通常只有几十 KB"
            f"（上限 {describe_size(max_bytes)}）→ 确认选对了文件；没有导入任何稿件。"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise Unreadable(f"{path}: 无法读取（{error.strerror}）→ 检查文件权限。") from error
    return decode(path, data)


def decode(path, data):
    if not data.strip():
        raise Unreadable(f"{path}: 文件是空的 → 重新从排版系统导出版面文本。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_text(data):
        raise Unreadable(
            f"{path}: 文件是 UTF-16 编码 → 在编辑器中“另存为”UTF-8 编码，"
            f"或运行 iconv -f UTF-16 -t UTF-8 '{path}' > page.txt 后导入 page.txt。"
        )
    if b"\x00" in data:
        raise Unreadable(
            f"{path}: 这是二进制文件（如 Word 文档或图片），不是版面文本 → "
            "从排版系统导出纯文本（.txt）后再导入。"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        text, how = data[3:].decode("utf-8", errors="strict"), "UTF-8（带 BOM）"
    else:
        try:
            text, how = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            text, how = _gb18030(path, data), "GB18030/GBK"
    if CONTROL.search(text):
        raise Unreadable(
            f"{path}: 文件里有控制字符，不像纯文本 → 从排版系统导出纯文本（.txt）后再导入。"
        )
    if "\r" in text:
        how += "，Windows 换行（CRLF）" if "\r\n" in text else "，旧式换行（CR）"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), how


def _utf16_text(data):
    """Is `data` text in UTF-16 without a byte order mark (zero bytes, yet it reads)?"""
    if b"\x00" not in data or len(data) % 2:
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data[:4000].decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for char in text if char.isprintable() or char in "\r\n\t")
        if readable >= 0.95 * len(text):
            return True
    return False


def _gb18030(path, data):
    fix = (
        f"确认文件是 UTF-8 或 GBK/GB18030 编码的纯文本；其他编码先转换，"
        f"例如 iconv -f BIG5 -t UTF-8 '{path}' > page.txt"
    )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise Unreadable(f"{path}: 既不是 UTF-8 也不是 GBK/GB18030 编码 → {fix}。") from error
    visible = [char for char in text if not char.isspace() and not char.isascii()]
    chinese = sum(1 for char in visible if CJK.match(char))
    if not visible or chinese < 0.8 * len(visible):
        raise Unreadable(f"{path}: 按 GBK/GB18030 读出来不像中文，编码无法确定 → {fix}。")
    return text

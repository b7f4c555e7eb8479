"""Content files as an editor saved them: found, decoded and their headers read.

Everything that would make Pelican's readers fail is found here first and named:
a binary file, a file in GBK, GB18030 or UTF-16, an oversized file, an invisible
control character (Word's manual line break, a NUL byte) on its line (symbolic links
are files.py's). A UTF-8 byte order mark and CRLF line endings are accepted, as
Pelican accepts them. Lines are counted as Pelican and Markdown count them: a line
ends at \n, \r\n or \r only.
"""

import os
import re
import tomllib
from dataclasses import dataclass, field

from .problems import WARNING, Problem, field_line, text_lines

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
DEFAULT_MAX_BYTES = 1_000_000  # a printed piece is under 50 KB; 1 MB is a mistake
# The Markdown meta extension's rules: "Key: value", continued by indented lines.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
# What an editor may have meant as a field: a short key, then a colon of either width.
LOOKS_LIKE_FIELD = re.compile(r"^\s*(?P<key>[^\s:：]{1,12})\s*(?P<colon>[:：])\s*\S")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Characters no page or feed may hold (XML 1.0 forbids the C0 ones and U+FFFE, U+FFFF;
# HTML calls them all errors): C0 controls but tab and the line ends, DEL, C1 controls,
# and the two noncharacters a broken conversion leaves.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
CONTROL_NAMES = {
    "\x00": "空字符 NUL",
    "\x0b": "垂直制表符（Word 中按 Shift+Enter 的“手动换行”）",
    "\x0c": "换页符（Word 中的分页符）",
    "\x1b": "ESC 转义符",
    "\ufffe": "非字符（编码转换出错时留下的）",
    "\uffff": "非字符（编码转换出错时留下的）",
}
BINARY_CONTROLS = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")  # not ESC: typed by mistake
MAX_CONTROL_PROBLEMS = 10  # lines named per file; the fix is the same for the rest
# What text (not a Word document's bytes) read as UTF-16 is mostly made of.
PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")
UTF_BOMS = (  # longest first: UTF-32's little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
CHINESE_KEYS = {
    "标题": "Title",
    "日期": "Date",
    "栏目": "Category",
    "类型": "Type",
    "作者": "Author",
    "记者": "Author",
    "署名": "Byline",
    "摄影": "Photographer",
    "摄影者": "Photographer",
    "人物": "Person",
    "职务": "Position",
    "党组织": "Branches",
    "标签": "Tags",
    "摘要": "Summary",
    "图片": "Image",
    "状态": "Status",
    "名称": "Name",
    "上级": "Parent",
    "别名": "Aliases",
}


@dataclass
class Source:
    """A decoded Markdown file: its header fields and its body."""

    path: str
    lines: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # lower-case key → value
    field_lines: dict = field(default_factory=dict)  # lower-case key → line number
    body: str = ""
    body_line: int = 1  # the line the body starts on

    @classmethod
    def from_metadata(cls, path, metadata):
        """A Source for metadata Pelican has read: values as text; a field's line is looked
        up in the file only when a problem is reported on it."""
        return cls(path, fields={key: str(value) for key, value in metadata.items()})

    def without_text(self):
        """The header fields alone (and their lines), once the text has been checked."""
        self.lines, self.body = [], ""
        return self

    def line(self, key):
        return self.field_lines.get(key.lower()) or field_line(self.path, key) or 1

    def problem(self, key, problem, fix, line=None, severity="error"):
        """A problem with a field, on its line (or the first line if the field is missing)."""
        return Problem(
            self.path, problem, fix, field=key, line=line or self.line(key), severity=severity
        )

    def warning(self, key, problem, fix, line=None):
        """What is probably a mistake: printed, and an error only in `check --strict`."""
        return self.problem(key, problem, fix, line, severity=WARNING)


def find_files(root, folders, extensions=MARKDOWN_EXTENSIONS, exclude=()):
    """Files under root/folder for each folder, sorted, symbolic links followed as Pelican
    follows them (check_site rules out links that loop or lead out of `root` first)."""
    found = []
    for folder in folders:
        for directory, files in walk_folder(root, folder, exclude):
            found += [
                os.path.join(directory, name)
                for name in files
                if name.rpartition(".")[2].lower() in extensions
            ]
    return found


def walk_folder(root, folder, exclude=()):
    """(directory, its file names sorted) under root/folder, top down in sorted order,
    symbolic links followed; subfolders whose path from `root` is in `exclude` skipped."""
    for directory, subfolders, files in os.walk(os.path.join(root, folder), followlinks=True):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if os.path.relpath(os.path.join(directory, name), root) not in exclude
        )
        yield directory, sorted(files)


def decode(path, data, max_bytes):
    """The text of a file, or a Problem saying why it cannot be read as UTF-8 text."""
    name = os.path.basename(path)
    if not data.strip():
        return Problem(
            path, "文件是空的。", "写入稿件的元数据和正文，或删除这个文件。", field="文件"
        )
    if len(data) > max_bytes:
        return Problem(
            path,
            f"文件有 {len(data) / 1e6:.1f} MB，超过 {max_bytes / 1e6:.1f} MB 的上限"
            "（一篇见报稿通常不到 50 KB，可能误粘贴了整版内容或图片数据）。",
            "把内容拆成几篇稿件，或删去多余的部分；图片放到 content/images/ 下。",
            field="文件",
        )
    wide = wide_encoding(data)
    if wide:
        return Problem(
            path,
            f"文件是 {wide} 编码（Windows 记事本的“Unicode”），网站只读 UTF-8 编码的文件。",
            f"转换为 UTF-8：iconv -f {wide} -t UTF-8 '{name}' > '{name}.utf8' && "
            f"mv '{name}.utf8' '{name}'（或在编辑器中“另存为 UTF-8”）。",
            field="编码",
            line=1,
        )
    if b"\0" in data[:8192] and not text_with_a_few_nuls(data):
        return Problem(
            path,
            "这是二进制文件（如 Word 文档或图片），不是文本稿件。",
            "把正文复制到一个 UTF-8 编码的 .md 文件中，然后删除这个文件；"
            "图片放到 content/images/ 下。",
            field="文件",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        for encoding, label in (("gbk", "GBK"), ("gb18030", "GB18030")):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if CJK.search(text):
                return Problem(
                    path,
                    f"文件是 {label} 编码，网站只读 UTF-8 编码的文件。",
                    f"转换为 UTF-8：iconv -f {label} -t UTF-8 '{name}' > '{name}.utf8' && "
                    f"mv '{name}.utf8' '{name}'（或在编辑器中“另存为 UTF-8”）。",
                    field="编码",
                    line=line,
                )
        return Problem(
            path,
            "文件不是 UTF-8 编码的文本，第一处无法识别的字节在这一行。",
            "用编辑器打开，另存为 UTF-8 编码；或删除这个文件。",
            field="编码",
            line=line,
        )


def text_with_a_few_nuls(data):
    """UTF-8 text with a NUL byte here and there (a few, or one in a hundred bytes, and no
    other control bytes of binary formats): named on its line by control_problems, rather
    than called a binary file."""
    if BINARY_CONTROLS.search(data[:8192]):
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return data.count(0) <= max(3, len(data) // 100)


def wide_encoding(data):
    """ "UTF-16" or "UTF-32" when `data` is text in one of them (by its byte order mark,
    or, without one, when its zero bytes read as UTF-16 text of Chinese, Latin letters and
    punctuation); else None."""
    for bom, name in UTF_BOMS:
        if data.startswith(bom):
            return name
    head = data[:8192]
    if b"\0" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\0" not in text and len(PLAUSIBLE.findall(text)) >= 0.9 * len(text):
            return "UTF-16"
    return None


def parse(path, text):
    """Header fields and body of a Markdown file, read as Pelican's reader reads them."""
    source = Source(path, lines=text_lines(text))
    key, body_start = None, len(source.lines)
    for index, line in enumerate(source.lines):
        field_match, more = META_LINE.match(line), META_MORE.match(line)
        if not line.strip():
            body_start = index + 1
            break
        if field_match:
            key, value = field_match["key"].lower(), field_match["value"].strip()
            if key in source.fields:  # a repeated key: Pelican keeps every value
                source.fields[key] += ", " + value
            else:
                source.fields[key], source.field_lines[key] = value, index + 1
        elif more and key:
            source.fields[key] += " " + more["value"].strip()
        else:
            body_start = index  # the first line that is not a field starts the body
            break
    source.body_line = body_start + 1
    source.body = "\n".join(source.lines[body_start:])
    return source


def header_problems(source):
    """Lines of the header an editor meant as fields but Pelican would read as body."""
    problems = []
    for number, line in enumerate(source.lines, start=1):
        if not line.strip():
            break
        if META_LINE.match(line) or META_MORE.match(line):
            continue
        match = LOOKS_LIKE_FIELD.match(line)
        if not match:
            break
        key, colon = match["key"], match["colon"]
        english = CHINESE_KEYS.get(key)
        if english:
            problem = f"字段名“{key}”是中文，网站只认英文字段名。"
            fix = f"把“{key}{colon}”改成“{english}:”（英文字段名加半角冒号）。"
        elif colon == "：" and re.fullmatch(r"[A-Za-z0-9_-]+", key):
            problem = f"字段名“{key}”后面是全角冒号“：”。"
            fix = f"改成半角冒号：“{key}:”。"
        else:
            break
        problems.append(Problem(source.path, problem, fix, field=key, line=number))
    return problems


def control_problems(source):
    """Invisible control characters, each line that holds one named (with the field it is
    in): Pelican would read a title with Word's manual line break as two lines, and no
    feed may hold one."""
    problems = []
    header = True
    key = ""
    for number, line in enumerate(source.lines, start=1):
        if header and (number >= source.body_line or not line.strip()):
            header = False
        start = 0  # where the value starts: characters are counted from there
        if header:
            match = META_LINE.match(line)
            if match:
                key = match["key"]
            else:
                match = META_MORE.match(line)  # a field's value continued
            start = match.start("value") if match else 0
        found = CONTROL.search(line)
        if not found:
            continue
        if len(problems) == MAX_CONTROL_PROBLEMS:
            problems[-1].problem += "（后面还有，修改方法相同）"
            break
        character = found.group()
        name = CONTROL_NAMES.get(character, "控制字符")
        where = key if header else "正文"
        fix = (
            "删去它：字段必须写在一行里，需要空格就用空格"
            if header
            else "删去它：正文换段请空一行，不要用 Word 的手动换行或分页符"
        )
        problems.append(
            Problem(
                source.path,
                f"第 {max(found.start() - start, 0) + 1} 个字符处有看不见的{name}"
                f"（U+{ord(character):04X}）。",
                f"{fix}；在编辑器中打开“显示不可见字符”可以看到它。",
                field=where,
                line=number,
            )
        )
    return problems


# Pelican's INTRASITE_LINK_REGEX unless the settings give one: {filename}…, {static}…
SITE_LINK = r"[{|](?P<what>.*?)[|}]"


def site_link_pattern(settings):
    return re.compile(settings.get("INTRASITE_LINK_REGEX") or SITE_LINK)


def holds_site_link(data, pattern):
    """Whether a file's bytes hold what Pelican reads as a link to another content or
    file (`pattern`, site_link_pattern): its pages then show that one's address."""
    return pattern.search(data.decode("utf-8", "replace")) is not None


def read_source(path, max_bytes):
    """(Source, problems): the problems say why a file cannot be read, if it cannot."""
    data, problem = read_bytes(path, max_bytes)
    if problem is not None:
        return None, [problem]
    return source_of(path, data, max_bytes)


def read_bytes(path, max_bytes):
    """(the file's bytes, None), or (None, the problem why it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
            if len(data) > max_bytes:
                data += handle.read()  # to tell its real size
    except OSError as error:
        return None, Problem(
            path,
            f"无法读取这个文件（{error.strerror}）。",
            "检查文件权限，或删除它。",
            field="文件",
        )
    return data, None


def source_of(path, data, max_bytes):
    """(Source, problems) of a file's bytes, as read_source."""
    text = decode(path, data, max_bytes)
    if isinstance(text, Problem):
        return None, [text]
    source = parse(path, text)
    return source, control_problems(source) + header_problems(source)


def max_bytes(settings):
    """The size above which a content file is refused (CONTENT_MAX_BYTES)."""
    return settings.get("CONTENT_MAX_BYTES") or DEFAULT_MAX_BYTES


def read_all(paths, settings):
    """(sources of the files that could be read and have sound headers, problems)."""
    problems = []
    return list(read_each(paths, settings, problems)), problems


def read_each(paths, settings, problems):
    """The sources of the files that could be read and have sound headers, one at a time
    (a site's text need not be held all at once); the others' problems go to `problems`."""
    for path in paths:
        source, more = read_source(path, max_bytes(settings))
        problems += more
        if source is not None and not more:
            yield source


TOML_LINE = re.compile(r"at line (\d+)")


def read_toml(path, fix):
    """(the TOML file's data, problems): a file that is not TOML (or not UTF-8) is named
    on its line with `fix`, and gives no data."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle), []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        line = TOML_LINE.search(str(error))
        where = int(line.group(1)) if line else None
        return None, [Problem(path, f"TOML 格式错误（{error}）。", fix, line=where)]
    except OSError as error:
        return None, [
            Problem(path, f"无法读取（{error.strerror}）。", "检查文件权限。", field="文件")
        ]

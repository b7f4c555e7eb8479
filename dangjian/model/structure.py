"""How much work a Markdown text is, told before it is converted: the structure limits.

Python-Markdown's time is not linear in every input. Measured (`python -m bench.structure`,
on a busy two-core machine):
- a run of lines with no blank line between them is one block, which the block parser
  takes one line at a time, testing what is left of the block again each time (the
  tables extension splits all of it into rows): 2,000, 4,000 and 8,000 headings on
  consecutive lines convert in 0.65, 1.8 and 4.6 s, growing with the square of the
  lines (a whole build of 10,000: 23 s; the issue's 100,000, 0.9 MB: 318 s);
- nesting (lists, quotes) is parsed by recursion: a list nested 250 levels deep
  exceeds Python's recursion limit (Pelican's "Could not process"), 200 take 0.9 s;
- a bracket that opens a link, a picture or a footnote (`[`, `![`, `[^`, `](`) makes the
  inline parser look for its closing bracket, character by character, as far as the end
  of the paragraph: 1,000, 2,000 and 4,000 unclosed `[a](` in one paragraph take 0.8,
  3.8 and 12 s; an unclosed `<` costs the same way, less;
- and every element costs: 40,000 headings with a blank line between each take 3.3 s.
So a text is refused above these limits, each a Problem on the line where it starts,
all counted in one pass over the text without converting it: `./run check` refuses
the issue's case in a third of a second, and the largest bodies that pass (10,000
headings, in blocks of 200) convert in about 2 s and build in seconds.
"""

import re

from .problems import text_lines

MAX_LINES = 10_000  # lines of text (not counting blank lines) in one body
MAX_BLOCK_LINES = 200  # lines with no blank line between them
MAX_DEPTH = 20  # levels of lists, quotes and indentation
# Characters the parser looks through for closing brackets, over the whole text: with the
# slowest bracket measured (about 1.4 µs a character on a busy machine), at most ~1.5 s.
MAX_BRACKET_WORK = 1_000_000

NESTING = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
INDENT = re.compile(r"[ \t]*")
BRACKETS = re.compile(r"[\[\]()<]")
NESTING_STARTS = frozenset(" \t>-*+0123456789")


def depth(line):
    """Levels of nesting a line opens: quote markers, list markers and indentation (four
    columns or a tab a level)."""
    if not line or line[0] not in NESTING_STARTS:
        return 0
    levels, position = 0, 0
    while marker := NESTING.match(line, position):
        written = marker.group()
        indent = written[: len(written) - len(written.lstrip("\t "))]
        levels += 1 + _columns(indent) // 4
        position = marker.end()
    return levels + _columns(INDENT.match(line, position).group()) // 4


def _columns(whitespace):
    return sum(4 if character == "\t" else 1 for character in whitespace)


def blocks(lines):
    """(index of the first line, lines) of each run of lines with no blank line between."""
    found, start = [], None
    for index, line in enumerate(lines):
        if line and not line.isspace():
            if start is None:
                start = index
        elif start is not None:
            found.append((start, lines[start:index]))
            start = None
    if start is not None:
        found.append((start, lines[start:]))
    return found


def bracket_work(text):
    """(characters looked through for closing brackets, brackets left open) in one block:
    each `[` (and `(` after `]`) as far as its closing bracket, or the end of the block;
    each `<` with no `>` after it, as far as the end."""
    work, stack, parentheses = 0, [], []
    end, last_close = len(text), text.rfind(">")
    unclosed = 0
    for match in BRACKETS.finditer(text):
        character, position = match.group(), match.start()
        if character == "[":
            stack.append(position)
        elif character == "]" and stack:
            work += position - stack.pop()
        elif character == "(" and position and text[position - 1] == "]":
            parentheses.append(position)
        elif character == ")" and parentheses:
            work += position - parentheses.pop()
        elif character == "<" and position > last_close:
            work += end - position
            unclosed += 1
    for position in stack + parentheses:
        work += end - position
        unclosed += 1
    return work, unclosed


def structure_problems(source, key, label, text, first_line):
    """What in Markdown `text` (a body, a summary, a description, starting on line
    `first_line` of `source`) is above the structure limits."""
    lines = text_lines(text)
    problems = []
    for number, line in enumerate(lines, start=first_line):
        levels = depth(line)
        if levels > MAX_DEPTH:
            problems.append(
                source.problem(
                    key,
                    f"{label}这一行嵌套了 {levels} 层（列表、引用“>”或缩进），"
                    f"超过 {MAX_DEPTH} 层的上限，网站无法处理这么深的嵌套。",
                    "减少列表、引用的层数和行首的空格（见报稿一般不超过三层）。",
                    line=number,
                )
            )
            break
    runs = blocks(lines)
    written = sum(len(block) for _start, block in runs)
    if written > MAX_LINES:
        problems.append(
            source.problem(
                key,
                f"{label}有 {written:,} 行（不算空行），超过 {MAX_LINES:,} 行的上限"
                "（一篇见报稿通常不到 200 行），网站处理它需要很长时间。",
                "拆成几篇稿件，或删去误粘贴的部分。",
                line=first_line,
            )
        )
    worst_work, worst_at, worst_unclosed, total_work = 0, 0, 0, 0
    for start, block in runs:
        if len(block) > MAX_BLOCK_LINES:
            problems.append(
                source.problem(
                    key,
                    f"{label}从这一行起连续 {len(block):,} 行没有空行，"
                    f"超过一段 {MAX_BLOCK_LINES} 行的上限"
                    "（Markdown 一行一行地处理这样的段落，行数越多越慢）。",
                    "在段落、标题和列表之间空一行；表格和列表很长时拆成几个。",
                    line=first_line + start,
                )
            )
        text = block[0] if len(block) == 1 else "\n".join(block)
        if "[" not in text and "<" not in text:
            continue
        work, unclosed = bracket_work(text)
        total_work += work
        if work > worst_work:
            worst_work, worst_at, worst_unclosed = work, start, unclosed
    if total_work > MAX_BRACKET_WORK:
        problems.append(
            source.problem(
                key,
                f"{label}中没有配对的括号太多：从这一行起的一段有 {worst_unclosed:,} 个没有配对的"
                "“[”“(”或“<”，Markdown 为每一个都要向后查找到段尾，处理它需要很长时间。",
                "补上配对的括号，或删去多余的；要显示这些符号本身，在前面加反斜杠，如 \\[。",
                line=first_line + worst_at,
            )
        )
    return problems

"""What a valid article is: one function per rule, each returning Problems.

The build's plugins and `invoke check` call these same functions.
"""

import datetime
import os
import re

from .files import content_file, static_type
from .pieces import PIECE_TYPES
from .sanitize import elements, may_hold_markup, removed, render_markdown
from .text import split_list

ASCII_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
STATUSES = ("published", "draft", "hidden")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
# Links Pelican resolves to a file under content/ when it writes the page.
PELICAN_LINK = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")
REQUIRED = {  # key → (field, what it is, an example line)
    "title": ("Title", "标题", "Title: 印刷的标题"),
    "date": ("Date", "日期", "Date: 见报日期，例如 Date: 2018-03-13"),
    "category": ("Category", "栏目", "Category: 栏目名（content/columns.toml 中登记的名称）"),
    "type": ("Type", "稿件类型", "Type: news、commentary、photo 或 profile"),
}
REGISTRY_HINT = "content/branches/ 中登记的 slug、名称或别名"


def required_problems(source, keys=REQUIRED):
    problems = []
    for key, (name, label, example) in keys.items():
        if not source.fields.get(key, "").strip():
            problem = f"缺少{label}。" if key not in source.fields else f"{label}是空的。"
            problems.append(source.problem(name, problem, f"在文件开头加一行 {example}。"))
    return problems


def date_problems(source):
    value = source.fields.get("date", "").strip()
    if not value:
        return []
    chinese = CHINESE_DATE.match(value)
    if chinese:
        year, month, day = (int(part) for part in chinese.groups())
        return [
            source.problem(
                "Date",
                f"日期“{value}”是中文写法，网站只认“年-月-日”的数字格式。",
                f"改成 Date: {year:04d}-{month:02d}-{day:02d}。",
            )
        ]
    match = ISO_DATE.match(value)
    try:
        if not match:
            raise ValueError
        numbers = [int(part) for part in match.groups() if part is not None]
        datetime.datetime(*numbers)
    except ValueError:
        return [
            source.problem(
                "Date",
                f"“{value}”不是有效的日期。",
                "写成 年-月-日，例如 Date: 2018-03-13（月份 1–12，日期不超过当月天数）。",
            )
        ]
    return []


def column_problems(source, column_names):
    """A published piece's column must be registered. A draft's may not be yet: a page
    imported with a column head the registry lacks is previewed as printed, and its
    column must be registered before it is published (the importer says how)."""
    name = source.fields.get("category", "").strip()
    if not name or name in column_names or source.fields.get("status", "").strip() == "draft":
        return []
    names = "、".join(column_names)
    return [
        source.problem(
            "Category",
            f"未登记的栏目“{name}”。",
            f"改成已登记的栏目之一：{names}；新栏目先在 content/columns.toml 中登记。",
        )
    ]


def piece_problems(source, content_root):
    """Type, and what each type needs: photographer, person, an image that exists."""
    fields, problems = source.fields, []
    piece_type = fields.get("type", "").strip()
    if piece_type and piece_type not in PIECE_TYPES:
        allowed = "、".join(f"{key}（{name}）" for key, name in PIECE_TYPES.items())
        problems.append(
            source.problem(
                "Type", f"未知的稿件类型“{piece_type}”。", f"Type 写其中之一：{allowed}。"
            )
        )
    if piece_type == "photo":
        if not fields.get("photographer", "").strip():
            problems.append(
                source.problem(
                    "Photographer",
                    "图片新闻缺少摄影者。",
                    "加一行 Photographer: 摄影者姓名（页面显示为“姓名 摄”）。",
                )
            )
        for key in ("author", "authors"):
            if key in fields:
                problems.append(
                    source.problem(
                        key.title(),
                        "图片新闻的署名是摄影者，不用 Author。",
                        "删去 Author 一行，摄影者写在 Photographer 中。",
                    )
                )
    if piece_type == "profile" and not fields.get("person", "").strip():
        problems.append(
            source.problem(
                "Person", "人物稿缺少人物姓名。", "加一行 Person: 人物姓名，并可加 Position: 职务。"
            )
        )
    problems += path_problems(source, content_root, "Image", "图片", "images/2018/photo.jpg")
    problems += path_problems(
        source, content_root, "Photo", "人物照片", "images/2018-03-13/li-jing.jpg", optional=True
    )
    return problems


def status_problems(source):
    status = source.fields.get("status", "").strip()
    if status and status not in STATUSES:
        return [
            source.problem(
                "Status",
                f"未知的状态“{status}”。",
                "写 Status: draft（草稿，不发布）或删去这一行（发布）。",
            )
        ]
    return []


def slug_problems(source):
    slug = source.fields.get("slug", "").strip()
    if "slug" in source.fields and not ASCII_SLUG.match(slug):
        return [
            source.problem(
                "Slug",
                f"网址名“{slug}”只能由小写字母、数字和连字符组成。",
                "改成如 Slug: zhijianshang-de-wei-pingtai 的拼音，或删去这一行（由标题生成）。",
            )
        ]
    return []


def path_problems(source, content_root, key, label, example, optional=False):
    """A field naming a picture under content/: it must be there, and be a picture."""
    value = source.fields.get(key.lower(), "").strip()
    if not value:
        return []
    where = f"把{label}放到 content/images/ 下，{key} 写相对 content/ 的路径，例如 {example}"
    where += "；没有就删去这一行。" if optional else "。"
    path, why = content_file(content_root, value)
    if why == "outside":
        outside = f"{label}“{value}”在 content/ 之外，网站只读取 content/ 中的文件。"
        return [source.problem(key, outside, where)]
    if why == "missing":
        found = "找不到人物照片" if key == "Photo" else "找不到图片文件"
        return [source.problem(key, f"{found}“{value}”。", where)]
    if static_type(path) is None:
        return [
            source.problem(
                key,
                f"“{value}”不是网站能显示的图片（按文件内容判断）。",
                "用 JPEG、PNG、WebP、AVIF 或 GIF 格式，扩展名与格式一致。",
            )
        ]
    return []


def line_of(source, text, first_line, needle):
    """The line of `text` (which starts at `first_line`) holding `needle`, or its first."""
    needle = needle.lower()
    for number, line in enumerate(text.splitlines(), start=first_line):
        if needle in line.lower():
            return number
    return first_line


def markup_problems(source, key, label, text, first_line, render=render_markdown):
    """What the sanitizer would remove from Markdown `text` (a body, a Summary): each is
    refused, on its line, so that nothing is dropped from a page without the editor
    knowing."""
    if not may_hold_markup(text):
        return []
    problems = []
    for item in removed(render(text)):
        needle = item.split("=", 1)[0] if "=" in item else item.rstrip(">")
        problems.append(
            source.problem(
                key,
                f"{label}中有不允许的 HTML“{item}”"
                "（脚本、表单、嵌入内容和外部图片会在读者的浏览器中运行或请求其他网站）。",
                "删去这段 HTML，只用文字和 Markdown；要显示代码本身，放在反引号 ` 中。",
                line=line_of(source, text, first_line, needle),
            )
        )
    return problems


def body_problems(source, content_root, render=render_markdown):
    """An article needs a body; its body must hold nothing the sanitizer removes; the
    files it links to through Pelican or shows as pictures must be under content/."""
    if not source.body.strip():
        return [
            source.problem(
                "正文",
                "稿件没有正文。",
                "在元数据后空一行，写上正文；不发布的稿件请删除。",
                line=source.body_line,
            )
        ]
    if not may_hold_markup(source.body):
        return []
    html = render(source.body)
    problems = []
    for tag, attribute, value in elements(html):
        if (tag, attribute) not in (("img", "src"), ("a", "href")):
            continue
        link = PELICAN_LINK.match(value)
        if not link and (tag == "a" or "://" in value or value.startswith(("data:", "//"))):
            continue  # an ordinary link; a picture from another site is the sanitizer's
        path = value[link.end() :] if link else value
        base = os.path.dirname(source.path) if link and not path.startswith("/") else content_root
        target = os.path.relpath(os.path.join(base, path.lstrip("/")), content_root)
        line = line_of(source, source.body, source.body_line, value)
        _file, why = content_file(content_root, target.split("#")[0].split("?")[0])
        if why == "outside":
            problems.append(
                source.problem(
                    "正文",
                    f"正文链接的文件“{value}”在 content/ 之外，网站只读取 content/ 中的文件。",
                    "把文件放到 content/images/ 下，写相对 content/ 的路径。",
                    line=line,
                )
            )
        elif why == "missing" and tag == "img":
            problems.append(
                source.problem(
                    "正文",
                    f"正文中的图片“{path.lstrip('/')}”不存在。",
                    "把图片放到 content/images/ 下，写相对 content/ 的路径，"
                    "例如 ![说明](images/2018/photo.jpg)。",
                    line=line,
                )
            )
    return problems + markup_problems(source, "正文", "正文", source.body, source.body_line, render)


def summary_problems(source, render=render_markdown):
    """Summary is Markdown, shown on listings and in feeds: the body's rules apply."""
    if "summary" not in source.fields:
        return []
    return markup_problems(
        source, "Summary", "摘要", source.fields["summary"], source.line("summary"), render
    )


def reference_problems(source, index):
    """Organizations named in Branches that are not in the registry."""
    return [
        source.problem(
            "Branches",
            f"未登记的党组织“{reference}”。",
            f"改用 {REGISTRY_HINT}，或先在 content/branches/ 为它新建登记文件。",
        )
        for reference in split_list(source.fields.get("branches"))
        if reference not in index
    ]


def article_problems(source, column_names, content_root, index=None, render=render_markdown):
    """Every rule for one article; `index` is the registry's references, if it was read;
    `render` turns Markdown into HTML as the build does."""
    problems = required_problems(source)
    for rule in (date_problems, status_problems, slug_problems):
        problems += rule(source)
    problems += body_problems(source, content_root, render)
    problems += summary_problems(source, render)
    problems += column_problems(source, column_names)
    problems += piece_problems(source, content_root)
    if index is not None:
        problems += reference_problems(source, index)
    return problems

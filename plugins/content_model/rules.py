"""What a valid article is: one function per rule, each returning Problems.

The build's plugins and `invoke check` call these same functions.
"""

import datetime
import os
import re

ASCII_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LIST_SEPARATORS = re.compile(r"[,，、;；]")
PIECE_TYPES = {"news": "消息", "commentary": "评论", "photo": "图片新闻", "profile": "人物"}
STATUSES = ("published", "draft", "hidden")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
# Article bodies are rendered as HTML and marked safe, so raw HTML that runs script
# or changes the page is rejected; Markdown, and HTML inside code, are fine.
UNSAFE_HTML = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|link|meta|base)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|javascript:",
    re.IGNORECASE,
)
CODE_SPAN = re.compile(r"`[^`]*`")
# ![说明](images/x.jpg) or ![说明]({static}/images/x.jpg): a picture in the body.
BODY_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(?:\{static\})?/?(?P<path>[^)\s]+)")
REQUIRED = {  # key → (field, what it is, an example line)
    "title": ("Title", "标题", "Title: 印刷的标题"),
    "date": ("Date", "日期", "Date: 见报日期，例如 Date: 2018-03-13"),
    "category": ("Category", "栏目", "Category: 栏目名（content/columns.toml 中登记的名称）"),
    "type": ("Type", "稿件类型", "Type: news、commentary、photo 或 profile"),
}
REGISTRY_HINT = "content/branches/ 中登记的 slug、名称或别名"


def split_list(value):
    return [part.strip() for part in LIST_SEPARATORS.split(value or "") if part.strip()]


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
    name = source.fields.get("category", "").strip()
    if not name or name in column_names:
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
    image = fields.get("image", "").strip()
    if image and not os.path.isfile(os.path.join(content_root, image)):
        problems.append(
            source.problem(
                "Image",
                f"找不到图片文件“{image}”。",
                "把图片放到 content/images/ 下，Image 写相对 content/ 的路径，"
                "例如 images/2018/photo.jpg。",
            )
        )
    photo = fields.get("photo", "").strip()  # a profile's portrait
    if photo and not os.path.isfile(os.path.join(content_root, photo)):
        problems.append(
            source.problem(
                "Photo",
                f"找不到人物照片“{photo}”。",
                "把照片放到 content/images/ 下，Photo 写相对 content/ 的路径，"
                "例如 images/2018-03-13/li-jing.jpg；没有照片就删去这一行。",
            )
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


def body_problems(source, content_root):
    """An article needs a body; its body must not carry script; its pictures must exist."""
    if not source.body.strip():
        return [
            source.problem(
                "正文",
                "稿件没有正文。",
                "在元数据后空一行，写上正文；不发布的稿件请删除。",
                line=source.body_line,
            )
        ]
    problems, in_code = [], False
    for number, line in enumerate(source.body.splitlines(), start=source.body_line):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or line.startswith(("    ", "\t")):
            continue  # code blocks are shown as text
        prose = CODE_SPAN.sub("", line)
        for image in BODY_IMAGE.finditer(prose):
            path = image["path"]
            if "://" not in path and not os.path.isfile(os.path.join(content_root, path)):
                problems.append(
                    source.problem(
                        "正文",
                        f"正文中的图片“{path}”不存在。",
                        "把图片放到 content/images/ 下，写相对 content/ 的路径，"
                        "例如 ![说明](images/2018/photo.jpg)。",
                        line=number,
                    )
                )
        match = UNSAFE_HTML.search(prose)
        if match:
            problems.append(
                source.problem(
                    "正文",
                    f"正文中有不允许的 HTML“{match.group(0).strip()}”"
                    "（脚本和嵌入内容会在读者的浏览器中运行）。",
                    "删去这段 HTML，正文只用文字和 Markdown；要显示代码本身，放在反引号 ` 中。",
                    line=number,
                )
            )
    return problems


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


def article_problems(source, column_names, content_root, index=None):
    """Every rule for one article; `index` is the registry's references, if it was read."""
    problems = required_problems(source)
    for rule in (date_problems, status_problems, slug_problems):
        problems += rule(source)
    problems += body_problems(source, content_root)
    problems += column_problems(source, column_names)
    problems += piece_problems(source, content_root)
    if index is not None:
        problems += reference_problems(source, index)
    return problems

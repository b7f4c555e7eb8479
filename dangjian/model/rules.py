"""What a valid article is: one function per rule, each returning Problems.

The build's plugins and `invoke check` call these same functions. Warnings (dates far
from today, names that become one page) are Problems too, with severity "warning".
"""

import datetime
import os
import re
from zoneinfo import ZoneInfo

from .changes import (
    ALIAS_EXAMPLE,
    CORRECTION_EXAMPLE,
    alias_problem,
    header_values,
    parse_correction,
    split_aliases,
)
from .files import content_file, static_type
from .page_files import (
    AREA_EXAMPLE,
    PAGE_NAMES_TEXT,
    PageFileError,
    page_of_day,
    parse_area,
)
from .pieces import PIECE_TYPES
from .problems import text_lines
from .sanitize import elements, may_hold_markup, removed, render_markdown
from .structure import structure_problems
from .text import SLUG_MAX_LENGTH, pinyin_slug, split_list

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
SLUG_MAX = 100  # characters of a Slug written by hand (a folder name has at most 255 bytes)
NEWSROOM = ZoneInfo("Asia/Shanghai")  # the paper's dates are Beijing time
# A date outside these is probably a typo (2081 for 2018) and is warned about: a date
# ahead becomes the front page, one long past sinks out of sight.
DAYS_AHEAD = 31
EARLIEST_DATE = datetime.date(1949, 10, 1)

# Header keys Pelican gives a meaning of its own (it sets each key as an attribute of
# the article, and reads these): they would move a page over another (Save_as, Url),
# make it a translation missing from every listing (Lang), replace its body (Content,
# _content) or stop the build in English (Template, Modified). Refused, but for the
# fields the site itself uses. tests/site/test_pelican_keys.py keeps this list complete
# against Pelican's Article.
SITE_KEYS = {"title", "date", "category", "tags", "author", "authors", "slug", "summary", "status"}
PELICAN_KEYS = {
    "allowed_statuses", "content", "date_format", "default_status", "default_template",
    "filename", "get_content", "get_relative_source_path", "get_siteurl", "get_static_links",
    "get_summary", "get_url_setting", "in_default_lang", "is_valid", "lang", "locale_date",
    "mandatory_properties", "metadata", "modified", "override_save_as", "override_url",
    "path", "reader", "refresh_metadata_intersite_links", "relative_dir",
    "relative_source_path", "save_as", "settings", "source_path", "template", "timezone",
    "translation", "translations", "url", "url_format",
}  # fmt: skip
PELICAN_KEY_OTHER = (
    "是 Pelican 内部使用的名字，写在稿件里会改掉页面的内容或设置",
    "需要这项信息就换一个字段名",
)
OWN_ADDRESS = "网址由 Date 和 Slug 决定，要改网址就写 Slug:"
PELICAN_KEY_FIXES = {  # key → (what it would do, the fix)
    "save_as": ("决定页面写到哪个文件，可能覆盖首页等其他页面", OWN_ADDRESS),
    "url": ("决定页面的网址，链接会指向不存在的页面", OWN_ADDRESS),
    "template": ("指定页面模板，模板不存在时构建会失败", "页面样式由 Type 决定"),
    "lang": ("把稿件当作另一种语言的译本，它就不出现在首页、栏目和版面中", "网站只有中文版"),
    "translation": ("把稿件当作译本，它就不出现在首页、栏目和版面中", "网站只有中文版"),
    "modified": ("是 Pelican 的“修改时间”，写错格式时构建会失败", "发布后的更正请写在正文末尾"),
}  # fmt: skip


def required_problems(source, keys=REQUIRED):
    problems = []
    for key, (name, label, example) in keys.items():
        if not source.fields.get(key, "").strip():
            problem = f"缺少{label}。" if key not in source.fields else f"{label}是空的。"
            problems.append(source.problem(name, problem, f"在文件开头加一行 {example}。"))
    return problems


def today():
    return datetime.datetime.now(NEWSROOM).date()


def date_problems(source, on=None):
    """The date must be a date; one far from today (`on`) is warned about."""
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
    return date_range_problems(source, datetime.date(*numbers[:3]), on or today())


def date_range_problems(source, date, on):
    if date > on + datetime.timedelta(days=DAYS_AHEAD):
        return [
            source.warning(
                "Date",
                f"日期 {date.isoformat()} 在 {DAYS_AHEAD} 天以后（今天是 {on.isoformat()}）："
                "最新的日期成为首页上的版面，这篇稿件会一直排在最前面。",
                "核对见报日期，可能是输入错误（如把 2018 写成 2081）。",
            )
        ]
    if date < EARLIEST_DATE:
        return [
            source.warning(
                "Date",
                f"日期 {date.isoformat()} 早于 {EARLIEST_DATE.isoformat()}，可能是输入错误。",
                "核对见报日期（年份四位，如 2018）。",
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
                f"网址名“{slug[:80]}”只能由小写字母、数字和连字符组成。",
                "改成如 Slug: zhijianshang-de-wei-pingtai 的拼音，或删去这一行（由标题生成）。",
            )
        ]
    if len(slug) > SLUG_MAX:
        return [
            source.problem(
                "Slug",
                f"网址名有 {len(slug)} 个字符，超过 {SLUG_MAX} 个的上限"
                "（网址太长，文件名也写不下）。",
                f"改短一些，例如标题前几个字的拼音；最多 {SLUG_MAX} 个字符。",
            )
        ]
    return []


def title_slug_problems(source, slug, where):
    """A title that gives no slug (no Chinese character, letter or digit in it) would put
    the page at its folder's own address, over the page there."""
    if slug or "slug" in source.fields or not source.fields.get("title", "").strip():
        return []
    title = source.fields["title"].strip()
    return [
        source.problem(
            "Title",
            f"标题“{title[:40]}”中没有汉字、字母或数字，由它生成的网址名是空的，"
            f"页面会写到 {where}，覆盖那里的页面。",
            "加一行 Slug: 用小写拼音或英文写的网址名，例如 Slug: qing-zhu-da-hui。",
        )
    ]


def key_problems(source):
    """Header keys Pelican gives a meaning the site does not allow (PELICAN_KEYS)."""
    problems = []
    for key in source.fields:
        if key in SITE_KEYS or not (key in PELICAN_KEYS or key.startswith("_")):
            continue
        line = source.line(key)
        written = source.lines[line - 1].split(":", 1)[0].strip() if source.lines else key
        what, fix = PELICAN_KEY_FIXES.get(key.removeprefix("override_"), PELICAN_KEY_OTHER)
        problems.append(
            source.problem(
                written,
                f"字段“{written}”{what}；本网站的稿件不使用这个字段。",
                f"删去这一行；{fix}。",
                line=line,
            )
        )
    return problems


TERMS = (  # header key → (field, what it names, its pages' folder)
    ("tags", "Tags", "标签", "tags"),
    ("author", "Author", "作者", "authors"),
    ("authors", "Authors", "作者", "authors"),
)


def terms(source):
    """(field, label, folder, name) for each tag and author an article names; a photo's
    photographer is its author on the site."""
    fields = source.fields
    for key, field, label, folder in TERMS:
        for name in split_list(fields.get(key)):
            yield field, label, folder, name
    if fields.get("type", "").strip() == "photo" and fields.get("photographer", "").strip():
        yield "Photographer", "摄影者", "authors", fields["photographer"].strip()


def taxonomy_problems(sources, max_length=SLUG_MAX_LENGTH):
    """Tags and authors whose pinyin slug is empty (an error: the page would be written
    over the folder's index), or the same as another name's (a warning: Pelican makes one
    page of both, 张三 and Zhang San)."""
    problems, seen, told = [], {}, set()
    for source in sources:
        for field, label, folder, name in terms(source):
            slug = pinyin_slug(name, max_length)
            if not slug:
                problems.append(
                    source.problem(
                        field,
                        f"{label}“{name[:40]}”中没有汉字、字母或数字，生成的网址名是空的，"
                        f"它的页面会写到 {folder}/index.html，覆盖{label}列表。",
                        f"写{label}的名字；没有就删去它。",
                    )
                )
                continue
            first_name, first_source = seen.setdefault((folder, slug), (name, source))
            if first_name != name and (folder, slug, name) not in told:
                told.add((folder, slug, name))
                where = "这篇稿件" if first_source is source else f" {first_source.path} "
                problems.append(
                    source.warning(
                        field,
                        f"{label}“{name}”与{where}中的“{first_name}”网址名相同（{folder}/{slug}/），"
                        "会合并成一个页面，显示为同一个名字。",
                        f"如果是同一个{label}，统一写法；如果不是，在名字上加以区分。",
                    )
                )
    return problems


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
    for number, line in enumerate(text_lines(text), start=first_line):
        if needle in line.lower():
            return number
    return first_line


def markup_problems(source, key, label, text, first_line, render=render_markdown):
    """What the sanitizer would remove from Markdown `text` (a body, a Summary): each is
    refused, on its line, so that nothing is dropped from a page without the editor
    knowing. A text above the structure limits is not converted: those are told instead."""
    problems = structure_problems(source, key, label, text, first_line)
    if problems or not may_hold_markup(text):
        return problems
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
    structure = structure_problems(source, "正文", "正文", source.body, source.body_line)
    if structure or not may_hold_markup(source.body):
        return structure  # a text above the limits is not converted
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
        elif why == "missing":  # {filename}, {static}, {attach}: Pelican would leave it broken
            problems.append(
                source.problem(
                    "正文",
                    f"正文链接的文件“{value}”不存在（{link.group()} 后面写 content/ 中的文件）。",
                    "改成已有文件的路径，例如 [另一篇]({filename}/articles/2018-03-13/01-x.md)；"
                    "以 / 开头的路径相对 content/，否则相对这篇稿件所在的目录。",
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


def article_problems(
    source, column_names, content_root, index=None, render=render_markdown, on=None
):
    """Every rule for one article; `index` is the registry's references, if it was read;
    `render` turns Markdown into HTML as the build does; `on` is today's date."""
    problems = key_problems(source) + required_problems(source)
    problems += date_problems(source, on)
    for rule in (status_problems, slug_problems):
        problems += rule(source)
    problems += body_problems(source, content_root, render)
    problems += summary_problems(source, render)
    problems += column_problems(source, column_names)
    problems += piece_problems(source, content_root)
    if index is not None:
        problems += reference_problems(source, index)
    problems += correction_problems(source)
    problems += alias_problems(source)
    problems += area_problems(source, content_root)
    return problems


def article_day(source):
    """The date of the article's printed page, or None when Date is not a valid date."""
    match = ISO_DATE.match(source.fields.get("date", "").strip())
    try:
        return datetime.date(*(int(part) for part in match.groups()[:3])) if match else None
    except ValueError:
        return None


def correction_problems(source):
    """Correction: a date, then the text of the 更正; not before the article was printed."""
    problems = []
    printed = article_day(source)
    for number, value in enumerate(header_values(source, "correction")):
        line = _nth_line(source, "correction", number)
        try:
            correction = parse_correction(value)
        except ValueError as error:
            problems.append(
                source.problem(
                    "Correction",
                    f"更正写得不对：{error}。",
                    f"先写更正日期，再写更正内容，例如 {CORRECTION_EXAMPLE}",
                    line=line,
                )
            )
            continue
        if printed and correction.date < printed:
            problems.append(
                source.problem(
                    "Correction",
                    f"更正日期 {correction.date.isoformat()} 早于见报日期 {printed.isoformat()}。",
                    "写更正发布的日期（见报当天或以后）。",
                    line=line,
                )
            )
    return problems


def _nth_line(source, key, number):
    """The line of the `number`th `Key:` line of the header (a field may be repeated)."""
    prefix = key.lower() + ":"
    found = [
        index
        for index, line in enumerate(source.lines[: max(source.body_line - 1, 0)], start=1)
        if line.lstrip("\ufeff").lower().startswith(prefix)
    ]
    return found[number] if number < len(found) else source.line(key)


def alias_problems(source):
    """Aliases: root-relative paths on this site, each a page a static host can serve.
    (Clashes with other pages and aliases are check.alias_clash_problems'.)"""
    value = source.fields.get("aliases", "")
    if "aliases" in source.fields and not value.strip():
        return [
            source.problem(
                "Aliases",
                "Aliases 是空的。",
                f"写上旧地址，例如 {ALIAS_EXAMPLE}；没有就删去这一行。",
            )
        ]
    return [
        source.problem(
            "Aliases",
            f"{why}。",
            f"写本站的旧路径，以 / 开头、以 / 或 .html 结尾，例如 {ALIAS_EXAMPLE}。",
        )
        for why in (alias_problem(alias) for alias in split_aliases(value))
        if why
    ]


def area_problems(source, content_root):
    """Area: the piece's place on the day's page image, inside it, in its pixels; only on
    a day that has a page image or PDF."""
    value = source.fields.get("area")
    if value is None:
        return []
    how = f"写四个整数：左上角的横坐标、纵坐标、宽度、高度（版面图片上的像素），例如 {AREA_EXAMPLE}"
    try:
        rectangles = parse_area(value)
    except ValueError as error:
        return [source.problem("Area", f"Area 写得不对：{error}。", f"{how}。")]
    day = article_day(source)
    if day is None:
        return []  # the Date rule says why
    relative = os.path.relpath(source.path, content_root).replace(os.sep, "/").split("/")
    top = relative[0] if len(relative) > 1 else ""
    page = page_of_day(content_root, [top], day)
    if page is None:
        folder = "/".join(part for part in ("content", top, day.isoformat()) if part)
        return [
            source.problem(
                "Area",
                f"{day.isoformat()} 这一天没有版面图片或 PDF，Area 无处可标。",
                f"把当天的版面放到 {folder}/（{PAGE_NAMES_TEXT}），或删去这一行。",
            )
        ]
    try:
        width, height = page.size
    except PageFileError:
        return []  # the page file's own problem says why
    problems = []
    for x, y, w, h in rectangles:
        if x + w > width or y + h > height:
            name = os.path.basename(page.image or page.pdf)
            what = f"{name} " if page.image else f"{name} 第一页画成的图片"
            problems.append(
                source.problem(
                    "Area",
                    f"区域 {x}, {y}, {w}, {h} 超出了版面图片：{what}是 "
                    f"{width}×{height} 像素，区域右下角在 ({x + w}, {y + h})。",
                    f"按版面图片的像素重新量取：x + 宽度不超过 {width}，y + 高度不超过 {height}。",
                )
            )
    return problems

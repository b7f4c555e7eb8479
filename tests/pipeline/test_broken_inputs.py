"""A corpus of broken inputs: `invoke check` and the build each name the problem and its fix.

Every case is checked twice: by `invoke check` (one line per problem, non-zero exit)
and by a real build (stopped before writing: the last good site stays as it was).
No case may produce a traceback. A few inputs are accepted, and build.
"""

import io
import os
import subprocess
import sys

import pytest
from PIL import Image

from dangjian.build.pipeline import build_site
from dangjian.desk.check import run_check
from support import ROOT, article, branch, content_articles

GOOD_BRANCH = {"branches/good.md": branch("某村党支部")}
HEADER = "Title: 测试稿件\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 测试记者\n"
PHOTO_WITHOUT_PHOTOGRAPHER = "Title: 图\nDate: 2018-03-13\nCategory: 阵地\nType: photo\n\n说明。\n"


def with_line(line, title="测试稿件"):
    """An article with one more header line (line 5)."""
    return article(title=title).replace("Type: news", f"Type: news\n{line}")


def png(width, height):
    data = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(data, "PNG")
    return data.getvalue()


def symlink(target):
    """A file entry that is a symbolic link to `target` (relative to the link's folder)."""
    return ("symlink", target)


CASES = {
    "an empty file": ({"articles/a.md": ""}, ["articles/a.md", "文件: 文件是空的"]),
    "a file of blank lines": ({"articles/a.md": "\n \n\n"}, ["文件是空的"]),
    "metadata only": ({"articles/a.md": HEADER}, ["articles/a.md:6: 正文: 稿件没有正文"]),
    "no title": (
        {"articles/a.md": article().replace("Title: 测试稿件\n", "")},
        ["articles/a.md:1: Title: 缺少标题", "Title: 印刷的标题"],
    ),
    "an empty title": (
        {"articles/a.md": article().replace("Title: 测试稿件", "Title:")},
        ["articles/a.md:1: Title: 标题是空的"],
    ),
    "month 13, day 40": (
        {"articles/a.md": article(date="2018-13-40")},
        ["articles/a.md:2: Date: “2018-13-40”不是有效的日期", "Date: 2018-03-13"],
    ),
    "the 30th of February": (
        {"articles/a.md": article(date="2018-02-30")},
        ["articles/a.md:2: Date: “2018-02-30”不是有效的日期"],
    ),
    "a date written in Chinese (explained, not guessed)": (
        {"articles/a.md": article(date="2018年3月13日")},
        ["articles/a.md:2: Date: 日期“2018年3月13日”是中文写法", "改成 Date: 2018-03-13"],
    ),
    "a full-width colon after a key": (
        {"articles/a.md": article().replace("Title: ", "Title：")},
        ["articles/a.md:1: Title: 字段名“Title”后面是全角冒号“：”", "“Title:”"],
    ),
    "Chinese key names": (
        {"articles/a.md": article().replace("Title: ", "标题：").replace("Category:", "栏目:")},
        ["a.md:1: 标题: 字段名“标题”是中文", "改成“Title:”", "a.md:3: 栏目:", "“Category:”"],
    ),
    "an unknown column": (
        {"articles/a.md": article(category="要闻")},
        ["articles/a.md:3: Category: 未登记的栏目“要闻”", "content/columns.toml"],
    ),
    "no column": (
        {"articles/a.md": article().replace("Category: 视点\n", "")},
        ["articles/a.md:1: Category: 缺少栏目"],
    ),
    "an unknown type": (
        {"articles/a.md": article().replace("Type: news", "Type: 消息")},
        ["articles/a.md:4: Type: 未知的稿件类型“消息”", "news（消息）"],
    ),
    "an unknown status": (
        {"articles/a.md": article().replace("Type: news", "Type: news\nStatus: 草稿")},
        ["articles/a.md:5: Status: 未知的状态“草稿”", "Status: draft"],
    ),
    "an unknown branch": (
        {**GOOD_BRANCH, "articles/a.md": article(branches="good, 不存在的党支部")},
        ["articles/a.md:7: Branches: 未登记的党组织“不存在的党支部”"],
    ),
    "two articles with one slug": (
        {"articles/a.md": article(), "articles/b.md": article()},
        ["articles/b.md:1: Slug: 网址名“ce-shi-gao-jian”与", "articles/a.md 重复", "Slug:"],
    ),
    # The explicit Slug: counts, against another's Slug and against another's title.
    "two articles given one Slug": (
        {"articles/a.md": article(title="甲稿").replace("Type: news", "Type: news\nSlug: same"),
         "articles/b.md": article(title="乙稿").replace("Type: news", "Type: news\nSlug: same")},
        ["articles/b.md:5: Slug: 网址名“same”与", "articles/a.md 重复"],
    ),
    "a Slug that is another article's title in pinyin": (
        {"articles/a.md": article(),
         "articles/b.md": article(title="乙稿").replace(
             "Type: news", "Type: news\nSlug: ce-shi-gao-jian")},
        ["articles/b.md:5: Slug: 网址名“ce-shi-gao-jian”与", "articles/a.md 重复"],
    ),
    "a slug that is not ASCII": (
        {"articles/a.md": article().replace("Type: news", "Type: news\nSlug: 测试")},
        ["articles/a.md:5: Slug: 网址名“测试”只能由小写字母、数字和连字符组成"],
    ),
    "a GBK file": (
        {"articles/a.md": article().encode("gbk")},
        ["articles/a.md:1: 编码: 文件是 GBK 编码", "iconv -f GBK -t UTF-8 'a.md'"],
    ),
    "a GB18030 file (characters beyond GBK)": (
        {"articles/a.md": article(body="𠮷字不在 GBK 中。").encode("gb18030")},
        ["编码: 文件是 GB18030 编码", "iconv -f GB18030 -t UTF-8 'a.md'"],
    ),
    "bytes that are no known encoding": (
        {"articles/a.md": article().encode() + b"\xff\xfe\xfd\n"},
        ["articles/a.md:10: 编码: 文件不是 UTF-8 编码的文本", "另存为 UTF-8"],
    ),
    "a binary file saved as .md": (
        {"articles/a.md": b"PK\x03\x04\x00\x00word/document.xml\x00" * 40},
        ["articles/a.md: 文件: 这是二进制文件", "UTF-8 编码的 .md 文件"],
    ),
    "a symbolic link loop": (
        {"articles/a.md": symlink("b.md"), "articles/b.md": symlink("a.md")},
        ["articles/a.md: 文件: 符号链接形成循环", "rm '"],
    ),
    "a folder linked into itself": (
        {"articles/a.md": article(), "articles/again": symlink("..")},
        ["articles/again: 文件: 目录链接指向它的上级目录", "无限循环"],
    ),
    "a 5 MB article": (
        {"articles/a.md": article(body="党建工作稳步推进。\n\n" * 180_000)},
        ["articles/a.md: 文件: 文件有 5.2 MB，超过 1.0 MB 的上限", "拆成几篇稿件"],
    ),
    "raw <script> in a body": (
        {"articles/a.md": article(body="正文。\n\n<script>alert(1)</script>")},
        ["articles/a.md:11: 正文: 正文中有不允许的 HTML“<script>”", "反引号"],
    ),
    "a picture in the body that does not exist": (
        {"articles/a.md": article(body="![党员签名](images/none.jpg)")},
        ["articles/a.md:9: 正文: 正文中的图片“images/none.jpg”不存在"],
    ),
    "a profile's portrait that does not exist": (
        {
            "articles/a.md": article().replace(
                "Type: news", "Type: profile\nPerson: 某人\nPhoto: images/none.jpg"
            )
        },
        ["articles/a.md:6: Photo: 找不到人物照片“images/none.jpg”", "Photo 写相对 content/ 的路径"],
    ),
    "an event handler in raw HTML": (
        {"articles/a.md": article(body='<img src="x.jpg" onerror="alert(1)">')},
        ["articles/a.md:9: 正文: 正文中有不允许的 HTML", "onerror="],
    ),
    "a branch file whose parent is itself": (
        {"branches/a.md": branch("甲党委", parent="a")},
        ["branches/a.md:5: Parent: 上级关系形成了循环", "不能是它自己"],
    ),
    "a branch file without a name": (
        {"branches/a.md": "Kind: 党委\nPrefecture: 赤峰市\n\n描述。\n"},
        ["branches/a.md:1: Name: 缺少 Name", "Name: 组织全称"],
    ),
    "a branch file in GBK": (
        {"branches/a.md": branch("甲党委").encode("gbk")},
        ["branches/a.md:1: 编码: 文件是 GBK 编码"],
    ),
    "photo news without a photographer": (
        {"articles/a.md": PHOTO_WITHOUT_PHOTOGRAPHER},
        ["articles/a.md:1: Photographer: 图片新闻缺少摄影者"],
    ),
    "a profile without its person": (
        {"articles/a.md": article().replace("Type: news", "Type: profile")},
        ["articles/a.md:1: Person: 人物稿缺少人物姓名"],
    ),
    "a column registry that is not TOML": (
        {"columns.toml": '[[column]]\nname = "视点\n', "articles/a.md": article()},
        ["columns.toml:2: TOML 格式错误"],
    ),
    # The printed page, corrections and old addresses (issue 15)
    "an Area on a day without a page image": (
        {"articles/2018-03-13/a.md": with_line("Area: 0, 0, 100, 100")},
        ["2018-03-13/a.md:5: Area: 2018-03-13 这一天没有版面图片或 PDF",
         "content/articles/2018-03-13/（page.pdf"]),
    "an Area outside the page image": (
        {"articles/2018-03-13/a.md": with_line("Area: 500, 0, 100, 100"),
         "articles/2018-03-13/page.png": png(560, 800)},
        ["a.md:5: Area: 区域 500, 0, 100, 100 超出了版面图片：page.png 是 560×800 像素",
         "x + 宽度不超过 560"]),
    "an Area of three numbers": (
        {"articles/a.md": with_line("Area: 10, 20, 30")},
        ["a.md:5: Area: Area 写得不对：“10, 20, 30”不是四个数", "Area: 120, 80, 640, 900"]),
    "a correction without its date": (
        {"articles/a.md": with_line("Correction: 本文第二段有误，已更正。")},
        ["a.md:5: Correction: 更正写得不对：“本文第二段有误，已更正。”没有以更正日期开头",
         "Correction: 2018-03-22"]),
    "an old address on another site": (
        {"articles/a.md": with_line("Aliases: https://old.example.cn/a.html")},
        ["a.md:5: Aliases: 旧地址“https://old.example.cn/a.html”指向网站之外"]),
    "an old address that is another article's": (
        {"articles/a.md": article(),
         "articles/b.md": with_line("Aliases: /articles/2018/03/ce-shi-gao-jian/", title="乙")},
        ["b.md:5: Aliases: 旧地址“/articles/2018/03/ce-shi-gao-jian/”就是 ",
         "a.md 现在的网址"]),
    "a Word document beside the articles": (
        {"articles/a.md": article(), "articles/2018-03-13/版面说明.docx": b"PK\x03\x04"},
        ["版面说明.docx: 文件: 稿件目录中只能放稿件（.md）和当天的版面文件"]),
}  # fmt: skip

ACCEPTED = {
    "UTF-8 with a byte order mark": {"articles/a.md": "\ufeff" + article()},
    "CRLF line endings": {"articles/a.md": article().replace("\n", "\r\n")},
    "a byte order mark and CRLF": {"articles/a.md": ("\ufeff" + article()).replace("\n", "\r\n")},
    "HTML shown as code": {"articles/a.md": article(body="用 `<script>` 标签。")},
    "a footnote referred to twice": {
        "articles/a.md": article(body="甲[^1]，乙[^1]。\n\n[^1]: 注。")
    },
    "a tab, U+2028 and a right-to-left mark in a body": {
        "articles/a.md": article(body="甲\t乙\u2028丙\u200f丁。")
    },
    # The fix the duplicate-slug message suggests: one title, the second with its own Slug.
    "two articles with one title, one given its own Slug": {
        "articles/a.md": article(),
        "articles/b.md": article().replace("Type: news", "Type: news\nSlug: ce-shi-gao-jian-2"),
    },
    "a picture in the body that exists": {
        "articles/a.md": article(body="![党员签名]({static}/images/a.png)"),
        "images/a.png": b"\x89PNG\r\n\x1a\n",
    },
}


def write_content(folder, files):
    folder.mkdir()
    if "columns.toml" not in files:
        (folder / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, tuple):
            os.symlink(data[1], path)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="")
    return folder


def check(content):
    out = io.StringIO()
    return run_check(content, out=out), out.getvalue()


def build_over_a_good_site(tmp_path, content):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    return build_site(output, content=content), output


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES)
def test_check_and_build_name_the_problem_and_write_nothing(tmp_path, files, expected):
    content = write_content(tmp_path / "content", files)
    status, report = check(content)
    assert status == 1, report
    for fragment in expected:
        assert fragment in report, report
    assert "检查未通过" in report

    result, output = build_over_a_good_site(tmp_path, content)
    assert not result.ok
    for fragment in expected:
        assert fragment in result.log, result.log
    assert "Traceback" not in result.log
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "the last good site"
    assert not [path for path in tmp_path.glob(".output.*") if path.is_dir()]  # no leftovers


def test_each_problem_is_one_line_file_line_field_problem_fix(tmp_path):
    content = write_content(
        tmp_path / "content",
        {"articles/a.md": article(date="2018-13-40", category="要闻").replace("Type: news", "")},
    )
    status, report = check(content)
    lines = report.strip().splitlines()
    problems = [line for line in lines if line.startswith(str(content))]
    assert status == 1 and len(problems) == 3, report
    for line in problems:
        where, field, rest = line.split(": ", 2)
        assert where.rsplit(":", 1)[1].isdigit() and field and " → " in rest


@pytest.mark.parametrize("files", ACCEPTED.values(), ids=ACCEPTED)
def test_accepted_inputs_check_and_build(tmp_path, files):
    content = write_content(tmp_path / "content", files)
    status, report = check(content)
    assert status == 0, report
    result, output = build_over_a_good_site(tmp_path, content)
    assert result.ok, result.log
    assert "测试稿件" in (output / "index.html").read_text(encoding="utf-8")


def test_check_passes_on_the_real_content():
    status, report = check(None)
    assert status == 0, report
    assert f"检查通过：{len(content_articles())} 篇稿件" in report


def test_invoke_check_exits_non_zero_with_a_message(tmp_path):
    content = write_content(tmp_path / "content", {"articles/a.md": article(category="要闻")})
    process = subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert process.returncode == 1
    assert "Category: 未登记的栏目“要闻”" in process.stdout
    assert "Traceback" not in process.stderr


# --- Odd inputs (issue 12): what once gave a traceback, a wrong message or silently a
# wrong site. Each case through `./run check` in-process; one real build per class; the
# values `./run new` writes, the preview server's requests and the registries
# `./run import-page` reads, each in a table of their own below.


def header(extra, **fields):
    """A valid article with `extra` header lines after Type."""
    return article(**fields).replace("Type: news", "Type: news\n" + extra)


def photo(photographer):
    text = article().replace("Type: news", f"Type: photo\nPhotographer: {photographer}")
    return text.replace("Author: 测试记者\n", "")


NESTED_LIST = "".join("\t" * level + "- 一层\n" for level in range(900))
# name → (class, files, fragments the report must hold, fragments it must not)
ODD = {
    # Slugs: too long, or empty (a page written over its folder's index.html)
    "a 509-character slug": ("slug", {"articles/a.md": header("Slug: " + "a" * 509)},
        ["a.md:5: Slug: 网址名有 509 个字符，超过 100 个的上限"], []),
    "an emoji-only title": ("slug", {"articles/a.md": article(title="🎉🎉🎉")},
        ["a.md:1: Title: 标题“🎉🎉🎉”中没有汉字、字母或数字", "articles/2018/03/index.html",
         "Slug:"], []),
    "two titles that give no slug": (
        "slug", {"articles/a.md": article(title="🎉"), "articles/b.md": article(title="！！")},
        ["a.md:1: Title: 标题“🎉”", "b.md:1: Title: 标题“！！”中没有"], ["重复"]),
    "an organization's Slug of 300 characters": (
        "slug", {"branches/x.md": branch("某党支部", extra="\nSlug: " + "b" * 300)},
        ["branches/x.md:5: Slug: 网址名“bbbb", "最多 100 个字符"], []),
    "a column's slug of 300 characters": (
        "slug", {"columns.toml": f'[[column]]\nname = "视点"\nslug = "{"s" * 300}"\n'},
        ["columns.toml: slug: 栏目“视点”的 slug", "最多 100 个字符"], []),
    "a tag ！！！": ("slug", {"articles/a.md": header("Tags: 党建, ！！！")},
        ["a.md:5: Tags: 标签“！！！”中没有汉字、字母或数字", "tags/index.html"], []),
    "an author ——": ("slug", {"articles/a.md": article().replace("测试记者", "——")},
        ["a.md:5: Author: 作者“——”中没有", "authors/index.html"], []),
    "a photographer ——": ("slug", {"articles/a.md": photo("——")},
        ["a.md:5: Photographer: 摄影者“——”中没有"], []),
    # Characters: invisible ones named on their line and field, encodings by name
    "a NUL byte after the first 8 KB": (
        "characters", {"articles/a.md": article(body="正文。" * 3000 + "\x00")},
        ["a.md:9: 正文: 第 9001 个字符处有看不见的空字符 NUL（U+0000）"], ["二进制"]),
    "a vertical tab (Word's line break) in a title": (
        "characters", {"articles/a.md": article(title="标题\x0b第二行")},
        ["a.md:1: Title: 第 3 个字符处有看不见的垂直制表符（Word 中按 Shift+Enter 的“手动换行”）",
         "字段必须写在一行里"], ["缺少日期", "缺少栏目"]),
    "a form feed in a body": (
        "characters", {"articles/a.md": article(body="第一页\x0c第二页")},
        ["a.md:9: 正文: 第 4 个字符处有看不见的换页符"], []),
    "UTF-16 (Notepad's Unicode)": ("characters", {"articles/a.md": article().encode("utf-16")},
        ["a.md:1: 编码: 文件是 UTF-16 编码", "iconv -f UTF-16 -t UTF-8 'a.md'"], ["二进制"]),
    "UTF-16 without a byte order mark": (
        "characters", {"articles/a.md": article().encode("utf-16-le")},
        ["编码: 文件是 UTF-16 编码"], ["二进制", "Word"]),
    "UTF-32": ("characters", {"articles/a.md": article().encode("utf-32")},
        ["编码: 文件是 UTF-32 编码"], []),
    "an escape character in a registry file": (
        "characters", {"branches/a.md": branch("甲\x1b[31m党委")},
        ["branches/a.md:1: Name: 第 2 个字符处有看不见的ESC 转义符"], []),
    # Pelican's own keys: passing check, then moving pages or failing in English
    "Save_as": ("keys", {"articles/a.md": header("Save_as: index.html")},
        ["a.md:5: Save_as: 字段“Save_as”决定页面写到哪个文件", "删去这一行"], []),
    "Template": ("keys", {"articles/a.md": header("Template: nothere")},
        ["a.md:5: Template: 字段“Template”指定页面模板"], ["PelicanTemplateNotFound"]),
    "Url": ("keys", {"articles/a.md": header("Url: x/")}, ["a.md:5: Url: 字段“Url”"], []),
    "Modified": ("keys", {"articles/a.md": header("Modified: yesterday")},
        ["a.md:5: Modified: 字段“Modified”"], ["Could not process"]),
    "Lang": ("keys", {"articles/a.md": header("Lang: en")},
        ["a.md:5: Lang: 字段“Lang”把稿件当作另一种语言的译本"], []),
    "Content and _content": ("keys", {"articles/a.md": header("Content: x\n_content: y")},
        ["a.md:5: Content: 字段“Content”是 Pelican 内部使用的名字", "a.md:6: _content:"], []),
    "Save_as on a page": ("keys", {"pages/p.md": "Title: 关于\nSave_as: index.html\n\n正文。\n"},
        ["pages/p.md:2: Save_as:"], []),
    # Structure: refused in check, before minutes of build or a RecursionError
    "a 900-level nested list": ("structure", {"articles/a.md": article(body=NESTED_LIST)},
        ["a.md:29: 正文: 正文这一行嵌套了 21 层", "超过 20 层的上限"], ["Could not process"]),
    "100,000 headings (0.9 MB)": (
        "structure", {"articles/a.md": article(body="# 标题\n" * 100_000)},
        ["a.md:9: 正文: 正文有 100,000 行（不算空行），超过 10,000 行的上限",
         "a.md:9: 正文: 正文从这一行起连续 100,000 行没有空行"], []),
    "4,000 unclosed links in a paragraph": (
        "structure", {"articles/a.md": article(body="[a](" * 4000)},
        ["a.md:9: 正文: 正文中没有配对的括号太多：从这一行起的一段有 4,000 个"], []),
    "a summary of unclosed links": (
        "structure", {"articles/a.md": header("Summary: " + "[a](" * 4000)},
        ["a.md:5: Summary: 摘要中没有配对的括号太多"], []),
    "an organization's description nested 50 deep": (
        "structure", {"branches/x.md": branch("某党支部").replace("描述。", "> " * 50 + "描述。")},
        ["branches/x.md:6: 正文: 介绍这一行嵌套了 50 层"], []),
    # Clashes: reported against the file to change
    "an alias that is another organization's name": (
        "clash", {"branches/a.md": branch("甲党委", extra="\nAliases: 乙党委"),
                  "branches/b.md": branch("乙党委")},
        ["branches/a.md:5: Aliases: 名称或别名“乙党委”已用于", "b.md（乙党委）的名称",
         "从这里的 Aliases 中删去"], ["b.md:1: Name:"]),
    "a {filename} link to a file that does not exist": (
        "clash", {"articles/a.md": article(body="见[另一篇]({filename}/articles/none.md)。")},
        ["a.md:9: 正文: 正文链接的文件“{filename}/articles/none.md”不存在"],
        ["Unable to find"]),
    "U+FFFF in a title (no feed may hold it)": (
        "characters", {"articles/a.md": article(title="标题\uffff")},
        ["a.md:1: Title: 第 3 个字符处有看不见的非字符"], ["订阅源有错误"]),
    "a page named like a folder of the site": (
        "clash", {"pages/s.md": "Title: Search\n\n正文。\n"},
        ["pages/s.md:1: Title: 页面的网址名“search”是网站自己的目录 /search/"], []),
}  # fmt: skip
# name → (files, warnings the report must hold): `check` passes, `check --strict` fails,
# the build goes on and prints them.
WARNED = {
    "a date decades ahead (2081 for 2018)": ({"articles/a.md": article(date="2081-03-13")},
        ["a.md:2: Date: 警告：日期 2081-03-13 在 31 天以后", "首页"]),
    "a date long past (1018)": ({"articles/a.md": article(date="1018-03-13")},
        ["a.md:2: Date: 警告：日期 1018-03-13 早于 1949-10-01"]),
    "张三 and an author Zhang San": (
        {"articles/a.md": article().replace("测试记者", "张三"),
         "articles/b.md": article(title="另一篇").replace("测试记者", "Zhang San")},
        ["b.md:5: Author: 警告：作者“Zhang San”与", "中的“张三”网址名相同（authors/zhang-san/）"]),
    "two tags that become one": ({"articles/a.md": header("Tags: 党建, Dang Jian")},
        ["a.md:5: Tags: 警告：标签“Dang Jian”与这篇稿件中的“党建”网址名相同（tags/dang-jian/）"]),
    "two organizations whose names sound alike": (
        {"branches/c.md": branch("新体路党委"), "branches/d.md": branch("新提路党委")},
        ["branches/d.md:1: Name: 警告：“新提路党委”与", "c.md 的“新体路党委”读音相同"]),
}  # fmt: skip


def one_of_each(cases):
    """The first case of each class: the ones built for real."""
    first = {}
    for name, (klass, *_rest) in cases.items():
        first.setdefault(klass, name)
    return list(first.values())


def assert_reported(report, expected, absent=()):
    for fragment in expected:
        assert fragment in report, report
    for fragment in absent:
        assert fragment not in report, report
    assert "Traceback" not in report


def test_the_odd_inputs_cover_every_class():
    assert len(ODD) + len(WARNED) >= 30
    assert {klass for klass, *_ in ODD.values()} == {
        "slug", "characters", "keys", "structure", "clash"
    }  # fmt: skip


@pytest.mark.parametrize("klass, files, expected, absent", ODD.values(), ids=ODD)
def test_check_names_each_odd_input(tmp_path, klass, files, expected, absent):
    status, report = check(write_content(tmp_path / "content", files))
    assert status == 1, report
    assert_reported(report, expected, absent)
    assert "检查未通过" in report


@pytest.mark.parametrize("name", one_of_each(ODD))
def test_the_build_stops_on_each_class_with_the_same_message(tmp_path, name):
    _klass, files, expected, absent = ODD[name]
    result, output = build_over_a_good_site(tmp_path, write_content(tmp_path / "content", files))
    assert not result.ok
    assert_reported(result.log, expected, absent)
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "the last good site"


@pytest.mark.parametrize("files, expected", WARNED.values(), ids=WARNED)
def test_warnings_pass_the_check_and_fail_it_with_strict(tmp_path, files, expected):
    content = write_content(tmp_path / "content", files)
    status, report = check(content)
    assert status == 0, report
    assert_reported(report, expected)
    assert "没有错误；有" in report and "条警告" in report
    out = io.StringIO()
    assert run_check(content, out=out, strict=True) == 1
    assert "检查未通过（--strict" in out.getvalue()


def test_the_build_prints_warnings_and_goes_on(tmp_path):
    files = {**WARNED["a date decades ahead (2081 for 2018)"][0],
             **WARNED["two organizations whose names sound alike"][0]}  # fmt: skip
    result, output = build_over_a_good_site(tmp_path, write_content(tmp_path / "content", files))
    assert result.ok, result.log
    assert "a.md:2: Date: 警告：日期 2081-03-13" in result.log
    assert "branches/d.md:1: Name: 警告：" in result.log
    assert "错误：" not in result.log and "Traceback" not in result.log
    assert "2081年3月13日" in (output / "index.html").read_text(encoding="utf-8")


def test_invoke_check_strict_exits_non_zero_on_a_warning(tmp_path):
    content = write_content(tmp_path / "content", WARNED["a date long past (1018)"][0])
    invoke = [sys.executable, "-m", "invoke", "check", "--content", str(content)]
    for flags, code in (([], 0), (["--strict"], 1)):
        process = subprocess.run(invoke + flags, cwd=ROOT, capture_output=True, text=True)
        assert process.returncode == code, process.stdout + process.stderr
        assert "Date: 警告：日期 1018-03-13" in process.stdout
        assert "Traceback" not in process.stderr


def test_the_real_content_passes_the_strict_check():
    out = io.StringIO()
    assert run_check(None, out=out, strict=True) == 0, out.getvalue()
    assert "警告" not in out.getvalue()


# `./run new`: each value it writes is one header line.
NEW = {
    "a title with a newline": (["--title", "标题\nStatus: published"], "标题的第 3 个字符处有换行"),
    "a title with Word's line break": (["--title", "标题\x0b二"], "有换行（U+000B）"),
    "a title with an escape": (["--title", "标\x1b题"], "看不见的控制字符（U+001B）"),
    "an author with a newline": (
        ["--title", "甲", "--author", "记者\nDate: 2081-01-01"], "作者的第 3 个字符处有换行"),
}  # fmt: skip


@pytest.mark.parametrize("flags, message", NEW.values(), ids=NEW)
def test_invoke_new_refuses_a_value_on_two_lines_and_writes_nothing(flags, message):
    articles = ROOT / "content" / "articles"
    before = sorted(articles.rglob("*"))
    command = [sys.executable, "-m", "invoke", "new", "--column", "视点", "--type", "news"]
    process = subprocess.run(
        command + flags, cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert process.returncode == 1
    assert "没有新建稿件：" in process.stderr and message in process.stderr
    assert "Traceback" not in process.stdout + process.stderr
    assert sorted(articles.rglob("*")) == before


# `./run import-page`: registries it reads with the problems above stop it with the check's
# message (the importer's own inputs are tested with the importer).
IMPORT = {
    "a registry file with an escape": (
        {"branches/a.md": branch("甲\x1b党委")}, "branches/a.md:1: Name: 第 2 个字符处有看不见的"),
    "a registry file in UTF-16": (
        {"branches/a.md": branch("甲党委").encode("utf-16")},
        "branches/a.md:1: 编码: 文件是 UTF-16"),
    "an alias that clashes": (
        ODD["an alias that is another organization's name"][1],
        "branches/a.md:5: Aliases: 名称或别名“乙党委”已用于"),
}  # fmt: skip


@pytest.mark.parametrize("files, message", IMPORT.values(), ids=IMPORT)
def test_import_page_stops_on_the_registries_problems(tmp_path, files, message):
    from dangjian.desk.importer import ImportStopped, import_page
    from support import SEED_PAGE

    content = write_content(tmp_path / "content", files)
    with pytest.raises(ImportStopped) as stopped:
        import_page(SEED_PAGE, "2018-03-13", content=content)
    assert "登记文件有错误" in str(stopped.value) and message in str(stopped.value)
    assert not (content / "articles").exists()


def test_publish_refuses_a_malformed_siteurl():
    for siteurl, words in [
        ("http://exa mple.cn", "中有空格"),
        ('https://a/"><script>alert(1)</script>', '中有“"”'),
    ]:
        env = {**os.environ, "SITEURL": siteurl}
        run = subprocess.run(
            [sys.executable, "-m", "invoke", "publish"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        log = run.stdout + run.stderr
        assert run.returncode != 0
        assert "网站的正式地址不能用" in log and words in log, log
        assert "Traceback" not in log


def test_a_malformed_siteurl_given_to_the_build_stops_it(tmp_path):
    content = write_content(tmp_path / "content", {"articles/a.md": article()})
    output = tmp_path / "output"
    result = build_site(output, content=content, overrides={"SITEURL": 'https://a/"><svg>'})
    assert not result.ok
    assert '（设置）: SITEURL: SITEURL=“https://a/"><svg>” 中有“"”' in result.log
    assert "Traceback" not in result.log and not output.exists()

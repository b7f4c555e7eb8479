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

from dangjian.build.pipeline import build_site
from dangjian.desk.check import run_check
from support import ROOT, article, branch, content_articles

GOOD_BRANCH = {"branches/good.md": branch("某村党支部")}
HEADER = "Title: 测试稿件\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 测试记者\n"
PHOTO_WITHOUT_PHOTOGRAPHER = "Title: 图\nDate: 2018-03-13\nCategory: 阵地\nType: photo\n\n说明。\n"


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
}  # fmt: skip

ACCEPTED = {
    "UTF-8 with a byte order mark": {"articles/a.md": "\ufeff" + article()},
    "CRLF line endings": {"articles/a.md": article().replace("\n", "\r\n")},
    "a byte order mark and CRLF": {"articles/a.md": ("\ufeff" + article()).replace("\n", "\r\n")},
    "HTML shown as code": {"articles/a.md": article(body="用 `<script>` 标签。")},
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

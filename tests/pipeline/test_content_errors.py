"""Bad input stops the build with a message in Chinese naming file, line and field.

No traceback, a non-zero exit, and the output folder left exactly as it was.
"""

import subprocess
import sys

import pytest

from support import ROOT, article, branch, page_drawing, tree_digest

GOOD_BRANCH = {"branches/good.md": branch("某村党支部")}

CASES = {
    "unknown branch in an article": (
        {**GOOD_BRANCH, "articles/a.md": article(branches="good, 不存在的党支部")},
        ["articles/a.md:7: Branches:", "未登记的党组织“不存在的党支部”"],
    ),
    "unknown parent": (
        {"branches/child.md": branch("某支部", parent="nowhere")},
        ["branches/child.md:5: Parent:", "上级组织“nowhere”没有登记"],
    ),
    "a cycle of parents": (
        {
            "branches/a.md": branch("甲党委", parent="b"),
            "branches/b.md": branch("乙党委", parent="a"),
        },
        [": Parent: ", "上级关系形成了循环", "branches/a.md", "branches/b.md"],
    ),
    "a parent that is itself": (
        {"branches/a.md": branch("甲党委", parent="a")},
        ["branches/a.md:5: Parent:", "循环"],
    ),
    "two organizations with one slug": (
        {
            "branches/a.md": branch("甲党委", extra="\nSlug: same"),
            "branches/b.md": branch("乙党委", extra="\nSlug: same"),
        },
        ["branches/b.md:5: Slug:", "网址名“same”与", "branches/a.md 重复"],
    ),
    "two organizations with one name": (
        {"branches/a.md": branch("甲党委"), "branches/b.md": branch("甲党委")},
        ["branches/b.md:1: Name:", "名称或别名“甲党委”已用于"],
    ),
    "a registry file without a kind": (
        {"branches/a.md": "Name: 甲党委\nPrefecture: 赤峰市\n\n描述。\n"},
        ["branches/a.md", "缺少 Kind", "Kind: 党委"],
    ),
    "an unregistered column": (
        {"articles/a.md": article(category="要闻")},
        ["articles/a.md:3: Category:", "未登记的栏目“要闻”", "视点"],
    ),
    "an unknown type": (
        {"articles/a.md": article().replace("Type: news", "Type: story")},
        ["articles/a.md:4: Type:", "未知的稿件类型“story”", "news"],
    ),
    "photo news without a photographer": (
        {"articles/a.md": article().replace("Type: news", "Type: photo")},
        ["articles/a.md", "图片新闻缺少摄影者", "Photographer:"],
    ),
    "photo news with an author": (
        {"articles/a.md": article().replace("Type: news", "Type: photo\nPhotographer: 某人")},
        ["articles/a.md:6: Author:", "图片新闻的署名是摄影者"],
    ),
    "a photo file that does not exist": (
        {
            "articles/a.md": article().replace(
                "Type: news", "Type: photo\nPhotographer: 某人\nImage: images/none.jpg"
            )
        },
        ["articles/a.md:6: Image:", "找不到图片文件“images/none.jpg”"],
    ),
    "an article without a date": (
        {"articles/a.md": article().replace("Date: 2018-03-13\n", "")},
        ["articles/a.md", "缺少日期", "Date: 2018-03-13"],
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES)
def test_error_stops_the_build_with_a_message(small_site, tmp_path, files, expected):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    result, _ = small_site(files, output=output)
    assert not result.ok
    for fragment in expected:
        assert fragment in result.log, result.log
    assert "构建已停止" in result.log
    assert "Traceback" not in result.log
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob(".output.new-*"))  # no half-built folder left


def test_broken_column_registry_names_its_line(small_site, tmp_path):
    (tmp_path / "content").mkdir()
    result, _ = small_site({"articles/a.md": article()})
    assert result.ok, result.log
    (tmp_path / "content" / "columns.toml").write_text(
        '[[column]]\nname = "视点\n', encoding="utf-8"
    )
    result = _pelican(tmp_path / "content", tmp_path / "plain-output")
    assert result.returncode == 1
    assert "columns.toml:2:" in result.stdout + result.stderr


@pytest.mark.parametrize("module", ["pelican", "dangjian.run_pelican"])
def test_plain_pelican_stops_too_and_writes_nothing(tmp_path, module):
    """An editor running Pelican directly gets the same message and an untouched folder;
    so does the build's Pelican process (run_pelican)."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    (content / "articles" / "a.md").write_text(article(branches="无此组织"), encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "keep.txt").write_text("keep")
    result = _pelican(content, output, module)
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "未登记的党组织“无此组织”" in log
    assert "Traceback" not in log
    assert [p.name for p in output.iterdir()] == ["keep.txt"]


def test_the_builds_pelican_process_ends_as_python_would_on_a_message():
    """sys.exit("…") in the build's Pelican process: the message, and status 1."""
    stop = "import sys, pelican; from dangjian import run_pelican as r; "
    stop += "pelican.main = lambda argv=None: sys.exit('构建已停止'); r.run()"
    result = subprocess.run(
        [sys.executable, "-c", stop], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "构建已停止"


def _pelican(content, output, module="pelican"):
    return subprocess.run(
        [sys.executable, "-m", module, str(content), "-s", "pelicanconf.py", "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_a_problem_made_outside_the_article_is_found_in_the_next_build(small_site, tmp_path):
    """A build keeps the articles' checks for the next one (.render-cache/checks/): the
    picture an unchanged article names, deleted since, still stops the next build."""
    picture = tmp_path / "content" / "images" / "photo.jpg"
    picture.parent.mkdir(parents=True)
    page_drawing((40, 40), []).save(picture, "JPEG")
    with_image = article().replace("Byline", "Image: images/photo.jpg\nByline")
    result, _ = small_site({"articles/a.md": with_image})
    assert result.ok, result.log
    assert list((tmp_path / ".render-cache" / "checks").glob("*.pickle"))
    built = tree_digest(tmp_path / "output")
    picture.unlink()
    result, _ = small_site({})
    assert not result.ok
    assert "articles/a.md:" in result.log and "找不到图片文件“images/photo.jpg”" in result.log
    assert tree_digest(tmp_path / "output") == built


CHECK_BY = """
import os, sys
import dangjian.site.content as content
from pelican import main

checking = content.check_contents

def check_contents(*args, **kwargs):
    with open(sys.argv[1], "w") as written:
        written.write(str(os.getpid()))
    if sys.argv[2] == "fails":
        raise ZeroDivisionError("the check's own bug")
    return checking(*args, **kwargs)

content.check_contents = check_contents
main(sys.argv[3:])
"""


def _check_by(tmp_path, how, *settings):
    """Run Pelican on a small site, the content check replaced as `how` says; (the
    process, the pid the check ran in, Pelican's pid)."""
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    (content / "articles" / "a.md").write_text(article(), encoding="utf-8")
    pid_file = tmp_path / "checked-in"
    command = [sys.executable, "-c", CHECK_BY, str(pid_file), how, str(content)]
    command += ["-s", "pelicanconf.py", "-o", str(tmp_path / "output"), "--log-handler", "plain"]
    command += settings
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    log = process.communicate()[0]
    return process.returncode, log, int(pid_file.read_text()), process.pid


def test_the_contents_are_checked_in_a_forked_process_unless_the_build_takes_one(tmp_path):
    status, log, checked_in, pelican = _check_by(tmp_path, "works")
    assert status == 0, log
    assert checked_in != pelican  # forked: Pelican meanwhile loads the kept contents
    status, log, checked_in, pelican = _check_by(tmp_path, "works", "-e", "BUILD_PROCESSES=1")
    assert status == 0, log
    assert checked_in == pelican


def test_a_check_that_fails_in_its_process_stops_the_build_with_a_message(tmp_path):
    status, log, checked_in, pelican = _check_by(tmp_path, "fails")
    assert status == 1 and checked_in != pelican
    assert "检查稿件时出错（不是稿件的问题，请告诉开发人员）" in log
    assert "the check's own bug" in log and "BUILD_PROCESSES = 1" in log
    assert not list((tmp_path / "output").rglob("*.html"))  # nothing read, nothing written

"""`invoke import-page` end to end: the files it reads, the drafts and registry lines it
writes, and everything it refuses (with a message in Chinese, writing nothing)."""

import io
import os
import shutil
import subprocess
import sys

import pytest

from bench.printed_pages import news, page, paragraph
from dangjian.desk.check import run_check
from dangjian.desk.importer import ImportStopped, import_page, ledger, slugs
from dangjian.model import Registries, pinyin_slug
from dangjian.model.conventions import Conventions, read_conventions
from dangjian.model.sources import parse
from support import ROOT, SEED_PAGE

DATE = "2025-01-07"


@pytest.fixture
def content(tmp_path):
    """A content folder with the real registries and conventions, and no articles."""
    folder = tmp_path / "content"
    folder.mkdir()
    for name in ("columns.toml", "conventions.toml"):
        shutil.copy(ROOT / "content" / name, folder)
    shutil.copytree(ROOT / "content" / "branches", folder / "branches")
    return folder


def a_page(tmp_path, blocks=None, name="page.txt", encoding="utf-8", newline="\n"):
    blocks = blocks or (
        news("年终检查见真章", column="前沿观察", paragraphs=(1, 2))
        + news("为民服务就要讲究认真", byline="耿  磊", column="金台潮声", paragraphs=(3,))
    )
    path = tmp_path / name
    path.write_bytes(page(blocks).replace("\n", newline).encode(encoding))
    return path


def drafts(content, date=DATE):
    folder = content / "articles" / date
    return {
        path.name: parse(str(path), path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.md"))
    }


def files_under(folder):
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def nothing_written(content):
    return not (content / "articles").exists() or not any((content / "articles").rglob("*.md"))


# --- unknown column heads --------------------------------------------------------------


def test_unknown_column_heads_are_kept_as_printed_and_reported_with_the_lines_to_add(
    tmp_path, content
):
    report = import_page(a_page(tmp_path), DATE, content)
    categories = [source.fields["category"] for source in drafts(content).values()]
    assert categories == ["前沿观察", "金台潮声"]
    assert "未登记的栏目头：“前沿观察”、“金台潮声”" in report
    assert 'name = "前沿观察"' in report and 'slug = "qian-yan-guan-cha"' in report
    assert "--add-columns" in report
    assert "前沿观察" not in (content / "columns.toml").read_text(encoding="utf-8")
    assert report.index("需要编辑决定") < report.index("稿件：")  # what needs a human first


def test_add_columns_registers_them_and_the_drafts_then_pass_the_check(tmp_path, content):
    report = import_page(a_page(tmp_path), DATE, content, add_columns=True)
    assert "已把栏目头“前沿观察”、“金台潮声”登记到" in report
    registries = Registries.load(str(content))
    assert not registries.problems
    assert {"前沿观察", "金台潮声"} <= {column.name for column in registries.columns}
    out = io.StringIO()
    assert run_check(content, out=out) == 0, out.getvalue()


@pytest.mark.parametrize("answer, registered", [("y", True), ("n", False)])
def test_at_a_terminal_the_editor_is_asked(tmp_path, content, answer, registered):
    questions = []

    def ask(question):
        questions.append(question)
        return answer

    import_page(a_page(tmp_path), DATE, content, ask=ask)
    assert len(questions) == 1 and "前沿观察" in questions[0]
    text = (content / "columns.toml").read_text(encoding="utf-8")
    assert ('name = "前沿观察"' in text) == registered


# --- slugs ----------------------------------------------------------------------------


def test_a_title_printed_again_on_another_day_gets_a_free_stable_slug(tmp_path, content):
    import_page(a_page(tmp_path), DATE, content, add_columns=True)
    import_page(a_page(tmp_path), "2025-01-14", content)
    later = drafts(content, "2025-01-14")
    slugs = [source.fields.get("slug") for source in later.values()]
    assert slugs == [
        "nian-zhong-jian-cha-jian-zhen-zhang-20250114",
        "wei-min-fu-wu-jiu-yao-jiang-jiu-ren-zhen-20250114",
    ]
    out = io.StringIO()
    assert run_check(content, out=out) == 0, out.getvalue()
    import_page(a_page(tmp_path), "2025-01-14", content, replace=True)
    assert [source.fields.get("slug") for source in drafts(content, "2025-01-14").values()] == slugs


# --- importing a date again -----------------------------------------------------------


def test_a_date_is_not_imported_twice_without_replace(tmp_path, content):
    import_page(a_page(tmp_path), DATE, content)
    before = files_under(content)
    with pytest.raises(ImportStopped, match=r"已经有稿件.*--replace"):
        import_page(a_page(tmp_path), DATE, content)
    assert files_under(content) == before


def test_replace_keeps_what_the_editor_changed_and_replaces_the_rest(tmp_path, content):
    import_page(a_page(tmp_path), DATE, content)
    folder = content / "articles" / DATE
    first, second = sorted(folder.glob("*.md"))
    edited = first.read_text(encoding="utf-8").replace("Status: draft\n", "Tags: 减负\n")
    first.write_text(edited, encoding="utf-8")
    (folder / "99-wo-zi-ji-xie-de.md").write_text("Title: 编辑自己写的\n\n正文。\n", "utf-8")
    corrected = news("年终检查见真章", column="前沿观察", paragraphs=(1, 2, 5)) + news(
        "为民服务就要讲究认真", byline="耿  磊", column="金台潮声", paragraphs=(3, 4)
    )
    report = import_page(a_page(tmp_path, corrected), DATE, content, replace=True)
    assert first.read_text(encoding="utf-8") == edited  # the editor's change is kept
    assert f"{first.name} 已被编辑改过" in report
    assert drafts(content)[second.name].body.strip().endswith(paragraph(4))  # replaced
    assert (folder / "99-wo-zi-ji-xie-de.md").exists()
    assert "替换了上次导入、没改过的 1 篇草稿" in report


# --- what the importer reads ----------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, newline, said",
    [
        ("utf-8", "\n", "编码 UTF-8"),
        ("utf-8-sig", "\n", "UTF-8（带 BOM）"),
        ("gb18030", "\n", "GB18030/GBK"),
        ("gbk", "\r\n", "Windows 换行（CRLF）"),
    ],
)
def test_encodings_and_line_ends_are_found_and_said(tmp_path, content, encoding, newline, said):
    report = import_page(a_page(tmp_path, encoding=encoding, newline=newline), DATE, content)
    assert said in report
    titles = [source.fields["title"] for source in drafts(content).values()]
    assert titles == ["年终检查见真章", "为民服务就要讲究认真"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "文件是空的"),
        (b" \n\n", "文件是空的"),
        ("前沿观察\n标题\n".encode("utf-16"), "UTF-16"),
        ("前沿观察\n标题\n".encode("utf-16-le"), "UTF-16"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "二进制文件"),
        (bytes(range(128, 256)) * 8, "编码"),
    ],
)
def test_what_is_not_a_page_is_refused_and_nothing_is_written(tmp_path, content, data, message):
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    with pytest.raises(ImportStopped, match=message):
        import_page(path, DATE, content)
    assert nothing_written(content)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, content):
    path = tmp_path / "page.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: nothing to read is needed
    with pytest.raises(ImportStopped, match=r"50\.0 MB"):
        import_page(path, DATE, content)
    assert nothing_written(content)


def test_a_missing_file_or_a_folder_is_named(tmp_path, content):
    with pytest.raises(ImportStopped, match="找不到"):
        import_page(tmp_path / "no-such-page.txt", DATE, content)
    with pytest.raises(ImportStopped, match="目录"):
        import_page(tmp_path, DATE, content)


@pytest.mark.parametrize(
    "date, message",
    [
        ("../../x", "格式不对"),
        ("2018-02-30", "不存在"),
        ("foo", "格式不对"),
        ("2018-03-13 ", "格式不对"),
        ("2018-3-13", "格式不对"),
        ("2018/03/13", "格式不对"),
    ],
)
def test_a_date_must_be_a_real_day_written_yyyy_mm_dd(tmp_path, content, date, message):
    with pytest.raises(ImportStopped, match=message):
        import_page(a_page(tmp_path), date, content)
    assert nothing_written(content)
    assert not (tmp_path / "x").exists()


def test_a_date_folder_that_is_a_file_gets_a_message(tmp_path, content):
    (content / "articles").mkdir()
    (content / "articles" / DATE).write_text("not a folder", encoding="utf-8")
    with pytest.raises(ImportStopped, match="这是一个文件，不是目录"):
        import_page(a_page(tmp_path), DATE, content)


# --- the importer checks itself -------------------------------------------------------


def test_text_lost_by_the_reader_stops_the_import(tmp_path, content, monkeypatch):
    original = ledger.check_page

    def losing(text, page):
        page.pieces[0].owned.pop()  # as if the reader had dropped a paragraph silently
        return original(text, page)

    monkeypatch.setattr("dangjian.desk.importer.check_page", losing)
    with pytest.raises(ImportStopped, match=r"自检没有通过.*少了"):
        import_page(a_page(tmp_path), DATE, content)
    assert nothing_written(content)


def test_a_draft_that_would_not_read_back_stops_the_import(tmp_path, content, monkeypatch):
    monkeypatch.setattr(
        "dangjian.desk.importer.plan.markdown",
        lambda piece, date, slug="": f"Title: {piece.title}\n\n正文。\n",
    )
    with pytest.raises(ImportStopped, match="写出的草稿与读出的内容不一致"):
        import_page(a_page(tmp_path), DATE, content)
    assert nothing_written(content)


def test_the_report_names_every_deliberate_drop(tmp_path, content):
    blocks = [*news("年终检查见真章", column="前沿观察", paragraphs=(1,)), ("h", "②11")]
    report = import_page(a_page(tmp_path, blocks), DATE, content)
    assert "没有放进任何稿件的文字" in report and "“②11”：编辑代码，不是正文" in report


# --- the paper's conventions ----------------------------------------------------------


def test_the_conventions_file_says_what_the_defaults_say():
    assert read_conventions(ROOT / "content") == (Conventions(), [])


def test_another_papers_conventions_change_how_a_page_is_read(tmp_path, content):
    text = (content / "conventions.toml").read_text(encoding="utf-8")
    text = text.replace(
        'commentary_columns = ["观潮", "金台潮声", "短评"]', 'commentary_columns = ["前沿观察"]'
    )
    (content / "conventions.toml").write_text(text, encoding="utf-8")
    import_page(a_page(tmp_path), DATE, content)
    types = [source.fields["type"] for source in drafts(content).values()]
    assert types == ["commentary", "news"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("marks = [1, 2]", "marks 的值格式不对"),
        ("colour = 1", "“colour”不认识"),
        ('marks = ["□"', "TOML 格式错误"),
        ('editor_code = "[("', "不是有效的正则表达式"),
    ],
)
def test_a_broken_conventions_file_is_named_with_its_fix(tmp_path, content, line, message):
    (content / "conventions.toml").write_text(f"[conventions]\n{line}\n", encoding="utf-8")
    with pytest.raises(ImportStopped, match=message):
        import_page(a_page(tmp_path), DATE, content)
    assert nothing_written(content)


def test_without_a_conventions_file_the_defaults_apply(tmp_path, content):
    os.remove(content / "conventions.toml")
    import_page(a_page(tmp_path), DATE, content)
    assert [s.fields["type"] for s in drafts(content).values()] == ["news", "commentary"]


TITLES = [
    "行长走进银行",
    "绿色发展 同心同行",
    "最美时光in上江",
    "6Q工作法让“互联网+”落地",
    "党员 签名承诺",
    "党员签名承诺",
    "嗯，这件事办成了",
    "一个很长很长的标题" * 5,
]


def test_the_site_slugs_are_the_titles_pinyin_found_cheaply(tmp_path):
    folder = tmp_path / "content" / "articles" / "2018-03-13"
    folder.mkdir(parents=True)
    for number, title in enumerate(TITLES):
        (folder / f"{number:02d}.md").write_text(f"Title: {title}\n\n正文。\n", encoding="utf-8")
    (folder / "99.md").write_text("Title: 别的\nSlug: zi-ding-yi\n\n正文。\n", encoding="utf-8")
    taken = slugs.site_slugs(tmp_path / "content")
    for title in TITLES:
        assert pinyin_slug(title, 60) in taken
        assert slugs.shorten(slugs.pinyin(title), 40) == pinyin_slug(title, 40)
    assert "zi-ding-yi" in taken
    assert "bie-de" not in taken  # its Slug: is what the site uses
    first = pinyin_slug(TITLES[0], 60)
    assert f"{first}-20180313" not in taken
    assert slugs.choose(TITLES[0], "2018-03-14", taken) == (f"{first}-20180314", True)
    assert slugs.choose("一个新标题", "2018-03-14", taken) == ("yi-ge-xin-biao-ti", False)


def test_replace_over_drafts_written_by_hand_writes_no_second_copy(content):
    shutil.copytree(ROOT / "content" / "articles", content / "articles")
    before = files_under(content / "articles")
    report = import_page(SEED_PAGE, "2018-03-13", content, replace=True)
    assert (
        files_under(content / "articles").keys()
        - {content / "articles" / "2018-03-13" / ".import.json"}
        == before.keys()
    )
    assert all(files_under(content / "articles")[path] == data for path, data in before.items())
    assert report.count("保留原样，新导入的这一篇没有写入") == 7


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--date", "2018-02-30"], "日期“2018-02-30”不存在"),
        (["--date", "../../x"], "日期“../../x”格式不对"),
        (["--date", "2018-03-13", "--replace", "--add-columns"], "文件是空的"),
    ],
)
def test_the_task_says_why_it_stopped_without_a_traceback(tmp_path, arguments, message):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    process = subprocess.run(
        [sys.executable, "-m", "invoke", "import-page", str(empty), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert process.returncode != 0
    assert f"导入停止：{message}" in process.stderr or message in process.stderr
    assert "Traceback" not in process.stderr + process.stdout

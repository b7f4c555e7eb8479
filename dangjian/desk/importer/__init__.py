"""`invoke import-page`: a printed page's text → draft articles.

decode → parse (layout → pieces, with conventions) → ledger (nothing lost or
invented) → slugs, manifest → write, and a report in Chinese. Nothing is written
unless every check passes.
"""

import datetime
import os
import re

from dangjian.model import Registries, display_path
from dangjian.paths import CONTENT

from . import newcolumns
from .decode import Unreadable, read_page
from .ledger import LedgerError, check_drafts, check_page
from .parse import parse_page
from .plan import carry_out, plan_drafts
from .plan import notes as replace_notes
from .write import report

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ImportStopped(Exception):
    """The page cannot be imported; the message (Chinese) says why and what to do."""


def registry(content):
    """(column names, (slug, names) of the organizations, the paper's conventions), read
    as the build reads them."""
    registries = Registries.load(str(content))
    if registries.problems:
        lines = "\n".join(str(problem) for problem in registries.problems)
        raise ImportStopped(f"登记文件有错误，请先改正：\n{lines}")
    names = [(org.slug, [org.name, *org.aliases]) for org in registries.organizations]
    return registries.column_names, names, registries.conventions


def check_date(date, where="用 --date"):
    """`date` if it is a real date written YYYY-MM-DD, else ImportStopped."""
    fix = f"{where}写见报日期，格式为 年-月-日 的数字，例如 --date 2018-03-13"
    if not ISO_DATE.match(date):
        raise ImportStopped(f"日期“{date}”格式不对 → {fix}。")
    try:
        datetime.date.fromisoformat(date)
    except ValueError as error:
        raise ImportStopped(f"日期“{date}”不存在（没有这一天）→ {fix}。") from error
    return date


def date_folder(content, date):
    articles = os.path.join(str(content), "articles")
    folder = os.path.join(articles, date)
    for path in (articles, folder):
        if os.path.exists(path) and not os.path.isdir(path):
            raise ImportStopped(
                f"{display_path(path)}: 这是一个文件，不是目录，稿件无法写进去 → "
                "把这个文件改名或移走后再导入；没有写入任何文件。"
            )
    return folder


def import_page(page_file, date="", content=CONTENT, *, replace=False, add_columns=False, ask=None):
    """Import `page_file` into content/articles/<date>/; returns the report.

    `replace`: re-import a date, replacing the drafts the editor has not touched.
    `add_columns`: register column heads the page prints and the registry lacks;
    `ask(question)` asks the editor instead (at a terminal).
    """
    if date:
        check_date(date)
    try:
        text, encoding = read_page(str(page_file))
    except Unreadable as error:
        raise ImportStopped(str(error)) from error
    columns, organizations, conventions = registry(content)
    page = parse_page(text, columns, organizations, date=date, conventions=conventions)
    page.encoding = f"编码 {encoding}"
    if not page.date:
        raise ImportStopped(
            f"{page_file}: 版面文本中没有印日期 → 用 --date 指定见报日期，例如 --date 2018-03-13。"
        )
    check_date(page.date, "版面上印的日期无法使用，请用 --date ")
    if not page.pieces:
        raise ImportStopped(f"{page_file}: 没有找到任何稿件 → 确认这是版面导出的文本。")
    try:
        check_page(text, page)
    except LedgerError as error:
        raise ImportStopped(str(error)) from error

    folder = date_folder(content, page.date)
    drafted = os.path.isdir(folder) and any(name.endswith(".md") for name in os.listdir(folder))
    if drafted and not replace:
        raise ImportStopped(
            f"{display_path(folder)}: 这一天已经有稿件，为避免重复导入，没有写入任何文件 → "
            "确认日期；要用新导出的版面重新导入这一天，加 --replace"
            "（没改过的草稿会被替换，改过的保留）。"
        )
    result = plan_drafts(page, content, folder)
    try:
        check_drafts(page, result.drafts)
    except LedgerError as error:
        raise ImportStopped(str(error)) from error

    first, last = replace_notes(page, result)
    first = columns_decision(page, content, add_columns, ask) + first
    try:
        carry_out(result, folder, os.path.basename(str(page_file)), encoding)
    except OSError as error:
        raise ImportStopped(
            f"{display_path(folder)}: 写入草稿时出错（{error.strerror}）→ 检查目录权限和磁盘空间，"
            "然后加 --replace 重新导入这一天。"
        ) from error
    shown = [
        display_path(os.path.join(folder, result.kept.get(number, name)))
        + ("（保留编辑改过的）" if number in result.kept else "")
        for number, name in enumerate(result.names, start=1)
    ]
    return report(page, shown, {"first": first, "last": last})


def columns_decision(page, content, add_columns, ask):
    """Register the unknown column heads, or say exactly how to (lines for the report)."""
    heads = list(page.unknown_columns)
    if not heads:
        return []
    listed = "、".join(f"“{head}”" for head in heads)
    if not add_columns and ask is not None:
        answer = ask(f"版面上有未登记的栏目头：{listed}。登记到 content/columns.toml？(y/n) ")
        add_columns = answer.strip().lower() in ("y", "yes", "是", "好")
    if add_columns:
        path = newcolumns.register(heads, content)
        return [f"已把栏目头{listed}登记到 {display_path(path)}，请补写每个栏目的 description"]
    lines = "\n".join(
        "      " + line
        for block in newcolumns.entries(heads, content)
        for line in [*block.rstrip("\n").split("\n"), ""]
    ).rstrip()
    return [
        f"未登记的栏目头：{listed}（稿件的 Category 已按印刷写上）。登记后才能发布："
        "重新运行时加 --add-columns，或把下面几行加到 content/columns.toml：\n" + lines
    ]

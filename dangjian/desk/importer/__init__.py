"""`invoke import-page`: a printed page's text → draft articles (parse → records → write)."""

import os

from dangjian.model import Registries, display_path
from dangjian.paths import CONTENT

from .parse import parse_page
from .write import report, write_page


class ImportStopped(Exception):
    """The page cannot be imported; the message (Chinese) says why and what to do."""


def registry(content):
    """Column names and (slug, names) of the organizations, read as the build reads them."""
    registries = Registries.load(str(content))
    if registries.problems:
        lines = "\n".join(str(problem) for problem in registries.problems)
        raise ImportStopped(f"登记文件有错误，请先改正：\n{lines}")
    names = [(org.slug, [org.name, *org.aliases]) for org in registries.organizations]
    return [column.name for column in registries.columns], names


def import_page(page_file, date="", content=CONTENT):
    """Import `page_file` into content/articles/<date>/; returns the report."""
    try:
        with open(page_file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ImportStopped(
            f"{page_file}: 无法读取（{error}）→ 确认文件存在并且是 UTF-8 编码；"
            f"GBK 文件先转换：iconv -f GBK -t UTF-8 '{page_file}' > page.txt"
        ) from error
    columns, organizations = registry(content)
    page = parse_page(text, columns, organizations, date=date)
    if not page.date:
        raise ImportStopped(
            f"{page_file}: 版面文本中没有印日期 → 用 --date 指定见报日期，例如 --date 2018-03-13。"
        )
    if not page.pieces:
        raise ImportStopped(f"{page_file}: 没有找到任何稿件 → 确认这是版面导出的文本。")
    folder = os.path.join(content, "articles", page.date)
    if os.path.isdir(folder) and any(name.endswith(".md") for name in os.listdir(folder)):
        raise ImportStopped(
            f"{display_path(folder)}: 这一天已经有稿件，为避免重复导入，没有写入任何文件 → "
            "确认日期；要重新导入，先把这个目录移走。"
        )
    return report(page, write_page(page, folder))

"""`invoke check`: every content rule the build runs, without building.

Prints one line per problem (file:line: field: what is wrong → how to fix), errors
first, then warnings, and returns 1 if there was any error (or, with `strict`, any
warning), 0 otherwise. CI runs it with `strict`.
"""

import sys
import time

from dangjian.model import check_site
from dangjian.paths import SETTINGS

from . import content_settings


def run_check(content=None, settings=SETTINGS, out=None, strict=False, today=None):
    out = out or sys.stdout
    started = time.monotonic()
    checked = check_site(content_settings(content, settings), today)
    errors, warnings = checked.errors, checked.warnings
    for problem in errors + warnings:
        print(problem, file=out)
    seconds = time.monotonic() - started
    read = (
        f"{checked.articles} 篇稿件、{checked.pages} 个页面、"
        f"{checked.organizations} 个党组织、{checked.columns} 个栏目"
    )
    also = f"，另有 {len(warnings)} 条警告" if warnings else ""
    if errors:
        print(
            f"\n检查未通过：发现 {len(errors)} 处问题{also}（已读 {read}，{seconds:.3f} 秒）。"
            "请按每行箭头后的方法修改，再运行 ./run check。",
            file=out,
        )
        return 1
    if warnings and strict:
        print(
            f"\n检查未通过（--strict：警告也算问题）：{len(warnings)} 条警告（已读 {read}，"
            f"{seconds:.3f} 秒）。请核对每一条，改正后再运行 ./run check --strict。",
            file=out,
        )
        return 1
    if warnings:
        print(
            f"\n检查通过：{read}，没有错误；有 {len(warnings)} 条警告，请逐条核对"
            f"（{seconds:.3f} 秒；CI 用 ./run check --strict，警告会使它不通过）。",
            file=out,
        )
        return 0
    print(f"检查通过：{read}，没有发现问题（{seconds:.3f} 秒）。", file=out)
    return 0

"""`invoke check`: every content rule the build runs, without building.

Prints one line per problem (file:line: field: what is wrong → how to fix) and
returns 1 if there was any, 0 otherwise.
"""

import sys
import time

from dangjian.model import check_site
from dangjian.paths import SETTINGS

from . import content_settings


def run_check(content=None, settings=SETTINGS, out=None):
    out = out or sys.stdout
    started = time.monotonic()
    checked = check_site(content_settings(content, settings))
    for problem in checked.problems:
        print(problem, file=out)
    seconds = time.monotonic() - started
    read = (
        f"{checked.articles} 篇稿件、{checked.pages} 个页面、"
        f"{checked.organizations} 个党组织、{checked.columns} 个栏目"
    )
    if checked.problems:
        print(
            f"\n检查未通过：发现 {len(checked.problems)} 处问题（已读 {read}，{seconds:.3f} 秒）。"
            "请按每行箭头后的方法修改，再运行 ./run check。",
            file=out,
        )
        return 1
    print(f"检查通过：{read}，没有发现问题（{seconds:.3f} 秒）。", file=out)
    return 0

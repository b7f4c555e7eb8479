"""Benchmark: seconds from saving an article to the reloaded page, on the seed site.

    .venv/bin/python -m tools.measure_reload [ROUNDS]

Copies content/ to a temporary folder, serves it with the preview server, opens
an article in headless Chromium (needs requirements-dev.txt and /usr/bin/chromium),
saves the article ROUNDS times and prints what the preview server measured.
"""

import shutil
import statistics
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

from . import devserver
from .build import ROOT, build_site

ARTICLE = Path("articles") / "2018-03-13" / "02-guanchao.md"


def measure(rounds=5):
    with tempfile.TemporaryDirectory() as folder:
        content, output = Path(folder) / "content", Path(folder) / "output"
        shutil.copytree(ROOT / "content", content)
        build = partial(build_site, output, content=content)
        assert build().ok
        server = devserver.start(output, build, watched=[content], port=0)
        host, port = server.server_address
        source = content / ARTICLE
        original = source.read_text(encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(
                f"http://{host}:{port}/articles/2018/03/jin-bei-yin-bei-bu-ru-qun-zhong-de-hao-kou-bei/"
            )
            for number in range(1, rounds + 1):
                page.wait_for_function("window.buildEvents && window.buildEvents.readyState === 1")
                marker = f"测量第{number}次"
                source.write_text(original + f"\n{marker}\n", encoding="utf-8")
                page.wait_for_selector(f"text={marker}", timeout=60_000)
                while number not in server.events.reload_seconds:
                    threading.Event().wait(0.05)
            browser.close()
        devserver.stop(server)
        return list(server.events.reload_seconds.values())


if __name__ == "__main__":
    seconds = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    print(
        f"保存到页面刷新（{len(seconds)} 次）：中位数 {statistics.median(seconds):.2f} 秒，"
        f"最慢 {max(seconds):.2f} 秒"
    )

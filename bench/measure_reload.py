"""Benchmark: seconds from saving an article to the reloaded page in `invoke serve`.

    .venv/bin/python -m bench.measure_reload [--rounds 5] [--articles N]

Copies content/ (or, with --articles N, writes the synthetic corpus of bench/corpus.py
with N articles) to a temporary folder, builds it, serves it with the preview server
and its fast path (tools/preview.py), opens an article in headless Chromium (needs
requirements-dev.txt and /usr/bin/chromium), saves a new paragraph into it ROUNDS
times, a few seconds apart, and prints what the preview server measured. The full
builds the saves start run in the background meanwhile, as they do for an editor.
"""

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

from markupsafe import escape
from playwright.sync_api import sync_playwright

from bench.corpus import generate
from dangjian.build.pipeline import build_site
from dangjian.paths import ROOT
from dangjian.preview import server as devserver
from dangjian.preview import warm as preview

SEED_ARTICLE = Path("articles") / "2018-03-13" / "02-guanchao.md"
PAUSE = 3  # seconds between saves: reading the reloaded page


def article_url(source, output):
    """The URL path of the page of the article in `source`, found by its title."""
    title = next(
        line.partition(":")[2].strip()
        for line in source.read_text(encoding="utf-8").splitlines()
        if line.startswith("Title:")
    )
    heading = f">{escape(title)}</h1>"
    for page in sorted((output / "articles").rglob("index.html")):
        if heading in page.read_text(encoding="utf-8"):
            return "/" + str(page.parent.relative_to(output)) + "/"
    raise LookupError(f"no page for {source}")


def measure(rounds=5, articles=None):
    """(save → reloaded page seconds of each round, first build seconds, warm-up seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        if articles:
            content = generate(folder / "corpus", articles)
            sources = sorted((content / "articles").rglob("*.md"))
            source = sources[len(sources) // 2]
        else:
            content = folder / "content"
            shutil.copytree(ROOT / "content", content)
            source = content / SEED_ARTICLE
        output = folder / "output"
        build = partial(build_site, output, content=content)
        result = build()
        assert result.ok, result.log
        started = time.monotonic()
        warm = partial(preview.WarmSite, content=content)
        server = devserver.start(output, build, watched=[content], port=0, warm=warm)
        while server.preview.warm is None:  # the warm Pelican reading the site
            time.sleep(0.1)
        warm_seconds = time.monotonic() - started
        host, port = server.server_address
        original = source.read_text(encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(f"http://{host}:{port}{article_url(source, output)}")
            for number in range(1, rounds + 1):
                page.wait_for_function("window.buildEvents && window.buildEvents.readyState === 1")
                reloads = len(server.events.reload_seconds)
                marker = f"测量第{number}次"
                source.write_text(original + f"\n{marker}\n", encoding="utf-8")
                page.wait_for_selector(f"text={marker}", timeout=120_000)
                while len(server.events.reload_seconds) == reloads:
                    threading.Event().wait(0.05)
                time.sleep(PAUSE)
            browser.close()
        devserver.stop(server)  # after the last full build
        return list(server.events.reload_seconds.values()), result.seconds, warm_seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=int, help="a synthetic corpus of N articles")
    args = parser.parse_args(argv)
    seconds, build_seconds, warm_seconds = measure(args.rounds, args.articles)
    site = f"合成语料 {args.articles} 篇" if args.articles else "样例版面"
    print(
        f"{site}：完整构建 {build_seconds:.1f} 秒，预览进程读入网站 {warm_seconds:.1f} 秒；"
        f"保存到页面刷新（{len(seconds)} 次）：中位数 {statistics.median(seconds):.2f} 秒，"
        f"最慢 {max(seconds):.2f} 秒"
    )


if __name__ == "__main__":
    main()

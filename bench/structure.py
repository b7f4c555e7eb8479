"""Benchmark: what a Markdown body's structure costs, and what the structure limits keep.

    .venv/bin/python -m bench.structure [--build] [--quick]

Prints, for inputs that grow, the seconds Python-Markdown (the build's converter, with
the site's MARKDOWN settings) takes, and the seconds `./run check` takes to refuse them
(dangjian/model/structure.py). With --build, also the time of a whole build (Pelican,
the steps, the search index) of the issue's case, 100,000 headings on consecutive
lines, against the largest bodies the limits let through. --quick: smaller sizes.
"""

import argparse
import io
import shutil
import tempfile
import time
from pathlib import Path

from dangjian.build.pipeline import build_site
from dangjian.desk import content_settings
from dangjian.desk.check import run_check
from dangjian.model import markdown_renderer
from dangjian.model.structure import MAX_BLOCK_LINES, MAX_LINES
from dangjian.paths import ROOT

HEADER = "Title: 结构\nDate: 2018-03-13\nCategory: 视点\nType: news\nAuthor: 记者\n\n"
# name → (what one unit is, a body of n units)
INPUTS = {
    "headings, no blank line": lambda n: "# 标题\n" * n,
    "headings, a blank line each": lambda n: "# 标题\n\n" * n,
    "setext headings, no blank line": lambda n: "标题\n===\n" * n,
    "unclosed [ in one paragraph": lambda n: "[" * n,
    "unclosed [a]( in one paragraph": lambda n: "[a](" * n,
    "nested list (tabs)": lambda n: "".join("\t" * i + "- x\n" for i in range(n)),
}
SIZES = {
    "headings, no blank line": (2_000, 4_000, 8_000),
    "headings, a blank line each": (10_000, 20_000, 40_000),
    "setext headings, no blank line": (1_000, 2_000, 4_000),
    "unclosed [ in one paragraph": (1_000, 2_000, 4_000),
    "unclosed [a]( in one paragraph": (1_000, 2_000, 4_000),
    "nested list (tabs)": (100, 200, 250),
}
# The largest bodies of each shape the limits accept: MAX_LINES lines of headings in
# blocks of MAX_BLOCK_LINES, and one of the same lines with a blank line between each.
ACCEPTED = {
    "10,000 headings in blocks of 200": "\n\n".join(
        ["# 标题\n" * MAX_BLOCK_LINES] * (MAX_LINES // MAX_BLOCK_LINES)
    ),
    "10,000 headings, a blank line each": "# 标题\n\n" * MAX_LINES,
}


def convert_seconds(render, body):
    started = time.perf_counter()
    try:
        render(body)
    except RecursionError:
        return None
    return time.perf_counter() - started


def content_folder(folder, body):
    content = Path(folder) / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "columns.toml", content)
    (content / "articles" / "a.md").write_text(HEADER + body, encoding="utf-8")
    return content


def check_seconds(body):
    with tempfile.TemporaryDirectory() as folder:
        content = content_folder(folder, body)
        started = time.perf_counter()
        status = run_check(content, out=io.StringIO())
        return status, time.perf_counter() - started


def build_seconds(body):
    with tempfile.TemporaryDirectory() as folder:
        content = content_folder(folder, body)
        started = time.perf_counter()
        result = build_site(Path(folder) / "output", content=content)
        return result.ok, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", action="store_true", help="time whole builds too")
    parser.add_argument("--quick", action="store_true", help="the smallest sizes only")
    args = parser.parse_args()
    render = markdown_renderer(content_settings())
    print("Markdown conversion (seconds) as the input grows; ./run check on the largest")
    for name, make in INPUTS.items():
        sizes = SIZES[name][:2] if args.quick else SIZES[name]
        times = []
        for n in sizes:
            seconds = convert_seconds(render, make(n))
            times.append(
                f"{n:>7,}: " + ("RecursionError" if seconds is None else f"{seconds:6.2f}")
            )
        status, seconds = check_seconds(make(sizes[-1]))
        verdict = "refused" if status else "accepted"
        print(f"  {name:32} {'  '.join(times)}   check: {verdict} in {seconds:.2f}")
    status, seconds = check_seconds(INPUTS["headings, no blank line"](100_000))
    print(
        f"  the issue's case, 100,000 headings: check {'refused' if status else 'accepted'}"
        f" in {seconds:.2f} s"
    )
    for name, body in ACCEPTED.items():
        status, seconds = check_seconds(body)
        converted = convert_seconds(render, body)
        print(
            f"  accepted at the limits, {name}: check {'refused' if status else 'passes'}"
            f" in {seconds:.2f} s, conversion {converted:.2f} s"
        )
    if args.build:
        print("Whole builds (seconds):")
        for name, body in [
            ("100,000 headings, no blank line (refused by the check)", "# 标题\n" * 100_000),
            *ACCEPTED.items(),
        ]:
            ok, seconds = build_seconds(body)
            print(f"  {name}: {'built' if ok else 'stopped'} in {seconds:.1f}")


if __name__ == "__main__":
    main()

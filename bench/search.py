"""Search index benchmark: the index step alone, its time, CPU, memory and size.

    .venv/bin/python -m bench.search [N ...] [--runs 3] [--baseline DIR]

For each N (default 5000), builds a synthetic corpus (bench/corpus.py) with our build
(dangjian/build/pipeline.py, which indexes too) into a temporary folder, then indexes the built site
again, from nothing (no cache), `--runs` times: each run a fresh process measured with
bench/measure.py (wall seconds, CPU seconds and peak memory of its whole process tree).
With --baseline DIR, another checkout of the project (with .venv and node_modules) indexes
the same site in turns with ours: the index step before and after a change. Prints the
figures and the size of our index. A benchmark, not a test.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.corpus import generate
from bench.measure import measure
from dangjian.build.pipeline import build_site
from dangjian.build.search import BUNDLE_DIR
from dangjian.paths import ROOT

CODE = {".js", ".css", ".pagefind"}  # Pagefind's own scripts and WebAssembly, the same for any site
# The index step, as the checkout measured has it (a baseline may be older than the package).
INDEX = (
    "import os, sys\n"
    "if os.path.isdir('dangjian'): from dangjian.build.search import index_site\n"
    "else: sys.path.insert(0, os.getcwd()); from tools.search import index_site\n"
    "print(index_site(sys.argv[1], cache=None))"
)


def size(folder, code):
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files if (path.suffix in CODE) == code)


def machine_load():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    checkouts = {"ours": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    print(f"uptime at the start: {machine_load()}", flush=True)
    for articles in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
            content = generate(Path(folder), articles)
            output = Path(folder) / "output"
            result = build_site(output, content=content)
            if not result.ok:
                sys.exit(f"build failed\n{result.log}")
            runs = {name: [] for name in checkouts}
            for _ in range(args.runs):
                for name, checkout in checkouts.items():
                    command = [checkout / ".venv" / "bin" / "python", "-c", INDEX, output]
                    measured = measure(command, cwd=checkout)
                    if measured.returncode != 0:
                        sys.exit(f"{name}: indexing failed\n{measured.log}")
                    runs[name].append(measured)
                    print(f"  {articles} {name}: {measured.log.strip()}", flush=True)
            print(f"\n### N = {articles:,}: the index step alone, from nothing\n")
            print("| code | median s | range s | CPU s | peak MB |\n|---|---|---|---|---|")
            for name, measured in runs.items():
                seconds = [m.seconds for m in measured]
                print(
                    f"| {name} | {statistics.median(seconds):.2f} "
                    f"| {min(seconds):.2f}–{max(seconds):.2f} "
                    f"| {statistics.median([m.cpu for m in measured]):.1f} "
                    f"| {statistics.median([m.memory for m in measured]) / 2**20:,.0f} |"
                )
            bundle = output / BUNDLE_DIR
            print(
                f"\nour index: {size(bundle, code=False) / 1e6:.2f} MB "
                f"+ {size(bundle, code=True) / 1e6:.2f} MB Pagefind scripts",
                flush=True,
            )
    print(f"uptime at the end: {machine_load()}")


if __name__ == "__main__":
    main()

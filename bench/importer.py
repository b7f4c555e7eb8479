"""How fast a page imports: the real pages (../shared/real-pages, when present), synthetic
pages of 10 to 1,000 pieces (linear in size), and a 50 MB file refused.

    .venv/bin/python -m bench.importer [--pieces 10,100,1000] [--runs 3]

Times are the import itself (read, parse, check, write, report), in this process; starting
`./run` (Python, invoke, Pelican's imports) adds about a second before it.
"""

import argparse
import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.printed_pages import paragraph
from dangjian.desk.importer import ImportStopped, import_page
from dangjian.paths import ROOT

PAGES = ROOT.parent / "shared" / "real-pages"
DATE = "2025-01-07"


def synthetic_page(pieces):
    """A page of `pieces` pieces of invented text, one paragraph a line."""
    lines = []
    for n in range(pieces):
        kind = n % 4
        if kind == 0:
            lines += ["前沿观察", f"第{n}篇：讲亲情，也不能逾越底线", "本报记者  张  洋  刘洪超"]
        elif kind == 1:
            lines += ["金台潮声", f"第{n}篇评论要立足解决问题", "耿  磊"]
        elif kind == 2:
            lines += ["监督哨", f"第{n}笔救助款"]
        else:
            lines += [f"图片{n} 助农暖人心", paragraph(n * 10 + 7, 1 + n % 5), "曹建雄摄"]
            continue
        lines += [paragraph(n * 10 + k, 1 + k % 5) for k in range(6)]
        lines += ["（陆  伟）"] if kind == 2 else []
    return "\n\n".join(lines) + "\n"


def fresh_content(folder):
    content = Path(folder) / "content"
    content.mkdir()
    for name in ("columns.toml", "conventions.toml"):
        shutil.copy(ROOT / "content" / name, content)
    shutil.copytree(ROOT / "content" / "branches", content / "branches")
    return content


def timed_import(path, date, runs):
    """The fastest of `runs` imports of `path`, each into a fresh content folder (seconds)."""
    best = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            content = fresh_content(folder)
            start = time.perf_counter()
            import_page(path, date, content)
            elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pieces", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        real = sorted(PAGES.glob("*.txt")) if PAGES.is_dir() else []
        for path in real:
            size = path.stat().st_size
            seconds = timed_import(
                path, f"{path.stem[5:9]}-{path.stem[9:11]}-{path.stem[11:13]}", args.runs
            )
            print(f"real page {path.stem}: {size / 1024:.0f} KB, {seconds * 1000:.0f} ms")
        if not real:
            print(f"(no real pages in {PAGES})")
        for pieces in (int(n) for n in args.pieces.split(",")):
            path = Path(scratch) / f"synthetic-{pieces}.txt"
            path.write_text(synthetic_page(pieces), encoding="utf-8")
            size = path.stat().st_size
            seconds = timed_import(path, DATE, args.runs)
            print(
                f"synthetic page, {pieces} pieces: {size / 1024:.0f} KB, {seconds * 1000:.0f} ms"
                f" ({seconds / pieces * 1000:.2f} ms a piece)"
            )
        huge = Path(scratch) / "huge.txt"
        with open(huge, "wb") as handle:
            handle.truncate(50 * 1024 * 1024)
        start = time.perf_counter()
        with contextlib.suppress(ImportStopped):
            import_page(huge, DATE, os.path.join(scratch, "no-content"))
        print(f"50 MB file refused in {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()

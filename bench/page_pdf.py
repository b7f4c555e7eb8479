"""What a day's page PDF costs the build: drawing it as the page image, and the cache.

    python -m bench.page_pdf [RUNS]

Makes a page PDF as a layout system would export it (vector text with embedded CJK fonts,
a broadsheet page 350 × 500 mm): the seed day's text set in six columns by Debian's
Chromium. Then times, RUNS times each (default 5): measuring it (what `./run check` does
for an Area), drawing it 1200 px wide as JPEG (dangjian/site/page_images.draw_pdf, what
a build does once per PDF), its 600 px copy, and a build's use of the cache instead (the
source's hash and a copy).
"""

import html
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from dangjian.model.page_files import PDF_IMAGE_WIDTH, pdf_image_size, pdf_page_size
from dangjian.paths import ROOT
from dangjian.site import page_images

CHROMIUM = "/usr/bin/chromium"
SEED = ROOT / "content" / "articles" / "2018-03-13"


def page_html():
    pieces = []
    for path in sorted(SEED.glob("*.md")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        title = next(line[7:] for line in header.splitlines() if line.startswith("Title: "))
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p)
        pieces.append(f"<h2>{html.escape(title)}</h2>{paragraphs}")
    return (
        "<html lang=zh-CN><style>@page{size:350mm 500mm;margin:12mm}"
        "body{font:9pt/1.5 'Noto Serif CJK SC',serif;column-count:6;column-gap:5mm}"
        "h1{column-span:all;font-size:40pt;color:#b3261e;border-bottom:3px double #b3261e}"
        "h2{font:bold 16pt 'Noto Sans CJK SC',sans-serif}p{text-indent:2em;margin:0}</style>"
        f"<h1>党建</h1>{''.join(pieces * 2)}</html>"
    )


def make_pdf(path):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(page_html())
        page.pdf(path=str(path), width="350mm", height="500mm", print_background=True)
        browser.close()


def timed(function, runs):
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds) * 1000, min(seconds) * 1000, max(seconds) * 1000


def main(runs=5):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        pdf, drawn, copy = folder / "page.pdf", folder / "page.jpg", folder / "page-600.jpg"
        make_pdf(pdf)
        size = pdf_image_size(str(pdf))
        small = (600, round(size[1] * 600 / size[0]))
        settings = {"PAGE_IMAGE_CACHE_PATH": str(folder / "cache")}
        page_images.produce(settings, "pdf", str(pdf), size, page_images.draw_pdf, str(drawn))
        figures = {
            "measure (check)": timed(lambda: pdf_page_size(str(pdf)), runs),
            f"draw {PDF_IMAGE_WIDTH} px JPEG": timed(
                lambda: page_images.draw_pdf(str(pdf), size, 85, str(drawn)), runs
            ),
            "600 px copy": timed(
                lambda: page_images.draw_smaller(str(drawn), small, 85, str(copy)), runs
            ),
            "from the cache": timed(
                lambda: page_images.produce(
                    settings, "pdf", str(pdf), size, page_images.draw_pdf, str(drawn)
                ),
                runs,
            ),
        }
        print(
            f"page PDF: {pdf.stat().st_size / 1e6:.2f} MB, drawn {size[0]}×{size[1]} px "
            f"({drawn.stat().st_size / 1e3:.0f} KB JPEG), copy {small[0]}×{small[1]} "
            f"({copy.stat().st_size / 1e3:.0f} KB)"
        )
        for what, (median, low, high) in figures.items():
            print(f"{what:<20} median {median:7.1f} ms  ({low:.1f}–{high:.1f}, {runs} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)

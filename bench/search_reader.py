"""What a reader's first search costs, in bytes and requests, for each layout of bundles.

    .venv/bin/python -m bench.search_reader SITE [--layouts 2000:0 1600:250 ...] [--queries …]

SITE is a built site (e.g. a bench corpus built with `python -m dangjian.build.pipeline
--content DIR --output SITE`). For each layout PAGES:STEP (dangjian.build.search's
PAGES_PER_BUNDLE and NEWEST_BUNDLE_STEP, 0 for no newest bundle), the site's index is made
again in a copy, served on a local port, and headless Chromium opens /search/?q=… in a fresh
context (an empty cache) for each query: the requests under /pagefind/ and their bytes
(as transferred: uncompressed here, where nginx would compress the JSON) until the results
are listed. A benchmark, not a test.
"""

import argparse
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from dangjian.build import search
from tests.support import CHROMIUM, serve

QUERIES = ["党组织", "主题党日", "乡村振兴 合作社"]


def first_search(browser, base, query):
    """(requests, bytes) under /pagefind/ for a first search of `query`."""
    context = browser.new_context()
    page = context.new_page()
    fetched = []

    def finished(request):
        if "/pagefind/" in request.url:
            response = request.response()
            fetched.append(len(response.body()) if response else 0)

    page.on("requestfinished", finished)
    page.goto(f"{base}/search/?q={quote(query)}")
    page.wait_for_selector(".search-result, .search-status:not(:empty)", timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return len(fetched), sum(fetched)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--layouts", nargs="+", default=["2000:0", "1600:250"])
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    args = parser.parse_args(argv)
    scratch = tempfile.TemporaryDirectory(prefix="bench-search-reader-")
    with scratch as folder, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        print("| bundles (pages each) | query | requests | KB |\n|---|---|---|---|")
        for layout in args.layouts:
            pages, step = (int(value) for value in layout.split(":"))
            site = Path(folder) / layout.replace(":", "-")
            shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(search.BUNDLE_DIR))
            search.index_site(site, pages_per_bundle=pages, cache=None, newest_step=step or None)
            sizes = [
                len(bundle)
                for bundle in search.in_bundles(search.pages_in_date_order(site), pages, step)
            ]
            base, httpd = serve(site)
            try:
                for query in args.queries:
                    requests, size = first_search(browser, base, query)
                    shape = f"{len(sizes)} ({', '.join(map(str, sizes))})"
                    print(f"| {shape} | {query} | {requests} | {size / 1024:,.0f} |", flush=True)
            finally:
                httpd.shutdown()
                httpd.server_close()
        browser.close()


if __name__ == "__main__":
    main()

"""Search index benchmark: index time and size for the site and for a synthetic corpus.

    .venv/bin/python -m bench.search [N]      N articles in the synthetic corpus (default 5000)

Builds the real site and a corpus from bench/corpus.py with our build (tools/build.py, which
indexes too) into a temporary folder, then indexes each built site once more, timed, and
prints the time (pages cut, their words marked and indexed by Pagefind's Node API, see
tools/search.py) and the size of the index. A benchmark, not a test: it prints figures.
"""

import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate
from tools.build import build_site
from tools.search import BUNDLE_DIR, index_site

CODE = {".js", ".css", ".pagefind"}  # Pagefind's own scripts and WebAssembly, the same for any site


def size(folder, code):
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files if (path.suffix in CODE) == code)


def measure(label, output, content=None):
    started = time.monotonic()
    result = build_site(output, content=content)
    build_seconds = time.monotonic() - started
    if not result.ok:
        sys.exit(f"{label}: build failed\n{result.log}")
    started = time.monotonic()
    index = index_site(output, cache=None)
    seconds = time.monotonic() - started
    bundle = output / BUNDLE_DIR
    print(
        f"{label}: {index.pages} pages indexed, in {index.bundles} bundles, in {seconds:.1f} s "
        f"index {size(bundle, code=False) / 1e6:.2f} MB "
        f"+ {size(bundle, code=True) / 1e6:.2f} MB Pagefind scripts; "
        f"whole build {build_seconds:.1f} s"
    )


def main():
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        folder = Path(folder)
        measure("site", folder / "site")
        content = generate(folder / "corpus", articles)
        measure(f"synthetic corpus, {articles} articles", folder / "corpus" / "output", content)


if __name__ == "__main__":
    main()

"""The search index: Pagefind run over a built site, after Pelican and before it goes live.

Pagefind's extended build (Chinese word segmentation) comes from npm (package.json, pinned;
`./run` installs it with `npm ci`). The npm release segments Chinese better than the PyPI
one on our query set (tests/search_queries.toml; see the README). It writes the index and
its JavaScript to <site>/pagefind/, which theme/static/js/search.js loads on /search/.

Only what the templates mark is indexed: the article element of published article pages
(data-pagefind-body), minus the parts marked data-pagefind-ignore.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
BUNDLE_DIR = "pagefind"  # under the site; search.html loads it from {SITEURL}/pagefind/
INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(Exception):
    """The index could not be built; the message says why and what to do, in Chinese."""


def index_site(site_dir):
    """Index the built site in `site_dir` in place; return how many pages were indexed.

    Raises SearchIndexError when Pagefind is missing, fails, or finds no article to index.
    """
    if not PAGEFIND.exists():
        raise SearchIndexError(
            f"找不到搜索索引工具 Pagefind（{PAGEFIND.relative_to(ROOT)}）。"
            "请在项目根目录运行 npm ci（./run 会自动安装），再重新构建。"
        )
    process = subprocess.run(
        [str(PAGEFIND), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    log = (process.stdout + process.stderr).strip()
    indexed = INDEXED_PAGES.search(log)
    if process.returncode != 0 or not indexed:
        raise SearchIndexError(f"建立搜索索引失败，网站没有更新。Pagefind 的输出：\n{log}")
    return int(indexed.group(1))

"""Settings for the production build (`invoke publish`): pelicanconf.py plus these.

SITEURL is the published address, given in the environment, e.g.
    SITEURL=https://dangjian.example.cn invoke publish
"""

import os
import runpy
import sys
from pathlib import Path

from dangjian.urls import site_url_problem

# Every setting of pelicanconf.py (read by path: Pelican loads this file by path too).
local_settings = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update({name: value for name, value in local_settings.items() if name.isupper()})

SITEURL = os.environ.get("SITEURL", "").strip().rstrip("/")
# Read by Pelican in the build's child process: these messages are its whole output.
if not SITEURL:
    sys.exit(
        "没有设置网站的正式地址 SITEURL（SITEURL is not set to an absolute URL）：\n"
        "正式构建的链接和订阅源都需要完整地址。请在环境变量中设置，例如：\n"
        "    SITEURL=https://dangjian.example.cn ./run publish"
    )
if site_url_problem(SITEURL):
    sys.exit(
        f"网站的正式地址不能用：{site_url_problem(SITEURL)}（SITEURL is not a valid http(s) "
        "address）。网站没有生成。\n请改正环境变量，例如：\n"
        "    SITEURL=https://dangjian.example.cn ./run publish"
    )
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# Drafts are previews for editors, never part of the public site.
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
# Pelican's content cache and the render cache stay on (pelicanconf.py): a build with
# them writes the same bytes as one from nothing (tests/pipeline/test_incremental.py).

# deploy/nginx.conf's Content-Security-Policy (pelicanconf.py's SECURITY_POLICY), also
# in each page's <meta> for hosts that send no headers (GitHub Pages).
CONTENT_SECURITY_POLICY = local_settings["SECURITY_POLICY"]

# .gz and .br beside every text file, for nginx's gzip_static and brotli_static.
# Both compressors are deterministic (gzip with mtime 0): equal sites, equal bytes.
PLUGINS = [*local_settings["PLUGINS"], "precompress"]
PRECOMPRESS_GZIP = PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_TEXT_EXTENSIONS = {".css", ".html", ".js", ".json", ".svg", ".txt", ".xml"}

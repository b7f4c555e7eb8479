"""Vanilla Pelican for the build benchmark: its default theme, no plugins, the same Markdown.

Only what the corpus needs to be read at all (the articles folder: the branch registry and
columns.toml are not content to vanilla Pelican; the time zone) and what a Pelican user
would set for this site and its search: the pages' language (Chinese, so that Pagefind cuts
the text into Chinese words and a reader's query finds them) and the articles' addresses
(articles/YYYY/MM/slug/, ours, so that Pagefind can be told to index only the articles).
Everything else is Pelican's default, including its content cache settings (the benchmark
overrides them). PLUGINS = [] matters: without it Pelican loads every namespace plugin
installed (pelican-precompress …); bench/build.py checks that none is loaded.
"""

SITENAME = "党建版"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["articles"]
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
ARTICLE_URL = "articles/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PLUGINS = []
PLUGIN_PATHS = []

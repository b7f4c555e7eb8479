"""Vanilla Pelican for the build benchmark: its default theme, no plugins, the same Markdown.

Only what the corpus needs to be read at all: the articles folder (the branch registry and
columns.toml are not content to vanilla Pelican) and the time zone. Everything else is
Pelican's default, including its content cache settings (the benchmark overrides them).
"""

SITENAME = "党建版"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["articles"]
TIMEZONE = "Asia/Shanghai"
PLUGINS = []
PLUGIN_PATHS = []

"""The synthetic corpus as a Hugo site, for peer B of the build benchmark (bench/build.py).

    python -m bench.hugo CONTENT_DIR SITE_DIR     writes SITE_DIR (hugo.toml, layouts, content)

Each article of bench/corpus.py becomes a Hugo page with the same Markdown body and its
metadata as JSON front matter: title, date, slug, the column as a category, tags and the
author (or photographer) as taxonomies, the rest as page parameters. Hugo ships no theme,
so SITE_DIR gets a small one in the spirit of Pelican's default: a base template, article
pages (title, date, author, column and tag links, body), paginated listings with summaries
for the home page, the column, tag and author pages, and Hugo's own RSS feeds and sitemap.
Articles go to the same addresses as ours (articles/YYYY/MM/slug/), the language is
Chinese (zh-CN, hasCJKLanguage), as a Hugo user would set them for this paper.
"""

import json
import shutil
import sys
from pathlib import Path

HUGO = shutil.which("hugo") or "/usr/bin/hugo"

CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
title = "党建版"
timeZone = "Asia/Shanghai"
paginate = 20

[permalinks]
articles = "/articles/:year/:month/:slug/"

[taxonomies]
category = "categories"
tag = "tags"
author = "authors"
"""

BASE = """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" -}}
<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">
{{- end }}
</head>
<body>
<header><h1><a href="/">{{ site.Title }}</a></h1>
<nav><ul>{{ range site.Taxonomies.categories -}}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>
{{- end }}</ul></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
{{ range .GetTerms "authors" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "categories" }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>{{ end }}
"""

LIST = """\
{{ define "main" }}<h2>{{ .Title }}</h2>
{{ $pages := .RegularPages }}
{{- if .IsHome }}{{ $pages = where site.RegularPages "Section" "articles" }}{{ end }}
{{ $paginator := .Paginate $pages }}
{{ range $paginator.Pages }}<article><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p><time>{{ .Date.Format "2006-01-02" }}</time></p>
<div>{{ .Summary }}</div></article>
{{ end }}
{{ with $paginator.Prev }}<a href="{{ .URL }}">上一页</a>{{ end }}
{{ with $paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}{{ end }}
"""

TERMS = """\
{{ define "main" }}<h2>{{ .Title }}</h2><ul>
{{ range .Data.Terms.Alphabetical -}}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{- end }}
</ul>{{ end }}
"""

LAYOUTS = {
    "_default/baseof.html": BASE,
    "_default/single.html": SINGLE,
    "_default/list.html": LIST,
    "_default/terms.html": TERMS,
    "index.html": LIST,
}


def front_matter(text):
    """(metadata, body) of a corpus article."""
    head, _, body = text.partition("\n\n")
    metadata = dict(line.split(": ", 1) for line in head.splitlines())
    return metadata, body


def convert(text):
    metadata, body = front_matter(text)
    front = {
        "title": metadata.pop("Title"),
        "date": metadata.pop("Date"),
        "slug": metadata.pop("Slug"),
        "categories": [metadata.pop("Category")],
        "tags": [tag.strip() for tag in metadata.pop("Tags", "").split(",") if tag.strip()],
    }
    author = metadata.pop("Author", None) or metadata.pop("Photographer", None)
    if author:
        front["authors"] = [author]
    front["params"] = {key.lower(): value for key, value in metadata.items()}
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + body


def write_site(content, site_dir):
    """Write the Hugo site of the corpus in `content` to `site_dir` (replacing it)."""
    content, site_dir = Path(content), Path(site_dir)
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True)
    (site_dir / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = site_dir / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for source in sorted((content / "articles").rglob("*.md")):
        target = site_dir / "content" / "articles" / source.relative_to(content / "articles")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(convert(source.read_text(encoding="utf-8")), encoding="utf-8")
    return site_dir


def command(site_dir, output):
    """The command that builds the Hugo site into `output`, as a user would run it."""
    return [HUGO, "--source", str(site_dir), "--destination", str(output), "--quiet"]


if __name__ == "__main__":
    print(write_site(sys.argv[1], sys.argv[2]))

"""Hostile content: nothing outside content/ is published, no script from content runs.

Each case is a content folder an attacker (or a careless editor) could commit. It is
either refused by `./run check` with a message naming the file (and the build, which
runs the same check first, stops and keeps the last good site), or built, and then
every file of the built site is scanned (tests/output_safety.py): no event handler, no
`javascript:` address, no frame, no foreign form or refresh, no inline script from
content, and none of the secret markers planted outside content/.
"""

import io
import os
import runpy
import shutil

import markdown
import pytest
from bs4 import BeautifulSoup
from output_safety import (
    LEFT_OVER,
    TEXT_FILES,
    UNSAFE,
    feed_fragments,
    scan_site,
    unsafe_markup,
)
from PIL import Image

from dangjian.build.pipeline import build_site
from dangjian.desk.check import run_check
from dangjian.model.sanitize import clean, markdown_renderer
from dangjian.model.sources import parse
from dangjian.model.structure import structure_problems
from support import ROOT, Site, article, branch

SECRET = "SECRET-MARKER-5b2f9e"  # in files beside content/, never to be published
ENV_SECRET = "ENV-SECRET-MARKER-c81d"  # in the build's environment (/proc/self/environ)
OUTSIDE = "{outside}"  # stands for the folder beside content/ that holds the secrets
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
RST = ".. raw:: html\n\n   <script>alert('rst')</script>\n"
SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def page_image():
    """A real PNG (the page files are opened to know their size)."""
    data = io.BytesIO()
    Image.new("RGB", (40, 60), "white").save(data, "PNG")
    return data.getvalue()


def link(target):
    return ("symlink", target)


def body(text):
    return {"articles/a.md": article(body=text)}


def header(extra):
    return {"articles/a.md": article().replace("Type: news", f"Type: news\n{extra}")}


def summary(text):
    return {"articles/a.md": article().replace("Type: news", f"Type: news\nSummary: {text}")}


def photo(field, value):
    text = article().replace("Type: news", f"Type: photo\nPhotographer: 甲乙\n{field}: {value}")
    return {"articles/a.md": text.replace("Author: 测试记者\n", "")}


RAW_HTML = "正文中有不允许的 HTML"
OUTSIDE_LINK = "符号链接指向 content/ 之外"

# name → (files under content/, fragments the check's report must hold)
REFUSED = {
    # 1. Symbolic links out of content/ (to secrets, the environment, system folders)
    "a picture linked to a secret file": (
        {"images/a.jpg": link(f"{OUTSIDE}/secret.jpg")}, ["images/a.jpg: 文件:", OUTSIDE_LINK]),
    "a relative link up and out": (
        {"images/b.jpg": link("../../outside/secret.jpg")}, ["images/b.jpg", OUTSIDE_LINK]),
    "a link to the checkout's git config": (
        {"images/config": link(f"{OUTSIDE}/dot-git/config")}, ["images/config", OUTSIDE_LINK]),
    "a link to the build's environment": (
        {"images/env.jpg": link("/proc/self/environ")}, ["images/env.jpg", "/proc/self/environ"]),
    "a folder linked to /etc": ({"images/etc": link("/etc")}, ["images/etc", OUTSIDE_LINK]),
    "a folder linked to a folder of secrets": (
        {"images/more": link(OUTSIDE)}, ["images/more", OUTSIDE_LINK]),
    "an article linked from outside": (
        {"articles/a.md": link(f"{OUTSIDE}/article.md")}, ["articles/a.md", OUTSIDE_LINK]),
    "a chain of links, the last one out": (
        {"images/c.jpg": link("d.jpg"), "images/d.jpg": link(f"{OUTSIDE}/secret.jpg")},
        ["images/c.jpg", "images/d.jpg", OUTSIDE_LINK]),
    "a registry file linked from outside": (
        {"branches/x.md": link(f"{OUTSIDE}/branch.md")}, ["branches/x.md", OUTSIDE_LINK]),
    "the column registry linked from outside": (
        {"columns.toml": link(f"{OUTSIDE}/columns.toml"), "articles/a.md": article()},
        ["columns.toml", OUTSIDE_LINK]),
    "a link to the content folder's parent": (
        {"articles/up": link("../..")}, ["articles/up", OUTSIDE_LINK]),
    # 2. Paths in fields and bodies that lead out of content/
    "Image: up and out": (
        photo("Image", "../outside/secret.jpg"), ["Image: 图片", "content/ 之外"]),
    "Image: an absolute path": (photo("Image", "/etc/hostname"), ["Image:", "content/ 之外"]),
    "Photo: up to /etc/passwd": (
        {"articles/a.md": article().replace(
            "Type: news", "Type: profile\nPerson: 某人\nPhoto: ../../../../etc/passwd")},
        ["Photo: 人物照片", "content/ 之外"]),
    "a body picture through {static} out": (
        body("![图]({static}/../outside/secret.jpg)"), ["正文: 正文链接的文件", "content/ 之外"]),
    "a body link through {static} up": (
        body("[附件]({static}../../outside/secret.jpg)"), ["正文: 正文链接的文件", "之外"]),
    "a body picture through {attach} out": (
        body("![图]({attach}/../../etc/hostname)"), ["正文: 正文链接的文件"]),
    # 3. Raw HTML in fields that are not the body, and in descriptions
    "Summary: an image with onerror": (
        summary("<img src=x onerror=alert(1)>"), ["Summary: 摘要中有不允许的 HTML“onerror="]),
    "Summary: a javascript: Markdown link": (
        summary("[点击](javascript:alert(1))"), ["Summary:", "href=javascript:alert(1)"]),
    "Summary: a form to another host": (
        summary('<form action="https://evil.example/"><input name=q></form>'),
        ["Summary:", "<form>"]),
    "Summary: a refresh to another site": (
        summary('<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
        ["Summary:", "<meta>"]),
    "Summary: a frame": (summary('<iframe src="https://evil.example/"></iframe>'), ["<iframe>"]),
    "a branch description with script": (
        {"branches/x.md": branch("甲党支部").replace("描述。", "<script>alert(1)</script>")},
        ["branches/x.md:6: 正文: 介绍中有不允许的 HTML“<script>”"]),
    "a branch description with onerror": (
        {"branches/x.md": branch("乙党支部").replace("描述。", "<img src=x onerror=alert(1)>")},
        ["branches/x.md:6: 正文:", "onerror="]),
    "a page with script": (
        {"pages/about.md": "Title: 关于\n\n<script>alert(1)</script>\n"},
        ["pages/about.md:3: 正文:", "<script>"]),
    # 4. Bodies: the ways past a line-by-line pattern list, and more
    "a tag split over two lines": (body("<img\nsrc=x\nonerror=alert(1)>"), ["onerror="]),
    "an entity inside javascript:": (body("[a](java&#115;cript:alert(1))"), ["href=javascript:"]),
    "a lazy continuation, four spaces": (
        body("第一段\n    <img src=x onerror=alert(1)>"), ["a.md:10: 正文:", "onerror="]),
    "a lazy continuation, a tab": (body("第一段\n\t<img src=x onerror=alert(1)>"), ["onerror="]),
    "an escaped backtick": (body("\\`<img src=x onerror=alert(1)>"), ["onerror="]),
    "an unclosed code fence": (body("```\n<script>alert(1)</script>"), ["<script>"]),
    "a list-indented image": (
        body("- 项目\n\n    <img src=x onerror=alert(1)>"), ["onerror="]),
    "SVG animate with an entity in javascript:": (
        body('<svg><animate attributeName="href" values="javas&#99;ript:alert(1)"/></svg>'),
        ["<svg>"]),
    "U+2028 inside a line": (body("前文\u2028<img src=x onerror=alert(1)>"), ["onerror="]),
    "a javascript: link in HTML": (body('<a href="javascript:alert(1)">点</a>'), ["href="]),
    "a vbscript: link": (body('<a href="vbscript:msgbox(1)">点</a>'), ["href=vbscript:"]),
    "a data: HTML link": (body('<a href="data:text/html,<script>alert(1)</script>">点</a>'),
                          ["href=data:text/html"]),
    "an iframe": (body('<iframe src="https://evil.example/"></iframe>'), ["<iframe>"]),
    "an object": (body('<object data="https://evil.example/x.swf"></object>'), ["<object>"]),
    "an embed": (body('<embed src="https://evil.example/x.swf">'), ["<embed>"]),
    "a style element": (body("<style>body{display:none}</style>"), ["<style>"]),
    "a stylesheet link": (body('<link rel="stylesheet" href="https://evil.example/x.css">'),
                          ["<link>"]),
    "a base element": (body('<base href="https://evil.example/">'), ["<base>"]),
    "a refresh in the body": (
        body('<meta http-equiv="refresh" content="0;url=https://evil.example/">'), ["<meta>"]),
    "a form in the body": (body('<form action="https://evil.example/"></form>'), ["<form>"]),
    "an attribute list with onclick": (body('段落\n{: onclick="alert(1)" }'), ["onclick="]),
    "a picture from another site": (
        body("![跟踪](https://evil.example/pixel.png)"), ["src=https://evil.example/pixel.png"]),
    "math and style mutation": (
        body("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"), ["<math>"]),
    "script inside svg": (body("<svg><script>alert(1)</script></svg>"), ["<svg>"]),
    "details with ontoggle": (body("<details open ontoggle=alert(1)>x</details>"), ["<details>"]),
    "an upper-case tag": (body("<SCRIPT>alert(1)</SCRIPT>"), ["<script>"]),
    "a reference-style javascript: link": (
        body("[点][x]\n\n[x]: javascript:alert(1)"), ["href=javascript:alert(1)"]),
    "an autolink to javascript:": (body("<javascript:alert(1)>"), ["javascript:alert(1)"]),
    "an id that takes the page's own": (body('<p id="main">x</p>'), ["id=main"]),
    "a class that borrows the site's behaviour": (
        body('<p class="reading-tools">x</p>'), ["class=reading-tools"]),
    # 5. Static files: only pictures and page PDFs, by their bytes
    "an SVG with script": ({"images/evil.svg": SVG_WITH_SCRIPT}, ["images/evil.svg", "SVG"]),
    "an HTML file in images": (
        {"images/page.html": b"<script>alert(1)</script>"}, ["images/page.html", "网页和脚本"]),
    "HTML named .jpg": (
        {"images/fake.jpg": b"<html><script>alert(1)</script>"}, ["images/fake.jpg", "内容不是"]),
    "a JPEG named .png": ({"images/x.png": JPEG}, ["images/x.png", "内容不是"]),
    "a script file": ({"images/x.js": b"alert(1)"}, ["images/x.js", "网页和脚本"]),
    "a text file": ({"images/readme.txt": b"hello"}, ["images/readme.txt", "不发布 .txt"]),
    "a hidden server file": ({"images/.htaccess": b"Options +Indexes"}, ["images/.htaccess"]),
    "XHTML": ({"images/x.xhtml": b"<html/>"}, ["images/x.xhtml"]),
    "Image: an SVG inside content": (
        {**photo("Image", "images/evil.svg"), "images/evil.svg": SVG_WITH_SCRIPT},
        ["Image: “images/evil.svg”不是网站能显示的图片"]),
    # 6. Pelican's own keys: a page moved over another, hidden, or its body replaced
    "Save_as over the home page": (
        header("Save_as: index.html"), ["a.md:5: Save_as: 字段“Save_as”"]),
    "Url to another site": (header("Url: https://evil.example/"), ["a.md:5: Url: 字段“Url”"]),
    "Template from outside the theme": (
        header("Template: ../../../../etc/passwd"), ["a.md:5: Template: 字段“Template”"]),
    "_content replacing the checked body": (
        header("_content: <script>alert(1)</script>"), ["a.md:5: _content: 字段“_content”"]),
    "Override_save_as": (header("Override_save_as: 404.html"), ["a.md:5: Override_save_as:"]),
    "Lang to drop a piece from every listing": (header("Lang: en"), ["a.md:5: Lang:"]),
    # 7. Empty and taken slugs: a page written over another
    "a title that writes over a month's folder": (
        {"articles/a.md": article(title="！！！")},
        ["a.md:1: Title:", "articles/2018/03/index.html"]),
    "a tag that writes over the tags list": (
        header("Tags: ——"), ["a.md:5: Tags:", "tags/index.html"]),
    "a page over the search page": (
        {"pages/x.md": "Title: 搜索\nSlug: search\n\n<p>假的搜索页</p>\n"},
        ["pages/x.md:2: Slug: 页面的网址名“search”是网站自己的目录"]),
    "a page with no slug over the home page": (
        {"pages/x.md": "Title: ？？\n\n假的首页。\n"},
        ["pages/x.md:1: Title:", "首页（index.html）"]),
    # 8. Bombs: inputs that would take the build minutes, or its recursion
    "100,000 headings on consecutive lines": (
        body("# 标题\n" * 100_000), ["a.md:9: 正文: 正文有 100,000 行"]),
    "a quote nested 900 deep": (body("> " * 900 + "x"), ["a.md:9: 正文: 正文这一行嵌套了 900 层"]),
    "brackets that never close": (body("[" * 5000), ["a.md:9: 正文: 正文中没有配对的括号太多"]),
    "pictures that never close": (body("![" * 3000), ["没有配对的括号太多"]),
    "a summary that never closes": (
        summary("[^" * 3000), ["a.md:5: Summary: 摘要中没有配对的括号太多"]),
    # 9. Characters no page or feed may hold
    "a NUL in the middle of a body": (
        body("前文\x00<script>alert(1)</script>"), ["a.md:9: 正文:", "空字符 NUL"]),
    "an escape sequence in a title": (
        {"articles/a.md": article(title="\x1b]0;evil\x07标题")}, ["a.md:1: Title:", "ESC 转义符"]),
    # 10. Beside the articles: Markdown and the day's page files only, typed by their bytes
    "an HTML file beside the articles (no reader reads it)": (
        {"articles/other-reader.html": "<html><body><script>alert('html')</script></body></html>"},
        ["articles/other-reader.html: 文件: 稿件目录中只能放稿件（.md）和当天的版面文件"]),
    "reStructuredText beside the articles": (
        {"articles/other-reader.rst": f"RST\n###\n\n:date: 2018-03-13\n\n{RST}"},
        ["articles/other-reader.rst: 文件:", "page.pdf"]),
    "HTML named page.jpg": (
        {"articles/2018-03-13/page.jpg": b"<html><script>alert(1)</script>"},
        ["articles/2018-03-13/page.jpg: 文件: 文件名是 .jpg，但内容不是 JPEG"]),
    "an SVG named page.png": (
        {"articles/2018-03-13/page.png": SVG_WITH_SCRIPT}, ["page.png", "内容不是 PNG"]),
    "a page named page.svg": (
        {"articles/2018-03-13/page.svg": SVG_WITH_SCRIPT}, ["page.svg: 文件: 稿件目录中只能放"]),
    "a PDF header on nothing": (
        {"articles/2018-03-13/page.pdf": b"%PDF-1.7\n%garbage"},
        ["page.pdf: 文件: 无法打开这个 PDF"]),
    "a page file linked to a secret": (
        {"articles/2018-03-13/page.pdf": link(f"{OUTSIDE}/secret.jpg")},
        ["articles/2018-03-13/page.pdf", OUTSIDE_LINK]),
}  # fmt: skip

# Odd and hostile input that is published, harmless: escaped, shown as text or ignored.
MARKUP_IN_FIELDS = (
    article(title='<script>alert("t")</script>标题')
    .replace("Author: 测试记者", 'Author: "><img src=x onerror=alert(1)>')
    .replace(
        "Type: news",
        "Type: news\nSubtitle: <img src=x onerror=alert(2)>\n"
        'Tags: "><svg onload=alert(3)>, <i>标签</i>',
    )
)
CODE = (
    "用 `<script>alert(1)</script>` 标签。\n\n    <img src=x onerror=alert(1)>\n\n"
    '```\n<iframe src="https://evil.example/"></iframe>\n```\n'
)
COMMENT = "可见的正文。<!-- <script>alert(1)</script> -->"
TABLE = "|甲|乙|\n|:-|-:|\n|1|2|\n\n脚[^1]\n\n[^1]: 注。"
LINKS = "[网](http://www.people.com.cn/) [信](mailto:a@b.cn)"
ACCEPTED = {
    "articles/markup-in-fields.md": MARKUP_IN_FIELDS,
    "articles/code.md": article(title="代码", body=CODE),
    "articles/comment.md": article(
        title="注释", body="可见的正文。<!-- <script>alert(1)</script> -->"
    ),
    "articles/table.md": article(
        title="表格", body="|甲|乙|\n|:-|-:|\n|1|2|\n\n脚[^1]\n\n[^1]: 注。"
    ),
    "articles/links.md": article(
        title="链接", body="[网](http://www.people.com.cn/) [信](mailto:a@b.cn)"
    ),
    "articles/2018-03-13/page.png": page_image(),  # the day's page, published with it
    "branches/odd.md": branch('<script>alert("n")</script>党支部', extra="\nAliases: <b>别名</b>"),
    "images/ok.png": PNG,
    "images/ok.jpg": JPEG,
    "images/inside.png": ("symlink", "ok.png"),  # a link inside content/ is fine
    "articles/hidden.md": article(title="隐藏<script>", body="隐藏的正文。").replace(
        "Type: news", "Type: news\nStatus: hidden"
    ),
    "articles/nested.md": article(title="嵌套", body="> " * 20 + "二十层引用，在上限之内。"),
}


def plant_secrets(folder):
    """Files beside content/ that must never be published; returns their folder."""
    outside = folder / "outside"
    (outside / "dot-git").mkdir(parents=True)
    (outside / "secret.jpg").write_bytes(JPEG + SECRET.encode())
    (outside / "dot-git" / "config").write_text(f"[remote]\n\ttoken = {SECRET}\n")
    (outside / "article.md").write_text(article(title=SECRET))
    (outside / "branch.md").write_text(branch(SECRET))
    (outside / "columns.toml").write_text(f'[[column]]\nname = "视点"\nslug = "{SECRET.lower()}"\n')
    return outside


def write_content(folder, files, outside):
    folder.mkdir(parents=True)
    if "columns.toml" not in files:
        shutil.copy(ROOT / "content" / "columns.toml", folder / "columns.toml")
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, tuple):
            os.symlink(data[1].replace(OUTSIDE, str(outside)), path)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data.replace(OUTSIDE, str(outside)), encoding="utf-8")
    return folder


@pytest.fixture
def secret_environment(monkeypatch):
    monkeypatch.setenv("HOSTILE_TEST_SECRET", ENV_SECRET)


def check(content):
    out = io.StringIO()
    return run_check(content, out=out), out.getvalue()


def test_the_corpus_is_large_enough():
    assert len(REFUSED) + len(ACCEPTED) >= 60


@pytest.mark.parametrize("files, expected", REFUSED.values(), ids=REFUSED)
def test_check_refuses_with_a_message(tmp_path, files, expected):
    outside = plant_secrets(tmp_path)
    content = write_content(tmp_path / "content", files, outside)
    status, report = check(content)
    assert status == 1, report
    for fragment in expected:
        assert fragment.replace(OUTSIDE, str(outside)) in report, report
    assert "Traceback" not in report


# One case of each kind through the real build: it runs the same check before reading.
BUILT = [
    "a link to the checkout's git config",
    "a link to the build's environment",
    "a folder linked to /etc",
    "Image: up and out",
    "Summary: a refresh to another site",
    "a branch description with script",
    "a lazy continuation, four spaces",
    "an SVG with script",
    "Save_as over the home page",
    "a title that writes over a month's folder",
    "100,000 headings on consecutive lines",
    "a NUL in the middle of a body",
]


@pytest.mark.parametrize("name", BUILT)
def test_the_build_stops_and_keeps_the_last_good_site(tmp_path, secret_environment, name):
    files, expected = REFUSED[name]
    outside = plant_secrets(tmp_path)
    content = write_content(tmp_path / "content", files, outside)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    result = build_site(output, content=content)
    assert not result.ok
    for fragment in expected:
        assert fragment.replace(OUTSIDE, str(outside)) in result.log, result.log
    assert "Traceback" not in result.log
    assert [path.name for path in output.iterdir()] == ["index.html"]
    assert SECRET not in result.log and ENV_SECRET not in result.log


@pytest.fixture(scope="module")
def accepted_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accepted")
    outside = plant_secrets(folder)
    content = write_content(folder / "content", ACCEPTED, outside)
    status, report = check(content)
    assert status == 0, report
    result = build_site(folder / "output", content=content)
    assert result.ok, result.log
    return folder / "output"


def test_accepted_site_holds_nothing_unsafe(accepted_site):
    assert scan_site(accepted_site, [SECRET, ENV_SECRET]) == {}


def test_accepted_site_shows_markup_as_text(accepted_site):
    pages = [path.read_text(encoding="utf-8") for path in accepted_site.rglob("*.html")]
    everything = "\n".join(pages)
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;标题" in everything
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything  # the code span, as text
    (comment_page,) = accepted_site.glob("articles/*/*/zhu-shi/index.html")
    assert "可见的正文" in comment_page.read_text(encoding="utf-8")
    assert "alert(1)" not in comment_page.read_text(encoding="utf-8")  # the sanitizer ran
    assert 'style="text-align:right"' in everything  # Markdown's table alignment kept
    assert 'id="fn:1"' in everything  # and its footnotes
    assert (accepted_site / "issues" / "2018-03-13" / "page.png").read_bytes() == page_image()
    assert (accepted_site / "images" / "inside.png").read_bytes() == PNG


def test_the_real_site_passes_the_scan(site):
    """The scanner finds nothing in the site the project publishes (and would find the
    markers it looks for: the other tests plant them)."""
    assert scan_site(site.root) == {}


def beyond_limits(text):
    """Structure problems of an article's text (its body and Summary), if any."""
    source = parse("a.md", text)
    fragments = [(source.body, source.body_line)]
    fragments += [(value, 1) for key, value in source.fields.items() if key == "summary"]
    return [p for text, line in fragments for p in structure_problems(source, "", "", text, line)]


BODIES = {  # the bombs are left out: the check refuses them before any conversion
    name: files["articles/a.md"]
    for name, (files, _expected) in REFUSED.items()
    if isinstance(files.get("articles/a.md"), str) and not beyond_limits(files["articles/a.md"])
}


@pytest.mark.parametrize("text", BODIES.values(), ids=BODIES)
def test_the_sanitizer_makes_every_refused_body_harmless(text):
    """The last defence, should a check ever miss one: what the build publishes of each
    refused body and summary holds nothing unsafe."""
    render = markdown_renderer(
        {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}}}}
    )
    header, _, rest = text.partition("\n\n")
    fragments = [rest] + [line[9:] for line in header.splitlines() if line.startswith("Summary: ")]
    for fragment in fragments:
        assert unsafe_markup(clean(render(fragment))) == []


# Every kind of unsafe markup in every place content's HTML is published from: bodies,
# summaries, an organization's description, a page. (A picture in a body must exist, so
# the picture's payload is in the summaries only.)
IN_SUMMARIES = UNSAFE
IN_BODIES = {kind: case for kind, case in UNSAFE.items() if "<img" not in case[0]}
PAYLOADS = "\n\n".join(payload for payload, _element, _named in IN_BODIES.values())


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory):
    """The payloads built with the check's raw-HTML rule switched off (the test plugin
    tests/fixtures/plugins/unchecked_markup): only the build's sanitizer stands between
    them and the site."""
    folder = tmp_path_factory.mktemp("unchecked")
    files = {}
    for number, (kind, (payload, _element, _named)) in enumerate(IN_SUMMARIES.items()):
        text = f"前文。\n\n{IN_BODIES[kind][0] if kind in IN_BODIES else ''}\n\n后文。"
        files[f"articles/{number}.md"] = article(title=f"载荷{number}", body=text).replace(
            "Type: news", f"Type: news\nSummary: 摘要{payload}"
        )
    files["branches/x.md"] = branch("载荷党支部").replace("描述。", f"介绍。\n\n{PAYLOADS}")
    files["pages/about.md"] = f"Title: 关于\n\n前文。\n\n{PAYLOADS}\n\n后文。\n"
    content = write_content(folder / "content", files, plant_secrets(folder))
    status, report = check(content)
    assert status == 1 and report.count("不允许的 HTML") >= 2 * len(UNSAFE), report
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    overrides = {
        "PLUGIN_PATHS": [str(ROOT / "tests" / "fixtures" / "plugins")],
        "PLUGINS": [*plugins, "unchecked_markup"],
    }
    result = build_site(folder / "output", content=content, overrides=overrides)
    assert result.ok, result.log
    return Site(folder / "output")


# Where the site's pages show HTML from content: bodies, organizations' descriptions,
# summaries in listings and on the printed page's view.
FROM_CONTENT = ".story-body, .listing-intro, .piece-summary, .print-piece-lead"


def test_the_build_sanitizes_what_the_check_let_through(unchecked_site):
    """What `./run check` would have refused: the build publishes none of it, in any
    page, feed or other text file; the text around it is published."""
    site = unchecked_site
    in_pages = [str(part) for url in site.pages() for part in site.soup(url).select(FROM_CONTENT)]
    in_feeds = [html for path in site.root.rglob("*.xml") for html in feed_fragments(path)]
    # Every body (the articles' and the page's), summary and description was published,
    # and is looked at below.
    assert sum("前文" in html for html in in_pages) >= len(IN_SUMMARIES) + 1
    assert sum("摘要" in html for html in in_pages) >= len(IN_SUMMARIES)
    assert any("介绍" in html for html in in_pages)
    assert sum("前文" in html for html in in_feeds) >= len(IN_SUMMARIES)
    unsafe = {element for _payload, element, _named in UNSAFE.values() if element}
    assert unsafe >= {"iframe", "object", "embed", "style", "form", "link", "meta", "base"}
    found = []
    for fragment in in_pages + in_feeds:
        for tag in BeautifulSoup(fragment, "html.parser").find_all(unsafe | {"script"}):
            found.append(str(tag)[:80])
    assert found == []
    left = {}
    for path in site.root.rglob("*"):
        if path.suffix in TEXT_FILES:
            text = path.read_text(encoding="utf-8", errors="replace")
            left.update({str(path.relative_to(site.root)): [w for w in LEFT_OVER if w in text]})
    assert {name: words for name, words in left.items() if words} == {}
    assert scan_site(site.root) == {}


def test_the_scanner_finds_what_it_looks_for():
    """Each kind of unsafe markup the scan is for is found (else a clean scan proves nothing)."""
    payloads = [
        '<img src=x onerror="alert(1)">',
        '<a href=" java\tscript:alert(1)">x</a>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<form action="https://evil.example/"></form>',
        "<iframe></iframe>",
        "<script>alert(1)</script>",
        '<img src="https://evil.example/p.png">',
        '<svg><animate values="javascript:alert(1)"/></svg>',
    ]
    for payload in payloads:
        assert unsafe_markup(payload), payload
    rendered = markdown.markdown("[x](javascript:alert(1))")
    assert unsafe_markup(rendered)

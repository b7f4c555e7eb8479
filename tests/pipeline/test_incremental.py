"""A build with the caches of the build before (the render cache, the contents kept as
read, the search index's and the QR codes') writes the same bytes as a build from nothing.

A small site that has what the digests must cover (dangjian/speed/render_cache.py): days of
pieces in several columns, organizations three levels deep, tags and authors named with
Chinese separators, a draft, photo news with a picture and a profile with a portrait
(resized by pelican-image-process), a page, and a piece linking to another with
{filename}. It changes as editors change it: a new day with a new organization and a new
author, an old piece's title edited, a piece deleted, an organization's description
changed. After each change the site is built twice, once in the folder of the builds before
(with their caches) and once into a new folder, and every file is compared.
"""

import hashlib
import re
import shutil

import pytest
from PIL import Image

from dangjian.build import unchanged
from dangjian.build.checks import check_internal_links
from dangjian.build.pipeline import build_site
from support import ROOT

BRANCHES = {
    "chifeng.md": ("赤峰市委", "党委", "", None),
    "songshan.md": ("松山区委", "党委", "松山区", "chifeng"),
    "songshan-police.md": ("松山区公安分局党委", "党委", "松山区", "songshan"),
    "balin.md": ("巴林村党支部", "党支部", "宁城县", "chifeng"),
}
COLUMNS = ["视点", "观潮", "阵地", "榜样·足迹", "学习型党组织建设"]


def registry(name, kind, county, parent, description="描述。"):
    lines = [f"Name: {name}", f"Kind: {kind}", "Prefecture: 赤峰市"]
    lines += [f"County: {county}"] if county else []
    lines += [f"Parent: {parent}"] if parent else []
    return "\n".join(lines) + f"\n\n{description}\n"


def piece(title, date, column, branches="", tags="", author="记者甲", kind="news", extra=""):
    fields = [f"Title: {title}", f"Date: {date}", f"Category: {column}", f"Type: {kind}"]
    if kind == "photo":
        fields.append("Photographer: 摄影乙")
    else:
        fields += [f"Author: {author}", "Byline: 本报记者"]
    fields += [f"Branches: {branches}"] if branches else []
    fields += [f"Tags: {tags}"] if tags else []
    fields += [extra] if extra else []
    body = f"{title}的正文。党员干部深入基层，为群众办实事。\n\n第二段，写到{title}。"
    return "\n".join(fields) + "\n\n" + body + "\n"


def day(date, number, authors=("记者甲", "记者丙")):
    """Three pieces of one day, in three columns, about organizations at every level."""
    return {
        f"articles/{date}/01-a.md": piece(
            f"第{number}期要闻",
            date,
            "视点",
            "松山区公安分局党委",
            "基层党建、主题党日",
            authors[0],
        ),
        f"articles/{date}/02-b.md": piece(
            f"第{number}期评论", date, "观潮", "巴林村党支部", "理论学习，基层党建", authors[1]
        ),
        f"articles/{date}/03-c.md": piece(
            f"第{number}期经验", date, "学习型党组织建设", "松山区委", "主题党日", authors[0]
        ),
    }


def first_content():
    files = {name: registry(*fields) for name, fields in BRANCHES.items()}
    files = {f"branches/{name}": text for name, text in files.items()}
    for number, date in enumerate(["2018-03-13", "2018-03-14", "2018-03-15"], 1):
        files.update(day(date, number))
    files["articles/2018-03-14/04-photo.md"] = piece(
        "签名承诺", "2018-03-14", "阵地", "巴林村党支部", kind="photo",
        extra="Image: images/photo.jpg\nImage_alt: 签名现场",
    )  # fmt: skip
    files["articles/2018-03-15/04-profile.md"] = piece(
        "李晶的足迹", "2018-03-15", "榜样·足迹", "松山区委",
        kind="profile", extra="Person: 李晶\nPosition: 党工委书记\nPhoto: images/portrait.jpg",
    )  # fmt: skip
    files["articles/2018-03-15/05-link.md"] = piece(
        "见前文", "2018-03-15", "视点", "巴林村党支部", "基层党建"
    ).replace(
        "的正文。", "的正文，见[前一期]({filename}/articles/2018-03-13/01-a.md)。"
    )  # fmt: skip
    files["articles/2018-03-15/06-draft.md"] = piece(
        "未完成的稿件", "2018-03-15", "视点", "巴林村党支部", "尚无此标签", "新记者"
    ).replace("Type: news", "Type: news\nStatus: draft")
    files["pages/about.md"] = "Title: 关于本版\n\n党建版的介绍。\n"
    return files


def write(content, files):
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_content(folder):
    content = folder / "content"
    content.mkdir()
    shutil.copy(ROOT / "content" / "columns.toml", content / "columns.toml")
    images = content / "images"
    images.mkdir()
    Image.new("RGB", (1200, 800), (180, 40, 30)).save(images / "photo.jpg", quality=80)
    Image.new("RGB", (400, 400), (30, 40, 180)).save(images / "portrait.jpg", quality=80)
    write(content, first_content())
    return content


def files(folder):
    """{path: SHA-256 of its bytes} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def folders(folder):
    """The folders under `folder` (a build that reused an older one's must leave the
    same ones as a build into a new folder: none empty)."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


def built(output, content, **overrides):
    result = build_site(output, content=content, overrides=overrides or None)
    assert result.ok, result.log
    return result.log


def reused(log):
    """(pages and feeds linked from the render cache, rendered), as the build's log says."""
    found = re.search(r"网页和订阅源：(\d+) 个与上次构建相同.*?(\d+) 个重新生成", log)
    return int(found.group(1)), int(found.group(2))


def kept(log):
    """(articles kept from the build before, articles read), as the build's log says."""
    found = re.search(r"稿件：(\d+) 篇与上次构建相同，直接沿用；(\d+) 篇重新读取", log)
    return int(found.group(1)), int(found.group(2))


class Builds:
    """The incremental builds in one folder, each compared with a build from nothing."""

    def __init__(self, folder):
        self.folder = folder
        self.content = make_content(folder)
        self.output = folder / "incremental" / "output"
        self.count = 0

    def compare(self, **overrides):
        """Build incrementally and from nothing; assert they are equal; the incremental
        build's log."""
        live = files(self.output) if self.output.is_dir() else None
        log = built(self.output, self.content, **overrides)
        self.count += 1
        if live is not None:  # the site before, untouched by the build (its files are links)
            assert files(self.output.with_name(".output.previous")) == live
        clean = self.folder / f"clean-{self.count}" / "output"
        built(clean, self.content, **overrides)
        ours, fresh = files(self.output), files(clean)
        differ = sorted(
            path for path in ours.keys() | fresh.keys() if ours.get(path) != fresh.get(path)
        )
        assert not differ, f"{len(differ)} of {len(fresh)} files differ: {differ[:10]}"
        assert folders(self.output) == folders(clean)
        shutil.rmtree(clean.parent)
        return log


@pytest.fixture
def builds(tmp_path):
    return Builds(tmp_path)


def test_a_changing_site_builds_the_same_with_and_without_caches(builds):
    content = builds.content
    first = builds.compare()
    assert reused(first)[0] == 0
    assert kept(first)[0] == 0
    articles = kept(first)[1]

    # A new day: a new organization under an existing one, a new author.
    write(content, {
        "branches/new-branch.md": registry("新设党支部", "党支部", "松山区", "songshan-police"),
        **day("2018-03-16", 4, authors=("新来的记者", "记者丙")),
    })  # fmt: skip
    write(content, {
        "articles/2018-03-16/02-b.md": piece(
            "第4期评论", "2018-03-16", "观潮", "新设党支部", "理论学习", "记者丙"
        ),  # the draft's tag gets a page: the draft links it now
        "articles/2018-03-16/04-d.md": piece("第4期新闻", "2018-03-16", "视点", tags="尚无此标签"),
    })  # fmt: skip
    log = builds.compare()
    linked, rendered = reused(log)
    assert linked > 0 and rendered > 0, (linked, rendered)
    assert kept(log) == (articles, 4)  # only the new day's pieces are read
    articles += 4

    # An old piece's title edited: its page, its neighbours', listings and feeds change.
    old = content / "articles/2018-03-13/02-b.md"
    old.write_text(old.read_text("utf-8").replace("第1期评论", "第1期评论（修订）"), "utf-8")
    log = builds.compare()
    linked, rendered = reused(log)
    assert linked > 0 and rendered > 0
    assert kept(log) == (articles - 1, 1)

    # The piece another links to with {filename} is renamed, then a piece is deleted.
    target = content / "articles/2018-03-13/01-a.md"
    target.write_text(target.read_text("utf-8").replace("Title: 第1期要闻", "Title: 第一期要闻"))
    assert reused(builds.compare())[0] > 0
    (content / "articles/2018-03-14/03-c.md").unlink()
    assert reused(builds.compare())[0] > 0

    # An organization's description: its page, and the trees and JSON-LD naming it.
    write(content, {"branches/songshan.md": registry(*BRANCHES["songshan.md"], "新的描述。")})
    log = builds.compare()
    assert reused(log)[0] > 0

    # Nothing changed: only the pages with a picture to resize are rendered (the plugin
    # rewrites them: they are never kept), and every file is the one the live site has.
    previous = builds.output.with_name(".output.previous")
    log = builds.compare()
    pictured = [p for p in builds.output.rglob("*.html") if "image-process-" in p.read_text()]
    assert reused(log)[1] == len(pictured) == 3  # the photo, the profile, the photo's day
    assert kept(log) == (articles - 1, 0)  # one piece was deleted
    assert "文件中有 0 个新增、改动或删除" in log
    for path in builds.output.rglob("*"):
        if path.is_file():
            before = previous / path.relative_to(builds.output)
            assert path.stat().st_ino == before.stat().st_ino, path


def test_settings_and_templates_render_every_page_again(builds, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    builds.compare(THEME=str(theme))
    assert reused(builds.compare(THEME=str(theme)))[1] == 3  # the pages with pictures

    log = builds.compare(THEME=str(theme), SITESUBTITLE="另一个副标题")
    assert reused(log)[0] == 0

    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text("utf-8").replace("数字版", "电子版"), "utf-8")
    log = builds.compare(THEME=str(theme), SITESUBTITLE="另一个副标题")
    assert reused(log)[0] == 0
    assert "电子版" in (builds.output / "index.html").read_text("utf-8")


def test_a_page_rendered_again_to_the_same_bytes_is_the_published_file(
    builds, monkeypatch, tmp_path
):
    """A setting no page shows changes the site's key: every page is rendered again, to
    the same bytes, and the render cache keeps the published file (a hard link), which
    the pipeline then finds unchanged without reading it (keep_unchanged)."""
    builds.compare()
    compared = tmp_path / "compared"  # a file: the comparison may run in a forked step

    def link_if_same(new, old):
        with compared.open("a", encoding="utf-8") as names:
            names.write(f"{new}\n")
        return real_link_if_same(new, old)

    real_link_if_same = unchanged.link_if_same
    monkeypatch.setattr(unchanged, "link_if_same", link_if_same)
    log = builds.compare(NOT_SHOWN_ON_ANY_PAGE="是")
    assert reused(log)[0] == 0
    pages = [path for path in compared.read_text("utf-8").split() if path.endswith(".html")]
    assert len(pages) == 3  # the pages with pictures, rewritten: never kept
    assert "文件中有 0 个新增、改动或删除" in log


def test_a_cached_page_written_to_in_place_is_rendered_again(builds):
    builds.compare()
    page = builds.output / "index.html"
    assert page.stat().st_nlink > 1  # the live page is the cache's file
    with open(page, "a", encoding="utf-8") as written:
        written.write("<!-- 改动 -->")  # e.g. a deploy tool editing the live site
    log = builds.compare()
    assert reused(log)[1] == 1 + 3  # and the pages with pictures
    assert "改动" not in page.read_text("utf-8")


def test_the_link_check_reads_again_a_page_that_changed(builds):
    builds.compare()
    settings = {"SITEURL": ""}
    check_internal_links(builds.output, settings)  # fills the link check's cache
    page = next((builds.output / "articles").rglob("index.html"))
    text = page.read_text("utf-8")
    page.unlink()  # a new file: the cache's copy of the page stays as it was
    page.write_text(text.replace("</main>", '<a href="/nowhere/">失效</a></main>'), "utf-8")
    with pytest.raises(Exception, match="nowhere"):
        check_internal_links(builds.output, settings)

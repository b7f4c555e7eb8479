"""`Status: hidden`: the piece is published at its address and nowhere else.

Hidden means: the page is written (a link sent to someone opens it), with
`<meta name="robots" content="noindex">`; it is in no listing (home, printed page,
column, tag, author, organization, people, archives, related pieces), no feed, not in
the production sitemap and not in the search index.
"""

import pytest

from support import ROOT, Site, article, branch, build_published

PUBLISHED = "https://dangjian.example.cn"


def hidden_profile(title, status):
    text = article(title=title, branches="cun").replace(
        "Type: news", f"Type: profile\nPerson: 隐藏人物\nTags: 共同标签\nStatus: {status}"
    )
    return text.replace("Author: 测试记者", "Author: 共同作者")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A production build of a published piece, a hidden one and a draft, which share a
    column, a tag, an author, an organization and a date."""
    folder = tmp_path_factory.mktemp("hidden")
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "branches").mkdir()
    (content / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    (content / "branches" / "cun.md").write_text(branch("某村党支部"), encoding="utf-8")
    files = {
        "a.md": hidden_profile("公开的稿件", "published"),
        "b.md": hidden_profile("隐藏的稿件", "hidden"),
        "c.md": hidden_profile("草稿稿件", "draft"),
    }
    for name, text in files.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    result = build_published(folder / "output", PUBLISHED, content)
    assert result.ok, result.log
    return Site(folder / "output")


HIDDEN = "/articles/2018/03/yin-cang-de-gao-jian/"
SHOWN = "/articles/2018/03/gong-kai-de-gao-jian/"


def test_a_hidden_piece_is_at_its_address_and_not_for_search_engines(published):
    soup = published.soup(HIDDEN)
    assert soup.h1.get_text() == "隐藏的稿件"
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert not soup.select("[data-pagefind-body]")  # not in the search index
    assert not published.soup(SHOWN).select('meta[name="robots"]')
    assert published.soup(SHOWN).select("[data-pagefind-body]")


def test_no_other_file_of_the_site_names_it(published):
    """Not in any listing, feed or the sitemap: its address and title appear only on its
    own page (and in the copies beside it the host serves compressed)."""
    own = published.file(HIDDEN)
    for path in published.root.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt"} and path != own:
            text = path.read_text(encoding="utf-8")
            assert "yin-cang-de-gao-jian" not in text, path
            assert "隐藏的稿件" not in text, path
    sitemap = (published.root / "sitemap.xml").read_text(encoding="utf-8")
    assert PUBLISHED + SHOWN in sitemap


def test_the_shared_pages_list_only_the_published_piece(published):
    for url in ["/", "/issues/2018-03-13/", "/tags/gong-tong-biao-qian/", "/branches/cun/"]:
        assert "公开的稿件" in published.text(url), url
    assert not (published.root / "drafts").exists()

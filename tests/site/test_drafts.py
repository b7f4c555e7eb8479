"""Drafts never break the build or the preview: a draft may name a column, an author or a
tag that no published piece has yet (a new reporter's first import), and the published
site stays draft-free."""

from support import ROOT, Site, article, build_published

PUBLISHED = article(title="已发表").replace("Branches: ", "Tags: 基层党建\nBranches: ")
DRAFT = (
    article(title="新记者的草稿", category="观潮")
    .replace("Author: 测试记者", "Author: 新来的记者")
    .replace("Branches: ", "Tags: 新标签、基层党建\nStatus: draft\nBranches: ")
)


def test_a_drafts_new_author_column_and_tag_are_shown_unlinked(small_site):
    result, site = small_site({"articles/a.md": PUBLISHED, "articles/b.md": DRAFT})
    assert result.ok, result.log  # the link check passed: no link to a page not written
    (draft_url,) = [url for url in site.pages() if url.startswith("/drafts/")]
    soup = site.soup(draft_url)
    linked = {a.get_text(): a["href"] for a in soup.select("main a[href]")}
    for name in ("新来的记者", "观潮", "新标签"):
        assert name in soup.get_text() and name not in linked, name
    assert linked["基层党建"] == "/tags/ji-ceng-dang-jian/"  # a tag with a page keeps its link
    assert not site.file("/authors/xin-lai-de-ji-zhe/").exists()


def test_the_published_site_has_no_drafts(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "columns.toml").write_bytes((ROOT / "content" / "columns.toml").read_bytes())
    (content / "articles" / "a.md").write_text(PUBLISHED, encoding="utf-8")
    (content / "articles" / "b.md").write_text(DRAFT, encoding="utf-8")
    result = build_published(tmp_path / "output", "https://dangjian.example.cn", content)
    assert result.ok, result.log
    site = Site(tmp_path / "output")
    assert not (site.root / "drafts").exists()
    texts = [path.read_text(encoding="utf-8") for path in site.root.rglob("*.html")]
    assert texts and not any("新记者的草稿" in text or "新来的记者" in text for text in texts)


def test_a_draft_in_a_column_not_yet_registered_is_previewed(small_site):
    """An import keeps a column head the registry lacks as printed: its drafts build; once
    published, the column must be registered."""
    text = article(title="新栏目的稿件", category="金台潮声·作风建设系列谈⑦")
    draft = text.replace("Branches: ", "Status: draft\nBranches: ")
    result, site = small_site({"articles/a.md": PUBLISHED, "articles/b.md": draft})
    assert result.ok, result.log
    (draft_url,) = [url for url in site.pages() if url.startswith("/drafts/")]
    assert "金台潮声·作风建设系列谈⑦" in site.soup(draft_url).select_one(".eyebrow").get_text()
    result, _site = small_site({"articles/a.md": PUBLISHED, "articles/b.md": text})
    assert not result.ok and "未登记的栏目“金台潮声·作风建设系列谈⑦”" in result.log

"""The build itself: a failed build never replaces a good site; publish settings."""

from conftest import article

GOOD = {"articles/a.md": article(title="好稿件")}


def test_failed_build_keeps_the_last_good_site(small_site, tmp_path):
    result, site = small_site(GOOD)
    assert result.ok, result.log
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    result, _ = small_site({"articles/a.md": article(category="没有的栏目")})
    assert not result.ok
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before
    assert "好稿件" in site.text("/")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "output"]


def test_successful_build_replaces_the_site_without_leftovers(small_site):
    small_site(GOOD)
    result, site = small_site({"articles/a.md": article(title="新稿件", date="2018-04-01")})
    assert result.ok, result.log
    assert "新稿件" in site.text("/")
    assert not site.file("/articles/2018/03/hao-gao-jian/").exists()


def test_publish_settings_use_the_published_address(tmp_path):
    from conftest import ROOT, Site
    from tools.build import build_site

    result = build_site(
        tmp_path / "output",
        ROOT / "publishconf.py",
        overrides={
            "SITEURL": "https://dangjian.example.cn",
            "FEED_DOMAIN": "https://dangjian.example.cn",
        },
    )
    assert result.ok, result.log
    site = Site(tmp_path / "output")
    home = site.soup("/")
    assert (
        home.find("link", rel="stylesheet")["href"]
        == "https://dangjian.example.cn/theme/css/site.css"
    )
    assert '<link href="https://dangjian.example.cn/atom.xml" rel="self"' in site.text("/atom.xml")

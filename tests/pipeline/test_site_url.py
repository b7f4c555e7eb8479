"""SITEURL, the address every page, feed and the sitemap are written with, is an http(s)
origin with an optional path, or the build stops with a message (dangjian.urls)."""

import pytest

from dangjian.urls import site_url_problem


@pytest.mark.parametrize(
    "value",
    [
        "https://dangjian.example.cn",
        "http://127.0.0.1:8000",
        "https://owner.github.io/repository",  # GitHub Pages' address for a project
        "https://xn--n5qz54a.cn/dang-jian/2018",
        "https://a.cn/ok%20x",
    ],
)
def test_addresses_a_site_can_have(value):
    assert site_url_problem(value) is None


@pytest.mark.parametrize(
    "value, words",
    [
        ("http://exa mple.cn", "中有空格"),
        ('https://a/"><script>', '中有“"”'),
        ("https://a.cn/<x>", "尖括号"),
        ("dangjian.example.cn", "不是以 http:// 或 https:// 开头"),
        ("javascript:alert(1)", "不是以 http://"),
        ("https://党建.cn", "中文域名请写成 xn--n5qz54a.cn"),
        ("https://a.cn?utm=1", "“?”或“#”"),
        ("https://a.cn#top", "“?”或“#”"),
        ("https://user:secret@a.cn", "用户名或密码"),
        ("https://a.cn:99999", "端口号"),
        ("https://a.cn:0", "端口号"),
        ("https://-a.cn", "不是有效的域名"),
        ("https://a..cn", "不是有效的域名"),
        ("https://", "不是有效的域名"),
        ("https://a.cn/%zz", "路径"),
        ("https://a.cn/\x00", "U+0000"),
    ],
)
def test_addresses_that_are_refused_say_why(value, words):
    problem = site_url_problem(value)
    assert problem and words in problem, problem

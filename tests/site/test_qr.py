"""The QR codes' SVG (dangjian/site/qr.py) is byte for byte what segno draws."""

import random
import string

import pytest
import segno

from dangjian.site import qr, sharing


def segno_svg(content, error, mask, scale):
    code = segno.make(content, error=error, mask=mask, micro=False)
    return code.svg_inline(
        scale=scale, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        omitsize=True,
    )  # fmt: skip


def addresses():
    """Addresses of every length up to 120 characters, then longer ones up to version 40."""
    chosen = random.Random(16)
    letters = string.ascii_letters + string.digits + "-_.~%/?=&#"
    found = ["a", "/a/", "https://dangjian.example.cn/articles/2018/03/jia-gao/"]
    for length in [*range(1, 120), *range(150, 1250, 50)]:
        slug = "".join(chosen.choice(letters) for _ in range(length))
        found.append(f"http://127.0.0.1:8000/articles/2019/03/{slug}/")
    return found


@pytest.mark.parametrize("error", ["l", "m", "q", "h"])
def test_the_svg_is_segnos_for_every_version_error_level_and_mask(error):
    versions = set()
    for number, address in enumerate(addresses()):
        masks = range(8) if number < 8 else [number % 8]  # every mask, on short ones
        for mask in masks:
            scale = 2 + 2 * (number % 2)
            drawn = qr.svg(address, error, mask, scale, "qr-code")
            assert drawn == segno_svg(address, error, mask, scale), (address, mask)
        versions.add(segno.make(address, error=error, micro=False).version)
    assert len(versions) >= 20


def test_what_it_leaves_to_segno():
    for content in ["12345", "HTTP://A.CN/", "http://例子.cn/", "ab"]:
        assert qr.svg(content, "m", None, 4, "qr-code") is None  # segno chooses the mask
    assert qr.svg("12345", "m", 2, 4, "qr-code") is None  # numeric mode
    assert qr.svg("HTTP://A.CN/", "m", 2, 4, "qr-code") is None  # alphanumeric mode
    assert qr.svg("http://例子.cn/", "m", 2, 4, "qr-code") is None  # not ASCII
    assert qr.svg("ab", "m", 2, 1, "qr-code") is None  # scale 1: no group
    assert qr.svg("ab", "m", 2, 4, "qr-code") == segno_svg("ab", "m", 2, 4)


@pytest.mark.parametrize(
    "settings",
    [
        {"SITEURL": "", "FEED_DOMAIN": "http://127.0.0.1:8000"},
        {"SITEURL": "https://dangjian.example.cn", "QR_MASK": None},
        {"SITEURL": "HTTPS://DANGJIAN.EXAMPLE.CN", "QR_SCALE": 1, "QR_ERROR": "h"},
    ],
)
def test_the_page_gets_the_code_segno_draws(settings):
    settings = {**settings, "QR_CACHE_PATH": ""}
    for path in ["articles/2018/03/jia-gao/", "ARTICLES/2018/", "articles/2018/03/中文/"]:
        address = sharing.share_url(settings, path)
        drawn = sharing.draw(settings, path, "标题")
        opening, rest = sharing.segno_svg(settings, address).split(">", 1)
        assert drawn == f'{opening} role="img" aria-label="标题">{rest}'

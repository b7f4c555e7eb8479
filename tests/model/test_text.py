"""Chinese text rules (dangjian.model.text): slugs from pinyin, lists, summaries and
reading time in characters, dates."""

import datetime
import random

import pytest
from markupsafe import escape

from dangjian.html import plain_text
from dangjian.model.text import (
    ELLIPSIS,
    PARAGRAPH,
    SENTENCE_END,
    WHITESPACE,
    language_tag,
    pinyin_slug,
    reading_minutes,
    split_list,
    summarize,
    zh_date,
)


@pytest.mark.parametrize(
    "text, slug",
    [
        ("指尖上的“微”平台", "zhi-jian-shang-de-wei-ping-tai"),
        ("银行行长", "yin-hang-hang-zhang"),  # polyphones read in context
        ("绿色长征", "lv-se-chang-zheng"),  # ü as v, ASCII only
        ("2018年两会 Python3", "2018-nian-liang-hui-python3"),  # digits and Latin kept whole
        ("李晶：我把居民当亲人", "li-jing-wo-ba-ju-min-dang-qin-ren"),
    ],
)
def test_pinyin_slug(text, slug):
    assert pinyin_slug(text) == slug


def test_pinyin_slug_is_cut_at_a_hyphen():
    slug = pinyin_slug("打造服务创新支部 争做守纪执纪先锋", max_length=20)
    assert slug == "da-zao-fu-wu-chuang"
    assert len(pinyin_slug("中" * 100)) <= 60


SENTENCES = "<p>第一句话很短。第二句也不长！</p><p>第三句是问句吗？最后一句没有结束</p>"


def test_summary_takes_whole_sentences_up_to_the_limit():
    assert summarize(SENTENCES, 14) == "<p>第一句话很短。第二句也不长！</p>"
    assert summarize(SENTENCES, 13) == "<p>第一句话很短。</p>"
    assert (
        summarize(SENTENCES, 100)
        == "<p>第一句话很短。第二句也不长！第三句是问句吗？最后一句没有结束</p>"
    )


def test_summary_keeps_a_closing_quote_with_its_sentence():
    html = "<p>“这是引语。”他说。后面还有很长很长很长很长很长很长很长的话。</p>"
    assert summarize(html, 12) == "<p>“这是引语。”他说。</p>"
    assert summarize(html, 7) == "<p>“这是引语。”</p>"


def test_summary_cuts_a_too_long_first_sentence_with_an_ellipsis():
    assert summarize("<p>" + "长" * 50 + "。</p>", 10) == "<p>" + "长" * 8 + "……</p>"


def test_summary_counts_characters_not_words():
    # Pelican's truncate_html_words keeps "2024年党组织建设…" whole as one word.
    html = "<p>2024年党组织建设工作会议召开。会议部署了全年的工作任务。</p>"
    assert summarize(html, 17) == "<p>2024年党组织建设工作会议召开。</p>"


def test_summary_is_escaped_text():
    assert summarize("<p>标题&lt;script&gt;。</p>", 50) == "<p>标题&lt;script&gt;。</p>"


@pytest.mark.parametrize("characters, minutes", [(1, 1), (400, 1), (401, 2), (1643, 5)])
def test_reading_minutes(characters, minutes):
    assert reading_minutes(characters, 400) == minutes


def test_dates_and_language():
    assert zh_date(datetime.date(2018, 3, 13)) == "2018年3月13日"
    assert zh_date(datetime.date(2018, 12, 1)) == "2018年12月1日"
    assert language_tag("zh-cn") == "zh-CN"


@pytest.mark.parametrize(
    "value, items",
    [
        ("全国两会、基层党建", ["全国两会", "基层党建"]),
        ("甲, 乙，丙；丁;戊", ["甲", "乙", "丙", "丁", "戊"]),  # either width
        (" 、 ,", []),
        (None, []),
    ],
)
def test_split_list(value, items):
    assert split_list(value) == items


def summarize_whole_text(html, max_length):
    """summarize as it was first written: every paragraph's text, then the lead (cut
    at max_length - 2 even below 0, where it was the whole text but its end)."""
    paragraphs = [WHITESPACE.sub("", plain_text(p)) for p in PARAGRAPH.findall(html)]
    text = "".join(p for p in paragraphs if p) or WHITESPACE.sub("", plain_text(html))
    if len(text) <= max_length:
        lead = text
    else:
        ends = [m.end() for m in SENTENCE_END.finditer(text, 0, max_length + 1)]
        ends = [end for end in ends if end <= max_length]
        cut = max(max_length - len(ELLIPSIS), 0)
        lead = text[: ends[-1]] if ends else text[:cut] + ELLIPSIS
    return f"<p>{escape(lead)}</p>" if lead else ""


@pytest.mark.parametrize("seed", range(40))
def test_the_lead_is_the_one_from_the_whole_text(seed):
    """summarize reads paragraphs only until it has enough text: the same lead."""
    chance = random.Random(seed)
    pieces = ["党建", "引领", "。", "！", "？", "”", "》", " ", "\n", "<b>强</b>", "&lt;", "a"]
    paragraphs = [
        "".join(chance.choice(pieces) for _ in range(chance.randrange(0, 40)))
        for _ in range(chance.randrange(0, 8))
    ]
    opening, after = ["<p>", '<p class="x">', "<P>"], ["", "\n", "<br>"]
    html = (
        "".join(
            chance.choice(opening) + text + "</p>" + chance.choice(after) for text in paragraphs
        )
        or "无段落的正文。"
    )
    for max_length in (1, 5, 13, 40, 120, 400):
        assert summarize(html, max_length) == summarize_whole_text(html, max_length)

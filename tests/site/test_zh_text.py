"""Chinese text on the built site: summaries at sentence ends, reading time, ASCII URLs."""

import re

from dangjian.model.text import reading_minutes
from support import pieces_of_the_day


def test_site_summaries_end_at_sentence_ends(site):
    soup = site.soup("/")
    leads = [lead.get_text() for lead in soup.select(".print-piece-lead")]
    # The home page is the latest printed page: every piece on it but photo news has a lead.
    assert len(leads) == sum(p.fields["type"] != "photo" for p in pieces_of_the_day()) > 0
    for lead in leads:
        assert len(lead) <= 120
        assert re.search(r"([。！？][”’]?|……)$", lead), lead


def test_site_reading_time_and_character_count(site):
    soup = site.soup("/articles/2018/03/zhi-jian-shang-de-wei-ping-tai-ji-fa-dang-jian-xin-huo-li/")
    characters = len(re.sub(r"\s", "", soup.select_one(".story-body").get_text()))
    meta = soup.select_one(".story-meta").get_text()
    assert f"（{characters} 字）" in meta
    assert f"约 {reading_minutes(characters, 400)} 分钟读完" in meta


def test_site_urls_are_ascii(site):
    for url in site.pages():
        assert url.isascii(), url
    assert "/tags/quan-guo-liang-hui/" in site.pages()
    assert "/authors/chen-chun-yan/" in site.pages()

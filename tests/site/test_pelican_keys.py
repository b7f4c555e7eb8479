"""The header keys the content check refuses as Pelican's own (dangjian.model.rules.
PELICAN_KEYS) are every name Pelican gives an article: a new Pelican that adds one fails
here, before an editor can use it to move a page over another."""

import copy
import datetime

from pelican.contents import Article, Page
from pelican.readers import METADATA_PROCESSORS
from pelican.settings import DEFAULT_CONFIG

from dangjian.model.rules import PELICAN_KEYS, SITE_KEYS


def names_pelican_gives():
    """Attributes, properties and methods of Pelican's Article and Page, those it sets on
    a new article, and the metadata it processes itself."""
    article = Article(
        "正文",
        metadata={"title": "标题", "date": datetime.datetime(2018, 3, 13)},
        settings=copy.deepcopy(DEFAULT_CONFIG),
        source_path="/content/articles/a.md",
    )
    names = set(dir(Article)) | set(dir(Page)) | set(vars(article)) | set(METADATA_PROCESSORS)
    return {name for name in names if not name.startswith("_")}


def test_every_name_pelican_gives_an_article_is_refused_or_the_sites_own():
    unknown = names_pelican_gives() - PELICAN_KEYS - SITE_KEYS
    assert not unknown, f"add to PELICAN_KEYS (or SITE_KEYS if the site uses it): {unknown}"


def test_the_sites_own_fields_are_not_refused():
    assert not SITE_KEYS & PELICAN_KEYS

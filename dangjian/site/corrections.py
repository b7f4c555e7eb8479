"""更正: an article's corrections, and the date it was last changed.

    Correction: 2018-03-22 本文第二段中“……”应为“……”，特此更正。

Each `Correction:` line (the content model's changes.py reads them; its rules checked
them before Pelican read anything) becomes one entry of `article.piece.corrections`,
oldest first, shown at the top of the article (theme/templates/partials/correction.html).
The latest one's date becomes `article.modified`, Pelican's own field for a changed
article: its feeds give it as the entry's <updated>, the sitemap as the page's <lastmod>,
the JSON-LD (structured_data.py) as dateModified.
"""

import datetime

from pelican.contents import Article
from pelican.utils import set_date_tzinfo

from dangjian.model.changes import parse_corrections


def attach_corrections(content):
    if not isinstance(content, Article) or not content.metadata.get("correction"):
        return
    corrections = parse_corrections(content.metadata["correction"])
    content.piece.corrections = corrections
    changed = datetime.datetime.combine(corrections[-1].date, datetime.time())
    changed = set_date_tzinfo(changed, content.settings.get("TIMEZONE"))
    if getattr(content, "modified", None) is None or content.modified < changed:
        content.modified = changed
        content.locale_modified = changed.strftime(content.date_format)

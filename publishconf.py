"""Settings for the production build (`invoke publish`): pelicanconf.py plus these.

SITEURL is the published address, given in the environment, e.g.
    SITEURL=https://dangjian.example.cn invoke publish
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# Drafts are previews for editors, not for the public site.
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""

"""The editors' tools, on the content model only: import a printed page (importer/),
start an article (new.py), check everything without building (check.py)."""

import os
import runpy

from dangjian.paths import SETTINGS


def content_settings(content=None, settings=SETTINGS):
    """The settings file's values (PATH, ARTICLE_PATHS …) as the content model reads them,
    without Pelican: PATH is `content`, or the settings' own, relative to their folder."""
    values = {key: value for key, value in runpy.run_path(str(settings)).items() if key.isupper()}
    folder = os.path.dirname(os.path.abspath(settings))
    values["PATH"] = os.path.abspath(content or os.path.join(folder, values.get("PATH", "content")))
    return values

"""The content model at work in the build: all content checked before Pelican reads it,
the registries read once, and HTML from content sanitized as it is read.

At `initialized`, before any reader runs, the content model's `check_site()` checks the
whole content folder (the rules of `./run check`) and the build stops on any problem: a
file Pelican could not read (GBK, binary, a link out of content/, too large) is named
with its fix instead of failing inside Pelican's readers. The registries it read are
kept in the settings as REGISTRIES, the one object the site's other modules read them
from. Only Markdown is content: Pelican's HTML and reStructuredText readers, which take
raw HTML, are switched off.

Settings (with defaults):
    CONTENT_MAX_BYTES = 1_000_000   a larger content file is an error
Filled in: REGISTRIES (dangjian.model.Registries), READERS.
"""

from dangjian.errors import log, stop_on_errors
from dangjian.model import Problem, check_site, clean
from dangjian.speed import remembered_checks
from dangjian.speed.internals import body, set_body, set_summary
from dangjian.urls import SITE_URL_EXAMPLE, site_url_problem

OTHER_READERS = ("html", "htm", "rst")


def check_settings(pelican):
    """SITEURL goes into every page, feed and the sitemap: an http(s) address or nothing
    (root-relative links), however it was given (publishconf.py, -e SITEURL=…)."""
    for name in ("SITEURL", "FEED_DOMAIN"):
        value = pelican.settings.get(name) or ""
        problem = value and site_url_problem(value)
        if problem:
            log(Problem("", f"{problem.replace('SITEURL', name, 1)}。", SITE_URL_EXAMPLE, name))


def check_before_reading(pelican):
    settings = pelican.settings
    settings["READERS"] = {**settings.get("READERS", {}), **dict.fromkeys(OTHER_READERS)}
    with remembered_checks(settings) as memo:  # the checks of the build before
        checked = check_site(settings, memo=memo)
    for problem in checked.problems:
        log(problem)
    stop_on_errors()
    settings["REGISTRIES"] = checked.registries
    settings["CHECKED_SOURCES"] = checked.sources  # each article file as checked, not reread


def sanitize(content):
    """The body and the summary of an article or page, as they will be published."""
    set_body(content, clean(body(content)))
    if "summary" in content.metadata:
        set_summary(content, clean(content.metadata["summary"]))

"""The content model at work in the build: all content checked before Pelican reads it,
the registries read once, and HTML from content sanitized as it is read.

Before any reader runs, the content model checks the whole content folder (the rules of
`./run check`) and the build stops on any problem: a file Pelican could not read (GBK,
binary, a link out of content/, too large) is named with its fix instead of failing
inside Pelican's readers. The registries are read and checked at `initialized` and kept
in the settings as REGISTRIES, the one object the site's other modules read them from;
the contents are checked in a forked process meanwhile, while Pelican starts and loads
the contents kept from the build before (0.4 s of a daily publish at 5,000 articles),
and their problems are told before Pelican reads a source (finish_check). Only Markdown
is content: Pelican's HTML and reStructuredText readers, which take raw HTML, are
switched off.

Settings (with defaults):
    CONTENT_MAX_BYTES = 1_000_000   a larger content file is an error
Filled in: REGISTRIES (dangjian.model.Registries), CHECKED_SOURCES, READERS.
"""

from functools import partial

from dangjian.errors import log, stop_on_errors
from dangjian.model import Problem, check_contents, check_registries, clean
from dangjian.speed import beside, processes, remembered_checks
from dangjian.speed.internals import SitePelican, body, set_body, set_summary
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
    """Check the registries here (the rest of `initialized` reads them) and the contents
    in a forked process, while Pelican starts (finish_check); in this process with
    BUILD_PROCESSES = 1, when the registries have errors (reported with the rest), or
    for a Pelican that does not say when it starts reading (not a SitePelican)."""
    settings = pelican.settings
    settings["READERS"] = {**settings.get("READERS", {}), **dict.fromkeys(OTHER_READERS)}
    checked = check_registries(settings)
    settings["REGISTRIES"] = checked.registries
    check = partial(_contents_checked, settings, checked)
    if checked.errors or processes(settings) == 1 or not isinstance(pelican, SitePelican):
        _report(settings, check())
    else:
        pelican.content_check = beside(check, _check_failure)  # for finish_check


def finish_check(pelican, **_generators):
    """Before Pelican reads any source (internals.before_reading): the problems of the
    content check begun in a forked process, and the build stopped on an error."""
    pending = getattr(pelican, "content_check", None)
    if pending is not None:
        pelican.content_check = None
        _report(pelican.settings, pending())


def _contents_checked(settings, checked):
    """(the problems, each article file as checked: Checked.sources)"""
    if checked.registries is not None:  # None: a link loops (check_registries)
        with remembered_checks(settings) as memo:  # the checks of the build before
            check_contents(checked, settings, memo=memo)
    return checked.problems, checked.sources


def _report(settings, found):
    problems, sources = found
    for problem in problems:
        log(problem)
    stop_on_errors()
    settings["CHECKED_SOURCES"] = sources  # each article file as checked, not reread


def _check_failure(what):
    return Problem(
        "",
        f"检查稿件时出错（不是稿件的问题，请告诉开发人员）：\n{what}",
        "设置 BUILD_PROCESSES = 1 可在一个进程中重现这个错误。",
    )


def sanitize(content):
    """The body and the summary of an article or page, as they will be published."""
    set_body(content, clean(body(content)))
    if "summary" in content.metadata:
        set_summary(content, clean(content.metadata["summary"]))

"""Printed issues: the pieces of one day's page, in the order the paper printed them.

All pieces with one date form that day's issue (one printed page). Articles are
ordered newest first and, within a day, in print order: by their column's place
in the column registry, then by file name (so 01-…, 02-… inside a column).

Settings (with defaults):
    ISSUE_URL = "issues/{slug}/"
    ISSUE_SAVE_AS = "issues/{slug}/index.html"      slug is the date, 2018-03-13
    ISSUES_URL = "issues/"                          the calendar of the days printed
    ISSUES_SAVE_AS = "issues/index.html"
Adds to the context: `issues` (newest first) and `latest_issue`; to each issue
`previous_issue` / `next_issue`, the days printed before and after it (or None); to each
article's record (`article.piece`): `issue`, and `previous_in_issue` / `next_in_issue`, its
neighbours on the printed page (or None). Writes one page per issue with the template
"issue", and the calendar (issue_calendar.py: years → months → weeks of days, newest first)
with the template "issues": the only page whose size grows with the number of issues.
"""

import os
from functools import partial
from itertools import groupby

from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from .issue_calendar import WEEKDAY_NAMES, issue_calendar

DEFAULTS = {
    "ISSUE_URL": "issues/{slug}/",
    "ISSUE_SAVE_AS": "issues/{slug}/index.html",
    "ISSUES_URL": "issues/",
    "ISSUES_SAVE_AS": "issues/index.html",
}


class Issue(URLWrapper):
    """One printed page: its date and its pieces, grouped by column in print order."""

    def __init__(self, date, articles, settings):
        super().__init__(date.strftime("%Y-%m-%d"), settings)
        self.date = date
        self.articles = articles
        self.columns = [
            (column, list(pieces))
            for column, pieces in groupby(articles, key=lambda article: article.category)
        ]

    def render_digest(self):
        """What pages show of a printed page (dangjian/speed/render_cache.py): its date
        and address, its pieces (their columns come from them), the days around it."""
        around = [
            (issue.url, issue.date) if issue is not None else None
            for issue in (getattr(self, "previous_issue", None), getattr(self, "next_issue", None))
        ]
        return [self.url, self.save_as, self.date, self.articles, around]


def print_position(article):
    column_order = getattr(getattr(article, "category", None), "order", 0)
    return column_order, os.path.basename(article.source_path or "")


def sort_newest_first_in_print_order(generator):
    """Before Pelican groups articles by category, tag and author."""
    for articles in (generator.articles, generator.hidden_articles, generator.drafts):
        articles.sort(key=print_position)
        articles.sort(key=lambda article: article.date.date(), reverse=True)


class IssuesGenerator(Generator):
    def generate_context(self):
        by_day = groupby(self.context["articles"], key=lambda article: article.date.date())
        self.issues = [Issue(day, list(pieces), self.settings) for day, pieces in by_day]
        last = len(self.issues) - 1
        for position, issue in enumerate(self.issues):  # newest first
            issue.next_issue = self.issues[position - 1] if position > 0 else None
            issue.previous_issue = self.issues[position + 1] if position < last else None
        for issue in self.issues:
            neighbours = [None, *issue.articles, None]
            for position, article in enumerate(issue.articles, start=1):
                article.piece.issue = issue
                article.piece.previous_in_issue = neighbours[position - 1]
                article.piece.next_in_issue = neighbours[position + 1]
        self.context["issues"] = self.issues
        self.context["latest_issue"] = self.issues[0] if self.issues else None

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("issue")
        for issue in self.issues:
            write(
                issue.save_as,
                template,
                self.context,
                issue=issue,
                url=issue.url,
                template_name="issue",
            )
        if self.settings["ISSUES_SAVE_AS"]:
            write(
                self.settings["ISSUES_SAVE_AS"],
                self.get_template("issues"),
                self.context,
                calendar=issue_calendar(self.issues),
                weekday_names=WEEKDAY_NAMES,
                url=self.settings["ISSUES_URL"],
                template_name="issues",
            )


def get_generators(_pelican):
    return IssuesGenerator

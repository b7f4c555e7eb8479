"""The calendar of the days printed: years → months → weeks (Monday first) of days.

Only months with a printed day are listed; years and months newest first. Each day
of a month is a CalendarDay, linked when an issue was printed that day; the places
before the first and after the last day of the month are None.
"""

import calendar
from dataclasses import dataclass, field
from itertools import groupby

WEEK = calendar.Calendar(firstweekday=calendar.MONDAY)
WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")


@dataclass
class CalendarDay:
    day: int
    issue: object = None  # the Issue printed that day, or None


@dataclass
class CalendarMonth:
    year: int
    month: int
    weeks: list  # of 7 CalendarDay or None each
    issues: int  # days printed
    pieces: int

    @property
    def anchor(self):
        return f"m{self.year}-{self.month:02}"


@dataclass
class CalendarYear:
    year: int
    months: list = field(default_factory=list)

    @property
    def issues(self):
        return sum(month.issues for month in self.months)

    @property
    def pieces(self):
        return sum(month.pieces for month in self.months)

    @property
    def anchor(self):
        return f"y{self.year}"


def month_of(year, month, issues):
    """One month's weeks; `issues` are that month's issues."""
    by_day = {issue.date.day: issue for issue in issues}
    weeks = [
        [CalendarDay(day.day, by_day.get(day.day)) if day.month == month else None for day in week]
        for week in WEEK.monthdatescalendar(year, month)
    ]
    pieces = sum(len(issue.articles) for issue in issues)
    return CalendarMonth(year, month, weeks, len(issues), pieces)


def issue_calendar(issues):
    """[CalendarYear], newest first, from issues newest first."""
    years = []
    for year, of_year in groupby(issues, key=lambda issue: issue.date.year):
        entry = CalendarYear(year)
        for month, of_month in groupby(of_year, key=lambda issue: issue.date.month):
            entry.months.append(month_of(year, month, list(of_month)))
        years.append(entry)
    return years

"""TIMEX3 date values as calendar intervals, with their precision.

A TIMEX3 value becomes a start and end date and a precision like ACLED's `time_precision`:
`2018-08-23` is a day, `2016-W20` a week (Monday to Sunday), `2018-11` a month, `2014-SU` a
season (June to August; a winter runs from December into the next year), `1989-Q3` a quarter (July
to September), `1989-H2` a half (July to December), `2016` a year. Values
with unknown parts (`XXXX-11-25`), references (`PRESENT_REF`), durations and sets are not dates.
Plain Python (no spaCy), so the notebooks use it without loading a model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

PRECISIONS = ("day", "week", "month", "quarter", "season", "half", "year")
"""From most to least precise (a quarter and a season are both three months; a quarter is the
calendar's, so it comes first)."""

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


def interval(value: str) -> tuple[dt.date, dt.date, str] | None:
    """(start, end, precision) of a TIMEX3 date value, or None when it is not a calendar date."""
    if not isinstance(value, str) or "X" in value or value.endswith("_REF"):
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return day, day, "day"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(?:-WE)?", value):
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if value.endswith("-WE"):
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
        return monday, monday + dt.timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m.group(1)), int(m.group(2))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year, (first, last) = int(m.group(1)), _SEASONS[m.group(2)]
        end_year = year + 1 if m.group(2) == "WI" else year
        return (dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1]),
                "season")
    if m := re.fullmatch(r"(\d{4})-([QH])([1-4])", value):
        year, months, number = int(m.group(1)), 3 if m.group(2) == "Q" else 6, int(m.group(3))
        if number > 12 // months:
            return None
        first, last = (number - 1) * months + 1, number * months
        return (dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]),
                "quarter" if months == 3 else "half")
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def at_least(precision: str, minimum: str) -> bool:
    """Whether `precision` is as fine as `minimum` ("day" is at least "month")."""
    return PRECISIONS.index(precision) <= PRECISIONS.index(minimum)

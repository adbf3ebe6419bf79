"""The timeline: every dated statement (and, later, every incident) as an interval of days.

A TIMEX3 value becomes a start and end date and a precision like ACLED's `time_precision`:
`2018-08-23` is a day, `2016-W20` a week (Monday to Sunday), `2018-11` a month, `2014-SU` a
season (June to August; a winter runs from December into the next year), `2016` a year. Values
with unknown parts (`XXXX-11-25`), references (`PRESENT_REF`), durations and sets are not dates
and make no event.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

PRECISIONS = ("day", "week", "month", "season", "year")
"""From most to least precise."""

TIMELINE_COLUMNS = ["event_id", "date_start", "date_end", "date_precision", "kind", "summary", "doc_id",
                    "sentence_id", "actor_ids", "incident_id", "timex_text", "timex_value", "timex_mod",
                    "published", "source", "lag_days"]
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
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return None


def at_least(precision: str, minimum: str) -> bool:
    """Whether `precision` is as fine as `minimum` ("day" is at least "month")."""
    return PRECISIONS.index(precision) <= PRECISIONS.index(minimum)


def statement_events(timexes: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                     articles: pd.DataFrame) -> pd.DataFrame:
    """One `statement` event per sentence and distinct date it names, with the sentence as summary."""
    actors_by_sentence = (mentions[mentions["actor_type"] != "unlisted"]
                          .groupby(["doc_id", "sentence_id"])["actor_id"]
                          .agg(lambda ids: sorted(set(ids))).to_dict())
    sentence_text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    meta = articles.set_index("doc_id")[["published", "source"]]
    meta = meta[~meta.index.duplicated()]
    rows, seen = [], set()
    dated = timexes[timexes["type"].isin(["DATE", "TIME"])]
    for row in dated.itertuples(index=False):
        span = interval(row.value)
        if span is None or (row.doc_id, row.sentence_id, row.value) in seen:
            continue
        seen.add((row.doc_id, row.sentence_id, row.value))
        start, end, precision = span
        published = meta.at[row.doc_id, "published"] if row.doc_id in meta.index else None
        published = None if published is None or pd.isna(published) else pd.Timestamp(published).date()
        rows.append({
            "event_id": f"{row.doc_id}:s{row.sentence_id}:{row.value}", "date_start": start, "date_end": end,
            "date_precision": precision, "kind": "statement",
            "summary": sentence_text.get((row.doc_id, row.sentence_id), ""), "doc_id": row.doc_id,
            "sentence_id": int(row.sentence_id),
            "actor_ids": actors_by_sentence.get((row.doc_id, row.sentence_id), []), "incident_id": None,
            "timex_text": row.text, "timex_value": row.value, "timex_mod": row.mod,
            "published": published,
            "source": meta.at[row.doc_id, "source"] if row.doc_id in meta.index else None,
            "lag_days": (published - end).days if published else None,
        })
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return frame.sort_values(["date_start", "date_end", "doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


def build_timeline(timexes: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                   articles: pd.DataFrame, incidents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `timeline` table: statements, and incidents where an `incidents` table exists.

    Incidents join as `kind = incident` with their own dates (the casualty work adds them); a
    frame of incident events must already have the timeline's columns.
    """
    frames = [statement_events(timexes, sentences, mentions, articles)]
    if incidents is not None and not incidents.empty:
        frames.append(incidents.reindex(columns=TIMELINE_COLUMNS))
    frame = pd.concat([f for f in frames if not f.empty], ignore_index=True) if any(not f.empty for f in frames) \
        else frames[0]
    return frame.sort_values(["date_start", "date_end", "doc_id"], kind="stable").reset_index(drop=True)


def filter_timeline(timeline: pd.DataFrame, *, date_from: str | dt.date | None = None,
                    date_to: str | dt.date | None = None, actors: Sequence[str] = (),
                    min_precision: str = "year", kinds: Sequence[str] = ()) -> pd.DataFrame:
    """Events overlapping a date range, naming any of the actors, at least as precise as asked."""
    if min_precision not in PRECISIONS:
        raise ValueError(f"min_precision must be one of {', '.join(PRECISIONS)}, not {min_precision!r}")
    frame = timeline[timeline["date_precision"].map(lambda p: at_least(p, min_precision))]
    if date_from:
        frame = frame[pd.to_datetime(frame["date_end"]) >= pd.Timestamp(date_from)]
    if date_to:
        frame = frame[pd.to_datetime(frame["date_start"]) <= pd.Timestamp(date_to)]
    if actors:
        wanted = set(actors)
        frame = frame[frame["actor_ids"].map(lambda ids: bool(wanted & set(ids if ids is not None else [])))]
    if kinds:
        frame = frame[frame["kind"].isin(list(kinds))]
    return frame.reset_index(drop=True)


def events_per_month(timeline: pd.DataFrame) -> pd.DataFrame:
    """Events dated to a month or better, counted by the month they start in, per kind."""
    precise = timeline[timeline["date_precision"].isin(["day", "week", "month"])]
    months = pd.to_datetime(precise["date_start"]).dt.strftime("%Y-%m")
    return pd.crosstab(months, precise["kind"]).rename_axis(index="month", columns=None)

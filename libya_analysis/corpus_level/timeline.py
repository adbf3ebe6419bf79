"""The timeline: every dated statement (and, later, every incident) as an interval of days.

A TIMEX3 value becomes a start and end date and a precision like ACLED's `time_precision`:
`2018-08-23` is a day, `2016-W20` a week (Monday to Sunday), `2018-11` a month, `2014-SU` a
season (June to August; a winter runs from December into the next year), `1989-Q3` a quarter,
`1989-H2` a half year, `2016` a year. Values
with unknown parts (`XXXX-11-25`), references (`PRESENT_REF`), durations and sets are not dates
and make no event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..extract.timex import PRECISIONS, at_least, interval

TIMELINE_COLUMNS = ["event_id", "date_start", "date_end", "date_precision", "kind", "summary", "doc_id",
                    "sentence_id", "actor_ids", "incident_id", "timex_text", "timex_value", "timex_mod",
                    "published", "source", "lag_days"]
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


COVERAGE_MARGIN_DAYS = 7
"""The coverage of a corpus runs from this many days before its first publication to as many after its last."""


def coverage_span(articles: pd.DataFrame, *, margin_days: int = COVERAGE_MARGIN_DAYS) -> tuple[dt.date, dt.date] | None:
    """The days a corpus reports on as news: its publication dates, widened by `margin_days`; None
    when no article has a date. Dates outside it are history ("the 1969 coup") or plans."""
    published = pd.to_datetime(articles["published"], errors="coerce").dropna() if "published" in articles else None
    if published is None or published.empty:
        return None
    margin = pd.Timedelta(days=margin_days)
    return (published.min() - margin).date(), (published.max() + margin).date()


def split_by_coverage(timeline: pd.DataFrame, span: tuple[dt.date, dt.date] | None
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Events overlapping the coverage span, events ending before it, events starting after it
    (the three keep the timeline's order); with no span every event is inside."""
    if span is None or timeline.empty:
        return timeline, timeline.iloc[:0], timeline.iloc[:0]
    start, end = pd.to_datetime(timeline["date_start"]), pd.to_datetime(timeline["date_end"])
    before = end < pd.Timestamp(span[0])
    after = start > pd.Timestamp(span[1])
    return timeline[~before & ~after], timeline[before], timeline[after]


def spread_sample(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """`n` rows evenly spaced through the frame (all when it has no more), so a figure of a long
    chronology spans all of it instead of showing its first weeks."""
    if n <= 0 or len(frame) <= n:
        return frame if n > 0 else frame.iloc[:0]
    positions = sorted({round(i * (len(frame) - 1) / (n - 1)) for i in range(n)}) if n > 1 else [0]
    return frame.iloc[positions]

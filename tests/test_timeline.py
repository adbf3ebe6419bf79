"""Timeline: TIMEX3 values as day intervals with precision, statements with their evidence."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.corpus_level.timeline import (
    PRECISIONS,
    at_least,
    events_per_month,
    filter_timeline,
    interval,
)
from libya_analysis.io.store import TaggedCorpus

D = dt.date


@pytest.mark.parametrize("value, expected", [
    ("2018-08-23", (D(2018, 8, 23), D(2018, 8, 23), "day")),
    ("2015-04-13T09:42", (D(2015, 4, 13), D(2015, 4, 13), "day")),
    ("2016-W20", (D(2016, 5, 16), D(2016, 5, 22), "week")),
    ("2018-02", (D(2018, 2, 1), D(2018, 2, 28), "month")),
    ("2014-SU", (D(2014, 6, 1), D(2014, 8, 31), "season")),
    ("2015-WI", (D(2015, 12, 1), D(2016, 2, 29), "season")),
    ("2016", (D(2016, 1, 1), D(2016, 12, 31), "year")),
    ("1989-Q3", (D(1989, 7, 1), D(1989, 9, 30), "quarter")),
    ("1990-Q1", (D(1990, 1, 1), D(1990, 3, 31), "quarter")),
    ("1990-Q4", (D(1990, 10, 1), D(1990, 12, 31), "quarter")),
    ("1989-H1", (D(1989, 1, 1), D(1989, 6, 30), "half")),
    ("1989-H2", (D(1989, 7, 1), D(1989, 12, 31), "half")),
])
def test_interval_of_values(value, expected):
    assert interval(value) == expected


def test_precisions_run_from_finest_to_coarsest():
    """Quarters and halves sit between months and years, so the finest of several dates wins."""
    assert at_least("quarter", "half") and at_least("month", "quarter") and not at_least("half", "quarter")
    assert PRECISIONS.index("quarter") < PRECISIONS.index("half") < PRECISIONS.index("year")


@pytest.mark.parametrize("value", ["XXXX-11-25", "PRESENT_REF", "P3Y", "XXXX-WXX-4", None, "1989-QX", "1989-Q5",
                                   "1989-H3"])
def test_non_dates_make_no_interval(value):
    assert interval(value) is None


def test_seed_timeline_has_statements_with_evidence_and_lag(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    timeline = corpus.timeline
    assert set(timeline["kind"]) == {"statement", "incident"}
    statements = timeline[timeline["kind"] == "statement"]
    tazerbo = statements[(statements["doc_id"] == "001_5cd58fc28da61dcc") & (statements["timex_value"] == "2018-11-25")]
    assert len(tazerbo) == 1
    row = tazerbo.iloc[0]
    assert (row["date_start"], row["date_precision"], row["lag_days"]) == (D(2018, 11, 25), "day", 4)
    assert "Tazerbo" in row["summary"]
    summer = statements[statements["timex_value"] == "2014-SU"].iloc[0]
    assert (summer["date_start"], summer["date_end"]) == (D(2014, 6, 1), D(2014, 8, 31))
    assert "libya_dawn" in list(summer["actor_ids"])
    assert timeline["date_start"].is_monotonic_increasing


def test_filters_by_precision_date_and_actor(seeds_store):
    timeline = TaggedCorpus(seeds_store).timeline
    days = filter_timeline(timeline, min_precision="day")
    assert set(days["date_precision"]) == {"day"}
    in_2018 = filter_timeline(timeline, date_from="2018-01-01", date_to="2018-12-31", min_precision="month")
    assert all(pd.Timestamp(d).year == 2018 for d in in_2018["date_start"])
    isis = filter_timeline(timeline, actors=["isis"])
    assert len(isis) and all("isis" in list(ids) for ids in isis["actor_ids"])
    with pytest.raises(ValueError, match="min_precision"):
        filter_timeline(timeline, min_precision="decade")


def test_events_per_month_counts_precise_events_only(seeds_store):
    counts = events_per_month(TaggedCorpus(seeds_store).timeline)
    assert "2016" not in counts.index and counts.loc["2018-11", "statement"] >= 2


def test_timex_scores_on_the_seeds(seeds_store):
    from libya_analysis.analysis.evaluate import evaluate

    from .conftest import GOLD

    result = evaluate(GOLD, seeds_store)["timexes"]
    assert result["accuracy"] >= 0.9, result["errors"]

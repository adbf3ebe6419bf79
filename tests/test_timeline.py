"""Timeline: TIMEX3 values as day intervals with precision, statements with their evidence."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.corpus_level.timeline import (
    PRECISIONS,
    at_least,
    coverage_span,
    events_per_month,
    filter_timeline,
    interval,
    split_by_coverage,
    spread_sample,
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


def _events(*spans: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"event_id": [f"E{i}" for i in range(len(spans))],
                         "date_start": [dt.date.fromisoformat(a) for a, _ in spans],
                         "date_end": [dt.date.fromisoformat(b) for _, b in spans]})


def test_coverage_is_the_publication_span_with_a_margin():
    articles = pd.DataFrame({"published": ["2011-02-16", "2011-08-21", None, "2011-03-19"]})
    assert coverage_span(articles) == (dt.date(2011, 2, 9), dt.date(2011, 8, 28))
    assert coverage_span(pd.DataFrame({"published": [None, None]})) is None


def test_history_and_plans_fall_outside_the_coverage():
    events = _events(("1969-09-01", "1969-09-01"), ("2011-01-01", "2011-12-31"), ("2011-03-19", "2011-03-19"),
                     ("2011-02-08", "2011-02-08"), ("2012-06-01", "2012-06-30"))
    inside, before, after = split_by_coverage(events, (dt.date(2011, 2, 9), dt.date(2011, 8, 28)))
    assert inside["event_id"].tolist() == ["E1", "E2"]  # the year 2011 overlaps the coverage
    assert before["event_id"].tolist() == ["E0", "E3"]
    assert after["event_id"].tolist() == ["E4"]
    assert split_by_coverage(events, None)[0].equals(events)


def test_a_spread_sample_spans_the_whole_chronology():
    frame = pd.DataFrame({"n": range(100)})
    assert spread_sample(frame, 5)["n"].tolist() == [0, 25, 50, 74, 99]
    assert spread_sample(frame, 200)["n"].tolist() == list(range(100))
    assert spread_sample(frame, 1)["n"].tolist() == [0]
    assert spread_sample(frame, 0).empty


def test_figure_labels_keep_the_distinguishing_end_of_a_long_document_id():
    from libya_analysis.analysis.plots import short_id

    assert short_id("seed-1") == "seed-1"
    assert short_id("cnn-2011-03-19-145") == "cnn-2011-03-19-145"
    label = short_id("archive/2016/08/02/sirte-strikes-continue-0412")
    assert len(label) <= 24 and label.endswith("continue-0412"[-12:]) and label.startswith("archive/")

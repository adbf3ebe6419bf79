"""Merging figures into incidents within and across articles, with low / best / high."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from libya_analysis.corpus_level.incidents import merge_figures
from libya_analysis.extract.casualties import FIGURE_COLUMNS
from libya_analysis.io.store import TaggedCorpus


def _figures(rows):
    defaults = {"approximate": False, "vague": False, "aggregate": False, "status": "reported", "victims": "people",
                "victim_group": "unknown", "country": "Libya", "date_basis": "sentence", "incident_id": None,
                "cue": "killed", "form": "active", "start_char": 0, "end_char": 1, "text": "x"}
    frame = pd.DataFrame([{**defaults, "figure_id": f"f{i}", **row} for i, row in enumerate(rows)])
    frame = frame.reindex(columns=FIGURE_COLUMNS)
    for column in ("low", "high"):
        frame[column] = frame[column].astype("Int64")
    return frame


def test_same_attack_in_three_articles_is_one_incident_with_a_range():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=7, high=7, place="Tripoli", perpetrator_id="isis", date_value="2018-08-23"),
        dict(doc_id="a", sentence_id=3, category="killed", low=7, high=7, place="Tripoli", perpetrator_id="isis", date_value="2018-08"),
        dict(doc_id="b", sentence_id=1, category="killed", low=9, high=None, place="Tripoli", perpetrator_id=None, date_value="2018-08-23"),
        dict(doc_id="c", sentence_id=0, category="killed", low=7, high=7, place="Libya", perpetrator_id="isis", date_value="2018-W34"),
        dict(doc_id="c", sentence_id=0, category="injured", low=10, high=None, place="Libya", perpetrator_id="isis", date_value="2018-W34"),
    ])
    incidents, incident_of = merge_figures(figures)
    assert len(incidents) == 1
    row = incidents.iloc[0]
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (7, 7, 9)
    assert row["injured_low"] == 10 and row["n_reports"] == 3 and list(row["doc_ids"]) == ["a", "b", "c"]
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (dt.date(2018, 8, 23), dt.date(2018, 8, 23), "day")
    assert set(incident_of) == {row["incident_id"]}


def test_different_days_or_places_stay_apart_even_for_the_same_group():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=5, high=5, place="Sirte", perpetrator_id="isis", date_value="2016-05-01"),
        dict(doc_id="a", sentence_id=2, category="killed", low=5, high=5, place="Sirte", perpetrator_id="isis", date_value="2016-05-09"),
        dict(doc_id="b", sentence_id=0, category="killed", low=5, high=5, place="Derna", perpetrator_id="isis", date_value="2016-05-01"),
    ])
    incidents, _ = merge_figures(figures)
    assert len(incidents) == 3


def test_coordinated_figures_add_up_and_headline_repeats_do_not():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=17, high=17, place=None, perpetrator_id=None, date_value="2017-03-02", form="headline"),
        dict(doc_id="a", sentence_id=2, category="killed", low=7, high=None, place=None, perpetrator_id=None, date_value="2017-03-02"),
        dict(doc_id="a", sentence_id=2, category="killed", low=10, high=10, place=None, perpetrator_id=None, date_value="2017-03-02", form="coordinated"),
    ])
    incidents, _ = merge_figures(figures)
    row = incidents.iloc[0]
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (17, 17, 17)


def test_aggregates_vague_and_zero_figures_never_become_incidents():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=700, high=None, aggregate=True, place=None, perpetrator_id=None, date_value="2016-04"),
        dict(doc_id="a", sentence_id=1, category="killed", low=None, high=None, vague=True, place=None, perpetrator_id=None, date_value="2016-06"),
        dict(doc_id="a", sentence_id=2, category="killed", low=0, high=0, place=None, perpetrator_id=None, date_value="2016-06-01"),
    ])
    incidents, incident_of = merge_figures(figures)
    assert incidents.empty and incident_of.isna().all()


def test_seed_incidents_join_the_timeline(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    incidents = corpus.incidents[corpus.incidents["place"] == "Tazerbo"]
    assert len(incidents) == 1 and incidents.iloc[0]["killed_best"] == 9
    timeline = corpus.timeline
    events = timeline[timeline["kind"] == "incident"]
    assert set(events["incident_id"]) == set(corpus.incidents["incident_id"])
    tazerbo = events[events["incident_id"] == incidents.iloc[0]["incident_id"]].iloc[0]
    assert tazerbo["date_start"] == dt.date(2018, 11, 25) and "Tazerbo" in tazerbo["summary"]
    figures = corpus.casualties
    assert figures.loc[figures["aggregate"], "incident_id"].isna().all()


def test_an_open_upper_bound_stays_open():
    figures = _figures([dict(doc_id="a", sentence_id=0, category="injured", low=10, high=None, place="Tripoli",
                             perpetrator_id="isis", date_value="2018-08-23")])
    row = merge_figures(figures)[0].iloc[0]
    assert (row["injured_low"], row["injured_best"]) == (10, 10) and pd.isna(row["injured_high"])


def test_only_dated_incident_figures_become_incidents():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=1200, high=1200, kind="historical", place="Tripoli",
             perpetrator_id=None, date_value="1996"),
        dict(doc_id="a", sentence_id=1, category="killed", low=100000, high=None, kind="aggregate", aggregate=True,
             place="Algeria", perpetrator_id=None, date_value=None),
        dict(doc_id="a", sentence_id=2, category="killed", low=16, high=16, kind="undated", place="Misrata",
             perpetrator_id=None, date_value=None),
        dict(doc_id="a", sentence_id=3, category="killed", low=6, high=6, kind="incident", place="Misrata",
             perpetrator_id=None, date_value="2011-03-24"),
    ])
    incidents, incident_of = merge_figures(figures)
    assert len(incidents) == 1 and incidents.iloc[0]["killed_best"] == 6
    assert incident_of.notna().tolist() == [False, False, False, True]


def test_a_figure_without_place_joins_only_its_own_article():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=233, high=233, place=None, country=None,
             perpetrator_id=None, date_value="2011-02"),
        dict(doc_id="b", sentence_id=0, category="killed", low=12, high=12, place="Misrata", perpetrator_id=None,
             date_value="2011-02-20"),
        dict(doc_id="b", sentence_id=2, category="killed", low=12, high=12, place=None, country=None,
             perpetrator_id=None, date_value="2011-02-20"),
    ])
    incidents, incident_of = merge_figures(figures)
    assert len(incidents) == 2
    assert incident_of[1] == incident_of[2] != incident_of[0]
    far = _figures([
        dict(doc_id="r", sentence_id=2, category="killed", low=4, high=4, place="Tripoli", perpetrator_id=None,
             date_value="2011-07-28"),
        dict(doc_id="r", sentence_id=30, category="killed", low=1462, high=1462, place=None, country=None,
             perpetrator_id=None, date_value="2011-07-28"),
    ])
    assert len(merge_figures(far)[0]) == 2, "another story of a round-up stays apart"


def test_a_figure_without_place_joins_another_harm_only_in_its_own_sentence():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="abducted", low=4, high=4, place=None, country=None,
             perpetrator_id=None, date_value="2011-04-07"),
        dict(doc_id="a", sentence_id=2, category="killed", low=4, high=4, place="Libya", perpetrator_id=None,
             date_value="2011-04-07"),
        dict(doc_id="a", sentence_id=2, category="injured", low=9, high=9, place=None, country=None,
             perpetrator_id=None, date_value="2011-04-07"),
    ])
    incidents, incident_of = merge_figures(figures)
    assert incident_of[1] == incident_of[2] != incident_of[0], "seized in the headline, killed in the lede: two"


def test_never_across_countries_or_kinds_of_harm():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=20, high=20, place="Libya", country="Libya",
             perpetrator_id=None, date_value="2011-03"),
        dict(doc_id="b", sentence_id=0, category="killed", low=40, high=40, place="Afghanistan", country="Afghanistan",
             perpetrator_id=None, date_value="2011-03"),
        dict(doc_id="c", sentence_id=0, category="abducted", low=3, high=3, place="Libya", country="Libya",
             perpetrator_id=None, date_value="2011-03-05"),
    ])
    incidents, _ = merge_figures(figures)
    assert len(incidents) == 3


def test_a_later_toll_supersedes_the_earlier_one():
    figures = _figures([
        dict(doc_id="early", sentence_id=0, category="killed", low=30, high=30, place="Kohat", country="Pakistan",
             perpetrator_id=None, date_value="2010-12-08"),
        dict(doc_id="later", sentence_id=0, category="killed", low=45, high=45, place="Kohat", country="Pakistan",
             perpetrator_id=None, date_value="2010-12-08"),
        dict(doc_id="early2", sentence_id=0, category="killed", low=30, high=30, place="Kohat", country="Pakistan",
             perpetrator_id=None, date_value="2010-12-08"),
    ])
    published = {"early": dt.date(2010, 12, 8), "early2": dt.date(2010, 12, 8), "later": dt.date(2010, 12, 9)}
    row = merge_figures(figures, published=published)[0].iloc[0]
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (30, 45, 45)


def test_figures_far_above_the_usual_size_are_flagged_not_dropped():
    from libya_analysis.corpus_level.incidents import REVIEW_MIN_FIGURES, casualty_incidents

    rows = [dict(doc_id=f"d{i}", sentence_id=0, category="killed", low=5 + i % 7, high=5 + i % 7, place="Sirte",
                 perpetrator_id=None, date_value=f"2016-05-{1 + i:02d}", kind="incident")
            for i in range(REVIEW_MIN_FIGURES)]
    rows.append(dict(doc_id="big", sentence_id=0, category="killed", low=15000, high=15000, place="Misrata",
                     perpetrator_id=None, date_value="2016-06-10", kind="incident"))
    articles = pd.DataFrame({"doc_id": [r["doc_id"] for r in rows], "published": [None] * len(rows)})
    figures, incidents = casualty_incidents(_figures(rows), articles)
    flagged = figures[figures["review"].notna()]
    assert flagged["doc_id"].tolist() == ["big"] and "15,000 killed" in flagged.iloc[0]["review"]
    big = incidents[incidents["doc_ids"].map(lambda ids: list(ids) == ["big"])].iloc[0]
    assert big["killed_best"] == 15000 and big["review"] == flagged.iloc[0]["review"]
    assert len(incidents) == len(rows)


def test_copies_of_one_story_are_one_report():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=7, high=7, place="Tripoli", perpetrator_id="isis", date_value="2018-08-23"),
        dict(doc_id="copy", sentence_id=1, category="killed", low=9, high=9, place="Tripoli", perpetrator_id="isis", date_value="2018-08-23"),
        dict(doc_id="b", sentence_id=0, category="killed", low=7, high=7, place="Tripoli", perpetrator_id=None, date_value="2018-08-23"),
    ])
    incidents, _ = merge_figures(figures, stories={"a": "a", "copy": "a", "b": "b"})
    row = incidents.iloc[0]
    assert (row["n_reports"], row["n_articles"]) == (2, 3)
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (7, 7, 7), "the copy's figure is not a report"
    counted, _ = merge_figures(figures)
    assert counted.iloc[0]["n_reports"] == 3


def test_copies_without_a_place_join_their_story_and_the_latest_report_of_a_story_counts():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=30, high=30, place=None, country=None,
             perpetrator_id=None, date_value="2016-05-16"),
        dict(doc_id="copy", sentence_id=0, category="killed", low=30, high=30, place=None, country=None,
             perpetrator_id=None, date_value="2016-05-16"),
        dict(doc_id="b", sentence_id=0, category="killed", low=40, high=40, place="Sirte", perpetrator_id=None,
             date_value="2016-05-16"),
        dict(doc_id="a", sentence_id=1, category="killed", low=30, high=30, place="Sirte", perpetrator_id=None,
             date_value="2016-05-16"),
    ])
    stories = {"a": "a", "copy": "a", "b": "b"}
    published = {"a": dt.date(2016, 5, 16), "copy": dt.date(2016, 5, 18), "b": dt.date(2016, 5, 17)}
    incidents, incident_of = merge_figures(figures, published=published, stories=stories)
    assert len(incidents) == 1, "a copy's placeless figure is its story's, not a new incident"
    row = incidents.iloc[0]
    assert (row["n_reports"], row["n_articles"]) == (2, 3)
    assert row["killed_best"] == 40, "the later story's toll; the copy's later date is not a new report"


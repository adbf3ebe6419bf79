"""Tallies: totals with ranges, scope filters, aggregate claims apart, exclusions explained."""

from __future__ import annotations

import pandas as pd

from libya_analysis.analysis import tallies
from libya_analysis.io.store import TaggedCorpus


def _incidents():
    return pd.DataFrame([
        {"incident_id": "I1", "date_start": pd.Timestamp("2018-08-23").date(), "date_end": pd.Timestamp("2018-08-23").date(),
         "date_precision": "day", "place": "Tripoli", "country": "Libya", "perpetrator_id": "isis",
         "killed_low": 7, "killed_best": 7, "killed_high": 9, "injured_low": 10, "injured_best": 10, "injured_high": None,
         "abducted_low": None, "abducted_best": None, "abducted_high": None, "n_reports": 2},
        {"incident_id": "I2", "date_start": pd.Timestamp("2018-11-25").date(), "date_end": pd.Timestamp("2018-11-25").date(),
         "date_precision": "day", "place": "Sinai", "country": "Egypt", "perpetrator_id": None,
         "killed_low": None, "killed_best": 40, "killed_high": 40, "injured_low": None, "injured_best": None,
         "injured_high": None, "abducted_low": None, "abducted_best": None, "abducted_high": None, "n_reports": 1},
    ])


def test_totals_keep_ranges_and_count_open_upper_bounds():
    table = tallies.totals(_incidents()).set_index("category")
    assert table.loc["killed", ["low", "best", "high"]].tolist() == [7, 47, 49]
    assert table.loc["injured", ["low", "best", "high", "open_high"]].tolist() == [10, 10, 10, 1]


def test_scope_filters():
    incidents = _incidents()
    assert tallies.incidents_in_scope(incidents, country="Libya")["incident_id"].tolist() == ["I1"]
    assert tallies.incidents_in_scope(incidents, perpetrators=["isis"])["incident_id"].tolist() == ["I1"]
    assert tallies.incidents_in_scope(incidents, date_from="2018-09-01")["incident_id"].tolist() == ["I2"]
    assert tallies.incidents_in_scope(incidents, categories=["injured"])["incident_id"].tolist() == ["I1"]
    by_perpetrator = tallies.totals(incidents, by="perpetrator_id")
    assert set(by_perpetrator["perpetrator_id"]) == {"isis", "unknown"}


def test_seed_tallies_show_aggregates_apart_and_explain_exclusions(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    claims = tallies.aggregate_claims(corpus.casualties, corpus.sentences)
    assert set(claims["doc_id"]) == {"003_035726488161ba6f"} and "700" in " ".join(claims["figure"])
    reasons = dict(zip(*tallies.exclusions(corpus.casualties).values.T))
    assert reasons["aggregate claim over a period (shown apart)"] == 2
    assert "vague count (no number)" in reasons
    table = tallies.incident_table(corpus.incidents, corpus.casualties, corpus.sentences, corpus.actors)
    tazerbo = table[table["place"] == "Tazerbo"].iloc[0]
    assert tazerbo["killed"] == "9" and "Tazerbo" in tazerbo["evidence"]
    totals = tallies.totals(corpus.incidents).set_index("category")
    assert 700 > totals.loc["killed", "best"]


def test_evidence_shows_the_first_distinct_sentences_and_how_many_more():
    repeated = [("a", "Ten people were killed in Sirte."), ("b", "Ten people were  killed in Sirte."),
                ("c", "Ten people were killed in Sirte."), ("d", "ISIS claimed the attack."),
                ("e", "A second sentence."), ("f", "A third one."), ("g", "A fourth one.")]
    text = tallies.cap_evidence(repeated, limit=3)
    assert text.count("Ten people") == 1 and text.startswith("[a] Ten people")
    assert text.endswith("and 2 more") and "[d] ISIS claimed" in text
    assert tallies.cap_evidence(repeated, limit=None).count(" | ") == 4
    assert tallies.cap_evidence([], limit=3) == ""

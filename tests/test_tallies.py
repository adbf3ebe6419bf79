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


def _figures_and_context():
    import datetime as dt

    from libya_analysis.extract.casualties import FIGURE_COLUMNS

    base = {"approximate": False, "vague": False, "status": "reported", "victims": "people", "victim_group": "unknown",
            "perpetrator_id": None, "country": "Libya", "incident_id": None, "cue": "killed", "form": "active",
            "start_char": 0, "end_char": 1, "text": "x", "review": None, "date_basis": None}
    rows = [
        dict(figure_id="a:f0", doc_id="a", sentence_id=0, category="killed", low=30000, high=None, kind="aggregate",
             aggregate=True, place=None, date_value=None),
        dict(figure_id="b:f0", doc_id="b", sentence_id=0, category="killed", low=1200, high=1200, kind="historical",
             aggregate=False, place="Tripoli", date_value="1996"),
        dict(figure_id="b:f1", doc_id="b", sentence_id=1, category="killed", low=4, high=4, kind="undated",
             aggregate=False, place="Misrata", date_value=None),
        dict(figure_id="c:f0", doc_id="c", sentence_id=0, category="killed", low=6, high=6, kind="undated",
             aggregate=False, place="Misrata", date_value=None),
    ]
    figures = pd.DataFrame([{**base, **r} for r in rows]).reindex(columns=FIGURE_COLUMNS)
    figures[["low", "high"]] = figures[["low", "high"]].astype("Int64")
    sentences = pd.DataFrame({"doc_id": ["a", "b", "b", "c"], "sentence_id": [0, 0, 1, 0],
                              "text": ["30,000 killed since February, the NTC said.", "In 1996, 1,200 were killed.",
                                       "Four people were killed in Misrata.", "Six people died in Misrata."]})
    articles = pd.DataFrame({"doc_id": ["a", "b", "c"], "published": [dt.date(2011, 9, 8), dt.date(2011, 4, 2),
                                                                      dt.date(2011, 4, 20)]})
    mentions = pd.DataFrame({"doc_id": ["a"], "sentence_id": [0], "actor_name": ["National Transitional Council"]})
    return figures, sentences, articles, mentions


def test_claimed_totals_name_the_claimant_and_the_date():
    figures, sentences, articles, mentions = _figures_and_context()
    claims = tallies.claimed_totals(figures, sentences, articles, mentions)
    assert claims[["figure", "claimed_by"]].values.tolist() == [["30000 (30000–open)", "National Transitional Council"]]
    assert str(claims.loc[0, "reported"]) == "2011-09-08"


def test_undated_and_historical_are_listed_and_brought_in_only_on_request():
    figures, sentences, articles, _ = _figures_and_context()
    listed = tallies.figures_out_of_tallies(figures, sentences)
    assert listed["kind"].tolist() == ["historical", "undated", "undated"]
    undated = tallies.undated_incidents(figures, articles)
    assert len(undated) == 1 and undated.iloc[0]["incident_id"].startswith("U")
    row = undated.iloc[0]
    assert (row["date_precision"], str(row["date_start"]), row["killed_best"]) == ("month", "2011-04-01", 6)
    assert row["killed_low"] == 4 and row["n_reports"] == 2
    reasons = dict(zip(*tallies.exclusions(figures).values.T))
    assert reasons["undated: no date in its sentence, the one before or the report (listed apart)"] == 2


def test_flagged_incidents_come_first():
    incidents = _incidents().assign(review=[None, "40 killed is 20x the corpus median"])
    assert tallies.review_first(incidents)["incident_id"].tolist() == ["I2", "I1"]


def test_exclusions_read_open_bounds_as_no_number():
    figures = pd.DataFrame({"incident_id": [None, None, None], "kind": ["incident", "incident", "undated"],
                            "vague": [False, False, False], "aggregate": [False, False, False],
                            "low": pd.array([10, 0, None], dtype="Int64"), "high": pd.array([None, 0, 5], dtype="Int64"),
                            "date_value": [None, "2011-03-01", None]})
    reasons = dict(tallies.exclusions(figures).itertuples(index=False))
    assert reasons["reported zero (\"no casualties\")"] == 1
    assert reasons["undated: no date in its sentence, the one before or the report (listed apart)"] == 2

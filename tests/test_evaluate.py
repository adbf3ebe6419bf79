"""Scoring a tagged store against annotations in the shared format."""

from __future__ import annotations

import pandas as pd
import pytest

from libya_analysis.analysis.evaluate import (
    GoldError,
    check_minimums,
    evaluate,
    format_report,
    load_gold,
    score_actors,
)

from .conftest import GOLD


def _actors():
    return pd.DataFrame([
        {"actor_id": "un", "name": "United Nations", "type": "international_body", "aliases": ["UN"], "parent_id": None},
        {"actor_id": "unsc", "name": "UN Security Council", "type": "international_body",
         "aliases": ["Security Council"], "parent_id": "un"},
        {"actor_id": "misrata_brigades", "name": "Misrata brigades", "type": "militia",
         "aliases": ["Misrata"], "parent_id": None},
        {"actor_id": "unlisted:reuters", "name": "Reuters", "type": "unlisted", "aliases": [], "parent_id": None},
    ])


def _mention(doc, text, actor_id, type_):
    return {"doc_id": doc, "sentence_id": 0, "start_char": 0, "end_char": len(text), "text": text,
            "actor_id": actor_id, "actor_name": text, "actor_type": type_}


def test_parent_counts_and_not_actors_are_errors_only_for_gazetteer_actors():
    gold = [{"id": "a", "actors": {"required": ["United Nations", "the Reuters", "NATO"]},
             "not_actors": ["Misrata", "Reuters"]}]
    mentions = pd.DataFrame([_mention("a", "Security Council", "unsc", "international_body"),
                             _mention("a", "Reuters", "unlisted:reuters", "unlisted"),
                             _mention("a", "Misrata", "misrata_brigades", "militia")])
    result = score_actors(gold, mentions, _actors())
    assert result["found"] == 2 and result["required"] == 3
    assert result["misses"] == [{"doc_id": "a", "actor": "NATO"}]
    assert [e["name"] for e in result["not_actor_errors"]] == ["Misrata"]


def test_an_outlet_of_the_gazetteer_is_no_not_actor_error():
    gold = [{"id": "a", "actors": {"required": []}, "not_actors": ["Reuters"]}]
    mentions = pd.DataFrame([_mention("a", "Reuters", "reuters", "media")])
    actors = pd.DataFrame([{"actor_id": "reuters", "name": "Reuters", "type": "media", "aliases": [],
                            "parent_id": None}])
    assert score_actors(gold, mentions, actors)["not_actor_errors"] == []


def test_seeds_reach_the_required_recall_with_no_not_actor_error(seeds_store):
    result = evaluate(GOLD, seeds_store)
    assert result["actors"]["recall"] >= 0.95, result["actors"]["misses"]
    assert result["actors"]["not_actor_errors"] == []
    assert result["figures"]["precision"] == 1.0 and result["figures"]["recall"] == 1.0
    assert result["figures"]["negative_hits"] == []
    assert result["events"]["recall"] == 1.0
    assert "required-actor recall" in format_report(result)
    assert check_minimums(result, min_actor_recall=0.95, max_not_actor_errors=0) == []
    assert check_minimums(result, min_actor_recall=1.01) != []


def test_gold_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "gold.yaml"
    bad.write_text("documents:\n  - id: a\n   actors: [\n")
    with pytest.raises(GoldError, match="gold.yaml, line"):
        load_gold(bad)
    bad.write_text("something: else\n")
    with pytest.raises(GoldError, match="documents"):
        load_gold(bad)


def test_timex_scoring_locates_gold_text_and_checks_value():
    from libya_analysis.analysis.evaluate import score_timexes

    articles = pd.DataFrame({"doc_id": ["a"], "text": ["On Thursday and again Thursday, in the fall."]})
    timexes = pd.DataFrame([
        {"doc_id": "a", "start_char": 3, "end_char": 11, "value": "2018-08-23"},
        {"doc_id": "a", "start_char": 22, "end_char": 30, "value": "2018-08-16"},
        {"doc_id": "a", "start_char": 35, "end_char": 43, "value": "2018-FA"},
    ])
    gold = [{"id": "a", "timexes": [
        {"text": "Thursday", "value": "2018-08-23"},
        {"text": "thursday", "value": "2018-08-23"},
        {"text": "fall", "value": "2017-FA", "also": ["2018-FA"]},
        {"text": "Friday", "value": "2018-08-24"},
    ]}]
    result = score_timexes(gold, timexes, articles)
    assert (result["correct"], result["total"]) == (2, 4)
    assert [(e["text"], e["problem"]) for e in result["errors"]] == [
        ("thursday", "wrong value"), ("Friday", "text not found in the article")]


def test_sections_the_gold_file_does_not_annotate_are_not_scored(tmp_path, seeds_store):
    gold = tmp_path / "actors_only.yaml"
    gold.write_text("documents:\n- id: 000_1ee145b5139273b0\n  actors: {required: [ISIS]}\n")
    result = evaluate(gold, seeds_store)
    assert set(result) == {"actors"} and result["actors"]["recall"] == 1.0


def test_timex_gold_text_is_located_as_a_word_not_inside_one():
    from libya_analysis.analysis.evaluate import score_timexes

    articles = pd.DataFrame({"doc_id": ["a"], "text": ["Officials acknowledged they know it now."]})
    timexes = pd.DataFrame([{"doc_id": "a", "start_char": 36, "end_char": 39, "value": "PRESENT_REF"}])
    result = score_timexes([{"id": "a", "timexes": [{"text": "now", "value": "PRESENT_REF"}]}], timexes, articles)
    assert result["correct"] == 1


# --- key dates against a reference timeline -----------------------------------------------------

def _timeline_file(tmp_path, entries):
    import json

    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_reference_timeline_is_read_by_date(tmp_path):
    import datetime as dt

    from libya_analysis.analysis.evaluate import load_reference_timeline

    path = _timeline_file(tmp_path, [{"date": "2011-03-19", "sentences": ["Jets strike.", "Ships fire."]},
                                     {"date": "2011-02-17", "sentences": ["Protests begin."]}])
    timeline = load_reference_timeline(path)
    assert list(timeline) == [dt.date(2011, 2, 17), dt.date(2011, 3, 19)]
    assert timeline[dt.date(2011, 3, 19)] == "Jets strike. Ships fire."
    with pytest.raises(GoldError, match="entry #1"):
        load_reference_timeline(_timeline_file(tmp_path, [{"when": "yesterday"}]))
    with pytest.raises(GoldError, match="no such timeline"):
        load_reference_timeline(tmp_path / "missing.json")


def test_date_f1_counts_exact_days():
    import datetime as dt

    from libya_analysis.analysis.evaluate import date_f1

    d = dt.date
    score = date_f1([d(2011, 3, 19), d(2011, 3, 20), d(2011, 3, 21), d(2011, 3, 22)],
                    [d(2011, 3, 19), d(2011, 3, 21)])
    assert score["hits"] == 2 and score["precision"] == 0.5 and score["recall"] == 1.0
    assert score["f1"] == pytest.approx(2 / 3)
    assert date_f1([d(2011, 3, 18)], [d(2011, 3, 19)])["f1"] == 0.0


def test_aligned_rouge_matches_only_summaries_of_the_same_date():
    import datetime as dt

    from libya_analysis.analysis.evaluate import aligned_rouge

    d = dt.date
    reference = {d(2011, 3, 19): "Coalition jets struck Libyan air defences."}
    assert aligned_rouge({d(2011, 3, 19): "Coalition jets struck Libyan air defences."}, reference, n=2)["f1"] == 1.0
    assert aligned_rouge({d(2011, 3, 20): "Coalition jets struck Libyan air defences."}, reference, n=1)["f1"] == 0.0
    partial = aligned_rouge({d(2011, 3, 19): "Coalition aircraft struck defences near Tripoli."}, reference, n=1)
    # shared unigrams after stemming: coalition, struck, defences -> 3 of 6 each side
    assert partial["precision"] == pytest.approx(3 / 6) and partial["recall"] == pytest.approx(3 / 6)
    extra = aligned_rouge({d(2011, 3, 19): "Coalition jets struck Libyan air defences.",
                           d(2011, 3, 25): "Talks resumed in Doha."}, reference, n=1)
    assert extra["recall"] == 1.0 and extra["precision"] == pytest.approx(6 / 10)  # unmatched dates cost precision


def test_evaluate_key_dates_on_a_store(tmp_path):
    import datetime as dt

    from libya_analysis.analysis.evaluate import _within_span, evaluate_key_dates, format_key_dates_report
    from libya_analysis.corpus_level.key_dates import key_dates_table
    from libya_analysis.io.store import write_store

    from .test_key_dates import _war

    tables = _war().tables()
    tables["key_dates"] = key_dates_table(tables)
    write_store(tmp_path / "store", tables, [], {})
    top = tables["key_dates"].iloc[0]
    # the benchmark protocol: key dates of the articles published within the reference's span
    within = key_dates_table(_within_span(tables, dt.date(2014, 3, 1), dt.date(2014, 3, 5))).set_index("date")
    reference = _timeline_file(tmp_path, [
        {"date": "2014-03-01", "sentences": [within.loc[dt.date(2014, 3, 1), "summary"]]},
        {"date": "2014-03-05", "sentences": [within.loc[dt.date(2014, 3, 5), "summary"]]}])
    result = evaluate_key_dates(reference, tmp_path / "store")
    assert result["reference_dates"] == 2
    assert result["dates"]["hits"] == 2 and result["dates"]["f1"] == 1.0
    # summaries are aligned by date: the key dates' own sentences as the reference score 1
    assert result["summaries"]["rouge1_f1"] == 1.0 and result["summaries"]["rouge2_f1"] == 1.0
    assert result["baseline_summaries"]["rouge1_f1"] < 1.0
    assert result["oracle_summaries"]["with_summary"] == 2
    assert result["missed_dates"] == []
    assert dt.date(2014, 3, 1) == top["date"]
    assert "date F1 of the top 2" in format_key_dates_report(result)


def test_evaluate_key_dates_needs_the_table(tmp_path):
    from libya_analysis.analysis.evaluate import evaluate_key_dates
    from libya_analysis.io.store import write_store

    from .test_key_dates import _war

    write_store(tmp_path / "store", _war().tables(), [], {})
    reference = _timeline_file(tmp_path, [{"date": "2014-03-01", "sentences": ["An attack."]}])
    with pytest.raises(GoldError, match="no key_dates table"):
        evaluate_key_dates(reference, tmp_path / "store")


def test_the_benchmark_protocol_keeps_to_the_reference_span(tmp_path):
    """As Timeline17 is scored: the input is the articles of the reference's span and only its days
    are candidates; the store's own ranking of the whole corpus is reported beside it."""
    import datetime as dt

    from libya_analysis.analysis.evaluate import evaluate_key_dates
    from libya_analysis.corpus_level.key_dates import key_dates_table
    from libya_analysis.io.store import write_store

    from .test_key_dates import _war

    tables = _war().tables()
    tables["key_dates"] = key_dates_table(tables)
    write_store(tmp_path / "store", tables, [], {})
    assert tables["key_dates"].iloc[0]["date"] == dt.date(2014, 3, 1)  # the corpus's top day, outside the span
    reference = _timeline_file(tmp_path, [{"date": "2014-03-05", "sentences": ["Rival forces shelled the airport."]},
                                          {"date": "2014-03-12", "sentences": ["A minister resigned."]}])
    result = evaluate_key_dates(reference, tmp_path / "store")
    assert result["span"] == ["2014-03-05", "2014-03-12"] and result["articles_in_span"] == 3
    assert result["dates"]["f1"] == 1.0
    assert result["stored_dates"]["f1"] < 1.0

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

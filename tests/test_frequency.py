"""Actor frequency tables on the tagged seeds and on small hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.analysis import frequency
from libya_analysis.io.store import TaggedCorpus


def _frames():
    articles = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "status": ["ok", "ok", "duplicate"],
        "published": [dt.date(2018, 8, 24), None, dt.date(2018, 9, 1)],
        "source": ["Asharq", None, "Asharq"]})
    mentions = pd.DataFrame([
        ("a", 0, 0, 4, "ISIS", "isis", "Islamic State", "armed_group"),
        ("a", 0, 10, 13, "GNA", "gna", "Government of National Accord", "government"),
        ("a", 1, 20, 24, "ISIS", "isis", "Islamic State", "armed_group"),
        ("b", 0, 0, 4, "ISIS", "isis", "Islamic State", "armed_group"),
        ("b", 0, 5, 12, "Reuters", "unlisted:reuters", "Reuters", "unlisted"),
        ("c", 0, 0, 4, "ISIS", "isis", "Islamic State", "armed_group"),
        ("a", 2, 30, 37, "Reuters", "reuters", "Reuters", "media"),
        ("a", 2, 40, 50, "protesters", "protesters_libya", "Protesters (Libya)", "protesters"),
    ], columns=["doc_id", "sentence_id", "start_char", "end_char", "text", "actor_id", "actor_name", "actor_type"])
    mentions["label"] = "ORG"
    return articles, mentions


def test_ranking_counts_mentions_and_articles_of_usable_articles_only():
    articles, mentions = _frames()
    scoped = frequency.mentions_in_scope(mentions, articles)
    ranking = frequency.actor_ranking(scoped)
    assert ranking[["actor_id", "mentions", "articles"]].values.tolist() == [
        ["isis", 3, 2], ["gna", 1, 1], ["protesters_libya", 1, 1]]


def test_outlets_stay_out_unless_asked_and_collectives_can_be_left_out():
    articles, mentions = _frames()
    actors = pd.DataFrame({"actor_id": ["isis", "gna", "protesters_libya", "reuters"],
                           "collective": [False, False, True, False]})
    assert "reuters" not in set(frequency.mentions_in_scope(mentions, articles)["actor_id"])
    assert "reuters" in set(frequency.mentions_in_scope(mentions, articles, include_media=True)["actor_id"])
    named = frequency.mentions_in_scope(mentions, articles, include_collective=False, actors=actors)
    assert set(named["actor_id"]) == {"isis", "gna"}
    with pytest.raises(ValueError, match="actors table"):
        frequency.mentions_in_scope(mentions, articles, include_collective=False)


def test_date_range_leaves_out_undated_articles_and_months_show_undated():
    articles, mentions = _frames()
    scoped = frequency.mentions_in_scope(mentions, articles)
    assert set(scoped["month"]) == {"2018-08", frequency.UNDATED}
    in_range = frequency.mentions_in_scope(mentions, articles, date_from="2018-08-01", date_to="2018-08-31")
    assert set(in_range["doc_id"]) == {"a"}
    months = frequency.by_month(scoped, ["isis"])
    assert list(months.index) == ["2018-08", frequency.UNDATED]


def test_actor_type_filter_and_min_mentions():
    articles, mentions = _frames()
    scoped = frequency.mentions_in_scope(mentions, articles, actor_types=["government"])
    assert set(scoped["actor_id"]) == {"gna"}
    assert frequency.actor_ranking(frequency.mentions_in_scope(mentions, articles), min_mentions=2)["actor_id"].tolist() == ["isis"]


def test_cooccurrence_counts_sentences_naming_both():
    articles, mentions = _frames()
    matrix = frequency.cooccurrence(frequency.mentions_in_scope(mentions, articles), ["isis", "gna"])
    assert matrix.loc["Islamic State", "Government of National Accord"] == 1
    assert matrix.loc["Islamic State", "Islamic State"] == 3


def test_unlisted_candidates_and_source_table():
    articles, mentions = _frames()
    candidates = frequency.unlisted_candidates(mentions)
    assert candidates["name"].tolist() == ["Reuters"]
    sources = frequency.by_source(frequency.mentions_in_scope(mentions, articles), ["isis", "gna"])
    assert sources.loc["Islamic State", "unknown source"] == 1


def test_example_sentences_mark_the_mention(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    scoped = frequency.mentions_in_scope(corpus.mentions, corpus.articles)
    examples = frequency.example_sentences(scoped, corpus.sentences, ["isis"], per_actor=3)
    assert len(examples) == 3 and examples["doc_id"].nunique() == 3
    assert all("[" in s and "]" in s for s in examples["sentence"])
    assert frequency.actor_ranking(scoped).iloc[0]["actor_id"] == "isis"


def test_role_resolution_counts_role_mentions_by_how_they_were_resolved():
    articles, mentions = _frames()
    mentions["resolved_by"] = "gazetteer"
    mentions.loc[mentions["actor_id"] == "protesters_libya", ["label", "resolved_by"]] = ["ROLE", "collective"]
    table = frequency.role_resolution(frequency.mentions_in_scope(mentions, articles))
    assert table.loc["Protesters (Libya)"].to_dict() == {"collective": 1, "total": 1}


def test_a_near_duplicate_does_not_count_again_in_the_articles_column():
    articles, mentions = _frames()
    articles = pd.concat([articles, pd.DataFrame({"doc_id": ["d"], "status": ["near_duplicate"],
                                                  "published": [dt.date(2018, 8, 25)], "source": ["Wire"]})])
    articles["story_id"] = ["a", "b", None, "a"]
    mentions = pd.concat([mentions, mentions[mentions["doc_id"] == "a"].assign(doc_id="d")])
    scoped = frequency.mentions_in_scope(mentions, articles)
    ranking = frequency.actor_ranking(scoped).set_index("actor_id")
    assert (ranking.at["isis", "mentions"], ranking.at["isis", "articles"]) == (5, 2)
    counted = frequency.actor_ranking(scoped, count_near_duplicates=True).set_index("actor_id")
    assert counted.at["isis", "articles"] == 3
    note = frequency.scope_note(articles, scoped)["count"]
    assert note["near-duplicates (copies of another article's story)"] == 1 and note["usable articles"] == 3

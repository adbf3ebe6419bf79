"""Analysts' corrections: validation with clear errors, and how they change the tables."""

from __future__ import annotations

import pandas as pd
import pytest

from libya_analysis.corpus_level.corrections import (
    Corrections,
    apply_corrections,
    corrected_incidents,
    corrections_view,
    find_corrections,
    load_corrections,
)
from libya_analysis.exceptions import CorrectionsError

from .test_incidents import _figures


def _load(tmp_path, text: str) -> Corrections:
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    return load_corrections(path)


@pytest.mark.parametrize("text, message", [
    ("figures:\n- {figure_id: a:1, lwo: 3}\n", r"figures entry 1: unknown key\(s\) lwo"),
    ("figures:\n- {figure_id: a:1}\n", "figures entry 1: nothing to do"),
    ("figures:\n- {figure_id: a:1, drop: true}\n- {figure_id: a:2, low: 5, high: 3}\n",
     "figures entry 2: low 5 is above high 3"),
    ("figures:\n- {figure_id: a:1, low: many}\n", "'low' must be a whole number"),
    ("figures:\n- {figure_id: a:1, category: wounded}\n", "category must be one of killed, injured, abducted"),
    ("figures:\n- {figure_id: a:1, date: last week}\n", "is not a calendar date"),
    ("incidents:\n- {merge: [a:1]}\n", "incidents entry 1: 'merge' must list at least two figure ids"),
    ("incidents:\n- {merge: [a:1, a:2], split: a:3}\n", "either 'merge'"),
    ("actors:\n- {name: Abu Nabil}\n", "actors entry 1: give either 'actor_id'"),
    ("actor:\n- {name: Abu Nabil, not_actor: true}\n", r"unknown section\(s\) actor"),
    ("figures: [a, b\n", "line 2: not valid YAML"),
])
def test_errors_name_the_file_and_the_entry(tmp_path, text, message):
    with pytest.raises(CorrectionsError, match=message) as error:
        _load(tmp_path, text)
    assert str(tmp_path / "corrections.yaml") in str(error.value)


def test_a_valid_file_is_read_with_its_hash(tmp_path):
    corrections = _load(tmp_path, "figures:\n- {figure_id: 'a:1', date: 2016-05-20, note: moved}\n"
                                  "incidents:\n- {split: 'a:2'}\nactors:\n- {name: X, not_actor: true}\n")
    assert corrections.figures[0]["date"] == "2016-05-20" and len(corrections) == 3
    assert corrections.hash and corrections.hash != _load(tmp_path, "figures: []\n").hash


def test_the_file_beside_a_corpus_is_found(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    assert find_corrections(folder) is None
    (folder / "corrections.yaml").write_text("figures: []\n")
    assert find_corrections(folder) == folder / "corrections.yaml"
    (tmp_path / "wire.jsonl").write_text("")
    (tmp_path / "wire.corrections.yaml").write_text("figures: []\n")
    assert find_corrections(tmp_path / "wire.jsonl") == tmp_path / "wire.corrections.yaml"
    assert find_corrections(tmp_path / "other.csv") is None


def _tables():
    figures = _figures([
        dict(doc_id="a", sentence_id=0, category="killed", low=7, high=7, place="Sirte", perpetrator_id="isis",
             date_value="2016-05-16"),
        dict(doc_id="a", sentence_id=4, category="killed", low=3, high=3, place="Derna", perpetrator_id=None,
             date_value="2016-05-16"),
    ])
    mentions = pd.DataFrame([
        {"doc_id": "a", "sentence_id": 0, "text": "Daesh", "actor_id": "isis", "actor_name": "Islamic State",
         "actor_type": "armed_group", "resolved_by": "gazetteer"},
        {"doc_id": "a", "sentence_id": 2, "text": "Abu Nabil", "actor_id": "unlisted:abu nabil",
         "actor_name": "Abu Nabil", "actor_type": "unlisted", "resolved_by": "ner"},
    ])
    actors = pd.DataFrame([
        {"actor_id": "isis", "name": "Islamic State", "type": "armed_group"},
        {"actor_id": "abu_nabil_al_anbari", "name": "Abu Nabil al-Anbari", "type": "person"},
        {"actor_id": "unlisted:abu nabil", "name": "Abu Nabil", "type": "unlisted"},
    ])
    return {"casualties": figures, "mentions": mentions, "actors": actors}


def test_figure_corrections_change_the_rows_and_note_them(tmp_path):
    corrections = _load(tmp_path, "figures:\n- {figure_id: f0, low: 12, high: 12, note: revised toll}\n"
                                  "- {figure_id: f0, category: injured}\n- {figure_id: f1, drop: true, note: comment}\n"
                                  "- {figure_id: f9, date: 2016-05}\n")
    result = apply_corrections(_tables(), corrections)
    figures = result["casualties"].set_index("figure_id")
    assert list(figures.index) == ["f0"], "a dropped figure leaves the table"
    assert (figures.at["f0", "low"], figures.at["f0", "category"]) == (12, "injured")
    assert figures.at["f0", "correction"] == "revised toll; category"
    report = result["corrections"]
    assert list(report["applied"]) == [True, True, True, False]
    assert "no figure f9" in report["problem"].iloc[3]
    assert "dropped killed 3-3" in report["detail"].iloc[2]


def test_a_date_correction_moves_the_figure_to_another_incident(tmp_path):
    corrections = _load(tmp_path, "figures:\n- {figure_id: f1, date: 2016-06-02}\n")
    tables = apply_corrections(_tables(), corrections)
    _, incidents = corrected_incidents(tables["casualties"], pd.DataFrame({"doc_id": ["a"]}), corrections)
    assert sorted(incidents["date_start"].astype(str)) == ["2016-05-16", "2016-06-02"]
    assert tables["casualties"].set_index("figure_id").at["f1", "date_basis"] == "correction"


def test_actor_relabel_and_not_actor(tmp_path):
    corrections = _load(tmp_path, "actors:\n- {name: abu nabil, actor_id: abu_nabil_al_anbari, note: known leader}\n"
                                  "- {name: Daesh, not_actor: true, note: quoted slogan}\n"
                                  "- {name: Nobody, not_actor: true}\n- {name: Daesh, actor_id: nonexistent}\n")
    result = apply_corrections(_tables(), corrections)
    mentions = result["mentions"]
    assert list(mentions["actor_id"]) == ["abu_nabil_al_anbari"]
    assert (mentions["actor_type"].iloc[0], mentions["correction"].iloc[0]) == ("person", "known leader")
    assert "unlisted:abu nabil" not in set(result["actors"]["actor_id"]), "an unlisted name with no mention left"
    figures = result["casualties"].set_index("figure_id")
    assert pd.isna(figures.at["f0", "perpetrator_id"]) and figures.at["f0", "correction"] == "quoted slogan"
    assert list(result["corrections"]["applied"]) == [True, True, False, False]


def test_merge_and_split_rerun_the_merge_with_constraints(tmp_path):
    tables = _tables()
    articles = pd.DataFrame({"doc_id": ["a"]})
    _, apart = corrected_incidents(tables["casualties"], articles, Corrections())
    assert len(apart) == 2, "different places stay apart"
    figures, merged = corrected_incidents(tables["casualties"], articles,
                                          _load(tmp_path, "incidents:\n- {merge: [f0, f1], note: one attack}\n"))
    assert len(merged) == 1 and figures["incident_id"].nunique() == 1 and merged["correction"].iloc[0] == "one attack"
    assert "review" in figures.columns and "review" in merged.columns
    together = _figures([dict(doc_id=d, sentence_id=0, category="killed", low=5, high=5, place="Sirte",
                              perpetrator_id=None, date_value="2016-05-16") for d in ("a", "b", "c")])
    _, split = corrected_incidents(together, pd.DataFrame({"doc_id": list("abc")}),
                                   _load(tmp_path, "incidents:\n- {split: f1}\n"))
    assert sorted(split["n_reports"]) == [1, 2]


def test_the_notebook_view_shows_changes_and_misses(tmp_path):
    corrections = _load(tmp_path, "figures:\n- {figure_id: f0, low: 12, high: 12, note: revised}\n"
                                  "- {figure_id: f7, drop: true}\n")
    view = corrections_view(apply_corrections(_tables(), corrections)["corrections"])
    assert list(view["what changed"]) == ["killed 7-7 on 2016-05-16: 'x' -> killed 12-12 on 2016-05-16",
                                          "no figure f7 in the tagged corpus"]
    assert corrections_view(None).empty


def test_cli_corrections_option_overrides_the_file_beside_the_corpus(write_corpus, tmp_path):
    from libya_analysis.cli import main
    from libya_analysis.io.store import read_manifest

    corpus = write_corpus({"a.txt": "Gunmen killed seven soldiers in Sabha on Monday.\n"})
    (corpus / "corrections.yaml").write_text("figures:\n- {figure_id: 'a:nothing', drop: true}\n")
    own = tmp_path / "mine.yaml"
    own.write_text("actors:\n- {name: Sabha, not_actor: true}\n")
    out = tmp_path / "out"
    assert main(["-q", "tag", str(corpus), "--out", str(out)]) == 0
    assert read_manifest(out)["corrections"]["file"] == str(corpus / "corrections.yaml")
    assert main(["-q", "tag", str(corpus), "--out", str(out), "--corrections", str(own)]) == 0
    assert read_manifest(out)["corrections"]["file"] == str(own)
    own.write_text("actors:\n- {name: Sabha, bogus: 1}\n")
    assert main(["-q", "tag", str(corpus), "--out", str(out), "--corrections", str(own)]) == 2

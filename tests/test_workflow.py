"""The analyst workflow end to end on a copy of the seeds with a wire copy of one article and a
French article: near-duplicates tagged and counted once, stable figure ids, corrections re-applied
without re-parsing, and the ACLED export."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from libya_analysis.analysis.export import export
from libya_analysis.io.store import TaggedCorpus
from libya_analysis.tagger import tag

from .conftest import SEEDS
from .test_language import FRENCH

ORIGINAL = "000_1ee145b5139273b0"


def _wire_copy(text: str) -> str:
    """A new first line, one changed word, the last paragraph dropped."""
    lines = text.rstrip("\n").split("\n")
    copy = "TRIPOLI (Wire) - Reporting by the wire desk\n" + "\n".join(lines[:-1]) + "\n"
    assert "pledged" in copy
    return copy.replace("pledged", "vowed", 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workflow") / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "wire_copy.txt").write_text(_wire_copy((SEEDS / f"{ORIGINAL}.txt").read_text(encoding="utf-8")))
    (folder / "fr_article.txt").write_text(FRENCH, encoding="utf-8")
    with open(folder / "metadata.csv", "a", encoding="utf-8") as metadata:
        metadata.write("wire_copy.txt,,Wire service,2018-08-25,\nfr_article.txt,,Le Journal,2018-08-26,\n")
    return folder


@pytest.fixture(scope="module")
def first(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("first") / "tagged"
    return out, tag(corpus, out)


def _figure_ids(store) -> dict[str, tuple]:
    figures = pd.read_parquet(store / "casualties.parquet")
    return {r.figure_id: (r.doc_id, r.start_char, r.category) for r in figures.itertuples()}


def test_copy_is_near_duplicate_french_is_not_english_and_seeds_stay_ok(first):
    out, manifest = first
    articles = TaggedCorpus(out).articles.set_index("doc_id")
    assert articles.loc["wire_copy", "status"] == "near_duplicate"
    assert articles.loc["wire_copy", "duplicate_of"] == ORIGINAL == articles.loc["wire_copy", "story_id"]
    assert articles.loc["fr_article", "status"] == "not_english"
    assert set(articles.drop(index=["wire_copy", "fr_article"])["status"]) == {"ok"}
    assert manifest["articles"]["tagged"] == 6, "the near-duplicate is tagged, the French article is not"


def test_the_copy_reports_the_same_incident_once(first):
    incidents = TaggedCorpus(first[0]).incidents
    tripoli = incidents[incidents["doc_ids"].map(lambda ids: ORIGINAL in list(ids))].iloc[0]
    assert set(tripoli["doc_ids"]) == {ORIGINAL, "wire_copy"}
    assert (tripoli["n_reports"], tripoli["n_articles"], tripoli["killed_best"]) == (1, 2, 7)


def test_figure_ids_are_the_same_without_cache_and_after_an_article_is_added(first, corpus, tmp_path):
    ids = _figure_ids(first[0])
    fresh = tmp_path / "fresh"
    tag(corpus, fresh, use_cache=False)
    assert _figure_ids(fresh) == ids
    grown = tmp_path / "grown"
    shutil.copytree(corpus, grown)
    (grown / "005_new.txt").write_text("Militants killed four guards at an oil field near Zella on Monday, "
                                       "officials said.\n")
    tag(grown, tmp_path / "grown_tagged")
    after = _figure_ids(tmp_path / "grown_tagged")
    assert {k: v for k, v in after.items() if v[0] != "005_new"} == ids
    assert any(v[0] == "005_new" for v in after.values())


def test_corrections_apply_the_incidents_follow_and_an_edit_reapplies_without_parsing(first, corpus, tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    out = tmp_path / "tagged"
    shutil.copytree(first[0], out)  # the store: its parts keep the per-document tables
    figures = pd.read_parquet(out / "casualties.parquet").set_index("figure_id")
    killed = figures[(figures["doc_id"] == ORIGINAL) & (figures["category"] == "killed")].index[0]
    mentions = TaggedCorpus(out).mentions
    named = mentions[(mentions["doc_id"] == ORIGINAL) & (mentions["actor_type"] != "unlisted")
                     & ~mentions["actor_id"].isin(set(figures["perpetrator_id"].dropna()))]
    name = named["text"].iloc[0]
    other = figures[(figures["doc_id"] == "002_9aaf6b0a2917e77d") & figures["incident_id"].notna()].index[0]
    (folder / "corrections.yaml").write_text(
        f"figures:\n- {{figure_id: '{other}', drop: true, note: not this conflict}}\n"
        f"- {{figure_id: '{killed}', low: 9, high: 9, note: revised toll}}\n"
        f"- {{figure_id: 'gone:123', drop: true}}\n"
        f"actors:\n- {{name: '{name}', not_actor: true, note: quoted}}\n")
    manifest = tag(folder, out)
    assert not manifest.get("reused") and manifest["articles"]["tagged"] == 0, "re-applied from the cache"
    assert manifest["corrections"]["applied"] == 3 and len(manifest["corrections"]["not_applied"]) == 1
    corrected = TaggedCorpus(out)
    assert other not in set(corrected.casualties["figure_id"])
    assert not any(other in list(ids) for ids in corrected.incidents["figure_ids"])
    row = corrected.casualties.set_index("figure_id").loc[killed]
    assert (row["low"], row["high"], row["correction"]) == (9, 9, "revised toll")
    tripoli = corrected.incidents[corrected.incidents["figure_ids"].map(lambda ids: killed in list(ids))].iloc[0]
    assert tripoli["killed_low"] == 9
    assert name not in set(corrected.mentions["text"]), "a not_actor name has no mention when the store is read"
    assert "correction" in corrected.table("mentions", columns=["doc_id", "correction"]).columns
    assert len(corrected.incidents) == len(TaggedCorpus(first[0]).incidents) - 1
    assert tag(folder, out)["reused"], "an unchanged corrections file changes nothing"
    (folder / "corrections.yaml").write_text(f"figures:\n- {{figure_id: '{killed}', low: 6, high: 6}}\n")
    edited = tag(folder, out)
    assert not edited.get("reused") and edited["articles"]["tagged"] == 0
    assert TaggedCorpus(out).casualties.set_index("figure_id").loc[killed, "low"] == 6
    assert name in set(TaggedCorpus(out).mentions["text"]), "the stored parts kept the mention"


def test_acled_export_has_the_columns_and_one_row_per_incident(first, tmp_path):
    target = tmp_path / "acled.csv"
    assert export(first[0], target, fmt="acled") == len(TaggedCorpus(first[0]).incidents)
    frame = pd.read_csv(target)
    assert list(frame.columns) == ["event_id_cnty", "event_date", "year", "time_precision", "actor1", "country",
                                   "location", "latitude", "longitude", "fatalities", "notes", "source"]
    tripoli = frame[frame["event_date"] == "2018-08-23"].iloc[0]
    assert (tripoli["time_precision"], tripoli["fatalities"], tripoli["location"]) == (1, 7, "Tripoli")
    assert tripoli["actor1"] == "Islamic State"
    assert "seven security personnel" in tripoli["notes"]
    assert "Wire service" in tripoli["source"] and "Asharq" in tripoli["source"]


def test_acled_export_takes_coordinates_from_the_packaged_place_list(first, tmp_path):
    from importlib import resources

    import yaml

    listed = yaml.safe_load(resources.files("libya_analysis").joinpath("data", "places.yaml").read_text("utf-8"))
    where = {p["name"]: (p["lat"], p["lon"]) for p in listed["places"] if p.get("lat") is not None}
    target = tmp_path / "acled.csv"
    export(first[0], target, fmt="acled")
    frame = pd.read_csv(target)
    located = frame[frame["location"].isin(list(where))]
    assert len(located) and located["latitude"].notna().all()
    for row in located.itertuples():
        assert (row.latitude, row.longitude) == pytest.approx(where[row.location])

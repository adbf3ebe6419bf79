"""Tagging: the store's tables, the per-article cache, and the DocBin files."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from libya_analysis.exceptions import StoreError
from libya_analysis.io.store import TaggedCorpus, read_docs, read_manifest
from libya_analysis.tagger import tag

from .conftest import SEEDS


def test_store_has_every_table_and_a_manifest(seeds_store):
    manifest = read_manifest(seeds_store)
    assert {"articles", "sentences", "actors", "mentions", "places", "timexes", "timeline"} <= set(manifest["rows"])
    for key in ("schema_version", "package_version", "package_hash", "spacy_version", "model",
                "model_version", "gazetteer_hash", "input_hash", "timings", "created", "parameters"):
        assert key in manifest
    assert manifest["articles"]["ok"] == 5


def test_offsets_index_into_article_text(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    texts = corpus.articles.set_index("doc_id")["text"]
    for table in ("mentions", "places", "sentences"):
        frame = corpus.table(table)
        assert not frame.empty
        for row in frame.itertuples(index=False):
            assert texts[row.doc_id][row.start_char:row.end_char] == row.text


def test_actors_table_has_gazetteer_and_unlisted(seeds_store):
    actors = TaggedCorpus(seeds_store).actors
    assert {"actor_id", "name", "type", "aliases", "parent_id"} <= set(actors.columns)
    assert actors.set_index("actor_id").loc["unsc", "parent_id"] == "un"
    assert "ISIL" in list(actors.set_index("actor_id").loc["isis", "aliases"])
    assert (actors["type"] == "unlisted").any()


def test_docbin_files_hold_the_parse(seeds_store, nlp):
    docs = list(read_docs(seeds_store, nlp.vocab))
    assert [d.user_data["doc_id"] for d in docs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(d.has_annotation("DEP") and d.has_annotation("LEMMA") for d in docs)
    assert any(e.ent_id_ == "isis" for e in docs[0].ents)


def test_cache_reuses_articles_and_tags_only_new_ones(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "tagged"
    first = tag(corpus, out)
    assert (first["articles"]["from_cache"], first["articles"]["tagged"]) == (0, 5)
    again = tag(corpus, out)
    assert again["reused"] and again["created"] == first["created"], "an unchanged corpus is not re-tagged"
    (corpus / "000_1ee145b5139273b0.txt").touch()
    assert tag(corpus, out)["reused"], "the content decides, not the file time"
    (corpus / "005_new.txt").write_text("ISIS fighters attacked a checkpoint near Sirte on Monday.")
    grown = tag(corpus, out)
    assert (grown["articles"]["from_cache"], grown["articles"]["tagged"]) == (5, 1)
    fresh = tag(corpus, out, use_cache=False)
    assert fresh["articles"]["from_cache"] == 0
    assert "005_new" in set(TaggedCorpus(out).mentions["doc_id"])


def test_cached_and_fresh_runs_give_the_same_tables(tmp_path, seeds_store):
    out = tmp_path / "again"
    tag(SEEDS, out, use_cache=False)
    for table in ("sentences", "mentions", "places", "timexes", "figures", "casualties", "incidents"):
        pd.testing.assert_frame_equal(TaggedCorpus(out).table(table), TaggedCorpus(seeds_store).table(table))


def test_incomplete_store_is_refused(tmp_path, seeds_store):
    copy = tmp_path / "copy"
    shutil.copytree(seeds_store, copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(StoreError, match="incomplete"):
        TaggedCorpus(copy)


def test_store_of_another_schema_is_refused(tmp_path, seeds_store):
    copy = tmp_path / "copy"
    shutil.copytree(seeds_store, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["schema_version"] = "0.1"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="schema version"):
        read_manifest(copy)


def test_status_rows_are_kept_and_not_tagged(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "ISIS attacked Sirte.", "b.txt": "", "c.txt": "ISIS attacked Sirte.",
                           "d.txt": b"\x00\x01"})
    manifest = tag(corpus, tmp_path / "out")
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("doc_id")
    assert dict(articles["status"]) == {"a": "ok", "b": "empty", "c": "duplicate", "d": "binary"}
    assert manifest["articles"]["ok"] == 1
    assert set(TaggedCorpus(tmp_path / "out").mentions["doc_id"]) == {"a"}


def test_sentences_never_span_a_line_break(seeds_store):
    sentences = TaggedCorpus(seeds_store).sentences
    assert not sentences["text"].str.contains("\n").any()
    headline = sentences[(sentences["doc_id"] == "002_9aaf6b0a2917e77d") & (sentences["sentence_id"] == 0)]
    assert headline["text"].iloc[0] == "ISIL attacks US allies in Libya"


def test_two_processes_give_the_same_tables(tmp_path, seeds_store):
    out = tmp_path / "parallel"
    tag(SEEDS, out, processes=2, use_cache=False)
    for table in ("sentences", "mentions", "places", "timexes", "figures", "casualties", "incidents"):
        pd.testing.assert_frame_equal(TaggedCorpus(out).table(table), TaggedCorpus(seeds_store).table(table))


PER_DOC_AND_CORPUS = ("sentences", "mentions", "places", "timexes", "figures", "casualties", "incidents",
                      "timeline", "actors", "topics", "topic_info")


def assert_same_tables(left, right, tables=PER_DOC_AND_CORPUS):
    for table in tables:
        pd.testing.assert_frame_equal(TaggedCorpus(left).table(table), TaggedCorpus(right).table(table),
                                      obj=table)


def test_incremental_run_equals_a_full_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    names = sorted(p.name for p in corpus.glob("*.txt"))
    held_back = corpus / names[4]
    text = held_back.read_text()
    held_back.unlink()
    out = tmp_path / "tagged"
    first = tag(corpus, out, chunk_size=2)
    assert (first["articles"]["tagged"], first["parts_written"]["new"]) == (4, 2)
    held_back.write_text(text)  # an article added,
    (corpus / names[1]).unlink()  # one removed (its part is filtered, not parsed again),
    changed = corpus / names[3]  # and one changed
    changed.write_text(changed.read_text().replace("Libya", "Libya's"))
    grown = tag(corpus, out, chunk_size=2)
    assert grown["articles"]["tagged"] == 2, "only the added and the changed article are parsed"
    assert grown["articles"]["from_cache"] == 2
    assert grown["parts_written"]["filtered"] >= 1
    full = tmp_path / "full"
    tag(corpus, full, use_cache=False)
    assert_same_tables(out, full)
    assert names[1].removesuffix(".txt") not in set(TaggedCorpus(out).sentences["doc_id"])
    on_disk = {p.stem.removeprefix("part-") for p in (out / "mentions").glob("part-*.parquet")}
    assert on_disk == set(read_manifest(out)["parts"]), "parts no longer indexed are deleted"


def test_a_store_of_the_older_layout_is_tagged_again_in_place(tmp_path, seeds_store):
    out = tmp_path / "old"
    out.mkdir()
    (out / "mentions.parquet").write_bytes(b"old")
    (out / ".cache").mkdir()
    (out / "manifest.json").write_text(json.dumps({"schema_version": "1.0"}))
    with pytest.raises(StoreError, match="tag the corpus again"):
        TaggedCorpus(out)
    tag(SEEDS, out)
    assert not (out / "mentions.parquet").exists() and not (out / ".cache").exists()
    assert_same_tables(out, seeds_store, ("mentions", "incidents"))


def test_columns_and_filters_read_only_what_is_asked(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    first = sorted(corpus.articles["doc_id"])[0]
    some = corpus.table("sentences", columns=["doc_id", "sentence_id"], filters=[("doc_id", "==", first)])
    assert list(some.columns) == ["doc_id", "sentence_id"]
    assert set(some["doc_id"]) == {first} and len(some) == (corpus.sentences["doc_id"] == first).sum()
    assert list(some["sentence_id"]) == sorted(some["sentence_id"])


def test_dask_local_cluster_writes_the_same_tables(tmp_path, seeds_store):
    out = tmp_path / "dask"
    manifest = tag(SEEDS, out, dask="local:2", chunk_size=2)
    assert manifest["articles"]["tagged"] == 5 and manifest["parts_written"]["new"] >= 2
    assert_same_tables(out, seeds_store)


def test_the_number_of_key_dates_is_a_parameter_that_reruns_only_the_corpus_steps(tmp_path, seeds_store):
    out = tmp_path / "tagged"
    shutil.copytree(seeds_store, out)
    automatic = TaggedCorpus(out).key_dates
    assert tag(SEEDS, out)["reused"]
    two = tag(SEEDS, out, key_dates=2)
    assert not two.get("reused") and two["articles"]["tagged"] == 0, "no article parsed again"
    assert two["parameters"]["key_dates"] == 2
    table = TaggedCorpus(out).key_dates
    assert int(table["selected"].sum()) == min(2, len(table))
    assert table["rank"].tolist() == automatic["rank"].tolist(), "the ranking covers every day either way"
    assert tag(SEEDS, out, key_dates=2)["reused"]


def test_the_cli_refuses_a_number_of_key_dates_below_one(tmp_path, capsys):
    from libya_analysis.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["tag", str(SEEDS), "--out", str(tmp_path / "t"), "--key-dates", "0"])
    assert exit_.value.code == 2
    assert "--key-dates" in capsys.readouterr().err

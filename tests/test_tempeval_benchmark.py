"""The TempEval scorer of benchmarks/tempeval.py: split, scoring through the project's steps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _module():
    spec = importlib.util.spec_from_file_location("tempeval_benchmark", ROOT / "benchmarks" / "tempeval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_split_holds_back_every_third_document_by_id():
    tempeval = _module()
    documents = [{"id": f"d{i:02d}"} for i in range(9)]
    dev = {d["id"] for d in tempeval.split_documents(documents, "dev")}
    test = {d["id"] for d in tempeval.split_documents(documents, "test")}
    assert test == {"d02", "d05", "d08"} and not dev & test and len(dev) == 6


def test_scores_gold_values_through_the_pipeline(tmp_path):
    tempeval = _module()
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"documents": [
        {"id": "a", "published": "2018-08-24", "text": "Gunmen attacked the port on Thursday. Talks resume next week.",
         "timexes": [{"text": "Thursday", "value": "2018-08-23"}, {"text": "next week", "value": "2018-W35"}]},
        {"id": "b", "published": "2018-08-24", "text": "Exports fell in the third quarter.",
         "timexes": [{"text": "the third quarter", "value": "2017-Q3"}]},
    ]}))
    result = tempeval.run(gold, split="all")
    score = result["score"]
    assert (score["correct"], score["total"]) == (2, 3)
    assert [(e["text"], e["problem"]) for e in score["errors"]] == [("the third quarter", "wrong value")]
    assert "9999-Q9" in tempeval.summary(result)
    errors = tmp_path / "out" / "errors.tsv"
    tempeval.write_errors(result, errors)
    assert "the third quarter" in errors.read_text()

"""TIMEX3 value accuracy on TempEval-3 texts (DATE expressions), scored by the project's rule.

What is measured: each document of a TempEval-style gold file (default
`../shared/eval/tempeval3_train.yaml`: `id`, `published` = document creation time, `text`,
`timexes`) goes through the project's real steps: the corpus loader (`load_corpus` on a JSONL
file), the project's spaCy pipeline (`load_pipeline`: model + rulers) and the temporal
extraction (`timexes_from_doc`, as the tagger's `Extractor` calls it), with the document creation
time as publication date. The rows are scored with `analysis.evaluate.score_timexes`, the same
code as `libya-analysis evaluate`: a gold timex is located at the first unused occurrence of its
text; it is correct if a predicted expression covering it has the gold value.

Split: documents sorted by id, every third one (positions 2, 5, 8, ...) is held out (`test`);
the others are the development part (`dev`). `--split all` scores everything.

It prints the accuracy, the errors by kind (not found / wrong value / text not found) and by the
shape of the gold value (`9999-99-99`, `PRESENT_REF`, ...), and writes every error to a TSV file
(`--errors`) for study. Parsed Docs can be cached (`--cache DIR`) to re-score quickly after a
change to the rules: the cache holds spaCy's output only, never the temporal rows.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "eval" / "tempeval3_train.yaml"
if not DEFAULT_GOLD.exists():
    DEFAULT_GOLD = Path("/work/shared/eval/tempeval3_train.yaml")


def split_documents(documents: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """The development part (two thirds), the held-out part (every third by id) or all."""
    ordered = sorted(documents, key=lambda d: str(d["id"]))
    if split == "all":
        return ordered
    held = {str(d["id"]) for i, d in enumerate(ordered) if i % 3 == 2}
    return [d for d in ordered if (str(d["id"]) in held) == (split == "test")]


def value_shape(value: str) -> str:
    """The shape of a TIMEX3 value (digits as 9): the kind of expression it is."""
    return re.sub(r"\d", "9", str(value))


def _parse(nlp: Any, texts: list[str], cache: Path | None) -> list[Any]:
    """Docs of the texts, from the cache directory where they are already there."""
    from spacy.tokens import Doc, DocBin

    from libya_analysis.extract.pipeline import model_label

    keys = [hashlib.sha256((model_label(nlp) + "\0" + t).encode("utf-8")).hexdigest()[:24] for t in texts]
    docs: list[Doc | None] = [None] * len(texts)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for i, key in enumerate(keys):
            path = cache / f"{key}.spacy"
            if path.exists():
                docs[i] = next(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab))
    missing = [i for i, d in enumerate(docs) if d is None]
    for i, doc in zip(missing, nlp.pipe([texts[i] for i in missing])):
        docs[i] = doc
        if cache is not None:
            (cache / f"{keys[i]}.spacy").write_bytes(DocBin(docs=[doc], store_user_data=True).to_bytes())
    return docs


def run(gold_path: Path, *, split: str = "dev", cache: Path | None = None) -> dict[str, Any]:
    """Tag the gold file's texts and score their timexes; returns the score and timings."""
    import yaml

    from libya_analysis.analysis.evaluate import score_timexes
    from libya_analysis.extract.pipeline import load_pipeline
    from libya_analysis.extract.sentences import sentence_starts
    from libya_analysis.extract.temporal import build_matcher, timexes_from_doc
    from libya_analysis.io.corpus import load_corpus
    from libya_analysis.schema import TIMEX_COLUMNS

    documents = split_documents(yaml.load(gold_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["documents"],
                                split)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps({"id": str(d["id"]), "text": d["text"], "published": str(d["published"])})
                                  + "\n" for d in documents), encoding="utf-8")
        articles = load_corpus(corpus)
    articles = articles[articles["status"] == "ok"]
    nlp = load_pipeline()
    started = time.perf_counter()
    docs = _parse(nlp, articles["text"].tolist(), cache)
    parsed = time.perf_counter()
    matcher = build_matcher(nlp)
    rows: list[dict[str, Any]] = []
    for doc_id, doc, published in zip(articles["doc_id"], docs, articles["published"]):
        rows += timexes_from_doc(doc, doc_id, published if isinstance(published, dt.date) else None, matcher,
                                 starts=sentence_starts(doc))
    extracted = time.perf_counter()
    gold = [{"id": str(d["id"]), "timexes": d.get("timexes") or []} for d in documents]
    score = score_timexes(gold, pd.DataFrame(rows, columns=TIMEX_COLUMNS), articles)
    shapes = collections.Counter(value_shape(t["value"]) for d in gold for t in d["timexes"])
    return {"split": split, "documents": len(documents), "score": score, "gold_shapes": shapes,
            "parse_s": parsed - started, "temporal_s": extracted - parsed}


def summary(result: dict[str, Any]) -> str:
    """Accuracy, errors by kind and by gold value shape."""
    score = result["score"]
    lines = [f"TempEval DATE values ({result['split']}: {result['documents']} documents)",
             f"  accuracy  {score['accuracy']:.3f}  ({score['correct']}/{score['total']})",
             f"  temporal step {result['temporal_s']:.2f} s (parsing {result['parse_s']:.1f} s)", "errors by kind"]
    for kind, n in collections.Counter(e["problem"] for e in score["errors"]).most_common():
        lines.append(f"  {n:5d}  {kind}")
    lines.append("errors by gold value shape (errors / gold)")
    wrong = collections.Counter(value_shape(e["gold"]) for e in score["errors"])
    for shape, n in wrong.most_common(25):
        lines.append(f"  {n:5d} / {result['gold_shapes'][shape]:<5d} {shape}")
    return "\n".join(lines)


def write_errors(result: dict[str, Any], path: Path) -> None:
    """Every error as a row: doc, gold text, gold value, predicted values, kind."""
    frame = pd.DataFrame(result["score"]["errors"], columns=["doc_id", "text", "gold", "predicted", "problem"])
    frame["shape"] = frame["gold"].map(value_shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.sort_values(["shape", "problem", "doc_id"]).to_csv(path, sep="\t", index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="TempEval-style gold YAML")
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev",
                        help="dev: two thirds of the documents; test: every third, held out; all")
    parser.add_argument("--cache", type=Path, help="directory to keep parsed Docs in between runs")
    parser.add_argument("--errors", type=Path, help="write the errors to this TSV file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--min-accuracy", type=float, help="exit 1 when the accuracy is below this")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"{args.gold}: no such gold file", file=sys.stderr)
        return 2
    result = run(args.gold, split=args.split, cache=args.cache)
    if args.errors:
        write_errors(result, args.errors)
    if args.json:
        score = result["score"]
        print(json.dumps({"split": result["split"], "documents": result["documents"], "accuracy": score["accuracy"],
                          "correct": score["correct"], "total": score["total"],
                          "temporal_s": round(result["temporal_s"], 3)}))
    else:
        print(summary(result))
    accuracy = result["score"]["accuracy"]
    return 1 if args.min_accuracy is not None and (accuracy is None or accuracy < args.min_accuracy) else 0


if __name__ == "__main__":
    sys.exit(main())

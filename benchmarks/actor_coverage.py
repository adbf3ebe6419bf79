"""Rebel coverage and outlets in the actor ranking, read from a tagged store.

What is measured (issue 13), on the usable articles of a store:

- **rebel coverage**: of the words "rebel" / "rebels" (case-insensitive, whole words, also inside
  "rebel-held") in the article texts, the share that lie inside a mention of a gazetteer actor
  (any `actor_type` but `unlisted` and `media`);
- **outlets as actors**: mentions whose text or actor names a news outlet (Reuters, CNN, AP, AFP,
  BBC, Al Jazeera, ...) that the actor ranking of notebook 01 counts with its default parameters
  (`frequency.mentions_in_scope`), outlet mentions kept as `unlisted` actors, and the outlets
  among the `unlisted` candidates of the notebook.

Reading a store needs no NLP library. Usage:

    .venv/bin/python benchmarks/actor_coverage.py STORE [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libya_analysis.analysis import frequency  # noqa: E402
from libya_analysis.io.store import TaggedCorpus  # noqa: E402

REBEL = re.compile(r"\brebels?\b", re.IGNORECASE)
OUTLETS = re.compile(r"^(?:reuters|cnn|ap|afp|bbc|associated press|agence france[- ]presse|al jazeera|"
                     r"al arabiya|xinhua|ansa|bloomberg|sky news)(?:'s)?$", re.IGNORECASE)
NOT_ACTOR_TYPES = ("unlisted", "media")


def rebel_coverage(articles: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, float | int]:
    """Words "rebel(s)" in usable texts, and how many lie inside a gazetteer actor mention."""
    listed = mentions[~mentions["actor_type"].isin(NOT_ACTOR_TYPES)]
    spans = {doc_id: sorted(zip(frame["start_char"], frame["end_char"]))
             for doc_id, frame in listed.groupby("doc_id")}
    words = covered = 0
    with_word = 0
    for row in articles[articles["status"] == "ok"].itertuples(index=False):
        found = [m.start() for m in REBEL.finditer(row.text or "")]
        with_word += bool(found)
        words += len(found)
        doc_spans = spans.get(row.doc_id, [])
        covered += sum(any(start <= at < end for start, end in doc_spans) for at in found)
    return {"articles_with_rebel": with_word, "rebel_words": words, "covered": covered,
            "share": covered / words if words else 0.0}


def outlets_as_actors(articles: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, int]:
    """Outlet mentions the default ranking counts, and outlet names among unlisted candidates."""
    def is_outlet(frame: pd.DataFrame) -> pd.Series:
        return (frame["text"].str.strip().str.match(OUTLETS.pattern, case=False)
                | frame["actor_name"].str.strip().str.match(OUTLETS.pattern, case=False))

    ranked = frequency.mentions_in_scope(mentions, articles)
    unlisted = frequency.unlisted_candidates(
        frequency.mentions_in_scope(mentions, articles, include_unlisted=True))
    as_unlisted = mentions[mentions["actor_type"] == "unlisted"]
    return {"unlisted_outlet_mentions": int(is_outlet(as_unlisted).sum()) if len(as_unlisted) else 0,
            "ranked_outlet_mentions": int(is_outlet(ranked).sum()) if len(ranked) else 0,
            "ranked_outlet_articles": int(ranked[is_outlet(ranked)]["doc_id"].nunique()) if len(ranked) else 0,
            "unlisted_outlet_candidates": int(unlisted["name"].str.match(OUTLETS.pattern, case=False).sum())
            if len(unlisted) else 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a tagged store directory")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    corpus = TaggedCorpus(args.store)
    result = {"rebel": rebel_coverage(corpus.articles, corpus.mentions),
              "outlets": outlets_as_actors(corpus.articles, corpus.mentions)}
    if args.json:
        print(json.dumps(result))
        return 0
    rebel, outlets = result["rebel"], result["outlets"]
    print(f"rebel/rebels: {rebel['rebel_words']} words in {rebel['articles_with_rebel']} articles, "
          f"{rebel['covered']} inside a gazetteer actor mention ({rebel['share']:.1%})")
    print(f"outlets counted in the default ranking: {outlets['ranked_outlet_mentions']} mentions "
          f"in {outlets['ranked_outlet_articles']} articles; outlets among unlisted candidates: "
          f"{outlets['unlisted_outlet_candidates']}; outlet mentions kept as unlisted actors: "
          f"{outlets['unlisted_outlet_mentions']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

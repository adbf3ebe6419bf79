"""Sanity of casualty tallies on a tagged real corpus: the largest incidents and the war's sum.

Reads a tagged store (`libya-analysis tag CORPUS --out DIR`) and prints: figures by kind, the
number of incidents, the largest `killed_best` of any incident (with its evidence sentences), and
the killed summed over incidents whose `date_start` falls in a period (default February to October
2011, the war in Libya). Targets the project checks on about 380 articles on that war: no incident
above 5,000 killed, at most 30,000 killed summed over the period.

    .venv/bin/python benchmarks/incident_scale.py /tmp/cas/cnn [--from 2011-02-01] [--to 2011-10-31] [--top 10] [--json]
"""

from __future__ import annotations

import argparse
import json

import pandas as pd

from libya_analysis.io.store import TaggedCorpus


def measure(store: str, *, date_from: str, date_to: str, top: int) -> dict:
    """Counts, the largest incidents with their evidence, and the period's killed sum."""
    corpus = TaggedCorpus(store)
    figures, incidents, sentences = corpus.casualties, corpus.incidents, corpus.sentences
    text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    start = pd.to_datetime(incidents["date_start"])
    in_period = incidents[(start >= pd.Timestamp(date_from)) & (start <= pd.Timestamp(date_to))]
    largest = incidents.sort_values("killed_best", ascending=False, na_position="last").head(top)
    kinds = figures["kind"].value_counts().to_dict() if "kind" in figures.columns else {}
    return {
        "figures": int(len(figures)), "kinds": {k: int(v) for k, v in kinds.items()},
        "incidents": int(len(incidents)),
        "max_killed_best": None if incidents["killed_best"].isna().all() else int(incidents["killed_best"].max()),
        "period": [date_from, date_to],
        "period_killed_best": int(in_period["killed_best"].fillna(0).sum()),
        "period_incidents": int(in_period["killed_best"].notna().sum()),
        "flagged_for_review": int(figures["review"].notna().sum()) if "review" in figures.columns else None,
        "largest": [{"incident_id": r.incident_id, "date": f"{r.date_start}..{r.date_end}", "place": r.place,
                     "killed_best": None if pd.isna(r.killed_best) else int(r.killed_best),
                     "evidence": [text.get((e.rsplit(":", 1)[0], int(e.rsplit(":", 1)[1])), "")[:200]
                                  for e in list(r.evidence)[:3]]}
                    for r in largest.itertuples(index=False)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--from", dest="date_from", default="2011-02-01")
    parser.add_argument("--to", dest="date_to", default="2011-10-31")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.store, date_from=args.date_from, date_to=args.date_to, top=args.top)
    if args.json:
        print(json.dumps(result, indent=1, default=str))
        return
    print(f"figures {result['figures']} by kind {result['kinds']}; incidents {result['incidents']}; "
          f"flagged for review {result['flagged_for_review']}")
    print(f"max incident killed_best {result['max_killed_best']}")
    print(f"killed over incidents starting {args.date_from}..{args.date_to}: {result['period_killed_best']} "
          f"({result['period_incidents']} incidents)")
    for row in result["largest"]:
        print(f"  {row['incident_id']} {row['date']} {row['place']}: {row['killed_best']}")
        for sentence in row["evidence"]:
            print(f"      - {sentence}")


if __name__ == "__main__":
    main()

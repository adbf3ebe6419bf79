"""Time and peak memory of near-duplicate detection at 10,000 and 100,000 articles.

What is measured: `libya_analysis.io.dedup.near_duplicates` (the call `build_articles` makes:
shingles, MinHash signatures, LSH candidates, exact Jaccard of the candidates, stories) on
synthetic articles, each size in its own fresh process. Articles are `--words` words drawn from a
Zipf vocabulary of 20,000 words; 1% of them are planted wire copies of another article (a new
first line, one changed word, the last fifth dropped). Reported: seconds, peak resident memory,
planted copies found, and pairs found that were not planted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)


def corpus(size: int, words: int, seed: int = 0) -> tuple[list[str], list[str], dict[str, str]]:
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{i}" for i in range(20_000)])
    ranks = np.arange(1, len(vocabulary) + 1)
    weights = 1 / ranks / (1 / ranks).sum()
    n_copies = size // 100
    ids = [f"d{i:06d}" for i in range(size)]
    texts = [" ".join(rng.choice(vocabulary, size=words, p=weights)) for _ in range(size - n_copies)]
    planted = {}
    for number in range(n_copies):
        source = int(rng.integers(0, size - n_copies))
        tokens = texts[source].split()
        tokens[len(tokens) // 2] = "changed"
        texts.append("WIRE new first line " + " ".join(tokens[: int(len(tokens) * 0.8)]))
        planted[ids[size - n_copies + number]] = ids[source]
    return ids, texts, planted


def run_one(size: int, words: int) -> dict:
    import pandas as pd

    from libya_analysis.io.dedup import near_duplicates

    ids, texts, planted = corpus(size, words)
    articles = pd.DataFrame({"doc_id": ids, "text": texts, "status": "ok", "published": None})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    found = near_duplicates(articles)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copies = found[found["duplicate_of"].notna()]
    links = {(min(a, b), max(a, b)) for a, b in zip(copies["doc_id"], copies["duplicate_of"])}
    expected = {(min(a, b), max(a, b)) for a, b in planted.items()}
    return {"articles": size, "words": words, "seconds": round(seconds, 1), "peak_mb": round(peak),
            "peak_before_mb": round(before), "planted": len(expected), "found": len(links & expected),
            "not_planted": len(links - expected)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.words)))
        return
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--words", str(args.words)],
                             check=True, capture_output=True, text=True, cwd=REPO_ROOT).stdout
        print(out.strip(), flush=True)


if __name__ == "__main__":
    main()

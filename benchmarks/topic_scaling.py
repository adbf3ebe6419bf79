"""Time and peak memory of the topic clustering step at 5,000 and 50,000 articles.

What is measured: `libya_analysis.corpus_level.topics.fit_topics` (the same call the tagger makes, with the
automatic choice of the number of topics) on synthetic pre-tokenised articles, so no spaCy run
is needed. Each size runs in its own fresh process, which reports its wall time for the fit and
its peak resident memory (`ru_maxrss`) before and after the fit.

The articles are generated on the fly, the same every pass (a lazy collection with a length):
a vocabulary of `--vocabulary` words with Zipf frequencies, `--topics` latent topics, each
boosting its own 2,000 words, and articles of 150 to 450 tokens mixing a main and a second
topic over the background. Nothing of the corpus is held in memory, so what grows with the
corpus is what the clustering step keeps. The target: peak memory at 50,000 articles less than
twice the peak at 5,000.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
SIZES = (5000, 50000)
TARGET_RATIO = 2.0


class SyntheticArticles:
    """`n` pre-tokenised articles with latent topics, generated again on every pass."""

    def __init__(self, n: int, *, vocabulary: int = 20000, topics: int = 6, seed: int = 0):
        self.n, self.seed, self.topics = n, seed, topics
        rng = np.random.default_rng(seed)
        self.words = np.array([f"w{i:05d}" for i in range(vocabulary)], dtype=object)
        zipf = 1.0 / np.arange(1, vocabulary + 1) ** 1.07
        background = zipf / zipf.sum()
        self.cdfs = []
        for _ in range(topics):
            boosted = np.zeros(vocabulary)
            boosted[rng.choice(vocabulary, 2000, replace=False)] = zipf[:2000] / zipf[:2000].sum()
            self.cdfs.append(np.cumsum(0.5 * background + 0.5 * boosted))

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[list[str]]:
        for i in range(self.n):
            rng = np.random.default_rng((self.seed, i))
            main, second = rng.choice(self.topics, 2, replace=False)
            size = int(rng.integers(150, 451))
            cut = int(size * rng.uniform(0.6, 0.9))
            draws = rng.random(size)
            indices = np.concatenate([np.searchsorted(self.cdfs[main], draws[:cut]),
                                      np.searchsorted(self.cdfs[second], draws[cut:])])
            yield self.words[np.minimum(indices, len(self.words) - 1)].tolist()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def child(n: int, vocabulary: int, topics: int) -> dict[str, object]:
    """Fit the topics of `n` synthetic articles in this process; report time and memory."""
    from libya_analysis.corpus_level.topics import fit_topics

    articles = SyntheticArticles(n, vocabulary=vocabulary, topics=topics)
    before = peak_rss_mb()
    started = time.perf_counter()
    fit = fit_topics(articles)
    seconds = time.perf_counter() - started
    assignments = fit.assignments()
    return {"articles": n, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
            "rss_before_fit_mb": round(before, 1), "n_topics": fit.n_topics, "model": fit.model,
            "vocabulary": int(len(fit.terms)), "units_with_topic": int((assignments["topic_id"] >= 0).sum())}


def run(sizes: tuple[int, ...], vocabulary: int, topics: int) -> list[dict[str, object]]:
    results = []
    for n in sizes:
        command = [sys.executable, __file__, "--child", str(n), "--vocabulary", str(vocabulary),
                   "--topics", str(topics)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, check=False)
        if done.returncode != 0:
            raise SystemExit(f"the run at {n} articles failed:\n{done.stderr}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--vocabulary", type=int, default=20000)
    parser.add_argument("--topics", type=int, default=6, help="latent topics of the synthetic articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--check", action="store_true", help=f"exit 1 unless the peak ratio is below {TARGET_RATIO}")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.vocabulary, args.topics)))
        return 0
    results = run(tuple(args.sizes), args.vocabulary, args.topics)
    ratio = results[-1]["peak_rss_mb"] / results[0]["peak_rss_mb"]
    passed = ratio < TARGET_RATIO
    if args.json:
        print(json.dumps({"results": results, "peak_ratio": round(ratio, 3), "pass": passed}))
    else:
        print(f"{'articles':>9} {'model':>14} {'k':>3} {'terms':>6} {'fit s':>7} {'peak RSS MB':>12} "
              f"{'RSS before fit MB':>18}")
        for r in results:
            print(f"{r['articles']:>9} {r['model']:>14} {r['n_topics']:>3} {r['vocabulary']:>6} {r['seconds']:>7} "
                  f"{r['peak_rss_mb']:>12} {r['rss_before_fit_mb']:>18}")
        print(f"peak memory ratio {results[-1]['articles']} / {results[0]['articles']} articles: {ratio:.2f} "
              f"(target < {TARGET_RATIO}): {'PASS' if passed else 'FAIL'}")
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Tagging throughput of `libya-analysis tag` relative to plain spaCy `nlp.pipe`.

What is measured: the wall time of two whole processes on the same synthetic corpus (built from
the seed articles, every text distinct so the loader tags them all):

- baseline: a minimal script that loads the same spaCy model with `spacy.load`, reads every
  .txt file and runs `for doc in nlp.pipe(texts): pass` (default batch size, one process);
- project: `python -m libya_analysis.cli -q tag CORPUS --out DIR --processes 1 --no-cache`.

Why this way: whole processes include everything a user waits for (imports, model loading,
reading, tagging, extraction, writing the store); both use the same model and the same texts;
the two are alternated and the median of each is taken so that machine noise (other jobs, disk
cache, CPU frequency) affects both alike. The result is the ratio baseline_time / project_time,
not the absolute numbers, which depend on the machine. The target is a ratio of at least 0.85:
the project keeps at least 85 % of the throughput of plain `nlp.pipe`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "seeds"
TARGET_RATIO = 0.85

NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOWNS = ["Sirte", "Derna", "Sabha", "Misrata", "Tobruk", "Benghazi", "Kufra", "Zliten", "Ajdabiya", "Ghat"]
SOURCES = ["Asharq Al-Awsat (aawsat.com)", "The BRICS Post", "Libyan Gazette", "Libya Observer", "Reuters"]
# Web-page leftovers in the seeds; dropped so both processes see the same texts (the loader drops them too).
_BOILERPLATE = re.compile(r"^(follow us( on)?|leave a (reply|comment)|exit mobile version|share( this)?|"
                          r"advertisement|read more|related)\s*:?$", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"(?<![\d.,:])\b([1-9]\d{0,2})\b(?![\d.,:]\d)")

BASELINE_SCRIPT = '''\
"""Baseline: plain spaCy on every .txt file of a directory."""
import sys
from pathlib import Path

import spacy

nlp = spacy.load(sys.argv[1])
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[2]).glob("*.txt"))]
for doc in nlp.pipe(texts):
    pass
'''


# ---------------------------------------------------------------- corpus

def seed_paragraphs(seeds: Path = SEEDS) -> list[list[str]]:
    """The paragraphs of each seed article: non-blank lines, without repeats or boilerplate."""
    articles = []
    for path in sorted(seeds.glob("*.txt")):
        paragraphs: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not _BOILERPLATE.match(line) and line not in paragraphs:
                paragraphs.append(line)
        articles.append(paragraphs)
    if not articles:
        raise SystemExit(f"no seed articles in {seeds}")
    return articles


def _swap_words(text: str, words: Sequence[str], rng: random.Random) -> str:
    """Replace each word of `words` (whole words, same capitalisation) by a random other one."""
    mapping = dict(zip(words, rng.sample(list(words), len(words))))
    mapping.update({w.capitalize(): r.capitalize() for w, r in list(mapping.items())})
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def vary(paragraphs: Sequence[str], rng: random.Random) -> str:
    """One synthetic article: the lead kept first, the rest rotated or shuffled, names and numbers swapped."""
    lead, rest = paragraphs[0], list(paragraphs[1:])
    if rest:
        if rng.random() < 0.5:
            shift = rng.randrange(len(rest))
            rest = rest[shift:] + rest[:shift]
        else:
            rng.shuffle(rest)
    text = "\n\n".join([lead, *rest])
    for words in (NUMBER_WORDS, WEEKDAYS, TOWNS):
        text = _swap_words(text, words, rng)
    return _SMALL_NUMBER.sub(lambda m: str(rng.randint(2, 250)), text)


def build_corpus(directory: Path, n_articles: int, seeds: Path = SEEDS) -> tuple[int, int]:
    """Write `n_articles` distinct .txt files and metadata.csv; returns (articles, words)."""
    sources = seed_paragraphs(seeds)
    directory.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    words = 0
    start = dt.date(2015, 1, 1)
    with open(directory / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "source", "url", "published"])
        for i in range(n_articles):
            rng = random.Random(i)
            text = vary(sources[i % len(sources)], rng)
            while (digest := hashlib.sha256(text.encode("utf-8")).hexdigest()) in seen:
                text = vary(sources[i % len(sources)], rng)
            seen.add(digest)
            words += len(text.split())
            name = f"bench_{i:05d}.txt"
            (directory / name).write_text(text + "\n", encoding="utf-8")
            published = start + dt.timedelta(days=rng.randrange(5 * 365))
            title = " ".join(text.split()[:8])
            writer.writerow([name, title, SOURCES[i % len(SOURCES)],
                             f"https://example.org/bench/{i:05d}", published.isoformat()])
    return n_articles, words


# ---------------------------------------------------------------- timing

@dataclass
class Runner:
    name: str
    corpus: Path
    work: Path
    model: str
    times: list[float]

    def command(self, run: int) -> list[str]:
        raise NotImplementedError

    def check(self, run: int) -> None:
        """Sanity checks after a successful run (none by default)."""

    def run(self, run: int) -> float:
        command = self.command(run)
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            print(f"{self.name} failed (exit {proc.returncode}): {' '.join(command)}", file=sys.stderr)
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(2)
        self.check(run)
        self.times.append(elapsed)
        return elapsed


class Baseline(Runner):
    def command(self, run: int) -> list[str]:
        script = self.work / "baseline_pipe.py"
        if not script.exists():
            script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        return [sys.executable, str(script), self.model, str(self.corpus)]


class Project(Runner):
    def out(self, run: int) -> Path:
        return self.work / f"tagged_{run}"

    def command(self, run: int) -> list[str]:
        shutil.rmtree(self.out(run), ignore_errors=True)
        return [sys.executable, "-m", "libya_analysis.cli", "-q", "tag", str(self.corpus),
                "--out", str(self.out(run)), "--model", self.model, "--processes", "1", "--no-cache"]

    def check(self, run: int) -> None:
        """The project must have tagged every article with the same model, or the comparison is unfair."""
        manifest = json.loads((self.out(run) / "manifest.json").read_text(encoding="utf-8"))
        expected = len(list(self.corpus.glob("*.txt")))
        tagged = manifest["articles"]["tagged"]
        if tagged != expected or manifest["model"] != self.model:
            print(f"project tagged {tagged} of {expected} articles with {manifest['model']!r} "
                  f"(expected {self.model!r}); statuses: {manifest['articles']['by_status']}", file=sys.stderr)
            raise SystemExit(2)
        shutil.rmtree(self.out(run), ignore_errors=True)


def resolve_model(model: str | None) -> str:
    """The model name the project would use, resolved by the project itself."""
    if model:
        return model
    code = "from libya_analysis.extract.pipeline import resolve_model_name; print(resolve_model_name())"
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(2)
    return proc.stdout.strip()


# ---------------------------------------------------------------- main

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400, help="synthetic articles (default 400, at least 200)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each process (default 3)")
    parser.add_argument("--out", help="working directory (default: a new temporary directory)")
    parser.add_argument("--model", help="spaCy model (default: what the project resolves)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when the ratio is below {TARGET_RATIO}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.articles < 200:
        raise SystemExit("--articles must be at least 200")
    if args.repeats < 1:
        raise SystemExit("--repeats must be at least 1")
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tag_throughput_", dir=args.out))
    corpus = work / "corpus"
    n_articles, n_words = build_corpus(corpus, args.articles)
    model = resolve_model(args.model)
    baseline = Baseline("baseline", corpus, work, model, [])
    project = Project("project", corpus, work, model, [])
    for run in range(args.repeats):
        order = (baseline, project) if run % 2 == 0 else (project, baseline)
        for runner in order:
            elapsed = runner.run(run)
            if not args.json:
                print(f"  run {run + 1}/{args.repeats} {runner.name:<8} {elapsed:7.2f} s", file=sys.stderr)

    base_s, proj_s = statistics.median(baseline.times), statistics.median(project.times)
    ratio = base_s / proj_s
    passed = ratio >= TARGET_RATIO
    result: dict[str, Any] = {
        "articles": n_articles, "words": n_words, "model": model, "repeats": args.repeats,
        "python": sys.version.split()[0], "corpus": str(corpus),
        "baseline": {"median_s": round(base_s, 3), "articles_per_s": round(n_articles / base_s, 1),
                     "times_s": [round(t, 3) for t in baseline.times]},
        "project": {"median_s": round(proj_s, 3), "articles_per_s": round(n_articles / proj_s, 1),
                    "times_s": [round(t, 3) for t in project.times]},
        "ratio": round(ratio, 3), "target": TARGET_RATIO, "pass": passed,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"corpus:   {n_articles} articles, {n_words} words ({corpus})")
        print(f"model:    {model}; {args.repeats} alternated runs each, median wall time of whole processes")
        print(f"baseline: {base_s:7.2f} s  {n_articles / base_s:7.1f} articles/s  (spacy.load + nlp.pipe)")
        print(f"project:  {proj_s:7.2f} s  {n_articles / proj_s:7.1f} articles/s  (libya-analysis tag)")
        print(f"ratio:    {ratio:.3f} (baseline / project; target >= {TARGET_RATIO}) "
              f"{'PASS' if passed else 'FAIL'}")
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())

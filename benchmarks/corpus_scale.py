"""Tagging at corpus scale: peak memory, incremental runs, throughput and Dask, on real sentences.

Corpora are built from the real sentences of `../shared/corpora/libyawar-cnn/articles.jsonl`: each
article is a run of consecutive lines of one CNN article (so it reads like news) with one line
from elsewhere put in (so every text is distinct), dated like its source. Sizes and lengths are
parameters; the same seed gives the same corpus.

Each measurement runs whole processes under `/usr/bin/time -v` (wall time and peak resident
memory, as a user would see them) and prints a table and one JSON line:

    corpus_scale.py memory      --sizes 300 2400       peak of `tag` at each size, and of plain nlp.pipe
    corpus_scale.py incremental --articles 2400 --add 60   full run, then the grown corpus
    corpus_scale.py throughput  --articles 1000        plain nlp.pipe (over the texts tag parses, after the
                                                       loader's cleaning), tag on 1 and on 2 processes, alternated
    corpus_scale.py dask        --articles 300         --dask local:2 against --processes 1: same tables?
    corpus_scale.py scale       --sizes 20000 --processes 2   tag alone: time, peak memory, store size
    corpus_scale.py build       --articles N --out FILE.jsonl

Targets (issue 8): peak(2,400) <= 1.15 x peak(300); peak(tag) <= 2.5 x peak(plain nlp.pipe);
incremental run <= 15 % of the full run; tag on one process >= 0.9 of plain nlp.pipe; two processes
>= 1.7 x one. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CNN = REPO_ROOT.parent / "shared" / "corpora" / "libyawar-cnn" / "articles.jsonl"
BIN = Path(sys.executable).parent
PLAIN_SCRIPT = '''\
"""Baseline: plain spaCy over the texts of a .jsonl corpus."""
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
for doc in nlp.pipe(texts):
    pass
'''


# ---------------------------------------------------------------- corpus

def source_articles(path: Path = CNN) -> list[tuple[str, list[str]]]:
    """(published, lines) of each source article with at least a few lines of prose."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines = [x.strip() for x in record["text"].splitlines() if len(x.split()) >= 5]
        if len(lines) >= 5:
            found.append((record["published"], lines))
    return found


def build_corpus(n: int, *, sentences: tuple[int, int] = (10, 14), seed: int = 0,
                 start: int = 0) -> list[dict[str, Any]]:
    """`n` distinct articles of real sentences (ids from `start`, so a corpus can be grown)."""
    sources = source_articles()
    every_line = [x for _, lines in sources for x in lines]
    records, seen = [], set()
    for i in range(start, start + n):
        rng = random.Random(seed * 1_000_003 + i)
        while True:
            published, lines = rng.choice(sources)
            k = min(rng.randint(*sentences), len(lines))
            first = rng.randrange(0, len(lines) - k + 1)
            body = lines[first:first + k]
            body.insert(rng.randrange(1, len(body) + 1), rng.choice(every_line))
            text = "\n".join(body)
            if text not in seen:
                seen.add(text)
                break
        records.append({"id": f"bench-{i:06d}", "published": published, "source": "CNN (sampled)", "text": text})
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ---------------------------------------------------------------- running

def timed(command: list[str]) -> dict[str, float]:
    """Wall seconds and peak resident MB of a whole process (`/usr/bin/time -v`)."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", result.stderr).group(1)
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return {"seconds": seconds, "peak_mb": peak / 1024}


def model_name() -> str:
    code = "from libya_analysis.extract.pipeline import resolve_model_name; print(resolve_model_name())"
    return subprocess.run([str(BIN / "python"), "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def plain(corpus: Path, work: Path) -> dict[str, float]:
    script = work / "plain_pipe.py"
    script.write_text(PLAIN_SCRIPT)
    return timed([str(BIN / "python"), str(script), model_name(), str(corpus)])


def tag(corpus: Path, out: Path, *extra: str, fresh: bool = True) -> dict[str, float]:
    if fresh and out.exists():
        shutil.rmtree(out)
    result = timed([str(BIN / "libya-analysis"), "-q", "tag", str(corpus), "--out", str(out), *extra])
    result["store_mb"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    return result


def words(records: list[dict[str, Any]]) -> int:
    return sum(len(r["text"].split()) for r in records)


# ---------------------------------------------------------------- measurements

def memory(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    rows = {}
    for size in args.sizes:
        records = build_corpus(size, sentences=tuple(args.sentences), seed=args.seed)
        corpus = write_jsonl(records, work / f"corpus-{size}.jsonl")
        base = plain(corpus, work)
        project = tag(corpus, work / f"store-{size}", "--processes", "1")
        rows[size] = {"words": words(records), "plain": base, "tag": project}
        print(f"{size:>7} articles {words(records):>9} words | plain {base['seconds']:7.1f} s "
              f"{base['peak_mb']:7.0f} MB | tag {project['seconds']:7.1f} s {project['peak_mb']:7.0f} MB "
              f"store {project['store_mb']:6.1f} MB ({project['store_mb'] / size * 1000:.1f} MB per 1,000) "
              f"| tag/plain peak {project['peak_mb'] / base['peak_mb']:.2f}", flush=True)
    small, large = min(rows), max(rows)
    return {"sizes": rows, "peak_ratio_large_small": rows[large]["tag"]["peak_mb"] / rows[small]["tag"]["peak_mb"],
            "peak_ratio_tag_plain": rows[large]["tag"]["peak_mb"] / rows[large]["plain"]["peak_mb"]}


def scale(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    rows = {}
    for size in args.sizes:
        records = build_corpus(size, sentences=tuple(args.sentences), seed=args.seed)
        corpus = write_jsonl(records, work / f"corpus-{size}.jsonl")
        result = tag(corpus, work / f"store-{size}", "--processes", str(args.processes))
        rows[size] = {"words": words(records), "tag": result}
        print(f"{size:>7} articles {words(records):>10} words | tag --processes {args.processes} "
              f"{result['seconds']:8.1f} s ({size / result['seconds']:.1f} articles/s) peak {result['peak_mb']:6.0f} MB "
              f"| store {result['store_mb']:7.1f} MB ({result['store_mb'] / size * 1000:.1f} MB per 1,000)", flush=True)
    return {"sizes": rows, "processes": args.processes}


def incremental(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    records = build_corpus(args.articles, sentences=tuple(args.sentences), seed=args.seed)
    extra = build_corpus(args.add, sentences=tuple(args.sentences), seed=args.seed, start=args.articles)
    first = write_jsonl(records, work / "base.jsonl")
    grown = write_jsonl(records + extra, work / "grown.jsonl")
    store = work / "store"
    full = tag(first, store)
    again = tag(grown, store, fresh=False)
    ratio = again["seconds"] / full["seconds"]
    print(f"full run on {args.articles} articles {full['seconds']:.1f} s; after adding {args.add}: "
          f"{again['seconds']:.1f} s = {ratio:.3f} of the full run (target <= 0.15)")
    return {"full": full, "incremental": again, "ratio": ratio}


def loaded_texts(corpus: Path, work: Path) -> Path:
    """The texts `tag` parses (the loader's cleaned `ok` texts), as a .jsonl for the plain baseline:
    the comparison is then on the same texts, not on what the cleaning removed."""
    code = ("import json, sys; from libya_analysis.io.corpus import load_corpus; "
            "a = load_corpus(sys.argv[1]); a = a[a['status'].isin(['ok', 'near_duplicate'])]; "
            "open(sys.argv[2], 'w').writelines(json.dumps({'id': i, 'text': t}) + '\\n' "
            "for i, t in zip(a['doc_id'], a['text']))")
    target = work / "parsed_texts.jsonl"
    subprocess.run([str(BIN / "python"), "-c", code, str(corpus), str(target)], check=True)
    return target


def throughput(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    records = build_corpus(args.articles, sentences=tuple(args.sentences), seed=args.seed)
    corpus = write_jsonl(records, work / "corpus.jsonl")
    same_texts = loaded_texts(corpus, work)
    runs: dict[str, list[float]] = {"plain": [], "tag_p1": [], "tag_p2": []}
    for repeat in range(args.repeats):
        runs["plain"].append(plain(same_texts, work)["seconds"])
        runs["tag_p1"].append(tag(corpus, work / "p1", "--processes", "1")["seconds"])
        runs["tag_p2"].append(tag(corpus, work / "p2", "--processes", "2")["seconds"])
        print(f"run {repeat + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in runs.items()), flush=True)
    median = {k: statistics.median(v) for k, v in runs.items()}
    result = {"articles": args.articles, "words": words(records), "runs": runs, "median": median,
              "ratio_tag_plain": median["plain"] / median["tag_p1"], "speedup_p2": median["tag_p1"] / median["tag_p2"]}
    print(f"{args.articles} articles, {result['words']} words: tag/plain {result['ratio_tag_plain']:.3f} "
          f"(target >= 0.9); two processes {result['speedup_p2']:.2f} x one (target >= 1.7)")
    return result


def dask(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    import pandas as pd

    sys.path.insert(0, str(REPO_ROOT))
    from libya_analysis.io.store import TaggedCorpus

    records = build_corpus(args.articles, sentences=tuple(args.sentences), seed=args.seed)
    corpus = write_jsonl(records, work / "corpus.jsonl")
    local = tag(corpus, work / "local", "--processes", "1")
    cluster = tag(corpus, work / "dask", "--dask", "local:2")
    counts, same = {}, True
    for name in TaggedCorpus(work / "local").manifest["rows"]:
        left, right = TaggedCorpus(work / "local").table(name), TaggedCorpus(work / "dask").table(name)
        try:
            pd.testing.assert_frame_equal(left, right)
            equal = True
        except AssertionError:
            equal = False
        counts[name] = (len(left), len(right), equal)
        same &= equal
    for name, (a, b, equal) in counts.items():
        print(f"{name:>16}: local {a:>8} rows, dask {b:>8} rows, {'equal' if equal else 'DIFFERENT'}")
    print(f"local 1 process {local['seconds']:.1f} s, dask local:2 {cluster['seconds']:.1f} s")
    return {"tables": counts, "same": same, "local": local, "dask": cluster}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["memory", "incremental", "throughput", "dask", "scale", "build"])
    parser.add_argument("--processes", type=int, default=1, help="for `scale`: tag --processes N")
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 2400])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--add", type=int, default=60)
    parser.add_argument("--sentences", type=int, nargs=2, default=[10, 14], metavar=("MIN", "MAX"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="working directory (kept), or the .jsonl for `build`")
    args = parser.parse_args()
    if args.what == "build":
        records = build_corpus(args.articles, sentences=tuple(args.sentences), seed=args.seed)
        write_jsonl(records, args.out or Path("corpus.jsonl"))
        return 0
    work = args.out or Path(tempfile.mkdtemp(prefix="corpus-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    result = {"memory": memory, "incremental": incremental, "throughput": throughput, "dask": dask,
              "scale": scale}[args.what](
        args, work)
    print(json.dumps({"what": args.what, "sentences": args.sentences, **result}, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

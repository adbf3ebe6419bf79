"""The tagging flow: read the corpus, parse and extract per document in parts, store, corpus-level steps.

    read (io.corpus) -> per-document extraction (extract.document, in workers) -> parts written to
    the store (io.store) -> corpus-level steps over the stored tables (corpus_level) -> manifest

Articles stream through in chunks: each chunk is parsed, extracted and written as one part (its
rows and its DocBin), then dropped, so memory holds the model, one chunk and the corpus-level
tables. The store is its own cache: an article already stored with the same key (text,
publication date, doc id, pipeline fingerprint) is not parsed again, a part whose articles all
stay is kept as it is, and a part with articles that changed or left is filtered without parsing.
Chunks run in this process, in worker processes (`processes`), or on a Dask cluster (`dask`);
workers load the pipeline once each and send back part names and row counts, never Docs.
The analysts' corrections file is applied in the corpus-level steps (the parts stay as extracted),
so an edited file re-applies without parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import __version__
from .corpus_level.corrections import Corrections, corrections_summary, find_corrections, load_corrections
from .io.corpus import corpus_hash, load_corpus
from .io.store import (
    filter_part,
    finish_store,
    part_complete,
    part_id,
    read_index,
    read_manifest,
    read_table,
    start_store,
    write_part,
)
from .schema import PER_DOCUMENT_TABLES, TAGGED_STATUSES

if TYPE_CHECKING:
    from .extract.gazetteer import Gazetteer

log = logging.getLogger(__name__)

PROGRESS_MIN_DOCS = 50
CHUNK_SIZE = 200
"""Articles per part: small enough that a chunk's rows and DocBin cost little memory, large
enough that parts stay few (5,000 files for a million articles)."""
BATCH_SIZE = 64
"""Texts per `nlp.pipe` batch. The parser's working memory grows with the batch (a few MB per
article of real length), so the model's default of 1,000 would make the peak grow with the corpus
up to 1,000 articles; 64 keeps it flat and costs no measurable speed (docs/benchmarks.md)."""


@dataclass(frozen=True)
class Article:
    """What a worker needs of one article."""

    doc_id: str
    key: str
    published: dt.date | None
    text: str


@dataclass(frozen=True)
class PartResult:
    """What a worker sends back: the part it wrote and its row counts, not the Docs."""

    part: str
    doc_ids: tuple[str, ...]
    keys: tuple[str, ...]
    rows: dict[str, int]


# ---------------------------------------------------------------- keys


def package_hash() -> str:
    """Hash of the package's source and data files: a code change invalidates stored parts."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(model_id: str, gazetteer_hash: str, places_hash: str) -> str:
    """What tagging depends on besides the texts: model and its version, gazetteer, place list,
    package source. Computed without loading the model, so an unchanged corpus costs nothing."""
    parts = [model_id, gazetteer_hash, places_hash, package_hash()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def article_key(pipeline: str, doc_id: str, published: Any, text: str) -> str:
    """The key under which an article's parse is stored: what its rows depend on."""
    date = "" if published is None or pd.isna(published) else str(published)
    return hashlib.sha256(f"{pipeline}\0{doc_id}\0{date}\0{text}".encode("utf-8")).hexdigest()[:24]


def articles_to_tag(articles: pd.DataFrame, pipeline: str) -> list[Article]:
    """The articles to parse, in doc_id order, each with its key."""
    usable = articles[articles["status"].isin(TAGGED_STATUSES)].sort_values("doc_id", kind="stable")
    result = []
    for doc_id, published, text in zip(usable["doc_id"], usable["published"], usable["text"]):
        date = None if published is None or pd.isna(published) else published
        result.append(Article(str(doc_id), article_key(pipeline, str(doc_id), date, text), date, text))
    return result


# ---------------------------------------------------------------- per-document work (any process)

_PIPELINES: dict[str, Any] = {}


def worker_pipeline(model: str) -> tuple[Any, Any]:
    """The pipeline and extractor of this process, loaded once (per worker, not per task)."""
    if model not in _PIPELINES:
        from .extract.document import Extractor
        from .extract.gazetteer import load_gazetteer
        from .extract.pipeline import load_pipeline
        from .extract.places import load_places

        gazetteer, places = load_gazetteer(), load_places()
        nlp = load_pipeline(model, gazetteer=gazetteer, places=places)
        _PIPELINES[model] = (nlp, Extractor.for_pipeline(nlp, gazetteer=gazetteer, places=places))
    return _PIPELINES[model]


def _start_worker(model: str) -> None:
    """A worker process: one BLAS thread (the processes share the cores), then the pipeline."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    worker_pipeline(model)


def tag_stream(articles: Iterable[Article], out: str | Path, *, model: str, chunk_size: int = CHUNK_SIZE,
               batch_size: int | None = None) -> Iterator[PartResult]:
    """Parse and extract `articles` in one `nlp.pipe` stream, writing a part every `chunk_size`."""
    from spacy.tokens import DocBin

    from .extract.document import empty_rows, per_document_tables

    nlp, extract = worker_pipeline(model)
    articles = iter(articles)
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for article in articles:
            pending.append(article)
            yield article.text

    docs = nlp.pipe(texts(), batch_size=batch_size or BATCH_SIZE)
    while True:
        chunk = list(islice(docs, chunk_size))
        if not chunk:
            return
        done, pending[:] = pending[:len(chunk)], pending[len(chunk):]
        rows, doc_bin = empty_rows(), DocBin(store_user_data=True)
        for article, doc in zip(done, chunk):
            doc.user_data["doc_id"] = article.doc_id
            for name, found in extract(doc, article.doc_id, article.published).items():
                rows[name].extend(found)
            doc_bin.add(doc)
        keys = tuple(a.key for a in done)
        part = part_id(keys)
        counts = write_part(out, part, per_document_tables(rows), doc_bin.to_bytes())
        yield PartResult(part, tuple(a.doc_id for a in done), keys, counts)


def tag_part(articles: Sequence[Article], out: str | Path, *, model: str,
             batch_size: int | None = None) -> PartResult:
    """Tag one chunk as one part: the task a worker process or a Dask worker runs."""
    (result,) = tag_stream(articles, out, model=model, chunk_size=max(len(articles), 1), batch_size=batch_size)
    return result


# ---------------------------------------------------------------- running the chunks


def _progress(total: int, desc: str = "tagging") -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="doc", disable=True if total < PROGRESS_MIN_DOCS else None)


def parallel_chunk_size(n_articles: int, workers: int, chunk_size: int) -> int:
    """Articles per task when `workers` share the work: at least 4 tasks a worker, so the last
    tasks, which some workers finish while others idle, are short."""
    return max(1, min(chunk_size, math.ceil(n_articles / (workers * 4))))


def chunks(articles: Sequence[Article], size: int) -> list[list[Article]]:
    return [list(articles[i:i + size]) for i in range(0, len(articles), size)]


def run_local(todo: Sequence[Article], out: Path, *, model: str, processes: int, chunk_size: int,
              batch_size: int | None) -> list[PartResult]:
    """Tag in this process (one `nlp.pipe` stream) or in `processes` worker processes."""
    results: list[PartResult] = []
    if not todo:
        return results
    with _progress(len(todo)) as bar:
        if processes <= 1:
            for result in tag_stream(todo, out, model=model, chunk_size=chunk_size, batch_size=batch_size):
                results.append(result)
                bar.update(len(result.doc_ids))
            return results
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from multiprocessing import get_context

        size = parallel_chunk_size(len(todo), processes, chunk_size)
        with ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=_start_worker,
                                 initargs=(model,)) as pool:
            futures = [pool.submit(tag_part, chunk, out, model=model, batch_size=batch_size)
                       for chunk in chunks(todo, size)]
            for future in as_completed(futures):
                results.append(future.result())
                bar.update(len(results[-1].doc_ids))
    return results


def run_dask(todo: Sequence[Article], out: Path, *, model: str, address: str, chunk_size: int,
             batch_size: int | None) -> list[PartResult]:
    """Tag on a Dask cluster: `tcp://host:8786` (a running scheduler) or `local:N` (a LocalCluster).

    Each worker loads the pipeline once and writes its parts straight to `out`, which every worker
    must reach (local disk for a LocalCluster; a shared filesystem or an fsspec URL on a cluster).
    """
    from .exceptions import LibyaAnalysisError

    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise LibyaAnalysisError("--dask needs the `distributed` package (pip install distributed)") from None
    if not todo:
        return []
    cluster = None
    if address.startswith("local:"):
        try:
            workers = int(address.split(":", 1)[1])
        except ValueError:
            raise LibyaAnalysisError(f"--dask {address!r}: local:N needs a number of workers") from None
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except OSError as err:
            raise LibyaAnalysisError(f"--dask {address}: no scheduler answered ({err})") from None
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = parallel_chunk_size(len(todo), n_workers, chunk_size)
        futures = client.map(tag_part, chunks(todo, size), out=out, model=model, batch_size=batch_size, pure=False)
        if cluster is None and len(todo) >= PROGRESS_MIN_DOCS:  # a real cluster: Dask's own progress bar
            from distributed import progress

            progress(futures)
            return client.gather(futures)
        results = []
        with _progress(len(todo), desc=f"tagging on dask ({n_workers} workers)") as bar:
            for future in as_completed(futures):
                results.append(future.result())
                bar.update(len(results[-1].doc_ids))
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------- corpus-level steps


def _warm_up() -> None:
    """Import scikit-learn (topics) in the background while the parser runs."""
    from .corpus_level import topics  # noqa: F401


def corpus_level_tables(out: Path, parts: Sequence[str], articles: pd.DataFrame, *, gazetteer: Gazetteer,
                        corrections: Corrections | None = None, key_dates: int | None = None
                        ) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """The corpus-level tables, from the stored per-document tables and DocBins (no Doc in memory
    beyond one part), and the row counts of the per-document tables. Independent of the order
    parts were written: tables are read sorted. The analysts' `corrections` are applied to the
    per-document tables read here (the stored parts stay as extracted), before incidents.
    `key_dates`: how many key dates are `selected` (None: from the corpus's span and size)."""
    from .corpus_level.corrections import apply_corrections, corrected_incidents, mention_corrections
    from .corpus_level.incidents import incident_events
    from .corpus_level.key_dates import key_dates_table
    from .corpus_level.timeline import build_timeline
    from .corpus_level.topics import topic_tables
    from .extract.actors import actors_table
    from .io.store import read_docs

    stub = {"parts": list(parts)}
    tables = {name: read_table(out, name, manifest=stub) for name in PER_DOCUMENT_TABLES}
    corrections = corrections or Corrections()
    fixed = apply_corrections({"mentions": tables["mentions"], "casualties": tables["figures"],
                               "actors": actors_table(gazetteer, tables["mentions"])}, corrections)
    mentions = fixed["mentions"]
    figures, incidents = corrected_incidents(fixed["casualties"], articles, corrections)
    events = incident_events(incidents, figures, tables["sentences"], mentions, articles)
    result = {
        "actors": fixed["actors"],
        "casualties": figures,
        "incidents": incidents,
        "timeline": build_timeline(tables["timexes"], tables["sentences"], mentions, articles, incidents=events),
        "corrections": fixed["corrections"],
        "mention_corrections": mention_corrections(tables["mentions"], mentions),
    }
    result["key_dates"] = key_dates_table({**tables, "mentions": mentions, "articles": articles,
                                           "incidents": incidents}, n_dates=key_dates)
    import spacy

    docs = read_docs(out, spacy.blank("en").vocab, manifest=stub)  # one part at a time
    result.update(topic_tables(docs, mentions, n_articles=int(tables["sentences"]["doc_id"].nunique())))
    return result, {name: int(len(frame)) for name, frame in tables.items()}


# ---------------------------------------------------------------- the edge


def tag(input_path: str | Path, out: str | Path, *, model: str | None = None, processes: int = 1,
        use_cache: bool = True, batch_size: int | None = None, dask: str | None = None,
        chunk_size: int = CHUNK_SIZE, corrections: str | Path | None = None,
        key_dates: int | None = None) -> dict[str, Any]:
    """Read a corpus, tag what is new or changed into the store at `out`, run the corpus-level
    steps and write the manifest (last); returns the manifest.

    An unchanged corpus costs a read and a hash. `use_cache=False` parses every article again.
    `corrections` (default: the file found beside the corpus) is applied in the corpus-level
    steps: an edited file re-applies without parsing. `key_dates` sets how many key dates are
    `selected` (default: automatic, from the corpus's span and size); a change re-runs the
    corpus-level steps only.
    """
    import spacy

    from .extract.gazetteer import load_gazetteer
    from .extract.pipeline import model_identity, resolve_model_name
    from .extract.places import load_places

    started = time.perf_counter()
    articles = load_corpus(input_path)
    corrections_file = corrections or find_corrections(input_path)
    fixes = load_corrections(corrections_file) if corrections_file else Corrections()
    read = time.perf_counter()
    gazetteer, place_list = load_gazetteer(), load_places()
    model_name = resolve_model_name(model)
    model_id = model_identity(model_name)
    pipeline = fingerprint(model_id, gazetteer.hash, place_list.hash)
    input_hash = corpus_hash(articles)
    out = Path(out)
    if use_cache and (previous := _unchanged(out, input_hash, pipeline, fixes.hash, key_dates)) is not None:
        return {**previous, "reused": True}

    wanted = articles_to_tag(articles, pipeline)
    start_store(out)
    index = read_index(out) if use_cache else pd.DataFrame(columns=["doc_id", "key", "part"])
    kept, filtered, todo = plan(index, wanted, out)
    warm_up = threading.Thread(target=_warm_up, daemon=True)
    warm_up.start()
    if filtered:
        vocab = spacy.blank("en").vocab
        for old, keep in filtered.items():
            new, _ = filter_part(out, old, keep, vocab)
            kept = pd.concat([kept, pd.DataFrame({"doc_id": sorted(keep), "part": new})], ignore_index=True)
    planned = time.perf_counter()
    if dask:
        results = run_dask(todo, out, model=model_name, address=dask, chunk_size=chunk_size, batch_size=batch_size)
    else:
        results = run_local(todo, out, model=model_name, processes=processes, chunk_size=chunk_size,
                            batch_size=batch_size)
    parsed = time.perf_counter()
    keys = {a.doc_id: a.key for a in wanted}
    new_rows = [(d, r.part) for r in results for d in r.doc_ids]
    index = pd.concat([kept[["doc_id", "part"]], pd.DataFrame(new_rows, columns=["doc_id", "part"])],
                      ignore_index=True)
    index["key"] = index["doc_id"].map(keys)
    index = index[["doc_id", "key", "part"]].sort_values("doc_id").reset_index(drop=True)
    warm_up.join()
    parts = sorted(set(index["part"]))
    corpus_tables, row_counts = corpus_level_tables(out, parts, articles, gazetteer=gazetteer, corrections=fixes,
                                                    key_dates=key_dates)
    tables = {"articles": articles, **corpus_tables}
    extracted = time.perf_counter()
    manifest = {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "input": str(Path(input_path).resolve()),
        "input_hash": input_hash,
        "fingerprint": pipeline,
        "package_version": __version__,
        "package_hash": package_hash(),
        "spacy_version": spacy.__version__,
        "model": model_name,
        "model_version": model_id,
        "gazetteer_version": gazetteer.version,
        "gazetteer_hash": gazetteer.hash,
        "places_version": place_list.version,
        "places_hash": place_list.hash,
        "parameters": {"model": model, "processes": processes, "cache": use_cache, "batch_size": batch_size,
                       "dask": dask, "chunk_size": chunk_size, "key_dates": key_dates},
        "articles": {"records": int(len(articles)),
                     "ok": int((articles["status"] == "ok").sum()),
                     "by_status": {k: int(v) for k, v in articles["status"].value_counts().items()},
                     "from_cache": int(len(wanted) - len(todo)), "tagged": int(len(todo))},
        "corrections": {**corrections_summary(fixes, corpus_tables["corrections"]),
                        "mention_rows": int(len(corpus_tables["mention_corrections"]))},
        "parts_written": {"kept": int(kept["part"].nunique()), "filtered": len(filtered), "new": len(results)},
        "rows": row_counts,
        "timings": {"read_s": read - started, "plan_s": planned - read, "parse_s": parsed - planned,
                    "corpus_s": extracted - parsed},
    }
    return finish_store(out, tables, index, manifest, started=extracted)


def plan(index: pd.DataFrame, wanted: Sequence[Article], out: Path) -> tuple[pd.DataFrame, dict[str, set[str]], list[Article]]:
    """Which stored parts to keep whole, which to filter (part -> doc ids to keep), what to parse."""
    keys = {a.doc_id: a.key for a in wanted}
    index = index[index["part"].map(lambda p: part_complete(out, p))] if len(index) else index
    valid = index["doc_id"].map(keys).eq(index["key"]) if len(index) else pd.Series([], dtype=bool)
    by_part = valid.groupby(index["part"]).all() if len(index) else pd.Series([], dtype=bool)
    whole = set(by_part[by_part].index)
    kept = index[index["part"].isin(whole)][["doc_id", "part"]]
    filtered: dict[str, set[str]] = {}
    for part, group in index[valid & ~index["part"].isin(whole)].groupby("part"):
        filtered[part] = set(group["doc_id"])
    stored = set(kept["doc_id"]) | {d for ids in filtered.values() for d in ids}
    return kept.reset_index(drop=True), filtered, [a for a in wanted if a.doc_id not in stored]


def _unchanged(out: Path, input_hash: str, pipeline: str, corrections_hash: str | None,
               key_dates: int | None = None) -> dict[str, Any] | None:
    """The manifest of a complete store at `out` made from the same input with the same pipeline,
    the same corrections file and the same number of key dates asked for."""
    from .exceptions import StoreError

    try:
        manifest = read_manifest(out)
    except StoreError:
        return None
    if (manifest.get("input_hash") == input_hash and manifest.get("fingerprint") == pipeline
            and (manifest.get("corrections") or {}).get("hash") == corrections_hash
            and (manifest.get("parameters") or {}).get("key_dates") == key_dates):
        return manifest
    return None

"""Tag a corpus: spaCy over each usable article, with a per-article cache, then the tables.

`tag_articles` is the logic (articles in, tables and Docs out); `tag` is the edge that reads
the input and writes the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import __version__
from .corpus_level.incidents import casualty_incidents, incident_events
from .corpus_level.timeline import build_timeline
from .extract.actors import actors_table
from .extract.casualties import casualties_table
from .extract.document import PER_DOCUMENT_TABLES, Extractor
from .extract.gazetteer import Gazetteer, load_gazetteer
from .extract.pipeline import load_pipeline, model_identity, model_label, resolve_model_name
from .extract.places import PlaceList, load_places
from .io.corpus import corpus_hash, load_corpus
from .io.store import StoreError, doc_bins, read_manifest, write_bytes, write_store
from .schema import MENTION_COLUMNS, PLACE_COLUMNS, SENTENCE_COLUMNS, TIMEX_COLUMNS

log = logging.getLogger(__name__)

CACHE_DIR = ".cache"
PROGRESS_MIN_DOCS = 50


def package_hash() -> str:
    """Hash of the package's source and data files: a code change invalidates the cache."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(model: str, gazetteer: Gazetteer, places: PlaceList) -> str:
    """What tagging depends on besides the texts: model and its version, gazetteer, place list,
    package source. Computed without loading the model, so an unchanged corpus costs nothing."""
    parts = [model_identity(model), gazetteer.hash, places.hash, package_hash()]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@dataclass
class DocCache:
    """Serialised Docs keyed by a hash of the text and the pipeline fingerprint."""

    directory: Path
    fingerprint: str

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.fingerprint}\0{text}".encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.doc"

    def get(self, text: str, nlp: Language) -> Doc | None:
        path = self._path(self.key(text))
        if not path.is_file():
            return None
        try:
            return Doc(nlp.vocab).from_bytes(path.read_bytes())
        except Exception as err:  # a corrupt entry is re-tagged, not fatal
            log.warning("%s: unreadable cache entry (%s); tagging again", path, err)
            return None

    def put(self, text: str, doc: Doc) -> None:
        path = self._path(self.key(text))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, doc.to_bytes(exclude=["user_data"]))


@dataclass
class TagResult:
    """Tables and Docs of a tagged corpus, with counts of what the cache supplied."""

    tables: dict[str, pd.DataFrame]
    docs: list[Doc]
    n_cached: int = 0
    n_tagged: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _warm_up() -> None:
    """Import scikit-learn (topics) and load dateparser's English data (timexes) in the background."""
    from .corpus_level import topics  # noqa: F401
    from .extract.temporal import _dateparser

    _dateparser("January 1, 2000")


def _parse(nlp: Language, texts: list[str], *, processes: int, batch_size: int | None) -> Iterator[Doc]:
    from tqdm.auto import tqdm

    docs = nlp.pipe(texts, n_process=processes, batch_size=batch_size or nlp.batch_size)
    disable = True if len(texts) < PROGRESS_MIN_DOCS else None
    return iter(tqdm(docs, total=len(texts), desc="tagging", unit="doc", disable=disable))


def tag_articles(articles: pd.DataFrame, nlp: Language, *, gazetteer: Gazetteer, places: PlaceList,
                 processes: int = 1, batch_size: int | None = None,
                 cache: DocCache | None = None) -> TagResult:
    """Parse the `ok` articles (re-using cached Docs) and build the tagged tables."""
    started = time.perf_counter()
    usable = articles[articles["status"] == "ok"]
    ids = usable["doc_id"].tolist()
    texts = usable["text"].tolist()
    docs: list[Doc | None] = [cache.get(t, nlp) if cache else None for t in texts]
    missing = [i for i, d in enumerate(docs) if d is None]
    n_cached = len(docs) - len(missing)
    warm_up = threading.Thread(target=_warm_up, daemon=True)
    warm_up.start()  # the later steps' imports load while the parser waits on its matrix products
    for index, doc in zip(missing, _parse(nlp, [texts[i] for i in missing], processes=processes,
                                          batch_size=batch_size)):
        docs[index] = doc
        if cache:
            cache.put(texts[index], doc)
    warm_up.join()
    parsed = time.perf_counter()

    extract = Extractor.for_pipeline(nlp, gazetteer=gazetteer, places=places)
    published = [None if pd.isna(p) else p for p in usable["published"]]
    rows: dict[str, list[Any]] = {name: [] for name in PER_DOCUMENT_TABLES}
    for doc_id, doc, date in zip(ids, docs, published):
        doc.user_data["doc_id"] = doc_id
        for name, found in extract(doc, doc_id, date).items():
            rows[name].extend(found)
    tables = {"articles": articles, **per_document_tables(rows)}
    tables["actors"] = actors_table(gazetteer, rows["mentions"])
    tables.update(casualty_tables(tables))
    extracted = time.perf_counter()
    from .corpus_level.topics import topic_tables

    tables.update(topic_tables([d for d in docs if d is not None], tables["mentions"]))  # corpus-level step
    timings = {"parse_s": parsed - started, "extract_s": extracted - parsed,
               "topics_s": time.perf_counter() - extracted}
    return TagResult(tables, [d for d in docs if d is not None], n_cached, len(missing), timings)


def per_document_tables(rows: dict[str, list[Any]]) -> dict[str, pd.DataFrame]:
    """The per-document tables from the rows the extractor gave."""
    return {"sentences": pd.DataFrame(rows["sentences"], columns=SENTENCE_COLUMNS),
            "mentions": pd.DataFrame(rows["mentions"], columns=MENTION_COLUMNS),
            "places": pd.DataFrame(rows["places"], columns=PLACE_COLUMNS),
            "timexes": pd.DataFrame(rows["timexes"], columns=TIMEX_COLUMNS),
            "casualties": casualties_table(rows["casualties"])}


def casualty_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`incidents` merged from the `casualties` figures, and the `timeline` (statements and incidents)."""
    figures, incidents = casualty_incidents(tables["casualties"], tables["articles"])
    events = incident_events(incidents, figures, tables["sentences"], tables["mentions"], tables["articles"])
    timeline = build_timeline(tables["timexes"], tables["sentences"], tables["mentions"], tables["articles"],
                              incidents=events)
    return {"casualties": figures, "incidents": incidents, "timeline": timeline}


def tag(input_path: str | Path, out: str | Path, *, model: str | None = None, processes: int = 1,
        use_cache: bool = True, cache_dir: str | Path | None = None,
        batch_size: int | None = None) -> dict[str, Any]:
    """Read a corpus, tag it and write the store to `out`; returns the manifest."""
    started = time.perf_counter()
    articles = load_corpus(input_path)
    read = time.perf_counter()
    gazetteer, place_list = load_gazetteer(), load_places()
    model_name = resolve_model_name(model)
    key = fingerprint(model_name, gazetteer, place_list)
    input_hash = corpus_hash(articles)
    out = Path(out)
    if use_cache and (previous := _unchanged(out, input_hash, key)) is not None:
        return {**previous, "reused": True}
    nlp = load_pipeline(model_name, gazetteer=gazetteer, places=place_list)
    loaded = time.perf_counter()
    cache = DocCache(Path(cache_dir) if cache_dir else out / CACHE_DIR, key) if use_cache else None
    result = tag_articles(articles, nlp, gazetteer=gazetteer, places=place_list, processes=processes,
                          batch_size=batch_size, cache=cache)
    manifest = {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "input": str(Path(input_path).resolve()),
        "input_hash": input_hash,
        "fingerprint": key,
        "package_version": __version__,
        "package_hash": package_hash(),
        "spacy_version": spacy.__version__,
        "model": nlp.meta["libya_analysis"]["model"],
        "model_version": model_label(nlp),
        "gazetteer_version": gazetteer.version,
        "gazetteer_hash": gazetteer.hash,
        "places_version": place_list.version,
        "places_hash": place_list.hash,
        "parameters": {"model": model, "processes": processes, "cache": use_cache, "batch_size": batch_size},
        "articles": {"records": int(len(articles)),
                     "ok": int((articles["status"] == "ok").sum()),
                     "by_status": {k: int(v) for k, v in articles["status"].value_counts().items()},
                     "from_cache": result.n_cached, "tagged": result.n_tagged},
    }
    manifest["timings"] = {"read_s": read - started, "load_model_s": loaded - read, **result.timings}
    return write_store(out, result.tables, doc_bins(result.docs), manifest)


def _unchanged(out: Path, input_hash: str, key: str) -> dict[str, Any] | None:
    """The manifest of a complete store at `out` made from the same input with the same pipeline."""
    try:
        manifest = read_manifest(out)
    except StoreError:
        return None
    if manifest.get("input_hash") == input_hash and manifest.get("fingerprint") == key:
        return manifest
    return None

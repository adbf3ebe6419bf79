"""Read and write a tagged store: Parquet tables, DocBin parts, an index of parts, `manifest.json`.

Layout (schema 2):

    DIR/manifest.json               written last; a directory without it is incomplete
    DIR/articles.parquet            one row per input record
    DIR/parts.parquet               which part holds each tagged article, and the article's key
    DIR/<table>/part-<id>.parquet   per-document tables: sentences, mentions, places, timexes, figures
    DIR/docs/part-<id>.spacy        the parsed articles of each part (DocBin, no tensors)
    DIR/<table>.parquet             corpus-level tables: actors, casualties, incidents, timeline, topics...

Per-document parts are written by whichever process parsed them (a local worker, a Dask worker),
so they arrive in any order; readers sort by each table's key columns. A part is never changed
once written: an article that changes or leaves the corpus is filtered out of a copy of its part.
Every file is written to a temporary name and renamed. Paths may be local or any fsspec URL that
every worker reaches (`s3://bucket/store`), as long as the filesystem supports rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from ..exceptions import StoreError
from ..schema import PER_DOCUMENT_TABLES, SCHEMA_VERSION, SORT_KEYS

MANIFEST = "manifest.json"
INDEX = "parts"
DOCS_DIR = "docs"
INDEX_COLUMNS = ["doc_id", "key", "part"]
_UMASK = os.umask(0)
os.umask(_UMASK)


# ---------------------------------------------------------------- files


def filesystem(path: str | Path) -> tuple[Any, str]:
    """(fsspec filesystem, path within it) for a local path or a URL such as `s3://bucket/store`."""
    text = str(path)
    if "://" not in text:
        from fsspec.implementations.local import LocalFileSystem

        return LocalFileSystem(), str(Path(text).resolve())
    from fsspec.core import url_to_fs

    return url_to_fs(text)


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary local path beside `target`, renamed onto it only when the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{uuid.uuid4().hex[:12]}.tmp"
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(target: str | Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def write_bytes(target: str | Path, data: bytes) -> None:
    """Write `data` to `target` (local or fsspec URL) under a temporary name, then rename."""
    if "://" not in str(target):
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        return
    fs, path = filesystem(target)
    tmp = f"{path}.{uuid.uuid4().hex[:12]}.tmp"
    with fs.open(tmp, "wb") as handle:
        handle.write(data)
    fs.mv(tmp, path)


def table_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as Parquet bytes (no index)."""
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, target: str | Path) -> None:
    write_bytes(target, table_bytes(frame))


# ---------------------------------------------------------------- parts


def part_id(keys: Sequence[str]) -> str:
    """A part's name, from the keys of the articles it holds: the same articles make the same name."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def write_part(out: str | Path, part: str, tables: Mapping[str, pd.DataFrame], docs: bytes) -> dict[str, int]:
    """Write one part (its per-document tables and its DocBin); returns its row counts."""
    for name in PER_DOCUMENT_TABLES:
        write_table(tables[name], _join(str(out), name, f"part-{part}.parquet"))
    write_bytes(_join(str(out), DOCS_DIR, f"part-{part}.spacy"), docs)
    return {name: int(len(tables[name])) for name in PER_DOCUMENT_TABLES}


def part_files(out: str | Path, part: str) -> list[str]:
    return [_join(str(out), name, f"part-{part}.parquet") for name in PER_DOCUMENT_TABLES] + [
        _join(str(out), DOCS_DIR, f"part-{part}.spacy")]


def part_complete(out: str | Path, part: str) -> bool:
    fs, _ = filesystem(out)
    return all(fs.exists(filesystem(path)[1]) for path in part_files(out, part))


def read_index(out: str | Path) -> pd.DataFrame:
    """The index of tagged articles (doc_id, key, part) of a store, complete or not; empty if none."""
    fs, root = filesystem(out)
    path = _join(root, f"{INDEX}.parquet")
    if not fs.exists(path):
        return pd.DataFrame(columns=INDEX_COLUMNS)
    with fs.open(path, "rb") as handle:
        return pd.read_parquet(handle)


def remove_stale(out: str | Path, keep: Iterable[str]) -> int:
    """Delete part files (and temporary files) of parts not in `keep`; returns how many files."""
    fs, root = filesystem(out)
    keep_names = {f"part-{p}.parquet" for p in keep} | {f"part-{p}.spacy" for p in keep}
    removed = 0
    for folder in (*PER_DOCUMENT_TABLES, DOCS_DIR):
        directory = _join(root, folder)
        if not fs.exists(directory):
            continue
        for path in fs.ls(directory, detail=False):
            name = path.rsplit("/", 1)[-1]
            if name not in keep_names:
                fs.rm(path)
                removed += 1
    return removed


def filter_part(out: str | Path, part: str, doc_ids: set[str], vocab: Any) -> tuple[str, dict[str, int]]:
    """A new part holding only the articles `doc_ids` of `part` (no parsing: rows and DocBin filtered)."""
    from spacy.tokens import DocBin

    tables = {}
    for name in PER_DOCUMENT_TABLES:
        frame = _read_parquet(_join(str(out), name, f"part-{part}.parquet"))
        tables[name] = frame[frame["doc_id"].isin(doc_ids)].reset_index(drop=True)
    fs, path = filesystem(_join(str(out), DOCS_DIR, f"part-{part}.spacy"))
    with fs.open(path, "rb") as handle:
        stored = DocBin(store_user_data=True).from_bytes(handle.read())
    kept = DocBin(store_user_data=True)
    for doc in stored.get_docs(vocab):
        if doc.user_data.get("doc_id") in doc_ids:
            kept.add(doc)
    new = part_id([f"{part}:{d}" for d in doc_ids])
    return new, write_part(out, new, tables, kept.to_bytes())


def _read_parquet(path: str, **options: Any) -> pd.DataFrame:
    fs, inner = filesystem(path)
    with fs.open(inner, "rb") as handle:
        return pd.read_parquet(handle, **options)


# ---------------------------------------------------------------- the store


def finish_store(out: str | Path, tables: Mapping[str, pd.DataFrame], index: pd.DataFrame,
                 manifest: Mapping[str, Any], *, started: float | None = None) -> dict[str, Any]:
    """Write the corpus-level tables, the index and (last) the manifest; remove parts no longer indexed."""
    started = time.perf_counter() if started is None else started
    for name, frame in tables.items():
        write_table(frame, _join(str(out), f"{name}.parquet"))
    parts = sorted(set(index["part"]))
    write_table(index.sort_values("doc_id").reset_index(drop=True), _join(str(out), f"{INDEX}.parquet"))
    remove_stale(out, parts)
    full = dict(manifest)
    full["schema_version"] = SCHEMA_VERSION
    rows = {name: int(len(frame)) for name, frame in tables.items()}
    full["rows"] = {**dict(full.get("rows") or {}), **rows}
    full["parts"] = parts
    timings = dict(full.get("timings") or {})
    timings["write_s"] = timings.get("write_s", 0.0) + time.perf_counter() - started
    timings["total_s"] = sum(v for k, v in timings.items() if k != "total_s")
    full["timings"] = {k: round(v, 3) for k, v in timings.items()}
    write_text(_join(str(out), MANIFEST), json.dumps(full, indent=2, default=str, ensure_ascii=False) + "\n")
    return full


LEGACY = (*(f"{name}.parquet" for name in PER_DOCUMENT_TABLES), ".cache")
"""Files of a schema-1 store that schema 2 keeps elsewhere (its tables were single files, its
cache held whole serialised Docs)."""


def write_store(out: str | Path, tables: Mapping[str, pd.DataFrame], docs: Iterable[Any] = (),
                manifest: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A complete store from tables built in memory (the per-document ones as one part, with the
    Docs given, if any): for tests and tools that make tables themselves rather than tag."""
    from spacy.tokens import DocBin

    start_store(out)
    doc_bin = DocBin(store_user_data=True)
    for doc in docs:
        doc_bin.add(doc)
    per_document = {name: tables.get(name, pd.DataFrame({"doc_id": pd.Series([], dtype=str)}))
                    for name in PER_DOCUMENT_TABLES}
    part = part_id(sorted({str(d) for frame in per_document.values() for d in frame["doc_id"]}))
    write_part(out, part, per_document, doc_bin.to_bytes())
    index = pd.DataFrame({"doc_id": sorted(set(per_document["sentences"]["doc_id"]))}).assign(key=None, part=part)
    rows = {name: int(len(frame)) for name, frame in per_document.items()}
    rest = {name: frame for name, frame in tables.items() if name not in PER_DOCUMENT_TABLES}
    return finish_store(out, rest, index, {**(manifest or {}), "rows": rows})


def start_store(out: str | Path) -> None:
    """Mark a store as being written: remove its manifest (readers then see it as incomplete) and
    what an older layout left there."""
    fs, root = filesystem(out)
    fs.makedirs(root, exist_ok=True)
    for name in (MANIFEST, *LEGACY):
        path = _join(root, name)
        if fs.exists(path):
            fs.rm(path, recursive=True)


def is_store(path: str | Path) -> bool:
    fs, root = filesystem(path)
    return fs.exists(_join(root, MANIFEST))


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of a complete store; a clear error for a missing, incomplete or older one."""
    fs, root = filesystem(path)
    if not fs.isdir(root):
        raise StoreError(f"{path}: no such tagged directory (run `libya-analysis tag INPUT --out {path}`)")
    manifest_path = _join(root, MANIFEST)
    if not fs.exists(manifest_path):
        raise StoreError(f"{path}: no {MANIFEST}, so the tagged directory is incomplete "
                         f"(a tagging run did not finish); tag the corpus again")
    try:
        with fs.open(manifest_path, "rb") as handle:
            manifest = json.loads(handle.read().decode("utf-8"))
    except json.JSONDecodeError as err:
        raise StoreError(f"{manifest_path}, line {err.lineno}: not valid JSON ({err.msg})") from None
    major = str(manifest.get("schema_version", "0")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise StoreError(f"{path}: schema version {manifest.get('schema_version')} is not "
                         f"{SCHEMA_VERSION} (the layout changed: per-document tables are folders of "
                         f"parts now); tag the corpus again with this version "
                         f"(`libya-analysis tag INPUT --out {path}` re-tags it in place)")
    return manifest


def _sorted(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    keys = [k for k in SORT_KEYS.get(name, ()) if k in frame.columns]
    if keys and len(frame):
        frame = frame.sort_values(keys, kind="stable")
    return frame.reset_index(drop=True)


def read_table(path: str | Path, name: str, *, columns: Sequence[str] | None = None,
               filters: Any = None, manifest: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """One table of a complete store, sorted by its key columns.

    `columns` reads only those columns; `filters` are pyarrow filters
    (`[("doc_id", "in", ids)]`), so a notebook on a large corpus need not load every text.
    """
    manifest = manifest if manifest is not None else read_manifest(path)
    if name == "mentions" and "corrections" in manifest:  # the analysts' relabels, over the stored parts
        return _corrected_mentions(path, manifest, columns=columns, filters=filters)
    fs, root = filesystem(path)
    options: dict[str, Any] = {}
    if columns is not None:
        options["columns"] = list(columns)
    if filters is not None:
        options["filters"] = filters
    if name in PER_DOCUMENT_TABLES:
        files = [_join(root, name, f"part-{p}.parquet") for p in manifest.get("parts", [])]
        if not files:
            return pd.DataFrame(columns=list(columns) if columns else None)
        import pyarrow as pa
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq

        # a column that is empty in one part has type null there: unify the parts' schemas
        schema = pa.unify_schemas([pq.read_schema(f, filesystem=fs) for f in files], promote_options="permissive")
        dataset = ds.dataset(files, schema=schema, format="parquet", filesystem=fs)
        expression = pq.filters_to_expression(filters) if filters is not None else None
        frame = dataset.to_table(columns=list(columns) if columns is not None else None,
                                 filter=expression).to_pandas()
    else:
        file = _join(root, f"{name}.parquet")
        if not fs.exists(file):
            raise StoreError(f"{path}: the store has no {name!r} table")
        with fs.open(file, "rb") as handle:
            frame = pd.read_parquet(handle, **options)
    return _sorted(frame, name)


MENTION_CORRECTIONS = "mention_corrections"
"""The corpus-level table of mentions relabelled or removed by the corrections file."""


def _corrected_mentions(path: str | Path, manifest: Mapping[str, Any], *, columns: Sequence[str] | None,
                        filters: Any) -> pd.DataFrame:
    """The stored `mentions` with the store's `mention_corrections` applied (and a `correction`
    column): the parts keep what was extracted, so an edited corrections file needs no parse."""
    fixes = read_table(path, MENTION_CORRECTIONS, manifest=manifest) if manifest["corrections"].get("mention_rows") \
        else pd.DataFrame(columns=["doc_id", "start_char", "end_char", "removed"])
    keys = ["doc_id", "start_char", "end_char"]
    fields = ["actor_id", "actor_name", "actor_type", "resolved_by"]
    read = None if columns is None else [c for c in dict.fromkeys([*columns, *keys, *fields]) if c != "correction"]
    frame = read_table(path, "mentions", columns=read, filters=filters,
                       manifest={"parts": manifest.get("parts", [])}).copy()
    frame["correction"] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    if len(fixes) and len(frame):
        at = pd.MultiIndex.from_frame(frame[keys])
        hit = at.isin(pd.MultiIndex.from_frame(fixes[keys]))
        found = fixes.set_index(keys).reindex(at[hit])
        rows = frame.index[hit]
        for column in (*fields, "correction"):
            frame.loc[rows, column] = found[column].to_numpy()
        frame = frame.drop(index=rows[found["removed"].to_numpy(bool)]).reset_index(drop=True)
    return frame[list(columns)] if columns is not None else frame


def read_docs(path: str | Path, vocab: Any, *, manifest: Mapping[str, Any] | None = None) -> Iterator[Any]:
    """The stored spaCy Docs, one part at a time (each has `user_data['doc_id']`); parts in name
    order, so callers that need article order sort by doc id."""
    from spacy.tokens import DocBin

    manifest = manifest if manifest is not None else read_manifest(path)
    fs, root = filesystem(path)
    for part in manifest.get("parts", []):
        with fs.open(_join(root, DOCS_DIR, f"part-{part}.spacy"), "rb") as handle:
            doc_bin = DocBin(store_user_data=True).from_bytes(handle.read())
        yield from doc_bin.get_docs(vocab)


class TaggedCorpus:
    """A complete tagged store, read lazily: `corpus.mentions`, `corpus.table("places", columns=[...])`."""

    def __init__(self, path: str | Path):
        self.path = Path(path) if "://" not in str(path) else path
        self.manifest = read_manifest(self.path)
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str, *, columns: Sequence[str] | None = None, filters: Any = None) -> pd.DataFrame:
        """A table; the whole table is cached, a selection of columns or rows is read each time."""
        if columns is not None or filters is not None:
            return read_table(self.path, name, columns=columns, filters=filters, manifest=self.manifest)
        if name not in self._tables:
            self._tables[name] = read_table(self.path, name, manifest=self.manifest)
        return self._tables[name]

    def docs(self, vocab: Any) -> Iterator[Any]:
        return read_docs(self.path, vocab, manifest=self.manifest)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self.manifest.get("rows", {}):
            raise AttributeError(name)
        return self.table(name)

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v}" for k, v in self.manifest.get("rows", {}).items())
        return f"TaggedCorpus({str(self.path)!r}: {rows})"


def default_store_for(input_path: str | Path) -> Path:
    """Where a corpus read by a notebook is tagged: a per-corpus folder of the user's cache
    ($LIBYA_ANALYSIS_CACHE, else ~/.cache/libya_analysis)."""
    resolved = Path(input_path).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
    root = Path(os.environ.get("LIBYA_ANALYSIS_CACHE", Path.home() / ".cache" / "libya_analysis"))
    return root / f"{resolved.stem}-{digest}"

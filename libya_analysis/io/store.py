"""Read and write a tagged store: Parquet tables, DocBin files under `docs/`, `manifest.json`.

Every file is written to a temporary name and renamed, and the manifest is removed first and
written last, so a directory without `manifest.json` is known to be incomplete.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from ..exceptions import StoreError
from ..schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
DOCS_DIR = "docs"
DOCS_PER_FILE = 1000
_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed onto it only when the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_table(frame: pd.DataFrame, target: str | Path) -> None:
    with atomic_path(target) as tmp:
        frame.to_parquet(tmp, index=False)


def write_store(out: str | Path, tables: Mapping[str, pd.DataFrame], docs_bytes: Iterable[bytes],
                manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Write tables, DocBin files and (last) the manifest with row counts and write time."""
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)
    for name, frame in tables.items():
        write_table(frame, out / f"{name}.parquet")
    docs_dir = out / DOCS_DIR
    docs_dir.mkdir(exist_ok=True)
    written = []
    for number, data in enumerate(docs_bytes):
        path = docs_dir / f"part-{number:05d}.spacy"
        write_bytes(path, data)
        written.append(path.name)
    for stale in docs_dir.glob("part-*.spacy"):
        if stale.name not in written:
            stale.unlink()
    full = dict(manifest)
    full["schema_version"] = SCHEMA_VERSION
    full["rows"] = {name: int(len(frame)) for name, frame in tables.items()}
    full["docs"] = written
    timings = dict(full.get("timings") or {})
    timings["write_s"] = time.perf_counter() - started
    timings["total_s"] = sum(timings.values())
    full["timings"] = {k: round(v, 3) for k, v in timings.items()}
    write_text(out / MANIFEST, json.dumps(full, indent=2, default=str, ensure_ascii=False) + "\n")
    return full


def is_store(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_file()


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of a complete store; a clear error for a missing or incomplete one."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path}: no such tagged directory (run `libya-analysis tag INPUT --out {path}`)")
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise StoreError(f"{path}: no {MANIFEST}, so the tagged directory is incomplete "
                         f"(a tagging run did not finish); tag the corpus again")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise StoreError(f"{manifest_path}, line {err.lineno}: not valid JSON ({err.msg})") from None
    major = str(manifest.get("schema_version", "0")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise StoreError(f"{path}: schema version {manifest.get('schema_version')} is not "
                         f"{SCHEMA_VERSION}; tag the corpus again with this version")
    return manifest


def read_table(path: str | Path, name: str) -> pd.DataFrame:
    """One table of a complete store."""
    read_manifest(path)
    file = Path(path) / f"{name}.parquet"
    if not file.is_file():
        raise StoreError(f"{path}: the store has no {name!r} table")
    return pd.read_parquet(file)


def read_docs(path: str | Path, vocab: Any) -> Iterator[Any]:
    """The stored spaCy Docs, in article order (each has `user_data['doc_id']`)."""
    from spacy.tokens import DocBin

    manifest = read_manifest(path)
    for name in manifest.get("docs", []):
        doc_bin = DocBin(store_user_data=True).from_bytes((Path(path) / DOCS_DIR / name).read_bytes())
        yield from doc_bin.get_docs(vocab)


def doc_bins(docs: Iterable[Any], *, per_file: int = DOCS_PER_FILE) -> Iterator[bytes]:
    """Serialise Docs into DocBin chunks of `per_file` documents."""
    from spacy.tokens import DocBin

    current = DocBin(store_user_data=True)
    for doc in docs:
        current.add(doc)
        if len(current) >= per_file:
            yield current.to_bytes()
            current = DocBin(store_user_data=True)
    if len(current):
        yield current.to_bytes()


class TaggedCorpus:
    """A complete tagged store, read lazily: `corpus.mentions`, `corpus.table("places")`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.manifest = read_manifest(self.path)
        self._tables: dict[str, pd.DataFrame] = {}

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            self._tables[name] = read_table(self.path, name)
        return self._tables[name]

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
    import hashlib

    resolved = Path(input_path).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
    root = Path(os.environ.get("LIBYA_ANALYSIS_CACHE", Path.home() / ".cache" / "libya_analysis"))
    return root / f"{resolved.stem}-{digest}"

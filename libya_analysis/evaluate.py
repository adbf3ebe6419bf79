"""Score a tagged store against hand annotations (the format of shared/eval/README.md).

A section is scored only when the store has its table: actors from `mentions`; figures,
timexes and events join as their tables are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .actors import normalize_name
from .exceptions import LibyaAnalysisError
from .store import read_manifest, read_table


class GoldError(LibyaAnalysisError):
    """A gold file that does not follow the annotation format."""


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The `documents` of a gold file, each with a string `id`."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise GoldError(f"{path}{where}: not valid YAML") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise GoldError(f"{path}: expected a top-level 'documents' list")
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict) or "id" not in doc:
            raise GoldError(f"{path}: document #{number} has no 'id'")
        doc["id"] = str(doc["id"])
    return documents


def _actor_keys(actors: pd.DataFrame) -> dict[str, set[str]]:
    """For each actor id: the normalised names it answers to (own and its ancestors')."""
    own: dict[str, set[str]] = {}
    parent: dict[str, str | None] = {}
    for row in actors.itertuples(index=False):
        names = {row.actor_id, row.name, *(list(row.aliases) if row.aliases is not None else [])}
        own[row.actor_id] = {normalize_name(str(n)) for n in names}
        parent[row.actor_id] = row.parent_id if isinstance(row.parent_id, str) else None
    keys: dict[str, set[str]] = {}
    for actor_id in own:
        collected, seen, current = set(own[actor_id]), {actor_id}, parent[actor_id]
        while current and current in own and current not in seen:
            collected |= own[current]
            seen.add(current)
            current = parent.get(current)
        keys[actor_id] = collected
    return keys


def score_actors(gold: list[Mapping[str, Any]], mentions: pd.DataFrame, actors: pd.DataFrame) -> dict[str, Any]:
    """Required-actor recall and not-actor errors, by the README's matching rule."""
    keys = _actor_keys(actors)
    own_keys = {row.actor_id: {normalize_name(row.name), normalize_name(row.actor_id),
                               *(normalize_name(a) for a in (row.aliases if row.aliases is not None else []))}
                for row in actors.itertuples(index=False)}
    found = total = 0
    misses, errors = [], []
    by_doc = {doc_id: frame for doc_id, frame in mentions.groupby("doc_id")}
    for doc in gold:
        required = (doc.get("actors") or {}).get("required") or []
        frame = by_doc.get(doc["id"], mentions.iloc[0:0])
        doc_keys: set[str] = set()
        for actor_id in frame["actor_id"].unique():
            doc_keys |= keys.get(actor_id, {normalize_name(actor_id)})
        doc_keys |= {normalize_name(n) for n in frame["actor_name"]}
        for name in required:
            total += 1
            if normalize_name(str(name)) in doc_keys:
                found += 1
            else:
                misses.append({"doc_id": doc["id"], "actor": name})
        listed = frame[frame["actor_type"] != "unlisted"]
        for name in doc.get("not_actors") or []:
            target = normalize_name(str(name))
            for row in listed.itertuples(index=False):
                if target == normalize_name(row.text) or target in own_keys.get(row.actor_id, ()):
                    errors.append({"doc_id": doc["id"], "name": name, "text": row.text,
                                   "actor_id": row.actor_id, "start_char": int(row.start_char)})
    return {"recall": found / total if total else None, "found": found, "required": total,
            "not_actor_errors": errors, "misses": misses}


def evaluate(gold_path: str | Path, tagged: str | Path) -> dict[str, Any]:
    """Score every section the store has tables for."""
    manifest = read_manifest(tagged)
    gold = load_gold(gold_path)
    result: dict[str, Any] = {}
    missing = sorted({d["id"] for d in gold} - set(read_table(tagged, "articles")["doc_id"].astype(str)))
    if missing:
        result["missing_documents"] = missing
    if {"mentions", "actors"} <= set(manifest.get("rows", {})):
        result["actors"] = score_actors(gold, read_table(tagged, "mentions"), read_table(tagged, "actors"))
    return result


def format_report(result: Mapping[str, Any]) -> str:
    """A readable summary of `evaluate`'s result."""
    lines = []
    if result.get("missing_documents"):
        lines.append(f"documents in the gold file but not in the tagged corpus: {', '.join(result['missing_documents'])}")
    actors = result.get("actors")
    if actors:
        recall = "n/a" if actors["recall"] is None else f"{actors['recall']:.3f}"
        lines += ["actors", f"  required-actor recall  {recall}  ({actors['found']}/{actors['required']})",
                  f"  not_actors errors      {len(actors['not_actor_errors'])}"]
        for miss in actors["misses"]:
            lines.append(f"  missed   {miss['doc_id']}: {miss['actor']}")
        for err in actors["not_actor_errors"]:
            lines.append(f"  error    {err['doc_id']}: {err['text']!r} tagged as {err['actor_id']} (not an actor)")
    for section in ("figures", "timexes", "events"):
        if section not in result:
            lines.append(f"{section}: not scored (the tagged corpus has no table for them yet)")
    return "\n".join(lines)


def check_minimums(result: Mapping[str, Any], *, min_actor_recall: float | None = None,
                   max_not_actor_errors: int | None = None) -> list[str]:
    """Failures against the minimums asked for (empty when all hold)."""
    failures = []
    actors = result.get("actors")
    if min_actor_recall is not None:
        recall = actors["recall"] if actors else None
        if recall is None or recall < min_actor_recall:
            failures.append(f"actor recall {recall} is below {min_actor_recall}")
    if max_not_actor_errors is not None and actors and len(actors["not_actor_errors"]) > max_not_actor_errors:
        failures.append(f"{len(actors['not_actor_errors'])} not_actors errors (at most {max_not_actor_errors})")
    return failures

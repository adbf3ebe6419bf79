"""Analysts' corrections: a YAML file applied to the tables on every tagging run, after extraction
and before incidents are merged, so a fix survives re-runs.

```yaml
figures:
- {figure_id: ..., drop: true, note: "reader's comment"}
- {figure_id: ..., low: 12, high: 12, note: "revised toll"}
- {figure_id: ..., category: injured, note: ...}
- {figure_id: ..., date: 2016-05-20, note: ...}
incidents:
- {merge: [figure_id, figure_id], note: ...}   # these figures are one incident
- {split: figure_id, note: ...}                # this figure is an incident of its own
actors:
- {name: "Abu Nabil al-Anbari", actor_id: ..., note: ...}   # relabels mentions and perpetrators
- {name: "...", not_actor: true, note: ...}
```

Figures are named by their stable `figure_id`. A dropped figure leaves the `casualties` table
(so it is in no incident and no tally) and is listed in the `corrections` table; a corrected row
carries the note in its `correction` column. A correction whose figure (or name, or actor) is not
in the tagged corpus is reported (a warning, the `corrections` table, the manifest), not fatal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..exceptions import CorrectionsError
from ..extract.timex import interval
from ..names import normalize_name
from .incidents import casualty_incidents

log = logging.getLogger(__name__)

FILE_NAME = "corrections.yaml"
"""Picked up from a corpus folder; beside a `NAME.jsonl` / `NAME.csv` it is `NAME.corrections.yaml`."""
CATEGORIES = ("killed", "injured", "abducted")
SECTIONS = ("figures", "incidents", "actors")
_KEYS = {
    "figures": {"figure_id", "drop", "low", "high", "category", "date", "note"},
    "incidents": {"merge", "split", "note"},
    "actors": {"name", "actor_id", "not_actor", "note"},
}
CORRECTION_COLUMNS = ["section", "entry", "action", "target", "note", "applied", "rows", "doc_id", "detail",
                      "problem"]


@dataclass(frozen=True)
class Corrections:
    """The validated entries of a corrections file (none when there is no file)."""

    path: str | None = None
    hash: str | None = None
    figures: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    incidents: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    actors: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.figures) + len(self.incidents) + len(self.actors)


def find_corrections(input_path: str | Path) -> Path | None:
    """The corrections file that goes with a corpus: `corrections.yaml` in a corpus folder, or
    `NAME.corrections.yaml` beside `NAME.jsonl` / `NAME.csv`; None when there is none."""
    path = Path(input_path)
    candidate = path / FILE_NAME if path.is_dir() else path.with_name(f"{path.stem}.{FILE_NAME}")
    return candidate if candidate.is_file() else None


def load_corrections(path: str | Path) -> Corrections:
    """Read and validate a corrections file; a `CorrectionsError` names the file and the entry."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CorrectionsError(f"{path}: cannot read the corrections file ({err.strerror})") from None
    try:
        content = yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CorrectionsError(f"{path}{f', line {mark.line + 1}' if mark else ''}: not valid YAML") from None
    content = content or {}
    if not isinstance(content, dict):
        raise CorrectionsError(f"{path}: expected a mapping with {', '.join(SECTIONS)}")
    unknown = set(content) - set(SECTIONS)
    if unknown:
        raise CorrectionsError(f"{path}: unknown section(s) {', '.join(sorted(map(str, unknown)))}; "
                               f"expected {', '.join(SECTIONS)}")
    sections: dict[str, tuple[dict[str, Any], ...]] = {}
    for section in SECTIONS:
        entries = content.get(section) or []
        if not isinstance(entries, list):
            raise CorrectionsError(f"{path}: '{section}' must be a list of entries")
        sections[section] = tuple(_validate(section, entry, f"{path}: {section} entry {number}")
                                  for number, entry in enumerate(entries, start=1))
    return Corrections(str(path), hashlib.sha256(data).hexdigest()[:16], **sections)


def _validate(section: str, entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise CorrectionsError(f"{where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - _KEYS[section]
    if unknown:
        raise CorrectionsError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                               f"allowed: {', '.join(sorted(_KEYS[section]))}")
    entry = dict(entry)
    if entry.get("note") is not None:
        entry["note"] = str(entry["note"])
    if section == "figures":
        return _validate_figure(entry, where)
    if section == "incidents":
        if ("merge" in entry) == ("split" in entry):
            raise CorrectionsError(f"{where}: give either 'merge' (a list of figure ids) or 'split' (a figure id)")
        if "merge" in entry:
            ids = entry["merge"]
            if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(i, str) and i for i in ids):
                raise CorrectionsError(f"{where}: 'merge' must list at least two figure ids")
        elif not isinstance(entry["split"], str) or not entry["split"]:
            raise CorrectionsError(f"{where}: 'split' must be one figure id")
        return entry
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise CorrectionsError(f"{where}: 'name' (the name as the articles write it) is required")
    if ("actor_id" in entry) == bool(entry.get("not_actor")):
        raise CorrectionsError(f"{where}: give either 'actor_id' (relabel) or 'not_actor: true'")
    if "not_actor" in entry and entry["not_actor"] is not True:
        raise CorrectionsError(f"{where}: 'not_actor' must be true")
    if "actor_id" in entry and (not isinstance(entry["actor_id"], str) or not entry["actor_id"]):
        raise CorrectionsError(f"{where}: 'actor_id' must be an actor id of the gazetteer")
    return entry


def _validate_figure(entry: dict[str, Any], where: str) -> dict[str, Any]:
    if not isinstance(entry.get("figure_id"), str) or not entry["figure_id"]:
        raise CorrectionsError(f"{where}: 'figure_id' is required")
    actions = set(entry) & {"drop", "low", "high", "category", "date"}
    if not actions:
        raise CorrectionsError(f"{where}: nothing to do: give drop, low / high, category or date")
    if "drop" in entry and entry["drop"] is not True:
        raise CorrectionsError(f"{where}: 'drop' must be true")
    for bound in ("low", "high"):
        value = entry.get(bound)
        if bound in entry and value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise CorrectionsError(f"{where}: '{bound}' must be a whole number of people (or null)")
    if entry.get("low") is not None and entry.get("high") is not None and entry["low"] > entry["high"]:
        raise CorrectionsError(f"{where}: low {entry['low']} is above high {entry['high']}")
    if "category" in entry and entry["category"] not in CATEGORIES:
        raise CorrectionsError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
    if "date" in entry:
        value = entry["date"]
        value = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
        if interval(value) is None:
            raise CorrectionsError(f"{where}: date {value!r} is not a calendar date (YYYY-MM-DD, YYYY-MM or YYYY)")
        entry["date"] = value
    return entry


# ---------------------------------------------------------------- applying

def apply_corrections(tables: Mapping[str, pd.DataFrame], corrections: Corrections
                      ) -> dict[str, pd.DataFrame]:
    """`mentions`, `actors` and `casualties` corrected (each with a `correction` column) and the
    `corrections` table: one row per entry, whether it applied and why not."""
    mentions = tables["mentions"].copy()
    casualties = tables["casualties"].copy()
    actors = tables["actors"]
    mentions["correction"] = pd.Series([None] * len(mentions), index=mentions.index, dtype=object)
    casualties["correction"] = pd.Series([None] * len(casualties), index=casualties.index, dtype=object)
    report: list[dict[str, Any]] = []
    removed: set[Any] = set()
    for number, entry in enumerate(corrections.actors, start=1):
        report.append(_apply_actor(entry, number, mentions, casualties, actors, removed))
    mentions = mentions.drop(index=list(removed))
    dropped: list[Any] = []
    for number, entry in enumerate(corrections.figures, start=1):
        report.append(_apply_figure(entry, number, casualties, dropped))
    casualties = casualties.drop(index=dropped)
    known = set(casualties["figure_id"])
    for number, entry in enumerate(corrections.incidents, start=1):
        ids = entry["merge"] if "merge" in entry else [entry["split"]]
        missing = [i for i in ids if i not in known]
        report.append(_row("incidents", number, "merge" if "merge" in entry else "split", ", ".join(ids), entry,
                           applied=not missing, rows=len(ids) - len(missing),
                           problem=f"no figure {', '.join(missing)} in the tagged corpus" if missing else None))
    frame = pd.DataFrame(report, columns=CORRECTION_COLUMNS)
    for row in frame[~frame["applied"].astype(bool)].itertuples(index=False):
        log.warning("%s: %s entry %d not applied: %s", corrections.path, row.section, row.entry, row.problem)
    used = set(mentions["actor_id"])
    actors = actors[(actors["type"] != "unlisted") | actors["actor_id"].isin(used)].reset_index(drop=True)
    return {"mentions": mentions.reset_index(drop=True), "actors": actors,
            "casualties": casualties.reset_index(drop=True), "corrections": frame}


def _row(section: str, number: int, action: str, target: str, entry: Mapping[str, Any], *, applied: bool,
         rows: int, doc_id: str | None = None, detail: str | None = None,
         problem: str | None = None) -> dict[str, Any]:
    return {"section": section, "entry": number, "action": action, "target": target, "note": entry.get("note"),
            "applied": applied, "rows": rows, "doc_id": doc_id, "detail": detail, "problem": problem}


def _note(frame: pd.DataFrame, index: Any, entry: Mapping[str, Any], action: str) -> None:
    note = entry.get("note") or action
    current = frame.at[index, "correction"]
    frame.at[index, "correction"] = f"{current}; {note}" if isinstance(current, str) else note


def _apply_figure(entry: dict[str, Any], number: int, casualties: pd.DataFrame, dropped: list[Any]) -> dict[str, Any]:
    figure_id = entry["figure_id"]
    action = "drop" if entry.get("drop") else ", ".join(k for k in ("low", "high", "category", "date") if k in entry)
    matches = casualties.index[casualties["figure_id"] == figure_id]
    if not len(matches):
        return _row("figures", number, action, figure_id, entry, applied=False, rows=0,
                    problem=f"no figure {figure_id} in the tagged corpus")
    index = matches[0]
    figure = casualties.loc[index]
    before = (f"{figure['category']} {_bound(figure['low'])}-{_bound(figure['high'])} "
              f"on {figure['date_value']}: {figure['text']!r}")
    if entry.get("drop"):
        dropped.append(index)
        return _row("figures", number, action, figure_id, entry, applied=True, rows=1, doc_id=figure["doc_id"],
                    detail=f"dropped {before}")
    for bound in ("low", "high"):
        if bound in entry:
            casualties.at[index, bound] = pd.NA if entry[bound] is None else int(entry[bound])
    if "category" in entry:
        casualties.at[index, "category"] = entry["category"]
    if "date" in entry:
        casualties.at[index, "date_value"] = entry["date"]
        casualties.at[index, "date_basis"] = "correction"
    if "low" in entry or "high" in entry:
        casualties.at[index, "vague"] = False
    _note(casualties, index, entry, action)
    after = casualties.loc[index]
    return _row("figures", number, action, figure_id, entry, applied=True, rows=1, doc_id=figure["doc_id"],
                detail=f"{before} -> {after['category']} {_bound(after['low'])}-{_bound(after['high'])} "
                       f"on {after['date_value']}")


def _bound(value: Any) -> str:
    return "?" if value is None or pd.isna(value) else str(int(value))


def _apply_actor(entry: dict[str, Any], number: int, mentions: pd.DataFrame, casualties: pd.DataFrame,
                 actors: pd.DataFrame, removed: set[Any]) -> dict[str, Any]:
    name = normalize_name(entry["name"])
    action = "not_actor" if entry.get("not_actor") else "relabel"
    target = entry["name"] if action == "not_actor" else f"{entry['name']} -> {entry['actor_id']}"
    hits = mentions.index[((mentions["text"].map(normalize_name) == name)
                           | (mentions["actor_name"].map(normalize_name) == name)) & ~mentions.index.isin(removed)]
    if not len(hits):
        return _row("actors", number, action, target, entry, applied=False, rows=0,
                    problem=f"no mention of {entry['name']!r} in the tagged corpus")
    if action == "relabel":
        known = actors[actors["actor_id"] == entry["actor_id"]]
        if known.empty:
            return _row("actors", number, action, target, entry, applied=False, rows=0,
                        problem=f"no actor {entry['actor_id']!r} in the gazetteer")
        actor = known.iloc[0]
    changed = {(doc_id, old) for doc_id, old in zip(mentions.loc[hits, "doc_id"], mentions.loc[hits, "actor_id"])}
    new_id = None if action == "not_actor" else entry["actor_id"]
    for doc_id, old in changed:
        perpetrated = casualties.index[(casualties["doc_id"] == doc_id) & (casualties["perpetrator_id"] == old)]
        for index in perpetrated:
            if old != new_id:
                casualties.at[index, "perpetrator_id"] = new_id
                _note(casualties, index, entry, action)
    if action == "not_actor":
        removed.update(hits)
    else:
        mentions.loc[hits, ["actor_id", "actor_name", "actor_type", "resolved_by"]] = [
            actor["actor_id"], actor["name"], actor["type"], "correction"]
        for index in hits:
            _note(mentions, index, entry, action)
    return _row("actors", number, action, target, entry, applied=True, rows=len(hits),
                detail=f"{len(hits)} mention(s) in {len({d for d, _ in changed})} article(s)")


def corrected_incidents(figures: pd.DataFrame, articles: pd.DataFrame,
                        corrections: Corrections) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`casualty_incidents` with the analysts' merge / split constraints: the figures with
    `incident_id` and `review`, and the incidents, each with `correction` (the notes of the
    entries that shaped it)."""
    together = [set(e["merge"]) for e in corrections.incidents if "merge" in e]
    alone = {e["split"] for e in corrections.incidents if "split" in e}
    figures, incidents = casualty_incidents(figures, articles, together=together, alone=alone)
    notes = []
    for members in incidents["figure_ids"]:
        shaped = [e.get("note") or ("merge" if "merge" in e else "split") for e in corrections.incidents
                  if set(e.get("merge") or [e.get("split")]) & set(members)]
        notes.append("; ".join(shaped) or None)
    incidents["correction"] = pd.Series(notes, index=incidents.index, dtype=object)
    return figures, incidents


MENTION_KEYS = ["doc_id", "start_char", "end_char"]
MENTION_FIXES = ["actor_id", "actor_name", "actor_type", "resolved_by", "correction"]


def mention_corrections(mentions: pd.DataFrame, corrected: pd.DataFrame) -> pd.DataFrame:
    """The `mention_corrections` table: the mentions the corrections relabelled (their new actor
    and note) or removed (`removed` true). The stored per-document `mentions` parts stay as
    extracted (they are the cache); reading `mentions` from a store applies this table."""
    columns = [*MENTION_KEYS, "removed", *MENTION_FIXES]
    changed = corrected[corrected["correction"].notna()] if "correction" in corrected.columns else corrected.iloc[0:0]
    kept = pd.MultiIndex.from_frame(corrected[MENTION_KEYS]) if len(corrected) else pd.MultiIndex.from_tuples(
        [], names=MENTION_KEYS)
    gone = mentions[~pd.MultiIndex.from_frame(mentions[MENTION_KEYS]).isin(kept)] if len(mentions) else mentions
    frame = pd.concat([changed.assign(removed=False)[columns],
                       gone.assign(removed=True, correction=None)[columns]], ignore_index=True)
    frame["removed"] = frame["removed"].astype(bool)
    return frame.sort_values(MENTION_KEYS, kind="stable").reset_index(drop=True)


def corrections_summary(corrections: Corrections, report: pd.DataFrame) -> dict[str, Any]:
    """What the manifest records: the file, its hash, and the entries applied or not found."""
    missed = report[~report["applied"].astype(bool)]
    return {"file": corrections.path, "hash": corrections.hash, "entries": len(corrections),
            "applied": int(report["applied"].astype(bool).sum()),
            "not_applied": [f"{r.section} entry {r.entry} ({r.target}): {r.problem}" for r in missed.itertuples()]}


def corrections_view(corrections: pd.DataFrame | None) -> pd.DataFrame:
    """The `corrections` table for a notebook: what each entry changed, or why it did not apply
    (an empty table for a store tagged without corrections)."""
    columns = ["section", "action", "target", "note", "applied", "what changed"]
    if corrections is None or corrections.empty:
        return pd.DataFrame(columns=columns)
    view = corrections.assign(**{"what changed": corrections["detail"].where(corrections["applied"].astype(bool),
                                                                              corrections["problem"])})
    return view.sort_values(["section", "entry"], kind="stable")[columns].reset_index(drop=True)

"""Tables of a tagged store in the files analysts' tools read: CSV, Excel, Parquet, and incidents
in ACLED's columns (to set them beside ACLED's own data).

ACLED mapping (one row per incident):

| column | from |
|---|---|
| event_id_cnty | ISO 3166 alpha-3 code of the incident's country (`LBY` when unknown) + the incident number |
| event_date | the day of a day-dated incident; else the middle of its interval (ACLED codes an event known to a week or month at a day inside it and says so in `time_precision`) |
| year | year of `event_date` |
| time_precision | 1 day, 2 week, 3 month, quarter, season, half or year |
| actor1 | name of the perpetrator (`perpetrator_id` in the gazetteer), else empty |
| country, location | the incident's country and place |
| latitude, longitude | `lat` / `lon` of the place in `places.yaml`, empty when the place has none |
| fatalities | `killed_low` (ACLED codes fatalities conservatively), else `killed_best`, else 0 |
| notes | the evidence sentence of the incident's first figure |
| source | the distinct sources of the reporting articles, `; `-separated |

Reading a store here imports no NLP library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..exceptions import LibyaAnalysisError
from ..io.store import TaggedCorpus, atomic_path
from ..names import normalize_name

FORMATS = ("csv", "xlsx", "parquet", "acled")
EXCEL_MAX_ROWS = 1_048_576
"""Rows of an Excel sheet, the header included."""
EXCEL_MAX_CELL = 32_767
"""Characters in one Excel cell."""
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "actor1", "country", "location",
                 "latitude", "longitude", "fatalities", "notes", "source"]
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "quarter": 3, "season": 3, "half": 3, "year": 3}
ISO3 = {"Libya": "LBY", "Tunisia": "TUN", "Egypt": "EGY", "Algeria": "DZA", "Niger": "NER", "Chad": "TCD",
        "Sudan": "SDN", "Italy": "ITA", "Malta": "MLT", "Mali": "MLI", "France": "FRA", "United Kingdom": "GBR",
        "United States": "USA", "Syria": "SYR", "Iraq": "IRQ", "Turkey": "TUR", "Qatar": "QAT",
        "United Arab Emirates": "ARE", "Russia": "RUS", "Greece": "GRC", "Nigeria": "NGA"}
"""ISO 3166 alpha-3 codes of the countries incidents are placed in."""


_LISTS = (list, tuple, np.ndarray)


class ExportError(LibyaAnalysisError):
    """A table or format that cannot be written."""


def load_coordinates(path: str | Path | None = None) -> dict[tuple[str, str], tuple[float, float]]:
    """(normalised place name or alias, normalised country) -> (lat, lon) for the entries of the
    place list that have coordinates (the packaged `places.yaml` by default)."""
    if path is None:
        text = resources.files("libya_analysis").joinpath("data", "places.yaml").read_text(encoding="utf-8")
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ExportError(f"{path}: cannot read the place list ({err.strerror})") from None
    coordinates = {}
    for place in (yaml.safe_load(text) or {}).get("places", []):
        lat, lon = place.get("lat"), place.get("lon")
        if lat is None or lon is None:
            continue
        for name in [place["name"], *(place.get("aliases") or [])]:
            coordinates[(normalize_name(name), normalize_name(place.get("country") or ""))] = (float(lat), float(lon))
    return coordinates


def _event_date(start: Any, end: Any, precision: str) -> dt.date:
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    return start if precision == "day" else start + (end - start) // 2


def acled_table(incidents: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                actors: pd.DataFrame, *,
                coordinates: Mapping[tuple[str, str], tuple[float, float]] | None = None) -> pd.DataFrame:
    """One row per incident with ACLED's column names (see the module's mapping)."""
    coordinates = load_coordinates() if coordinates is None else coordinates
    text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    source_of = articles.drop_duplicates("doc_id").set_index("doc_id")["source"].to_dict()
    name_of = actors.drop_duplicates("actor_id").set_index("actor_id")["name"].to_dict()
    rows = []
    for incident in incidents.sort_values("incident_id").itertuples(index=False):
        date = _event_date(incident.date_start, incident.date_end, incident.date_precision)
        country = incident.country if isinstance(incident.country, str) else None
        place = incident.place if isinstance(incident.place, str) else None
        lat, lon = coordinates.get((normalize_name(place or ""), normalize_name(country or "")), (None, None))
        doc_id, sentence_id = str(list(incident.evidence)[0]).rsplit(":", 1)
        fatalities = next((int(v) for v in (incident.killed_low, incident.killed_best) if not pd.isna(v)), 0)
        sources = sorted({source_of[d] for d in incident.doc_ids if isinstance(source_of.get(d), str)})
        rows.append({
            "event_id_cnty": f"{ISO3.get(country or 'Libya', 'LBY')}{int(str(incident.incident_id).lstrip('I'))}",
            "event_date": date.isoformat(), "year": date.year,
            "time_precision": TIME_PRECISION.get(incident.date_precision, 3),
            "actor1": name_of.get(incident.perpetrator_id, "") if isinstance(incident.perpetrator_id, str) else "",
            "country": country or "", "location": place or "", "latitude": lat, "longitude": lon,
            "fatalities": fatalities, "notes": " ".join(str(text.get((doc_id, int(sentence_id)), "")).split()),
            "source": "; ".join(sources),
        })
    return pd.DataFrame(rows, columns=ACLED_COLUMNS)


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (`doc_ids`, `aliases`, ...) as `; `-separated text, for CSV and Excel."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, _LISTS)).any():
            frame[column] = frame[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, _LISTS) else v)
    return frame


def check_excel_limits(frame: pd.DataFrame, *, table: str) -> None:
    """An `ExportError` naming the table (and the row and column) when Excel cannot hold it."""
    if len(frame) + 1 > EXCEL_MAX_ROWS:
        raise ExportError(f"table {table!r} has {len(frame):,} rows; an Excel sheet holds {EXCEL_MAX_ROWS - 1:,} "
                          f"below its header: export it as csv or parquet")
    for column in frame.columns:
        lengths = frame[column].map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and lengths.max() > EXCEL_MAX_CELL:
            row = int(lengths.to_numpy().argmax())
            raise ExportError(f"table {table!r}, column {column!r}, row {row + 1}: {int(lengths.max()):,} "
                              f"characters; an Excel cell holds {EXCEL_MAX_CELL:,}: export it as csv or parquet")


def write_frame(frame: pd.DataFrame, out: str | Path, *, fmt: str, table: str) -> None:
    """Write a table as csv, xlsx or parquet (to a temporary name, then renamed)."""
    if fmt == "parquet":
        with atomic_path(out) as tmp:
            frame.to_parquet(tmp, index=False)
        return
    frame = flat(frame)
    if fmt == "csv":
        with atomic_path(out) as tmp:
            frame.to_csv(tmp, index=False)
        return
    if fmt == "xlsx":
        check_excel_limits(frame, table=table)
        for column in frame.columns:  # Excel has no time zones
            if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                frame[column] = frame[column].dt.tz_localize(None)
        with atomic_path(out) as tmp:
            frame.to_excel(tmp, index=False, sheet_name=table[:31], engine="openpyxl")
        return
    raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def export(store: str | Path, out: str | Path, *, table: str | None = None, fmt: str = "csv",
           places: str | Path | None = None) -> int:
    """Write one table of a store (or, for `acled`, its incidents in ACLED's columns, with the
    coordinates of `places`, the packaged place list by default) to `out`; returns the number of
    rows written."""
    corpus = TaggedCorpus(store)
    if fmt == "acled":
        if table not in (None, "incidents"):
            raise ExportError(f"--format acled writes the incidents; --table {table} does not apply")
        frame = acled_table(corpus.incidents, corpus.sentences, corpus.articles, corpus.actors,
                            coordinates=load_coordinates(places))
        write_frame(frame, out, fmt="csv", table="incidents")
        return len(frame)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    names = sorted(corpus.manifest.get("rows", {}))
    if not table:
        raise ExportError(f"name a table with --table: {', '.join(names)}")
    if table not in names:
        raise ExportError(f"{store}: no table {table!r}; the store has {', '.join(names)}")
    frame = corpus.table(table)
    write_frame(frame, out, fmt=fmt, table=table)
    return len(frame)

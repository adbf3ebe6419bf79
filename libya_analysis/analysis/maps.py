"""Places on a map: coordinates of the place list and a base map of Libya and its neighbours.

Coordinates are in `libya_analysis/data/places.yaml` (`lat`, `lon`, and `coordinates` naming
their source: GeoNames, CC-BY 4.0, or hand-entered). The base map `data/base_map.geojson` is
Natural Earth's 1:10m country outlines (public domain), extracted once by
`scripts/extract_base_map.py`; nothing is fetched at run time. Drawing uses matplotlib only (an
equirectangular plot with the latitude's aspect), so the notebooks need no GIS library.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

LIBYA_EXTENT = (8.5, 26.5, 18.5, 34.5)
"""lon_min, lon_max, lat_min, lat_max: Libya with a margin."""
ATTRIBUTION = "Base map: Natural Earth (public domain). Place coordinates: GeoNames (CC-BY 4.0) and hand-entered."
LAND, BORDER, SEA = "#f2efe6", "#9a9a9a", "#dbe9f4"
POINT_KINDS = ("city", "town", "district", "landmark")
"""Kinds of place drawn as points; a country or a region is an area, and a point at its centre
would look like a town."""


@lru_cache(maxsize=1)
def base_map() -> dict[str, Any]:
    """The shipped GeoJSON FeatureCollection of Libya and its neighbours."""
    text = resources.files("libya_analysis").joinpath("data", "base_map.geojson").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _places() -> pd.DataFrame:
    text = resources.files("libya_analysis").joinpath("data", "places.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)["places"]
    return pd.DataFrame([{"place_id": e["id"], "place": e["name"], "country": e["country"], "kind": e["kind"],
                          "lat": e.get("lat"), "lon": e.get("lon"), "coordinates": e.get("coordinates")}
                         for e in entries])


def place_coordinates() -> pd.DataFrame:
    """One row per place of the place list: place_id, place (name), country, kind, lat, lon and
    the source of the coordinates."""
    return _places().copy()


def locate(frame: pd.DataFrame, *, place_id: str | None = "place_id", place: str = "place",
           kinds: tuple[str, ...] | None = POINT_KINDS) -> pd.DataFrame:
    """`frame` with `lat` and `lon` of its place (by `place_id` where the column exists, else by the
    canonical place name); rows of unknown places, and of places not of `kinds` (None for all),
    get NaN."""
    table = _places()
    if kinds is not None:
        table = table[table["kind"].isin(kinds)]
    if place_id and place_id in frame.columns:
        keys = frame[place_id]
        lookup = table.set_index("place_id")
    else:
        keys = frame[place]
        lookup = table.drop_duplicates("place").set_index("place")
    return frame.assign(lat=keys.map(lookup["lat"]).astype(float), lon=keys.map(lookup["lon"]).astype(float))


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon[:1]]


def draw_base_map(ax: plt.Axes, *, extent: tuple[float, float, float, float] = LIBYA_EXTENT,
                  label_countries: bool = True) -> None:
    """Country outlines on `ax`, clipped to `extent`, with the aspect of the middle latitude."""
    lon_min, lon_max, lat_min, lat_max = extent
    ax.set_facecolor(SEA)
    for feature in base_map()["features"]:
        for ring in _rings(feature["geometry"]):
            ax.add_patch(Polygon(ring, closed=True, facecolor=LAND, edgecolor=BORDER, linewidth=0.7, zorder=1))
        if label_countries:
            points = np.array([p for ring in _rings(feature["geometry"]) for p in ring])
            inside = points[(points[:, 0] > lon_min) & (points[:, 0] < lon_max)
                            & (points[:, 1] > lat_min) & (points[:, 1] < lat_max)]
            if len(inside) > 50:
                x, y = (inside.min(axis=0) + inside.max(axis=0)) / 2
                ax.text(x, y, feature["properties"]["name"].upper(), fontsize=8, color="#8a8a8a",
                        ha="center", va="center", zorder=2)
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")


def _sizes(values: pd.Series | np.ndarray, *, peak: float, largest: float = 1500.0) -> np.ndarray:
    """Marker areas proportional to the values (`peak` gets `largest` points²), at least 12 points²
    so that a zero stays visible."""
    values = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), 0, None)
    return 12 + largest * values / max(peak, 1.0)


def _size_legend(ax: plt.Axes, *, peak: float, unit: str, title: str) -> None:
    """A second legend with circles for round values up to `peak`."""
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

    if peak <= 0:
        return
    magnitude = 10 ** math.floor(math.log10(peak))
    steps = [v for v in (magnitude / 10, magnitude, peak) if v >= 1]
    steps = sorted({int(round(v)) for v in steps})
    handles = [Line2D([], [], linestyle="", marker="o", markersize=math.sqrt(float(_sizes([v], peak=peak)[0])),
                      markerfacecolor="none", markeredgecolor="black") for v in steps]
    legend = Legend(ax, handles, [f"{v:,} {unit}" for v in steps], title=title, loc="lower right", fontsize=7,
                    title_fontsize=8, labelspacing=1.5, borderpad=1)
    ax.add_artist(legend)


def incident_map(incidents: pd.DataFrame, *, names: pd.Series | dict | None = None, value: str = "killed_best",
                 title: str, top_colours: int = 7) -> Figure:
    """Incidents as circles at their place: area proportional to `value` (people killed, best
    estimate), colour by perpetrator (the `top_colours` with most killed, the rest grey); incidents
    of one place are drawn as one circle per perpetrator with their values summed. Incidents placed
    only to a country or region are not drawn."""
    names = dict(names) if names is not None else {}
    located = locate(incidents, place_id=None).dropna(subset=["lat", "lon"])
    fig, ax = plt.subplots(figsize=(10, 7.5))
    draw_base_map(ax)
    if not located.empty:
        located = located.assign(perpetrator=located["perpetrator_id"].map(
            lambda i: names.get(i, i) if isinstance(i, str) else "unknown"))
        grouped = (located.groupby(["place", "lat", "lon", "perpetrator"], dropna=False)
                   .agg(value=(value, "sum"), incidents=("incident_id", "size")).reset_index()
                   .sort_values("value", ascending=False))
        peak = float(grouped["value"].max())
        grouped["size"] = _sizes(grouped["value"], peak=peak)
        ranked = grouped.groupby("perpetrator")["value"].sum().sort_values(ascending=False).index
        known = [p for p in ranked if p != "unknown"][:top_colours]
        colours = dict(zip(known, plt.get_cmap("tab10").colors))
        for perpetrator in [*known, "other", "unknown"]:
            if perpetrator == "other":
                rows = grouped[~grouped["perpetrator"].isin([*known, "unknown"])]
            else:
                rows = grouped[grouped["perpetrator"] == perpetrator]
            if rows.empty:
                continue
            ax.scatter(rows["lon"], rows["lat"], s=rows["size"],
                       color=colours.get(perpetrator, "#7f7f7f"), alpha=0.55, edgecolor="black",
                       linewidth=0.5, label=f"{perpetrator} ({int(rows['incidents'].sum())})", zorder=3)
        for row in grouped.drop_duplicates("place").head(12).itertuples():
            ax.annotate(row.place, (row.lon, row.lat), xytext=(4, 4), textcoords="offset points", fontsize=7,
                        zorder=4)
        colour_legend = ax.legend(title="perpetrator (incidents)", fontsize=7, title_fontsize=8, loc="lower left")
        for handle in colour_legend.legend_handles:
            handle.set_sizes([40])
        _size_legend(ax, peak=peak, unit="killed", title="people killed (best)")
    ax.set_title(title)
    fig.text(0.01, 0.005, ATTRIBUTION, fontsize=6, color="#666666")
    fig.tight_layout()
    return fig


def mention_map(places: pd.DataFrame, *, title: str, label_top: int = 12) -> Figure:
    """Place mentions as circles at their place, area proportional to the number of mentions
    (countries, regions, unresolved places and places without coordinates are left out)."""
    counts = (locate(places).dropna(subset=["lat", "lon"])
              .groupby(["place", "lat", "lon"]).agg(mentions=("doc_id", "size"), articles=("doc_id", "nunique"))
              .reset_index().sort_values("mentions", ascending=False))
    fig, ax = plt.subplots(figsize=(10, 7.5))
    draw_base_map(ax)
    if not counts.empty:
        peak = float(counts["mentions"].max())
        ax.scatter(counts["lon"], counts["lat"], s=_sizes(counts["mentions"], peak=peak), color="#1f77b4",
                   alpha=0.5, edgecolor="black", linewidth=0.5, zorder=3)
        _size_legend(ax, peak=peak, unit="mentions", title="mentions")
        for row in counts.head(label_top).itertuples():
            ax.annotate(f"{row.place} ({row.mentions})", (row.lon, row.lat), xytext=(4, 4),
                        textcoords="offset points", fontsize=7, zorder=4)
    ax.set_title(title)
    fig.text(0.01, 0.005, ATTRIBUTION, fontsize=6, color="#666666")
    fig.tight_layout()
    return fig

"""Extract the base map (Libya and its neighbours) shipped as `libya_analysis/data/base_map.geojson`.

Run once, by hand, when the base map should change; nothing is downloaded at run time. The source
is Natural Earth's 1:10m Admin 0 countries (public domain), as redistributed in TopoJSON by the
npm package `world-atlas` (version 2.0.2, Natural Earth 4.1.0):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/extract_base_map.py package/countries-10m.json libya_analysis/data/base_map.geojson

The TopoJSON arcs are decoded here (delta-encoded, quantised integers) into GeoJSON polygons, and
coordinates are rounded to 0.001 degree (about 100 m), which keeps the file small.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# Libya, the six countries it borders, and the two across the sea that recur in its reporting.
COUNTRIES = ("Libya", "Tunisia", "Algeria", "Niger", "Chad", "Sudan", "Egypt", "Italy", "Malta")
DIGITS = 3


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute longitude/latitude points of every arc of a quantised TopoJSON topology."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * scale[0] + translate[0], DIGITS), round(y * scale[1] + translate[1], DIGITS)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """One closed ring from arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduplicated = [points[0]] + [p for prev, p in zip(points, points[1:]) if p != prev]
    return [list(p) for p in deduplicated]


def to_geojson(topology: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A FeatureCollection of the named countries as MultiPolygons."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name not in names:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coordinates = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        coordinates = [p for p in coordinates if len(p[0]) >= 4]
        features.append({"type": "Feature", "id": geometry.get("id"), "properties": {"name": name},
                         "geometry": {"type": "MultiPolygon", "coordinates": coordinates}})
    missing = set(names) - {f["properties"]["name"] for f in features}
    if missing:
        raise SystemExit(f"not in the topology: {', '.join(sorted(missing))}")
    return {"type": "FeatureCollection",
            "properties": {"source": "Natural Earth 1:10m Admin 0 countries, version 4.1.0 (public domain), "
                                     "via the npm package world-atlas 2.0.2",
                           "precision_degrees": 10 ** -DIGITS},
            "features": sorted(features, key=lambda f: f["properties"]["name"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-10m.json of world-atlas")
    parser.add_argument("out", type=Path, help="GeoJSON file to write")
    args = parser.parse_args()
    collection = to_geojson(json.loads(args.topojson.read_text(encoding="utf-8")), COUNTRIES)
    args.out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(collection['features'])} countries, {args.out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

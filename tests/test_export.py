"""Exports: csv, xlsx and parquet tables, Excel's limits, and incidents in ACLED's columns."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.analysis.export import (
    EXCEL_MAX_CELL,
    ExportError,
    acled_table,
    check_excel_limits,
    export,
    load_coordinates,
)
from libya_analysis.cli import main
from libya_analysis.io.store import TaggedCorpus


def _incident(**values):
    row = {"incident_id": "I0001", "date_start": dt.date(2016, 5, 16), "date_end": dt.date(2016, 5, 16),
           "date_precision": "day", "place": "Sirte", "country": "Libya", "perpetrator_id": "isis",
           "killed_low": 4, "killed_best": 5, "killed_high": 6, "n_reports": 2, "doc_ids": ["a", "b"],
           "figure_ids": ["a:1", "b:2"], "evidence": ["a:0", "b:3"]}
    return {**row, **values}


@pytest.fixture
def tables():
    sentences = pd.DataFrame([{"doc_id": "a", "sentence_id": 0, "text": "Gunmen killed four  soldiers\nin Sirte."}])
    articles = pd.DataFrame([{"doc_id": "a", "source": "Libya Herald"}, {"doc_id": "b", "source": "Reuters"}])
    actors = pd.DataFrame([{"actor_id": "isis", "name": "Islamic State"}])
    return sentences, articles, actors


def test_places_file_with_coordinates_gives_latitude_and_longitude(tmp_path, tables):
    places = tmp_path / "places.yaml"
    places.write_text("version: test\nplaces:\n"
                      "- {id: sirte, name: Sirte, country: Libya, kind: city, aliases: [Surt], lat: 31.2, lon: 16.59}\n"
                      "- {id: derna, name: Derna, country: Libya, kind: city, aliases: []}\n")
    coordinates = load_coordinates(places)
    frame = acled_table(pd.DataFrame([_incident(), _incident(incident_id="I0002", place="Derna"),
                                      _incident(incident_id="I0003", place="Surt")]), *tables,
                        coordinates=coordinates)
    assert list(frame[["latitude", "longitude"]].iloc[0]) == [31.2, 16.59]
    assert frame[["latitude", "longitude"]].iloc[1].isna().all(), "a place without coordinates stays empty"
    assert list(frame[["latitude", "longitude"]].iloc[2]) == [31.2, 16.59], "aliases resolve too"


def test_acled_columns_follow_the_mapping(tables):
    frame = acled_table(pd.DataFrame([
        _incident(),
        _incident(incident_id="I0012", date_start=dt.date(2016, 5, 1), date_end=dt.date(2016, 5, 31),
                  date_precision="month", killed_low=None, killed_best=30, perpetrator_id=None, country="Tunisia"),
        _incident(incident_id="I0013", date_start=dt.date(2016, 5, 16), date_end=dt.date(2016, 5, 22),
                  date_precision="week", killed_low=None, killed_best=None),
    ]), *tables, coordinates={})
    first, month, week = frame.to_dict("records")
    assert first["event_id_cnty"] == "LBY1" and month["event_id_cnty"] == "TUN12"
    assert (first["event_date"], first["year"], first["time_precision"]) == ("2016-05-16", 2016, 1)
    assert (month["event_date"], month["time_precision"]) == ("2016-05-16", 3)
    assert (week["event_date"], week["time_precision"]) == ("2016-05-19", 2)
    assert (first["fatalities"], month["fatalities"], week["fatalities"]) == (4, 30, 0)
    assert first["actor1"] == "Islamic State" and month["actor1"] == ""
    assert first["notes"] == "Gunmen killed four soldiers in Sirte."
    assert first["source"] == "Libya Herald; Reuters"


def test_excel_limits_are_a_clear_error():
    check_excel_limits(pd.DataFrame({"text": ["x" * EXCEL_MAX_CELL]}), table="t")
    with pytest.raises(ExportError, match=r"table 'sentences', column 'text', row 2: 32,768 characters"):
        check_excel_limits(pd.DataFrame({"text": ["short", "x" * (EXCEL_MAX_CELL + 1)]}), table="sentences")
    with pytest.raises(ExportError, match="1,048,575"):
        check_excel_limits(pd.DataFrame({"n": range(1_048_576)}), table="mentions")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_every_format_reads_back(seeds_store, tmp_path, fmt):
    target = tmp_path / f"incidents.{fmt}"
    rows = export(seeds_store, target, table="incidents", fmt=fmt)
    reader = {"csv": pd.read_csv, "xlsx": pd.read_excel, "parquet": pd.read_parquet}[fmt]
    frame = reader(target)
    original = TaggedCorpus(seeds_store).incidents
    assert rows == len(frame) == len(original)
    assert list(frame.columns) == list(original.columns)
    if fmt != "parquet":
        assert frame["doc_ids"].iloc[0] == "; ".join(original["doc_ids"].iloc[0]), "lists become text"


def test_cli_export_and_its_errors(seeds_store, tmp_path, capsys):
    out = tmp_path / "acled.csv"
    assert main(["-q", "export", str(seeds_store), "--format", "acled", "--out", str(out)]) == 0
    assert out.read_text().startswith("event_id_cnty,event_date,year,time_precision,actor1,")
    places = tmp_path / "places.yaml"
    places.write_text("places:\n- {id: tripoli, name: Tripoli, country: Libya, kind: city, lat: 32.89, lon: 13.19}\n")
    assert main(["-q", "export", str(seeds_store), "--format", "acled", "--out", str(out), "--places", str(places)]) == 0
    tripoli = pd.read_csv(out).query("location == 'Tripoli'")
    assert not tripoli.empty and (tripoli["latitude"] == 32.89).all() and (tripoli["longitude"] == 13.19).all()
    assert main(["export", str(seeds_store), "--table", "nope", "--format", "csv", "--out", str(out)]) == 2
    assert "no table 'nope'" in capsys.readouterr().err
    assert main(["export", str(seeds_store), "--format", "csv", "--out", str(out)]) == 2
    assert "--table" in capsys.readouterr().err

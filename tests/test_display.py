"""Bounded interactive tables and the downloads they register."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from libya_analysis.analysis import display


def _long_frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"n": range(rows), "sentence": [f"Sentence number {i} of a long table." for i in range(rows)]})


def test_rows_within_keeps_the_page_bounded_at_any_size():
    small = _long_frame(5)
    assert display.rows_within(small, 100_000) == 5
    for rows in (1_000, 100_000):
        kept = display.rows_within(_long_frame(rows), 20_000)
        assert 100 < kept < 1_000, "the same budget keeps about the same rows whatever the table's length"
        assert len(_long_frame(rows).head(kept).to_json(orient="values")) <= 20_000
    assert display.rows_within(pd.DataFrame({"a": ["x" * 50_000]}), 1_000) == 1, "one row always shows"


def test_header_states_the_full_count_and_links_the_downloads():
    header = display.table_header(name="events", caption="Events", total=25_000, shown=700, link="03_timeline/events.csv",
                                  parquet=True)
    assert "25,000 rows" in header and "the first 700 in this page" in header
    assert 'href="03_timeline/events.csv"' in header and 'href="03_timeline/events.parquet"' in header
    assert 'data-rows="25000"' in header and 'data-table="table-events"' in header
    assert "in this page" not in display.table_header(name="events", caption="Events", total=3, shown=3, link=None, parquet=False)


def test_register_download_stages_the_full_table_only_under_the_report_runner(tmp_path, monkeypatch):
    frame = pd.DataFrame({"actor": ["ISIS", "GNA"], "ids": [["isis"], ["gna", "un"]]})
    monkeypatch.delenv(display.DOWNLOADS_DIR_ENV, raising=False)
    assert display.register_download(frame, name="actors") is None
    monkeypatch.setenv(display.DOWNLOADS_DIR_ENV, str(tmp_path / "staged"))
    monkeypatch.setenv(display.DOWNLOADS_URL_ENV, "01_actor_frequency/")
    assert display.register_download(frame, name="actors") == "01_actor_frequency/actors.csv"
    registry = json.loads((tmp_path / "staged" / display.REGISTRY).read_text())
    assert registry["actors"]["rows"] == 2
    assert pd.read_parquet(tmp_path / "staged" / "actors.parquet")["ids"].tolist() == ["['isis']", "['gna', 'un']"]
    with pytest.raises(ValueError, match="download name"):
        display.register_download(frame, name="../escape")


def test_show_table_renders_a_bounded_offline_datatable(tmp_path, monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setenv(display.DOWNLOADS_DIR_ENV, str(tmp_path / "staged"))
    monkeypatch.setenv(display.DOWNLOADS_URL_ENV, "nb/")
    shell = InteractiveShell.instance()
    outputs = []
    monkeypatch.setattr(shell.display_pub, "publish", lambda data, **kwargs: outputs.append(data))
    frame = _long_frame(50_000)
    display.show_table(frame, name="sentences", caption="All sentences", max_bytes=30_000)
    html = "\n".join(o.get("text/html", "") for o in outputs)
    assert "50,000 rows" in html and 'href="nb/sentences.csv"' in html and 'href="nb/sentences.parquet"' in html
    assert not re.search(r"""(src=|import\(|from )["']https?://""", html), "offline: nothing fetched"
    assert len(html.encode()) < 1_500_000, "the DataTables bundle and at most max_bytes of rows"
    registry = json.loads((tmp_path / "staged" / display.REGISTRY).read_text())
    assert registry["sentences"]["rows"] == 50_000


def test_a_page_shortened_from_a_download_states_the_download_count(tmp_path, monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setenv(display.DOWNLOADS_DIR_ENV, str(tmp_path / "staged"))
    shell = InteractiveShell.instance()
    outputs = []
    monkeypatch.setattr(shell.display_pub, "publish", lambda data, **kwargs: outputs.append(data))
    full = _long_frame(3_852)
    display.show_table(full.head(300), name="events", caption="Dated statements", download=full)
    html = "\n".join(o.get("text/html", "") for o in outputs)
    assert 'data-rows="3852"' in html and "the first 300 in this page" in html and "all 3,852 rows" in html
    assert json.loads((tmp_path / "staged" / display.REGISTRY).read_text())["events"]["rows"] == 3_852

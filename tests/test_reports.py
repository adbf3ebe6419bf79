"""Headless reports: papermill runs, code-free HTML, the index, and failure handling."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from libya_analysis.exceptions import ReportError
from libya_analysis.reports import read_parameters, run_reports

from .conftest import ROOT, SEEDS


def _toy_notebook(path):
    cells = [
        new_code_cell('corpus = "../seeds"  # tagged store\nfail = False  # raise an error on purpose',
                      metadata={"tags": ["parameters"]}),
        new_code_cell("from libya_analysis.io.store import TaggedCorpus\n"
                      "if fail:\n    raise RuntimeError('asked to fail')\n"
                      "print('ARTICLES', len(TaggedCorpus(corpus).articles))"),
    ]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    nbformat.write(nb, path)


@pytest.fixture
def toy_notebooks(tmp_path):
    directory = tmp_path / "notebooks"
    directory.mkdir()
    _toy_notebook(directory / "toy.ipynb")
    return directory


@pytest.mark.slow
def test_failed_run_keeps_last_good_html_and_marks_the_index(tmp_path, toy_notebooks, seeds_store):
    out = tmp_path / "reports"
    good = run_reports(seeds_store, out, notebooks=toy_notebooks)
    assert [r["status"] for r in good["runs"]] == ["ok"]
    html = (out / "toy.html").read_text()
    assert "ARTICLES 5" in html and "Provenance" in html
    assert "TaggedCorpus" not in html, "code cells are not exported"
    good_html = html

    bad = run_reports(seeds_store, out, notebooks=toy_notebooks, parameters={"fail": True})
    assert [r["status"] for r in bad["runs"]] == ["failed"]
    assert "asked to fail" in bad["runs"][0]["error"]
    assert (out / "toy.html").read_text() == good_html, "the last good report is kept"
    assert (out / "failed" / "toy.ipynb").exists()
    state = json.loads((out / "runs.json").read_text())["toy"]
    assert state["status"] == "failed" and state["html"] == "toy.html"
    index = (out / "index.html").read_text()
    assert "failed" in index and 'href="toy.html"' in index and "failed/toy.ipynb" in index
    assert not list(out.glob(".*tmp")) and not list(out.glob(".*running*"))


@pytest.mark.slow
def test_actor_notebook_runs_on_the_seeds_with_parameters(tmp_path, seeds_store):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "01_actor_frequency.ipynb", notebooks)
    out = tmp_path / "reports"
    summary = run_reports(seeds_store, out, notebooks=notebooks,
                          parameters={"top_n": 5, "date_from": "2018-01-01"})
    assert [r["status"] for r in summary["runs"]] == ["ok"], summary
    html = (out / "01_actor_frequency.html").read_text()
    assert "Islamic State" in html and "<img" in html
    assert "injected-parameters" not in html and "top_n = 5" not in html
    assert '"top_n": 5' in html, "the provenance names the parameters"
    assert "2015-04" not in html, "the date range left out the 2015 article"
    executed = nbformat.read(out / "01_actor_frequency.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path, toy_notebooks):
    with pytest.raises(ReportError, match="unknown notebook parameter"):
        run_reports(SEEDS, tmp_path / "reports", notebooks=toy_notebooks, parameters={"nope": 1})
    assert not (tmp_path / "reports").exists()


def test_corrections_for_an_already_tagged_store_are_refused(tmp_path, toy_notebooks, seeds_store):
    with pytest.raises(ReportError, match="corrections are applied when tagging"):
        run_reports(seeds_store, tmp_path / "reports", notebooks=toy_notebooks, corrections=tmp_path / "c.yaml")
    assert not (tmp_path / "reports").exists()


def test_parameters_from_file_and_pairs(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("date_from: 2018-01-01\ntop_n: 10\n")
    params = read_parameters(path, [("top_n", "20"), ("actor_types", "[person, militia]")])
    assert params == {"date_from": "2018-01-01", "top_n": 20, "actor_types": ["person", "militia"]}
    path.write_text("- not a mapping\n")
    with pytest.raises(ReportError, match="mapping"):
        read_parameters(path)


@pytest.mark.slow
def test_every_notebook_runs_in_the_report_suite(tmp_path, seeds_store):
    out = tmp_path / "reports"
    summary = run_reports(seeds_store, out, notebooks=ROOT / "notebooks")
    assert {r["notebook"] for r in summary["runs"]} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert all(r["status"] == "ok" for r in summary["runs"]), summary
    timeline = out / "03_timeline.html"
    if timeline.exists():
        html = timeline.read_text()
        assert "Chronology" in html and "<img" in html and "November 25" in html and "Tazerbo" in html

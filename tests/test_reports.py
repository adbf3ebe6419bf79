"""Headless reports: papermill runs, code-free HTML, the index, and failure handling."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from libya_analysis.analysis import tallies
from libya_analysis.corpus_level.timeline import filter_timeline
from libya_analysis.exceptions import ReportError
from libya_analysis.io.store import TaggedCorpus
from libya_analysis.reports import corpus_summary, default_notebooks, read_parameters, run_reports

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
def test_every_notebook_runs_in_the_report_suite(seeds_reports):
    out, summary = seeds_reports["out"], seeds_reports["summary"]
    assert {r["notebook"] for r in summary["runs"]} == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert all(r["status"] == "ok" for r in summary["runs"]), summary
    html = (out / "03_timeline.html").read_text()
    assert "Chronology" in html and "<img" in html and "November 25" in html and "Tazerbo" in html
    tallies_page = (out / "02_casualty_tallies.html").read_text()
    assert "By country" in tallies_page and "Tazerbo" in tallies_page


def test_the_package_ships_the_repository_notebooks():
    shipped = default_notebooks()
    assert sorted(p.name for p in shipped.glob("*.ipynb")) == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
def test_report_runs_from_any_directory_and_writes_nothing_beside_the_notebooks(seeds_reports):
    assert all(r["status"] == "ok" for r in seeds_reports["summary"]["runs"])
    assert list(seeds_reports["cwd"].iterdir()) == [], "nothing written in the directory it was started from"
    assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == sorted(
        p.name for p in (ROOT / "notebooks").glob("*.ipynb")), "nothing written beside the notebooks"


@pytest.mark.slow
def test_pages_are_small_load_nothing_from_the_network_and_link_their_downloads(seeds_reports):
    out = seeds_reports["out"]
    corpus = TaggedCorpus(seeds_reports["store"])
    state = json.loads((out / "runs.json").read_text())
    for name, entry in state.items():
        page = (out / entry["html"]).read_text()
        assert len(page.encode()) < 3_000_000, name
        assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?(https?:)?//""", page), \
            f"{name} loads something from the network"
        assert "require.min.js" not in page and "MathJax" not in page
        images = re.findall(r"<img\b[^>]*>", page)
        assert all(re.search(r'\salt="[^"]{20,}"', img) for img in images), f"{name}: a chart has no description"
        assert "No description has been provided" not in page, name
        assert entry["downloads"], f"{name} registers its tables"
        for table, files in entry["downloads"].items():
            csv = out / files["csv"]
            assert csv.parent == out / name and csv.exists()
            assert len(pd.read_csv(csv)) == files["rows"]
            assert f'href="{files["csv"]}"' in page, f"{name} links {table}.csv relatively"
            assert f'data-rows="{files["rows"]}"' in page
    assert state["02_casualty_tallies"]["downloads"]["incidents"]["rows"] == len(
        tallies.incidents_in_scope(corpus.incidents))
    assert state["03_timeline"]["downloads"]["events"]["rows"] == len(
        filter_timeline(corpus.timeline, min_precision="year"))
    index = (out / "index.html").read_text()
    ok = corpus.articles["status"].eq("ok").sum()
    assert f"{ok} articles, {len(corpus.incidents)} incidents" in index
    assert 'href="03_timeline/events.csv"' in index


@pytest.mark.slow
def test_a_failed_run_keeps_the_last_good_downloads(tmp_path, toy_notebooks, seeds_store):
    notebook = toy_notebooks / "toy.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(new_code_cell("import pandas as pd\n"
                                  "from libya_analysis.analysis.display import show_table\n"
                                  "show_table(pd.DataFrame({'n': range(3)}), name='numbers', caption='Numbers')"))
    nbformat.write(nb, notebook)
    out = tmp_path / "reports"
    run_reports(seeds_store, out, notebooks=toy_notebooks)
    assert (out / "toy" / "numbers.csv").read_text() == "n\n0\n1\n2\n"
    run_reports(seeds_store, out, notebooks=toy_notebooks, parameters={"fail": True})
    assert (out / "toy" / "numbers.csv").exists(), "the last good downloads stay"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "no staging left behind"
    assert "numbers.csv" in (out / "index.html").read_text()


def test_index_summary_names_articles_incidents_and_key_dates(tmp_path, seeds_store):
    store = tmp_path / "store"
    shutil.copytree(seeds_store, store)
    manifest = json.loads((store / "manifest.json").read_text())
    corpus = TaggedCorpus(store)
    ranked = corpus.key_dates.sort_values("rank")
    selected = ranked[ranked["selected"]]
    line = corpus_summary(store, manifest)
    assert line == (f"{manifest['articles']['ok']} articles, {len(corpus.incidents):,} incidents, "
                    f"{len(selected)} key dates (first: " + ", ".join(str(d) for d in selected["date"].head(3)) + ").")
    (store / "key_dates.parquet").unlink()
    assert corpus_summary(store, manifest) == f"{manifest['articles']['ok']} articles, {len(corpus.incidents):,} incidents."
"""Shared fixtures: the pipeline and the seeds tagged once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "seeds_gold.yaml"


@pytest.fixture(scope="session")
def nlp():
    from libya_analysis.extract.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    from libya_analysis.extract.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def places():
    from libya_analysis.extract.places import load_places

    return load_places()


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    from libya_analysis.tagger import tag

    out = tmp_path_factory.mktemp("seeds") / "tagged"
    tag(SEEDS, out)
    return out


@pytest.fixture
def write_corpus(tmp_path):
    """Write {name: text-or-bytes} files into a fresh corpus directory."""

    def write(files: dict[str, str | bytes]) -> Path:
        directory = tmp_path / "corpus"
        directory.mkdir(exist_ok=True)
        for name, content in files.items():
            path = directory / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return directory

    return write


@pytest.fixture(scope="session")
def seeds_reports(seeds_store, tmp_path_factory):
    """The reports of the seeds, run as cron would: from another directory, with the notebooks the
    package ships (no --notebooks)."""
    import os

    from libya_analysis.reports import run_reports

    elsewhere = tmp_path_factory.mktemp("cwd")
    out = tmp_path_factory.mktemp("seeds_reports") / "reports"
    before = os.getcwd()
    os.chdir(elsewhere)
    try:
        summary = run_reports(seeds_store, out)
    finally:
        os.chdir(before)
    return {"out": out, "summary": summary, "cwd": elsewhere, "store": seeds_store}

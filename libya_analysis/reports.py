"""Run the parameterised notebooks headlessly (papermill) and export code-free HTML (nbconvert).

Each notebook's outputs (executed copy, HTML, and the downloads its tables registered, in
`<out>/<notebook>/`) are written under temporary names and renamed, so a crash never leaves a
half-written report. A notebook that fails keeps its executed copy under `failed/`, the index
marks it failed and still links its last good HTML and downloads, and the other notebooks still
run. The notebooks ship with the package, so `report` works from any directory; the HTML loads
nothing from the network (no CDN for require.js, MathJax or DataTables).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml

from .analysis.display import DOWNLOADS_DIR_ENV, DOWNLOADS_URL_ENV, PARQUET_ROWS, REGISTRY
from .exceptions import ReportError, StoreError
from .io.store import TaggedCorpus, is_store, read_manifest, write_text

KERNEL = "python3"
CORPUS_PARAMETER = "corpus"
STATE_FILE = "runs.json"
FAILED_DIR = "failed"
HIDDEN_TAGS = ("injected-parameters", "parameters")
OFFLINE_TEMPLATE = "offline.html.j2"


def default_notebooks() -> Path:
    """The notebooks shipped with the package (`libya_analysis/notebooks`, a link to the
    repository's top-level `notebooks/` in a checkout, a copy in an installed wheel)."""
    from importlib import resources

    return Path(str(resources.files("libya_analysis").joinpath("notebooks")))


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
             timeout: int, downloads: str, manifest: dict[str, Any], started_at: str) -> dict[str, Any]:
    """Run one notebook, write its downloads and export its HTML (in a worker process, so exports
    run in parallel too); never raises. The kernel runs in the downloads' staging directory, so
    nothing is written beside the notebooks."""
    import papermill

    started = time.perf_counter()
    staging = Path(downloads)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    os.environ[DOWNLOADS_DIR_ENV] = str(staging / ".staged")
    os.environ[DOWNLOADS_URL_ENV] = f"{Path(notebook).stem}/"
    try:
        papermill.execute_notebook(notebook, output, parameters=parameters, kernel_name=KERNEL,
                                   execution_timeout=timeout, progress_bar=False, cwd=str(staging),
                                   log_output=False)
        status, error = "ok", None
    except papermill.PapermillExecutionError as err:
        status, error = "failed", f"{err.ename}: {err.evalue}"
    except Exception as err:  # kernel death, timeout, unreadable notebook: the report records it
        status, error = "failed", "".join(traceback.format_exception_only(type(err), err)).strip()
    finally:
        os.environ.pop(DOWNLOADS_DIR_ENV, None)
        os.environ.pop(DOWNLOADS_URL_ENV, None)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"downloads": {}}
    if status == "ok":
        shown = {k: v for k, v in {**defaults, **parameters}.items() if k != CORPUS_PARAMETER}
        try:
            result["downloads"] = write_downloads(staging / ".staged", staging)
            export_html(Path(output), Path(html), provenance(manifest, shown, started=started_at, seconds=seconds,
                                                             notebook=Path(notebook).name))
        except Exception as err:  # an export failure is a failed report, not a crash
            status, error = "failed", f"HTML export: {err}"
    return {**result, "status": status, "error": error, "seconds": time.perf_counter() - started}


def write_downloads(staged: Path, target: Path) -> dict[str, dict[str, Any]]:
    """Turn the tables a notebook registered (`analysis.display.show_table`) into `<name>.csv`, plus
    `<name>.parquet` above `PARQUET_ROWS` rows, in `target`; returns name -> files and row count."""
    import pandas as pd

    registry_path = staged / REGISTRY
    registry = json.loads(registry_path.read_text(encoding="utf-8")) if registry_path.exists() else {}
    written = {}
    for name, info in sorted(registry.items()):
        frame = pd.read_parquet(staged / f"{name}.parquet")
        frame.to_csv(target / f"{name}.csv", index=False)
        files = {"csv": f"{name}.csv"}
        if len(frame) > PARQUET_ROWS:
            os.replace(staged / f"{name}.parquet", target / f"{name}.parquet")
            files["parquet"] = f"{name}.parquet"
        written[name] = {**files, "rows": int(len(frame))}
    shutil.rmtree(staged, ignore_errors=True)
    return written


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
    from importlib import resources

    templates = str(resources.files("libya_analysis").joinpath("templates"))
    # The offline template drops the CDN scripts (require.js, MathJax, Mermaid) of nbconvert's lab
    # template: a report page makes no network request.
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            template_name="lab", template_file=OFFLINE_TEMPLATE,
                            extra_template_paths=[templates])
    remover = TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(notebook)
    write_text(target, body)


def _load_state(out: Path) -> dict[str, Any]:
    try:
        return json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def corpus_summary(store: str | Path, manifest: Mapping[str, Any], *, key_dates: int = 3) -> str:
    """One line on the corpus for the top of the index: articles, incidents, and the key dates (how
    many the automatic cut selects, and the highest ranked) when the store has a `key_dates` table."""
    corpus = TaggedCorpus(store)
    parts = [f"{manifest.get('articles', {}).get('ok', '?')} articles"]
    try:
        parts.append(f"{len(corpus.table('incidents')):,} incidents")
    except StoreError:
        pass
    try:
        dates = corpus.table("key_dates", columns=["date", "rank", "selected"])
    except (StoreError, KeyError, ValueError):
        dates = None
    if dates is not None and not dates.empty:
        selected = dates[dates["selected"].astype(bool)] if dates["selected"].any() else dates
        top = selected.sort_values("rank").head(key_dates)
        parts.append(f"{len(selected):,} key dates (first: " + ", ".join(str(d) for d in top["date"]) + ")")
    return ", ".join(parts) + "."


def render_index(state: Mapping[str, Any], manifest: Mapping[str, Any], summary: str = "") -> str:
    """The index page: one line on the corpus, then every notebook with status, run time,
    parameters and links to its page and downloads."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("libya_analysis", "templates"), autoescape=select_autoescape())
    rows = [dict(name=name, **entry) for name, entry in sorted(state.items())]
    return env.get_template("index.html.j2").render(rows=rows, manifest=manifest, json=json, summary=summary)


def run_reports(input_path: str | Path, out: str | Path, *, parameters: Mapping[str, Any] | None = None,
                notebooks: str | Path | None = None, tagged: str | Path | None = None,
                model: str | None = None, jobs: int | None = None, timeout: int = 600,
                use_cache: bool = True, corrections: str | Path | None = None) -> dict[str, Any]:
    """Tag the input (unless it is a tagged store), run every notebook, write HTML, downloads and the
    index. `notebooks` defaults to the notebooks shipped with the package; `corrections` is the
    analysts' corrections file (default: the one beside the corpus)."""
    out = Path(out).resolve()
    notebook_dir = Path(notebooks).resolve() if notebooks else default_notebooks()
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
            downloads = out / f".{path.stem}.running"
            futures[path] = (pool.submit(_execute, str(path), str(tmp), str(html), used, declared[path.stem],
                                         timeout, str(downloads), dict(manifest), started_at), tmp, used)
        for path, (future, tmp, used) in futures.items():
            result = future.result()
            runs.append(_finish(path, tmp, out, result, used, declared[path.stem], manifest, started_at, state))
    state_text = json.dumps(state, indent=2, ensure_ascii=False, default=str) + "\n"
    write_text(out / STATE_FILE, state_text)
    write_text(out / "index.html", render_index(state, manifest, corpus_summary(store, manifest)))
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
    staging = out / f".{name}.running"
    if result["status"] == "ok":
        _replace_directory(staging, out / name)
        os.replace(html, out / f"{name}.html")
        os.replace(tmp, out / f"{name}.ipynb")
        entry["downloads"] = {k: {**v, **{kind: f"{name}/{file}" for kind, file in v.items() if kind != "rows"}}
                              for k, v in result["downloads"].items()}
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
    shutil.rmtree(staging, ignore_errors=True)
    state[name] = entry
    return run


def _replace_directory(new: Path, target: Path) -> None:
    """Put the directory `new` in the place of `target` by renames (the old one is removed after)."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)

"""Bounded tables for the HTML reports: an interactive table in the page, the full table as a download.

A report page must stay small at any corpus size, so a long table is shown as an itables
DataTable (offline: its JavaScript is embedded once per page, nothing is fetched) holding at most
`max_bytes` of rows, with the full row count stated above it. The full table is registered as a
download: when `libya-analysis report` runs the notebook it sets `DOWNLOADS_DIR_ENV` (where to
stage the tables) and `DOWNLOADS_URL_ENV` (the link prefix relative to the page); the runner then
writes `<out>/<notebook>/<name>.csv` (and `.parquet` above `PARQUET_ROWS` rows) together with the
HTML. Run interactively (no such variables), the table is shown and nothing is written.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pandas as pd

DOWNLOADS_DIR_ENV = "LIBYA_ANALYSIS_DOWNLOADS_DIR"
DOWNLOADS_URL_ENV = "LIBYA_ANALYSIS_DOWNLOADS_URL"
REGISTRY = "downloads.json"
PARQUET_ROWS = 10_000
MAX_BYTES = 150_000
"""Bytes of table data one interactive table may put in the page (itables' `maxBytes`). Four or
five such tables plus the 0.7 MB DataTables bundle keep a page well under 3 MB."""
PAGE_LENGTH = 10
_NAME = re.compile(r"[a-z0-9_]+")
_initialised = False


def _init_offline() -> None:
    """Embed the DataTables bundle in the page once (itables' offline mode: no CDN request)."""
    global _initialised
    if not _initialised:
        from itables import init_notebook_mode

        init_notebook_mode(all_interactive=False, connected=False)
        _initialised = True


def rows_within(frame: pd.DataFrame, max_bytes: int) -> int:
    """How many leading rows of `frame` fit in `max_bytes` of JSON (as the page stores them)."""
    if frame.empty:
        return 0
    probe = frame.head(max_bytes // 8 + 1)
    sizes = probe.astype(str).map(lambda value: len(json.dumps(value)) + 1).sum(axis=1) + 2
    fits = int((sizes.cumsum() <= max_bytes).sum())
    return max(fits, 1)


def register_download(frame: pd.DataFrame, *, name: str) -> str | None:
    """Stage the full table for the report runner; returns its link (relative to the page), or None
    when the notebook is not run by `libya-analysis report`."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"download name {name!r}: use lower-case letters, digits and _")
    directory = os.environ.get(DOWNLOADS_DIR_ENV)
    if not directory:
        return None
    staging = Path(directory)
    staging.mkdir(parents=True, exist_ok=True)
    registry_path = staging / REGISTRY
    registry = json.loads(registry_path.read_text(encoding="utf-8")) if registry_path.exists() else {}
    table = frame.reset_index(drop=True)
    table.columns = [str(c) for c in table.columns]
    for column in table.columns:
        if table[column].dtype == object:  # lists and mixed values as text, as the CSV will have them
            table[column] = table[column].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    table.to_parquet(staging / f"{name}.parquet", index=False)
    registry[name] = {"rows": len(table), "columns": list(table.columns)}
    registry_path.write_text(json.dumps(registry, indent=1), encoding="utf-8")
    prefix = os.environ.get(DOWNLOADS_URL_ENV, "")
    return f"{prefix}{name}.csv"


def table_header(*, name: str, caption: str, total: int, shown: int, link: str | None, parquet: bool) -> str:
    """The line above a table: caption, full row count, how many rows the page holds, downloads."""
    parts = [f"<strong>{html.escape(caption)}</strong>: {total:,} row{'s' if total != 1 else ''}"]
    if shown < total:
        parts.append(f"the first {shown:,} in this page")
    if link:
        files = [f'<a href="{html.escape(link)}" download>{html.escape(Path(link).name)}</a>']
        if parquet:
            stem = link[: -len(".csv")]
            files.append(f'<a href="{html.escape(stem)}.parquet" download>{html.escape(Path(stem).name)}.parquet</a>')
        parts.append(f"all {total:,} rows: {' · '.join(files)}")
    return (f'<p class="la-table-header" data-table="table-{name}" data-rows="{total}" data-shown="{shown}">'
            + "; ".join(parts) + "</p>")


def show_table(frame: pd.DataFrame, *, name: str, caption: str, download: pd.DataFrame | None = None,
               max_bytes: int = MAX_BYTES, page_length: int = PAGE_LENGTH) -> None:
    """Show `frame` as a bounded interactive table (sort, search, pages) and register the full
    table (`download`, when the page shows a shortened form of the same rows, else `frame`) as
    the download `<name>.csv`."""
    from IPython.display import HTML, display
    from itables import show

    _init_offline()
    full = frame if download is None else download
    link = register_download(full, name=name)
    # The rows kept fit in 80 % of itables' maxBytes, so itables never drops rows on its own.
    shown = rows_within(frame, int(max_bytes * 0.8))
    display(HTML(table_header(name=name, caption=caption, total=len(full), shown=shown, link=link,
                              parquet=len(full) > PARQUET_ROWS)))
    if frame.empty:
        display(HTML("<p><em>No rows.</em></p>"))
        return
    page = frame.head(shown).reset_index(drop=True)
    text = page.select_dtypes(include=["object", "string"]).columns
    page[text] = page[text].astype(object).where(page[text].notna(), "")  # a missing name reads as blank, not NaN
    show(page, maxBytes=max_bytes, pageLength=page_length, showIndex=False, classes="display compact",
         display_logo_when_loading=False, table_id=f"table-{name}")

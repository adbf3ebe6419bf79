"""Titled, labelled matplotlib figures shared by the notebooks (each returns its Figure)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def ranked_bars(table: pd.DataFrame, *, label: str, values: list[str], title: str, xlabel: str) -> Figure:
    """Horizontal bars, one group per row of `table` (first row on top)."""
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(table), 3) + 1.2))
    positions = np.arange(len(table))
    height = 0.8 / max(len(values), 1)
    for offset, column in enumerate(values):
        ax.barh(positions + offset * height, table[column], height=height, label=column)
    ax.set_yticks(positions + height * (len(values) - 1) / 2, table[label])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if len(values) > 1:
        ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def stacked_months(table: pd.DataFrame, *, title: str, ylabel: str) -> Figure:
    """Stacked bars per month (rows) for each column."""
    fig, ax = plt.subplots(figsize=(10, 4.5))
    bottom = np.zeros(len(table))
    for column in table.columns:
        ax.bar(table.index.astype(str), table[column].to_numpy(), bottom=bottom, label=str(column))
        bottom += table[column].to_numpy()
    ax.set_xlabel("publication month")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.tick_params(axis="x", rotation=45)
    ax.legend(fontsize="small", bbox_to_anchor=(1.01, 1), loc="upper left")
    fig.tight_layout()
    return fig


def heatmap(matrix: pd.DataFrame, *, title: str, colorbar: str) -> Figure:
    """Annotated heat map of a square (or any) count matrix."""
    size = max(len(matrix.columns), 3)
    fig, ax = plt.subplots(figsize=(0.6 * size + 3, 0.5 * max(len(matrix), 3) + 2))
    image = ax.imshow(matrix.to_numpy(), cmap="Blues")
    ax.set_xticks(range(len(matrix.columns)), matrix.columns, rotation=60, ha="right")
    ax.set_yticks(range(len(matrix.index)), matrix.index)
    peak = matrix.to_numpy().max() if matrix.size else 0
    for (i, j), value in np.ndenumerate(matrix.to_numpy()):
        if value:
            ax.text(j, i, str(value), ha="center", va="center",
                    color="white" if value > peak / 2 else "black", fontsize=8)
    fig.colorbar(image, ax=ax, label=colorbar, shrink=0.8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


PRECISION_COLOURS = {"day": "#d62728", "week": "#ff7f0e", "month": "#1f77b4", "quarter": "#9467bd",
                     "season": "#2ca02c", "half": "#8c564b", "year": "#7f7f7f"}


def short_id(doc_id: str, *, width: int = 24) -> str:
    """A document id that fits a figure label: whole when short, else its start and its end (the
    distinguishing part of ids like `cnn-2011-03-19-145`, `archive/2016/08/sirte-strikes-0412`)."""
    doc_id = str(doc_id)
    if len(doc_id) <= width:
        return doc_id
    tail = width // 2
    return f"{doc_id[:width - tail - 1]}…{doc_id[-tail:]}"


def timeline_chart(events: pd.DataFrame, *, title: str) -> Figure:
    """One row per event: a day as a point, a week, month, quarter, season, half or year as a span, coloured by
    precision; the article's publication date as a grey tick joined to the event by a dotted
    line, so reporting lag is visible."""
    fig, ax = plt.subplots(figsize=(11, 0.32 * max(len(events), 4) + 1.5))
    for row, event in enumerate(events.itertuples(index=False)):
        start, end = pd.Timestamp(event.date_start), pd.Timestamp(event.date_end)
        colour = PRECISION_COLOURS.get(event.date_precision, "black")
        if event.date_precision == "day":
            ax.plot([start], [row], "o", color=colour, markersize=5)
        else:
            ax.plot([start, end + pd.Timedelta(days=1)], [row, row], "-", color=colour, linewidth=6,
                    alpha=0.6, solid_capstyle="butt")
        if event.published is not None and not pd.isna(event.published):
            published = pd.Timestamp(event.published)
            ax.plot([end, published], [row, row], ":", color="grey", linewidth=0.8)
            ax.plot([published], [row], "|", color="grey", markersize=9)
    labels = [f"{str(e.summary)[:55]}…  ({short_id(e.doc_id)})" if len(str(e.summary)) > 55
              else f"{e.summary}  ({short_id(e.doc_id)})" for e in events.itertuples(index=False)]
    ax.set_yticks(range(len(events)), labels, fontsize=7)
    ax.invert_yaxis()
    handles = [plt.Line2D([], [], color=c, linewidth=6, alpha=0.6, label=p) for p, c in PRECISION_COLOURS.items()]
    handles.append(plt.Line2D([], [], color="grey", marker="|", linestyle=":", label="published"))
    ax.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.set_xlabel("date")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def key_dates_chart(key_dates: pd.DataFrame, *, title: str) -> Figure:
    """The key dates as a chronology: one row per day, earliest on top, labelled with the date, its
    rank and the start of its summary; the bar is the day's evidence score, its number the articles
    naming the day."""
    frame = key_dates.sort_values("date", kind="stable")
    fig, ax = plt.subplots(figsize=(12, 0.32 * max(len(frame), 4) + 1.5))
    positions = np.arange(len(frame))
    ax.barh(positions, frame["score"].astype(float), color="#1f77b4", alpha=0.7)
    for position, row in zip(positions, frame.itertuples(index=False)):
        ax.text(float(row.score), position, f" {row.n_articles}", va="center", fontsize=7)
    labels = []
    for row in frame.itertuples(index=False):
        summary = str(row.summary) if isinstance(row.summary, str) else ""
        summary = f"{summary[:70]}…" if len(summary) > 70 else summary
        labels.append(f"{pd.Timestamp(row.date):%Y-%m-%d}  #{row.rank}  {summary}")
    ax.set_yticks(positions, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("evidence score (the number: articles naming the day)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def table(frame: pd.DataFrame, *, wide: tuple[str, ...] = ("summary", "sentence", "passage")) -> "pd.io.formats.style.Styler":
    """A frame styled for reading in the HTML export: left-aligned, no index, evidence columns wide."""
    styler = frame.style.hide(axis="index").set_properties(**{"text-align": "left", "vertical-align": "top"})
    columns = [c for c in wide if c in frame.columns]
    if columns:
        styler = styler.set_properties(subset=columns, **{"min-width": "30em", "white-space": "normal"})
    return styler.format(precision=2, na_rep="")


def share_heatmap(matrix: pd.DataFrame, *, title: str, colorbar: str) -> Figure:
    """Heat map of shares between 0 and 1 (rows, e.g. articles, by columns, e.g. topics), in %."""
    import textwrap

    few = len(matrix.columns) <= 8
    fig, ax = plt.subplots(figsize=((1.6 if few else 0.6) * max(len(matrix.columns), 3) + 4,
                                    0.42 * max(len(matrix), 3) + 2))
    image = ax.imshow(matrix.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    names = [textwrap.fill(str(c), 18) if few else str(c) for c in matrix.columns]
    ax.set_xticks(range(len(matrix.columns)), names, rotation=0 if few else 60, ha="center" if few else "right",
                  fontsize="small")
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(matrix.index)), matrix.index)
    if matrix.size <= 600:
        for (i, j), value in np.ndenumerate(matrix.to_numpy()):
            if value >= 0.005:
                ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=8,
                        color="white" if value > 0.5 else "black")
    fig.colorbar(image, ax=ax, label=colorbar, shrink=0.8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def scatter_map(points: pd.DataFrame, *, x: str, y: str, group: str, labels: dict, title: str) -> Figure:
    """Points on a 2-D map coloured by `group`, each group named in the legend by `labels`."""
    fig, ax = plt.subplots(figsize=(10, 7))
    size = 40 if len(points) <= 500 else 6
    for number, (key, frame) in enumerate(points.groupby(group, sort=True)):
        ax.scatter(frame[x], frame[y], s=size, alpha=0.75, color=plt.cm.tab10(number % 10),
                   label=f"{key}: {labels.get(key, key)} ({len(frame)})")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(title)
    ax.legend(fontsize="small", bbox_to_anchor=(1.01, 1), loc="upper left")
    fig.tight_layout()
    return fig


def score_curve(table: pd.DataFrame, *, x: str, score: str, second: str | None = None, chosen: str | None = None,
                title: str) -> Figure:
    """A score by `x` (e.g. coherence by number of topics), an optional second score on its own
    axis, and the rows where `chosen` is true marked."""
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.plot(table[x], table[score], marker="o", color="tab:blue", label=score)
    if chosen is not None:
        picked = table[table[chosen]]
        ax.scatter(picked[x], picked[score], s=180, facecolors="none", edgecolors="tab:red", linewidths=2,
                   label=f"chosen: {x} = {', '.join(str(v) for v in picked[x])}", zorder=3)
    ax.set_xlabel(x)
    ax.set_ylabel(score, color="tab:blue")
    ax.set_xticks(table[x].tolist())
    if second is not None:
        other = ax.twinx()
        other.plot(table[x], table[second], marker=".", linestyle="--", color="tab:gray", label=second)
        other.set_ylabel(second, color="tab:gray")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title)
    fig.tight_layout()
    return fig


HORIZONTAL_FROM = 7
"""From this many labels on, `range_bars` draws horizontal bars: the page's width stays readable."""


def range_bars(table: pd.DataFrame, *, label: str, title: str, ylabel: str = "people",
               max_labels: int | None = None) -> Figure:
    """Bars at the best estimate with error bars from the low to the high total, one group per
    label and one bar per category: ranges, never single numbers.

    With `max_labels`, the labels are ordered by their summed best estimates and those past the
    limit are drawn as one group of their sums ("12 others"; sums of ranges are ranges); the table
    beside the chart keeps every label. Many labels are drawn as horizontal bars, so a chart of 20
    perpetrators is as wide as one of three."""
    table = _top_labels(table, label=label, max_labels=max_labels) if max_labels else table
    categories = list(dict.fromkeys(table["category"]))
    labels = list(dict.fromkeys(table[label].astype(str)))
    # one category per label (the totals by category): one bar per label, not a row of empty slots
    single = bool(len(table)) and int(table.groupby(table[label].astype(str))["category"].nunique().max()) == 1
    width = 0.8 if single else 0.8 / max(len(categories), 1)
    positions = np.arange(len(labels))
    horizontal = len(labels) >= HORIZONTAL_FROM
    if horizontal:
        fig, ax = plt.subplots(figsize=(9, 1.5 + 0.22 * len(labels) * max(len(categories), 1)))
    else:
        fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(labels) * max(len(categories), 1) + 2), 4.5))
    for offset, category in enumerate(categories):
        part = table[table["category"] == category].set_index(table[table["category"] == category][label].astype(str))
        part = part.reindex(labels)
        best = part["best"].fillna(0).to_numpy()
        errors = np.vstack([best - part["low"].fillna(0).to_numpy(), part["high"].fillna(0).to_numpy() - best])
        at = positions + (0 if single else offset * width)
        if single:  # draw only this category's labels
            drawn = part["best"].notna().to_numpy()
            at, best, errors = at[drawn], best[drawn], errors[:, drawn]
        if horizontal:
            ax.barh(at, best, height=width, label=category, xerr=errors, capsize=3)
        else:
            ax.bar(at, best, width=width, label=category, yerr=errors, capsize=4)
    ticks = positions if single else positions + width * (len(categories) - 1) / 2
    if horizontal:
        ax.set_yticks(ticks, labels)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        ax.set_xticks(ticks, labels, rotation=30, ha="right")
        ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(title="best estimate; bars show low–high")
    fig.tight_layout()
    return fig


def _top_labels(table: pd.DataFrame, *, label: str, max_labels: int) -> pd.DataFrame:
    """The table with its labels ordered by summed best estimate; past `max_labels`, those after
    the first `max_labels - 1` are summed into one row per category."""
    keys = table[label].astype(str)
    order = list(table.groupby(keys)["best"].sum().sort_values(ascending=False, kind="stable").index)
    kept = order if len(order) <= max_labels else order[:max_labels - 1]
    rank = {key: i for i, key in enumerate(kept)}
    head = table[keys.isin(rank)]
    head = head.iloc[head[label].astype(str).map(rank).argsort(kind="stable")]
    if len(kept) == len(order):
        return head
    others = table[~keys.isin(rank)].groupby("category", sort=False)[["low", "best", "high"]].sum().reset_index()
    others[label] = f"{len(order) - len(kept)} others"
    return pd.concat([head, others], ignore_index=True)


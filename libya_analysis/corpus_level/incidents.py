"""Incidents: casualty figures merged within and across articles, with UCDP-style low/best/high.

Merging: figures join one incident when their date intervals overlap, their places agree where
both are known (a country agrees with the towns in it), and their perpetrators agree where both
are known; two attacks on different days
or in different places stay apart even when the same group carried out both. Aggregate claims
("700 killed since April"), vague counts and reported zeros never become incidents.

Counting, per category:

- within one article, figures of one sentence add up when they count different victims
  ("seven civilians were killed along with ten soldiers": 17); the same figure repeated in the
  headline and the body is one report, so an article's figure is the largest sentence total;
- across articles: `low` is the lowest reliable lower bound (the smallest stated low), `high`
  the largest stated figure (null, open, when no report gives an upper bound: "at least 10"), and
  `best` the latest report's figure (a later toll supersedes an earlier one); among reports of
  the same latest date, the figure most of them agree on (on a tie, the median, rounded down).

Copies of one story (near-duplicates, see `io.dedup`) are one report: `n_reports` counts distinct
stories, `n_articles` the articles, and only one article of a story (its original when present)
counts in the figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from ..extract.timex import PRECISIONS, interval
from ..io.dedup import story_ids
from .timeline import TIMELINE_COLUMNS

CATEGORIES = ("killed", "injured", "abducted")
UNCERTAIN = frozenset({"claimed", "alleged", "feared", "unconfirmed"})
"""Statuses that yield, within an article, to a figure reported as fact (they still raise `high`)."""
INCIDENT_COLUMNS = ["incident_id", "date_start", "date_end", "date_precision", "place", "country",
                    "perpetrator_id", *[f"{c}_{b}" for c in CATEGORIES for b in ("low", "best", "high")],
                    "n_reports", "doc_ids", "figure_ids", "evidence", "date_basis", "n_articles", "review"]
PLACELESS_GAP = 3
"""A figure without a place joins figures of its own article at most this many sentences away."""
REVIEW_FACTOR = 20
"""A figure this many times the corpus's median for one event (or more) is flagged for review."""
REVIEW_MIN_FIGURES = 20
"""Fewer single-event figures than this give no usual size to compare with: nothing is flagged."""


def _eligible(figures: pd.DataFrame) -> pd.DataFrame:
    """Dated `incident` figures with a number (not vague, not a reported zero)."""
    keep = (~figures["aggregate"].astype(bool)) & (~figures["vague"].astype(bool))
    if "kind" in figures.columns:
        kinds = figures["kind"].astype(object)
        keep &= kinds.where(kinds.notna(), "incident") == "incident"
    keep &= figures["date_value"].map(lambda v: interval(v) is not None)
    keep &= ~((figures["low"].fillna(-1) == 0) & (figures["high"].fillna(-1) == 0))
    return figures[keep]


def _same_place(cluster: dict[str, Any], item: dict[str, Any]) -> bool:
    """Places agree when equal or when one is the country the other lies in; never across
    countries. A figure without a place joins only figures of its own article (or story: copies of
    it) within `PLACELESS_GAP` sentences (a headline and its lede; not another story of a
    round-up), and a cluster without a place takes only such figures."""
    if cluster["country"] and item["country"] and cluster["country"] != item["country"]:
        return False
    if not item["place"] or not cluster["place"]:
        return any(abs(item["sentence_id"] - sid) <= PLACELESS_GAP for sid in cluster["sentences"].get(item["story"], ()))
    if cluster["place"] == item["place"]:
        return True
    return (cluster["place"] == cluster["country"] or item["place"] == item["country"]) \
        and cluster["country"] == item["country"]


def _compatible(cluster: dict[str, Any], item: dict[str, Any]) -> bool:
    """Whether a figure can be part of the incident: the same kind of harm (across articles, and
    for a figure or incident without a place, across sentences), overlapping dates, agreeing
    perpetrators and places."""
    if cluster["start"] > item["end"] or item["start"] > cluster["end"]:
        return False
    if item["category"] not in cluster["categories"] and item["story"] not in cluster["stories"]:
        return False
    if (not item["place"] or not cluster["place"]) and item["category"] not in cluster["categories"] \
            and item["sentence_id"] not in cluster["sentences"].get(item["story"], ()):
        return False  # a headline's "four journalists seized" is not the lede's "airstrikes killed four"
    if cluster["perpetrator_id"] and item["perpetrator_id"] and cluster["perpetrator_id"] != item["perpetrator_id"]:
        return False
    return _same_place(cluster, item)


def merge_figures(figures: pd.DataFrame, *, published: Mapping[str, Any] | None = None,
                  stories: Mapping[str, str] | None = None, together: Sequence[Collection[str]] = (),
                  alone: Collection[str] = ()) -> tuple[pd.DataFrame, pd.Series]:
    """The `incidents` table and each figure's `incident_id` (null for figures left out).

    Figures are taken most precisely dated first (then by article and sentence, so the result
    does not depend on row order), so a day-dated report anchors the incident and vaguer ones
    join it. `published` (doc_id -> publication date) orders the reports: an incident's `best`
    is its latest report's figure ("the death toll rose to 45" supersedes an earlier 30).
    `stories` maps a `doc_id` to its story: copies of one story count as one report, and count as
    one article where a figure's own article matters. Analysts' constraints: each group of
    `figure_id`s in `together` ends in one incident; each figure in `alone` is an incident of its
    own.
    """
    stories = stories or {}
    alone = set(alone)
    eligible = _eligible(figures)
    clusters: list[dict[str, Any]] = []
    cluster_of: dict[Any, dict[str, Any]] = {}
    by_sentence: dict[tuple[str, int], dict[str, Any]] = {}
    order = eligible.assign(_precision=eligible["date_value"].map(lambda v: PRECISIONS.index(interval(v)[2])))
    for index, row in order.sort_values(["_precision", "doc_id", "sentence_id", "start_char"], kind="stable").iterrows():
        start, end, _ = interval(row["date_value"])
        item = {"start": start, "end": end, "place": row["place"] if isinstance(row["place"], str) else None,
                "country": row["country"] if isinstance(row["country"], str) else None,
                "perpetrator_id": row["perpetrator_id"] if isinstance(row["perpetrator_id"], str) else None,
                "category": row["category"], "story": stories.get(row["doc_id"], row["doc_id"]),
                "sentence_id": int(row["sentence_id"])}
        sentence = (row["doc_id"], row["sentence_id"])
        if row["figure_id"] in alone:
            candidates = []
        elif sentence in by_sentence:
            candidates = [by_sentence[sentence]]
        else:
            candidates = [c for c in clusters if not c.get("alone") and _compatible(c, item)]
        if candidates:
            cluster = min(candidates, key=lambda c: (c["perpetrator_id"] != item["perpetrator_id"],
                                                     c["place"] != item["place"], c["end"] - c["start"]))
            if max(cluster["start"], start) <= min(cluster["end"], end):
                cluster["start"], cluster["end"] = max(cluster["start"], start), min(cluster["end"], end)
            if not cluster["place"] or (cluster["place"] == cluster["country"] and item["place"]):
                cluster["place"], cluster["country"] = item["place"] or cluster["place"], item["country"] or cluster["country"]
            cluster["perpetrator_id"] = cluster["perpetrator_id"] or item["perpetrator_id"]
        else:
            cluster = {**item, "members": [], "stories": set(), "categories": set(), "sentences": {},
                       "alone": row["figure_id"] in alone}
            clusters.append(cluster)
        cluster["stories"].add(item["story"])
        cluster["sentences"].setdefault(item["story"], set()).add(item["sentence_id"])
        cluster["categories"].add(item["category"])
        cluster["members"].append(row)
        cluster_of[index] = cluster
        if not cluster["alone"]:
            by_sentence.setdefault(sentence, cluster)
    clusters = _join(clusters, cluster_of, together)
    clusters.sort(key=lambda c: (c["start"], c["end"], c["members"][0]["doc_id"]))
    ids = {id(cluster): f"I{number + 1:04d}" for number, cluster in enumerate(clusters)}
    dates = {str(k): v for k, v in (published or {}).items() if v is not None and not pd.isna(v)}
    incidents = pd.DataFrame([_incident_row(ids[id(c)], c, dates, stories) for c in clusters],
                             columns=INCIDENT_COLUMNS)
    incident_of = pd.Series([None] * len(figures), index=figures.index, dtype=object)
    for index, cluster in cluster_of.items():
        incident_of[index] = ids[id(cluster)]
    return incidents, incident_of


def _join(clusters: list[dict[str, Any]], cluster_of: dict[Any, dict[str, Any]],
          together: Sequence[Collection[str]]) -> list[dict[str, Any]]:
    """Clusters after joining those that hold figures of one `together` group; the joined date
    is the intersection of the intervals, or their span when they do not overlap."""
    for group in together:
        joined = [c for c in clusters if any(m["figure_id"] in group for m in c["members"])]
        if len(joined) < 2:
            continue
        first = joined[0]
        for other in joined[1:]:
            start, end = max(first["start"], other["start"]), min(first["end"], other["end"])
            if start > end:
                start, end = min(first["start"], other["start"]), max(first["end"], other["end"])
                first["spanned"] = True
            first.update(start=start, end=end, place=first["place"] or other["place"],
                         country=first["country"] or other["country"],
                         perpetrator_id=first["perpetrator_id"] or other["perpetrator_id"])
            first["members"].extend(other["members"])
            first["stories"] |= other["stories"]
            for story, sentences in other["sentences"].items():
                first["sentences"].setdefault(story, set()).update(sentences)
            first["categories"] |= other["categories"]
            for index, cluster in cluster_of.items():
                if cluster is other:
                    cluster_of[index] = first
            clusters = [c for c in clusters if c is not other]
    return clusters


def _one_per_story(members: list[pd.Series], stories: Mapping[str, str]) -> list[pd.Series]:
    """The members from one article per story: the story's original when it reports, else the
    lowest `doc_id`."""
    chosen: dict[str, str] = {}
    for doc_id in sorted({m["doc_id"] for m in members}, key=lambda d: (stories.get(d, d) != d, d)):
        chosen.setdefault(stories.get(doc_id, doc_id), doc_id)
    kept = set(chosen.values())
    return [m for m in members if m["doc_id"] in kept]


def _per_report(members: list[pd.Series], category: str) -> dict[str, tuple[int | None, int | None, int]]:
    """For each article: (low, high, value) of a category. In a sentence, coordinated figures
    ("seven civilians ... along with ten soldiers") add to the main one; across sentences of
    one article the largest total stands (a headline repeats the body). Claimed, alleged, feared
    or unconfirmed figures count only where the article reports no figure as fact; they still
    raise the upper bound."""
    reports: dict[str, tuple[int | None, int | None, int]] = {}
    by_doc: dict[str, dict[int, list[pd.Series]]] = {}
    for member in members:
        if member["category"] == category:
            by_doc.setdefault(member["doc_id"], {}).setdefault(int(member["sentence_id"]), []).append(member)
    for doc_id, sentences in by_doc.items():
        reported = {sid: [f for f in figures if f["status"] not in UNCERTAIN] for sid, figures in sentences.items()}
        reported = {sid: figures for sid, figures in reported.items() if figures}
        claimed_high = max((_value(f) for figures in sentences.values() for f in figures), default=None)
        sentences = reported or sentences
        totals = []
        for figures in sentences.values():
            main = [f for f in figures if f["form"] != "coordinated"]
            added = [f for f in figures if f["form"] == "coordinated"]
            parts = ([max(main, key=_value)] if main else []) + added
            lows = [f["low"] for f in parts]
            highs = [f["high"] for f in parts]
            low = None if any(pd.isna(v) for v in lows) else int(sum(lows))
            high = None if any(pd.isna(v) for v in highs) else int(sum(highs))
            totals.append((low, high, int(sum(_value(f) for f in parts))))
        low, high, value = max(totals, key=lambda t: t[2])
        reports[doc_id] = (low, max(high, claimed_high) if high is not None and claimed_high is not None else high, value)
    return reports


def review_reasons(figures: pd.DataFrame) -> pd.Series:
    """Per figure, why an analyst should check it (null when nothing stands out): a figure of one
    event (`incident` or `undated`) at `REVIEW_FACTOR` times the corpus's median for one event of
    its category or more. Flags only: nothing is dropped, capped or re-classified by size."""
    reasons = pd.Series([None] * len(figures), index=figures.index, dtype=object)
    kinds = figures["kind"].astype(object) if "kind" in figures.columns else pd.Series("incident", index=figures.index)
    single = figures[kinds.isin(["incident", "undated"]) & ~figures["vague"].astype(bool)]
    values = single["low"].fillna(single["high"]).astype("Float64")
    for category, group in values.groupby(single["category"]):
        group = group.dropna()
        group = group[group > 0]
        if len(group) < REVIEW_MIN_FIGURES:
            continue
        median = float(group.median())
        for index, value in group[group >= REVIEW_FACTOR * median].items():
            reasons[index] = (f"{int(value):,} {category} is {value / median:.0f}x the corpus median for one event "
                              f"({median:g}, over {len(group)} figures)")
    return reasons


def casualty_incidents(figures: pd.DataFrame, articles: pd.DataFrame, *, together: Sequence[Collection[str]] = (),
                       alone: Collection[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures with `incident_id` and `review` filled, and the `incidents` table (with each
    incident's `review`: the reasons of its flagged figures). The articles give the publication
    dates (the latest report's toll is `best`) and the stories (copies count once); `together` /
    `alone` are the analysts' merge / split constraints (see `merge_figures`)."""
    figures = figures.copy()
    meta = articles.drop_duplicates("doc_id").set_index("doc_id")
    published = meta["published"].to_dict() if "published" in meta.columns else {}
    incidents, incident_of = merge_figures(figures, published=published, stories=story_ids(articles),
                                           together=together, alone=alone)
    figures["incident_id"] = incident_of
    figures["review"] = review_reasons(figures)
    flagged = figures.dropna(subset=["review", "incident_id"]).groupby("incident_id")["review"]
    incidents["review"] = incidents["incident_id"].map(flagged.agg(lambda reasons: "; ".join(dict.fromkeys(reasons)))).astype(object)
    incidents["review"] = incidents["review"].where(incidents["review"].notna(), None)
    return figures, incidents


def _latest_value(reports: dict[str, tuple[int | None, int | None, int]], published: Mapping[str, Any]) -> int:
    """The figure of the latest report (a later toll supersedes an earlier one). Reports of the
    same (or no) date: the value most of them give; on a tie, the median, rounded down."""
    dated = [published[d] for d in reports if d in published]
    latest = max(dated) if dated else None
    values = [r[2] for d, r in reports.items() if latest is None or published.get(d) == latest]
    counts = Counter(values).most_common()
    return counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else int(statistics.median_low(values))


def _value(figure: pd.Series) -> int:
    """A figure's single value: its low, else its high."""
    return int(figure["low"]) if not pd.isna(figure["low"]) else int(figure["high"])


def _incident_row(incident_id: str, cluster: dict[str, Any], published: Mapping[str, Any],
                  stories: Mapping[str, str]) -> dict[str, Any]:
    members = cluster["members"]
    counted = _one_per_story(members, stories)
    row: dict[str, Any] = {"incident_id": incident_id, "date_start": cluster["start"], "date_end": cluster["end"]}
    spans = [interval(m["date_value"]) for m in members]
    row["date_precision"] = min((s[2] for s in spans), key=PRECISIONS.index)
    if cluster.get("spanned"):  # joined by an analyst across dates: as precise as the span allows
        days = (cluster["end"] - cluster["start"]).days
        row["date_precision"] = "week" if days < 7 else "month" if days < 31 else "year"
    places = Counter(m["place"] for m in members if isinstance(m["place"], str) and m["place"] != m["country"])
    places = places or Counter(m["place"] for m in members if isinstance(m["place"], str))
    row["place"] = places.most_common(1)[0][0] if places else None
    countries = {m["place"]: m["country"] for m in members if isinstance(m["place"], str)}
    row["country"] = countries.get(row["place"]) if row["place"] else None
    perpetrators = Counter(m["perpetrator_id"] for m in members if isinstance(m["perpetrator_id"], str))
    row["perpetrator_id"] = perpetrators.most_common(1)[0][0] if perpetrators else None
    for category in CATEGORIES:
        reports = _per_report(counted, category)
        if not reports:
            row.update({f"{category}_low": None, f"{category}_best": None, f"{category}_high": None})
            continue
        lows = [r[0] for r in reports.values() if r[0] is not None]
        highs = [r[1] for r in reports.values() if r[1] is not None]
        values = [r[2] for r in reports.values()]
        best = _latest_value(reports, published)
        row[f"{category}_low"] = min(lows) if lows else None
        row[f"{category}_best"] = best
        row[f"{category}_high"] = max(highs + values) if highs else None
    row["doc_ids"] = sorted({m["doc_id"] for m in members})
    row["n_reports"] = len({stories.get(d, d) for d in row["doc_ids"]})
    row["n_articles"] = len(row["doc_ids"])
    row["figure_ids"] = [m["figure_id"] for m in members]
    row["evidence"] = [f"{m['doc_id']}:{int(m['sentence_id'])}" for m in members]
    row["date_basis"] = Counter(m["date_basis"] for m in members).most_common(1)[0][0]
    row["review"] = None
    return row


def incident_events(incidents: pd.DataFrame, figures: pd.DataFrame, sentences: pd.DataFrame,
                    mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Incidents as `timeline` rows (`kind = incident`), dated by the event, with a summary."""
    text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    meta = articles.drop_duplicates("doc_id").set_index("doc_id")
    first_figure = figures.dropna(subset=["incident_id"]).drop_duplicates("incident_id").set_index("incident_id")
    named = mentions[mentions["actor_type"] != "unlisted"].groupby(["doc_id", "sentence_id"])["actor_id"]
    actors_of = named.agg(lambda ids: sorted(set(ids))).to_dict()
    rows = []
    for incident in incidents.itertuples(index=False):
        first = first_figure.loc[incident.incident_id]
        parts = [f"{_range(getattr(incident, f'{c}_low'), getattr(incident, f'{c}_best'), getattr(incident, f'{c}_high'))} {c}"
                 for c in CATEGORIES if not pd.isna(getattr(incident, f"{c}_best"))]
        where = f" in {incident.place}" if isinstance(incident.place, str) else ""
        actors = actors_of.get((first["doc_id"], int(first["sentence_id"])), [])
        published = meta.at[first["doc_id"], "published"] if first["doc_id"] in meta.index else None
        published = None if published is None or pd.isna(published) else pd.Timestamp(published).date()
        rows.append({
            "event_id": incident.incident_id, "date_start": incident.date_start, "date_end": incident.date_end,
            "date_precision": incident.date_precision, "kind": "incident",
            "summary": f"{', '.join(parts)}{where} ({incident.n_reports} report{'s' if incident.n_reports > 1 else ''}): "
                       f"{text.get((first['doc_id'], int(first['sentence_id'])), '')}",
            "doc_id": first["doc_id"], "sentence_id": int(first["sentence_id"]), "actor_ids": actors,
            "incident_id": incident.incident_id, "timex_text": None, "timex_value": first["date_value"],
            "timex_mod": None, "published": published,
            "source": meta.at[first["doc_id"], "source"] if first["doc_id"] in meta.index else None,
            "lag_days": (published - incident.date_end).days if published else None,
        })
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def _range(low: Any, best: Any, high: Any) -> str:
    low = None if pd.isna(low) else int(low)
    high = None if pd.isna(high) else int(high)
    best = int(best)
    if low == best == high:
        return str(best)
    return f"{best} ({low if low is not None else '?'}-{high if high is not None else '?'})"

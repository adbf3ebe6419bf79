"""Casualty tallies for the tallies notebook: incidents in scope, totals with low / best / high.

Totals add incidents (never aggregate claims, historical or, by default, undated figures). A
missing lower bound ("as many as 40") adds 0 to the low total; a missing upper bound ("at least
10") adds the best figure to the high total and is counted in `open_high`, so a reader knows the
true upper end is open. Claimed totals ("30,000 killed since February") are listed apart with who
claimed them and when, for an analyst to set beside the incident sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..corpus_level.incidents import CATEGORIES, merge_figures


def incidents_in_scope(incidents: pd.DataFrame, *, date_from: str | dt.date | None = None,
                       date_to: str | dt.date | None = None, perpetrators: Sequence[str] = (),
                       country: str | None = None, categories: Sequence[str] = CATEGORIES) -> pd.DataFrame:
    """Incidents overlapping the date range, by the given perpetrators, in the country, with a
    figure in one of the categories."""
    frame = incidents
    if date_from:
        frame = frame[pd.to_datetime(frame["date_end"]) >= pd.Timestamp(date_from)]
    if date_to:
        frame = frame[pd.to_datetime(frame["date_start"]) <= pd.Timestamp(date_to)]
    if perpetrators:
        frame = frame[frame["perpetrator_id"].isin(list(perpetrators))]
    if country:
        frame = frame[frame["country"] == country]
    has = pd.Series(False, index=frame.index)
    for category in categories:
        has |= frame[f"{category}_best"].notna()
    return frame[has].reset_index(drop=True)


def _range_text(low: object, best: object, high: object) -> str:
    if pd.isna(best):
        return ""
    low_text = "?" if pd.isna(low) else str(int(low))
    high_text = "open" if pd.isna(high) else str(int(high))
    return str(int(best)) if low_text == high_text == str(int(best)) else f"{int(best)} ({low_text}–{high_text})"


def cap_evidence(items: Sequence[tuple[str, str]], *, limit: int | None = 3) -> str:
    """The first `limit` distinct sentences of `(doc_id, text)` pairs, each prefixed by its first
    article, then "and K more" (K distinct sentences left out; `limit=None` keeps all): a story
    repeated by many articles shows once."""
    first: dict[str, str] = {}
    for doc_id, text in items:
        first.setdefault(" ".join(str(text).split()), doc_id)
    shown = [f"[{doc_id}] {text}" for text, doc_id in list(first.items())[:limit]]
    more = len(first) - len(shown)
    return " | ".join(shown) + (f" | and {more} more" if more > 0 else "")


def incident_table(incidents: pd.DataFrame, figures: pd.DataFrame, sentences: pd.DataFrame,
                   actors: pd.DataFrame, *, categories: Sequence[str] = CATEGORIES,
                   max_evidence: int | None = 3) -> pd.DataFrame:
    """One row per incident: dates, place, perpetrator, "best (low–high)" per category, reports,
    and the evidence: its first `max_evidence` distinct sentences (each prefixed by its article)
    and how many more there are."""
    names = actors.drop_duplicates("actor_id").set_index("actor_id")["name"]
    text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    members = {key: sorted({(m.doc_id, int(m.sentence_id)) for m in group.itertuples(index=False)})
               for key, group in figures[["incident_id", "doc_id", "sentence_id"]].groupby("incident_id")}
    rows = []
    for incident in incidents.itertuples(index=False):
        evidence = members.get(incident.incident_id, [])
        row = {"incident": incident.incident_id,
               "date": str(incident.date_start) if incident.date_start == incident.date_end
               else f"{incident.date_start} – {incident.date_end}",
               "precision": incident.date_precision, "place": incident.place, "country": incident.country,
               "perpetrator": names.get(incident.perpetrator_id, incident.perpetrator_id)
               if isinstance(incident.perpetrator_id, str) else None}
        for category in categories:
            row[category] = _range_text(getattr(incident, f"{category}_low"), getattr(incident, f"{category}_best"),
                                        getattr(incident, f"{category}_high"))
        row["reports"] = incident.n_reports
        row["evidence"] = cap_evidence([(d, text.get((d, s), "")) for d, s in evidence], limit=max_evidence)
        rows.append(row)
    return pd.DataFrame(rows)


def totals(incidents: pd.DataFrame, *, by: str | None = None, categories: Sequence[str] = CATEGORIES) -> pd.DataFrame:
    """Sum of low, best and high per category (and per `by` value): one row per group and category."""
    frame = incidents.copy()
    key = by or "_all"
    if by is None:
        frame[key] = "all"
    rows = []
    for value, group in frame.groupby(key, dropna=False):
        for category in categories:
            best = group[f"{category}_best"]
            present = best.notna()
            if not present.any():
                continue
            low = group.loc[present, f"{category}_low"].fillna(0)
            high = group.loc[present, f"{category}_high"].where(group.loc[present, f"{category}_high"].notna(),
                                                                 best[present])
            rows.append({key: "unknown" if pd.isna(value) else value, "category": category,
                         "low": int(low.sum()), "best": int(best[present].sum()), "high": int(high.sum()),
                         "incidents": int(present.sum()),
                         "open_high": int(group.loc[present, f"{category}_high"].isna().sum())})
    columns = [key, "category", "low", "best", "high", "incidents", "open_high"]
    result = pd.DataFrame(rows, columns=columns)
    return result.drop(columns="_all") if by is None else result


def by_month(incidents: pd.DataFrame, *, categories: Sequence[str] = CATEGORIES) -> pd.DataFrame:
    """Totals by the month an incident starts in (incidents dated to a month or better)."""
    precise = incidents[incidents["date_precision"].isin(["day", "week", "month"])].copy()
    precise["month"] = pd.to_datetime(precise["date_start"]).dt.strftime("%Y-%m")
    return totals(precise, by="month", categories=categories)


def by_victim_group(incidents: pd.DataFrame, figures: pd.DataFrame, *,
                    categories: Sequence[str] = CATEGORIES) -> pd.DataFrame:
    """Totals by victim group: within an incident, a group's figures are merged like the
    incident's (lowest low, most common value, highest high), then incidents are added."""
    members = figures[figures["incident_id"].isin(incidents["incident_id"]) & figures["category"].isin(list(categories))]
    rows = []
    for (incident_id, category, group), frame in members.groupby(["incident_id", "category", "victim_group"]):
        values = [int(v) for v in frame["low"].fillna(frame["high"]).dropna()]
        if not values:
            continue
        best = pd.Series(values).mode().min()
        rows.append({"victim_group": group, "category": category, "low": int(frame["low"].fillna(0).min()),
                     "best": int(best), "high": int(frame["high"].fillna(best).max()), "incident": incident_id})
    frame = pd.DataFrame(rows, columns=["victim_group", "category", "low", "best", "high", "incident"])
    return (frame.groupby(["victim_group", "category"], as_index=False)
            .agg(low=("low", "sum"), best=("best", "sum"), high=("high", "sum"), incidents=("incident", "nunique")))


def _figure_texts(figures: pd.DataFrame) -> list[str]:
    """Each figure as `_range_text` writes it ("700", "20 (20–30)", "9 (9–open)"), its low (else its
    high) standing as the best reading."""
    return [_range_text(lo, lo if not pd.isna(lo) else hi, hi) for lo, hi in zip(figures["low"], figures["high"])]


def _sentence_texts(rows: pd.DataFrame, sentences: pd.DataFrame) -> list[str]:
    """The sentence each row (`doc_id`, `sentence_id`) comes from, "" where it is not stored."""
    text = sentences.set_index(["doc_id", "sentence_id"])["text"].to_dict()
    return [text.get((d, int(s)), "") for d, s in zip(rows["doc_id"], rows["sentence_id"])]


def aggregate_claims(figures: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Cumulative totals ("700 killed since April"): reported apart, never added to incidents."""
    claims = figures[figures["aggregate"].astype(bool) & ~figures["vague"].astype(bool)]
    return pd.DataFrame({
        "doc_id": claims["doc_id"], "category": claims["category"], "figure": _figure_texts(claims),
        "victims": claims["victims"], "status": claims["status"], "period": claims["date_value"],
        "sentence": _sentence_texts(claims, sentences),
    }).reset_index(drop=True)


def claimed_totals(figures: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                   mentions: pd.DataFrame) -> pd.DataFrame:
    """Aggregate figures as claims: the figure, its category and period, who is named in its
    sentence (the claimant, usually: "the NTC said"), the article's date and the sentence."""
    claims = figures[(figures["kind"] == "aggregate") & ~figures["vague"].astype(bool)]
    published = articles.drop_duplicates("doc_id").set_index("doc_id")["published"].to_dict()
    named = mentions.groupby(["doc_id", "sentence_id"])["actor_name"].agg(lambda n: ", ".join(dict.fromkeys(n)))
    named = named.to_dict()
    frame = pd.DataFrame({
        "figure": _figure_texts(claims), "category": claims["category"], "victims": claims["victims"],
        "claimed_by": [named.get((d, int(s)), "") for d, s in zip(claims["doc_id"], claims["sentence_id"])],
        "reported": [published.get(d) for d in claims["doc_id"]], "status": claims["status"],
        "period": claims["date_value"], "doc_id": claims["doc_id"], "sentence": _sentence_texts(claims, sentences),
    })
    return frame.sort_values(["reported", "doc_id"], kind="stable", na_position="last").reset_index(drop=True)


def figures_out_of_tallies(figures: pd.DataFrame, sentences: pd.DataFrame, *,
                           kinds: Sequence[str] = ("undated", "historical")) -> pd.DataFrame:
    """Figures of the given kinds (numbers, not vague), with their sentence: what the tallies leave out."""
    chosen = figures[figures["kind"].isin(list(kinds)) & ~figures["vague"].astype(bool)]
    return pd.DataFrame({
        "kind": chosen["kind"], "category": chosen["category"], "figure": _figure_texts(chosen),
        "date": chosen["date_value"], "place": chosen["place"], "doc_id": chosen["doc_id"],
        "sentence": _sentence_texts(chosen, sentences),
    }).sort_values(["kind", "doc_id"], kind="stable").reset_index(drop=True)


def undated_incidents(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Undated figures as incidents of their article's publication month (ids `U0001`...),
    merged among themselves by the incidents' rules; for tallies that choose to bring them in."""
    undated = figures[figures["kind"] == "undated"].copy()
    published = articles.drop_duplicates("doc_id").set_index("doc_id")["published"]
    month = undated["doc_id"].map(published).map(lambda p: None if p is None or pd.isna(p)
                                                  else pd.Timestamp(p).strftime("%Y-%m"))
    undated["date_value"], undated["kind"], undated["date_basis"] = month, "incident", "publication month"
    incidents, _ = merge_figures(undated, published=published.to_dict())
    incidents["incident_id"] = incidents["incident_id"].str.replace("I", "U", n=1, regex=False)
    return incidents


def review_first(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents with a figure flagged for review first (largest killed first among them)."""
    flagged = incidents["review"].notna() if "review" in incidents.columns else pd.Series(False, index=incidents.index)
    order = incidents.assign(_flag=~flagged).sort_values(["_flag", "killed_best"], ascending=[True, False],
                                                         kind="stable", na_position="last")
    return order.drop(columns="_flag").reset_index(drop=True)


def exclusions(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures stated in the texts but not in the incident tallies, by reason."""
    reasons = []
    for row in figures.itertuples(index=False):
        if isinstance(row.incident_id, str):
            continue
        kind = getattr(row, "kind", None)
        if row.vague:
            reasons.append("vague count (no number)")
        elif kind == "historical":
            reasons.append("historical: an event well before the article (listed apart)")
        elif row.aggregate or kind == "aggregate":
            reasons.append("aggregate claim over a period (shown apart)")
        elif not pd.isna(row.low) and not pd.isna(row.high) and row.low == 0 and row.high == 0:
            reasons.append("reported zero (\"no casualties\")")
        elif kind == "undated" or row.date_value is None or pd.isna(row.date_value):
            reasons.append("undated: no date in its sentence, the one before or the report (listed apart)")
        else:
            reasons.append("not dated to a calendar interval")
    counts = pd.Series(reasons, dtype=object).value_counts()
    return counts.rename_axis("reason").reset_index(name="figures")

"""Would a learnt date ranker beat the hand-set `WEIGHTS` of the key dates? Cross-validated by time blocks.

What is measured: a logistic regression (L2, balanced classes) over generic per-day evidence,
trained on a store's candidate days labelled by a reference timeline (a day is positive when the
timeline lists it), against the fixed weighted sum `key_dates.score_days` uses. No feature
encodes the calendar date (no weekday, month or position in the corpus): only counts and ratios
of the corpus's references and publications, each scaled to 0..1 within the corpus.

Cross-validation by time blocks: the candidate days, in date order, are cut into `--blocks`
contiguous blocks; each block is scored by a model trained on the others only, so a model never
sees labels of the weeks it ranks. Reported: date F1 of the top T days (T = the reference's
length) of the pooled out-of-fold scores; precision at T_b within each block (T_b = the
reference's dates in it); and, as a ceiling, the in-sample F1 of a model fit on every day.

Usage: `python benchmarks/key_date_ranker.py --tagged STORE --timeline timeline.json`
(the store needs `timexes`, `sentences`, `articles`, `incidents`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from libya_analysis.analysis.evaluate import date_f1, load_reference_timeline  # noqa: E402
from libya_analysis.corpus_level import key_dates as kd  # noqa: E402
from libya_analysis.io.store import read_table  # noqa: E402

SPEECH_BEFORE = (r"\b(?:said|says|told(?: \w+){0,2}|added|announced|reported|stated|declared|confirmed)"
                 r"\s+(?:on\s+|late\s+|early\s+)?$")
"""A day named right after a reporting verb ("said Monday") dates the report, not an event."""
COVERAGE_WINDOW_DAYS = 31
"""Publications around a day (centred) that its references are divided by."""
LATER_WINDOW_DAYS = 30
"""Publications after a day that its later references are divided by."""
LONG_LAG_DAYS = 7
"""A reference from an article published this many days after the day or more is a long look back."""


def _day_refs_with_cues(tables: dict[str, pd.DataFrame], furniture: pd.DataFrame) -> pd.DataFrame:
    """Day references (as `day_references`) with two cues: `absolute` (a full date, not one
    resolved against the publication date) and `speech` (named right after a reporting verb)."""
    timexes, sentences = tables["timexes"], tables["sentences"]
    dated = timexes[timexes["type"].isin(["DATE", "TIME"])]
    values = dated["value"].astype(str)
    dated = dated[(values.str.len() == 10) | (values.str.slice(10, 11) == "T")].copy()
    dated["day"] = pd.to_datetime(dated["value"].astype(str).str.slice(0, 10), errors="coerce")
    dated = kd._without(dated.dropna(subset=["day"]), furniture)
    by_key = sentences.set_index([sentences["doc_id"].astype(str), sentences["sentence_id"].astype("int64")])
    keys = pd.MultiIndex.from_arrays([dated["doc_id"].astype(str), dated["sentence_id"].astype("int64")])
    text = by_key["text"].reindex(keys).astype(str).to_numpy()
    offset = (dated["start_char"].to_numpy() - by_key["start_char"].reindex(keys).to_numpy()).astype(int)
    before = pd.Series([t[max(0, o - 30):max(0, o)] for t, o in zip(text, offset)], index=dated.index)
    dated["speech"] = before.str.contains(SPEECH_BEFORE, regex=True)
    dated["absolute"] = dated["anchor"].astype(str).eq("absolute")
    published = kd._published(tables["articles"]).astype("datetime64[ns]")
    dated["lag_days"] = (pd.Series(published.reindex(dated["doc_id"].astype(str)).to_numpy(), index=dated.index)
                         - dated["day"]).dt.days
    return dated.assign(doc_id=dated["doc_id"].astype(str))


def day_features(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Generic evidence per candidate day, each 0..1 within the corpus (indexed by day)."""
    furniture = kd.furniture_sentences(tables["sentences"], tables["timexes"])
    refs = kd.day_references(tables["timexes"], tables["articles"], exclude=furniture)
    evidence = kd.day_evidence(tables["timexes"], tables["articles"], incidents=tables.get("incidents"), refs=refs)
    days = evidence.index
    scaled = kd._scaled
    features = pd.DataFrame({name: scaled(evidence[name]) for name in kd.WEIGHTS}, index=days)

    published = kd._published(tables["articles"])
    full = pd.date_range(days.min() - pd.Timedelta(days=LATER_WINDOW_DAYS), days.max() + pd.Timedelta(days=LATER_WINDOW_DAYS))
    daily = published.value_counts().reindex(full, fill_value=0).astype(float)
    around = daily.rolling(COVERAGE_WINDOW_DAYS, center=True, min_periods=1).sum().reindex(days)
    after = daily[::-1].rolling(LATER_WINDOW_DAYS, min_periods=1).sum()[::-1].shift(-1, fill_value=0.0).reindex(days)
    share = evidence["n_articles"] / (around + 1)
    later_share = evidence["n_later_articles"] / (after + 1)
    features["coverage_share"] = share / share.max() if share.max() > 0 else share
    features["later_share"] = later_share / later_share.max() if later_share.max() > 0 else later_share
    burst = evidence["burst"].to_numpy()
    previous = evidence["burst"].reindex(days - pd.Timedelta(days=1)).fillna(0.0).to_numpy()
    features["burst_start"] = ((burst > 1) & (burst > previous)).astype(float)
    features["max_lag"] = scaled(evidence["max_lag_days"].astype("Float64").fillna(0).clip(lower=0))

    cued = _day_refs_with_cues(tables, furniture)
    cued = cued[cued["day"].isin(days)]

    def articles(mask: pd.Series) -> pd.Series:
        return scaled(cued[mask].groupby("day")["doc_id"].nunique().reindex(days, fill_value=0))

    features["long_lag_articles"] = articles(cued["lag_days"] >= LONG_LAG_DAYS)
    features["event_articles"] = articles(~cued["speech"])
    features["absolute_articles"] = articles(cued["absolute"])
    features["absolute_later_articles"] = articles(cued["absolute"] & (cued["lag_days"] >= 1))
    return features.astype(float)


def _top_f1(score: np.ndarray, days: pd.DatetimeIndex, reference: list, size: int) -> float:
    order = np.argsort(-score, kind="stable")[:size]
    return date_f1([days[i].date() for i in order], reference)["f1"]


def _block_precision(score: np.ndarray, labels: np.ndarray, blocks: list[np.ndarray]) -> list[float]:
    out = []
    for block in blocks:
        wanted = int(labels[block].sum())
        top = block[np.argsort(-score[block], kind="stable")[:wanted]]
        out.append(round(float(labels[top].mean()), 3) if wanted else float("nan"))
    return out


def run(tagged: Path, timeline: Path, *, n_blocks: int, strengths: list[float]) -> dict:
    from sklearn.linear_model import LogisticRegression

    tables = {name: read_table(tagged, name) for name in ("timexes", "sentences", "articles", "incidents")}
    reference = load_reference_timeline(timeline)
    features = day_features(tables).sort_index()
    days = features.index
    labels = np.array([d.date() in reference for d in days])
    size = len(reference)
    blocks = np.array_split(np.arange(len(days)), n_blocks)
    hand = features[list(kd.WEIGHTS)].to_numpy() @ np.array(list(kd.WEIGHTS.values()))
    result = {
        "candidates": len(days), "reference_dates": size, "reference_among_candidates": int(labels.sum()),
        "blocks": [[str(days[b[0]].date()), str(days[b[-1]].date()), int(labels[b].sum())] for b in blocks],
        "hand_weights": {"top_f1": round(_top_f1(hand, days, list(reference), size), 3),
                         "block_precision": _block_precision(hand, labels, blocks)},
        "learnt": [],
    }
    for feature_set, names in (("six", list(kd.WEIGHTS)), ("all", list(features.columns))):
        matrix = features[names].to_numpy()
        for strength in strengths:
            out_of_fold = np.zeros(len(days))
            for block in blocks:
                train = np.setdiff1d(np.arange(len(days)), block)
                model = LogisticRegression(C=strength, class_weight="balanced", max_iter=2000)
                out_of_fold[block] = model.fit(matrix[train], labels[train]).decision_function(matrix[block])
            full = LogisticRegression(C=strength, class_weight="balanced", max_iter=2000).fit(matrix, labels)
            result["learnt"].append({
                "features": feature_set, "C": strength,
                "cv_top_f1": round(_top_f1(out_of_fold, days, list(reference), size), 3),
                "cv_block_precision": _block_precision(out_of_fold, labels, blocks),
                "in_sample_top_f1": round(_top_f1(full.decision_function(matrix), days, list(reference), size), 3),
                "weights": dict(zip(names, np.round(full.coef_[0], 3).tolist())),
            })
    for name in features.columns:
        result.setdefault("alone", {})[name] = round(_top_f1(features[name].to_numpy(), days, list(reference), size), 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagged", type=Path, required=True, help="a store written by `libya-analysis tag`")
    parser.add_argument("--timeline", type=Path, required=True, help="a reference timeline (timeline.json format)")
    parser.add_argument("--blocks", type=int, default=4, help="contiguous time blocks for cross-validation")
    parser.add_argument("--C", type=float, nargs="+", default=[0.1, 0.3, 1.0, 3.0], help="inverse L2 strengths")
    args = parser.parse_args()
    print(json.dumps(run(args.tagged, args.timeline, n_blocks=args.blocks, strengths=args.C), indent=1))


if __name__ == "__main__":
    main()

"""Score a tagged store against hand annotations (the format of shared/eval/README.md).

A section is scored only when the store has its table: actors from `mentions`; figures,
timexes and events join as their tables are written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..exceptions import LibyaAnalysisError
from ..io.store import read_manifest, read_table
from ..names import normalize_name
from ..schema import MEDIA, TAGGED_STATUSES


class GoldError(LibyaAnalysisError):
    """A gold file that does not follow the annotation format."""


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The `documents` of a gold file, each with a string `id`."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise GoldError(f"{path}{where}: not valid YAML") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise GoldError(f"{path}: expected a top-level 'documents' list")
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict) or "id" not in doc:
            raise GoldError(f"{path}: document #{number} has no 'id'")
        doc["id"] = str(doc["id"])
    return documents


def _actor_keys(actors: pd.DataFrame) -> dict[str, set[str]]:
    """For each actor id: the normalised names it answers to (own and its ancestors')."""
    own: dict[str, set[str]] = {}
    parent: dict[str, str | None] = {}
    for row in actors.itertuples(index=False):
        names = {row.actor_id, row.name, *(list(row.aliases) if row.aliases is not None else [])}
        own[row.actor_id] = {normalize_name(str(n)) for n in names}
        parent[row.actor_id] = row.parent_id if isinstance(row.parent_id, str) else None
    keys: dict[str, set[str]] = {}
    for actor_id in own:
        collected, seen, current = set(own[actor_id]), {actor_id}, parent[actor_id]
        while current and current in own and current not in seen:
            collected |= own[current]
            seen.add(current)
            current = parent.get(current)
        keys[actor_id] = collected
    return keys


def score_actors(gold: list[Mapping[str, Any]], mentions: pd.DataFrame, actors: pd.DataFrame) -> dict[str, Any]:
    """Required-actor recall and not-actor errors, by the README's matching rule."""
    keys = _actor_keys(actors)
    own_keys = {row.actor_id: {normalize_name(row.name), normalize_name(row.actor_id),
                               *(normalize_name(a) for a in (row.aliases if row.aliases is not None else []))}
                for row in actors.itertuples(index=False)}
    found = total = 0
    misses, errors = [], []
    by_doc = {doc_id: frame for doc_id, frame in mentions.groupby("doc_id")}
    for doc in gold:
        required = (doc.get("actors") or {}).get("required") or []
        frame = by_doc.get(doc["id"], mentions.iloc[0:0])
        doc_keys: set[str] = set()
        for actor_id in frame["actor_id"].unique():
            doc_keys |= keys.get(actor_id, {normalize_name(actor_id)})
        doc_keys |= {normalize_name(n) for n in frame["actor_name"]}
        for name in required:
            total += 1
            if normalize_name(str(name)) in doc_keys:
                found += 1
            else:
                misses.append({"doc_id": doc["id"], "actor": name})
        listed = frame[~frame["actor_type"].isin(("unlisted", MEDIA))]  # an outlet is a source, not an actor
        for name in doc.get("not_actors") or []:
            target = normalize_name(str(name))
            for row in listed.itertuples(index=False):
                if target == normalize_name(row.text) or target in own_keys.get(row.actor_id, ()):
                    errors.append({"doc_id": doc["id"], "name": name, "text": row.text,
                                   "actor_id": row.actor_id, "start_char": int(row.start_char)})
    return {"recall": found / total if total else None, "found": found, "required": total,
            "not_actor_errors": errors, "misses": misses}


def _locate(text: str, needle: str, used: list[tuple[int, int]]) -> tuple[int, int] | None:
    """First case-insensitive occurrence of `needle` not overlapping an already used one.

    An occurrence is a whole word or phrase: "now" is not found inside "know" or "acknowledged"
    (a needle starting or ending with a letter or digit must not continue a word there)."""
    lowered, target, start = text.lower(), needle.lower(), 0
    while (found := lowered.find(target, start)) >= 0:
        span = (found, found + len(target))
        inside_word = ((target[:1].isalnum() and found > 0 and lowered[found - 1].isalnum())
                       or (target[-1:].isalnum() and span[1] < len(lowered) and lowered[span[1]].isalnum()))
        if not inside_word and not any(a < span[1] and span[0] < b for a, b in used):
            return span
        start = found + 1
    return None


def score_timexes(gold: list[Mapping[str, Any]], timexes: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """Accuracy: gold timexes covered by a predicted expression with the gold (or an `also`) value."""
    texts = articles.drop_duplicates("doc_id").set_index("doc_id")["text"]
    by_doc = {doc_id: frame for doc_id, frame in timexes.groupby("doc_id")}
    correct = total = 0
    errors = []
    for doc in gold:
        text = texts.get(doc["id"])
        frame = by_doc.get(doc["id"], timexes.iloc[0:0])
        used: list[tuple[int, int]] = []
        for item in doc.get("timexes") or []:
            total += 1
            wanted = {str(item["value"]), *(str(v) for v in item.get("also") or [])}
            span = _locate(text, str(item["text"]), used) if isinstance(text, str) else None
            if span is None:
                errors.append({"doc_id": doc["id"], "text": item["text"], "gold": item["value"],
                               "predicted": None, "problem": "text not found in the article"})
                continue
            used.append(span)
            covering = frame[(frame["start_char"] <= span[0]) & (frame["end_char"] >= span[1])]
            values = [str(v) for v in covering["value"]]
            if wanted & set(values):
                correct += 1
            else:
                errors.append({"doc_id": doc["id"], "text": item["text"], "gold": item["value"],
                               "predicted": values or None,
                               "problem": "wrong value" if values else "not found"})
    return {"accuracy": correct / total if total else None, "correct": correct, "total": total,
            "errors": errors}


def _reading(low: Any, high: Any) -> tuple[int | None, int | None]:
    clean = lambda v: None if v is None or pd.isna(v) else int(v)  # noqa: E731
    return clean(low), clean(high)


def _readings(item: Mapping[str, Any]) -> set[tuple[str, int | None, int | None]]:
    """Every (category, low, high) that counts as this gold figure ("more than 100" also 101)."""
    category = item["category"]
    low, high = _reading(item.get("low"), item.get("high"))
    readings = {(category, low, high)}
    readings |= {(category, *_reading(*pair)) for pair in item.get("also") or []}
    if low is not None and high is None:
        readings.add((category, low + 1, None))
    return readings


def score_figures(gold: list[Mapping[str, Any]], casualties: pd.DataFrame, articles: pd.DataFrame) -> dict[str, Any]:
    """Precision, recall and F1 of casualty figures, overall and per category, and negatives hit."""
    texts = articles.drop_duplicates("doc_id").set_index("doc_id")["text"]
    stated = casualties[~casualties["vague"].astype(bool)]
    by_doc = {doc_id: frame for doc_id, frame in stated.groupby("doc_id")}
    counts = {c: {"gold": 0, "found": 0, "predicted": 0, "correct": 0} for c in ("killed", "injured", "abducted")}
    misses, false_positives, negative_hits = [], [], []
    for doc in gold:
        frame = by_doc.get(doc["id"], stated.iloc[0:0])
        predicted = {(r.category, *_reading(r.low, r.high)) for r in frame.itertuples(index=False)}
        figures = doc.get("figures") or []
        accepted = set().union(*(_readings(f) for f in figures + list(doc.get("optional") or [])))
        for item in figures:
            counts[item["category"]]["gold"] += 1
            if _readings(item) & predicted:
                counts[item["category"]]["found"] += 1
            else:
                misses.append({"doc_id": doc["id"], **{k: item.get(k) for k in ("category", "low", "high", "cue")}})
        for reading in sorted(predicted, key=str):
            counts.setdefault(reading[0], {"gold": 0, "found": 0, "predicted": 0, "correct": 0})
            counts[reading[0]]["predicted"] += 1
            if reading in accepted:
                counts[reading[0]]["correct"] += 1
            else:
                false_positives.append({"doc_id": doc["id"], "category": reading[0], "low": reading[1], "high": reading[2]})
        text = texts.get(doc["id"])
        for phrase in doc.get("negatives") or []:
            span = _locate(text, str(phrase), []) if isinstance(text, str) else None
            if span is None:
                continue
            hit = frame[(frame["start_char"] < span[1]) & (frame["end_char"] > span[0])]
            negative_hits.extend({"doc_id": doc["id"], "phrase": phrase, "text": r.text} for r in hit.itertuples(index=False))

    def ratios(c: Mapping[str, int]) -> dict[str, Any]:
        precision = c["correct"] / c["predicted"] if c["predicted"] else None
        recall = c["found"] / c["gold"] if c["gold"] else None
        f1 = (2 * precision * recall / (precision + recall)) if precision and recall else (0.0 if precision == 0 or recall == 0 else None)
        return {"precision": precision, "recall": recall, "f1": f1, **c}

    total = {k: sum(c[k] for c in counts.values()) for k in ("gold", "found", "predicted", "correct")}
    return {**ratios(total), "by_category": {k: ratios(v) for k, v in counts.items()}, "misses": misses,
            "false_positives": false_positives, "negative_hits": negative_hits}


def score_events(gold: list[Mapping[str, Any]], incidents: pd.DataFrame) -> dict[str, Any]:
    """Recall of gold events: an incident of the document with the gold low, within a day of the date."""
    found = total = 0
    misses = []
    for doc in gold:
        for event in doc.get("events") or []:
            total += 1
            day = pd.Timestamp(str(event["date"])).date()
            category, low = event["category"], int(event["low"])
            ok = False
            for incident in incidents.itertuples(index=False):
                if doc["id"] not in list(incident.doc_ids):
                    continue
                values = {getattr(incident, f"{category}_{b}") for b in ("low", "best", "high")}
                values = {int(v) for v in values if v is not None and not pd.isna(v)}
                start, end = pd.Timestamp(incident.date_start).date(), pd.Timestamp(incident.date_end).date()
                if low in values and (day - start).days <= 1 and (end - day).days <= 1:
                    ok = True
                    break
            found += ok
            if not ok:
                misses.append({"doc_id": doc["id"], **{k: str(v) for k, v in event.items()}})
    return {"recall": found / total if total else None, "found": found, "total": total, "misses": misses}


def evaluate(gold_path: str | Path, tagged: str | Path) -> dict[str, Any]:
    """Score every section the store has tables for."""
    manifest = read_manifest(tagged)
    gold = load_gold(gold_path)
    result: dict[str, Any] = {}
    missing = sorted({d["id"] for d in gold} - set(read_table(tagged, "articles")["doc_id"].astype(str)))
    if missing:
        result["missing_documents"] = missing
    tables = set(manifest.get("rows", {}))

    def annotated(key: str) -> list[dict[str, Any]]:
        """The documents a gold file annotates for a section (a file may annotate only some)."""
        return [doc for doc in gold if key in doc]

    if {"mentions", "actors"} <= tables and annotated("actors"):
        result["actors"] = score_actors(annotated("actors"), read_table(tagged, "mentions"), read_table(tagged, "actors"))
    if "timexes" in tables and annotated("timexes"):
        result["timexes"] = score_timexes(annotated("timexes"), read_table(tagged, "timexes"),
                                          read_table(tagged, "articles"))
    if "casualties" in tables and annotated("figures"):
        result["figures"] = score_figures(annotated("figures"), read_table(tagged, "casualties"),
                                          read_table(tagged, "articles"))
    if "incidents" in tables and annotated("events"):
        result["events"] = score_events(annotated("events"), read_table(tagged, "incidents"))
    return result


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_report(result: Mapping[str, Any]) -> str:
    """A readable summary of `evaluate`'s result."""
    lines = []
    if result.get("missing_documents"):
        lines.append(f"documents in the gold file but not in the tagged corpus: {', '.join(result['missing_documents'])}")
    actors = result.get("actors")
    if actors:
        lines += ["actors", f"  required-actor recall  {_fmt(actors['recall'])}  ({actors['found']}/{actors['required']})",
                  f"  not_actors errors      {len(actors['not_actor_errors'])}"]
        for miss in actors["misses"]:
            lines.append(f"  missed   {miss['doc_id']}: {miss['actor']}")
        for err in actors["not_actor_errors"]:
            lines.append(f"  error    {err['doc_id']}: {err['text']!r} tagged as {err['actor_id']} (not an actor)")
    timexes = result.get("timexes")
    if timexes:
        lines += ["timexes", f"  accuracy               {_fmt(timexes['accuracy'])}  ({timexes['correct']}/{timexes['total']})"]
        for err in timexes["errors"]:
            lines.append(f"  {err['problem']:<9} {err['doc_id']}: {err['text']!r} gold {err['gold']}, "
                         f"predicted {err['predicted']}")
    figures = result.get("figures")
    if figures:
        lines += ["figures", f"  precision {_fmt(figures['precision'])}  recall {_fmt(figures['recall'])}  "
                             f"f1 {_fmt(figures['f1'])}  ({figures['found']}/{figures['gold']} found, "
                             f"{figures['correct']}/{figures['predicted']} predicted correct)"]
        for category, c in figures["by_category"].items():
            lines.append(f"  {category:<9} precision {_fmt(c['precision'])}  recall {_fmt(c['recall'])}  f1 {_fmt(c['f1'])}")
        for miss in figures["misses"]:
            lines.append(f"  missed    {miss['doc_id']}: {miss['category']} {miss['low']}-{miss['high']} ({miss.get('cue')})")
        for fp in figures["false_positives"]:
            lines.append(f"  false     {fp['doc_id']}: {fp['category']} {fp['low']}-{fp['high']}")
        for hit in figures["negative_hits"]:
            lines.append(f"  negative  {hit['doc_id']}: {hit['text']!r} inside {hit['phrase']!r}")
    events = result.get("events")
    if events:
        lines += ["events", f"  recall                 {_fmt(events['recall'])}  ({events['found']}/{events['total']})"]
        for miss in events["misses"]:
            lines.append(f"  missed    {miss['doc_id']}: {miss}")
    for section in ("figures", "timexes", "events"):
        if section not in result:
            lines.append(f"{section}: not scored (not annotated in the gold file, or no table in the store)")
    return "\n".join(lines)


def check_minimums(result: Mapping[str, Any], *, min_actor_recall: float | None = None,
                   max_not_actor_errors: int | None = None,
                   min_timex_accuracy: float | None = None, min_f1: float | None = None,
                   min_event_recall: float | None = None) -> list[str]:
    """Failures against the minimums asked for (empty when all hold)."""
    def score(section: str, key: str) -> float | None:
        return result[section][key] if result.get(section) else None

    failures = []
    for label, value, minimum in (("actor recall", score("actors", "recall"), min_actor_recall),
                                  ("timex accuracy", score("timexes", "accuracy"), min_timex_accuracy),
                                  ("figure F1", score("figures", "f1"), min_f1),
                                  ("event recall", score("events", "recall"), min_event_recall)):
        if minimum is not None and (value is None or value < minimum):
            failures.append(f"{label} {value} is below {minimum}")
    errors = result["actors"]["not_actor_errors"] if result.get("actors") else []
    if max_not_actor_errors is not None and len(errors) > max_not_actor_errors:
        failures.append(f"{len(errors)} not_actors errors (at most {max_not_actor_errors})")
    return failures


# --- Key dates against a reference timeline ------------------------------------------------------


def load_reference_timeline(path: str | Path) -> dict[dt.date, str]:
    """A journalists' timeline in the format of `timeline.json` (a list of `{"date": "YYYY-MM-DD",
    "sentences": [...]}`): its summary text by date (entries of one date joined)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such timeline file") from None
    except json.JSONDecodeError as err:
        raise GoldError(f"{path}, line {err.lineno}: not valid JSON ({err.msg})") from None
    if not isinstance(data, list):
        raise GoldError(f"{path}: expected a list of {{'date', 'sentences'}} entries")
    timeline: dict[dt.date, list[str]] = {}
    for number, entry in enumerate(data, start=1):
        try:
            day = dt.date.fromisoformat(str(entry["date"])[:10])
            sentences = entry.get("sentences") or []
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GoldError(f"{path}: entry #{number} has no readable 'date' (YYYY-MM-DD)") from None
        if isinstance(sentences, str):
            sentences = [sentences]
        timeline.setdefault(day, []).extend(str(s) for s in sentences)
    return {day: " ".join(texts) for day, texts in sorted(timeline.items())}


def date_f1(predicted: list[dt.date], reference: list[dt.date]) -> dict[str, float]:
    """Precision, recall and F1 of predicted dates against reference dates (exact days)."""
    predicted_set, reference_set = set(predicted), set(reference)
    hits = len(predicted_set & reference_set)
    precision = hits / len(predicted_set) if predicted_set else 0.0
    recall = hits / len(reference_set) if reference_set else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "hits": hits}


def aligned_rouge(predicted: Mapping[dt.date, str], reference: Mapping[dt.date, str], *, n: int) -> dict[str, float]:
    """Date-aligned ROUGE-n (Martschat & Markert 2017, "agreement"): n-grams count as matched only
    between summaries of the same date; precision over every predicted n-gram, recall over every
    reference n-gram. Tokens are rouge-score's (lower case, Porter stems)."""
    from rouge_score.tokenizers import DefaultTokenizer

    tokenizer = DefaultTokenizer(use_stemmer=True)

    def ngrams(text: str) -> Counter:
        tokens = tokenizer.tokenize(text or "")
        return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    system = {day: ngrams(text) for day, text in predicted.items()}
    gold = {day: ngrams(text) for day, text in reference.items()}
    overlap = sum(sum((system[day] & gold[day]).values()) for day in system.keys() & gold.keys())
    system_total = sum(sum(c.values()) for c in system.values())
    gold_total = sum(sum(c.values()) for c in gold.values())
    precision = overlap / system_total if system_total else 0.0
    recall = overlap / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _within_span(tables: Mapping[str, pd.DataFrame], first: dt.date, last: dt.date) -> dict[str, pd.DataFrame]:
    """The store's tables cut to the articles published from `first` to `last` (and the incidents
    they report): the input of the timeline-summarisation benchmarks, which give a system the
    articles of the reference timeline's span."""
    articles = tables["articles"]
    published = pd.to_datetime(articles["published"], errors="coerce")
    kept = articles[(published >= pd.Timestamp(first)) & (published <= pd.Timestamp(last))]
    ids = set(kept["doc_id"].astype(str))
    cut = {"articles": kept}
    for name in ("timexes", "sentences"):
        cut[name] = tables[name][tables[name]["doc_id"].astype(str).isin(ids)]
    incidents = tables.get("incidents")
    if incidents is not None and not incidents.empty:
        cut["incidents"] = incidents[incidents["doc_ids"].map(
            lambda docs: docs is not None and any(str(d) in ids for d in docs))]
    return cut


def evaluate_key_dates(reference_path: str | Path, tagged: str | Path) -> dict[str, Any]:
    """Score key dates against a reference timeline: date F1 of the top-T dates (T = the
    reference's number of dates) and date-aligned ROUGE-1/2 F1 of their summaries, beside the
    baselines (days ranked by the number of articles naming them; the first sentence of the
    earliest article of the day as summary). Summaries are also scored on the reference's own
    dates (oracle dates), which measures the sentence choice alone.

    The scores follow the benchmark protocol of the literature (Timeline17 as news-tls and tilse
    evaluate it): the input is the articles published within the reference's span (its first to
    its last date) and only days within it are candidates; the key dates are computed on that input
    with the project's `key_dates`, from the store's tables. The store's own `key_dates` (the whole
    corpus, every candidate day) are scored too (`stored_dates`), as is its automatic cut."""
    from ..corpus_level.key_dates import first_sentence_summaries, key_dates, mention_count_ranking

    reference = load_reference_timeline(reference_path)
    manifest = read_manifest(tagged)
    if "key_dates" not in manifest.get("rows", {}):
        raise GoldError(f"{tagged}: the store has no key_dates table (tag the corpus again with this version)")
    if not reference:
        raise GoldError(f"{reference_path}: the timeline has no dates")
    stored = read_table(tagged, "key_dates").sort_values("rank")
    tables = {name: read_table(tagged, name) for name in ("timexes", "sentences", "articles")}
    if "incidents" in manifest.get("rows", {}):
        tables["incidents"] = read_table(tagged, "incidents")
    span = (min(reference), max(reference))
    cut = _within_span(tables, *span)
    table = key_dates(cut["timexes"], cut["sentences"], cut["articles"], incidents=cut.get("incidents"))
    days = pd.to_datetime(table["date"]).dt.date if not table.empty else pd.Series([], dtype=object)
    table = table[((days >= span[0]) & (days <= span[1])).to_numpy()].sort_values("rank")
    size = len(reference)
    top = table.head(size)
    dates = [pd.Timestamp(d).date() for d in top["date"]]
    summaries = {pd.Timestamp(r.date).date(): r.summary for r in top.itertuples(index=False)
                 if isinstance(r.summary, str)}
    by_date = {pd.Timestamp(r.date).date(): r.summary for r in table.itertuples(index=False)
               if isinstance(r.summary, str)}
    oracle = {day: by_date[day] for day in reference if day in by_date}
    baseline = mention_count_ranking(cut["timexes"], cut["articles"])
    baseline_days = [pd.Timestamp(d).date() for d in baseline["date"]]
    baseline_dates = [d for d in baseline_days if span[0] <= d <= span[1]][:size]
    first = first_sentence_summaries(dates, cut["sentences"], cut["articles"])
    first_oracle = first_sentence_summaries(list(reference), cut["sentences"], cut["articles"])

    def rouge(predicted: Mapping[dt.date, str]) -> dict[str, float]:
        return {f"rouge{n}_f1": aligned_rouge(predicted, reference, n=n)["f1"] for n in (1, 2)}

    return {
        "reference_dates": size,
        "span": [str(span[0]), str(span[1])],
        "articles_in_span": int(cut["articles"]["status"].isin(TAGGED_STATUSES).sum()
                                if "status" in cut["articles"] else len(cut["articles"])),
        "dates": date_f1(dates, list(reference)),
        "baseline_dates": date_f1(baseline_dates, list(reference)),
        "stored_dates": date_f1([pd.Timestamp(d).date() for d in stored["date"].head(size)], list(reference)),
        "selected": int(stored["selected"].sum()),
        "selected_dates": date_f1([pd.Timestamp(d).date() for d in stored.loc[stored["selected"], "date"]],
                                  list(reference)),
        "summaries": {**rouge(summaries), "with_summary": len(summaries)},
        "baseline_summaries": rouge(first),
        "oracle_summaries": {**rouge(oracle), "with_summary": len(oracle)},
        "oracle_baseline_summaries": rouge(first_oracle),
        "missed_dates": sorted(str(d) for d in set(reference) - set(dates)),
    }


def format_key_dates_report(result: Mapping[str, Any]) -> str:
    """A readable summary of `evaluate_key_dates`."""
    def f1(block: Mapping[str, Any]) -> str:
        return f"P {_fmt(block['precision'])}  R {_fmt(block['recall'])}  F1 {_fmt(block['f1'])}"

    size = result["reference_dates"]
    lines = [
        f"key dates (reference timeline of {size} dates, {result['span'][0]} to {result['span'][1]}; "
        f"the {result['articles_in_span']} articles published within it, as the benchmarks give)",
        f"  date F1 of the top {size}                       {f1(result['dates'])}",
        f"  baseline: days by articles naming them    {f1(result['baseline_dates'])}",
        f"  the store's own top {size} (whole corpus)     {f1(result['stored_dates'])}",
        f"  the store's {result['selected']} selected dates            {f1(result['selected_dates'])}",
        "summaries (date-aligned ROUGE F1)",
        f"  key dates, top {size}            ROUGE-1 {_fmt(result['summaries']['rouge1_f1'])}  "
        f"ROUGE-2 {_fmt(result['summaries']['rouge2_f1'])}",
        f"  baseline: first sentence   ROUGE-1 {_fmt(result['baseline_summaries']['rouge1_f1'])}  "
        f"ROUGE-2 {_fmt(result['baseline_summaries']['rouge2_f1'])}",
        f"  on the reference's dates   ROUGE-1 {_fmt(result['oracle_summaries']['rouge1_f1'])}  "
        f"ROUGE-2 {_fmt(result['oracle_summaries']['rouge2_f1'])}  "
        f"(baseline {_fmt(result['oracle_baseline_summaries']['rouge1_f1'])} / "
        f"{_fmt(result['oracle_baseline_summaries']['rouge2_f1'])})",
    ]
    if result["missed_dates"]:
        lines.append(f"  reference dates not in the top {size}: {', '.join(result['missed_dates'])}")
    return "\n".join(lines)

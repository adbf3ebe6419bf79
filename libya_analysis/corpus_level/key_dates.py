"""Key dates: the days that matter in a corpus, ranked, each with one sentence saying what happened.

The date-wise approach of news timeline summarisation (Tran et al. 2013; Gholipour Ghalandari &
Ifrim, ACL 2020): first rank days, then summarise each chosen day on its own.

- **Candidate days** are the days named by day-precision expressions (`2011-03-19`,
  "Saturday" resolved against the publication date) and the publication days, within the span
  the corpus covers (from a week before its first publication to a week after its last), so
  the background dates every article repeats ("Gadhafi's coup of September 1, 1969") do not
  crowd out the dates of the coverage. Page furniture (comment stamps, bylines, embedded
  posts) and a page's reader-comment section (from its first comment stamp on:
  `furniture_sentences`) name no day.
- **Evidence** per day, each counted from the tables and scaled to 0..1 by its corpus maximum
  on a log scale, so the weights mean the same on 50 and on 100,000 articles: articles naming
  the day, sentences naming it, articles published *later* that still name it (a day the
  press keeps coming back to mattered), articles published that day and a burst of coverage
  around it (publications of the day and the next against the surrounding month), and
  incidents dated to it. The score is their weighted sum (`WEIGHTS`). No feature looks at the
  calendar date itself (weekday, month, distance to a known event).
- **Summary**: among the sentences about a day (those naming it, and the lead sentences of the
  articles published that day that name no date), the one closest to the TF-IDF centroid of the
  sentences naming the day (central), of a readable length (informative), that does not repeat
  the summary of a higher-ranked day (cosine below `REPEAT_SIMILARITY`); sentences that talk as
  or to the reader (`conversational`: unquoted first/second person, questions) only when
  nothing reported is there.

How many dates are `selected` is automatic (one per `DAYS_PER_DATE` days of the corpus's span,
at most `2 * sqrt(articles)`) or given; the ranking covers every candidate day, so any top-T
can be read. Everything is computed by sorted, grouped pandas operations: the result does not
depend on row order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..extract.sentences import dateline_at
from ..io.dedup import story_ids
from ..schema import TAGGED_STATUSES
from .timeline import COVERAGE_MARGIN_DAYS

KEY_DATE_COLUMNS = ["date", "rank", "selected", "score", "summary", "doc_id", "sentence_id", "n_articles",
                    "incident_ids", "n_sentences", "n_later_articles", "n_published", "burst", "n_incidents",
                    "max_lag_days"]

WEIGHTS: Mapping[str, float] = {
    "n_articles": 1.0,
    "n_sentences": 0.5,
    "n_later_articles": 1.0,
    "n_published": 0.5,
    "burst": 0.5,
    "n_incidents": 0.25,
}
"""Weight of each piece of evidence (each scaled to 0..1) in a day's score."""

MARGIN_DAYS = COVERAGE_MARGIN_DAYS
"""Candidate days run from this many days before the first publication to as many after the last:
the corpus's coverage, the same span notebook 03's chronology keeps to (`timeline.coverage_span`)."""
DAYS_PER_DATE = 5
"""The automatic number of key dates: one per this many days of the corpus's span ..."""
MAX_DATES_PER_SQRT_ARTICLE = 2.0
"""... and at most this many times the square root of the number of articles."""
BURST_WINDOW_DAYS = 29
"""Days of publication volume (centred) that a day's coverage is compared with."""
MAX_CANDIDATES = 50
"""Sentences per day considered for its summary (those naming the day first)."""
LEAD_SENTENCES = 5
"""Undated sentences this close to the start of an article published that day can summarise it."""
REPEAT_SIMILARITY = 0.5
"""A candidate this similar (TF-IDF cosine) to a higher-ranked day's summary repeats it."""
MIN_WORDS, GOOD_WORDS, MAX_WORDS = 6, 12, 50
"""Summaries have at least MIN_WORDS words; fewer than GOOD_WORDS or more than MAX_WORDS count less."""

_FURNITURE = (r"(?:^|\s)\||https?:|www\.|\w\\?/\w{4,}|\b\d{4},?\s+(?:at\s+)?\d{1,2}:\d{2}\b|"
              r"\b[Tt]une in\b.{0,80}\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?")
"""Page furniture, not reporting: fields separated by a bar ("Name | Reply", bylines,
navigation), web addresses (embedded posts), posting stamps (a year then a clock time: "March 21,
2011 at 1:12 pm", "February 24, 2011 03:14 pm"), a broadcaster's programme promotion ("tune in to
AC360 at 10 p.m. ET Thursday")."""

_COMMENT_STAMP = (r"\b\d{4},?\s+(?:\d{1,2}:\d{2}\s*[ap]\.?m\.?\s+)?at\s+\d{1,2}:\d{2}\s*[ap]\.?m\b\.?"
                  r"\s*(?:\||$)")
"""The stamp of a posted reader comment: a full date, "at" and a clock time, ending its sentence or
followed by a bar ("March 24, 2011 at 9:54 am | Report abuse"); the comment section of a page
starts at its first one and runs to the page's end. (A report's "on March 19, 2011 at 4:45 pm
local time" goes on, so it is no stamp.)"""

_CONVERSATIONAL = (r"(?:^|[^\w'’])(?:I(?:['’](?:m|ve|d|ll))?|[Mm]e|[Mm]y|[Ww]e(?:['’](?:re|ve|ll|d))?|[Uu]s|[Oo]urs?|"
                   r"[Yy]ou(?:['’](?:re|ve|ll|d))?|[Yy]ours?)(?:$|[^\w'’])|[?!][\"”’)]*\s*$")
"""Reader talk rather than reporting: a first- or second-person pronoun outside quotations, or a
question or exclamation. ("US", the country, is not "us": the match is case-sensitive.)"""
_QUOTED = r"“[^”]*”?|\"[^\"]*\"?"
"""Quoted speech (to the closing mark, or to the end of the sentence when it is not closed)."""
CONVERSATIONAL_FACTOR = 0.3
"""A conversational sentence's summary quality is multiplied by this (kept only when nothing better)."""
_PLACE_STAMP = r"^[A-Z][A-Z .'-]{2,},\s[^:]{0,60}?\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?[^:]{0,60}:"
"""A live blog's place label and clock times before a colon ("YEMEN, 11 a.m. ET, 7 p.m. local:")."""
_RUN_ON = (r"^\(\d{1,2}:\d{2}|^\(\d{1,2}\s*[ap]\.?m\.?|" + _PLACE_STAMP + "|"
           r".{30}\([A-Z][A-Za-z.]*\)\s*[—–-]|"
           r"\b[Bb]y (?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*){0,3},? (?:Wire )?(?:Staff|Correspondents?|Writers?|Reporters?)\b")
"""Page text run into a sentence: a leading clock stamp ("(9:49 a.m. Monday ET) ..."), a dateline
after a headline ("... Headline text (CNN) — "), a byline ("By the CNN Wire Staff"). A headline and
highlights cut at the dateline below them (see `extract.sentences`) count as run-on text too."""
_STAMP = r"\([^()]*\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?[^()]*\)?|" + _PLACE_STAMP
"""A live blog's posting stamp: a clock time in brackets ("(11 p.m. Monday ET, 5 a.m. Tuesday in
Libya)") or a place label and clock times before a colon ("YEMEN, 11 a.m. ET, 7 p.m. local:"). The
words of a stamp are not what a summary says: a sentence needs `MIN_WORDS` words besides them."""
RUN_ON_FACTOR = 0.5
"""A run-on sentence's summary quality is multiplied by this."""
RELEVANCE_FLOOR = 0.5
"""Topical relevance (TF-IDF cosine to the centroid of every candidate sentence of the corpus, scaled
by its 90th percentile) scales a summary's quality between this floor and 1: a sentence about the
corpus's subject beats an aside about another story published the same day (MEAD's centroid, at
corpus level)."""


def furniture_sentences(sentences: pd.DataFrame, timexes: pd.DataFrame) -> pd.DataFrame:
    """`doc_id`, `sentence_id` of the sentences that are page furniture (`_FURNITURE`): their
    dates are posting stamps of comments and embeds, not days the text reports on; and of the
    reader comments (`_COMMENT_STAMP`): every sentence of an article from its first comment
    stamp on. Only the sentences that could matter are read: those with a date and the leads."""
    keys = sentences[["doc_id", "sentence_id"]].astype({"doc_id": str, "sentence_id": "int64"})
    dated = timexes.loc[timexes["type"].isin(["DATE", "TIME"]), ["doc_id", "sentence_id"]]
    dated = pd.MultiIndex.from_arrays([dated["doc_id"].astype(str), dated["sentence_id"].astype("int64")])
    relevant = pd.MultiIndex.from_frame(keys).isin(dated) | (keys["sentence_id"] < LEAD_SENTENCES).to_numpy()
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = pa.array(sentences.loc[relevant, "text"].astype(str).tolist(), type=pa.large_string())
    hit = pc.match_substring_regex(texts, _FURNITURE).to_numpy(zero_copy_only=False)
    stamp = pc.match_substring_regex(texts, _COMMENT_STAMP).to_numpy(zero_copy_only=False)
    keys = keys[relevant]
    furniture = keys[hit]
    comments_from = keys[stamp].groupby("doc_id")["sentence_id"].min()
    paged = keys[keys["doc_id"].isin(comments_from.index).to_numpy()]  # the few pages with comments
    comments = paged[paged["sentence_id"].to_numpy() >= comments_from.reindex(paged["doc_id"]).to_numpy()]
    return (pd.concat([furniture, comments]).drop_duplicates().sort_values(["doc_id", "sentence_id"])
            .reset_index(drop=True))


def _published(articles: pd.DataFrame) -> pd.Series:
    """Publication day (datetime64) by doc_id, for usable articles with a date."""
    usable = articles[articles["status"].isin(TAGGED_STATUSES)] if "status" in articles else articles
    days = pd.to_datetime(usable["published"], errors="coerce").dt.normalize()
    series = pd.Series(days.to_numpy(), index=usable["doc_id"].astype(str).to_numpy(), name="published")
    return series[~series.index.duplicated()].dropna().sort_index()


def _without(frame: pd.DataFrame, exclude: pd.DataFrame) -> pd.DataFrame:
    """Rows of `frame` whose (`doc_id`, `sentence_id`) is not in `exclude`."""
    keys = pd.MultiIndex.from_frame(exclude[["doc_id", "sentence_id"]].astype({"doc_id": str, "sentence_id": "int64"}))
    mine = pd.MultiIndex.from_arrays([frame["doc_id"].astype(str), frame["sentence_id"].astype("int64")])
    return frame[~mine.isin(keys)]


def day_references(timexes: pd.DataFrame, articles: pd.DataFrame, *,
                   exclude: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sentence and day it names (day-precision DATE/TIME values), with the lag in
    days from that day to the article's publication (null without a publication date); the
    sentences of `exclude` (`doc_id`, `sentence_id`: page furniture) are left out."""
    dated = timexes[timexes["type"].isin(["DATE", "TIME"])]
    values = dated["value"].astype(str)
    is_day = (values.str.len() == 10) | (values.str.slice(10, 11) == "T")  # YYYY-MM-DD, or with a time
    days = pd.to_datetime(values.str.slice(0, 10).where(is_day), format="%Y-%m-%d", errors="coerce")
    refs = pd.DataFrame({"doc_id": dated["doc_id"].astype(str).to_numpy(),
                         "sentence_id": dated["sentence_id"].astype("int64").to_numpy(),
                         "day": days.to_numpy(dtype="datetime64[ns]")}).dropna(subset=["day"])
    if exclude is not None and not exclude.empty:
        refs = _without(refs, exclude)
    refs = refs.drop_duplicates().sort_values(["day", "doc_id", "sentence_id"]).reset_index(drop=True)
    if refs.empty:
        return refs.assign(lag_days=pd.array([], dtype="Int64"))
    published = _published(articles).astype("datetime64[ns]").reindex(refs["doc_id"]).to_numpy()
    refs["lag_days"] = pd.array((pd.Series(published, index=refs.index) - refs["day"]).dt.days, dtype="Int64")
    return refs


def _scaled(values: pd.Series) -> pd.Series:
    """log1p(x) / log1p(max x): 0..1 whatever the corpus size."""
    values = values.astype(float).clip(lower=0)
    top = values.max()
    return np.log1p(values) / np.log1p(top) if top and top > 0 else values * 0.0


def automatic_n_dates(*, span_days: int, n_articles: int) -> int:
    """How many key dates a corpus gets: one per `DAYS_PER_DATE` days of its span, at most
    `MAX_DATES_PER_SQRT_ARTICLE * sqrt(n_articles)`, at least one."""
    by_span = span_days / DAYS_PER_DATE
    by_size = MAX_DATES_PER_SQRT_ARTICLE * math.sqrt(max(n_articles, 0))
    return max(1, round(min(by_span, by_size)))


def day_evidence(timexes: pd.DataFrame, articles: pd.DataFrame, *, exclude: pd.DataFrame | None = None,
                 incidents: pd.DataFrame | None = None, refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every candidate day with its evidence counts (indexed by day, sorted); the sentences of
    `exclude` name no day (`refs`: `day_references` already computed with that `exclude`)."""
    refs = day_references(timexes, articles, exclude=exclude) if refs is None else refs
    published = _published(articles)
    known = pd.concat([published, refs["day"]], ignore_index=True)
    if known.empty:
        return pd.DataFrame(columns=[c for c in KEY_DATE_COLUMNS if c.startswith(("n_", "burst", "max_"))]
                            + ["incident_ids"], index=pd.DatetimeIndex([], name="day"))
    anchor = published if not published.empty else refs["day"]
    first = anchor.min() - pd.Timedelta(days=MARGIN_DAYS)
    last = anchor.max() + pd.Timedelta(days=MARGIN_DAYS)
    refs = refs[(refs["day"] >= first) & (refs["day"] <= last)]
    days = pd.DatetimeIndex(sorted(set(refs["day"]) | set(published)), name="day")

    # an article and its near-duplicate copies (one wire report run by several outlets) are one
    # story: evidence counts stories, so copies of one report do not make its day important
    story = pd.Series(story_ids(articles), dtype=object)
    refs = refs.assign(story=refs["doc_id"].map(story).astype(object).fillna(refs["doc_id"]))
    by_day = refs.groupby("day")
    frame = pd.DataFrame(index=days)
    frame["n_articles"] = by_day["story"].nunique()
    frame["n_sentences"] = refs.drop_duplicates(["day", "story", "sentence_id"]).groupby("day").size()
    later = refs[refs["lag_days"].fillna(0) >= 1]
    frame["n_later_articles"] = later.groupby("day")["story"].nunique()
    frame["max_lag_days"] = refs.groupby("day")["lag_days"].max()
    published_story = story.reindex(published.index).fillna(pd.Series(published.index, index=published.index))
    story_published = published.groupby(published_story.to_numpy()).min()  # a story once, when first out
    frame["n_published"] = story_published.value_counts()
    frame[["n_articles", "n_sentences", "n_later_articles", "n_published"]] = (
        frame[["n_articles", "n_sentences", "n_later_articles", "n_published"]].fillna(0).astype("int64"))
    frame["burst"] = _burst(story_published, days)
    ids = _incidents_by_day(incidents)
    frame["incident_ids"] = [list(ids.get(day, [])) for day in days]
    frame["n_incidents"] = frame["incident_ids"].map(len).astype("int64")
    return frame


def _burst(published: pd.Series, days: pd.DatetimeIndex) -> pd.Series:
    """Coverage of a day and the next (the day's own reports and the next morning's) over twice
    the mean daily volume of the surrounding `BURST_WINDOW_DAYS`; 0 where nothing was published."""
    if published.empty:
        return pd.Series(0.0, index=days)
    full = pd.date_range(min(days.min(), published.min()), max(days.max(), published.max()) + pd.Timedelta(days=1))
    daily = published.value_counts().reindex(full, fill_value=0).astype(float)
    two_days = daily + daily.shift(-1, fill_value=0.0)
    background = daily.rolling(BURST_WINDOW_DAYS, center=True, min_periods=1).mean()
    return (two_days / (2 * background + 1.0)).reindex(days).fillna(0.0)


def _incidents_by_day(incidents: pd.DataFrame | None) -> dict[pd.Timestamp, list[str]]:
    """Ids of the incidents dated to one day, by day."""
    if incidents is None or incidents.empty:
        return {}
    daily = incidents[incidents["date_precision"] == "day"]
    day = pd.to_datetime(daily["date_start"], errors="coerce")
    grouped = pd.DataFrame({"day": day, "incident_id": daily["incident_id"].astype(str)}).dropna()
    return {d: sorted(g) for d, g in grouped.groupby("day")["incident_id"]}


def score_days(evidence: pd.DataFrame, *, weights: Mapping[str, float] = WEIGHTS) -> pd.Series:
    """A day's score: the weighted sum of its scaled evidence."""
    score = pd.Series(0.0, index=evidence.index)
    for feature, weight in weights.items():
        score += weight * _scaled(evidence[feature])
    return score


def _candidates(days: pd.DatetimeIndex, timexes: pd.DataFrame, sentences: pd.DataFrame,
                articles: pd.DataFrame, furniture: pd.DataFrame, refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences that can summarise each day: those naming it (`priority` 0 when it is the only
    day they name, else 1) and undated lead sentences of articles published that day (2)."""
    refs = day_references(timexes, articles, exclude=furniture) if refs is None else refs
    refs = refs[refs["day"].isin(days)]
    n_days = refs.groupby(["doc_id", "sentence_id"])["day"].transform("size")
    named = refs.assign(priority=np.where(n_days == 1, 0, 1), lag=refs["lag_days"].abs().fillna(0))
    named = named[["day", "doc_id", "sentence_id", "priority", "lag"]]

    published = _published(articles)
    published = published[published.isin(days)]
    dated = timexes.loc[timexes["type"].isin(["DATE", "TIME"]), ["doc_id", "sentence_id"]].astype(
        {"doc_id": str, "sentence_id": "int64"})
    lead = sentences[sentences["sentence_id"] < LEAD_SENTENCES][["doc_id", "sentence_id"]].astype(
        {"doc_id": str, "sentence_id": "int64"})
    lead = _without(_without(lead[lead["doc_id"].isin(published.index)], dated), furniture)
    lead = lead.assign(day=published.astype("datetime64[ns]").reindex(lead["doc_id"]).to_numpy(), priority=2, lag=0)

    pool = pd.concat([named, lead[["day", "doc_id", "sentence_id", "priority", "lag"]]], ignore_index=True)
    pool = pool.sort_values(["day", "priority", "lag", "doc_id", "sentence_id"], kind="stable")
    pool = pool.drop_duplicates(["day", "doc_id", "sentence_id"])
    pool = pool.groupby("day", sort=False).head(MAX_CANDIDATES)
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pd.MultiIndex.from_arrays([sentences["doc_id"].astype(str), sentences["sentence_id"].astype("int64")])
    position = keys.get_indexer(pd.MultiIndex.from_frame(pool[["doc_id", "sentence_id"]]))
    pool = pool[position >= 0]
    position = position[position >= 0]
    texts = pc.utf8_trim_whitespace(pa.array(sentences["text"].iloc[position].astype(str).tolist(),
                                                  type=pa.large_string()))
    content = pc.replace_substring_regex(texts, _STAMP, " ")
    n_words = pc.list_value_length(pc.utf8_split_whitespace(content)).to_numpy(zero_copy_only=False)
    readable = (n_words >= MIN_WORDS) & pc.match_substring_regex(texts, "[a-z]").to_numpy(zero_copy_only=False)
    following = keys.get_indexer(pd.MultiIndex.from_arrays([pool["doc_id"].astype(str),
                                                            pool["sentence_id"].astype("int64") + 1]))
    all_texts = sentences["text"].to_numpy(dtype=object)
    headline = np.array([i >= 0 and dateline_at(str(all_texts[i]), 0) is not None for i in following], dtype=bool)
    pool = pool[readable].assign(text=np.asarray(texts.to_pylist(), dtype=object)[readable], n_words=n_words[readable],
                                 headline=headline[readable])
    return pool.sort_values(["day", "priority", "lag", "doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


def _quality(pool: pd.DataFrame, vectors) -> np.ndarray:
    """Centrality (cosine to the centroid of the sentences naming the day, or of all candidates
    when none does) times a length factor, a preference for sentences that name the day alone and
    the sentence's relevance to the corpus as a whole (`RELEVANCE_FLOOR`)."""
    from scipy import sparse

    codes, uniques = pd.factorize(pool["day"], sort=True)
    named = (pool["priority"] < 2).to_numpy()
    day_has_named = pd.Series(named).groupby(codes).transform("any").to_numpy()
    weight = np.where(named | ~day_has_named, 1.0, 0.0)  # the centroid: sentences naming the day, if any
    membership = sparse.csr_matrix((weight, (codes, np.arange(len(codes)))), shape=(len(uniques), len(codes)))
    centroids = membership @ vectors
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    centroids = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ centroids
    centrality = np.asarray(vectors.multiply(centroids[codes]).sum(axis=1)).ravel()
    words = pool["n_words"].to_numpy(dtype=float)
    length = np.minimum(1.0, words / GOOD_WORDS) * np.minimum(1.0, MAX_WORDS / words)
    preference = np.choose(pool["priority"].to_numpy(), [1.0, 0.8, 0.7])
    talk = np.where(conversational(pool["text"]), CONVERSATIONAL_FACTOR, 1.0)
    run_on = np.where(_matches(pool["text"], _RUN_ON) | pool["headline"].to_numpy(dtype=bool), RUN_ON_FACTOR, 1.0)
    corpus = np.asarray(vectors.sum(axis=0)).ravel()
    corpus = corpus / (np.linalg.norm(corpus) or 1.0)
    relevance = np.asarray(vectors @ corpus).ravel()
    top = np.quantile(relevance, 0.9) if len(relevance) else 1.0
    topical = RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * np.minimum(1.0, relevance / (top or 1.0))
    return centrality * length * preference * talk * run_on * topical


def _matches(texts: pd.Series, pattern: str) -> np.ndarray:
    """Whether each text matches `pattern` (RE2, vectorised)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(texts) == 0:
        return np.zeros(0, dtype=bool)
    array = pa.array(texts.astype(str).tolist(), type=pa.large_string())
    return pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False)


def conversational(texts: pd.Series) -> np.ndarray:
    """Whether each sentence talks to or as the reader (`_CONVERSATIONAL` outside quotations):
    comments and opinion, not the report a summary should quote."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(texts) == 0:
        return np.zeros(0, dtype=bool)
    unquoted = pc.replace_substring_regex(pa.array(texts.astype(str).tolist(), type=pa.large_string()), _QUOTED, " ")
    return pc.match_substring_regex(unquoted, _CONVERSATIONAL).to_numpy(zero_copy_only=False)


def summarise_days(ranked_days: pd.DatetimeIndex, timexes: pd.DataFrame, sentences: pd.DataFrame,
                   articles: pd.DataFrame, *, furniture: pd.DataFrame | None = None,
                   refs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One summary sentence per day (`doc_id`, `sentence_id`, `summary`), days taken in rank
    order so a day never repeats the summary of a more important one."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    empty = pd.DataFrame({"summary": pd.Series(dtype=object), "doc_id": pd.Series(dtype=object),
                          "sentence_id": pd.Series(dtype="Int64")}, index=pd.DatetimeIndex([], name="day"))
    if furniture is None:
        furniture = furniture_sentences(sentences, timexes)
    pool = _candidates(ranked_days, timexes, sentences, articles, furniture, refs)
    if pool.empty:
        return empty
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(pool["text"])
    except ValueError:  # nothing but stop words
        return empty
    pool["quality"] = _quality(pool, vectors)
    rows_of = pool.groupby("day").indices
    earlier = vectors[:0]  # summaries chosen so far, stacked in blocks (re-stacking per day is quadratic)
    recent: list[int] = []
    chosen_texts: set[str] = set()
    picked = {}
    quality, all_texts = pool["quality"].to_numpy(), pool["text"].to_numpy(dtype=object)
    for day in ranked_days:
        rows = rows_of.get(day)
        if rows is None:
            continue
        rows = rows[np.argsort(-quality[rows], kind="stable")]
        texts = all_texts[rows]
        fresh = np.array([t not in chosen_texts for t in texts], dtype=bool)
        if not fresh.any():
            continue
        rows, texts = rows[fresh], texts[fresh]
        if len(recent) >= 64:
            earlier, recent = sparse.vstack([earlier, vectors[recent]], format="csr"), []
        similarity = np.zeros(len(rows))
        for block in (earlier, vectors[recent]):
            if block.shape[0]:
                similarity = np.maximum(similarity, (vectors[rows] @ block.T).max(axis=1).toarray().ravel())
        novel = np.flatnonzero(similarity < REPEAT_SIMILARITY)
        if len(novel):
            best = novel[0]
        else:  # every candidate echoes an earlier summary: the least echoing, then the best
            best = int(np.argmax(quality[rows] - similarity))
        row = int(rows[best])
        recent.append(row)
        chosen_texts.add(texts[best])
        picked[day] = (texts[best], pool.at[row, "doc_id"], int(pool.at[row, "sentence_id"]))
    if not picked:
        return empty
    frame = pd.DataFrame.from_dict(picked, orient="index", columns=["summary", "doc_id", "sentence_id"])
    frame.index = pd.DatetimeIndex(frame.index, name="day")
    return frame.astype({"sentence_id": "Int64"})


def key_dates(timexes: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
              incidents: pd.DataFrame | None = None, n_dates: int | None = None,
              weights: Mapping[str, float] = WEIGHTS) -> pd.DataFrame:
    """The `key_dates` table: every candidate day ranked by its evidence, the top `n_dates`
    (automatic when None) `selected`, each with a summary sentence."""
    furniture = furniture_sentences(sentences, timexes)
    refs = day_references(timexes, articles, exclude=furniture)
    evidence = day_evidence(timexes, articles, incidents=incidents, refs=refs)
    if evidence.empty:
        return _empty()
    evidence["score"] = score_days(evidence, weights=weights)
    evidence = evidence.reset_index().sort_values(
        ["score", "n_articles", "n_sentences", "day"], ascending=[False, False, False, True], kind="stable")
    evidence["rank"] = np.arange(1, len(evidence) + 1)
    if n_dates is None:
        published = _published(articles)
        span = published if not published.empty else evidence["day"]
        n_dates = automatic_n_dates(span_days=(span.max() - span.min()).days + 1,
                                    n_articles=max(len(published), int(evidence["n_articles"].max())))
    evidence["selected"] = evidence["rank"] <= n_dates
    ranked = pd.DatetimeIndex(evidence["day"])
    summaries = summarise_days(ranked, timexes, sentences, articles, furniture=furniture, refs=refs)
    evidence = evidence.join(summaries, on="day")
    evidence["date"] = evidence["day"].dt.date
    evidence["score"] = evidence["score"].round(6)
    evidence["burst"] = evidence["burst"].astype(float).round(6)
    evidence["sentence_id"] = evidence["sentence_id"].astype("Int64")
    evidence["max_lag_days"] = evidence["max_lag_days"].astype("Int64")
    return evidence[KEY_DATE_COLUMNS].reset_index(drop=True)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in KEY_DATE_COLUMNS})
    return frame.astype({"rank": "int64", "selected": bool, "score": float, "sentence_id": "Int64",
                         "n_articles": "int64", "n_sentences": "int64", "n_later_articles": "int64",
                         "n_published": "int64", "burst": float, "n_incidents": "int64", "max_lag_days": "Int64"})


def key_dates_table(tables: Mapping[str, pd.DataFrame], *, n_dates: int | None = None) -> pd.DataFrame:
    """`key_dates` from a store's tables (`timexes`, `sentences`, `articles`, `incidents` if any)."""
    return key_dates(tables["timexes"], tables["sentences"], tables["articles"],
                     incidents=tables.get("incidents"), n_dates=n_dates)


def mention_count_ranking(timexes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The baseline ranking: every day a day-precision expression names, by the number of
    articles naming it (ties: more sentences, then earlier)."""
    refs = day_references(timexes, articles)
    counts = refs.groupby("day").agg(n_articles=("doc_id", "nunique"), n_sentences=("doc_id", "size"))
    counts = counts.reset_index().sort_values(["n_articles", "n_sentences", "day"],
                                              ascending=[False, False, True], kind="stable")
    return counts.assign(date=counts["day"].dt.date, rank=np.arange(1, len(counts) + 1))[
        ["date", "rank", "n_articles", "n_sentences"]].reset_index(drop=True)


def first_sentence_summaries(days: list, sentences: pd.DataFrame, articles: pd.DataFrame) -> dict:
    """The baseline summaries: for each day, the first sentence of the earliest article (by
    doc_id among those of the day) published that day, else of the first published after it."""
    published = _published(articles)
    if published.empty:
        return {}
    order = pd.DataFrame({"doc_id": published.index, "published": published.to_numpy()}).sort_values(
        ["published", "doc_id"], kind="stable")
    first = sentences.assign(doc_id=sentences["doc_id"].astype(str)).sort_values(["doc_id", "sentence_id"])
    first = first.drop_duplicates("doc_id").set_index("doc_id")["text"]
    stamps = order["published"].to_numpy()
    result = {}
    for day in days:
        position = np.searchsorted(stamps, np.datetime64(pd.Timestamp(day)), side="left")
        for doc_id in order["doc_id"].to_numpy()[position:]:
            if doc_id in first.index:
                result[day] = str(first[doc_id])
                break
    return result


def top_key_dates(table: pd.DataFrame, *, n: int | None = None, date_from: str | dt.date | None = None,
                  date_to: str | dt.date | None = None) -> pd.DataFrame:
    """The key dates to show, in date order: the `selected` ones (or the `n` best ranked) within
    the date range. Reads the stored table only (no NLP library)."""
    frame = table.sort_values("rank", kind="stable")
    frame = frame.head(n) if n else frame[frame["selected"].astype(bool)]
    days = pd.to_datetime(frame["date"])
    if date_from:
        frame = frame[(days >= pd.Timestamp(date_from)).to_numpy()]
        days = pd.to_datetime(frame["date"])
    if date_to:
        frame = frame[(days <= pd.Timestamp(date_to)).to_numpy()]
    return frame.sort_values("date", kind="stable").reset_index(drop=True)

"""Topic clustering of the tagged corpus: text units, TF-IDF features and an NMF topic model.

Units are paragraphs when the corpus is small (fewer than `PARAGRAPH_MAX_ARTICLES` usable
articles, so five articles still give dozens of units), whole articles otherwise. Features come
from the stored parse (no second spaCy run): lemmas without stop words, numbers, punctuation or
dates, and every gazetteer actor mention as one token, its actor id. `fit_topics` works on any
collection of token lists, so a benchmark can feed it synthetic tokens; it is sparse throughout
and, above `SAMPLE_UNITS` units, streams over the corpus in batches so memory stays flat.
"""

from __future__ import annotations

import logging
import math
import warnings
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np
import pandas as pd
import spacy
from scipy import sparse
from sklearn.decomposition import NMF, MiniBatchNMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from spacy.tokens import Doc

from ..exceptions import LibyaAnalysisError
from ..io.store import TaggedCorpus, read_docs
from ..schema import MEDIA, ROLE_LABEL, UNLISTED

log = logging.getLogger(__name__)

PARAGRAPH, ARTICLE, AUTO = "paragraph", "article", "auto"
PARAGRAPH_MAX_ARTICLES = 100  # fewer usable articles than this: paragraphs are the units
MIN_UNIT_TOKENS = 15  # a paragraph with fewer features (headline, dateline, one-liner) joins the next
K_RANGE = (2, 10)  # candidate numbers of topics when `n_topics` is not given
MIN_UNITS_PER_TOPIC = 4  # candidates stop at n_units // 4: no topic of one or two paragraphs
COHERENCE_TERMS = 10  # top terms of a topic whose co-occurrence scores it
LABEL_TERMS = 3
EXAMPLES = 5  # representative units kept per topic
SAMPLE_UNITS = 2000  # above this many units the model is fitted in batches (MiniBatchNMF)
BATCH_SIZE = 1024
EPOCHS = 2  # passes of MiniBatchNMF over a large corpus
MAX_FEATURES = 20000
NO_TOPIC = -1
SKIP_ENTITY_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})
# Reporting verbs say that something was said, not what it was about.
EXTRA_STOP_LEMMAS = frozenset({"say", "tell", "add", "accord", "report", "state"})

TABLE_NAMES = ("topics", "topic_terms", "topic_info", "topic_selection")
UNIT_COLUMNS = ["unit_id", "doc_id", "start_char", "end_char", "text"]
TOPIC_COLUMNS = ["unit_id", "doc_id", "start_char", "end_char", "topic_id", "weight", "n_tokens",
                 "weights", "x", "y"]
TERM_COLUMNS = ["topic_id", "term", "weight", "rank", "actor_name"]
INFO_COLUMNS = ["topic_id", "label", "size", "share", "articles", "terms", "representative"]
SELECTION_COLUMNS = ["k", "coherence", "reconstruction_error", "chosen", "criterion", "unit", "n_units",
                     "vocabulary", "min_df", "max_df", "model"]


class TopicError(LibyaAnalysisError):
    """Too little text to cluster (no units, or no vocabulary left after filtering)."""


# ---------------------------------------------------------------- units and tokens

def choose_unit(n_articles: int, unit: str = AUTO) -> str:
    """Paragraphs for a small corpus (fewer than `PARAGRAPH_MAX_ARTICLES` articles), else articles."""
    if unit not in (AUTO, PARAGRAPH, ARTICLE):
        raise ValueError(f"unit must be {AUTO!r}, {PARAGRAPH!r} or {ARTICLE!r}, not {unit!r}")
    if unit != AUTO:
        return unit
    return PARAGRAPH if n_articles < PARAGRAPH_MAX_ARTICLES else ARTICLE


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-blank lines of `text`, without surrounding whitespace.

    The corpus loader keeps one paragraph a line (blank-line runs removed), so a line is a
    paragraph.
    """
    spans, position = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped)
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def doc_tokens(doc: Doc, mentions: Sequence[tuple[int, int, str]] = ()) -> list[tuple[int, str]]:
    """(character offset, feature) of the Doc's content tokens.

    A feature is the lemma of an alphabetic token that is no stop word, number, date or reporting
    verb, in lower case unless a proper noun ("attack", "Tripoli"). The tokens of an actor
    mention become one feature, the actor id; `mentions` are (start_char, end_char, actor_id),
    sorted. Mentions of `unlisted:` names are left out: they are mostly outlets, bylines and
    names the gazetteer does not vouch for, and would group articles by outlet.
    """
    starts = [start for start, _, _ in mentions]
    features: list[tuple[int, str]] = []
    last_mention = -1
    for token in doc:
        index = bisect_right(starts, token.idx) - 1
        if index >= 0 and token.idx < mentions[index][1]:
            start, _, actor_id = mentions[index]
            if index != last_mention and not actor_id.startswith(f"{UNLISTED}:"):
                features.append((start, actor_id))
            last_mention = index
            continue
        if (not token.is_alpha or token.is_stop or token.like_num or len(token.text) < 2
                or token.ent_type_ in SKIP_ENTITY_TYPES):
            continue
        lemma = token.lemma_ or token.text
        if token.pos_ != "PROPN":
            lemma = lemma.lower()
        if lemma.lower() not in EXTRA_STOP_LEMMAS and lemma.isalpha():
            features.append((token.idx, lemma))
    return features


def _mention_index(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int, str]]]:
    index: dict[str, list[tuple[int, int, str]]] = {}
    if mentions is None or mentions.empty:
        return index
    ordered = mentions.sort_values(["doc_id", "start_char"])
    if "label" in ordered.columns:  # a role word alone ("the rebels") stays a word; "ISIS militants" is ISIS
        ordered = ordered[(ordered["label"] != ROLE_LABEL) | ordered["resolved_by"].isin(("owner", "ally"))]
    for doc_id, start, end, actor_id, type_ in ordered[
            ["doc_id", "start_char", "end_char", "actor_id", "actor_type"]].itertuples(index=False):
        # an outlet is a source, not a feature: its tokens are skipped like an unlisted name's
        actor_id = f"{UNLISTED}:{actor_id}" if type_ == MEDIA else actor_id
        index.setdefault(doc_id, []).append((int(start), int(end), actor_id))
    return index


def units_from_docs(docs: Iterable[Doc], mentions: pd.DataFrame, *,
                    unit: str = PARAGRAPH) -> tuple[pd.DataFrame, list[list[str]]]:
    """Text units (paragraphs or articles) of the Docs and the feature tokens of each.

    A paragraph with fewer than `MIN_UNIT_TOKENS` features (a headline, a dateline) is joined to
    the next one, the last to the one before, so each unit has something to say. Offsets index
    into the Doc text, which is `articles.text`.
    """
    if unit not in (PARAGRAPH, ARTICLE):
        raise ValueError(f"unit must be {PARAGRAPH!r} or {ARTICLE!r}, not {unit!r}")
    by_doc = _mention_index(mentions)
    rows: list[tuple[str, str, int, int, str]] = []
    token_lists: list[list[str]] = []
    for doc in docs:
        doc_id = doc.user_data["doc_id"]
        text = doc.text
        features = doc_tokens(doc, by_doc.get(doc_id, ()))
        spans = paragraph_spans(text) if unit == PARAGRAPH else _whole(text)
        grouped: list[tuple[int, int, list[str]]] = []
        pending: tuple[int, list[str]] | None = None
        offsets = [offset for offset, _ in features]
        for start, end in spans:
            tokens = [f for _, f in features[bisect_right(offsets, start - 1):bisect_right(offsets, end - 1)]]
            if pending is not None:
                start, tokens = pending[0], pending[1] + tokens
            if len(tokens) < MIN_UNIT_TOKENS and unit == PARAGRAPH:
                pending = (start, tokens)
                continue
            pending = None
            grouped.append((start, end, tokens))
        if pending is not None:
            if grouped:
                first, _, tokens = grouped[-1]
                grouped[-1] = (first, spans[-1][1], tokens + pending[1])
            else:
                grouped.append((pending[0], spans[-1][1], pending[1]))
        for number, (start, end, tokens) in enumerate(grouped):
            rows.append((f"{doc_id}:{number}", doc_id, start, end, text[start:end]))
            token_lists.append(tokens)
    return pd.DataFrame(rows, columns=UNIT_COLUMNS), token_lists


def _whole(text: str) -> list[tuple[int, int]]:
    stripped = text.strip()
    if not stripped:
        return []
    start = text.index(stripped)
    return [(start, start + len(stripped))]


# ---------------------------------------------------------------- the model

def _identity(tokens: Sequence[str]) -> Sequence[str]:
    return tokens


def tfidf_settings(n_units: int) -> dict[str, Any]:
    """TF-IDF settings for `n_units` units: the usual `min_df=2, max_df=0.95` only where they fit.

    Below 100 units a term used once may be what a paragraph is about (min_df 1), and below 20
    units a term in every unit is still kept (max_df 1.0); a larger corpus drops hapaxes (min_df
    2, then 3 from 1,000 units). The vocabulary is capped at `MAX_FEATURES` terms, so the topic
    matrix stays small however large the corpus.
    """
    min_df = 1 if n_units < 100 else 2 if n_units < 1000 else 3
    max_df = 1.0 if n_units < 20 else 0.95
    return {"min_df": min_df, "max_df": max_df, "max_features": MAX_FEATURES, "sublinear_tf": True}


def _vectorizer(n_units: int) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=_identity, lowercase=False, dtype=np.float64, **tfidf_settings(n_units))


def _nmf(k: int, random_state: int) -> NMF:
    return NMF(n_components=k, init="nndsvda", max_iter=1000, random_state=random_state)


def top_term_indices(components: np.ndarray, n: int) -> np.ndarray:
    """Indices of each topic's `n` heaviest terms, heaviest first (ties by term index)."""
    order = np.argsort(-components, axis=1, kind="stable")
    return order[:, :n]


def coherence(X: sparse.spmatrix, top: np.ndarray) -> np.ndarray:
    """NPMI coherence of each topic's top terms, from their co-occurrence in the units of `X`.

    For each pair of top terms: log(p(a, b) / (p(a) p(b))) / -log p(a, b), where p is the share
    of units containing the term(s); -1 for a pair never seen together. A topic whose top terms
    are used together scores near 1, a topic glued from unrelated units near 0 or below.
    """
    n = X.shape[0]
    terms = np.unique(top)
    present = (sparse.csc_matrix(X)[:, terms] > 0).astype(np.float64)
    together = (present.T @ present).toarray()
    position = {term: i for i, term in enumerate(terms)}
    df = np.diag(together)
    scores = []
    for row in top:
        values = []
        for a in range(len(row)):
            for b in range(a + 1, len(row)):
                i, j = position[row[a]], position[row[b]]
                joint = together[i, j] / n
                if joint == 0:
                    values.append(-1.0)
                elif joint == 1:
                    values.append(1.0)
                else:
                    values.append(math.log(joint / ((df[i] / n) * (df[j] / n))) / -math.log(joint))
        scores.append(float(np.mean(values)) if values else 0.0)
    return np.array(scores)


def candidate_ks(n_units: int, n_terms: int, k_range: tuple[int, int] = K_RANGE) -> list[int]:
    """Numbers of topics worth trying: `k_range`, at most one per `MIN_UNITS_PER_TOPIC` units."""
    high = min(k_range[1], n_units // MIN_UNITS_PER_TOPIC, n_terms - 1)
    return list(range(k_range[0], high + 1))


@dataclass
class TopicFit:
    """A fitted topic model: terms, topics, each unit's topic weights, and how k was chosen."""

    terms: np.ndarray  # the vocabulary, in the order of the columns of `components`
    components: np.ndarray  # topics x terms (NMF's H)
    unit_weights: np.ndarray  # units x topics (NMF's W), in the order of the input
    coords: np.ndarray  # units x 2: a truncated SVD of the TF-IDF rows, for a map
    n_tokens: np.ndarray  # features per unit (before the vocabulary was cut)
    selection: pd.DataFrame  # one row per candidate k
    model: str  # "nmf" or "minibatch_nmf"

    @property
    def n_topics(self) -> int:
        return int(self.components.shape[0])

    def assignments(self) -> pd.DataFrame:
        """Per unit: the heaviest topic, its share of the unit's weight, all shares, map position.

        A unit none of whose terms is in the vocabulary has no topic (`NO_TOPIC`, weight 0).
        """
        totals = self.unit_weights.sum(axis=1)
        shares = np.divide(self.unit_weights, totals[:, None], out=np.zeros_like(self.unit_weights),
                           where=totals[:, None] > 0)
        topic = np.where(totals > 0, shares.argmax(axis=1), NO_TOPIC)
        return pd.DataFrame({
            "topic_id": topic.astype("int64"), "weight": shares.max(axis=1) if len(shares) else [],
            "n_tokens": self.n_tokens.astype("int64"), "weights": list(shares.round(6)),
            "x": self.coords[:, 0], "y": self.coords[:, 1]})

    def representative(self, n: int = EXAMPLES) -> list[list[int]]:
        """For each topic, the positions of the units assigned to it that load on it most."""
        topic = self.assignments()["topic_id"].to_numpy()
        picked = []
        for t in range(self.n_topics):
            members = np.flatnonzero(topic == t)
            order = np.argsort(-self.unit_weights[members, t], kind="stable")
            picked.append(members[order[:n]].tolist())
        return picked


def _sample(token_lists: Collection[Sequence[str]], size: int) -> list[Sequence[str]]:
    """An evenly spaced sample of `size` units (one pass; the same sample every run)."""
    wanted = set(np.linspace(0, len(token_lists) - 1, size).round().astype(int).tolist())
    return [tokens for i, tokens in enumerate(token_lists) if i in wanted]


def _batches(token_lists: Iterable[Sequence[str]], size: int) -> Iterator[list[Sequence[str]]]:
    iterator = iter(token_lists)
    while batch := list(islice(iterator, size)):
        yield batch


def _coords(svd: TruncatedSVD | None, X: sparse.spmatrix) -> np.ndarray:
    if svd is not None:
        return svd.transform(X)
    dense = X.toarray()[:, :2]  # one or two terms: the map is the TF-IDF itself
    return np.pad(dense, ((0, 0), (0, 2 - dense.shape[1])))


def fit_topics(token_lists: Collection[Sequence[str]], *, n_topics: int | None = None, random_state: int = 0,
               batch_size: int = BATCH_SIZE, k_range: tuple[int, int] = K_RANGE) -> TopicFit:
    """Fit NMF topics to pre-tokenised units (any collection, iterated several times).

    The number of topics, when not given, is the candidate k (`candidate_ks`) whose topics have
    the highest mean NPMI coherence of their top terms (ties go to the smaller k); fewer than
    2 * `MIN_UNITS_PER_TOPIC` units make one topic. Coherence judges the topics found, not the
    ones missed: clusters sharing no word at all (never the case in news, where a common
    vocabulary ties articles together) can be under-counted.

    Up to `SAMPLE_UNITS` units the model is one NMF over all of them. Above, the vocabulary, the
    choice of k, the map and the starting point are fitted on an evenly spaced sample, then
    `MiniBatchNMF` runs `EPOCHS` passes over the corpus in batches of `batch_size`: memory
    depends on the sample and the batch size, not on the corpus. A fixed `random_state` makes
    the result reproducible.
    """
    n_units = len(token_lists)
    if n_topics is not None and n_topics < 1:
        raise ValueError(f"n_topics must be at least 1, not {n_topics}")
    if n_units == 0:
        raise TopicError("no text units to cluster (no usable article)")
    streaming = n_units > SAMPLE_UNITS
    sample = _sample(token_lists, SAMPLE_UNITS) if streaming else list(token_lists)
    vectorizer = _vectorizer(len(sample))
    try:
        X = vectorizer.fit_transform(sample)
    except ValueError:
        raise TopicError(f"no vocabulary to cluster: the {n_units} text unit(s) have no word left after "
                         f"removing stop words, numbers, dates and punctuation") from None
    terms = vectorizer.get_feature_names_out()
    limit = min(X.shape)
    if n_topics is not None and n_topics > limit:
        log.warning("topics: %d topics asked for, but %d unit(s) and %d term(s) allow only %d",
                    n_topics, X.shape[0], X.shape[1], limit)
    if n_topics is not None:
        ks, criterion = [max(1, min(n_topics, limit))], "given"
    else:
        ks = candidate_ks(X.shape[0], X.shape[1], k_range)
        criterion = "coherence (mean NPMI of top terms)" if ks else "too few units to split"
        ks = ks or [1]
    # A term of one unit co-occurs only with its own unit's words: scoring it would call any
    # over-split topic perfectly coherent, so coherence looks at terms found in two units or more.
    shared = np.asarray((X > 0).sum(axis=0)).ravel() >= min(2, X.shape[0])
    rows, fitted = [], {}
    for k in ks:
        model = _nmf(k, random_state)
        with warnings.catch_warnings():
            if k == 1:  # the SVD start is already the optimum; the solver's stopping rule never fires
                warnings.simplefilter("ignore", ConvergenceWarning)
            W = model.fit_transform(X)
        fitted[k] = (model, W)
        score = coherence(X, top_term_indices(np.where(shared, model.components_, 0.0),
                                              min(COHERENCE_TERMS, X.shape[1])))
        rows.append({"k": k, "coherence": float(score.mean()),
                     "reconstruction_error": float(model.reconstruction_err_)})
    selection = pd.DataFrame(rows)
    best = int(selection.sort_values(["coherence", "k"], ascending=[False, True], kind="stable").iloc[0]["k"])
    model, W = fitted[best]
    svd = TruncatedSVD(n_components=2, random_state=random_state).fit(X) if min(X.shape) > 2 else None
    selection = selection.assign(chosen=selection["k"] == best, criterion=criterion,
                                 unit=None,  # what the token lists are, if known: set by `topic_tables`
                                 n_units=n_units, vocabulary=len(terms), min_df=vectorizer.min_df,
                                 max_df=float(vectorizer.max_df), model="minibatch_nmf" if streaming else "nmf")
    if not streaming:
        n_tokens = np.array([len(t) for t in sample])
        return _largest_first(TopicFit(terms, model.components_, W, _coords(svd, X), n_tokens, selection, "nmf"))
    return _fit_streaming(token_lists, vectorizer, model, svd, terms, selection, batch_size=batch_size,
                          random_state=random_state)


def _fit_streaming(token_lists: Collection[Sequence[str]], vectorizer: TfidfVectorizer, start: NMF,
                   svd: TruncatedSVD | None, terms: np.ndarray, selection: pd.DataFrame, *, batch_size: int,
                   random_state: int) -> TopicFit:
    """MiniBatchNMF over the whole corpus in batches, starting from the sample's NMF topics."""
    k = start.n_components_
    model = MiniBatchNMF(n_components=k, init="custom", batch_size=batch_size, random_state=random_state,
                         max_iter=1)
    first = True
    for _ in range(EPOCHS):
        for batch in _batches(token_lists, batch_size):
            X = vectorizer.transform(batch)
            if first:
                model.partial_fit(X, W=start.transform(X), H=start.components_.copy())
                first = False
            else:
                model.partial_fit(X)
    weights, coords, n_tokens = [], [], []
    for batch in _batches(token_lists, batch_size):
        X = vectorizer.transform(batch)
        weights.append(model.transform(X))
        coords.append(_coords(svd, X))
        n_tokens.append(np.array([len(t) for t in batch]))
    return _largest_first(TopicFit(terms, model.components_, np.vstack(weights), np.vstack(coords),
                                   np.concatenate(n_tokens), selection, "minibatch_nmf"))


def _largest_first(fit: TopicFit) -> TopicFit:
    """`fit` with its topics renumbered by size, largest first (ties keep the model's order)."""
    topic = fit.assignments()["topic_id"].to_numpy()
    sizes = np.bincount(topic[topic >= 0], minlength=fit.n_topics)
    order = np.argsort(-sizes, kind="stable")
    fit.components, fit.unit_weights = fit.components[order], fit.unit_weights[:, order]
    return fit


# ---------------------------------------------------------------- tables

def label_terms(fit: TopicFit, *, n: int = LABEL_TERMS, weight: float = 0.6) -> list[list[int]]:
    """For each topic, the `n` terms that best name it: frequent in it and rarer elsewhere.

    Terms are ranked by relevance (Sievert and Shirley, 2014): `weight` * log p(term | topic) +
    (1 - weight) * log(p(term | topic) / p(term)), so a term every topic shares ("ISIS" in ISIS
    coverage) does not name them all.
    """
    H = fit.components
    within = H / np.maximum(H.sum(axis=1, keepdims=True), 1e-12)
    mass = fit.unit_weights.sum(axis=0) @ H
    overall = mass / max(mass.sum(), 1e-12)
    with np.errstate(divide="ignore"):
        relevance = weight * np.log(within) + (1 - weight) * np.log(within / np.maximum(overall, 1e-12))
    relevance[within <= 0] = -np.inf
    return [[int(i) for i in np.argsort(-row, kind="stable")[:n] if np.isfinite(row[i])] for row in relevance]


def empty_tables() -> dict[str, pd.DataFrame]:
    """The topic tables with their columns and no rows (a corpus with too little text)."""
    return {
        "topics": pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(TOPIC_COLUMNS, (
            "str", "str", "int64", "int64", "int64", "float64", "int64", "object", "float64", "float64"))}),
        "topic_terms": pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(TERM_COLUMNS, (
            "int64", "str", "float64", "int64", "str"))}),
        "topic_info": pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(INFO_COLUMNS, (
            "int64", "str", "int64", "float64", "int64", "str", "object"))}),
        "topic_selection": pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(SELECTION_COLUMNS, (
            "int64", "float64", "float64", "bool", "str", "str", "int64", "int64", "float64", "float64", "str"))}),
    }


def fit_tables(fit: TopicFit, units: pd.DataFrame, *, top_terms: int = 10,
               actor_names: dict[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """The `topics`, `topic_terms`, `topic_info` and `topic_selection` tables of a fit.

    `units` are the rows `fit` was fitted on, in the same order (unit_id, doc_id, offsets);
    `actor_names` maps actor-id terms to the names shown in labels.
    """
    actor_names = actor_names or {}
    assigned = fit.assignments()
    topics = pd.concat([units[["unit_id", "doc_id", "start_char", "end_char"]].reset_index(drop=True),
                        assigned], axis=1)
    within = fit.components / np.maximum(fit.components.sum(axis=1, keepdims=True), 1e-12)
    term_rows = []
    for topic_id, row in enumerate(top_term_indices(fit.components, min(top_terms, len(fit.terms)))):
        for rank, index in enumerate(row, start=1):
            if within[topic_id, index] > 0:
                term = str(fit.terms[index])
                term_rows.append((topic_id, term, float(within[topic_id, index]), rank, actor_names.get(term)))
    terms = pd.DataFrame(term_rows, columns=TERM_COLUMNS)
    shown = [actor_names.get(str(term), str(term)) for term in fit.terms]
    sizes = topics[topics["topic_id"] >= 0].groupby("topic_id").agg(size=("unit_id", "size"),
                                                                     articles=("doc_id", "nunique"))
    examples = fit.representative()
    info = pd.DataFrame({
        "topic_id": range(fit.n_topics),
        "label": [", ".join(shown[i] for i in picked) for picked in label_terms(fit)],
        "size": [int(sizes["size"].get(t, 0)) for t in range(fit.n_topics)],
        "articles": [int(sizes["articles"].get(t, 0)) for t in range(fit.n_topics)],
        "terms": [", ".join(actor_names.get(term, term) for term in terms.loc[terms["topic_id"] == t, "term"])
                  for t in range(fit.n_topics)],
        "representative": [[topics.at[i, "unit_id"] for i in picked] for picked in examples],
    })
    info.insert(3, "share", info["size"] / max(int(info["size"].sum()), 1))
    return {"topics": topics, "topic_terms": terms, "topic_info": info[INFO_COLUMNS],
            "topic_selection": fit.selection[SELECTION_COLUMNS].reset_index(drop=True)}


def topic_tables(docs: Iterable[Doc], mentions: pd.DataFrame, *, n_articles: int | None = None,
                 n_topics: int | None = None, unit: str = AUTO, top_terms: int = 10,
                 random_state: int = 0) -> dict[str, pd.DataFrame]:
    """Topic tables of a tagged corpus (its Docs and `mentions`); never raises for too little text.

    The Docs may come in any order and are read once (give `n_articles` to stream them): units
    are put in article order before fitting, so the fit does not depend on the order. A corpus
    without units or vocabulary gives the tables with no rows and a logged warning saying why, so
    tagging such a corpus still completes.
    """
    if n_articles is None:
        docs = list(docs)
        n_articles = len(docs)
    unit = choose_unit(n_articles, unit)
    units, token_lists = units_from_docs(docs, mentions, unit=unit)
    order = units.sort_values(["doc_id", "start_char"], kind="stable").index
    units = units.loc[order].reset_index(drop=True)
    token_lists = [token_lists[i] for i in order]
    try:
        fit = fit_topics(token_lists, n_topics=n_topics, random_state=random_state)
    except TopicError as err:
        log.warning("topics: %s; the topic tables are empty", err)
        return empty_tables()
    fit.selection["unit"] = unit
    names = {}
    if mentions is not None and not mentions.empty:
        names = dict(mentions.drop_duplicates("actor_id")[["actor_id", "actor_name"]].itertuples(index=False))
    log.info("topics: %d %s units, %d terms, %d topics (%s)", len(units), unit, len(fit.terms), fit.n_topics,
             fit.selection["criterion"].iat[0])
    return fit_tables(fit, units, top_terms=top_terms, actor_names=names)


# ---------------------------------------------------------------- for the notebook

STORED_TOP_TERMS = 10  # terms per topic the tagger stores
UNDATED = "undated"


def corpus_tables(corpus: TaggedCorpus, *, n_topics: int | None = None, unit: str = AUTO,
                  top_terms: int = STORED_TOP_TERMS) -> dict[str, pd.DataFrame]:
    """The store's topic tables when they answer the parameters, else a re-fit from its DocBins.

    The tagger stores the automatic choice (k and unit) with `STORED_TOP_TERMS` terms a topic;
    asking for another k, unit or number of terms fits again from the stored parse (a blank
    English vocabulary reads it; no pipeline runs), with the same features and random state.
    """
    rows = corpus.manifest.get("rows", {})
    if all(name in rows for name in TABLE_NAMES) and n_topics is None and top_terms == STORED_TOP_TERMS:
        selection = corpus.table("topic_selection")
        stored_unit = selection["unit"].iat[0] if len(selection) else None
        if unit in (AUTO, stored_unit):
            return {name: corpus.table(name) for name in TABLE_NAMES}
    log.info("topics: fitting again from the stored Docs (n_topics=%s, unit=%s, top_terms=%d)",
             n_topics, unit, top_terms)
    docs = read_docs(corpus.path, spacy.blank("en").vocab)
    return topic_tables(docs, corpus.mentions, n_topics=n_topics, unit=unit, top_terms=top_terms)


def share_matrix(topics: pd.DataFrame) -> pd.DataFrame:
    """Topic shares per article (rows: doc_id, columns: topic_id), rows summing to 1.

    An article's share of a topic is its units' topic shares averaged with the units' numbers of
    features as weights, so a long paragraph counts more than a short one.
    """
    frame = topics[topics["topic_id"] >= 0]
    if frame.empty:
        return pd.DataFrame()
    weights = np.vstack(frame["weights"].to_numpy()) * frame["n_tokens"].to_numpy()[:, None]
    matrix = pd.DataFrame(weights, index=frame["doc_id"].to_numpy()).groupby(level=0, sort=False).sum()
    matrix = matrix.div(matrix.sum(axis=1).replace(0, 1), axis=0)
    matrix.index.name, matrix.columns.name = "doc_id", "topic_id"
    return matrix


def monthly_shares(topics: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Topic shares per publication month (rows; `undated` last), from the articles' shares.

    Each article counts once (its topic shares sum to 1), so a month's row is the mean topic
    mix of the articles published in it. Empty when no article has a date.
    """
    shares = share_matrix(topics)
    if shares.empty:
        return shares
    dates = pd.to_datetime(articles.drop_duplicates("doc_id").set_index("doc_id")["published"], errors="coerce")
    months = dates.reindex(shares.index).dt.strftime("%Y-%m").fillna(UNDATED)
    if (months == UNDATED).all():
        return pd.DataFrame()
    table = shares.groupby(months.to_numpy()).mean()
    order = sorted(m for m in table.index if m != UNDATED) + ([UNDATED] if UNDATED in table.index else [])
    table = table.reindex(order)
    table.index.name = "month"
    return table


def example_passages(topics: pd.DataFrame, info: pd.DataFrame, articles: pd.DataFrame, *, per_topic: int = 2,
                     max_chars: int = 400) -> pd.DataFrame:
    """The most representative units of each topic as text, from different articles first."""
    texts = articles.drop_duplicates("doc_id").set_index("doc_id")["text"]
    keyed = topics.set_index("unit_id")
    rows = []
    for topic in info.itertuples(index=False):
        units = keyed.loc[list(topic.representative)]
        picked = pd.concat([units.drop_duplicates("doc_id"), units])
        picked = picked[~picked.index.duplicated()].head(per_topic)
        for _, unit in picked.iterrows():
            passage = " ".join(texts[unit["doc_id"]][unit["start_char"]:unit["end_char"]].split())
            if len(passage) > max_chars:
                passage = passage[:max_chars].rsplit(" ", 1)[0] + " …"
            rows.append({"topic_id": topic.topic_id, "label": topic.label, "doc_id": unit["doc_id"],
                         "weight": round(float(unit["weight"]), 2), "passage": passage})
    return pd.DataFrame(rows, columns=["topic_id", "label", "doc_id", "weight", "passage"])


def article_labels(articles: pd.DataFrame, *, width: int = 50) -> pd.Series:
    """A short name per doc_id for figures: publication date, then the title or the first words."""
    frame = articles.drop_duplicates("doc_id").set_index("doc_id")
    dates = pd.to_datetime(frame["published"], errors="coerce").dt.strftime("%Y-%m-%d").fillna("undated")
    names = frame["title"].where(frame["title"].notna(), frame["text"].fillna("").str.strip())
    names = names.where(names.str.len() > 0, frame.index.to_series())
    names = names.map(lambda name: " ".join(name.split()) if len(name) <= width
                      else " ".join(name[:width - 1].split()) + "…")
    return dates + " " + names

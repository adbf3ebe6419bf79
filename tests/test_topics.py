"""Topic clustering: units and features, the NMF fit at every corpus size, and the tables."""

from __future__ import annotations

import logging
import random
import shutil

import numpy as np
import pandas as pd
import pytest
import spacy

from libya_analysis.corpus_level import topics
from libya_analysis.io.store import TaggedCorpus, read_docs, read_manifest
from libya_analysis.tagger import tag

THEMES = {
    "talks": "ceasefire talks election parliament envoy dialogue reconciliation constitution vote delegates "
             "agreement negotiators summit mediation roadmap council",
    "oil": "oil port refinery export barrels pipeline terminal production crude tanker revenue field "
           "blockade output company shipment",
    "migration": "migrants boat coastguard smuggling sea rescue detention shipwreck crossing traffickers camp "
                 "asylum departures smugglers vessel drowning",
    "courts": "court trial judge sentence prison verdict lawyer prosecutor appeal defendants hearing "
              "charges acquittal witness testimony tribunal",
}
# Words of every theme, as news shares a common vocabulary whatever the subject.
COMMON = ("people country city government officials week report forces area group local security national "
          "years day statement").split()
BLANK = spacy.blank("en")


def themed_tokens(n: int, themes: list[str], *, seed: int = 0, length: int = 40) -> tuple[list[list[str]], list[str]]:
    """`n` token lists, each of one theme's words and (30 %) common words: the theme is the answer."""
    rng = random.Random(seed)
    lists, truth = [], []
    for i in range(n):
        theme = themes[i % len(themes)]
        words = THEMES[theme].split()
        lists.append([rng.choice(COMMON) if rng.random() < 0.3 else rng.choice(words) for _ in range(length)])
        truth.append(theme)
    return lists, truth


def blank_doc(doc_id: str, text: str):
    doc = BLANK.make_doc(text)
    doc.user_data["doc_id"] = doc_id
    return doc


def purity(assigned: np.ndarray, truth: list[str]) -> float:
    table = pd.crosstab(np.asarray(truth), assigned)
    return float(table.max(axis=1).sum() / len(truth))


NO_MENTIONS = pd.DataFrame(columns=["doc_id", "start_char", "end_char", "actor_id", "actor_name"])


# ---------------------------------------------------------------- units and features

def test_actor_mentions_are_one_token_and_stop_words_numbers_unlisted_are_dropped():
    text = "Fayez al-Sarraj met the UN envoy and seven Reuters reporters in Tripoli."
    doc = blank_doc("a", text)
    spans = [("Fayez al-Sarraj", "fayez_al_sarraj"), ("UN", "un"), ("Reuters", "unlisted:reuters")]
    mentions = [(text.index(name), text.index(name) + len(name), actor_id) for name, actor_id in spans]
    features = [feature for _, feature in topics.doc_tokens(doc, mentions)]
    assert features == ["fayez_al_sarraj", "met", "un", "envoy", "reporters", "tripoli"]


def test_short_paragraphs_join_the_next_and_offsets_index_the_text():
    text = "Headline here\nApril 2015\n\n" + " ".join(["ceasefire talks envoy"] * 6) + "\n" + \
           " ".join(["oil port refinery"] * 6) + "\nshort tail line"
    units, token_lists = topics.units_from_docs([blank_doc("a", text)], NO_MENTIONS, unit="paragraph")
    assert len(units) == 2
    assert units["start_char"].iat[0] == 0, "headline and dateline join the first paragraph"
    assert units["end_char"].iat[1] == len(text), "the short last line joins the one before"
    for row in units.itertuples(index=False):
        assert text[row.start_char:row.end_char] == row.text
    assert "headline" in token_lists[0] and "tail" in token_lists[1]


def test_seed_units_are_paragraph_passages_of_the_articles(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    docs = list(read_docs(seeds_store, BLANK.vocab))
    units, token_lists = topics.units_from_docs(docs, corpus.mentions, unit="paragraph")
    texts = corpus.articles.set_index("doc_id")["text"]
    assert units["doc_id"].nunique() == 5 and len(units) > 20
    for row in units.itertuples(index=False):
        assert texts[row.doc_id][row.start_char:row.end_char] == row.text
    assert all(len(tokens) >= topics.MIN_UNIT_TOKENS for tokens in token_lists)
    assert "isis" in {t for tokens in token_lists for t in tokens}, "ISIS, ISIL and Daesh are one token"


# ---------------------------------------------------------------- the seeds

def test_tagged_store_has_topic_tables_with_an_automatic_k_between_3_and_8(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    assert set(topics.TABLE_NAMES) <= set(read_manifest(seeds_store)["rows"])
    selection, info, terms, units = (corpus.topic_selection, corpus.topic_info, corpus.topic_terms,
                                     corpus.topics)
    chosen = selection[selection["chosen"]]
    assert len(chosen) == 1 and 3 <= chosen["k"].iat[0] <= 8
    assert chosen["criterion"].iat[0].startswith("coherence") and chosen["unit"].iat[0] == "paragraph"
    assert len(info) == chosen["k"].iat[0] == units["topic_id"].nunique()
    assert {"unit_id", "doc_id", "start_char", "end_char", "topic_id", "weight"} <= set(units.columns)
    assert {"topic_id", "term", "weight", "rank"} <= set(terms.columns)
    assert {"topic_id", "label", "size"} <= set(info.columns)
    assert info["size"].sum() == len(units) and (info["size"] > 0).all()
    assert list(info["size"]) == sorted(info["size"], reverse=True), "largest topic first"
    assert terms.groupby("topic_id")["rank"].apply(list).map(lambda r: r == list(range(1, 11))).all()
    by_unit = units.set_index("unit_id")["topic_id"]
    for topic in info.itertuples(index=False):
        assert topic.label and all(by_unit[u] == topic.topic_id for u in topic.representative)
    labels = " ".join(info["label"]) + " " + " ".join(info["terms"])
    for word in ("attack", "strike", "conference", "army"):
        assert word in labels


def test_two_runs_and_the_stored_docbins_give_the_same_topics(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    first = topics.topic_tables(read_docs(seeds_store, BLANK.vocab), corpus.mentions)
    second = topics.topic_tables(read_docs(seeds_store, BLANK.vocab), corpus.mentions)
    for name in topics.TABLE_NAMES:
        pd.testing.assert_frame_equal(first[name], second[name])
        columns = [c for c in first[name].columns if c not in ("weights", "representative")]
        pd.testing.assert_frame_equal(first[name][columns], corpus.table(name)[columns], check_dtype=False)


def test_corpus_tables_reuse_the_store_or_fit_again_with_other_parameters(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    stored = topics.corpus_tables(corpus)
    pd.testing.assert_frame_equal(stored["topic_info"], corpus.topic_info)
    three = topics.corpus_tables(corpus, n_topics=3, top_terms=5)
    assert len(three["topic_info"]) == 3 and three["topic_terms"]["rank"].max() == 5
    assert three["topic_selection"]["criterion"].tolist() == ["given"]
    articles = topics.corpus_tables(corpus, unit="article")
    assert len(articles["topics"]) == 5 and articles["topic_selection"]["unit"].iat[0] == "article"


def test_shares_months_and_passages_on_the_seeds(seeds_store):
    corpus = TaggedCorpus(seeds_store)
    shares = topics.share_matrix(corpus.topics)
    assert shares.shape == (5, len(corpus.topic_info))
    assert np.allclose(shares.sum(axis=1), 1)
    months = topics.monthly_shares(corpus.topics, corpus.articles)
    assert list(months.index) == ["2015-04", "2016-06", "2018-08", "2018-09", "2018-11"]
    passages = topics.example_passages(corpus.topics, corpus.topic_info, corpus.articles, per_topic=2)
    texts = corpus.articles.set_index("doc_id")["text"]
    assert len(passages) == 2 * len(corpus.topic_info)
    for row in passages.itertuples(index=False):
        assert " ".join(texts[row.doc_id].split()).find(row.passage.removesuffix(" …")) >= 0


def test_months_put_undated_articles_last_and_weigh_units_by_length():
    frame = pd.DataFrame({"unit_id": ["a:0", "a:1", "b:0"], "doc_id": ["a", "a", "b"],
                          "topic_id": [0, 1, 1], "n_tokens": [30, 10, 20],
                          "weights": [[1.0, 0.0], [0.0, 1.0], [0.2, 0.8]]})
    shares = topics.share_matrix(frame)
    assert shares.loc["a"].tolist() == [0.75, 0.25]
    articles = pd.DataFrame({"doc_id": ["a", "b"], "published": [None, "2018-08-24"]})
    months = topics.monthly_shares(frame, articles)
    assert list(months.index) == ["2018-08", topics.UNDATED]
    assert topics.monthly_shares(frame, articles.assign(published=None)).empty


# ---------------------------------------------------------------- tiny corpora

def test_one_article_of_one_paragraph_is_one_topic():
    doc = blank_doc("only", "Militants attacked a checkpoint near the coastal city, killing soldiers and police.")
    tables = topics.topic_tables([doc], NO_MENTIONS)
    assert len(tables["topics"]) == 1 and len(tables["topic_info"]) == 1
    assert tables["topic_info"]["size"].iat[0] == 1
    assert tables["topic_selection"]["criterion"].iat[0] == "too few units to split"
    assert tables["topics"]["weight"].iat[0] == pytest.approx(1.0)


def test_empty_vocabulary_is_a_clear_message_and_empty_tables(caplog):
    doc = blank_doc("stop", "It is what it is, and they were there.")
    with pytest.raises(topics.TopicError, match="no vocabulary"):
        topics.fit_topics([[]])
    with caplog.at_level(logging.WARNING, logger="libya_analysis.corpus_level.topics"):
        tables = topics.topic_tables([doc], NO_MENTIONS)
    assert "no vocabulary" in caplog.text
    assert all(frame.empty for frame in tables.values())
    assert list(tables["topics"].columns) == topics.TOPIC_COLUMNS
    with pytest.raises(topics.TopicError, match="no text units"):
        topics.fit_topics([])


def test_tagging_a_corpus_without_vocabulary_still_writes_the_topic_tables(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "It is what it is.", "b.txt": "They were there, and so were we."})
    tag(corpus, tmp_path / "out")
    store = TaggedCorpus(tmp_path / "out")
    for name in topics.TABLE_NAMES:
        assert store.table(name).empty


def test_more_topics_than_the_units_allow_are_capped(caplog):
    token_lists, _ = themed_tokens(3, ["talks", "oil", "courts"])
    with caplog.at_level(logging.WARNING, logger="libya_analysis.corpus_level.topics"):
        fit = topics.fit_topics(token_lists, n_topics=8)
    assert fit.n_topics == 3 and "allow only 3" in caplog.text


# ---------------------------------------------------------------- larger corpora

def test_a_corpus_of_many_articles_is_clustered_by_article():
    token_lists, truth = themed_tokens(topics.PARAGRAPH_MAX_ARTICLES + 20, ["talks", "oil", "migration"])
    docs = [blank_doc(f"{i:04d}", "\n".join(" ".join(tokens[j:j + 10]) for j in range(0, 40, 10)))
            for i, tokens in enumerate(token_lists)]
    tables = topics.topic_tables(docs, NO_MENTIONS)
    units, selection = tables["topics"], tables["topic_selection"]
    assert selection["unit"].iat[0] == "article" and len(units) == len(docs)
    assert (units["unit_id"] == units["doc_id"] + ":0").all()
    assert selection.loc[selection["chosen"], "k"].iat[0] == 3
    assert purity(units["topic_id"].to_numpy(), truth) == 1.0


class LazyTokens:
    """Token lists generated again on every pass, as the benchmark feeds them."""

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        return iter(themed_tokens(self.n, list(THEMES), seed=1)[0])


def test_a_large_corpus_is_fitted_in_batches_and_reproducibly(monkeypatch):
    monkeypatch.setattr(topics, "SAMPLE_UNITS", 300)
    corpus = LazyTokens(1200)
    fit = topics.fit_topics(corpus, batch_size=128)
    again = topics.fit_topics(corpus, batch_size=128)
    assert fit.model == "minibatch_nmf" and fit.n_topics == 4
    assert fit.selection["n_units"].iat[0] == 1200
    truth = themed_tokens(1200, list(THEMES), seed=1)[1]
    assert purity(fit.assignments()["topic_id"].to_numpy(), truth) > 0.95
    np.testing.assert_array_equal(fit.unit_weights, again.unit_weights)
    np.testing.assert_array_equal(fit.components, again.components)


def test_the_batch_fit_agrees_with_the_whole_fit(monkeypatch):
    token_lists, truth = themed_tokens(600, ["talks", "oil", "courts"], seed=2)
    whole = topics.fit_topics(token_lists, n_topics=3)
    monkeypatch.setattr(topics, "SAMPLE_UNITS", 200)
    batched = topics.fit_topics(token_lists, n_topics=3, batch_size=100)
    assert (whole.model, batched.model) == ("nmf", "minibatch_nmf")
    table = pd.crosstab(whole.assignments()["topic_id"], batched.assignments()["topic_id"])
    assert table.max(axis=1).sum() / len(token_lists) > 0.95


@pytest.mark.slow
def test_topic_notebook_runs_on_the_seeds_with_parameters(tmp_path, seeds_store):
    from libya_analysis.reports import run_reports

    from .conftest import ROOT

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "04_topic_clusters.ipynb", notebooks)
    out = tmp_path / "reports"
    auto = run_reports(seeds_store, out, notebooks=notebooks)
    assert [r["status"] for r in auto["runs"]] == ["ok"], auto
    html = (out / "04_topic_clusters.html").read_text()
    assert html.count("<img") >= 5, "sizes, heat map, map, months and the coherence curve"
    for label in TaggedCorpus(seeds_store).topic_info["label"]:
        assert label in html
    given = run_reports(seeds_store, out, notebooks=notebooks, parameters={"n_topics": 3, "unit": "paragraph"})
    assert [r["status"] for r in given["runs"]] == ["ok"], given
    assert "<strong>3 topics</strong>" in (out / "04_topic_clusters.html").read_text()

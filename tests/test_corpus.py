"""Loading: cleaning, metadata, statuses and clear errors for bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from libya_analysis.exceptions import CorpusError
from libya_analysis.io.corpus import build_articles, clean_text, headline, load_corpus

from .conftest import SEEDS


def by_id(frame):
    return frame.set_index("doc_id")


def test_clean_text_removes_whole_boilerplate_lines_and_repeated_caption():
    raw = ("Follow us on:   \n\nHeadline here\n\nCaption of a photo [Xinhua]\n\n"
           "Caption of a photo [Xinhua]\n\n\n\nBody sentence one.\nShare this:\nLeave a Reply\n"
           "Exit mobile version")
    assert clean_text(raw) == "Headline here\n\nCaption of a photo [Xinhua]\n\nBody sentence one."


def test_clean_text_keeps_lines_unchanged_and_a_line_that_only_mentions_sharing():
    raw = "  Indented line stays.\nThey agreed to share power in Tripoli."
    assert clean_text(raw) == raw


def test_headline_is_a_short_unpunctuated_first_line():
    assert headline("\nISIL attacks US allies in Libya\nBody.") == "ISIL attacks US allies in Libya"
    assert headline("ISIS killed seven people Thursday in Tripoli.\nMore.") is None


def test_seeds_load_with_metadata_and_extra_columns():
    articles = by_id(load_corpus(SEEDS))
    assert len(articles) == 5 and set(articles["status"]) == {"ok"}
    row = articles.loc["003_035726488161ba6f"]
    assert row["title"] == "700 ISIS Militants Killed by Unity Government Since April"
    assert row["published"] == dt.date(2016, 6, 5)
    assert row["source"] == "Libyan Gazette"
    assert "published_basis" in articles.columns
    assert articles.loc["002_9aaf6b0a2917e77d", "title"] == "ISIL attacks US allies in Libya"
    assert "Exit mobile version" not in row["text"]
    assert row["text"].startswith("700 ISIS Militants Killed"), "the headline line stays in the text"


def test_ids_are_strings_and_exact_duplicates_point_to_the_first(write_corpus):
    corpus = write_corpus({"007.txt": "Same text about Sirte.", "010.txt": "Same text about Sirte.",
                           "008.txt": "Other text."})
    articles = by_id(load_corpus(corpus))
    assert list(articles.index) == ["007", "008", "010"]
    assert articles.loc["007", "status"] == "ok"
    assert articles.loc["010", "status"] == "duplicate"
    assert articles.loc["010", "duplicate_of"] == "007"


@pytest.mark.parametrize("content, status", [
    ("", "empty"),
    ("\n\n   \nShare this:\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    (b"Caf\xe9 in Tripoli", "undecodable"),
])
def test_bad_files_get_a_status_row(write_corpus, content, status):
    corpus = write_corpus({"good.txt": "ISIS attacked Sirte.", "bad.txt": content})
    articles = by_id(load_corpus(corpus))
    assert articles.loc["bad", "status"] == status
    assert "bad.txt" in articles.loc["bad", "problem"]
    assert articles.loc["good", "status"] == "ok"


def test_undecodable_problem_names_the_line(write_corpus):
    corpus = write_corpus({"bad.txt": b"First line.\nSecond \xff line."})
    problem = by_id(load_corpus(corpus)).loc["bad", "problem"]
    assert "line 2" in problem and "bad.txt" in problem


def test_directory_without_articles_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("not an article")
    with pytest.raises(CorpusError, match="no articles"):
        load_corpus(tmp_path)


def test_missing_input_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "nowhere")


def test_malformed_metadata_names_file_and_line(write_corpus):
    corpus = write_corpus({"a.txt": "Text.", "metadata.csv": 'file,title\na.txt,"One"\nb.txt,Two,extra\n'})
    with pytest.raises(CorpusError, match=r"metadata\.csv, line 3"):
        load_corpus(corpus)


def test_metadata_without_file_column_is_an_error(write_corpus):
    corpus = write_corpus({"a.txt": "Text.", "metadata.csv": "name,title\na.txt,One\n"})
    with pytest.raises(CorpusError, match="no 'file' column"):
        load_corpus(corpus)


def test_metadata_row_for_a_missing_file_is_kept(write_corpus):
    corpus = write_corpus({"a.txt": "Text.", "metadata.csv": "file,title\na.txt,One\ngone.txt,Two\n"})
    articles = by_id(load_corpus(corpus))
    assert articles.loc["gone", "status"] == "missing_file"
    assert "line 3" in articles.loc["gone", "problem"]


def test_unreadable_date_is_null_with_a_problem(write_corpus):
    corpus = write_corpus({"a.txt": "Text.", "metadata.csv": "file,published\na.txt,24/08/2018\n"})
    row = by_id(load_corpus(corpus)).loc["a"]
    assert row["status"] == "ok"
    assert row["published"] is None or str(row["published"]) in ("None", "NaT")
    assert "24/08/2018" in row["problem"]


def test_jsonl_keeps_string_ids_extra_fields_and_reports_bad_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": "007", "text": "ISIS attacked Sirte.", "published": "2016-06-05", "lang": "en"}),
             "{not json",
             json.dumps({"text": "No id here."}),
             json.dumps({"id": "007", "text": "Another text with the same id."}),
             json.dumps({"doc_id": 8, "text": "Numeric id."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = load_corpus(path)
    assert len(articles) == 5, "every record has a row"
    statuses = dict(zip(articles["record"].str.rsplit(":", n=1).str[-1], articles["status"]))
    assert statuses == {"1": "ok", "2": "malformed", "3": "missing_id", "4": "duplicate_id", "5": "ok"}
    assert set(articles["doc_id"]) >= {"007", "8"}
    assert articles.loc[0, "lang"] == "en"
    assert "line 2" in articles.loc[1, "problem"]


def test_csv_corpus_reads_records_and_flags_a_short_row(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text('id,text,source\n001,"ISIS attacked Sirte.",Reuters\n002\n', encoding="utf-8")
    articles = by_id(load_corpus(path))
    assert articles.loc["001", "source"] == "Reuters"
    assert articles.loc["line-3", "status"] == "malformed"


def test_csv_corpus_without_text_column_is_an_error(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="line 1"):
        load_corpus(path)


def test_binary_jsonl_is_an_error(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CorpusError, match="binary"):
        load_corpus(path)


def test_comment_threads_and_related_blocks_are_cut_at_load():
    from libya_analysis.io.corpus import cut_comments_and_related

    story = "Gunmen killed four guards in Sabha on Monday.\nThe army said it would respond."
    text = (story + "\nMay 28, 2011 at 11:39 am | Report abuse | We don't kill "
            "3,000 civilians.\nJohn May 28, 2011 at 7:31 pm | Reply\nMore words of a reader.")
    assert cut_comments_and_related(text) == story
    related = story + "\nRelated stories:\nLibya's oil output falls\nUN envoy visits Tripoli\nThe talks resume Monday."
    assert cut_comments_and_related(related) == story + "\nThe talks resume Monday."
    form = story + "\n(required, but will not be displayed) Be courteous.\nComments are not pre-screened."
    assert cut_comments_and_related(form) == story


def _records(texts, source="Outlet"):
    return [{"doc_id": doc_id, "text": text, "source": source, "record": doc_id} for doc_id, text in texts.items()]


STORIES = {
    "a": "Militia clashes in Tripoli\nFighting broke out near the airport on Monday.\nSix fighters were killed.\n"
         "Flights were diverted to Misrata.\nThe government called for calm.\nResidents stayed indoors.",
    "b": "Oil output falls\nLibya's oil output fell to 300,000 barrels a day.\nThe port of Ras Lanuf was shut.\n"
         "Guards demand unpaid wages.\nThe oil corporation declared force majeure.\nPrices rose in London.",
    "c": "UN envoy in Benghazi\nThe envoy met the mayor on Tuesday.\nTalks on a ceasefire will resume.\n"
         "Both sides sent delegations.\nThe meeting lasted three hours.\nA statement is expected.",
    "d": "Migrants rescued off Zuwara\nThe coast guard rescued 120 migrants.\nThe boat had left on Sunday.\n"
         "Most came from Eritrea.\nThey were taken to a centre.\nAid groups asked for access.",
}
MENU = "Home | World | Africa"
FOOTER = "Copyright 2011 Outlet. All rights reserved."


def test_lines_recurring_at_the_edges_of_distinct_stories_are_furniture():
    from libya_analysis.io.corpus import build_articles

    texts = {k: f"{MENU}\n{v}\n{FOOTER}" for k, v in STORIES.items()}
    articles = build_articles(_records(texts)).set_index("doc_id")
    for doc_id, story in STORIES.items():
        assert articles.loc[doc_id, "text"] == story
        assert articles.loc[doc_id, "lines_cut"] == 2
        assert articles.loc[doc_id, "title"] == story.split("\n")[0]


def test_updated_versions_of_one_story_are_one_story_and_the_order_does_not_matter():
    from libya_analysis.io.corpus import build_articles

    lede = "Six fighters were killed near the airport on Monday, officials said."
    versions = {f"v{n}": f"{lede}\nFighting broke out in Tripoli.\nUpdate {n}: the airport is closed."
                for n in range(4)}
    articles = build_articles(_records(versions)).set_index("doc_id")
    assert all(articles["text"].str.startswith(lede)) and set(articles["lines_cut"]) == {0}
    shuffled = build_articles(_records(dict(reversed(list(versions.items()))))).set_index("doc_id")
    assert shuffled.sort_index()["text"].tolist() == articles.sort_index()["text"].tolist()


def test_furniture_is_counted_per_source():
    from libya_analysis.io.corpus import build_articles

    records = [{"doc_id": k, "text": f"{MENU}\n{v}", "source": f"Outlet {k}", "record": k} for k, v in STORIES.items()]
    articles = build_articles(records).set_index("doc_id")
    assert all(articles["text"].str.startswith(MENU)) and set(articles["lines_cut"]) == {0}


def test_recurring_lines_that_would_take_the_whole_article_are_not_furniture():
    from libya_analysis.io.corpus import FURNITURE_MAX_SHARE, build_articles
    from libya_analysis.schema import TAGGED_STATUSES

    # one report carried by 25 articles of a source, each with a line of its own: the shared
    # lines recur at the edges of many stories, but they are the story, not the page around it
    shared = [f"Line {n} of a long report on the fighting near Sirte." for n in range(5)]
    texts = {f"x{n:02d}": "\n".join([*shared, f"Update {n}: the road is closed again."]) for n in range(25)}
    articles = build_articles(_records(texts)).set_index("doc_id")
    assert 5 / 6 > FURNITURE_MAX_SHARE
    # copies of one report: tagged (the first `ok`, the others `near_duplicate`), none cut
    assert articles["status"].isin(TAGGED_STATUSES).all() and set(articles["lines_cut"]) == {0}
    assert articles.loc["x03", "text"] == texts["x03"]
def test_not_english_and_near_duplicate_statuses():
    from .test_dedup import ORIGINAL, _wire_copy
    from .test_language import FRENCH

    frame = build_articles([
        {"doc_id": "a", "text": ORIGINAL, "published": "2019-01-02"},
        {"doc_id": "b", "text": _wire_copy(ORIGINAL), "published": "2019-01-03"},
        {"doc_id": "c", "text": FRENCH},
        {"doc_id": "d", "text": ORIGINAL},
    ]).set_index("doc_id")
    assert frame.loc["a", "status"] == "ok" and frame.loc["a", "story_id"] == "a"
    assert (frame.loc["b", "status"], frame.loc["b", "duplicate_of"], frame.loc["b", "story_id"]) == (
        "near_duplicate", "a", "a")
    assert 0.5 <= frame.loc["b", "similarity"] < 1
    assert frame.loc["c", "status"] == "not_english" and frame.loc["c", "language"] == "fr"
    assert "not English" in frame.loc["c", "problem"]
    assert (frame.loc["d", "status"], frame.loc["d", "duplicate_of"], frame.loc["d", "similarity"]) == ("duplicate", "a", 1.0)
    assert frame.loc["d", "story_id"] == "a"

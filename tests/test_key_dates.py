"""Key dates: days ranked by the evidence of the corpus, each with a summary sentence."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.corpus_level.key_dates import (
    KEY_DATE_COLUMNS,
    automatic_n_dates,
    conversational,
    first_sentence_summaries,
    key_dates_table,
    mention_count_ranking,
)
from libya_analysis.schema import SENTENCE_COLUMNS, TIMEX_COLUMNS

D = dt.date


class Corpus:
    """Hand-made store tables: articles with a publication date, sentences naming days."""

    def __init__(self):
        self.articles, self.sentences, self.timexes = [], [], []

    def article(self, doc_id: str, published: dt.date, *sentences: tuple[str, list[dt.date]]) -> Corpus:
        self.articles.append({"doc_id": doc_id, "published": published, "status": "ok", "text": ""})
        for number, (text, days) in enumerate(sentences):
            self.sentences.append({"doc_id": doc_id, "sentence_id": number, "start_char": 0,
                                   "end_char": len(text), "text": text})
            for day in days:
                self.timexes.append({"doc_id": doc_id, "sentence_id": number, "start_char": 0, "end_char": 1,
                                     "text": "Monday", "type": "DATE", "value": day.isoformat(), "mod": None,
                                     "anchor": f"publication date {published}", "future": False})
        return self

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"articles": pd.DataFrame(self.articles, columns=["doc_id", "published", "status", "text"]),
                "sentences": pd.DataFrame(self.sentences, columns=SENTENCE_COLUMNS),
                "timexes": pd.DataFrame(self.timexes, columns=TIMEX_COLUMNS)}


FILLER = "Officials in the capital said talks on a new government would continue next week."


def _war(shift: int = 0) -> Corpus:
    """Three weeks of coverage: 1 March is named by many articles, also weeks later; 5 March by
    two articles of its day; 12 March by one. `shift` moves every date by that many days."""
    def day(d: int) -> dt.date:
        return D(2014, 3, 1) + dt.timedelta(days=d - 1 + shift)

    corpus = Corpus()
    for n in range(5):
        corpus.article(f"a{n}", day(1 + n // 2),
                       (f"Militants stormed the port of Derna and killed {10 + n} soldiers on Saturday.", [day(1)]),
                       (FILLER, []))
    for n in range(3):
        corpus.article(f"later{n}", day(15 + n),
                       ("The attack on the port of Derna two weeks ago killed at least ten soldiers.", [day(1)]),
                       ("Fishermen in Zuwara protested against fuel prices on Wednesday night.", [day(15 + n - 1)]))
    corpus.article("b0", day(5), ("Rival forces shelled the airport in Benghazi on Wednesday.", [day(5)]),
                   (FILLER, []))
    corpus.article("b1", day(5), ("Shelling closed the Benghazi airport on Wednesday, witnesses said.", [day(5)]),
                   (FILLER, []))
    corpus.article("c0", day(12), ("A minister resigned on Wednesday over the budget dispute in parliament.",
                                   [day(12)]))
    return corpus


def _kd(corpus: Corpus, **options) -> pd.DataFrame:
    return key_dates_table(corpus.tables(), **options)


def test_columns_and_one_row_per_day_ranked_from_one():
    table = _kd(_war())
    assert list(table.columns) == KEY_DATE_COLUMNS
    assert table["date"].is_unique
    assert table["rank"].tolist() == list(range(1, len(table) + 1))
    assert table["score"].is_monotonic_decreasing
    assert all(isinstance(d, dt.date) for d in table["date"])


def test_ranking_follows_the_evidence():
    table = _kd(_war()).set_index("date")
    assert table.loc[D(2014, 3, 1), "rank"] == 1
    assert table.loc[D(2014, 3, 1), "n_articles"] == 8
    assert table.loc[D(2014, 3, 1), "n_later_articles"] == 6  # published on a later day than the attack
    assert table.loc[D(2014, 3, 5), "rank"] < table.loc[D(2014, 3, 12), "rank"]


def test_later_references_raise_a_day():
    corpus = Corpus()
    corpus.article("x0", D(2020, 5, 4), ("Troops entered Sirte on Monday after a week of fighting.", [D(2020, 5, 4)]))
    corpus.article("y0", D(2020, 5, 11), ("Protesters marched through Tripoli on Monday against the cuts.",
                                          [D(2020, 5, 11)]))
    corpus.article("z0", D(2020, 6, 1), ("Since troops entered Sirte on May 4, the city has been quiet.",
                                         [D(2020, 5, 4)]))
    table = _kd(corpus).set_index("date")
    assert table.loc[D(2020, 5, 4), "rank"] < table.loc[D(2020, 5, 11), "rank"]


def test_no_feature_uses_the_calendar_date():
    """Moving the whole corpus in time (other weekdays, months, year) changes no score."""
    first, moved = _kd(_war()), _kd(_war(shift=400))
    assert moved["score"].tolist() == first["score"].tolist()
    assert [(d - D(2014, 3, 1)).days for d in first["date"]] == \
           [(d - D(2014, 3, 1) - dt.timedelta(days=400)).days for d in moved["date"]]
    assert moved["summary"].tolist() == first["summary"].tolist()


def test_row_order_does_not_matter():
    tables = _war().tables()
    shuffled = {name: frame.sample(frac=1, random_state=7).reset_index(drop=True) for name, frame in tables.items()}
    pd.testing.assert_frame_equal(key_dates_table(tables), key_dates_table(shuffled))


def test_summary_is_a_sentence_about_the_day_and_central():
    table = _kd(_war()).set_index("date")
    summary = table.loc[D(2014, 3, 1), "summary"]
    assert "Derna" in summary
    row = table.loc[D(2014, 3, 1)]
    sentences = pd.DataFrame(_war().sentences).set_index(["doc_id", "sentence_id"])["text"]
    assert sentences[(row["doc_id"], row["sentence_id"])] == summary
    assert "Benghazi" in table.loc[D(2014, 3, 5), "summary"]


def test_a_summary_does_not_repeat_a_higher_ranked_day():
    corpus = Corpus()
    both = "Gunmen attacked the oil terminal at Sidra on Friday and again on Saturday, officials said."
    for n in range(4):
        corpus.article(f"f{n}", D(2016, 1, 9), (both, [D(2016, 1, 8), D(2016, 1, 9)]),
                       ("Guards at the terminal at Sidra fought back on Friday as tanks burned.", [D(2016, 1, 8)]))
    corpus.article("s0", D(2016, 1, 10), ("Fires still burned at Sidra on Saturday after the second assault.",
                                          [D(2016, 1, 9)]))
    table = _kd(corpus)
    assert table["summary"].is_unique
    first, second = table.iloc[0], table.iloc[1]
    assert {first["date"], second["date"]} == {D(2016, 1, 8), D(2016, 1, 9)}
    assert not (first["summary"] == both and second["summary"] == both)


def test_page_furniture_names_no_day_and_summarises_none():
    corpus = Corpus()
    corpus.article("n0", D(2011, 3, 19), ("Coalition aircraft struck air defences near Tripoli on Saturday.",
                                          [D(2011, 3, 19)]))
    for n in range(5):
        corpus.article(f"blog{n}", D(2011, 3, 20), ("Great post | March 21, 2011 at 1:12 pm | Reply", [D(2011, 3, 21)]),
                       (f"Reader comment number {n} posted March 21, 2011 at 4:1{n} pm", [D(2011, 3, 21)]))
    table = _kd(corpus).set_index("date")
    assert table.loc[D(2011, 3, 19), "rank"] == 1
    assert D(2011, 3, 21) not in table.index or table.loc[D(2011, 3, 21), "n_articles"] == 0


def test_a_programme_promotion_names_no_day():
    corpus = Corpus()
    corpus.article("n0", D(2011, 3, 9), ("Rebels retreated from Ras Lanuf on Wednesday.", [D(2011, 3, 9)]))
    for n in range(5):
        corpus.article(f"p{n}", D(2011, 3, 9), (f"For more on story {n}, tune in to the evening show at 10 p.m. ET "
                                                "Thursday on this network.", [D(2011, 3, 10)]))
    table = _kd(corpus).set_index("date")
    assert D(2011, 3, 10) not in table.index or table.loc[D(2011, 3, 10), "n_articles"] == 0


def test_publication_days_are_candidates_summarised_by_their_lead():
    corpus = Corpus().article("p0", D(2019, 4, 4), ("Forces loyal to the eastern commander advanced on the capital.",
                                                    []))
    table = _kd(corpus)
    assert table["date"].tolist() == [D(2019, 4, 4)]
    assert table.loc[0, "n_published"] == 1 and table.loc[0, "n_articles"] == 0
    assert table.loc[0, "summary"].startswith("Forces loyal")


def test_background_dates_outside_the_coverage_are_not_candidates():
    corpus = _war().article("bg", D(2014, 3, 3), ("Gadhafi seized power in a coup on September 1, 1969.",
                                                  [D(1969, 9, 1)]))
    assert D(1969, 9, 1) not in set(_kd(corpus)["date"])


def test_incidents_of_the_day_are_listed():
    tables = _war().tables()
    tables["incidents"] = pd.DataFrame([
        {"incident_id": "I0001", "date_start": D(2014, 3, 1), "date_end": D(2014, 3, 1), "date_precision": "day"},
        {"incident_id": "I0002", "date_start": D(2014, 3, 1), "date_end": D(2014, 3, 31), "date_precision": "month"},
    ])
    table = key_dates_table(tables).set_index("date")
    assert table.loc[D(2014, 3, 1), "incident_ids"] == ["I0001"]
    assert table.loc[D(2014, 3, 1), "n_incidents"] == 1
    assert table.loc[D(2014, 3, 5), "incident_ids"] == []


def test_number_selected_is_automatic_or_given():
    automatic = _kd(_war())
    assert automatic["selected"].sum() == automatic_n_dates(span_days=17, n_articles=11)
    given = _kd(_war(), n_dates=2)
    assert given["selected"].tolist()[:3] == [True, True, False]
    assert len(given) == len(automatic)  # the ranking goes deeper than the cut


@pytest.mark.parametrize("span, articles, expected", [(187, 396, 37), (30, 10000, 6), (3650, 100, 20), (1, 1, 1)])
def test_automatic_number_of_dates_follows_span_and_size(span, articles, expected):
    assert automatic_n_dates(span_days=span, n_articles=articles) == expected


def test_empty_corpus_gives_an_empty_table_with_the_columns():
    table = key_dates_table(Corpus().tables())
    assert table.empty and list(table.columns) == KEY_DATE_COLUMNS


def test_written_date_is_a_parquet_date(tmp_path):
    import pyarrow.parquet as pq

    _kd(_war()).to_parquet(tmp_path / "key_dates.parquet", index=False)
    schema = pq.read_schema(tmp_path / "key_dates.parquet")
    assert str(schema.field("date").type) == "date32[day]"
    assert str(schema.field("incident_ids").type).startswith("list")


def test_baselines():
    tables = _war().tables()
    ranking = mention_count_ranking(tables["timexes"], tables["articles"])
    assert ranking.loc[0, "date"] == D(2014, 3, 1) and ranking.loc[0, "n_articles"] == 8
    first = first_sentence_summaries([D(2014, 3, 5), D(2014, 3, 13)], tables["sentences"], tables["articles"])
    assert first[D(2014, 3, 5)].startswith("Rival forces shelled")
    assert first[D(2014, 3, 13)].startswith("The attack on the port")  # the next article published


def test_seed_store_has_key_dates(seeds_store):
    from libya_analysis.io.store import TaggedCorpus

    table = TaggedCorpus(seeds_store).key_dates
    assert not table.empty and table["selected"].any()
    assert table.loc[table["selected"], "summary"].notna().all()


def test_articles_without_publication_dates_still_rank_the_days_they_name():
    corpus = Corpus()
    corpus.article("u0", None, ("Fighters took the refinery at Ras Lanuf on March 4, 2011, residents said.",
                                [D(2011, 3, 4)]))
    corpus.article("u1", None, ("The refinery at Ras Lanuf fell on March 4, 2011 after heavy shelling.", [D(2011, 3, 4)]),
                   ("Talks were held in Cairo on March 9, 2011 between envoys.", [D(2011, 3, 9)]))
    table = _kd(corpus)
    assert table["date"].tolist() == [D(2011, 3, 4), D(2011, 3, 9)]
    assert table["n_published"].tolist() == [0, 0] and table["max_lag_days"].isna().all()
    assert table["summary"].notna().all()


def test_a_page_comment_section_names_no_day_and_summarises_none():
    """Everything from a page's first reader-comment stamp on is comments, stamp or not."""
    report = "Coalition aircraft struck air defences near Tripoli on Sunday, officials said."
    corpus = Corpus().article("n0", D(2011, 3, 20), (report, [D(2011, 3, 20)]))
    for n in range(4):
        corpus.article(f"page{n}", D(2011, 3, 21),
                       ("Rebels held the eastern town of Ajdabiya on Monday, witnesses said.", [D(2011, 3, 21)]),
                       (f"Sam{n} March 22, 2011 at 9:5{n} am", [D(2011, 3, 22)]),
                       ("Honestly the people of today are far less patriotic than a century ago.", [D(2011, 3, 22)]),
                       ("Back then the papers printed the news of the day, not opinions like today.", [D(2011, 3, 22)]))
    table = _kd(corpus).set_index("date")
    assert D(2011, 3, 22) not in table.index or table.loc[D(2011, 3, 22), "n_sentences"] == 0
    assert table.loc[D(2011, 3, 21), "n_sentences"] == 4
    assert "patriotic" not in " ".join(table["summary"].dropna())


def test_conversational_sentences_do_not_summarise_when_a_report_can():
    corpus = Corpus()
    for n in range(3):
        corpus.article(f"c{n}", D(2016, 8, 2),
                       ("I think we should stay out of Sirte and let them fight it out on Monday.", [D(2016, 8, 1)]),
                       ("Why are US jets bombing Sirte since Monday?", [D(2016, 8, 1)]))
    corpus.article("r0", D(2016, 8, 2),
                   ("US aircraft bombed Islamic State positions in Sirte on Monday, the Pentagon said.",
                    [D(2016, 8, 1)]))
    table = _kd(corpus).set_index("date")
    assert table.loc[D(2016, 8, 1), "summary"].startswith("US aircraft bombed")


def test_conversational_reads_pronouns_outside_quotations_only():
    texts = pd.Series(["I think we should stay out.", "“We will fight to the end,” Gadhafi said on Tuesday.",
                       "The US and Britain struck on Saturday.", "Is anyone listening?",
                       "Rebels said they had taken the town."])
    assert conversational(texts).tolist() == [True, False, False, True, False]


def test_page_text_run_into_a_sentence_summarises_only_when_nothing_else_can():
    """A headline run into its dateline, or a byline, is a worse summary than the clean report."""
    corpus = Corpus()
    for n in range(3):
        corpus.article(f"h{n}", D(2015, 2, 16),
                       ("Egypt bombs Derna By the Wire Staff Egyptian jets struck Islamic State camps in Derna on "
                        "Monday, the army said.", [D(2015, 2, 16)]),
                       ("Libya strikes Derna camps Tripoli (Agency) — Egyptian jets struck Islamic State camps "
                        "in Derna on Monday.", [D(2015, 2, 16)]))
    corpus.article("c0", D(2015, 2, 16), ("Egyptian jets struck Islamic State camps in Derna on Monday, the army "
                                          "said.", [D(2015, 2, 16)]))
    assert _kd(corpus).loc[0, "summary"].startswith("Egyptian jets struck")


def test_a_full_date_and_time_inside_a_report_is_no_comment_stamp():
    corpus = Corpus().article(
        "r0", D(2011, 3, 20),
        ("French jets opened fire on March 19, 2011 at 4:45 pm local time near Benghazi.", [D(2011, 3, 19)]),
        ("Coalition ships fired cruise missiles at air defences on Saturday night.", [D(2011, 3, 19)]))
    table = _kd(corpus).set_index("date")
    assert table.loc[D(2011, 3, 19), "n_sentences"] >= 1  # the report goes on: no comment section starts
    assert table.loc[D(2011, 3, 19), "summary"].startswith("Coalition ships")


def test_a_live_blog_stamp_alone_is_no_summary():
    """"(11 p.m. Monday ET, 5 a.m. Tuesday in Libya)" names the day in nine words and says nothing."""
    corpus = Corpus()
    for n in range(3):
        corpus.article(f"b{n}", D(2011, 3, 21),
                       (f"({n + 9} p.m. Monday ET, {n + 3} a.m. Tuesday in Libya)", [D(2011, 3, 21), D(2011, 3, 22)]))
    corpus.article("y0", D(2011, 3, 21),
                   ("YEMEN, 11 a.m. ET, 7 p.m. local: It is the 11th day of protests in Sanaa.", [D(2011, 3, 21)]))
    corpus.article("r0", D(2011, 3, 22),
                   ("Coalition jets struck Gadhafi's forces outside Ajdabiya on Monday, rebels said.", [D(2011, 3, 21)]))
    summary = _kd(corpus).set_index("date").loc[D(2011, 3, 21), "summary"]
    assert summary.startswith("Coalition jets struck")


def test_a_sentence_about_the_corpus_subject_beats_an_aside_of_the_same_day():
    corpus = Corpus()
    for n in range(6):
        corpus.article(f"w{n}", D(2011, 4, 1 + n),
                       (f"Rebels and Gadhafi forces fought for the oil port of Brega for the {n + 2}th day.", []),
                       ("NATO jets struck Gadhafi forces near the oil port of Brega, rebels said.", []))
    corpus.article("x0", D(2011, 4, 30),
                   ("A celebrity chef opened a seafood restaurant in London on Saturday with a long queue.",
                    [D(2011, 4, 30)]),
                   ("NATO jets struck Gadhafi forces near Brega on Saturday, the rebels said, and the port burned.",
                    [D(2011, 4, 30)]))
    summary = _kd(corpus).set_index("date").loc[D(2011, 4, 30), "summary"]
    assert summary.startswith("NATO jets struck")


def test_copies_of_one_story_count_once():
    """Ten outlets running one wire report do not make its day ten times as important."""
    def corpus(copies: bool) -> pd.DataFrame:
        built = Corpus()
        for n in range(10):
            built.article(f"wire{n}", D(2011, 3, 5), ("Rebels shelled the airport of Sirte on Saturday.", [D(2011, 3, 5)]))
        for n in range(3):
            built.article(f"own{n}", D(2011, 3, 8), (f"Militias fought in Zawiya on Tuesday, witnesses said ({n}).",
                                                     [D(2011, 3, 8)]))
        tables = built.tables()
        story = {f"wire{n}": "wire0" if copies else f"wire{n}" for n in range(10)}
        tables["articles"]["story_id"] = tables["articles"]["doc_id"].map(story).fillna(tables["articles"]["doc_id"])
        return key_dates_table(tables).set_index("date")

    as_copies, as_reports = corpus(True), corpus(False)
    assert as_copies.loc[D(2011, 3, 5), "n_articles"] == 1 and as_copies.loc[D(2011, 3, 5), "n_published"] == 1
    assert as_reports.loc[D(2011, 3, 5), "n_articles"] == 10
    assert as_copies.loc[D(2011, 3, 8), "rank"] == 1 and as_reports.loc[D(2011, 3, 5), "rank"] == 1


def test_a_headline_cut_at_its_dateline_summarises_only_when_nothing_else_can():
    """Highlights run together above a dateline read as a list of fragments, not as a report."""
    corpus = Corpus()
    leads = ["Egyptian jets struck camps in Derna on Monday, the army said.",
             "Warplanes hit Derna on Monday after the killings of the workers.",
             "Monday's raids on Derna followed a video of the killings."]
    for n, lead in enumerate(leads):
        corpus.article(f"h{n}", D(2015, 2, 16),
                       ("NEW: Egyptian jets strike Derna camps on Monday Army says militants killed in Derna raids "
                        "Egypt mourns workers killed in Libya", [D(2015, 2, 16)]),
                       (f"Cairo, Egypt (Agency) — {lead}", [D(2015, 2, 16)]))
    table = _kd(corpus)
    assert table.loc[0, "summary"].startswith("Cairo, Egypt (Agency) —")

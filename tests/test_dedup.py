"""Near-duplicates: copies of one story with small changes, found by MinHash LSH over shingles."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from libya_analysis.io.dedup import THRESHOLD, near_duplicates, shingles, similar_pairs, stories

PARAGRAPHS = [
    "Gunmen attacked a police station on the southern edge of Sabha on Monday night, killing four officers "
    "and wounding three others before fleeing into the desert, a local security official said.",
    "The official, who asked not to be named because he was not authorised to speak to the press, said the "
    "attackers arrived in two pickup trucks and opened fire on the guards at the gate.",
    "No group has claimed responsibility for the attack, but militants loyal to the Islamic State have "
    "carried out several raids on checkpoints in the south of the country this year.",
    "The municipal council declared three days of mourning and called on the authorities in the capital to "
    "send reinforcements to protect the roads leading into the city.",
    "Residents said shops stayed closed on Tuesday and that many families had left the neighbourhood around "
    "the station for relatives' homes in the north of the town.",
]
ORIGINAL = "\n\n".join(PARAGRAPHS)
OTHER = ("The central bank announced on Sunday that it would unify the exchange rate by the end of the year, "
         "a step that economists said could ease shortages of cash in banks across the country. The governor "
         "told reporters that talks with the rival administration in the east had made progress, and that a "
         "joint committee would publish the new rate after reviewing the budget of the coming year.")


def _articles(texts: dict[str, str], published: dict[str, str] | None = None) -> pd.DataFrame:
    published = published or {}
    return pd.DataFrame([{"doc_id": d, "text": t, "status": "ok",
                          "published": dt.date.fromisoformat(published[d]) if d in published else None}
                         for d, t in texts.items()])


def _wire_copy(text: str) -> str:
    paragraphs = text.split("\n\n")[:-1]  # last paragraph dropped
    copy = "SABHA, Libya (Wire) - updated with the council's statement\n\n" + "\n\n".join(paragraphs)
    return copy.replace("opened fire", "shot", 1)  # one changed wording


def test_wire_copy_with_a_new_line_a_changed_word_and_a_dropped_paragraph_is_a_near_duplicate():
    found = near_duplicates(_articles({"a": ORIGINAL, "b": _wire_copy(ORIGINAL), "c": OTHER})).set_index("doc_id")
    assert found.at["b", "duplicate_of"] == "a"
    assert THRESHOLD <= found.at["b", "similarity"] < 1
    assert found.at["b", "story_id"] == "a" and found.at["a", "story_id"] == "a"
    assert pd.isna(found.at["a", "duplicate_of"]) and pd.isna(found.at["c", "duplicate_of"])
    assert found.at["c", "story_id"] == "c"


def test_a_different_story_on_the_same_event_is_not_a_duplicate():
    follow_up = ("A day after gunmen killed four police officers in Sabha, the interior ministry sent two "
                 "hundred officers to the city and promised to rebuild the station. The municipal council said "
                 "the reinforcements were too few to hold the desert roads, and residents staged a protest in "
                 "front of the council building demanding better protection from the militants.")
    assert similar_pairs({"a": ORIGINAL, "b": follow_up}) == []


def test_the_original_is_the_earliest_published_then_the_lowest_id():
    texts = {"z": ORIGINAL, "a": _wire_copy(ORIGINAL), "m": ORIGINAL.replace("Monday", "Monday evening")}
    dated = near_duplicates(_articles(texts, {"z": "2019-01-02", "a": "2019-01-03", "m": "2019-01-04"}))
    assert set(dated["story_id"]) == {"z"}
    undated = near_duplicates(_articles(texts))
    assert set(undated["story_id"]) == {"a"}


def test_result_does_not_depend_on_row_order():
    texts = {"a": ORIGINAL, "b": _wire_copy(ORIGINAL), "c": OTHER, "d": OTHER + " Officials declined to comment."}
    forward = near_duplicates(_articles(texts)).sort_values("doc_id").reset_index(drop=True)
    backward = near_duplicates(_articles(dict(reversed(texts.items())))).sort_values("doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(forward, backward)


def test_copies_linked_through_each_other_are_one_story():
    assert stories(["a", "b", "c", "d"], {}, [("a", "b", 0.9), ("b", "c", 0.8)]) == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Four officers were KILLED, officials said.", size=3) == shingles("four officers were killed officials said", size=3)
    assert shingles("two words", size=5) == {"two words"}


def test_finds_copies_among_many_articles_without_comparing_all_pairs():
    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts = {f"d{i:04d}": " ".join(rng.choice(vocabulary) for _ in range(120)) for i in range(1500)}
    texts["d9999"] = texts["d0042"].replace(texts["d0042"].split()[60], "changed", 1) + " plus a new ending"
    pairs = similar_pairs(texts)
    assert [(a, b) for a, b, _ in pairs] == [("d0042", "d9999")]

"""Place mentions resolved against the place list."""

from __future__ import annotations

from libya_analysis.extract.places import places_from_doc
from libya_analysis.extract.sentences import sentence_starts
from libya_analysis.io.store import TaggedCorpus


def places_of(nlp, gazetteer, places, text):
    doc = nlp(text)
    return places_from_doc(doc, "d", gazetteer, places, sentence_starts(doc))


def test_libyan_towns_resolve_with_their_country(nlp, gazetteer, places):
    rows = places_of(nlp, gazetteer, places, "ISIS attacked Tazerbo, south of Kufra, and then Sirte.")
    assert {(r["place"], r["country"]) for r in rows} >= {("Tazerbo", "Libya"), ("Kufra", "Libya"), ("Sirte", "Libya")}
    assert all(r["resolved"] for r in rows)


def test_spelling_variants_resolve_to_one_place(nlp, gazetteer, places):
    rows = places_of(nlp, gazetteer, places, "Forces from Misurata reached Surt. Misrata celebrated.")
    assert [r["place"] for r in rows] == ["Misrata", "Sirte", "Misrata"]


def test_foreign_capital_as_location_and_country_as_location(nlp, gazetteer, places):
    rows = places_of(nlp, gazetteer, places, "The talks were held in Paris. Militants killed 14 people in the Sinai in Egypt.")
    assert [(r["place"], r["country"]) for r in rows] == [("Paris", "France"), ("Sinai", "Egypt"), ("Egypt", "Egypt")]


def test_a_country_reached_or_left_is_a_place_but_one_receiving_arms_is_a_state(nlp, gazetteer, places):
    rows = places_of(nlp, gazetteer, places, "A ferry carried 300 people to Malta. The players were en route "
                     "to Mali after they fled from Tunisia. Russia sent arms to Egypt.")
    assert [r["place"] for r in rows] == ["Malta", "Mali", "Tunisia"]


def test_unknown_place_is_kept_unresolved(nlp, gazetteer, places):
    rows = places_of(nlp, gazetteer, places, "The delegation travelled to Geneva and then to Khartoum.")
    assert [(r["place"], r["country"], r["resolved"]) for r in rows] == [
        ("Geneva", None, False), ("Khartoum", "Sudan", True)]


def test_a_name_is_either_a_place_or_an_actor_never_both(seeds_store):

    mentions = TaggedCorpus(seeds_store).mentions
    places = TaggedCorpus(seeds_store).places
    both = mentions.merge(places, on=["doc_id", "start_char", "end_char"])
    assert both.empty, both[["doc_id", "text_x"]]
    assert {"Tripoli", "Tazerbo", "Benghazi", "Sirte"} <= set(places["place"])

"""Actor gazetteer and mention resolution on sentences a reader can check by eye."""

from __future__ import annotations

import pytest

from libya_analysis.exceptions import GazetteerError
from libya_analysis.extract.actors import mentions_from_doc, surname_key
from libya_analysis.extract.gazetteer import ACTOR_TYPES, load_gazetteer
from libya_analysis.names import normalize_name


def mentions(nlp, gazetteer, places, text):
    doc = nlp(text)
    return mentions_from_doc(doc, "d", gazetteer, place_names=places.keys())


def actor_ids(nlp, gazetteer, places, text):
    return [m["actor_id"] for m in mentions(nlp, gazetteer, places, text)]


def test_gazetteer_covers_the_conflict(gazetteer):
    assert len(gazetteer.actors) >= 80
    assert {a.type for a in gazetteer.actors.values()} == set(ACTOR_TYPES)
    required = ["isis", "gna", "lna", "libya_dawn", "bunyan_al_marsous", "un", "eu", "africom", "nato"]
    assert all(actor_id in gazetteer for actor_id in required)
    assert gazetteer.ancestors("unsmil")[-1] == "un"
    assert "un" in gazetteer.ancestors("unsc")


@pytest.mark.parametrize("alias", ["ISIS", "ISIL", "IS", "Islamic State", "Daesh",
                                   "Islamic State of Iraq and the Levant"])
def test_isis_aliases_are_one_actor(nlp, gazetteer, places, alias):
    assert actor_ids(nlp, gazetteer, places, f"Fighters loyal to {alias} attacked a checkpoint.") == ["isis"]


@pytest.mark.parametrize("alias", ["Strong Foundation", "Albinyan Almarsous", "Solid Structure",
                                   "Al-Bunyan al-Marsous"])
def test_bunyan_marsous_aliases(nlp, gazetteer, places, alias):
    assert "bunyan_al_marsous" in actor_ids(nlp, gazetteer, places,
                                            f"A spokesman for Operation {alias} spoke on Saturday.")


def test_acronyms_are_case_sensitive_and_words_need_capitals(nlp, gazetteer, places):
    ids = actor_ids(nlp, gazetteer, places, "This is not the first attack, but it is a test of us all.")
    assert "isis" not in ids and "united_states" not in ids


def test_places_are_never_gazetteer_actors(nlp, gazetteer, places):
    text = ("Fighting in Misrata, Sirte and Benghazi spread to Tazerbo and Kufra, while the Oil "
            "Crescent and Derna stayed calm.")
    listed = [m for m in mentions(nlp, gazetteer, places, text) if m["actor_type"] != "unlisted"]
    assert listed == []


def test_capital_speaking_for_its_government_is_the_state(nlp, gazetteer, places):
    found = mentions(nlp, gazetteer, places,
                     "Paris stresses that talks are the only way. The plan was backed by Washington. "
                     "The conference was held in Rome.")
    assert [(m["text"], m["actor_id"]) for m in found] == [("Paris", "france"), ("Washington", "united_states")]


def test_country_as_location_is_a_place_and_as_agent_an_actor(nlp, gazetteer, places):
    found = mentions(nlp, gazetteer, places, "Egypt has been waging its own war. Militants killed 14 people in Egypt.")
    assert [m["start_char"] for m in found if m["actor_id"] == "egypt"] == [0]


def test_demonym_with_state_noun_is_the_state(nlp, gazetteer, places):
    ids = actor_ids(nlp, gazetteer, places, "The Russian embassy came under attack. African migrants waited.")
    assert ids == ["russia"]


def test_surname_after_full_name_resolves_to_the_same_actor(nlp, gazetteer, places):
    found = mentions(nlp, gazetteer, places,
                     "Commander Belqasem al-Abaaj announced a victory. \u201cWe won,\u201d Abaaj said.")
    assert [m["actor_id"] for m in found] == ["unlisted:belqasem_al_abaaj"] * 2
    assert found[1]["resolved_by"] == "surname"


def test_unknown_names_are_kept_as_unlisted(nlp, gazetteer, places):
    found = mentions(nlp, gazetteer, places, "Reuters reported that Mahmoud Jibril met the envoy.")
    assert {m["actor_name"] for m in found if m["actor_type"] == "unlisted"} >= {"Reuters"}


def test_unlisted_name_is_cut_at_a_line_break(nlp, gazetteer, places):
    text = "The country is rich in oil [Xinhua]\n\nThe Islamic State claimed the attack."
    found = mentions(nlp, gazetteer, places, text)
    for m in found:
        assert "\n" not in text[m["start_char"]:m["end_char"]]


def test_mention_offsets_point_into_the_text(nlp, gazetteer, places):
    text = "Head of the GNA Fayez al-Sarraj met UN envoy Ghassan Salame in Tripoli."
    for m in mentions(nlp, gazetteer, places, text):
        assert text[m["start_char"]:m["end_char"]] == m["text"]


def test_normalize_name_and_surname_key():
    assert normalize_name("The United_Nations!") == "united nations"
    assert surname_key("Fayez al-Sarraj") == "sarraj"


def test_gazetteer_validation_names_the_problem(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("version: x\nactors:\n- {id: a, name: A, type: militia, parent: missing}\n")
    with pytest.raises(GazetteerError, match="unknown parent 'missing'"):
        load_gazetteer(path)
    path.write_text("version: x\nactors:\n- {id: a, name: Alpha, type: militia}\n"
                    "- {id: b, name: Beta, type: nonsense}\n")
    with pytest.raises(GazetteerError, match="type 'nonsense'"):
        load_gazetteer(path)
    path.write_text("version: x\nactors:\n- {id: a, name: Alpha, type: militia, aliases: [Shared Name]}\n"
                    "- {id: b, name: Beta, type: militia, aliases: [shared name]}\n")
    with pytest.raises(GazetteerError, match="already belongs to 'a'"):
        load_gazetteer(path)


def test_group_named_after_its_home_town_is_the_militia_not_the_town(nlp, gazetteer, places):
    found = mentions(nlp, gazetteer, places,
                     "Misrata's well-armed militias led the fight. Zintan forces withdrew from Tripoli.")
    assert [(m["text"], m["actor_id"]) for m in found] == [
        ("Misrata's well-armed militias", "misrata_brigades"), ("Zintan forces", "zintan_brigades")]


def test_states_giving_support_are_actors_not_places(nlp, gazetteer, places):
    ids = actor_ids(nlp, gazetteer, places,
                    "Haftar has received backing from Egypt and the UAE, and support from Russia.")
    assert {"egypt", "uae", "russia"} <= set(ids)


def test_accents_do_not_matter_when_comparing_names():
    assert normalize_name("Stéphane Dujarric") == normalize_name("Stephane Dujarric")


@pytest.mark.parametrize("text, actor_id", [
    ("Mohammed Ghassri said the troops advanced.", "mohamed_al_gasri"),
    ("The 2011 ouster of Muammar Gadaffi changed Libya.", "muammar_gaddafi"),
    ("Moammar Gadhafi ruled for decades.", "muammar_gaddafi"),
    ("Khalifa Hifter ordered the strikes.", "khalifa_haftar"),
])
def test_other_transliterations_of_a_known_person(nlp, gazetteer, places, text, actor_id):
    assert actor_id in actor_ids(nlp, gazetteer, places, text)


def test_authorities_of_a_country_are_the_state(nlp, gazetteer, places):
    assert "philippines" in actor_ids(nlp, gazetteer, places, "Authorities in the Philippines said four nationals were taken.")

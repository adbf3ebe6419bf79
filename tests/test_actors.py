"""Actor gazetteer and mention resolution on sentences a reader can check by eye."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from libya_analysis.exceptions import GazetteerError
from libya_analysis.extract.actors import actors_table, build_role_matcher, mentions_from_doc, surname_key
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
    found = mentions(nlp, gazetteer, places, "Al Jazeera reported that Abdulrahman Swehli met Omar Hassi.")
    assert {m["actor_name"] for m in found if m["actor_type"] == "unlisted"} == {"Abdulrahman Swehli", "Omar Hassi"}


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


# ---------------------------------------------------------------- roles, time-aware sides, media

def role_found(nlp, gazetteer, places, text, published=None):
    """(text, actor_id, resolved_by) of every mention, role-named parties included."""
    doc = nlp(text)
    rows = mentions_from_doc(doc, "d", gazetteer, place_names=places.keys(), roles=build_role_matcher(nlp.vocab),
                             published=dt.date.fromisoformat(published) if published else None)
    return [(m["text"], m["actor_id"], m["resolved_by"]) for m in rows]


@pytest.mark.parametrize(("published", "expected"), [
    ("2011-03-20", ("anti_gaddafi_forces", "date")),
    ("2017-05-02", ("rebel_forces_libya", "collective")),
    (None, ("rebel_forces_libya", "collective")),
])
def test_rebels_are_the_side_of_the_articles_date(nlp, gazetteer, places, published, expected):
    found = role_found(nlp, gazetteer, places, "The rebels said they would not negotiate.", published)
    assert [(actor, how) for _, actor, how in found] == [expected]


@pytest.mark.parametrize(("published", "actor_id"), [
    ("2011-04-02", "gaddafi_forces"),      # before the fall of Tripoli
    ("2011-11-15", "anti_gaddafi_forces"),  # the NTC's forces
    ("2014-09-01", "military_forces_libya"),  # two governments: nothing says whose
    ("2019-06-10", "gna_forces"),
])
def test_government_forces_change_sides_over_time(nlp, gazetteer, places, published, actor_id):
    found = role_found(nlp, gazetteer, places, "Government troops shelled the port overnight.", published)
    assert [actor for _, actor, _ in found] == [actor_id]


@pytest.mark.parametrize(("text", "expected"), [
    ("Gaddafi's soldiers fired on the crowd.", ("Gaddafi's soldiers", "gaddafi_forces", "owner")),
    ("IS militants stormed the hotel.", ("IS militants", "isis", "owner")),
    ("Pro-Haftar fighters advanced on the airport.", ("Pro-Haftar fighters", "lna", "ally")),
    ("Haftar-led troops advanced on the airport.", ("Haftar-led troops", "lna", "owner")),
    ("Militiamen loyal to the unity government held the bridge.", ("Militiamen", "gna_forces", "ally")),
])
def test_a_role_phrase_belongs_to_whom_the_text_says(nlp, gazetteer, places, text, expected):
    found = role_found(nlp, gazetteer, places, text, "2017-01-10")
    assert expected in found
    # the owner's name inside the phrase is not counted a second time
    assert [t for t, _, _ in found if t in expected[0]] == [expected[0]]


def test_a_foreign_backer_does_not_own_the_fighters(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places, "UN-backed forces and Turkish-backed fighters retook the town.",
                       "2020-01-10")
    assert not any(actor in ("un", "turkey") and text != "UN" for text, actor, _ in found)
    assert not any(text.endswith(("forces", "fighters")) for text, _, _ in found)


def test_the_one_armed_group_of_the_article_owns_its_militants(nlp, gazetteer, places):
    one = role_found(nlp, gazetteer, places, "Ansar al-Sharia denied the attack. The militants withdrew.", "2013-01-05")
    assert ("militants", "ansar_al_sharia", "article") in one
    two = role_found(nlp, gazetteer, places, "Ansar al-Sharia and al-Qaeda denied the attack. The militants "
                     "withdrew.", "2013-01-05")
    assert ("militants", "unidentified_armed_group_libya", "collective") in two


def test_victims_and_protesters_are_actors(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places,
                       "Gunmen killed four civilians and wounded two policemen as demonstrators and "
                       "passers-by fled.", "2015-02-01")
    assert [(t, a) for t, a, _ in found] == [
        ("Gunmen", "unidentified_armed_group_libya"), ("civilians", "civilians_libya"),
        ("policemen", "police_forces_libya"), ("demonstrators", "protesters_libya"), ("passers-by", "civilians_libya")]


def test_role_words_describing_things_are_not_actors(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places,
                       "The terrorist attack near the police station caused civilian casualties.", "2015-02-01")
    assert found == []


def test_other_countries_people_are_not_libyas(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places,
                       "Egyptian civilians and Tunisian policemen were among the dead.", "2015-02-01")
    assert [(t, a) for t, a, _ in found] == [("Tunisian policemen", "tunisia")] or \
        [(t, a) for t, a, _ in found] == [("policemen", "tunisia")]


def test_rebel_words_in_other_phrasings_are_the_rebel_side(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places, "Rebel fighters held the rebel-held port while opposition "
                       "forces regrouped.", "2011-05-01")
    assert [(t, a) for t, a, _ in found] == [("Rebel fighters", "anti_gaddafi_forces"),
                                              ("rebel", "anti_gaddafi_forces"),
                                              ("opposition forces", "anti_gaddafi_forces")]


def test_outlets_and_credited_authors_are_media(nlp, gazetteer, places):
    text = ("TRIPOLI (Reuters) - A witness told Al Jazeera the port was shelled.\n"
            "CNN's Arwa Damon contributed to this report.\n"
            "(Reporting by Ahmed Elumami; Editing by Mark Heinrich)")
    rows = mentions_from_doc(nlp(text), "d", gazetteer, place_names=places.keys())
    media = {m["text"]: m["resolved_by"] for m in rows if m["actor_type"] == "media"}
    assert media == {"Reuters": "gazetteer", "Al Jazeera": "gazetteer", "CNN": "gazetteer",
                     "Arwa Damon": "credit", "Ahmed Elumami": "credit", "Mark Heinrich": "credit"}
    table = actors_table(gazetteer, pd.DataFrame(rows))
    assert set(table.loc[table["actor_id"] == "unlisted:arwa_damon", "type"]) == {"media"}


def test_actors_table_lists_roles_as_aliases_and_marks_collectives(gazetteer):
    table = actors_table(gazetteer).set_index("actor_id")
    assert "rebels" in table.loc["anti_gaddafi_forces", "aliases"]
    assert "rebels" in table.loc["rebel_forces_libya", "aliases"]
    assert {"gunmen", "militants"} <= set(table.loc["unidentified_armed_group_libya", "aliases"])
    assert table.loc["civilians_libya", "collective"] and not table.loc["isis", "collective"]
    assert table.loc["reuters", "type"] == "media"


def test_role_aliases_are_never_matched_alone(nlp, gazetteer, places):
    assert mentions(nlp, gazetteer, places, "The rebels and civilians fled.") == []


@pytest.mark.parametrize(("roles", "message"), [
    ("[{role: rebels, from: 2011-02-15, to: 2011-01-01}]", "ends"),
    ("[{role: rebels, from: 2011-02-30}]", "not valid"),
    ("[{role: rebels, from: spring 2011}]", "not a date"),
    ("[{role: pirates}]", "not one of"),
])
def test_role_date_ranges_are_validated(tmp_path, roles, message):
    path = tmp_path / "actors.yaml"
    path.write_text("version: x\nactors:\n- {id: a, name: Alpha, type: armed_group, roles: " + roles + "}\n"
                    "- {id: r, name: Rebels (X), type: armed_group, collective: true, roles: [rebels]}\n")
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(path)


def test_role_ranges_must_not_overlap_and_need_one_collective(tmp_path):
    path = tmp_path / "actors.yaml"
    collective = "- {id: r, name: Rebels (X), type: armed_group, collective: true, roles: [rebels]}\n"
    path.write_text("version: x\nactors:\n"
                    "- {id: a, name: Alpha, type: armed_group, roles: [{role: rebels, from: 2011-01-01, to: 2012-01-01}]}\n"
                    "- {id: b, name: Beta, type: armed_group, roles: [{role: rebels, from: 2011-06-01}]}\n" + collective)
    with pytest.raises(GazetteerError, match="overlap"):
        load_gazetteer(path)
    path.write_text("version: x\nactors:\n"
                    "- {id: a, name: Alpha, type: armed_group, roles: [{role: rebels, from: 2011-01-01}]}\n")
    with pytest.raises(GazetteerError, match="exactly one actor without a date range"):
        load_gazetteer(path)
    path.write_text("version: x\nactors:\n- {id: a, name: Alpha, type: person, forces: nowhere}\n")
    with pytest.raises(GazetteerError, match="unknown forces"):
        load_gazetteer(path)
    path.write_text("version: x\nactors:\n"
                    "- {id: a, name: Alpha, type: armed_group, roles: [{role: rebels, from: 2011-01-01, to: 2011-12-31}]}\n"
                    "- {id: b, name: Beta, type: armed_group, roles: [{role: rebels, from: 2012-01-01}]}\n" + collective)
    loaded = load_gazetteer(path)
    assert loaded.role_actor("rebels", dt.date(2011, 12, 31))[0].actor_id == "a"
    assert loaded.role_actor("rebels", dt.date(2013, 1, 1))[0].actor_id == "b"
    assert loaded.role_actor("rebels", dt.date(2010, 1, 1)) == (loaded["r"], False)


def test_mercenaries_are_loyalists_in_2011_and_foreign_ones_no_libyan_party(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places, "African mercenaries attacked the town. Later, Russian "
                       "mercenaries arrived.", "2011-04-01")
    assert [(t, a) for t, a, _ in found] == [("mercenaries", "gaddafi_forces")]


def test_an_indefinite_army_is_no_party(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places, "They faced a professional army. The army shelled the port.",
                       "2011-04-01")
    assert [(t, a) for t, a, _ in found] == [("army", "gaddafi_forces")]
    assert found and found[0][0] == "army"


def test_enemies_foreigners_and_a_leaders_government_are_not_owned(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places,
                       "The army prepared to attack anti-Sarraj militias, and protesters demanded the "
                       "resignation of Sarraj's government. No foreign troops fought ISIS.", "2018-09-04")
    pairs = [(t, a) for t, a, _ in found]
    assert ("militias", "unidentified_armed_group_libya") in pairs
    assert ("government", "gna") in pairs and pairs.count(("Sarraj", "fayez_al_sarraj")) == 2
    assert not any(t.endswith("troops") for t, _ in pairs)


def test_militias_are_not_the_one_jihadist_group_of_the_article(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places, "ISIS was blamed, while clashes between rival militias went on.",
                       "2018-09-04")
    assert ("militias", "unidentified_armed_group_libya", "collective") in found


def test_the_government_is_libyas_of_the_date_but_not_any_government(nlp, gazetteer, places):
    found = role_found(nlp, gazetteer, places,
                       "The regime has advanced. Assad's government, the Milosevic regime, Arab governments, "
                       "our government and the federal government are not Libya's; regime change is no party.",
                       "2011-04-01")
    assert [(t, a) for t, a, _ in found if a not in ("unlisted:assad", "unlisted:milosevic")] == [
        ("regime", "gaddafi_regime")]
    later = role_found(nlp, gazetteer, places, "The Libyan government welcomed the vote.", "2019-05-01")
    assert [(t, a, how) for t, a, how in later] == [("government", "gna", "date")]

"""Place mentions, resolved against a list of Libyan cities, regions and neighbouring countries.

Places are not actors. A foreign state's name is a place where it is used as a location ("in
Egypt") and an actor otherwise ("Egypt has been waging"); a foreign capital is an actor only
where it acts ("Washington said", "backed by Washington") and a place otherwise.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span

from ..exceptions import GazetteerError
from ..names import normalize_name
from .gazetteer import CAPITAL_PREFIX, Gazetteer, name_patterns
from .sentences import sentence_index

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PLACE_PREFIX = "place:"
PLACE_KINDS = ("country", "region", "city", "town", "district", "landmark")
PLACE_LABELS = ("GPE", "LOC", "FAC")
_LABEL_OF_KIND = {"region": "LOC", "landmark": "FAC"}
LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "into", "inside", "outside", "around", "across", "through", "throughout",
    "within", "along", "off", "onto",
})
"""Prepositions whose object is a location. "from" and "to" are left out on purpose: "backing
from Egypt" and "arms to the UAE" name states acting, not places."""
AREA_NOUNS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "outskirts", "part", "coast", "border", "city", "town", "capital", "region", "area",
    "centre", "center", "heart", "edge", "suburb", "territory", "soil", "desert",
})
MOTION_WORDS = frozenset({
    "go", "come", "travel", "flee", "fly", "sail", "carry", "return", "head", "move", "evacuate",
    "deport", "cross", "escape", "arrive", "trip", "journey", "route", "flight", "voyage", "drive",
    "walk", "ferry", "migrate",
})
"""Words of people moving: after them, "to" and "from" lead to a location ("carried 300 people
to Malta", "fled from Tunisia", "en route to Mali"); "sent arms to Egypt" names a state."""
GOVERNMENT_NOUNS = frozenset({"authority", "government", "official", "ministry", "minister", "leader", "president",
                              "parliament", "administration", "leadership", "regime"})
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


@dataclass(frozen=True)
class Place:
    place_id: str
    name: str
    country: str
    kind: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()


@dataclass
class PlaceList:
    """Known places, indexed by normalised name and alias."""

    places: dict[str, Place]
    version: str
    hash: str

    def __post_init__(self) -> None:
        self._by_key = {normalize_name(n): p for p in self.places.values() for n in (p.name, *p.aliases)}

    def lookup(self, text: str) -> Place | None:
        return self._by_key.get(normalize_name(text))

    def keys(self) -> set[str]:
        """Normalised names, aliases and demonyms (never actor names)."""
        return set(self._by_key) | {normalize_name(d) for p in self.places.values() for d in p.demonyms}

    def patterns(self, *, skip: set[str] = frozenset()) -> list[tuple[bool, dict[str, Any]]]:
        """Phrase patterns (see `actors.name_patterns`); names in `skip` are left to the gazetteer."""
        patterns = []
        for place in self.places.values():
            for name in (place.name, *place.aliases):
                if normalize_name(name) not in skip:
                    patterns.extend(name_patterns(name, _LABEL_OF_KIND.get(place.kind, "GPE"),
                                                  PLACE_PREFIX + place.place_id))
        return patterns


def load_places(path: str | Path | None = None) -> PlaceList:
    """Load and validate the place list (the packaged one by default)."""
    if path is None:
        text = resources.files("libya_analysis").joinpath("data", "places.yaml").read_text(encoding="utf-8")
        source = "libya_analysis/data/places.yaml"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        raise GazetteerError(f"{source}: not valid YAML: {err}") from None
    entries = data.get("places") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise GazetteerError(f"{source}: no 'places' list")
    places: dict[str, Place] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("id", "name", "country")):
            raise GazetteerError(f"{source}: place #{number} needs 'id', 'name' and 'country'")
        if entry.get("kind") not in PLACE_KINDS:
            raise GazetteerError(f"{source}: place {entry['id']!r} has kind {entry.get('kind')!r}, "
                                 f"not one of {', '.join(PLACE_KINDS)}")
        if entry["id"] in places:
            raise GazetteerError(f"{source}: place id {entry['id']!r} is used twice")
        places[entry["id"]] = Place(entry["id"], entry["name"], entry["country"], entry["kind"],
                                    tuple(entry.get("aliases") or ()), tuple(entry.get("demonyms") or ()))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return PlaceList(places, str(data.get("version", "unversioned")), digest)


# ---------------------------------------------------------------- context

def is_locative(span: Span) -> bool:
    """True where a name stands for a location: the object of "in", "near", "north of" ..."""
    root = span.root
    if root.dep_ == "pobj":
        prep = root.head
        if prep.head.lemma_.lower() in GOVERNMENT_NOUNS:
            return False  # "authorities in the Philippines" are the state acting
        if prep.lower_ in LOCATIVE_PREPS:
            return True
        if prep.lower_ in ("to", "from", "toward", "towards") and prep.head.lemma_.lower() in MOTION_WORDS:
            return True
        if prep.lower_ == "of" and prep.head.lemma_.lower() in AREA_NOUNS:
            return True
    if root.dep_ == "appos" and root.head.lemma_.lower() in AREA_NOUNS:
        return True
    if root.dep_ == "conj":
        head = root.head
        while head.dep_ == "conj" and head.head != head:
            head = head.head
        return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS
    return False


def is_agentive(span: Span) -> bool:
    """True where a capital acts for its government: "Washington said", "backed by Washington"."""
    root = span.root
    while root.dep_ == "conj" and root.head != root:
        root = root.head
    if root.dep_ in AGENT_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.dep_ == "agent"


# ---------------------------------------------------------------- rows

def places_from_doc(doc: Doc, doc_id: str, gazetteer: Gazetteer, places: PlaceList,
                    starts: list[int]) -> list[dict[str, Any]]:
    """Place mentions of one Doc: GPE / LOC / FAC names, resolved where the list knows them."""
    rows = []
    for ent in doc.ents:
        ent_id = ent.ent_id_
        place: str | None = None
        country: str | None = None
        kind: str | None = None
        place_id: str | None = None
        if ent_id.startswith(PLACE_PREFIX):
            found = places.places[ent_id[len(PLACE_PREFIX):]]
            place, country, kind, place_id = found.name, found.country, found.kind, found.place_id
        elif ent_id.startswith(CAPITAL_PREFIX):
            actor = gazetteer.actors.get(ent_id[len(CAPITAL_PREFIX):])
            if actor is None or is_agentive(ent):
                continue
            place, country, kind, place_id = actor.capital, actor.name, "city", None
        elif ent_id in gazetteer.actors:
            actor = gazetteer[ent_id]
            if actor.type != "foreign_state" or not is_locative(ent):
                continue
            found = places.lookup(actor.name)
            place, country, kind = actor.name, actor.name, "country"
            place_id = found.place_id if found else None
        elif not ent_id and ent.label_ in PLACE_LABELS:
            found = places.lookup(ent.text)
            if found:
                place, country, kind, place_id = found.name, found.country, found.kind, found.place_id
            else:
                place = re.sub(r"^(the|The)\s+", "", ent.text.strip())
        else:
            continue
        rows.append({"doc_id": doc_id, "sentence_id": sentence_index(starts, ent.start_char),
                     "start_char": ent.start_char, "end_char": ent.end_char, "text": ent.text,
                     "place": place, "country": country, "place_id": place_id, "kind": kind,
                     "resolved": country is not None})
    return rows

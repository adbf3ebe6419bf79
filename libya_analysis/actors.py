"""The actor gazetteer and actor mentions.

The gazetteer (`data/actors.yaml`, versioned) lists each actor once with an id, a canonical
name, an ACLED-like type, aliases and a parent. It becomes `EntityRuler` patterns (see
`pipeline`) and the `actors` table. `mentions_from_doc` turns a tagged Doc into `mentions`
rows: gazetteer matches, a foreign capital used for its government, a demonym with a state
noun ("the Russian embassy"), a surname after the full name in the same article, and every
other PERSON / ORG / NORP name as an `unlisted` candidate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from spacy.tokens import Doc, Span

from .exceptions import GazetteerError
from .names import normalize_name
from .places import PLACE_PREFIX, is_agentive, is_locative
from .store import UNLISTED

ACTOR_TYPES = ("state_forces", "armed_group", "militia", "government", "international_body",
               "foreign_state", "person")
CAPITAL_PREFIX = "capital:"
UNLISTED_LABELS = ("PERSON", "ORG", "NORP")
_LABEL_OF_TYPE = {"person": "PERSON", "foreign_state": "GPE"}
_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z]?\.?){1,6}$")
GROUP_NOUNS = frozenset({"militia", "brigade", "force", "fighter", "battalion", "katiba", "militiaman"})
STATE_NOUNS = frozenset({
    "government", "authority", "army", "military", "force", "troop", "ministry", "minister",
    "official", "embassy", "navy", "warplane", "jet", "aircraft", "drone", "diplomat",
    "intelligence", "coastguard", "guard", "president", "envoy", "ambassador", "administration",
    "parliament", "soldier", "command", "commando", "special", "air", "airstrike", "strike",
})


@dataclass(frozen=True)
class Actor:
    """One gazetteer entry."""

    actor_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    parent_id: str | None = None
    capital: str | None = None
    demonyms: tuple[str, ...] = ()
    home: str | None = None


@dataclass
class Gazetteer:
    """The curated actors, indexed for matching and resolution."""

    actors: dict[str, Actor]
    version: str
    hash: str
    source: str = ""
    _demonyms: dict[str, str] = field(default_factory=dict, repr=False)
    _homes: dict[str, str] = field(default_factory=dict, repr=False)
    _spellings: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for demonym in actor.demonyms:
                self._demonyms[demonym.lower()] = actor.actor_id
            if actor.home:
                self._homes[actor.home] = actor.actor_id

    def person_by_spelling(self, name: str) -> Actor | None:
        """A gazetteer person whose name is another transliteration of `name` ("Mohammed Ghassri"
        for Mohamed al-Gasri, "Muammar Gadaffi", "Al-Sirraj"): first and last names, or a
        surname the gazetteer lists alone, compared by consonant skeleton."""
        if not self._spellings:
            for actor in self.actors.values():
                if actor.type != "person":
                    continue
                for variant in self.names(actor):
                    key = spelling_key(variant)
                    if key is not None:
                        owner = self._spellings.setdefault(key, actor.actor_id)
                        if owner != actor.actor_id:
                            self._spellings[key] = ""  # two people share it: never guess
        key = spelling_key(name)
        actor_id = self._spellings.get(key) if key else None
        return self.actors[actor_id] if actor_id else None

    def home_group(self, place_id: str) -> Actor | None:
        """The armed group named after a place ("Misrata's militias" -> Misrata brigades)."""
        actor_id = self._homes.get(place_id)
        return self.actors[actor_id] if actor_id else None

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def names(self, actor: Actor) -> tuple[str, ...]:
        return (actor.name, *actor.aliases)

    def alias_keys(self) -> set[str]:
        """Normalised names and aliases (for keeping place patterns off actor names)."""
        return {normalize_name(n) for a in self.actors.values() for n in self.names(a)}

    def demonym_state(self, text: str) -> str | None:
        return self._demonyms.get(text.lower().removesuffix("s")) or self._demonyms.get(text.lower())

    def ancestors(self, actor_id: str) -> list[str]:
        """Parent, grandparent, ... of an actor (ids)."""
        chain, seen = [], {actor_id}
        parent = self.actors[actor_id].parent_id if actor_id in self.actors else None
        while parent and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.actors[parent].parent_id
        return chain

    def patterns(self) -> list[tuple[bool, dict[str, Any]]]:
        """Phrase patterns as (case_sensitive, pattern): see `name_patterns`."""
        patterns = []
        for actor in self.actors.values():
            label = _LABEL_OF_TYPE.get(actor.type, "ORG")
            for name in self.names(actor):
                patterns.extend(name_patterns(name, label, actor.actor_id))
            if actor.capital:
                patterns.extend(name_patterns(actor.capital, "GPE", CAPITAL_PREFIX + actor.actor_id))
        return patterns


_DIGRAPHS = (("gh", "g"), ("kh", "k"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("q", "g"), ("k", "g"))


def _skeleton(word: str) -> str:
    """Consonants of a transliterated Arabic name, spelling variants folded: Sarraj, Serraj and
    Sirraj -> "srj"; Gaddafi, Qaddafi, Gadaffi and Kadhafi -> "gdf"."""
    word = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isalpha())
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    consonants = [c for c in word if c not in "aeiouyhw"]
    return "".join(c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1])


def spelling_key(name: str) -> tuple[str, str] | None:
    """(first name, last name) skeletons, or ("", surname) for a single name; None if too short."""
    words = [re.sub(r"^(al|el)[-‐ ]", "", w, flags=re.IGNORECASE) for w in re.split(r"\s+", name.strip())]
    words = [w for w in words if w and w.lower() not in ("al", "el")]
    if not words:
        return None
    key = ("", _skeleton(words[-1])) if len(words) == 1 else (_skeleton(words[0]), _skeleton(words[-1]))
    return key if len(key[1]) >= 3 else None


def _is_acronym(word: str) -> bool:
    return bool(_ACRONYM.match(word)) and word.upper() == word and any(c.isalpha() for c in word)


def name_patterns(name: str, label: str, pattern_id: str) -> list[tuple[bool, dict[str, Any]]]:
    """`EntityRuler` phrase patterns for a name, each flagged case-sensitive or not.

    A name with an acronym in it ("IS", "US military") matches case-sensitively, so "is" and
    "give us military aid" are not actors; other names match by lower case. A hyphen between
    words is optional ("al-Sarraj", "al Sarraj"); a leading "the" is dropped.
    """
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    variants = {name, re.sub(r"(?<=\w)[-‐](?=\w)", " ", name)}
    words = name.split()
    case_sensitive = any(_is_acronym(w.strip("()'’,.")) for w in words)
    if case_sensitive:
        variants |= {" ".join(w if _is_acronym(w) else w[:1].upper() + w[1:] for w in v.split()) for v in list(variants)}
    return [(case_sensitive, {"label": label, "pattern": v, "id": pattern_id}) for v in sorted(variants)]


def _read_yaml(path: Path | None, default: str) -> tuple[dict[str, Any], str, str]:
    if path is None:
        text = resources.files("libya_analysis").joinpath("data", default).read_text(encoding="utf-8")
        source = f"libya_analysis/data/{default}"
    else:
        text = Path(path).read_text(encoding="utf-8")
        source = str(path)
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        raise GazetteerError(f"{source}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"{source}: expected a mapping at the top")
    return data, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], source


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load and validate the actor gazetteer (the packaged one by default)."""
    data, digest, source = _read_yaml(Path(path) if path else None, "actors.yaml")
    entries = data.get("actors")
    if not isinstance(entries, list) or not entries:
        raise GazetteerError(f"{source}: no 'actors' list")
    actors: dict[str, Actor] = {}
    owner: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: actor #{number} ({entry.get('id') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise GazetteerError(f"{where}: needs 'id' and 'name'")
        if entry.get("type") not in ACTOR_TYPES:
            raise GazetteerError(f"{where}: type {entry.get('type')!r} is not one of {', '.join(ACTOR_TYPES)}")
        actor_id = str(entry["id"])
        if actor_id in actors:
            raise GazetteerError(f"{where}: id {actor_id!r} is used twice")
        aliases = tuple(str(a) for a in entry.get("aliases") or () if str(a) != entry["name"])
        for name in (entry["name"], *aliases):
            key = normalize_name(name) if not _ACRONYM.match(name) else name
            if key in owner and owner[key] != actor_id:
                raise GazetteerError(f"{where}: name {name!r} already belongs to {owner[key]!r}")
            owner[key] = actor_id
        actors[actor_id] = Actor(actor_id, str(entry["name"]), entry["type"], aliases,
                                 entry.get("parent") or None, entry.get("capital") or None,
                                 tuple(entry.get("demonyms") or ()), entry.get("home") or None)
    for actor in actors.values():
        if actor.parent_id and actor.parent_id not in actors:
            raise GazetteerError(f"{source}: {actor.actor_id!r} has unknown parent {actor.parent_id!r}")
    return Gazetteer(actors, str(data.get("version", "unversioned")), digest, source)


# ---------------------------------------------------------------- mentions

def unlisted_id(name: str) -> str:
    return f"{UNLISTED}:" + normalize_name(name).replace(" ", "_")


def clean_entity_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return re.sub(r"['’]s$", "", text).strip()


def surname_key(name: str) -> str:
    """Last word of a name without an Arabic article: "Fayez al-Sarraj" -> "sarraj"."""
    last = name.split()[-1].lower() if name.split() else ""
    for particle in ("al-", "el-", "al‐", "el‐"):
        last = last.removeprefix(particle)
    return re.sub(r"\W+", "", last)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences, also cut at line breaks.

    The parser sometimes glues a headline or dateline to the paragraph below it; an evidence
    sentence should never span lines, so each parser sentence is split after a line break.
    """
    spans = []
    for sent in doc.sents:
        start = None
        for token in sent:
            if token.is_space:
                continue
            if start is None:
                start = token.idx
            end = token.idx + len(token.text)
            if "\n" in token.whitespace_ or (token.i + 1 < len(doc) and "\n" in doc[token.i + 1].text
                                              and doc[token.i + 1].is_space):
                spans.append((start, end))
                start = None
        if start is not None:
            spans.append((start, end))
    return spans


def sentence_starts(doc: Doc) -> list[int]:
    """Start characters of the Doc's sentences, for `sentence_index`."""
    return [start for start, _ in sentence_spans(doc)]


def sentence_index(starts: list[int], char: int) -> int:
    return max(bisect_right(starts, char) - 1, 0)


def _first_line(ent: Span) -> Span:
    """An entity cut at its first line break, without edge punctuation ("Xinhua]\n\nThe" -> "Xinhua")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    for token in ent:
        if token.is_space or "\n" in token.whitespace_:
            end = token.i if token.is_space else token.i + 1
            break
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_)


def _group_span(ent: Span) -> Span | None:
    """The phrase naming an armed group by its home place: "Misrata's well-armed militias",
    "Zintan forces", "militias from Misrata"; None where the place is only a place."""
    root, head = ent.root, ent.root.head
    if root.dep_ in ("poss", "compound", "amod", "nmod") and head.i > root.i and head.lemma_.lower() in GROUP_NOUNS:
        return Span(ent.doc, ent.start, head.i + 1, label="ORG")
    if (root.dep_ == "pobj" and head.lower_ == "from" and head.head.i < head.i
            and head.head.lemma_.lower() in GROUP_NOUNS):
        return Span(ent.doc, head.head.i, ent.end, label="ORG")
    return None


def _mention(doc_id: str, sentence_id: int, span: Span, actor_id: str, name: str, type_: str,
             how: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "sentence_id": sentence_id, "start_char": span.start_char,
            "end_char": span.end_char, "text": span.text, "actor_id": actor_id, "actor_name": name,
            "actor_type": type_, "label": span.label_, "resolved_by": how}


def mentions_from_doc(doc: Doc, doc_id: str, gazetteer: Gazetteer, *,
                      place_names: Iterable[str] = (),
                      starts: list[int] | None = None) -> list[dict[str, Any]]:
    """Actor mentions of one Doc, in text order (see the module docstring for the rules)."""
    starts = starts if starts is not None else sentence_starts(doc)
    place_keys = set(place_names)
    surnames: dict[str, tuple[str, str, str]] = {}
    rows: list[dict[str, Any]] = []
    for ent in doc.ents:
        sid = sentence_index(starts, ent.start_char)
        ent_id = ent.ent_id_
        if ent_id.startswith(PLACE_PREFIX):
            group = gazetteer.home_group(ent_id[len(PLACE_PREFIX):])
            span = _group_span(ent) if group else None
            if span is not None:
                rows.append(_mention(doc_id, sid, span, group.actor_id, group.name, group.type, "home"))
            continue
        if ent_id.startswith(CAPITAL_PREFIX):
            actor = gazetteer.actors.get(ent_id[len(CAPITAL_PREFIX):])
            if actor and is_agentive(ent):
                rows.append(_mention(doc_id, sid, ent, actor.actor_id, actor.name, actor.type, "capital"))
            continue
        if ent_id in gazetteer.actors:
            actor = gazetteer[ent_id]
            if actor.type == "foreign_state" and is_locative(ent):
                continue
            rows.append(_mention(doc_id, sid, ent, actor.actor_id, actor.name, actor.type, "gazetteer"))
            if actor.type == "person":
                for name in gazetteer.names(actor):
                    surnames.setdefault(surname_key(name), (actor.actor_id, actor.name, actor.type))
            continue
        if ent_id or ent.label_ not in UNLISTED_LABELS:
            continue
        if ent[-1].text in "-‐–":
            continue
        ent = _first_line(ent)
        text = clean_entity_text(ent.text)
        if sum(c.isalpha() for c in text) < 2 or normalize_name(text) in place_keys:
            continue
        if ent.label_ == "NORP":
            state = gazetteer.demonym_state(text)
            modifier = ent.root.dep_ in ("amod", "compound") and ent.root.head != ent.root
            if state is not None and modifier and ent.root.head.lemma_.lower() in STATE_NOUNS:
                actor = gazetteer[state]
                rows.append(_mention(doc_id, sid, ent, actor.actor_id, actor.name, actor.type, "demonym"))
            elif state is None and not modifier:
                rows.append(_mention(doc_id, sid, ent, unlisted_id(text), text, UNLISTED, "ner"))
            continue
        surname_like = ent.label_ == "ORG" and re.match(r"(?i)(al|el)[-‐]\w+$", text)  # "Al-Sirraj" read as an ORG
        if (ent.label_ == "PERSON" or surname_like) and (actor := gazetteer.person_by_spelling(text)) is not None:
            rows.append(_mention(doc_id, sid, ent, actor.actor_id, actor.name, actor.type, "spelling"))
            for name in gazetteer.names(actor):
                surnames.setdefault(surname_key(name), (actor.actor_id, actor.name, actor.type))
            continue
        if ent.label_ == "PERSON":
            key = surname_key(text)
            if len(text.split()) == 1 or text.lower().startswith(("al-", "el-")):
                if key in surnames:
                    actor_id, name, type_ = surnames[key]
                    rows.append(_mention(doc_id, sid, ent, actor_id, name, type_, "surname"))
                    continue
            else:
                surnames.setdefault(key, (unlisted_id(text), text, UNLISTED))
        rows.append(_mention(doc_id, sid, ent, unlisted_id(text), text, UNLISTED, "ner"))
    return rows


def actors_table(gazetteer: Gazetteer, mentions: Iterable[dict[str, Any]] = ()) -> pd.DataFrame:
    """The `actors` table: every gazetteer actor, plus each `unlisted` name found."""
    rows = [{"actor_id": a.actor_id, "name": a.name, "type": a.type, "aliases": list(a.aliases),
             "parent_id": a.parent_id, "capital": a.capital, "demonyms": list(a.demonyms),
             "gazetteer_version": gazetteer.version} for a in gazetteer.actors.values()]
    seen: set[str] = set()
    for row in mentions:
        if row["actor_type"] == UNLISTED and row["actor_id"] not in seen:
            seen.add(row["actor_id"])
            rows.append({"actor_id": row["actor_id"], "name": row["actor_name"], "type": UNLISTED,
                         "aliases": [], "parent_id": None, "capital": None, "demonyms": [],
                         "gazetteer_version": None})
    return pd.DataFrame(rows)

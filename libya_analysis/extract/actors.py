"""Actor mentions and the `actors` table.

`mentions_from_doc` turns a tagged Doc into `mentions`
rows: gazetteer matches, a foreign capital used for its government, a demonym with a state
noun ("the Russian embassy"), a surname after the full name in the same article, and every
other PERSON / ORG / NORP name as an `unlisted` candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span

from ..names import normalize_name
from ..schema import UNLISTED
from .gazetteer import (
    CAPITAL_PREFIX,
    Gazetteer,
)
from .places import PLACE_PREFIX, is_agentive, is_locative
from .sentences import sentence_index, sentence_starts

UNLISTED_LABELS = ("PERSON", "ORG", "NORP")
GROUP_NOUNS = frozenset({"militia", "brigade", "force", "fighter", "battalion", "katiba", "militiaman"})
STATE_NOUNS = frozenset({
    "government", "authority", "army", "military", "force", "troop", "ministry", "minister",
    "official", "embassy", "navy", "warplane", "jet", "aircraft", "drone", "diplomat",
    "intelligence", "coastguard", "guard", "president", "envoy", "ambassador", "administration",
    "parliament", "soldier", "command", "commando", "special", "air", "airstrike", "strike",
})

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


def actors_table(gazetteer: Gazetteer, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `actors` table: every gazetteer actor, plus each `unlisted` name found in `mentions`."""
    rows = [{"actor_id": a.actor_id, "name": a.name, "type": a.type, "aliases": list(a.aliases),
             "parent_id": a.parent_id, "capital": a.capital, "demonyms": list(a.demonyms),
             "gazetteer_version": gazetteer.version} for a in gazetteer.actors.values()]
    if mentions is not None and len(mentions):
        unlisted = mentions[mentions["actor_type"] == UNLISTED].drop_duplicates("actor_id")
        rows.extend({"actor_id": actor_id, "name": name, "type": UNLISTED, "aliases": [], "parent_id": None,
                     "capital": None, "demonyms": [], "gazetteer_version": None}
                    for actor_id, name in zip(unlisted["actor_id"], unlisted["actor_name"]))
    return pd.DataFrame(rows)

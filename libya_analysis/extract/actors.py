"""Actor mentions and the `actors` table.

`mentions_from_doc` turns a tagged Doc into `mentions`
rows: gazetteer matches, a foreign capital used for its government, a demonym with a state
noun ("the Russian embassy"), a surname after the full name in the same article, and every
other PERSON / ORG / NORP name as an `unlisted` candidate. Credited authors ("CNN's Arwa
Damon", "Reporting by ...") are `media`, like the outlets of the gazetteer.

`role_mentions` adds the parties news names by their role ("the rebels", "militants",
"security forces", "protesters", "civilians"): a spaCy `Matcher` on lemmas finds them, and each
is resolved, in this order, to the actor the text says they belong to ("Gaddafi's troops",
"ISIS militants", "pro-Haftar fighters", "fighters loyal to the GNA"), to the actor the role
means on the article's date (gazetteer date ranges: "government forces" in 2011 are Gaddafi's),
to the one armed group the article names (for militants and rebels), or else to the role's
collective actor ("Unidentified armed group (Libya)").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..names import normalize_name
from ..schema import MEDIA, ROLE_LABEL, UNLISTED
from .gazetteer import (
    CAPITAL_PREFIX,
    Actor,
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
                      starts: list[int] | None = None, roles: Matcher | None = None,
                      published: dt.date | None = None) -> list[dict[str, Any]]:
    """Actor mentions of one Doc, in text order (see the module docstring for the rules); with a
    role `Matcher` (`build_role_matcher`), role-named parties too, resolved on `published`."""
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
            if is_credit(ent, rows):
                rows.append(_mention(doc_id, sid, ent, unlisted_id(text), text, MEDIA, "credit"))
                continue
        rows.append(_mention(doc_id, sid, ent, unlisted_id(text), text, UNLISTED, "ner"))
    if roles is not None:
        rows = role_mentions(doc, doc_id, rows, gazetteer, roles, published=published, starts=starts)
    return rows


# ---------------------------------------------------------------- roles

_FORCE_NOUNS = ["force", "troop", "soldier", "fighter", "unit", "militia", "militiaman", "brigade",
                "battalion", "gunman", "gunmen", "man", "men", "member"]
_ROLE_HEADS = GROUP_NOUNS | {"troop", "soldier", "unit", "group", "organization", "organisation", "cell",
                             "faction", "man", "men", "member", "gang", "personnel", "officer", "army",
                             "movement", "coalition", "gunman", "gunmen"}
_NOUN = {"POS": {"IN": ["NOUN", "PROPN"]}}
OWNED = "forces"
"""Words that name a party only with its owner ("ISIS fighters", "pro-Haftar forces"); alone
("the forces") they make no mention."""
ROLE_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "rebels": [
        [{"LOWER": {"IN": ["rebel", "rebels"]}, "POS": {"NOT_IN": ["VERB", "AUX"]}},
         {"LEMMA": {"IN": _FORCE_NOUNS}, "OP": "?"}],
        [{"LOWER": {"IN": ["opposition", "anti-government", "anti-regime"]}}, {"LEMMA": {"IN": _FORCE_NOUNS}}],
        [{"LOWER": "anti"}, {"ORTH": {"IN": ["-", "‐"]}}, {"LOWER": {"IN": ["government", "regime"]}},
         {"LEMMA": {"IN": _FORCE_NOUNS}}],
        [{"LEMMA": {"IN": ["revolutionary", "thuwar", "opposition"]}, **_NOUN}],
    ],
    "loyalists": [
        [{"LEMMA": {"IN": ["loyalist", "mercenary"]}, **_NOUN}, {"LEMMA": {"IN": _FORCE_NOUNS}, "OP": "?"}],
        [{"LOWER": {"IN": ["regime", "pro-regime"]}}, {"LEMMA": {"IN": _FORCE_NOUNS}}],
    ],
    "government forces": [
        [{"LOWER": {"IN": ["government", "pro-government", "army", "military"]}},
         {"LEMMA": {"IN": ["force", "troop", "soldier", "unit", "fighter"]}}],
        [{"LEMMA": {"IN": ["soldier", "troop"]}, **_NOUN}],
        [{"LOWER": {"IN": ["army", "military"]}, **_NOUN}],
        [{"LOWER": {"IN": ["libyan", "libya"]}}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
         {"LEMMA": {"IN": ["force", "troop", "soldier", "army", "military", "unit"]}}],
    ],
    "government": [
        [{"LEMMA": {"IN": ["government", "regime"]}, "POS": "NOUN"}],
    ],
    "security forces": [
        [{"LOWER": "security"}, {"LEMMA": {"IN": ["force", "personnel", "service", "official", "guard", "agent",
                                                   "officer", "man", "men", "member"]}}],
    ],
    "police": [
        [{"LEMMA": {"IN": ["policeman", "policemen", "policewoman", "policewomen", "policeofficer"]}}],
        [{"LOWER": "police", **_NOUN}, {"LEMMA": {"IN": ["officer", "force", "man", "men", "member"]}, "OP": "?"}],
    ],
    "militants": [
        [{"LEMMA": {"IN": ["militant", "gunman", "gunmen", "insurgent", "jihadist", "jihadi", "extremist",
                           "terrorist", "attacker", "assailant", "kidnapper", "abductor", "bomber", "militia",
                           "militiaman", "militiamen"]}, **_NOUN}],
        [{"LOWER": "armed"}, {"LEMMA": {"IN": ["man", "men", "group", "gang"]}}],
        [{"LOWER": "suicide"}, {"LEMMA": "bomber"}],
    ],
    OWNED: [
        [{"LEMMA": {"IN": ["fighter", "force", "unit", "brigade", "battalion", "member", "commando", "man",
                           "men"]}, **_NOUN}],
    ],
    "protesters": [
        [{"LEMMA": {"IN": ["protester", "protestor", "demonstrator", "marcher"]}, **_NOUN}],
    ],
    "civilians": [
        [{"LEMMA": {"IN": ["civilian", "resident", "villager", "inhabitant", "bystander", "passerby",
                           "onlooker"]}, **_NOUN}],
        [{"LOWER": {"IN": ["passers", "passer"]}}, {"ORTH": {"IN": ["-", "‐"]}}, {"LOWER": "by"}],
    ],
}
"""spaCy `Matcher` patterns of each role, on lower-case forms and lemmas (any number, any phrasing
of the noun phrase around them)."""
_ARMED_ROLES = frozenset({"rebels", "loyalists", "government forces", "security forces", "police", "militants", OWNED})
_STATE_ROLES = frozenset({"government forces", "security forces", "police", "government"})
_ARTICLE_ROLES = frozenset({"rebels", "militants"})
_ALLY_WORDS = frozenset({"backed", "aligned", "allied", "supported", "sponsored", "funded", "loyal",
                         "affiliated", "linked", "belong", "belonging", "allegiance", "pledge"})
_ARMED_TYPES = ("armed_group", "militia")
_MILITIA_WORDS = frozenset({"militia", "militiaman", "militiamen"})
"""Militias are rarely the one jihadist group of an article ("clashes between rival militias")."""


def build_role_matcher(vocab: Vocab) -> Matcher:
    """A `Matcher` with one rule per role of `ROLE_PATTERNS` (build once per process)."""
    matcher = Matcher(vocab)
    for role, patterns in ROLE_PATTERNS.items():
        matcher.add(role, patterns)
    return matcher


def _role_span(span: Span, role: str) -> Span | None:
    """The mention a role match makes: the match, grown to the people noun it modifies ("militant
    group"); None where the role word only describes a thing ("civilian casualties", "police
    station", "opposition leaders"), except "rebel", which names the side ("rebel-held", "rebel
    stronghold")."""
    last = span[-1]
    if len(span) == 1 and last.lower_ in ("army", "military", "government", "regime") and any(
            child.dep_ == "det" and child.lower_ in ("a", "an", "any", "no", "every") for child in last.children):
        return None  # "a professional army", "any government": no party in particular
    if role == "government" and not _a_government(last):
        return None
    if last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i:
        head = last.head
        if head.lemma_.lower() in _ROLE_HEADS or head.lower_ in _ROLE_HEADS:
            return Span(span.doc, span.start, head.i + 1, label=ROLE_LABEL)
        return Span(span.doc, span.start, span.end, label=ROLE_LABEL) if last.lower_ in ("rebel", "rebels") else None
    return Span(span.doc, span.start, span.end, label=ROLE_LABEL)


def _a_government(token: Token) -> bool:
    """ "The regime", "the Libyan government", "Gaddafi's government" name one; "governments",
    "branch of government", "our government", "the federal government" do not name Libya's."""
    if token.lower_ not in ("government", "regime"):
        return False
    children = {child.lower_: child.dep_ for child in token.children if child.i < token.i}
    if any(word in children for word in ("our", "your", "my", "federal", "democratic", "elected")):
        return False
    return any(dep in ("det", "poss", "amod", "compound", "nmod") for dep in children.values())


def _owner(span: Span, token_row: dict[int, int]) -> tuple[int, str, bool] | None:
    """The mention the text says the role belongs to: (row index, "owner" or "ally", whether it
    stands right before the role in the same noun phrase). "Gaddafi's troops", "ISIS militants",
    "GNA-backed forces", "pro-Haftar fighters", "fighters of / loyal to X", an apposition."""
    doc, head = span.doc, span[-1]
    first = min(head.left_edge.i, span.start)
    before = span.start - 1
    if before >= 1 and doc[before].lower_ in ("'s", "’s"):
        before -= 1
    if before >= 0 and before in token_row:  # a name right before the role, however it was parsed
        first = min(first, before)
    for i in range(span.start - 1, first - 1, -1):
        if i in token_row:
            between = [t.lower_ for t in doc[i + 1:span.start]]
            if any(w in ("and", "or", ",") for w in between):
                return None
            row_start = min(j for j, r in token_row.items() if r == token_row[i])
            prefix = doc[row_start - 2].lower_ if row_start >= 2 and doc[row_start - 1].text in "-‐" else ""
            if prefix == "anti":
                return None  # "anti-Sarraj militias" are his enemies
            pro = prefix == "pro"
            ally = pro or any(w in _ALLY_WORDS for w in between)
            return token_row[i], "ally" if ally else "owner", True
    for child in head.rights:
        words = None
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "within"):
            words, relation = child.subtree, "owner"
        elif child.lemma_.lower() in _ALLY_WORDS or child.lower_ in _ALLY_WORDS:
            words, relation = child.subtree, "ally"
        elif child.dep_ == "appos":
            words, relation = child.subtree, "owner"
        if words is not None:
            for token in words:
                if token.i in token_row:
                    return token_row[token.i], relation, False
    if head.dep_ == "appos" and head.head.i in token_row:
        return token_row[head.head.i], "owner", False
    after = doc[span.end] if span.end < len(doc) else None  # "militiamen loyal to X", parsed or not
    if after is not None and (after.lower_ in _ALLY_WORDS or after.lower_ in ("of", "from")):
        for token in after.subtree:
            if token.i in token_row:
                return token_row[token.i], "owner" if after.lower_ in ("of", "from") else "ally", False
    return None


_FOREIGN_WORDS = frozenset({"foreign", "international", "western", "coalition", "allied", "overseas"})
FOREIGN = "foreign"
"""What `_foreign_modifier` returns for "foreign troops": not Libya's, and no state named."""


def _foreign_modifier(span: Span, gazetteer: Gazetteer) -> str | None:
    """A foreign state the role phrase is said to belong to by a demonym ("Egyptian policemen",
    "Chadian rebels"), `FOREIGN` for "foreign troops"; None for Libyan or unmarked phrases."""
    for token in span[-1].children:
        if token.i < span.start and token.lower_ in _FOREIGN_WORDS:
            return FOREIGN
        if token.i < span.start and token.ent_type_ == "NORP" and token.dep_ in ("amod", "compound", "nmod"):
            state = gazetteer.demonym_state(token.text)
            if state is not None:
                return state
    return None


def _article_actor(rows: list[dict[str, Any]], gazetteer: Gazetteer) -> str | None:
    """The one armed group (with its branches) the article names, the most named of its family."""
    counts = Counter(r["actor_id"] for r in rows if r["actor_type"] in _ARMED_TYPES
                     and r["actor_id"] in gazetteer and not gazetteer[r["actor_id"]].collective)
    roots = {(gazetteer.ancestors(a) or [a])[-1] for a in counts}
    return counts.most_common(1)[0][0] if len(roots) == 1 else None


def _resolve_owner(owner: Actor, relation: str, role: str) -> Actor | str | None:
    """The actor a role phrase belongs to, given the actor that owns it; "skip" when the phrase
    names another country's people ("Egyptian civilians"), None when the owner says nothing of
    whose they are (a foreign backer: "UN-backed forces", "Turkish-backed fighters")."""
    if owner.collective or owner.type in (MEDIA, "protesters", "civilians"):
        return None
    if role == "government" and owner.type == "person":
        return None  # "Sarraj's government" is the government of the date, not the man
    if role not in _ARMED_ROLES and role != "government":
        return "skip" if owner.type == "foreign_state" and relation == "owner" else None
    if relation == "ally" and owner.type in ("foreign_state", "international_body"):
        return None
    return owner


def role_mentions(doc: Doc, doc_id: str, rows: list[dict[str, Any]], gazetteer: Gazetteer, matcher: Matcher, *,
                  published: dt.date | None = None, starts: list[int] | None = None) -> list[dict[str, Any]]:
    """The Doc's mentions with role-named parties added, resolved (see the module docstring);
    a name that owns a role phrase right before it merges with it ("ISIS militants" is one
    mention of ISIS), so a phrase is counted once. Returned in text order."""
    starts = starts if starts is not None else sentence_starts(doc)
    token_row: dict[int, int] = {}
    for index, row in enumerate(rows):
        if row["actor_type"] in (UNLISTED, MEDIA):
            continue
        span = doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand")
        for token in span or ():
            token_row[token.i] = index
    taken = {t.i for r in rows if (sp := doc.char_span(r["start_char"], r["end_char"], alignment_mode="expand"))
             for t in sp}
    taken |= {t.i for ent in doc.ents if ent.ent_id_ for t in ent}
    unlisted_end = {sp[-1].i for r in rows if r["actor_type"] in (UNLISTED, MEDIA)
                    and (sp := doc.char_span(r["start_char"], r["end_char"], alignment_mode="expand"))}
    article_actor = _article_actor(rows, gazetteer)
    matches = [Span(doc, start, end, label=doc.vocab.strings[key]) for key, start, end in matcher(doc)
               if not any(i in taken for i in range(start, end))]
    dropped: set[int] = set()
    added: list[dict[str, Any]] = []
    for match in filter_spans(matches):
        role = match.label_
        span = _role_span(match, role)
        if span is None or any(t.i in taken for t in span):
            continue
        before = span.start - 2 if span.start >= 2 and doc[span.start - 1].lower_ in ("'s", "’s") else span.start - 1
        if before in unlisted_end:
            continue  # "Assad's forces", "Milosevic regime": a party the gazetteer does not know
        foreign = _foreign_modifier(span, gazetteer)
        owner = _owner(span, token_row)
        actor: Actor | None = None
        how = ""
        if owner is not None:
            index, relation, adjacent = owner
            resolved = _resolve_owner(gazetteer[rows[index]["actor_id"]], relation, role)
            if resolved == "skip":
                continue
            if isinstance(resolved, Actor):
                actor = gazetteer[resolved.forces] if resolved.forces and role in _ARMED_ROLES else resolved
                how = relation
                if adjacent:
                    dropped.add(index)
                    start = doc.char_span(rows[index]["start_char"], span.end_char, alignment_mode="expand") or span
                    pro = start.start >= 2 and doc[start.start - 1].text in "-‐" and doc[start.start - 2].lower_ == "pro"
                    span = Span(doc, start.start - 2 if pro else start.start, span.end, label=ROLE_LABEL)
                elif actor.actor_id == rows[index]["actor_id"]:
                    continue  # "members of ISIS": ISIS is counted once, by its name
        if actor is None and foreign is not None:
            if role not in _STATE_ROLES or foreign == FOREIGN:
                continue  # "Chadian rebels", "Egyptian civilians", "foreign troops": not Libya's
            actor, how = gazetteer[foreign], "owner"
        if actor is None and role == OWNED:
            continue
        if actor is None:
            found = gazetteer.role_actor(role, published)
            if found is None:
                continue
            actor, dated = found
            how = "date" if dated else "collective"
            if (not dated and role in _ARTICLE_ROLES and article_actor is not None
                    and span[-1].lemma_.lower() not in _MILITIA_WORDS):
                actor, how = gazetteer[article_actor], "article"
        sid = sentence_index(starts, span.start_char)
        row = _mention(doc_id, sid, span, actor.actor_id, actor.name, actor.type, how)
        row["label"] = ROLE_LABEL
        added.append(row)
        taken |= {t.i for t in span}
    kept = [row for index, row in enumerate(rows) if index not in dropped] + added
    return sorted(kept, key=lambda r: (r["start_char"], r["end_char"]))


# ---------------------------------------------------------------- credits

_CREDIT_BEFORE = re.compile(r"(?i)(?:^|[(;\n\[])\s*(?:additional\s+)?(?:reporting|writing|editing|written|"
                            r"compiled|reported|interviews?|photos?)?\s*by\s+(?:[^.;()\n]*?(?:,|\band\b)\s*)?$")
_CREDIT_AFTER = re.compile(r"(?i)^\s*(?:and\s[^.;\n]{0,60}?)?(?:contributed|reported from|reports from)\b")


def is_credit(ent: Span, rows: list[dict[str, Any]]) -> bool:
    """A person named as an author of the text: "CNN's Arwa Damon", "By Chris Stephen",
    "(Reporting by A and B; Editing by C)", "X contributed to this report"."""
    doc = ent.doc
    if ent.start >= 1 and doc[ent.start - 1].lower_ in ("'s", "’s"):
        before = doc[ent.start - 1].idx
        if any(r["actor_type"] == MEDIA and r["end_char"] == before for r in rows):
            return True
    line_start = doc.text.rfind("\n", 0, ent.start_char) + 1
    if _CREDIT_BEFORE.search(doc.text[line_start:ent.start_char]):
        return True
    return bool(_CREDIT_AFTER.match(doc.text[ent.end_char:ent.end_char + 100]))


def actors_table(gazetteer: Gazetteer, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `actors` table: every gazetteer actor, plus each `unlisted` name found (a credited
    author as `media`). The roles that name an actor ("rebels") are among its aliases, so a
    reader (and `evaluate`) finds the actor by them; only the gazetteer's names are matched alone."""
    rows = [{"actor_id": a.actor_id, "name": a.name, "type": a.type,
             "aliases": list(dict.fromkeys([*a.aliases, *gazetteer.role_names(a)])),
             "parent_id": a.parent_id, "capital": a.capital, "demonyms": list(a.demonyms),
             "collective": a.collective, "gazetteer_version": gazetteer.version}
            for a in gazetteer.actors.values()]
    if mentions is not None and len(mentions):
        unlisted = mentions[mentions["actor_id"].str.startswith(f"{UNLISTED}:")].drop_duplicates("actor_id")
        rows.extend({"actor_id": actor_id, "name": name, "type": type_, "aliases": [], "parent_id": None,
                     "capital": None, "demonyms": [], "collective": False, "gazetteer_version": None}
                    for actor_id, name, type_ in zip(unlisted["actor_id"], unlisted["actor_name"],
                                                     unlisted["actor_type"]))
    return pd.DataFrame(rows)

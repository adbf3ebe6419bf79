"""The actor gazetteer: `data/actors.yaml` (versioned) loaded, validated and indexed.

Each actor is listed once with an id, a canonical name, an ACLED-like type, aliases and a
parent. The gazetteer becomes `EntityRuler` patterns (see `pipeline`) and the `actors` table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..exceptions import GazetteerError
from ..names import normalize_name

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ACTOR_TYPES = ("state_forces", "armed_group", "militia", "government", "international_body",
               "foreign_state", "person", "protesters", "civilians", "media")
ROLES = ("rebels", "loyalists", "government forces", "security forces", "police", "militants",
         "protesters", "civilians", "government")
"""Roles by which news names a party without its name (see `extract.actors.ROLE_PATTERNS`)."""
ROLE_NAMES = {
    "rebels": ("rebels", "rebel forces", "rebel fighters", "opposition forces", "opposition fighters",
               "the opposition", "revolutionaries"),
    "loyalists": ("loyalists", "regime forces", "mercenaries"),
    "government forces": ("government forces", "government troops", "army", "military", "soldiers", "troops"),
    "security forces": ("security forces", "security personnel"),
    "police": ("police", "policemen", "police officers"),
    "militants": ("militants", "gunmen", "insurgents", "jihadists", "extremists", "terrorists", "attackers",
                  "assailants", "armed men", "militias"),
    "protesters": ("protesters", "protestors", "demonstrators"),
    "civilians": ("civilians", "residents", "villagers"),
    "government": ("government", "the regime"),
}
"""How analysts write each role, for the `actors` table's aliases (never matched alone)."""
CAPITAL_PREFIX = "capital:"
_LABEL_OF_TYPE = {"person": "PERSON", "foreign_state": "GPE"}
_ACRONYM = re.compile(r"^(?:[A-Z][A-Za-z]?\.?){1,6}$")


@dataclass(frozen=True)
class RoleRule:
    """A role ("rebels") that names an actor, from `start` to `end` (inclusive; None: open)."""

    role: str
    actor_id: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


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
    collective: bool = False
    forces: str | None = None
    roles: tuple[RoleRule, ...] = ()


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
    _roles: dict[str, list[RoleRule]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for rule in actor.roles:
                self._roles.setdefault(rule.role, []).append(rule)
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

    def role_actor(self, role: str, published: dt.date | None) -> tuple[Actor, bool] | None:
        """The actor a role names on the article's date, and whether a date range decided it:
        "government forces" in March 2011 -> Gaddafi forces; undated or outside every range ->
        the role's collective actor ("Rebel forces (Libya)"); None for an unknown role."""
        rules = self._roles.get(role, [])
        if published is not None:
            for rule in rules:
                if rule.dated and rule.covers(published):
                    return self.actors[rule.actor_id], True
        default = next((rule for rule in rules if not rule.dated), None)
        return (self.actors[default.actor_id], False) if default else None

    def role_names(self, actor: Actor) -> tuple[str, ...]:
        """How the roles that name the actor at some date are written ("rebels", "rebel forces"
        for the anti-Gaddafi forces)."""
        return tuple(dict.fromkeys(name for rule in actor.roles for name in ROLE_NAMES[rule.role]))

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
    except (yaml.YAMLError, ValueError) as err:  # ValueError: a date that does not exist (2011-02-30)
        raise GazetteerError(f"{source}: not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise GazetteerError(f"{source}: expected a mapping at the top")
    return data, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], source


def _date(value: Any, where: str, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise GazetteerError(f"{where}: role {key} {value!r} is not a date YYYY-MM-DD") from None


def _role_rules(entry: dict[str, Any], actor_id: str, where: str) -> tuple[RoleRule, ...]:
    """`roles:` of an entry: a role name, or {role, from, to} with ISO dates (from <= to)."""
    rules = []
    for item in entry.get("roles") or ():
        item = {"role": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or item.get("role") not in ROLES:
            raise GazetteerError(f"{where}: role {item!r} is not one of {', '.join(ROLES)}")
        start, end = _date(item.get("from"), where, "from"), _date(item.get("to"), where, "to")
        if start and end and start > end:
            raise GazetteerError(f"{where}: role {item['role']!r} ends ({end}) before it starts ({start})")
        rules.append(RoleRule(item["role"], actor_id, start, end))
    return tuple(rules)


def _check_roles(actors: dict[str, Actor], source: str) -> None:
    """Each role has one undated (collective) actor and date ranges that never overlap."""
    by_role: dict[str, list[RoleRule]] = {}
    for actor in actors.values():
        for rule in actor.roles:
            by_role.setdefault(rule.role, []).append(rule)
    for role, rules in by_role.items():
        undated = [r.actor_id for r in rules if not r.dated]
        if len(undated) != 1:
            raise GazetteerError(f"{source}: role {role!r} needs exactly one actor without a date range "
                                 f"(the collective one), found {undated or 'none'}")
        dated = sorted((r for r in rules if r.dated), key=lambda r: r.start or dt.date.min)
        for first, second in zip(dated, dated[1:]):
            if first.end is None or (second.start is not None and second.start <= first.end) or second.start is None:
                raise GazetteerError(f"{source}: role {role!r}: the date ranges of {first.actor_id!r} and "
                                     f"{second.actor_id!r} overlap")


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
                                 tuple(entry.get("demonyms") or ()), entry.get("home") or None,
                                 bool(entry.get("collective", False)), entry.get("forces") or None,
                                 _role_rules(entry, actor_id, where))
    for actor in actors.values():
        if actor.parent_id and actor.parent_id not in actors:
            raise GazetteerError(f"{source}: {actor.actor_id!r} has unknown parent {actor.parent_id!r}")
        if actor.forces and actor.forces not in actors:
            raise GazetteerError(f"{source}: {actor.actor_id!r} has unknown forces {actor.forces!r}")
    _check_roles(actors, source)
    return Gazetteer(actors, str(data.get("version", "unversioned")), digest, source)

"""Casualty figures: who was killed, injured or abducted, how many, by whom, where and when.

A figure is a count attached by the dependency parse to the victims of a casualty verb or noun:
active ("killed seven security personnel"), passive ("two guards were killed"), nominal ("the
death toll rose to 45", "45 deaths"), predicative ("left 11 brigade members dead", "35
wounded"), coordinated ("killed 48 and injured 79", "seven civilians were killed along with ten
soldiers") and headline ("50 killed") forms. A number that counts no people (kilometres, years,
vehicles, money), or people under a verb that is not a casualty (arrested, sentenced, rescued,
missing), or harm under a modal ("will be dead"), is never a figure. Bounds follow UCDP: "at
least 10" is low 10; "as many as 40" is high 40; "15 to 20" is both; "about 30" is 30 and
approximate. Counts without a number ("dozens", "a number of") are `vague`. Each figure has a
`kind` (`figure_kind`): `incident`, `aggregate` (a total over a period or a war), `historical`
(well before the article) or `undated`; only the date of its sentence, the sentence before or
the report dates it. Casualty words come from `LEXICON` (by meaning) and `PHRASE_PATTERNS`
(multi-word expressions for spaCy's DependencyMatcher).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from spacy.tokens import Doc, Span, Token

from .numbers import parse_number
from .sentences import dateline_at, sentence_index
from .timex import PRECISIONS, interval

LEXICON: dict[str, dict[str, frozenset[str]]] = {
    "killed": {
        # transitive verbs whose object (or passive subject) is killed
        "verbs": frozenset({"kill", "slay", "murder", "execute", "behead", "decapitate", "massacre", "assassinate",
                            "slaughter", "lynch", "butcher", "exterminate"}),
        # verbs whose subject dies
        "intransitive": frozenset({"die", "perish", "drown", "succumb"}),
        # nouns counting the dead ("45 deaths", "19 bodies", "50 lives")
        "nouns": frozenset({"death", "fatality", "dead", "body", "corpse", "killing", "life"}),
    },
    "injured": {
        "verbs": frozenset({"injure", "wound", "hurt", "maim"}),
        "intransitive": frozenset(),
        "nouns": frozenset({"injury", "wounded", "injured"}),
    },
    "abducted": {
        "verbs": frozenset({"kidnap", "abduct"}),
        "intransitive": frozenset(),
        "nouns": frozenset({"hostage", "abductee", "captive"}),
    },
}
"""Casualty words by meaning: killing and death, injury, captivity. Multi-word expressions
("shoot dead", "gun down", "claim lives", "take hostage", "hold captive", "put into vehicles",
"missing, presumed abducted") are matched on the parse by `PHRASE_PATTERNS`."""
SEIZE_VERBS = frozenset({"seize", "snatch", "grab"})
"""Verbs of captivity only when what they take are people ("seized 30 passengers", not "20 vehicles")."""
KILL_VERBS = LEXICON["killed"]["verbs"]
INJURE_VERBS = LEXICON["injured"]["verbs"]
ABDUCT_VERBS = LEXICON["abducted"]["verbs"]
DIE_VERBS = LEXICON["killed"]["intransitive"]
VEHICLE_NOUNS = frozenset({"vehicle", "truck", "car", "bus", "van", "pickup", "lorry", "jeep", "boat", "minibus"})
PHRASE_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    # verb + particle or complement: the verb token is the cue
    "killed": [
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["shoot", "gun", "hack", "stab", "beat", "burn", "stone"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "how",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["dead", "down", "fatally"]}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["shoot", "gun"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "victims", "RIGHT_ATTRS": {"DEP": "dobj"}},
         {"LEFT_ID": "victims", "REL_OP": ">", "RIGHT_ID": "dead", "RIGHT_ATTRS": {"LOWER": "dead"}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["shoot", "beat", "stab", "hack", "burn", "stone",
                                                             "torture", "starve", "crush"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to", "DEP": "prep"}},
         {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "death", "RIGHT_ATTRS": {"LOWER": "death"}}],
    ],
    "abducted": [
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["take", "hold", "keep", "seize"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["hostage", "hostages", "captive", "captives", "prisoner", "prisoners"]}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["take", "hold", "keep"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": {"LOWER": "as"}},
         {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["hostage", "hostages", "captive", "captives"]}}}],
        # "put into vehicles", "taken away in trucks", "herded onto buses"
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["put", "take", "force", "herd", "load", "bundle",
                                                             "push", "throw", "march", "pack", "cram", "shove"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "prep",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["into", "in", "onto", "on"]}, "DEP": "prep"}},
         {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "vehicle",
          "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(VEHICLE_NOUNS)}}}],
        # "missing, presumed abducted"
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["presume", "believe", "feared", "fear", "think"]}}},
         {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "what",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["abducted", "kidnapped", "kidnaped"]}}}],
        [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["presume", "believe", "fear", "think"]}}},
         {"LEFT_ID": "verb", "REL_OP": "<", "RIGHT_ID": "what",
          "RIGHT_ATTRS": {"LOWER": {"IN": ["abducted", "kidnapped", "kidnaped"]}}}],
    ],
}
"""Dependency patterns (spaCy DependencyMatcher, on lemmas) for multi-word casualty expressions;
the first token of each pattern is the cue the counted victims hang from."""
_MATCHERS: dict[int, Any] = {}
_PHRASE_CUES = "libya_analysis_casualty_cues"


def _phrase_matcher(vocab: Any) -> Any:
    """The DependencyMatcher of `PHRASE_PATTERNS` for a vocabulary (built once)."""
    from spacy.matcher import DependencyMatcher

    if id(vocab) not in _MATCHERS:
        matcher = DependencyMatcher(vocab)
        for category, patterns in PHRASE_PATTERNS.items():
            matcher.add(category, patterns)
        _MATCHERS[id(vocab)] = matcher
    return _MATCHERS[id(vocab)]


def phrase_cues(doc: Doc) -> dict[int, str]:
    """Token index of each multi-word casualty expression's verb -> its category."""
    if not doc.has_annotation("DEP"):
        return {}
    cues: dict[int, str] = {}
    for match_id, tokens in _phrase_matcher(doc.vocab)(doc):
        cues.setdefault(tokens[0], doc.vocab.strings[match_id])
    return cues


CASUALTY_NOUNS = {"death": "killed", "fatality": "killed", "dead": "killed", "body": "killed",
                  "killing": "killed", "injury": "injured", "wounded": "injured", "injured": "injured", "hurt": "injured",
                  "hostage": "abducted", "abductee": "abducted"}
EVENT_NOUNS = {"killing": "killed", "execution": "killed", "death": "killed", "murder": "killed",
               "beheading": "killed", "massacre": "killed", "assassination": "killed", "slaughter": "killed",
               "kidnapping": "abducted", "abduction": "abducted", "injury": "injured", "wounding": "injured"}
PREDICATES = {"dead": "killed", "killed": "killed", "wounded": "injured", "injured": "injured", "hurt": "injured"}
BODY_VERBS = frozenset({"find", "recover", "discover", "retrieve", "receive", "collect", "pull", "bury", "identify",
                        "exhume", "wash", "see", "spot", "dump", "count", "lie", "litter", "bring"})
TOLL_VERBS = frozenset({"rise", "reach", "climb", "increase", "jump", "stand", "hit", "mount", "grow", "be", "top",
                        "total", "surpass", "exceed", "pass", "soar"})
LIFE_VERBS = frozenset({"claim", "cost", "take", "lose", "end"})
"""Verbs of "lives" that count the dead: "claimed 50 lives", "cost the lives of 9 people"."""
PERSON_NOUNS = frozenset("""
people person civilian civilians resident villager inhabitant child children kid boy girl woman women man men
soldier troop trooper officer policeman policemen police policewoman guard bodyguard personnel staff member
fighter militant jihadist extremist terrorist insurgent rebel gunman gunmen attacker assailant bomber militiaman
militiamen recruit commander leader official officer worker labourer laborer migrant refugee passenger pilgrim
worshipper worshiper student teacher doctor nurse medic paramedic journalist reporter photographer employee
engineer contractor driver tourist foreigner expatriate national citizen hostage captive prisoner detainee
christian copt muslim shepherd farmer fisherman sailor crew crewman pilot diplomat volunteer protester
demonstrator customer shopper family relative spectator other others individual operative follower loyalist
jihadi guardsman conscript cadet recruit mercenary combatant victim teenager teen youth young adult infant baby
toddler schoolgirl schoolboy schoolchild schoolchildren pupil mother father parent son daughter brother sister
wife husband miner villager herder herdsman nomad trader merchant vendor traveller traveler commuter pedestrian
bystander mourner guest sunni shiite shia yazidi kurd alawite priest imam cleric monk nun
peacekeeper marine sailor airman sniper jihadi guerrilla partisan defector deserter elder chief official staffer
inmate convict suspect survivor casualty faithful believer congregant
""".split())
THING_NOUNS = frozenset("""
vehicle car truck tank lorry bus van pickup jeep boat ship vessel plane aircraft helicopter jet drone
building house home shop school hospital mosque church office village town city site target position base
rocket missile shell round bomb mine grenade bullet weapon gun rifle artillery ammunition
animal cattle cow sheep goat camel horse donkey dog bird chicken livestock head
percent % kilometer kilometre mile meter metre foot feet hour day week month year minute second time times
dollar euro pound dinar ton tonne barrel acre hectare tree crop well pipeline job seat vote point case
source witness eyewitness press report agency statement newspaper network election
""".split())
"""Counted nouns that are never people, whatever the verb ("killed 200 cattle", "lost 3,000 jobs")."""
VICTIM_GROUPS = {
    "civilians": {"civilian", "resident", "villager", "inhabitant", "child", "kid", "boy", "girl", "woman",
                  "worker", "labourer", "laborer", "passenger", "pilgrim", "worshipper", "worshiper",
                  "student", "teacher", "doctor", "nurse", "medic", "paramedic", "journalist", "reporter",
                  "photographer", "employee", "engineer", "shepherd", "farmer", "fisherman", "protester",
                  "demonstrator", "customer", "shopper", "family", "relative", "spectator", "volunteer",
                  "christian", "copt", "muslim", "refugee", "migrant"},
    "security forces": {"soldier", "troop", "trooper", "officer", "policeman", "police", "policewoman", "guard",
                        "bodyguard", "personnel", "guardsman", "conscript", "cadet", "army", "security",
                        "force", "pilot", "crewman", "sailor"},
    "militants": {"militant", "jihadist", "jihadi", "extremist", "terrorist", "insurgent", "rebel", "gunman",
                  "attacker", "assailant", "bomber", "militiaman", "fighter", "operative", "mercenary",
                  "combatant", "recruit", "follower", "loyalist"},
    "foreign nationals": {"foreigner", "expatriate", "tourist", "diplomat", "national", "contractor"},
}
NON_CASUALTY_HEADS = frozenset({"arrest", "detain", "sentence", "convict", "rescue", "evacuate", "recruit",
                                "release", "free", "capture", "deport", "displace", "miss", "train", "hold",
                                "jail", "imprison", "charge", "try", "save", "treat"})
VAGUE_WORDS = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3, "many": None,
               "numerous": None, "some": None, "number": None, "few": None, "multiple": None, "countless": None}
LOW_CUES = ("at least", "no fewer than", "no less than", "not less than", "a minimum of", "more than",
            "over", "upwards of", "in excess of", "above")
HIGH_CUES = ("as many as", "up to", "a maximum of", "no more than", "fewer than", "less than", "under")
APPROX_CUES = ("about", "some", "nearly", "around", "approximately", "almost", "roughly", "an estimated",
               "estimated", "close to", "nearly", "around")
AGGREGATE_PHRASES = ("so far", "to date", "since the start", "since the beginning", "over the past", "in the past",
                     "during the past", "over the last", "since the campaign", "since the operation", "cumulative")
"""Phrases of a total over a period ("a total of 18 people were killed late Tuesday" is one event)."""
REFERRING_HEADS = frozenset({"organization", "organisation", "group", "militant", "terrorist", "extremist",
                             "jihadist", "affiliate", "cell", "militia", "attacker", "gunman", "assailant"})
RELATIVE_SIGNALS = frozenset({"after", "before", "earlier", "later", "ago", "previous", "previously", "prior",
                              "following", "since"})
"""Words that date a sentence relative to another event: it does not inherit the previous date."""
REPORTING_VERBS = frozenset({"say", "tell", "state", "add", "announce", "report", "affirm", "stress", "confirm",
                             "explain", "note", "declare", "warn", "quote", "write"})
_ENTITY_SKIP = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
FIGURE_COLUMNS = ["figure_id", "doc_id", "sentence_id", "start_char", "end_char", "text", "category", "low",
                  "high", "approximate", "vague", "aggregate", "status", "victims", "victim_group",
                  "perpetrator_id", "place", "country", "date_value", "date_basis", "incident_id", "cue", "form",
                  "kind", "review"]


@dataclass
class Figure:
    """One stated figure before dating and resolution."""

    category: str
    low: int | None
    high: int | None
    approximate: bool
    vague: bool
    number: Span
    victims: Span
    cue: Token
    form: str = "active"


# ---------------------------------------------------------------- numbers

def number_value(tokens: list[Token]) -> int | None:
    """The integer a number phrase states ("14", "1,643", "seven", "twenty-one", "a dozen")."""
    return parse_number(" ".join(t.text for t in tokens))


def _number_phrase(token: Token) -> list[Token]:
    """The contiguous tokens of a number ("twenty one", "two hundred", "a dozen")."""
    doc = token.doc
    start = end = token.i
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in ("-",)) and doc[start - 1].dep_ in ("compound", "nummod", "quantmod", "punct"):
        start -= 1
    while end + 1 < len(doc):
        following = doc[end + 1]
        if following.lower_ in ("-", "‐") and end + 2 < len(doc) and doc[end + 2].like_num and not doc[end + 2].is_digit:
            end += 2
        elif (following.like_num or following.lower_ == "dozen") and following.head.i in (token.i, end):
            end += 1
        else:
            break
    if start > 0 and doc[start - 1].lower_ in ("a", "an") and doc[start].lower_ == "dozen":
        start -= 1
    return list(doc[start:end + 1])


def _is_count(token: Token) -> bool:
    """A number that may count people: not part of a date, time, sum, percentage, distance or age.

    The NER sometimes reads "between 15 and 20 people" as a date: a number that directly counts
    people is kept whatever its entity label says."""
    if token.ent_type_ in _ENTITY_SKIP and not (token.ent_type_ in ("DATE", "TIME", "CARDINAL") and (
            _counts_people(token) or _casualty_of(token) or _adjacent_cue([token], token))):
        return False
    if token.lower_ == "dozen":
        return True
    if not token.like_num or token.lower_ in ("first", "second"):
        return False
    doc = token.doc
    if token.i > 0 and (doc[token.i - 1].lower_ in ("no.", "number", "#", "nos.")
                        or (token.i > 1 and doc[token.i - 1].text == "." and doc[token.i - 2].lower_ == "no")):
        return False  # "al Qaeda's No. 2"
    if re.fullmatch(r"(1[89]|20)\d\d", token.text) and (
            token.dep_ != "nummod" or not _is_person(token.head, [], strict=True)
            or (token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–") and doc[token.i + 2].like_num)):
        return False  # a year ("the 2007-2008 election"), unless it plainly counts people
    following = " ".join(t.lower_ for t in token.doc[token.i + 1:token.i + 4])
    return not re.match(r"(- )?years?(-| )old|(- )?year -", following)


def _counts_people(token: Token) -> bool:
    node = token
    for _ in range(4):
        if node.dep_ == "nummod" and _is_person(node.head, []):
            return True
        if node.dep_ not in ("conj", "quantmod", "nummod") or node.head == node:
            return False
        node = node.head
    return False


def bounds(number: list[Token], value: int) -> tuple[int | None, int | None, bool, Token | None]:
    """(low, high, approximate, second number of a range) from the words around a number."""
    doc = number[0].doc
    first, last = number[0].i, number[-1].i
    before = " ".join(t.lower_ for t in doc[max(first - 4, 0):first])
    if first >= 2 and doc[first - 1].lower_ in ("to", "-", "–") and doc[first - 2].like_num:
        start = number_value([doc[first - 2]])
        if start is not None and start < value:
            return start, value, False, doc[first - 2]
    after = doc[last + 1:last + 4]
    if len(after) >= 2 and after[0].lower_ in ("to", "-", "–", "and") and after[1].like_num:
        second = number_value([after[1]])
        if second is not None and second > value and (after[0].lower_ != "and" or before.endswith("between")):
            return value, second, False, after[1]
    for cue in LOW_CUES:
        if before.endswith(cue):
            return value, None, False, None
    for cue in HIGH_CUES:
        if before.endswith(cue):
            return None, value, False, None
    for cue in APPROX_CUES:
        if before.endswith(cue):
            return value, value, True, None
    return value, value, False, None


# ---------------------------------------------------------------- structure

def _lemma(token: Token) -> str:
    return token.lemma_.lower()


_VERBS = KILL_VERBS | INJURE_VERBS | ABDUCT_VERBS


def _verb_lemma(token: Token) -> str:
    """The lemma, or the casualty verb the form belongs to where the lemmatizer slips ("wound" ->
    "wind")."""
    lemma = _lemma(token)
    if lemma in _VERBS or token.pos_ not in ("VERB", "AUX", "NOUN"):
        return lemma
    word = token.lower_
    for verb in _VERBS:
        stem = verb[:-1] if verb.endswith("e") else verb
        if len(verb) > 3 and word.startswith(stem) and len(word) - len(stem) <= 4:
            return verb
    return lemma


def _verb_category(verb: Token) -> str | None:
    """The category of a casualty verb, from the lexicon or a multi-word expression it heads."""
    lemma = _verb_lemma(verb)
    if lemma in KILL_VERBS:
        return "killed"
    if lemma in INJURE_VERBS:
        return "injured"
    if lemma in ABDUCT_VERBS:
        return "abducted"
    cues = verb.doc.user_data.get(_PHRASE_CUES)
    if cues is None:
        cues = phrase_cues(verb.doc)
    if verb.i in cues:
        return cues[verb.i]
    if lemma in SEIZE_VERBS:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if objects and _is_person(objects[0], [objects[0]] if objects[0].like_num else [], strict=True):
            return "abducted"
    return None


def _predicate(verb: Token) -> str | None:
    """Category of a predicate complement: "left 11 dead", "are feared dead", "found dead"."""
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "attr", "advcl", "conj") and child.lower_ in PREDICATES:
            return PREDICATES[child.lower_]
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "obj") for c in verb.children)


def _is_person(head: Token, number: list[Token], *, strict: bool = False) -> bool:
    """Whether the counted noun names people (or the number stands alone for them).

    With `strict`, the noun must be a known word for people (for verbs that also take things:
    "seized 30 passengers" but not "seized 20 vehicles"); otherwise, for a casualty verb, any noun
    that is not a thing, an animal or a measure counts ("48 teenagers died")."""
    if head in number:
        partitive = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        if partitive:
            objects = [g for g in partitive[0].children if g.dep_ == "pobj"]
            return bool(objects) and _is_person(objects[0], [], strict=strict)
        return True
    lemma = _lemma(head)
    if lemma in PERSON_NOUNS or head.lower_ in PERSON_NOUNS:
        return True
    if head.ent_type_ in ("NORP", "PERSON") or (head.tag_ == "NNPS"):
        return True
    if lemma.endswith(("man", "men")) and len(lemma) > 4:
        return True
    if strict or head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in _ENTITY_SKIP:
        return False
    return lemma not in THING_NOUNS and head.lower_ not in THING_NOUNS


def _casualty_of(counted: Token) -> tuple[str, Token, str] | None:
    """(category, cue token, form) when the counted phrase is the victim of a casualty cue."""
    found = _cue_of(counted)
    if found is not None and counted.dep_ == "conj" and found[2] not in ("nominal",):
        return found[0], found[1], "coordinated"
    return found


def _cue_of(counted: Token) -> tuple[str, Token, str] | None:
    for child in counted.children:
        if child.dep_ in ("amod", "acl") and child.lower_ in PREDICATES and child.i > counted.i:
            return PREDICATES[child.lower_], child, "predicative"
    node = counted
    while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        node = node.head
    head = node.head
    dep = node.dep_
    # passive or active object of a casualty verb, possibly through a partitive/appositive
    if dep in ("dobj", "obj", "nsubjpass") and (category := _verb_category(head)):
        return category, head, "passive" if dep == "nsubjpass" else "active"
    if dep in ("nsubj", "nsubjpass") and _lemma(head) in DIE_VERBS:
        return "killed", head, "active"
    # "claimed at least 50 lives", "has lost more than 3,000 soldiers"
    if dep in ("dobj", "nsubjpass") and _lemma(counted) == "life" and _lemma(head) in LIFE_VERBS:
        return "killed", head, "nominal"
    if dep == "dobj" and _lemma(head) == "lose" and _is_person(counted, [], strict=True):
        return "killed", head, "active"
    # "the death toll totals nearly 350"
    if dep in ("dobj", "attr") and _lemma(head) in TOLL_VERBS and _has_toll_subject(head):
        return "killed", head, "nominal"
    # a subject shared with a casualty verb in coordination: "were singled out and put into
    # vehicles", "are missing, presumed abducted"
    if dep in ("nsubj", "nsubjpass"):
        for verb in head.children:
            if verb.dep_ in ("conj", "advcl") and verb.pos_ in ("VERB", "AUX") \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
                    and (category := _verb_category(verb)) and not _has_object(verb):
                return category, verb, "passive" if dep == "nsubjpass" or verb.tag_ == "VBN" else "active"
    if dep == "nsubj" and (category := _verb_category(head)) and head.tag_ == "VBN" and not _has_object(head):
        return category, head, "predicative"
    if dep == "nsubj" and _lemma(head) == "lose" and any(_lemma(c) in ("life", "live") for c in head.children):
        return "killed", head, "active"
    if dep in ("dobj", "nsubjpass", "nsubj") and (category := _predicate(head)):
        return category, head, "predicative"
    # "50 killed", "people killed in the attack", "700 militants killed by ..."
    for child in counted.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.i > counted.i and (category := _verb_category(child)) \
                and not _has_object(child):
            return category, child, "headline"
        if child.dep_ == "acl" and child.i == counted.i + 1 and child.tag_ in ("VBD", "VBN") \
                and _lemma(child) in DIE_VERBS:
            return "killed", child, "active"  # "20 migrants drowned when ...", the verb read as a reduced relative
        if child.dep_ in ("amod", "acl") and child.lower_ in PREDICATES and child.i > counted.i:
            return PREDICATES[child.lower_], child, "predicative"
    # "along with ten soldiers", "in addition to 5 others"
    if dep == "pobj" and head.lower_ in ("with", "to") and head.head is not None:
        verb = head.head
        if head.lower_ == "with" and (any(c.lower_ == "along" for c in verb.children) or head.head.lower_ == "along"):
            verb = verb.head if verb.lower_ == "along" else verb
            if category := _verb_category(verb) or _predicate(verb):
                return category, verb, "coordinated"
        if head.lower_ == "to" and _lemma(verb) in TOLL_VERBS and _has_toll_subject(verb):
            return "killed", verb, "nominal"
    # "the toll stands at 45", "a toll of 45", "the lives of 9 people"
    if dep == "pobj" and head.lower_ in ("at", "of"):
        target = head.head
        # "a total of 18 people were killed", "a group of 12 workers was abducted"
        if head.lower_ == "of" and _lemma(target) in ("total", "group", "number", "batch", "band", "party") \
                and target.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return _cue_of(target)
        if head.lower_ == "at" and _lemma(target) in TOLL_VERBS | {"put", "place", "set", "estimate", "bring"} \
                and _has_toll_subject(target):
            return "killed", target, "nominal"
        if head.lower_ == "of" and _lemma(target) == "toll":
            return "killed", target, "nominal"
        if head.lower_ == "of" and _lemma(target) == "body" and any(_lemma(a) in BODY_VERBS for a in target.ancestors):
            return "killed", target, "nominal"
        if head.lower_ == "of" and (_lemma(target) in EVENT_NOUNS or target.lower_ in EVENT_NOUNS):
            return EVENT_NOUNS.get(_lemma(target), EVENT_NOUNS.get(target.lower_)), target, "nominal"
        if head.lower_ == "of" and _lemma(target) in ("life", "live") and _lemma(target.head) in ("claim", "take", "cost"):
            return "killed", target.head, "nominal"
    if dep == "attr" and _has_toll_subject(head):
        return "killed", head, "nominal"
    # "nine children were among those killed"
    if dep == "nsubj" and _lemma(head) == "be":
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "among"):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                for verb in (g for g in obj.children if g.dep_ in ("acl", "amod", "relcl")):
                    if category := _verb_category(verb) or PREDICATES.get(verb.lower_):
                        return category, verb, "predicative"
                if obj.lower_ in PREDICATES:
                    return PREDICATES[obj.lower_], obj, "predicative"
    return None


def _has_toll_subject(verb: Token) -> bool:
    """A toll is what the verb speaks of: "the toll rose to", "putting the toll at"."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _lemma(c) in ("toll", "death", "casualty")
               for c in verb.children)


def _noun_category(counted: Token) -> tuple[str, Token] | None:
    """A number counting casualties directly: "45 deaths", "12 dead", "10 injuries"."""
    lemma = _lemma(counted)
    if lemma in CASUALTY_NOUNS and counted.pos_ in ("NOUN", "ADJ", "PROPN"):
        if lemma == "body" and not any(_lemma(a) in BODY_VERBS for a in counted.ancestors):
            return None
        return CASUALTY_NOUNS[lemma], counted
    return None


def _blocked(cue: Token) -> bool:
    """A casualty cue governed by a verb that is not one ("sentenced to death", "rescued"), unless
    the verb heads a casualty expression ("held captive")."""
    return _lemma(cue) in NON_CASUALTY_HEADS and cue.i not in cue.doc.user_data.get(_PHRASE_CUES, {})


# ---------------------------------------------------------------- figures in a Doc

def _indices(doc: Doc, words: frozenset[str] | set[str], *, numbers: bool = False) -> list[int]:
    """Token positions whose lower-case form is one of `words` (or that look like numbers),
    found on the Doc's arrays so that no Token object is made for the others."""
    from spacy.attrs import LIKE_NUM, LOWER

    if not len(doc):
        return []
    array = doc.to_array([LOWER, LIKE_NUM])
    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in words}
    hits = [i for i, (lower, like_num) in enumerate(array.tolist()) if lower in wanted or (numbers and like_num)]
    return hits


def figures_in_doc(doc: Doc) -> list[Figure]:
    """Every casualty figure the Doc states, in text order (no dates, places or actors yet)."""
    doc.user_data[_PHRASE_CUES] = phrase_cues(doc)
    try:
        return _figures_in_doc(doc)
    finally:
        doc.user_data.pop(_PHRASE_CUES, None)


def _figures_in_doc(doc: Doc) -> list[Figure]:
    figures: list[Figure] = []
    used: set[int] = set()
    for index in _indices(doc, {"dozen"}, numbers=True):
        token = doc[index]
        if token.i in used or not _is_count(token):
            continue
        if token.dep_ == "quantmod" and token.head.like_num and token.head.i > token.i:
            continue  # "15 to 20": the range is read from its second number
        phrase = _number_phrase(token)
        inside = {t.i for t in phrase}
        anchor = [t for t in phrase if t.head.i not in inside or t.head == t][-1]
        value = number_value(phrase)
        if value is None:
            continue
        used.update(inside)
        modifies = anchor.dep_ in ("nummod", "quantmod", "compound", "amod")
        counted = anchor.head if modifies and anchor.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON") else anchor
        found = _casualty_of(counted)
        if found is None and (noun := _noun_category(counted)):
            found = (noun[0], noun[1], "nominal")
        if found is None:
            found = _adjacent_cue(phrase, counted)
        if found is None or _blocked(found[1]):
            continue
        category, cue, form = found
        if _under_modal(cue):
            continue  # "200 people will be dead": not a report of harm
        if form != "nominal" and not _is_person(counted, phrase):
            continue
        low, high, approximate, second = bounds(phrase, value)
        first, last = phrase[0].i, phrase[-1].i
        if second is not None:
            used.add(second.i)
            first, last = min(first, second.i), max(last, second.i)
        figures.append(Figure(category, low, high, approximate, False, doc[first:last + 1],
                              _victim_span(counted, phrase), cue, form))
    figures.extend(_vague_figures(doc, figures))
    figures.extend(_zero_figures(doc))
    figures.sort(key=lambda f: f.number.start)
    return figures


_BOUND_WORDS = frozenset({"at", "least", "more", "than", "up", "to", "as", "many", "about", "some", "nearly",
                          "over", "around", "almost", "approximately", "roughly", "an", "estimated", "another"})


def _adjacent_cue(number: list[Token], counted: Token) -> tuple[str, Token, str] | None:
    """Where the parse goes astray, the words themselves: a transitive casualty verb right before the
    number ("..., killing at least two people, sources said"), or a casualty word right after a bare
    number ("2500 wounded")."""
    doc = number[0].doc
    i = number[0].i - 1
    while i >= 0 and doc[i].lower_ in _BOUND_WORDS:
        i -= 1
    if i >= 0 and doc[i].pos_ == "VERB" and (category := _verb_category(doc[i])):
        return category, doc[i], "active"
    after = number[-1].i + 1
    if counted in number and after < len(doc) and doc[after].lower_ in PREDICATES:
        return PREDICATES[doc[after].lower_], doc[after], "predicative"
    # a headline the parser misreads: "18 killed in Nigeria gunmen attack"
    if after < len(doc) and doc[after].head.i in (number[-1].i, counted.i) and doc[after].dep_ in ("acl", "amod") \
            and doc[after].tag_ in ("VBN", "VBD", "JJ") and not _has_object(doc[after]) \
            and (category := _verb_category(doc[after]) or PREDICATES.get(doc[after].lower_)):
        return category, doc[after], "headline"
    return None


def _victim_span(counted: Token, number: list[Token]) -> Span:
    """The victims' phrase: the counted noun with its modifiers, without the number, its bound
    words, or trailing clauses and prepositional phrases ("staff guarding the embassy" -> "staff")."""
    doc = counted.doc
    if counted in number:
        of = [c for c in counted.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [g for g in of[0].children if g.dep_ == "pobj"] if of else []
        if not objects:
            return doc[number[0].i:number[-1].i + 1]
        counted, number = objects[0], []
    kept = [counted]
    for child in counted.children:
        if child.dep_ in ("acl", "relcl", "prep", "punct", "cc", "conj", "appos") or child in number:
            continue
        kept.extend(t for t in child.subtree if t not in number)
    bound_words = {"at", "least", "more", "than", "up", "to", "as", "many", "about", "some", "nearly", "over",
                   "between", "and", "around", "almost"}
    kept = [t for t in _within_line(kept, counted) if not (t.i < counted.i and t.lower_ in bound_words)]
    return doc[min(t.i for t in kept):max(t.i for t in kept) + 1]


def _vague_figures(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """Counts without a number: "dozens were killed", "abducted a number of policemen", "many lives"."""
    taken = {f.victims.root.i for f in figures} | {f.number.start for f in figures}
    found = []
    for index in _indices(doc, set(VAGUE_WORDS)):
        token = doc[index]
        word = token.lower_
        if token.i in taken:
            continue
        counted = token
        if word == "number":
            if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
                objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                if not objects:
                    continue
                counted_for_person = objects[0]
            else:
                continue
        else:
            counted_for_person = token.head if token.dep_ in ("amod", "nummod", "det") else token
            if token.dep_ in ("amod", "nummod", "det"):
                counted = token.head
        result = _casualty_of(counted)
        if result is None and _lemma(counted) in ("life", "live"):
            verb = counted.head
            if _lemma(verb) in ("lose", "cost", "claim", "take"):
                result = ("killed", verb, "nominal")
        if result is None or _blocked(result[1]):
            continue
        if _under_modal(result[1]):
            continue  # "a move that would have killed thousands": not a report of harm
        if _lemma(counted) not in ("life", "live") and not _is_person(counted_for_person, [token] if counted is token else []):
            continue
        span = doc[token.i:token.i + 1] if word != "number" else doc[max(token.i - 1, 0):token.i + 2]
        victims = doc[counted_for_person.left_edge.i:counted_for_person.i + 1]
        found.append(Figure(result[0], None, None, False, True, span, victims, result[1], "vague"))
    return found


def _zero_figures(doc: Doc) -> list[Figure]:
    """"No casualties", "no one was killed": a reported zero for killed (and injured for casualties)."""
    found = []
    for index in _indices(doc, {"no", "none"}):
        token = doc[index]
        if token.i + 1 >= len(doc):
            continue
        noun = doc[token.i + 1]
        categories = {"casualties": ("killed", "injured"), "deaths": ("killed",), "fatalities": ("killed",),
                      "injuries": ("injured",)}.get(noun.lower_)
        if categories:
            for category in categories:
                found.append(Figure(category, 0, 0, False, False, doc[token.i:token.i + 2],
                                    doc[token.i:token.i + 2], noun, "zero"))
    return found


# ---------------------------------------------------------------- context: aggregate, status, actors

def is_aggregate(figure: Figure, *, local_place: bool = False, coarse_date: bool = False) -> bool:
    """A cumulative total over a period: "since April", "so far", "between March 19 and May 26",
    "in the war"; or a running total that names no event and no town (`local_place`): "1,000
    people have been killed", "estimated that 15,000 had been killed", "the death toll has
    reached 7,700"; or such a running total dated only to a month or coarser (`coarse_date`: "500
    had been killed in February")."""
    sentence = figure.number.sent
    line = _within_line(list(sentence), figure.number[0])
    if _date_range(line) or ((coarse_date or not (local_place or _names_event(line))) and _running_total(figure)):
        return True
    cue = figure.cue
    scope = list(cue.subtree) if cue.i < len(cue.doc) else list(sentence)
    text = " " + " ".join(t.lower_ for t in sentence) + " "
    since = [t for t in sentence if t.lower_ == "since" and not _compares(t)]
    # "84 deaths since Tuesday" hangs the period on the verb that reports the deaths
    reporting = cue.head if cue.pos_ == "NOUN" and cue.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else None
    if any(t in scope or t.head == cue or t.head.i == figure.victims.root.i or t.head == reporting for t in since):
        return True
    return any(f" {phrase} " in text for phrase in AGGREGATE_PHRASES) or _in_period(figure)


_MODALS = frozenset({"will", "would", "could", "might", "may", "can", "should", "must", "shall", "'ll", "wo"})


def _under_modal(cue: Token) -> bool:
    """Harm under a modal ("will be dead", "would have killed"): a prediction, not a report."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in cue.children)
EVENT_WORDS = frozenset({"attack", "bombing", "bomb", "blast", "raid", "strike", "airstrike", "assault", "explosion",
                         "clash", "shooting", "ambush", "massacre", "fighting", "battle", "offensive", "shelling",
                         "crash", "sinking", "capsize", "shootout", "firefight", "gunfight", "skirmish",
                         "incident", "stampede", "fire", "rocket", "missile", "mortar", "grenade", "sniper", "gunman",
                         "gunmen", "bomber", "detonate", "explode", "storm", "ambushed", "attacked", "shell", "shoot"})
"""Words naming an event (or its means): a total in a sentence with one of them is the event's."""


def _compares(since: Token) -> bool:
    """ "the heaviest onslaught since NATO's strikes began": a comparison, not a period's start."""
    doc = since.doc
    return any(t.tag_ == "JJS" or t.lower_ in ("first", "worst", "deadliest") for t in doc[max(since.i - 4, 0):since.i])


def _names_event(tokens: list[Token]) -> bool:
    return any(_lemma(t) in EVENT_WORDS or t.lower_ in EVENT_WORDS for t in tokens)


def _date_range(tokens: list[Token]) -> bool:
    """ "between March 19 and May 26", "from February to June": a period, not an event's day."""
    for i, token in enumerate(tokens):
        if token.lower_ in ("between", "from") and i + 1 < len(tokens) and tokens[i + 1].ent_type_ == "DATE":
            for j in range(i + 2, min(i + 8, len(tokens) - 1)):
                if tokens[j].lower_ in ("and", "to", "until", "through", "till") and tokens[j + 1].ent_type_ == "DATE":
                    return True
    return False


def _running_total(figure: Figure) -> bool:
    """A count in the perfect ("have been killed", "had died"), an estimate ("estimated that ... were
    killed"), or a toll in the present or the perfect ("the toll has reached", "climbs to")."""
    cue = figure.cue
    perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in cue.children)
    if perfect and figure.form != "nominal":
        return True
    if any(_lemma(a) == "estimate" for a in [cue, *cue.ancestors]):
        return True
    if figure.form == "nominal" and _lemma(cue) in TOLL_VERBS and _has_toll_subject(cue):
        return perfect or cue.tag_ in ("VBZ", "VBP")
    return False


PERIOD_NOUNS = frozenset({"war", "conflict", "uprising", "revolution", "revolt", "rebellion", "insurgency", "unrest",
                          "crisis", "campaign", "crackdown", "protests", "demonstrations", "intifada",
                          "occupation", "siege", "hostilities"})
"""Nouns naming a period of conflict: a toll "in the war", "in the uprising" is a total over it."""
_PERIOD_PREPOSITIONS = frozenset({"in", "during", "throughout", "since", "over", "of", "from"})
HISTORICAL_DAYS = 365
"""A figure dated this many days or more before its article (or in an earlier year and over 90
days before it) is `historical`."""


def _period_word(token: Token) -> bool:
    """A noun naming a period of conflict ("war", "uprising"; "protests" only in the plural)."""
    return token.pos_ in ("NOUN", "PROPN") and (_lemma(token) in PERIOD_NOUNS or token.lower_ in PERIOD_NOUNS)


def _in_period(figure: Figure) -> bool:
    """Whether the casualty cue (or the toll it is part of) is set in a period of conflict:
    "killed in the war", "the death toll in the uprising", "the unrest has left 233 dead"."""
    cue = figure.cue
    heads = [cue, *list(cue.ancestors)[:2]]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in _PERIOD_PREPOSITIONS:
                if any(_period_word(t) for t in child.subtree):
                    return True
            if child.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in ("leave", "claim", "cost", "kill", "take") \
                    and _period_word(child) and child.i not in range(figure.victims.start, figure.victims.end):
                return True
    toll = [t for t in figure.number.sent if _lemma(t) == "toll"]
    for token in toll:
        for child in token.children:
            if child.dep_ == "prep" and any(_period_word(t) for t in child.subtree):
                return True
    return False


def _end_of(value: str | None) -> dt.date | None:
    """The last day of a TIMEX3 date, decade ("199") or century ("19") value."""
    if not value:
        return None
    if span := interval(value):
        return span[1]
    if re.fullmatch(r"\d{3}", value):
        return dt.date(int(value) * 10 + 9, 12, 31)
    if re.fullmatch(r"\d{2}", value):
        return dt.date(int(value) * 100 + 99, 12, 31)
    return None


PERIOD_PRECISIONS = frozenset({"quarter", "season", "half", "year"})
"""A figure dated only to one of these periods counts the period (`aggregate`), unless its own
clause names one event ("a car bomb killed 12 people in 2011")."""


def _one_event(figure: Figure) -> bool:
    """Whether the figure's sentence names a single event: an event word in the singular."""
    return any((_lemma(t) in EVENT_WORDS or t.lower_ in EVENT_WORDS) and t.tag_ in ("NN", "NNP", "VBD", "VBN")
               and not t.lower_.endswith("s") for t in figure.number.sent if t.i != figure.number.start)


def figure_kind(figure: Figure, *, date_value: str | None, published: dt.date | None = None,
                sentence_values: Iterable[str] = (), local_place: bool = False) -> str:
    """`historical`, `aggregate`, `undated` or `incident`, in that order of precedence.

    Historical: the figure's date (from its sentence, the one before or the report) lies well
    before the article (`HISTORICAL_DAYS`; or in an earlier year and over 90 days before), as
    "in 1996" or "the 2002 hotel bombing" do. Aggregate: a total over a period ("since February",
    "so far", "in the war"). Undated: no date at all. A figure without a calendar date whose
    sentence names an earlier decade or century ("in the 1990s") is historical too. Size never
    decides."""
    def old(value: str | None) -> bool:
        end = _end_of(value)
        if end is None or published is None:
            return False
        return (published - end).days >= HISTORICAL_DAYS or (end.year < published.year and (published - end).days > 90)

    if old(date_value) or (date_value is None and any(old(v) for v in sentence_values if interval(v) is None)):
        return "historical"
    span = interval(date_value) if date_value else None
    if is_aggregate(figure, local_place=local_place, coarse_date=span is not None and span[2] in ("month", "quarter", "season", "half", "year")):
        return "aggregate"
    if span is not None and span[2] in PERIOD_PRECISIONS and not _one_event(figure):
        return "aggregate"  # "1,462 civilians lost their lives" in "the first half of 2011": a period's total"
    if date_value is None:
        return "undated"
    return "incident"


def status_of(figure: Figure) -> str:
    """`feared`, `claimed`, `alleged`, `unconfirmed`, or `reported`."""
    chain = [figure.cue, *figure.cue.ancestors]
    for token in chain:
        lemma = _lemma(token)
        if lemma in ("fear",):
            return "feared"
        if lemma in ("accuse", "allege"):
            return "alleged"
        if lemma == "claim" and not any(c.lower_ == "responsibility" for c in token.children):
            return "claimed"
    if any(t.lower_ in ("unconfirmed",) for t in figure.number.sent):
        return "unconfirmed"
    return "reported"


def victim_group(victims: Span, previous: str | None = None) -> str:
    """civilians, security forces, militants, foreign nationals, or unknown ("others" inherit)."""
    lemmas = [t.lemma_.lower() for t in victims]
    words = {t.lower_ for t in victims}
    if words & {"others", "other", "more"} and previous:
        return previous
    for group in ("militants", "security forces", "civilians", "foreign nationals"):
        if VICTIM_GROUPS[group] & set(lemmas):
            if group == "civilians" and any(t.ent_type_ == "NORP" and t.lower_ not in ("libyan", "libyans") for t in victims):
                return "foreign nationals"
            return group
    if any(t.ent_type_ == "NORP" and t.lower_ not in ("libyan", "libyans") for t in victims):
        return "foreign nationals"
    return "unknown"


_STATEMENT_VERBS = REPORTING_VERBS | {"estimate", "mention", "condemn", "deplore", "regret", "express", "denounce",
                                       "investigate", "document", "count", "record", "believe", "think", "cite", "allege"}
"""Verbs of those who speak of a harm: their subject is no perpetrator."""
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})
_VICTIM_SUBJECT_VERBS = frozenset({"die", "perish", "be", "suffer", "sustain", "lose", "include", "survive",
                                   "succumb", "drown", "remain", "stand"})
"""Verbs whose subject is harmed, not the harm's doer ("six rebels died", "the infantry suffered eight fatalities")."""
_PERPETRATOR_TYPES = ("armed_group", "militia", "state_forces", "foreign_state", "government")


def _actor_in(span_tokens: Iterable[Token], mentions: list[tuple[int, int, str, str]]) -> str | None:
    """The actor named inside the tokens (an armed or state actor first); `mentions` are
    (start_char, end_char, actor_id, actor_type) of gazetteer actors."""
    tokens = list(span_tokens)
    if not tokens or not mentions:
        return None
    start, end = min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)
    inside = [m for m in mentions if m[0] >= start and m[1] <= end]
    preferred = [m for m in inside if m[3] in _PERPETRATOR_TYPES]
    return (preferred or inside)[0][2] if inside else None


def _within_line(tokens: list[Token], anchor: Token) -> list[Token]:
    """The tokens on the same line of text as the anchor (a headline never spills into the body)."""
    doc = anchor.doc
    first = anchor.i
    while first > 0 and not (doc[first - 1].is_space or "\n" in doc[first - 1].whitespace_):
        first -= 1
    last = anchor.i
    while last + 1 < len(doc) and not (doc[last + 1].is_space or "\n" in doc[last].whitespace_):
        last += 1
    return [t for t in tokens if first <= t.i <= last]


def perpetrator(figure: Figure, mentions: list[tuple[int, int, str, str]], armed_groups: set[str], *,
                headline: bool = False, dateline_end: int = -1) -> str | None:
    """The actor who did it: the subject of the attack, "by X", "accused X of", "X claimed
    responsibility" in the sentence or the one before, or the group a "the organization" refers to.
    In a headline run into its dateline (highlights without full stops, whose parse spans them)
    only the harm's own verb is read. A dateline (ending at `dateline_end`) the parser made the
    subject ("Benghazi, Libya (AP) — Fighting between ... killed six") gives way to what it stands
    beside."""
    cue = figure.cue
    doc = cue.doc
    came_from = cue
    for verb in [cue, *cue.ancestors]:
        if verb is not cue and (headline or _lemma(verb) in _STATEMENT_VERBS or came_from.dep_ == "ccomp"
                                or (verb.pos_ in ("NOUN", "PROPN") and _lemma(verb) not in ATTACK_NOUNS)):
            break  # who says, estimates or condemns; a report, a place or the victims above the harm
        came_from = verb
        children = _roles_beside_dateline(verb, dateline_end)
        if _lemma(verb) == "accuse":  # "the government accused NATO of killing 85": the accused first
            children.sort(key=lambda pair: pair[0] != "dobj")
        for child_dep, child in children:
            if child_dep == "agent":
                if actor := _actor_in(child.subtree, mentions):
                    return actor
            if child_dep == "nsubj" and child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                # "the regime, which has killed 50": the doer is the noun the clause hangs on
                head = verb.head
                if actor := _actor_in(doc[head.left_edge.i:verb.left_edge.i], mentions):
                    return actor
                continue
            # the figure's own phrase or toll ("Japan's death toll climbs to 7,000") names no doer
            own = _lemma(child) in ("toll", "death", "casualty") or child.left_edge.i <= figure.number[0].i \
                and figure.number[-1].i <= child.right_edge.i
            if child_dep == "nsubj" and child.i not in range(figure.victims.start, figure.victims.end) and not own \
                    and _lemma(verb) not in _VICTIM_SUBJECT_VERBS:
                if actor := _actor_in(_doer_part(child), mentions):
                    return actor
                if _lemma(child) in REFERRING_HEADS or any(_lemma(t) in REFERRING_HEADS for t in child.subtree):
                    return _referent(child, mentions, armed_groups)
            if child_dep == "dobj" and _lemma(verb) == "accuse":
                if actor := _actor_in(child.subtree, mentions):
                    return actor
        if verb.dep_ == "ROOT":
            break
    sentence = figure.number.sent
    previous = doc[sentence.start - 1].sent if sentence.start > 0 else None
    for sent in (sentence, previous):
        if sent is None:
            continue
        for token in sent:
            if _lemma(token) == "claim" and any(c.lower_ == "responsibility" for c in token.children):
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                if subjects and (actor := _actor_in(subjects[0].subtree, mentions)):
                    return actor
    return _attack_doer_before(figure, previous, mentions)


_DEFINITE = frozenset({"the", "that", "those", "these", "this"})


def _is_attack(token: Token) -> bool:
    return _lemma(token) in ATTACK_NOUNS or token.lower_ in ATTACK_NOUNS


def _attack_doer_before(figure: Figure, previous: Span | None,
                        mentions: list[tuple[int, int, str, str]]) -> str | None:
    """The doer of the attack the sentence before reports, when the harm happened "in the
    strikes" it refers back to ("U.S. aircraft carried out air strikes on ... Sirte. At least 12
    fighters were killed in the strikes")."""
    if previous is None:
        return None
    back = [obj for prep in figure.cue.children if prep.dep_ == "prep" and prep.lower_ in ("in", "during")
            for obj in prep.children if obj.dep_ == "pobj" and _is_attack(obj)
            and any(d.dep_ == "det" and d.lower_ in _DEFINITE for d in obj.children)]
    if not back:
        return None
    # the same kind of attack ("the strikes" after "air strikes" or "airstrikes", not "the fighting"
    # after "NATO attacks")
    kinds = {_lemma(b) for b in back}
    same = [t for t in previous if (_is_attack(t) or _lemma(t) in kinds)
            and any(_lemma(t).endswith(k) or k.endswith(_lemma(t)) for k in kinds)]
    for attack in same:
        if attack.dep_ in ("ROOT", "conj", "advcl", "ccomp", "xcomp") and attack.pos_ == "VERB":
            owners = [c for c in attack.children if c.dep_ == "nsubj"]  # "NATO struck the depot"
        elif attack.dep_ == "dobj":
            owners = [attack, *(c for c in attack.head.children if c.dep_ == "nsubj")]  # "U.S. aircraft carried out strikes"
        else:
            owners = [attack]  # "NATO airstrikes hit ...", "airstrikes by NATO"
        for owner in owners:
            if actor := _actor_in(_doer_part(owner), mentions):
                return actor
    return None


def _roles_beside_dateline(verb: Token, dateline_end: int) -> list[tuple[str, Token]]:
    """The verb's children with their dependency; a subject inside the dateline (which the parser
    can make the subject: "Benghazi, Libya (AP) — Fighting ... killed six") gives way to the
    apposition beside it, or is left out."""
    roles = []
    for child in verb.children:
        if child.dep_ == "nsubj" and child.idx < dateline_end:
            beside = next((c for c in child.children if c.dep_ == "appos" and c.idx >= dateline_end), None)
            if beside is not None:
                roles.append(("nsubj", beside))
        else:
            roles.append((child.dep_, child))
    return roles


def _doer_part(subject: Token) -> list[Token]:
    """The words of a subject that can name a doer: all of them, but of an attack only its owner
    ("the ISIS attack", "NATO's strike", "an attack by ISIS"), not its target ("an attack on
    rebel-held Misrata")."""
    if not _is_attack(subject):
        return list(subject.subtree)
    tokens = [subject]
    for child in subject.children:
        if child.dep_ not in ("prep", "acl", "relcl") or child.lower_ == "by":
            tokens.extend(child.subtree)
    return tokens


def _referent(subject: Token, mentions: list[tuple[int, int, str, str]], armed_groups: set[str]) -> str | None:
    """The armed group most recently named before a referring phrase ("the terrorist organization")."""
    before = [m for m in mentions if m[1] <= subject.idx and m[2] in armed_groups]
    return before[-1][2] if before else None


# ---------------------------------------------------------------- rows

ATTACK_NOUNS = frozenset({"attack", "bombing", "blast", "raid", "strike", "airstrike", "assault", "explosion",
                          "clash", "shooting", "ambush", "massacre", "killing", "fighting", "battle", "offensive"})
_PERIOD_WORDS = frozenset({"since", "until", "till", "before", "after", "following"})


def _names_another_time(token: Token | None) -> bool:
    """A date or place word that is not an event's: the start or end of a period ("since 2011"), or
    a year describing another noun ("the 2011 uprising"; "the funeral Thursday, July 11" is fine)."""
    if token is None:
        return False
    if token.i > 0 and token.doc[token.i - 1].lower_ in _PERIOD_WORDS:
        return True
    return (token.shape_ == "dddd" and token.dep_ in ("nummod", "compound", "amod", "npadvmod")
            and token.head.pos_ in ("NOUN", "PROPN") and _lemma(token.head) not in ATTACK_NOUNS)


def _reported_at(token: Token | None, cue: Token) -> bool:
    """Whether a date or place belongs to the report rather than to the event: above it
    ("officials said on Monday that ...", "said in Tripoli that ...") or beside it ("..., a
    spokesman told CNN Saturday")."""
    if token is None:
        return False
    above_cue = {cue.i, *(a.i for a in cue.ancestors)}
    meeting = next((a for a in [token, *token.ancestors] if a.i in above_cue), None)
    if meeting is not None and meeting != cue and _lemma(meeting) in REPORTING_VERBS:
        return abs(meeting.i - token.i) <= 4
    # a reporting clause hanging off the event's clause: "..., a spokesman told CNN Saturday"
    head = token.head
    return (head != cue and head.i not in above_cue and _lemma(head) in REPORTING_VERBS
            and head.head.i in above_cue and abs(head.i - token.i) <= 4)


_MOTION = frozenset({"head", "travel", "sail", "flee", "go", "move", "bind", "bound", "return", "send", "evacuate",
                     "ferry", "transport", "carry", "take", "bring", "escape", "cross", "migrate", "leave", "fly",
                     "drive", "march", "deport", "repatriate", "airlift", "ship", "bus", "row", "swim"})
_TOWARDS = frozenset({"to", "toward", "towards", "for"})


_DIRECTIONS = frozenset({"west", "east", "north", "south", "northwest", "northeast", "southwest", "southeast",
                         "north-west", "north-east", "south-west", "south-east"})


def _phrase_head(token: Token, *, through: tuple[str, ...]) -> Token:
    """The head of the name a token is part of ("Lampedusa, Italy" for "Italy"), climbing the
    dependencies `through` lists."""
    while token.dep_ in through and token.head is not token:
        token = token.head
    return token


def _reference_point(token: Token | None) -> bool:
    """Whether a place only locates another: "55 kilometers west of Tripoli", "south of Sirte"."""
    if token is None:
        return False
    word = _phrase_head(token, through=("compound", "appos", "conj", "flat"))
    return word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.lower_ in _DIRECTIONS


def _destination(token: Token | None) -> bool:
    """Whether a place is where people were going, not where they were harmed: "refugees heading
    from Libya to Lampedusa, Italy", "a boat bound for Italy", "evacuated to Malta"."""
    if token is None:
        return False
    word = _phrase_head(token, through=("compound", "appos", "conj", "flat", "nmod"))
    if word.dep_ != "pobj" or word.head.lower_ not in _TOWARDS:
        return False
    mover = word.head.head
    return _lemma(mover) in _MOTION or mover.lower_ in ("bound", "headed", "heading")


NARROW_SENTENCES = 2
"""How many following sentences may give the day of a figure dated only to a week or a month."""


def _day_within(value: str | None, sid: int, dated: dict[int, list[tuple[str, str, int]]], starts: list[int],
                doc: Doc, token_at: Any) -> str | None:
    """The day of an event dated only to a week or month ("earlier this week"), when one of the
    next `NARROW_SENTENCES` sentences tells of the event (an attack, a sinking...) on a day inside
    that interval ("attacked the station on Thursday"): the date stays the figure's own, only
    narrowed."""
    span = interval(value) if value else None
    if span is None or span[2] not in ("week", "month"):
        return None
    for following in range(sid + 1, min(sid + 1 + NARROW_SENTENCES, len(starts))):
        end = starts[following + 1] if following + 1 < len(starts) else len(doc.text)
        sentence = doc.char_span(starts[following], end, alignment_mode="expand")
        if sentence is None or not _names_event(list(sentence)):
            continue
        for day, type_, start in dated.get(following, []):
            inside = interval(day)
            if inside and inside[2] == "day" and span[0] <= inside[0] <= span[1] \
                    and not _names_another_time(token_at(start)):
                return day
    return None


_CONTINUING = frozenset({"another", "further", "additional"})


def _continues(figure: Figure) -> bool:
    """A figure that adds to the one before it: "another 4,067", "a further 12", "an additional 30"."""
    doc = figure.number.doc
    start = figure.number.start
    before = [t for t in doc[max(start - 2, figure.number.sent.start):start] if t.lower_ not in ("a", "an")]
    return bool(before) and before[-1].lower_ in _CONTINUING


def _lead_after(sid: int, starts: list[int], text: str, datelines: dict[int, int]) -> int | None:
    """The report's lead when sentence `sid` is a headline cut at the dateline below it (`datelines`:
    where the dateline opening a sentence ends): the dateline's sentence, or the one after it where
    the parser left the dateline on its own."""
    if (dateline_end := datelines.get(sid + 1)) is None:
        return None
    end = starts[sid + 2] if sid + 2 < len(starts) else len(text)
    alone = not text[dateline_end:end].strip()
    return sid + 2 if alone and sid + 2 < len(starts) else sid + 1


def _after(value: str, published: dt.date | None) -> bool:
    """True where the value starts after the publication day: a plan the lead names ("is set to meet
    ... on Monday") is no date of the casualties its headline reports."""
    span = interval(value)
    return published is not None and span is not None and span[0] > published


def _best_timex(candidates: list[tuple[str, str, int]], cue_char: int) -> str | None:
    """The most precise calendar value among (value, type, start_char), nearest the cue on a tie."""

    ranked = []
    for value, type_, start in candidates:
        span = interval(value)
        if span is not None and type_ in ("DATE", "TIME"):
            ranked.append((PRECISIONS.index(span[2]), abs(start - cue_char), value))
    return min(ranked)[2] if ranked else None


def figure_id(doc_id: str, sentence: str, number: str, category: str, occurrence: int) -> str:
    """A figure's stable id: `doc_id:` and a hash of its own words (the normalised sentence, the
    number's text, the category) and how many figures with those same words came before it in
    the article. It stays the same across runs, with or without the cache, when the corpus grows
    and when a rule change finds or loses another figure of the article, so a correction keeps
    pointing at the figure it was written for."""
    key = "\0".join((_normalised(sentence), _normalised(number), category, str(occurrence)))
    return f"{doc_id}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def casualties_from_doc(doc: Doc, doc_id: str, *, mentions: pd.DataFrame, places: pd.DataFrame,
                        timexes: pd.DataFrame, published: Any, starts: list[int],
                        armed_groups: set[str]) -> list[dict[str, Any]]:
    """`casualties` rows of one Doc, each dated, placed and attributed where the text allows."""
    known = mentions[mentions["actor_type"] != "unlisted"]
    actor_spans = list(zip(known["start_char"], known["end_char"], known["actor_id"], known["actor_type"]))
    dated: dict[int, list[tuple[str, str, int]]] = {}
    for sid, value, type_, start in zip(timexes["sentence_id"], timexes["value"], timexes["type"], timexes["start_char"]):
        dated.setdefault(int(sid), []).append((value, type_, int(start)))
    text = doc.text
    # a dateline names where the report was filed, not where anything happened
    datelines = {sid: match.end() for sid, start in enumerate(starts) if (match := dateline_at(text, start))}
    located: dict[int, list[tuple[int, str, str, bool]]] = {}
    resolved = places[places["resolved"].astype(bool)]
    for sid, start, place, country, kind in zip(resolved["sentence_id"], resolved["start_char"], resolved["place"],
                                                resolved["country"], resolved["kind"]):
        if int(start) < datelines.get(int(sid), -1):
            continue
        located.setdefault(int(sid), []).append((int(start), place, country, kind != "country"))
    elsewhere: dict[int, list[tuple[int, str]]] = {}
    unresolved = places[~places["resolved"].astype(bool)]
    for sid, start, place in zip(unresolved["sentence_id"], unresolved["start_char"], unresolved["place"]):
        if isinstance(place, str) and place and int(start) >= datelines.get(int(sid), -1):
            elsewhere.setdefault(int(sid), []).append((int(start), place))
    def token_at(char: int) -> Token | None:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    published_date = pd.Timestamp(published).date() if published is not None and not pd.isna(published) else None
    rows = []
    previous_group = None
    seen: Counter[tuple[str, str, str]] = Counter()
    for figure in figures_in_doc(doc):
        sid = sentence_index(starts, figure.number.start_char)
        sentence = text[starts[sid]:starts[sid + 1] if sid + 1 < len(starts) else len(text)]
        own_words = (_normalised(sentence), _normalised(figure.number.text), figure.category)
        occurrence = seen[own_words]
        seen[own_words] += 1
        group = victim_group(figure.victims, previous_group)
        previous_group = group if group != "unknown" else previous_group
        cue_char = figure.cue.idx
        relative = any(t.lower_ in RELATIVE_SIGNALS for t in figure.number.sent)
        date_value, basis = None, None
        own = [c for c in dated.get(sid, []) if not _names_another_time(token_at(c[2]))]
        event_dates = [c for c in own if not _reported_at(token_at(c[2]), figure.cue)]
        # a headline cut at the dateline below it is dated by the report's lead, not by what stands
        # above it (a photo caption's date): the headline sums up the lead's news
        context = _lead_after(sid, starts, text, datelines)
        headline = context is not None
        context = sid - 1 if context is None else context
        before = [] if relative else [c for c in dated.get(context, [])
                                      if not _names_another_time(token_at(c[2]))
                                      and not (headline and _after(c[0], published_date))]
        context_label = "lead sentence" if headline else "previous sentence"
        for candidates, label in ((event_dates, "sentence"), (own, "report date"), (before, context_label)):
            if value := _best_timex(candidates, cue_char):
                date_value, basis = value, label
                break
        if (day := _day_within(date_value, sid, dated, starts, doc, token_at)) is not None:
            date_value, basis = day, f"{basis}, day from a following sentence"
        kind = figure_kind(figure, date_value=date_value, published=published_date,
                           sentence_values=[c[0] for c in own], local_place=any(c[3] for c in located.get(sid, [])))
        if _continues(figure) and rows and rows[-1]["sentence_id"] in (sid - 1, sid) and not own \
                and rows[-1]["kind"] in ("aggregate", "historical"):
            # "NATO air strikes have killed 718 between March 19 and May 26. Another 4,067 were
            # injured": the figure adds to the total before it and is of its kind and time
            kind, date_value, basis = rows[-1]["kind"], rows[-1]["date_value"], rows[-1]["date_basis"]
        place = country = None
        for back in (0, 1):
            candidates = located.get(sid - back, [])
            candidates = [c for c in candidates if not _destination(token_at(c[0]))]
            # "Zawiya, about 55 kilometers west of Tripoli": a reference point gives way to the place
            candidates = [c for c in candidates if not _reference_point(token_at(c[0]))] or candidates
            if not back:
                candidates = [c for c in candidates if not _reported_at(token_at(c[0]), figure.cue)]
            if candidates:
                # a town or region before a whole country; then the one nearest the casualty word
                _, place, country, _ = min(candidates, key=lambda c: (not c[3], abs(c[0] - cue_char)))
                break
            others = [c for c in elsewhere.get(sid, []) if not back and not _reported_at(token_at(c[0]), figure.cue)]
            if others:
                # a place the place list does not know ("Yemen"): kept as named, country unknown,
                # so the figure never merges with figures elsewhere
                _, place = min(others, key=lambda c: abs(c[0] - cue_char))
                break
        rows.append({
            "figure_id": figure_id(doc_id, sentence, figure.number.text, figure.category, occurrence),
            "doc_id": doc_id, "sentence_id": sid,
            "start_char": figure.number.start_char, "end_char": figure.number.end_char,
            "text": figure.number.text, "category": figure.category, "low": figure.low, "high": figure.high,
            "approximate": figure.approximate, "vague": figure.vague, "aggregate": kind == "aggregate",
            "kind": kind,
            "status": status_of(figure), "victims": figure.victims.text, "victim_group": group,
            "perpetrator_id": perpetrator(figure, actor_spans, armed_groups, headline=headline,
                                          dateline_end=datelines.get(sid, -1)), "place": place, "country": country,
            "date_value": date_value, "date_basis": basis, "incident_id": None, "cue": figure.cue.text,
            "form": figure.form, "review": None,
        })
    return rows


def casualties_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The `casualties` table with nullable integer bounds."""
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for column in ("low", "high"):
        frame[column] = frame[column].astype("Int64")
    return frame

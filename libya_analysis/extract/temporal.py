"""Temporal expressions: find them in a Doc and normalise them to TIMEX3 values.

Who does what:

- Finding: spaCy's DATE / TIME entities, plus phrase and year patterns for what the model misses or
  over-extends: "now", "currently", "recently", "current", "the near future", weekdays, seasons
  ("last summer", "in the fall", but not "the fall of Sirte" or "the Arab Spring"), "mid-/early/late
  November", "later this year", "two weeks ago", quarters, holidays. A span that does not
  normalise as a whole is cut at connectives ("Aug. 26 to Oct. 20", "the quarter ended Sept. 30").
- Calendar parsing: `dateparser` reads explicit dates and months ("April 13, 2015",
  "24/08/2018", "Nov. 25", "January 2014"), with a fixed base (this module picks years).
- Tense (`tense`): the verb that governs an expression says whether a time without a year lies
  before publication (past forms, perfects) or after it (future tense, modals, plans, "is to",
  "next", "by Monday"); with no tense (a present-tense schedule, an end point "until Tuesday", a
  plan made in the past "planned a rally on Saturday"), a month, day or weekday is the nearer of the
  two candidates.
- Rules of this module: the year of a month or day given without one, weekdays (in the past the
  most recent such day on or before publication, the day itself included; in the future the next
  one; else the nearer of the two, the past one within three days), seasons
  (`2014-SU`), quarters and halves (`1989-Q3`, `1989-H2`), holidays, decades (`199`), spelled
  years, modifiers (`mod` MID / START / END / APPROX), week values (`2016-W20`), "this / last /
  next" week, month and year, durations (`P3Y`), sets (`P1W`), parts of days (`TMO`),
  PRESENT_REF / PAST_REF / FUTURE_REF.
- Reference time (as in HeidelTime): "a year earlier", "the year-ago quarter", "the same day",
  "that year", "the quarter", "the following month" are resolved against the last date the text
  named before them; `anchor` then says `earlier date VALUE`.
- An article without a publication date keeps absolute values and gets unknown parts for
  relative ones (`XXXX-11-25`); `anchor` says what each value was resolved against.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .numbers import parse_number
from .sentences import sentence_index

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_ORDER = ["SP", "SU", "FA", "WI"]
_SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU",
                    8: "SU", 9: "FA", 10: "FA", 11: "FA"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
         "year": "Y", "decade": "DE", "century": "CE"}
_TIME_UNITS = {"second", "minute", "hour"}
MODIFIERS = {"mid": "MID", "middle": "MID", "early": "START", "beginning": "START", "start": "START",
             "late": "END", "end": "END", "about": "APPROX", "around": "APPROX", "nearly": "APPROX"}
PLAN_VERBS = frozenset({
    "agree", "plan", "seek", "aim", "intend", "expect", "hope", "want", "decide", "prepare",
    "schedule", "set", "vow", "pledge", "promise", "propose", "call", "urge", "organize",
    "organise", "due", "wish", "ask", "invite", "arrange", "commit",
})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "would", "could", "may", "might", "should", "must"})
PRESENT_REF = {"now", "currently", "at present", "presently", "nowadays", "at the moment", "right now",
               "these days", "today's", "current", "the present", "the present time", "the current time",
               "this time", "at this time", "this moment", "for now", "just now", "even now",
               "the moment", "present", "for the moment", "the time being", "for the time being"}
"""("at the moment" and "at present" reach `normalize` without their preposition, a TIMEX3 signal.)"""
PAST_REF = {"recently", "lately", "the past", "in the past", "previously", "formerly", "in recent years",
            "recent years", "recent months", "recent weeks", "recent days", "in recent weeks",
            "in recent months", "in recent days", "earlier", "recent", "more recently", "most recently",
            "the recent past", "past years", "in past years", "once", "formerly"}
FUTURE_REF = {"the future", "in the future", "soon", "the coming days", "the coming weeks",
              "the coming months", "the coming years", "future", "the near future", "the near term",
              "the short term", "the long term", "the longer term", "the foreseeable future", "as soon as possible",
              "a later date", "later date", "coming days", "coming weeks", "coming months", "coming years",
              "some day", "someday", "anytime soon", "any time soon", "sooner or later"}
SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y"}


@dataclass(frozen=True)
class Timex:
    """A normalised temporal expression (TIMEX3 type, value and mod)."""

    type: str
    value: str
    mod: str | None = None
    referred: bool = False
    """Whether the value was resolved against an earlier date of the text rather than publication."""


# ---------------------------------------------------------------- finding

_MONTH_WORDS = [m for m in MONTHS if len(m) > 3 or m == "may"]
_RELATIVE = ["last", "next", "this", "past", "coming", "previous", "following"]


def _phrases() -> list[str]:
    """Fixed temporal phrases, matched by lower case (a `PhraseMatcher` is cheap on long texts)."""
    units = [u for u in UNITS]
    plurals = [("centuries" if u == "century" else u + "s") for u in units]
    phrases = ["now", "currently", "recently", "lately", "presently", "nowadays", "previously", "formerly",
               "today", "tomorrow", "yesterday", "tonight", "daily", "weekly", "monthly", "annually",
               "the past", "the future", "at present", "at the moment", *SEASONS, *_MONTH_WORDS, *WEEKDAYS,
               # the references of more than one word ("right now", "for now", "in recent years"); a single
               # word such as "once" or "earlier" is too often something else to match everywhere
               *sorted(p for p in PRESENT_REF | PAST_REF | FUTURE_REF if " " in p and p != "this time")]
    phrases += [f"{p} {u}" for p in ("for", "over") for u in ("hours", "days", "weeks", "months", "years", "decades")]
    phrases += [f"{p} {u}" for p in ("recent", "coming", "future") for u in ("days", "weeks", "months", "quarters", "years")]
    phrases += [f"recent {a} and {b}" for a, b in (("days", "weeks"), ("weeks", "months"), ("months", "years"))]
    phrases += [f"{r} {d}" for r in _RELATIVE for d in WEEKDAYS]
    phrases += [f"{d} {part}" for d in WEEKDAYS for part in PARTS_OF_DAY]
    phrases += [f"{m}{sep}{month}" for m in ("mid", "early", "late", "middle") for sep in (" ", "-") for month in MONTHS]
    phrases += [f"{w} this {u}" for w in ("later", "earlier") for u in ("year", "month", "week")]
    phrases += [f"{r} {u}" for r in _RELATIVE for u in ("week", "weekend", "month", "year")]
    phrases += [f"{u} ago" for u in units + plurals]
    phrases += [f"{r} {m}" for r in ("last", "next", "this") for m in _MONTH_WORDS]
    phrases += [f"{e} {u}" for e in ("every", "each") for u in ("day", "week", "month", "year")]
    phrases += ["current", "recent", "future", "soon", "the near future", "the near term", "the short term",
                "the long term", "as soon as possible", "anytime soon", "a later date", "more recently",
                "the weekend", "this past week", "this past weekend", "year-earlier", "year-ago", "a year earlier", "the same day", "that day",
                "that same day", "that year", "the same year", "the current year", "the present",
                "the day after", "the day before", "the following day", "the next day", "the previous day",
                "the following month", "the following year", "the previous year", "the following week",
                "the previous week", "the preceding week", "a fortnight ago", "a fortnight later", "a fortnight earlier",
                *(f"{w} {part}" for w in ("that", "that same", "the same", "the next", "the following", "the previous")
                  for part in ("morning", "afternoon", "evening", "night")),
                "year-end", "year end", "year's end", "the year-end", "the end of the year",
                *HOLIDAYS, *(f"{cue} {h}" for cue in ("last", "next", "this") for h in HOLIDAYS),
                *(f"{w} {d}" for w in ("earlier", "later") for d in ("today", "yesterday", "tomorrow", "that day", *WEEKDAYS))]
    ordinals = ("first", "second", "third", "fourth")
    phrases += [f"{d}{o}{sep}{p}" for d in ("", "the ", "the fiscal ") for o in ordinals for sep in (" ", "-")
                for p in ("quarter", "half")]
    phrases += [f"{d} {p}" for d in ("the", "this", "that", "the latest", "the current", "the year-ago",
                                     "the year-earlier", "the comparable", "the same") for p in ("quarter", "period")]
    return phrases


def _shape_patterns() -> list[list[dict[str, Any]]]:
    """The few patterns that need a token shape (years, days of a month)."""
    year = {"SHAPE": "dddd"}
    month = {"LOWER": {"IN": [m for m in MONTHS if len(m) > 2] + [f"{m}." for m in MONTHS if len(m) in (3, 4)]},
             "IS_TITLE": True}
    day_number = {"TEXT": {"REGEX": r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$"}}
    return [[{"LOWER": {"IN": list(SEASONS)}}, {"LOWER": "of"}, year],
            [{"LOWER": {"IN": ["mid", "early", "late"]}}, {"ORTH": "-", "OP": "?"}, year],
            [year],
            # a month and a day, either way round, whatever the NER's span ("the night of August 19")
            [month, day_number, {"ORTH": ",", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}],
            [day_number, month, {"SHAPE": "dddd", "OP": "?"}],
            # numeric dates: "19/03/2011" (read only where the order is certain, see `normalize`)
            [{"TEXT": {"REGEX": r"^\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}$"}}],
            # "on the 17th": a day of the month named before (see `_keep_match`)
            [{"LOWER": {"IN": ["on", "since", "until", "till", "by", "from", "before", "after"]}}, {"LOWER": "the"},
             {"TEXT": {"REGEX": r"^\d{1,2}(?:st|nd|rd|th)$"}}],
            # "two days later", "a week earlier": counted from the date named before
            [{"LOWER": {"IN": ["a", "an"]}, "OP": "?"}, {"LIKE_NUM": True, "OP": "?"},
             {"LOWER": {"IN": ["day", "days", "week", "weeks", "month", "months", "year", "years"]}},
             {"LOWER": {"IN": ["later", "earlier"]}}]]


class TimexMatcher:
    """Temporal phrases (a `PhraseMatcher` by lower case) and year patterns (a `Matcher`)."""

    def __init__(self, nlp: Language):
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("TIMEX", list(nlp.tokenizer.pipe(_phrases())))
        self.shapes = Matcher(nlp.vocab)
        self.shapes.add("TIMEX", _shape_patterns())

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        return list(self.phrases(doc)) + list(self.shapes(doc))


def build_matcher(nlp: Language) -> TimexMatcher:
    """The matcher of temporal expressions the statistical NER misses."""
    return TimexMatcher(nlp)


def candidate_spans(doc: Doc, matcher: TimexMatcher) -> tuple[list[Span], list[Span]]:
    """DATE / TIME entities and pattern matches, overlapping ones merged into their union; and the
    pattern matches themselves (to fall back on where a union does not normalise)."""
    matches = [_extend_left(Span(doc, s, e, label="TIMEX")) for _, s, e in matcher(doc)]
    matches = [s for s in matches if _keep_match(s)]
    entities = [Span(doc, e.start, e.end, label=e.label_) for e in doc.ents
                if e.label_ in ("DATE", "TIME") and not _undated_event_day(e)]
    matches = [s for s in matches if not _undated_event_day(s)]
    spans = sorted(matches + entities, key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:
        # overlapping spans are one expression; so are a clock time and a day next to it ("9 a.m. Tuesday")
        if merged and (span.start < merged[-1].end or (span.start == merged[-1].end and (
                "TIME" in (merged[-1].label_, span.label_) or _weekday_then_date(merged[-1], span))
                and "\n" not in doc[span.start - 1].whitespace_)):
            last = merged[-1]
            label = "TIME" if span.label_ == "TIME" and span.end > last.end else "TIMEX"
            merged[-1] = Span(doc, last.start, max(last.end, span.end), label=label)
        else:
            merged.append(span)
    return merged, matches + [e for e in entities if not any(e == m for m in merged)]


def _undated_event_day(span: Span) -> bool:
    """"the day his father was taken away", "the night they came": the time of an event the text
    describes in a relative clause without dating it, which the publication date would misplace."""
    words = [t.lower_ for t in span]
    return len(words) == 2 and words[0] in ("the", "that") and words[1] in ("day", "night", "week", "month", "year") \
        and any(c.dep_ == "relcl" for c in span[-1].children)


def _weekday_then_date(day: Span, date: Span) -> bool:
    """A weekday and the date right after it are one expression ("Friday Oct. 13")."""
    return len(day) == 1 and day[0].lower_ in WEEKDAYS and date[0].lower_.rstrip(".") in MONTHS \
        and any(t.like_num for t in date)


_LEFT_WORDS = {"SEASON": {"last", "this", "next", "the", "early", "late", "mid", "-"},
               "AGO": {"a", "an", "few", "several", "couple", "of", "-"}}


def _extend_left(span: Span) -> Span:
    """Patterns start on a season or a unit (cheap to match); their cue words are taken here:
    "last summer", "the fall", "two weeks ago", "a few days ago"."""
    doc = span.doc
    if span[0].lower_ in SEASONS:
        kind = "SEASON"
    elif span[-1].lower_ == "ago":
        kind = "AGO"
    else:
        return span
    start = span.start
    while start > 0 and (doc[start - 1].lower_ in _LEFT_WORDS[kind]
                         or (kind == "AGO" and doc[start - 1].like_num)):
        start -= 1
        if kind == "SEASON" and doc[start].lower_ in ("last", "this", "next", "early", "late", "mid"):
            break
        if kind == "AGO" and doc[start].lower_ in ("a", "an") and not (start > 0 and doc[start - 1].lower_ == "about"):
            break
    return Span(doc, start, span.end, label=span.label)


def _keep_match(span: Span) -> bool:
    """Drop pattern matches that are not times: "May" the modal, "the fall of Sirte", "Arab Spring"."""
    doc = span.doc
    words = [t.lower_ for t in span]
    if len(span) == 1 and words[0] in MONTHS and not (span[0].is_title or span[0].is_upper):
        return False  # "march", "may" in lower case are verbs
    if words[-1] in ("before", "after") and span.end < len(doc) and not (doc[span.end].is_punct or doc[span.end].pos_ in ("VERB", "AUX")):
        return False  # "the day before the plunge": "before" takes an object, the time is "the day"
    if len(words) == 3 and words[1] == "the" and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", words[2]) \
            and span.end < len(doc) and (doc[span.end].pos_ in ("NOUN", "PROPN", "ADJ") or doc[span.end].lower_ == "of"):
        return False  # "on the 17th floor", "since the 3rd century": an ordinal of something else
    if words in (["soon"], ["shortly"], ["long"]) and span.end < len(doc) and doc[span.end].lower_ in ("after", "before"):
        return False  # "soon after the boat left": a relation to an event, not a reference to the future
    if words in (["current"], ["recent"]) and span[0].pos_ != "ADJ":
        return False  # "the current" of a river
    if words == ["future"] and (span[0].pos_ not in ("ADJ", "NOUN") or span[0].i > 0 and doc[span[0].i - 1].lower_ in ("a", "its", "his", "her", "their", "our", "my", "your")):
        return False  # "a future", "their future": a prospect, not a time
    if words[-1] == "period" and len(words) == 2 and words[0] in ("the", "this", "that", "the same"):
        return False  # "the period" alone is a time only after a quarter; spaCy's span decides
    if len(span) == 1 and span[0].shape_ == "dddd":
        if not re.fullmatch(r"(1[89]|20)\d\d", span[0].text):
            return False
        if span[0].dep_ == "nummod" and span[0].head.tag_ in ("NNS", "NNPS"):
            return False  # "2011 people" counts people; "the 2011 uprising" is a year
    if words == ["may"] and span[0].tag_ != "NNP":
        return False
    if words[-1] in ("march", "may") and len(words) == 1 and span[0].pos_ == "VERB":
        return False
    if set(words) & set(SEASONS):
        season = next(t for t in span if t.lower_ in SEASONS)
        before = doc[season.i - 1] if season.i > 0 else None
        after = doc[season.i + 1] if season.i + 1 < len(doc) else None
        if season.is_title and before is not None and before.pos_ == "PROPN":
            return False
        if after is not None and after.lower_ == "of" and not (season.i + 2 < len(doc) and doc[season.i + 2].shape_ == "dddd"):
            return False
        if before is None or (before.lower_ not in ("last", "this", "next", "the", "in", "by", "until",
                                                     "during", "since", "early", "late", "mid")
                              and span[0] == season):
            return False
    if words[-1] in SEASONS and span[-1].pos_ == "VERB":
        return False
    return True


# ---------------------------------------------------------------- context

def _is_plan_verb(token: Any) -> bool:
    """A verb of planning, by lemma or, where the lemmatizer slips ("hopes" -> "hop"), by form."""
    if token.lemma_.lower() in PLAN_VERBS:
        return True
    return token.pos_ in ("VERB", "AUX") and _plan_form(token.lower_)


@lru_cache(maxsize=4096)
def _plan_form(word: str) -> bool:
    return any(word.startswith(verb) and len(word) - len(verb) <= 3 for verb in PLAN_VERBS if len(verb) > 3)


_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d"})
_SCHEDULE_VERBS = frozenset({"plan", "schedule", "arrange", "organize", "organise"})
_IMPLICATIVE_VERBS = frozenset({
    "try", "attempt", "manage", "fail", "begin", "start", "continue", "allow", "permit", "refuse", "decline",
    "help", "seem", "appear", "happen", "dare", "use", "bother", "struggle", "scramble", "rush", "hurry",
    "go", "come", "move", "stop", "force", "compel", "cause", "enable", "get", "make", "let",
})
"""Verbs whose infinitive happens when they do ("tried to enter on Monday", "were allowed to speak")."""
_WILL_AUX = frozenset({"will", "shall", "'ll", "wo"})
_PERCEPTION_VERBS = frozenset({"hear", "see", "feel", "smell", "watch", "spot", "observe", "notice", "sense"})


def tense(span: Span) -> str | None:
    """"future", "past", "nominal past" or None (unknown): whether the time a span names lies after or before the
    report, read from its own cue words, else from the verb that governs it.

    The nearest verb above the span decides: a future or modal auxiliary ("will meet on Monday",
    "would be ready as soon as Tuesday") or a plan ("agreed to hold elections in December",
    "plans to meet on Tuesday", "is expected to join in April") is the future; a past form or a
    perfect ("announced Wednesday", "rules approved Sunday", "may have been hit on Wednesday") is the
    past; "nominal past" where a noun stands between the time and that verb ("the redemption on
    Dec. 7 was announced", "payable Dec. 1"): the noun's event need not be the verb's. A present
    tense, a plan made in the past ("planned a rally on Saturday") or no verb is unknown. An infinitive or a participle defers to the verb
    above it. A possessive time ("Thursday's attack") names an event already known.
    """
    words = {t.lower_ for t in span}
    if words & {"next", "coming", "upcoming", "later"}:
        return "future"
    if words & {"last", "ago", "previous", "past", "earlier", "recent"}:
        return "past"
    root = span.root
    if root.dep_ == "poss" or span[-1].lower_ == "'s" or (span.end < len(span.doc) and span.doc[span.end].lower_ == "'s"):
        return "past"
    if span.start > 0 and span.doc[span.start - 1].lower_ == "for" and words & set(WEEKDAYS):
        planned = span.doc[span.start - 1].head
        if planned.dep_ == "acl" and planned.tag_ == "VBN" and _verb_tense(span, planned) == "past":
            return None  # "a service planned for Saturday was canceled": that Saturday may be gone
        return "future"  # "set for Saturday", "a rally for Monday"
    found = _verb_tense(span, root)
    if found in ("past", "nominal past") and span.start > 0 and (span.doc[span.start - 1].lower_ in (
            "through", "until", "till", "thru") or _moved_to(span.doc[span.start - 1])):
        return None  # an end point: "extended the offer through January", "postponed to May" may lie ahead
    before = span.doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ == "by" and words & (set(WEEKDAYS) | set(_MONTH_WORDS)) \
            and not (before.head.tag_ == "VBD" or any(c.lower_ in ("had", "'d") for c in before.head.children)):
        return "future"  # a deadline: "complete by Monday" (but "by Monday they had left", "by May 2 it was over")
    return found


def _moved_to(token: Any) -> bool:
    """A "to" that gives a verb its new time ("extended to Nov. 20", "postponed the vote to Monday"),
    not the end of a range ("from Monday to Wednesday")."""
    return token.lower_ == "to" and token.head.pos_ in ("VERB", "AUX") and not any(
        c.lower_ in ("from", "between") for c in token.head.children)


def _between(verb: Any, span: Span) -> Span:
    """The tokens between a verb and a later time."""
    return span.doc[verb.i + 1:span.start]


def _verb_tense(span: Span, root: Any) -> str | None:
    """The tense the verbs above a time give it (see `tense`)."""
    infinitive = nominal = False
    came_from = root
    for verb in root.ancestors:
        # a participle clause ("..., saying Friday that ...") has its own time: the verb it hangs on
        # gives it a tense, but not a plan ("is seeking refuge ..., saying Friday")
        from_clause, came_from = came_from.dep_ in ("advcl", "acl") and came_from.tag_ == "VBG", verb
        if verb.pos_ not in ("VERB", "AUX"):
            if verb.pos_ in ("NOUN", "PROPN", "ADJ"):  # the subject's event is the verb's ("the clashes of October were")
                nominal = verb.dep_ not in ("nsubj", "nsubjpass")
            continue
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if infinitive and _is_plan_verb(verb) and verb.tag_ == "VBG" and aux & {"was", "were"}:
            return None  # "was calling for people to donate ... after the fighting Sunday": a past plan
        if infinitive and (_is_plan_verb(verb) or verb.lemma_ == "be"):
            return "future"  # "agreed to hold", "is to resume"
        if "to" in aux and verb.tag_ in ("VB", "VBN"):
            infinitive = True  # "to hold", "guidelines to be published in November"
            continue
        if aux & _WILL_AUX or "going" in aux:
            return "future"
        if aux & _PERFECT_AUX:
            return "past"
        if aux & FUTURE_AUX:
            if "could" in aux and (verb.lemma_.lower() in _PERCEPTION_VERBS or _negated(verb)):
                # "fire could be heard on Friday", "could not be reached for comment Friday": what could
                # (not) be seen or done was; "could come on Friday" is a possibility ahead
                return "past"
            return "future"
        if verb.tag_ == "VBN" and verb.lemma_.lower() in ("schedule", "due", "plan", "expect", "set"):
            # "is scheduled to meet on Friday" lies ahead; "was scheduled to head to Russia on Sunday"
            # (written on Monday) is a plan of the past, whose day may already be gone: no tense
            return None if aux & {"was", "were"} else "future"
        if _is_plan_verb(verb) and verb.tag_ in ("VBZ", "VBP", "VBG") and not from_clause:
            return "future"
        if _is_plan_verb(verb) and verb.i < span.start and any(
                t.lower_ == "to" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_.startswith("VB")
                for t in _between(verb, span)):
            return "future"  # "agreed during the talks to hold elections in December", whatever the parse
        if verb.tag_ == "VBD" and verb.lemma_.lower() in _SCHEDULE_VERBS and verb.i < span.start:
            return None  # "planned a rally on Saturday": a past plan's time may still lie ahead
        if verb.tag_ == "VBN" and aux and aux <= {"is", "are", "am", "'s", "'re"}:
            return None  # a present passive ("the case is heard in May"): no tense to go by
        if verb.tag_ in ("VBD", "VBN"):
            if infinitive and verb.lemma_.lower() not in _IMPLICATIVE_VERBS:
                return None  # "subpoenaed him to testify on Feb. 10": the errand may still lie ahead
            return "nominal past" if nominal else "past"
        if verb.tag_ in ("VB", "VBG"):
            continue
        return None
    return None


_NEGATIVE_SUBJECTS = frozenset({"neither", "nor", "nobody", "none", "no"})


def _negated(verb: Any) -> bool:
    """A verb denied by "not" / "never", or by its subject ("neither he nor ...", "no one")."""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and any(
                t.lower_ in _NEGATIVE_SUBJECTS for t in child.subtree if t.i < verb.i):
            return True
    return False


def is_future(span: Span) -> bool:
    """True where the time a span names is after the report (see `tense`)."""
    return tense(span) == "future"


# ---------------------------------------------------------------- normalising

def _season_position(code: str, year: int) -> int:
    """Seasons in time order: spring, summer, fall, then the winter starting in December."""
    return year * 4 + _SEASON_ORDER.index(code)


def _shift_season(code: str, anchor: dt.date, *, direction: str) -> str:
    """The season `code` nearest the anchor's: "last" strictly before the current season,
    "next" strictly after it, "past" / "future" / "this" the current one included."""
    current_code = _SEASON_OF_MONTH[anchor.month]
    current = _season_position(current_code, anchor.year - 1 if anchor.month in (1, 2) else anchor.year)
    before = current - 1 if direction == "last" else current
    after = current + 1 if direction == "next" else current
    if direction in ("last", "past"):
        position = max(p for p in range(before - 4, before + 1) if p % 4 == _SEASON_ORDER.index(code))
    else:
        position = min(p for p in range(after, after + 4) if p % 4 == _SEASON_ORDER.index(code))
    return f"{position // 4}-{code}"


def _iso_week(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def _count(words: list[str]) -> int | None:
    """A count from digits or number words; None for vague counts ("several", "a few")."""
    text = " ".join(w for w in words if w != "of")
    if not text:
        return 1
    if any(w in ("several", "few", "many", "couple", "some") for w in words):
        return None
    return parse_number(text)


_PARSE_BASE = dt.datetime(2000, 7, 1)
"""dateparser reads month and day; this module picks the year of a year-less date itself, so the
base only needs to be a leap year (for February 29) and can stay fixed, which lets results be
cached by text alone."""


@lru_cache(maxsize=8192)
def _dateparser(text: str) -> tuple[dt.datetime, str] | None:
    """dateparser's reading of an explicit date or month, as (datetime, period)."""
    data = _parser().get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj, data.period


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": _PARSE_BASE})


PAST_DAY_AHEAD_DAYS = 14
"""A year-less day this close ahead of publication stays in that year even in the past tense
("Dunkin' has set Nov. 10 as the deadline" on Nov. 2) rather than going back almost a year."""


def _pick_year(month: int, day: int | None, anchor: dt.date, tense: str | None) -> int:
    """The year that puts a month (or day) on or before the anchor in the past tense, on or after
    it in the future; with no tense, the nearer of the two (the past one on a tie)."""
    key, reference = (month, day or 0), (anchor.month, anchor.day if day else 0)
    before = anchor.year if key <= reference else anchor.year - 1
    after = anchor.year if key >= reference else anchor.year + 1
    def distance(year: int) -> int:
        return abs((dt.date(year, month, min(day or 15, 28)) - anchor).days)

    if tense == "future":
        return after
    if before == after:
        return before
    if tense == "past":
        # a year-less day is of the current year (news style names other years): a past day
        # just ahead of publication is a misread tense or a late-stamped report, not last year's
        return after if day and distance(after) <= PAST_DAY_AHEAD_DAYS else before

    if tense == "nominal past":  # past, unless the date is within two months ahead
        return after if distance(after) <= 62 else before
    return after if distance(after) < distance(before) else before


_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?)?", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_STRIP = re.compile(r"^(?:(?:on|in|since|by|until|till|during|from|of|at|for|over|through|throughout)\s+)+")


def normalize(text: str, anchor: dt.date | None, *, tense: str | None = None,
              reference: str | None = None) -> Timex | None:
    """TIMEX3 type, value and mod of an expression, resolved against the anchor date.

    `tense` ("past", "future" or None) says on which side of the anchor a time without a year lies;
    `reference` is the value of the last date the text named, for expressions that point back to it
    ("a year earlier", "the same day", "the quarter")."""
    future = tense == "future"
    raw = " ".join(text.replace("\u2019", "'").split())
    t = raw.lower().rstrip(".,;:")
    t = re.sub(r"'s$", "", t)
    t = _STRIP.sub("", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"\b(?:a|one) fortnight\b", "two weeks", t)  # "a fortnight ago" is two weeks ago
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})", t):
        first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if first > 12 >= second:
            day, month = first, second  # "19/03/2011": day first
        elif second > 12 >= first:
            day, month = second, first  # "03/20/2011": month first
        elif first == second:
            day = month = first
        else:
            return None  # "03/04/2011" is March or April by the outlet's habit: not guessed
        try:
            return Timex("DATE", dt.date(year, month, day).isoformat())
        except ValueError:
            return None
    if not t:
        return None
    if m := re.fullmatch(r"(?:in )?(?:the )?(recent|future|coming) (?:days|weeks|months|quarters|years)"
                         r"(?: (?:and|or) (?:days|weeks|months|quarters|years))?", t):
        return Timex("DATE", "PAST_REF" if m.group(1) == "recent" else "FUTURE_REF")  # "future quarters"
    for words, value in ((PRESENT_REF, "PRESENT_REF"), (PAST_REF, "PAST_REF"), (FUTURE_REF, "FUTURE_REF")):
        if t in words:
            return Timex("DATE", value)
    if t in SETS:
        return Timex("SET", SETS[t])
    if m := re.fullmatch(r"(?:every|each) (day|week|month|year)", t):
        return Timex("SET", f"P1{UNITS[m.group(1)]}")
    if timex := _referring(t, anchor, reference):
        return timex
    if timex := _quarter(t, anchor, tense, reference):
        return timex
    if timex := _holiday(t, anchor, tense):
        return timex
    parts = _relative_day(t, anchor)
    if parts:
        return parts
    if t == "this past week" and anchor is not None:
        # the week just ended: the report's own week when it is written at the weekend
        return Timex("DATE", _iso_week(anchor if anchor.weekday() >= 5 else anchor - dt.timedelta(weeks=1)))
    if t == "this past weekend" and anchor is not None:
        return Timex("DATE", _weekend(anchor, future=False))
    if t in ("the weekend", "this weekend", "weekend") and anchor is not None:
        return Timex("DATE", _weekend(anchor, future=future))
    if m := re.fullmatch(r"(earlier|later) (.+)", t):
        inner = normalize(m.group(2), anchor, tense=tense, reference=reference)
        if inner is not None and inner.type in ("DATE", "TIME") and inner.value[:1].isdigit():
            return inner  # "earlier Sunday", "later that day": within the day named
    if (m := re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.?m\.?(?: [a-z]{3})? (" + "|".join(WEEKDAYS) + r")", t)) \
            and anchor is not None:
        day = _weekday(None, WEEKDAYS[m.group(4)], None, anchor, future, unknown=tense is None)
        hour = int(m.group(1)) % 12 + (12 if m.group(3) == "p" else 0)
        return Timex("TIME", f"{day.value}T{hour:02d}:{m.group(2) or '00'}")  # "9 a.m. EST Tuesday"
    t = re.sub(r"^the (previous|following|next) ", r"\1 ", t)
    if (m := re.fullmatch(r"(?:(last|next|this|past|coming|previous|following)[- ])?(" + "|".join(WEEKDAYS) +
                          r")(?: (morning|afternoon|evening|night))?", t)):
        return _weekday(m.group(1), WEEKDAYS[m.group(2)], m.group(3), anchor, future, unknown=tense is None)
    if m := re.fullmatch(r"(last|next|this) (" + "|".join(MONTHS) + r")", t):
        month = MONTHS[m.group(2)]
        if anchor is None:
            return Timex("DATE", f"XXXX-{month:02d}")
        year = {"this": anchor.year,
                "last": anchor.year if month < anchor.month else anchor.year - 1,
                "next": anchor.year if month > anchor.month else anchor.year + 1}[m.group(1)]
        return Timex("DATE", f"{year}-{month:02d}")
    if timex := _season(t, anchor, future):
        return timex
    if timex := _relative_period(t, anchor):
        return timex
    if timex := _duration(t):
        return timex
    if m := re.fullmatch(r"(?:the )?(?:(early|mid|late)[- ])?(1[89]\d|20\d)0'?s", t):
        return Timex("DATE", m.group(2), {"early": "START", "mid": "MID", "late": "END"}.get(m.group(1) or ""))
    if m := re.fullmatch(r"(?:the )?(?:(early|mid|late)[- ])?(?:'|19)?(" + "|".join(_DECADE_WORDS) + r")", t):
        return Timex("DATE", f"19{_DECADE_WORDS[m.group(2)]}",
                     {"early": "START", "mid": "MID", "late": "END"}.get(m.group(1) or ""))
    if m := re.fullmatch(r"(last|this|next|this past|this coming) (.*\d.*)", t):
        inner = normalize(m.group(2), anchor, tense="future" if "next" in m.group(1) or "coming" in m.group(1)
                          else "past" if m.group(1) != "this" else tense, reference=reference)
        if inner is not None and inner.type in ("DATE", "TIME") and inner.value[:1].isdigit():
            return inner  # "last Oct. 23", "next May 5"
    if (m := re.fullmatch(r"(?:the )?(morning|afternoon|evening|night) of (.+)", t)) \
            and (inner := normalize(m.group(2), anchor, tense=tense, reference=reference)) is not None \
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", inner.value):
        return Timex("TIME", f"{inner.value}T{PARTS_OF_DAY[m.group(1)]}", referred=inner.referred)  # "the night of March 19"
    if m := re.fullmatch(r"(?:the )?(mid|middle|early|late|beginning|start|end|about|around|nearly)"
                         r"(?:[- ]| of (?:the )?)(.+)", t):
        # "the end of the week": the week of the report, as "the end of the month" is its month
        inner = normalize("this week" if m.group(2) in ("week", "the week", "of the week") else m.group(2), anchor,
                          tense=tense, reference=reference)
        if inner is None or inner.type not in ("DATE", "TIME") or inner.value.endswith("_REF"):
            return None
        return Timex(inner.type, inner.value, MODIFIERS[m.group(1)])
    if m := re.fullmatch(r"(?:" + "|".join(WEEKDAYS) + r"),? (.*\d.*)", t):
        inner = normalize(m.group(1), anchor, tense=tense, reference=reference)
        if inner is not None and inner.type in ("DATE", "TIME"):
            return inner  # "Thursday, July 11": the date names the day
    if m := re.fullmatch(r"(?:the |a )?(\d{1,2})(?:st|nd|rd|th)[- ]century", t):
        return Timex("DATE", f"{int(m.group(1)) - 1:02d}")  # "the 20th century": the years 19xx
    if re.fullmatch(r"(?:the )?year(?:-| |'s )end", t):
        return Timex("DATE", str(anchor.year) if anchor else "XXXX", "END")  # "by year-end": this year's end
    if m := re.fullmatch(r"(?:the )?week (?:of|beginning|starting) (.+)", t):
        inner = normalize(m.group(1), anchor, tense=tense, reference=reference)
        if inner is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", inner.value):
            return Timex("DATE", _iso_week(dt.date.fromisoformat(inner.value)))  # "the week of March 6"
    if (m := re.fullmatch(r"(.+?),? ((?:nineteen|eighteen|twenty|two thousand)\b.*)", t)) \
            and (year := _spelled_year(m.group(2))) \
            and (timex := normalize(f"{m.group(1)} {year}", anchor, tense=tense, reference=reference)):
        return timex  # "January nineteen ninety-seven", "the winter of nineteen ninety-four"
    t = re.sub(r"^the ", "", t)
    t = re.sub(r"^(?:fiscal|calendar|(?:fiscal|calendar|the|model) year)[- ](?=\d{4}$)", "", t)
    if re.fullmatch(r"\d{4}", t):
        return Timex("DATE", t)
    if year := _spelled_year(t):
        return Timex("DATE", str(year))
    return _calendar(raw, t, anchor, tense, None)


_DECADE_WORDS = {"twenties": "2", "thirties": "3", "forties": "4", "fifties": "5", "sixties": "6",
                 "seventies": "7", "eighties": "8", "nineties": "9", "20s": "2", "30s": "3", "40s": "4",
                 "50s": "5", "60s": "6", "70s": "7", "80s": "8", "90s": "9"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_CALENDAR_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-(Q\d|H\d|W\d{2}|SP|SU|FA|WI))?")


def _spelled_year(t: str) -> int | None:
    """A year in words: "nineteen ninety-six", "the year two thousand", "two thousand and one"."""
    t = re.sub(r"^(?:the )?year ", "", t)
    if m := re.fullmatch(r"(nineteen|eighteen|twenty) ([a-z]+(?:-[a-z]+)?)", t):
        rest = parse_number(m.group(2).replace("-", " "))
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m.group(1)]
        return century + rest if rest is not None and 10 <= rest < 100 else None
    if t.startswith("two thousand") and (value := parse_number(t)) is not None and 2000 <= value < 2100:
        return value
    return None


def _shift_year(value: str, years: int) -> str | None:
    """A calendar value moved by whole years ("1989-Q3" -> "1988-Q3"), None if it is not one."""
    if not _CALENDAR_VALUE.fullmatch(value):
        return None
    shifted = f"{int(value[:4]) + years:04d}{value[4:]}"
    return None if shifted.endswith("-02-29") else shifted


def _quarter_of(date: dt.date) -> int:
    return (date.month - 1) // 3 + 1


_YEAR_BACK = (r"(?:(?:a|one) year (?:earlier|ago|before)|(?:the )?year[- ](?:earlier|ago)"
              r"(?: (?:fiscal )?(?:(?:first|second|third|fourth)[- ])?(?:quarter|period|month|week|day|year))?"
              r"|the (?:same|corresponding|comparable|year-ago|year-earlier) (?:quarter|period|month|week)"
              r" (?:a year (?:ago|earlier)|last year|of (?:last|the previous) year)"
              r"|last year's (?:(?:first|second|third|fourth)[- ])?(?:quarter|period)"
              r"|the (?:quarter|period) a year (?:ago|earlier))")


def _day_of_month(number: int, reference: str | None, anchor: dt.date | None) -> Timex | None:
    """"the 17th": that day of the month named before ("in March ... on the 17th"), else of the
    publication month, or of the month before when the day has not come yet."""
    try:
        if reference:
            return Timex("DATE", dt.date(int(reference[:4]), int(reference[5:7]), number).isoformat(), referred=True)
        if anchor is None:
            return None
        month = anchor if number <= anchor.day else (anchor.replace(day=1) - dt.timedelta(days=1))
        return Timex("DATE", month.replace(day=number).isoformat())
    except ValueError:
        return None


def _referring(t: str, anchor: dt.date | None, reference: str | None) -> Timex | None:
    """Expressions whose value comes from the last date the text named (the reference time, as in
    HeidelTime): "a year earlier" and "the year-ago quarter" are the reference's period a year
    before (the quarter, month or day it names); "that year" / "the same day" the reference's year /
    day; "the following month" the one after it. Without a reference, the publication date stands in."""
    if re.fullmatch(_YEAR_BACK, t):
        if reference and (shifted := _shift_year(reference, -1)):
            return Timex("DATE", shifted, referred=True)
        return Timex("DATE", str(anchor.year - 1), referred=True) if anchor else None
    base = reference if reference and _CALENDAR_VALUE.fullmatch(reference) else None
    if base is None and anchor is not None:
        base = anchor.isoformat()
    if base is None:
        return None
    referred = base != (anchor.isoformat() if anchor else None)
    if anchor is not None and re.fullmatch(r"(?:the )?(?:current|present)(?: fiscal| calendar)? year", t):
        return Timex("DATE", str(anchor.year))
    if re.fullmatch(r"(?:that|the same|(?:later|earlier) (?:that|in the|in that)|the) year|that same year", t):
        return Timex("DATE", base[:4], referred=referred)
    day = _CALENDAR_VALUE.fullmatch(base)
    if day and day.group(2) and re.fullmatch(r"(?:that|the same|that same|the) month", t):
        return Timex("DATE", base[:7], referred=referred)
    if (m := re.fullmatch(r"the (following|next|previous|preceding) week", t)) and referred and day and day.group(3):
        step = 1 if m.group(1) in ("following", "next") else -1  # "on March 1 ... the following week"
        return Timex("DATE", _iso_week(dt.date.fromisoformat(base[:10]) + dt.timedelta(weeks=step)), referred=True)
    if m := re.fullmatch(r"the (following|next|previous|preceding) (day|month|year)", t):
        step = 1 if m.group(1) in ("following", "next") else -1
        if m.group(2) == "year":
            return Timex("DATE", str(int(base[:4]) + step), referred=referred)
        if m.group(2) == "month" and day and day.group(2):
            index = int(base[:4]) * 12 + int(day.group(2)) - 1 + step
            return Timex("DATE", f"{index // 12}-{index % 12 + 1:02d}", referred=referred)
        if m.group(2) == "day" and day and day.group(3):
            return Timex("DATE", (dt.date.fromisoformat(base[:10]) + dt.timedelta(days=step)).isoformat(),
                         referred=referred)
    if (m := re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", t)) and day and (day.group(2) or anchor is not None):
        return _day_of_month(int(m.group(1)), base if referred and day.group(2) else None, anchor)
    if referred and day and (m := re.fullmatch(r"((?:[\w-]+ ){1,2}?)(day|week|month|year)s? (later|earlier)", t)):
        count = _count([w for w in m.group(1).split() if w not in ("a", "an")])
        sign = 1 if m.group(3) == "later" else -1
        if count is not None and 0 < count < 200 and m.group(2) == "year":
            return Timex("DATE", str(int(base[:4]) + sign * count), referred=True)  # "by 1999 ... two years later"
        if count is not None and 0 < count < 100 and m.group(2) == "month" and day.group(2):
            index = int(base[:4]) * 12 + int(day.group(2)) - 1 + sign * count
            return Timex("DATE", f"{index // 12}-{index % 12 + 1:02d}", referred=True)
        if count is not None and 0 < count < 400 and m.group(2) in ("day", "week") and day.group(3):
            shifted = dt.date.fromisoformat(base[:10]) + dt.timedelta(days=sign * count * (7 if m.group(2) == "week" else 1))
            return Timex("DATE", shifted.isoformat() if m.group(2) == "day" else _iso_week(shifted), referred=True)
    if not (day and day.group(3)) and referred and re.fullmatch(r"(?:that|that same) day", t):
        return Timex("DATE", base, referred=True)  # "in 1996 ... killed that day": a day of 1996, not of today
    if not (day and day.group(3)) and anchor is not None:  # a day-expression needs a day: publication's
        base, referred, day = anchor.isoformat(), False, _CALENDAR_VALUE.fullmatch(anchor.isoformat())
    if day and day.group(3) and re.fullmatch(r"(?:that|the same|that same|the) day", t):
        return Timex("DATE", base[:10], referred=referred)
    if day and day.group(3) and (m := re.fullmatch(r"(that|that same|the same|the next|the following|the previous) "
                                                    r"(morning|afternoon|evening|night)", t)):
        step = {"the next": 1, "the following": 1, "the previous": -1}.get(m.group(1), 0)
        date = dt.date.fromisoformat(base[:10]) + dt.timedelta(days=step)
        return Timex("TIME", f"{date.isoformat()}T{PARTS_OF_DAY[m.group(2)]}", referred=referred)  # "that night"
    if day and day.group(3) and (m := re.fullmatch(r"the day (before|after|earlier|later)", t)):
        step = 1 if m.group(1) in ("after", "later") else -1
        return Timex("DATE", (dt.date.fromisoformat(base[:10]) + dt.timedelta(days=step)).isoformat(), referred=referred)
    return None


def _quarter(t: str, anchor: dt.date | None, tense: str | None, reference: str | None) -> Timex | None:
    """Quarters and halves of a year (`1989-Q3`, `1989-H2`): "the third quarter", "third-quarter",
    "the 1988 second quarter", "the fourth quarter of 1990", "next year's first quarter", "the
    first half"; "the quarter" / "the latest quarter" is the quarter the text last named, else the
    last quarter completed before publication."""
    t = re.sub(r"\b(?:fiscal|calendar)[- ]", "", t)
    if m := re.fullmatch(r"(?:(?:the|its|a|an|this|last|next) )?(?:(\d{4}|this year's|last year's|next year's) )?"
                         r"(first|second|third|fourth|1st|2nd|3rd|4th|last)[- ](quarter|half)"
                         r"(?: of (?:the year )?(\d{4}|this year|last year|next year))?", t):
        number = _ORDINALS.get(m.group(2))
        unit = "Q" if m.group(3) == "quarter" else "H"
        if number is None:
            number = 4 if unit == "Q" else 2
        if unit == "H" and number > 2:
            return None
        year_word = m.group(1) or m.group(4)
        if year_word and year_word[:1].isdigit():
            return Timex("DATE", f"{year_word}-{unit}{number}")
        if anchor is None:
            return Timex("DATE", f"XXXX-{unit}{number}")
        if year_word:
            step = 0 if year_word.startswith("this") else (-1 if year_word.startswith("last") else 1)
            return Timex("DATE", f"{anchor.year + step}-{unit}{number}")
        current = _quarter_of(anchor) if unit == "Q" else (1 if anchor.month <= 6 else 2)
        before = anchor.year if number <= current else anchor.year - 1
        after = anchor.year if number >= current else anchor.year + 1
        year = after if tense == "future" and (current - number) % 4 > 1 else before
        if tense is None and before != after:
            per_year = 4 if unit == "Q" else 2
            year = after if (number - current) % per_year < (current - number) % per_year else before
        return Timex("DATE", f"{year}-{unit}{number}")
    if (m := re.fullmatch(r"the (\d{4}) (?:quarter|period)", t)) and reference and re.fullmatch(r"\d{4}-[QH]\d", reference):
        return Timex("DATE", f"{m.group(1)}{reference[4:]}", referred=True)  # "the 1988 quarter"
    if re.fullmatch(r"(?:the|that|this|its|the latest|the most recent|the same|the current|the latest fiscal)"
                    r" (?:quarter|period)|(?:this|that|the latest|the current) quarter", t):
        if t.endswith("period") and not (reference and re.fullmatch(r"\d{4}-(?:Q|H)\d", reference)):
            return None
        if reference and re.fullmatch(r"\d{4}-Q\d", reference) and not t.startswith(("this", "the current")):
            return Timex("DATE", reference, referred=True)
        if reference and re.fullmatch(r"\d{4}-H\d", reference) and t.endswith("period"):
            return Timex("DATE", reference, referred=True)
        if anchor is None:
            return Timex("DATE", "XXXX-QX")
        quarter = _quarter_of(anchor)
        if t.startswith(("this", "the current")):
            return Timex("DATE", f"{anchor.year}-Q{quarter}")
        index = anchor.year * 4 + quarter - 2
        return Timex("DATE", f"{index // 4}-Q{index % 4 + 1}")
    return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 the last) given weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


HOLIDAYS: dict[str, Any] = {
    "new year's day": lambda y: dt.date(y, 1, 1), "new year's eve": lambda y: dt.date(y, 12, 31),
    "christmas": lambda y: dt.date(y, 12, 25), "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24), "valentine's day": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31), "veterans day": lambda y: dt.date(y, 11, 11),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
}
"""Holidays of a fixed date or a fixed weekday of a month (the Gregorian ones HeidelTime knows too)."""
_HOLIDAY = re.compile(r"(?:(last|next|this) )?(" + "|".join(re.escape(h) for h in HOLIDAYS) + r")(?:,? (\d{4}))?")


def _holiday(t: str, anchor: dt.date | None, tense: str | None) -> Timex | None:
    """A holiday's date: the one before publication in the past tense or after "last", the next one
    in the future tense or after "next", else the nearer; "Christmas 2015" has its year."""
    m = _HOLIDAY.fullmatch(t)
    if not m:
        return None
    day = HOLIDAYS[m.group(2)]
    if m.group(3):
        return Timex("DATE", day(int(m.group(3))).isoformat())
    if anchor is None:
        return Timex("DATE", "XXXX-" + day(2000).isoformat()[5:]) if m.group(2) not in (
            "thanksgiving", "thanksgiving day", "labor day", "memorial day", "election day") else None
    cue = m.group(1) or ""
    before = max(d for d in (day(anchor.year - 1), day(anchor.year)) if d <= anchor)
    after = min(d for d in (day(anchor.year), day(anchor.year + 1)) if d >= anchor)
    if cue == "last" or (tense == "past" and cue != "next"):
        chosen = before if cue != "last" or before < anchor else day(anchor.year - 1)
    elif cue == "next" or tense == "future":
        chosen = after
    elif cue == "this":
        chosen = day(anchor.year)
    else:
        chosen = after if (after - anchor) < (anchor - before) else before
    return Timex("DATE", chosen.isoformat())


def _weekend(anchor: dt.date, *, future: bool) -> str:
    """The weekend meant by "the weekend": the coming one in a plan, else the last one begun."""
    saturday = anchor + dt.timedelta(days=5 - anchor.weekday())
    if future:
        date = saturday if anchor.weekday() < 5 else anchor
    else:
        date = saturday if anchor.weekday() >= 5 else saturday - dt.timedelta(weeks=1)
    return _iso_week(date) + "-WE"


def _relative_day(t: str, anchor: dt.date | None) -> Timex | None:
    m = re.fullmatch(r"(today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening)|last night)"
                     r"(?: (morning|afternoon|evening|night))?", t)
    if not m:
        return None
    word = m.group(1)
    offset = {"tomorrow": 1, "yesterday": -1, "last night": -1}.get(word, 0)
    part = m.group(2) or (word.split()[-1] if " " in word else ("night" if word == "tonight" else None))
    if anchor is None:
        return Timex("DATE", "PRESENT_REF") if offset == 0 and part is None else None
    date = anchor + dt.timedelta(days=offset)
    if part:
        return Timex("TIME", f"{date.isoformat()}T{PARTS_OF_DAY[part]}")
    return Timex("DATE", date.isoformat())


def _weekday(cue: str | None, weekday: int, part: str | None, anchor: dt.date | None, future: bool, *,
             unknown: bool = False) -> Timex:
    if anchor is None:
        value = f"XXXX-WXX-{weekday + 1}"
    else:
        back = (anchor.weekday() - weekday) % 7
        if cue in ("next", "coming", "following") or (future and cue not in ("last", "past", "previous")):
            ahead = (weekday - anchor.weekday()) % 7  # the day itself in a plan ("will meet Tuesday" on a Tuesday)
            date = anchor + dt.timedelta(days=ahead or (7 if cue in ("next", "following") else 0))
        elif cue in ("last", "past", "previous"):
            date = anchor - dt.timedelta(days=back or 7)
        elif unknown and back > 3:
            date = anchor + dt.timedelta(days=7 - back)  # no tense: the nearer one ("they meet Monday")
        else:
            date = anchor - dt.timedelta(days=back)
        value = date.isoformat()
    if part:
        return Timex("TIME", f"{value}T{PARTS_OF_DAY[part]}")
    return Timex("DATE", value)


def _season(t: str, anchor: dt.date | None, future: bool) -> Timex | None:
    t = re.sub(r"^this past ", "last ", re.sub(r"^this coming ", "next ", t))
    m = re.fullmatch(r"(?:(last|this|next|the|early|late|mid)[- ])?(?:the )?(spring|summer|fall|autumn|winter)"
                     r"(?:(?: of)? (\d{4}))?", t)
    if not m:
        return None
    cue, code, year = m.group(1), SEASONS[m.group(2)], m.group(3)
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(cue or "")
    if year:
        return Timex("DATE", f"{year}-{code}", mod)
    if anchor is None:
        return Timex("DATE", f"XXXX-{code}", mod)
    if cue == "this":  # the season of the publication year (a winter is named by the year it starts)
        return Timex("DATE", f"{anchor.year - (code == 'WI' and anchor.month <= 2)}-{code}", mod)
    direction = cue if cue in ("last", "next") else ("future" if future else "past")
    return Timex("DATE", _shift_season(code, anchor, direction=direction), mod)


def _relative_period(t: str, anchor: dt.date | None) -> Timex | None:
    m = re.fullmatch(r"(?:(later|earlier) )?(this|last|next|past|previous|coming) (week|weekend|month|year)", t)
    if not m:
        return None
    mod_word, cue, unit = m.groups()
    if cue in ("past", "coming") and not mod_word:
        return Timex("DURATION", f"P1{UNITS['week' if unit == 'weekend' else unit]}")
    if anchor is None:
        return Timex("DATE", "PRESENT_REF" if cue == "this" else ("PAST_REF" if cue in ("last", "previous") else "FUTURE_REF"))
    step = {"this": 0, "last": -1, "previous": -1, "next": 1}[cue]
    if unit == "year":
        value = str(anchor.year + step)
    elif unit == "month":
        month_index = anchor.year * 12 + anchor.month - 1 + step
        value = f"{month_index // 12}-{month_index % 12 + 1:02d}"
    else:
        value = _iso_week(anchor + dt.timedelta(weeks=step)) + ("-WE" if unit == "weekend" else "")
    return Timex("DATE", value)


def _duration(t: str) -> Timex | None:
    m = re.fullmatch(r"(?:(?:the|a|an) )?(?:(?:past|last|next|coming|previous|first|few) )?((?:[\w-]+ ){0,3}?)"
                     r"(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
                     r"(?: (ago|later|earlier|before|after))?", t)
    if not m or m.group(3) in ("later", "earlier", "before", "after"):
        return None
    words = m.group(1).split()
    if any(not (w in ("several", "few", "many", "couple", "of", "some", "and", "a", "an") or parse_number(w) is not None)
           for w in words):
        return None
    unit = m.group(2).rstrip("s").replace("centurie", "century").replace("centuri", "century")
    count = _count([w for w in words if w not in ("the",)])
    if m.group(3) == "ago":
        return None
    plural = m.group(2).endswith("s") or m.group(2).endswith("ies")
    if not words:
        count = None if plural else 1
    amount = "X" if count is None else str(count)
    prefix = "PT" if unit in _TIME_UNITS else "P"
    return Timex("DURATION", f"{prefix}{amount}{UNITS[unit]}")


def _calendar(raw: str, t: str, anchor: dt.date | None, tense: str | None, mod: str | None) -> Timex | None:
    """Explicit dates and months, and counted offsets ("two weeks ago"), through dateparser."""
    ago = re.fullmatch(r"((?:[\w-]+ ){0,3}?)(days?|weeks?|months?|years?) ago", t)
    if ago and {"a", "an"} & set(ago.group(1).split()) and len(ago.group(1).split()) > 1 \
            and not re.fullmatch(r"(?:a (?:few|couple of)|a couple) ", ago.group(1)):
        return None  # "seven a year ago": a count of something else before "a year ago"
    if ago:
        count = _count(ago.group(1).split())
        if count is None:
            return Timex("DATE", "PAST_REF")
        if anchor is None:
            return Timex("DATE", "PAST_REF")
        unit = ago.group(2).rstrip("s")
        if unit == "day":
            return Timex("DATE", (anchor - dt.timedelta(days=count)).isoformat())
        if unit == "week":
            return Timex("DATE", _iso_week(anchor - dt.timedelta(weeks=count)))
        if unit == "month":
            index = anchor.year * 12 + anchor.month - 1 - count
            return Timex("DATE", f"{index // 12}-{index % 12 + 1:02d}")
        return Timex("DATE", str(anchor.year - count))
    words = re.findall(r"[a-z]+", t)
    if not any(w in MONTHS for w in words) and not re.search(r"\d", t):
        return None
    if any(w not in MONTHS and w not in ("of", "the", "th", "st", "nd", "rd", "am", "pm", "a", "m", "p")
           for w in words):
        return None
    clock = _CLOCK.search(t) or re.search(r"\b(\d{1,2})()\s*([ap]\.?m\.?)", t)
    date_text = re.sub(r"\b\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?", "", t).strip(" ,") if clock else t
    if clock and not re.search(r"\d|" + "|".join(MONTHS), date_text):
        if not clock.group(3):
            return None
        hour = int(clock.group(1)) % 12 + (12 if clock.group(3)[0] == "p" else 0)
        day = anchor.isoformat() if anchor else "XXXX-XX-XX"
        return Timex("TIME", f"{day}T{hour:02d}:{clock.group(2) or '00'}")  # "at 9 a.m.": the day of the report
    has_year = bool(_YEAR.search(date_text))
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", date_text):
        return None  # a day number alone ("April 24 and 25"): its month comes from the date before it
    parsed = _dateparser(date_text) if date_text else None
    if parsed is None:
        return None
    when, period = parsed
    month = when.month
    has_day = period == "day" and bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", _YEAR.sub("", date_text)))
    if period == "year" and not has_year:
        return None
    if has_year:
        year = when.year
    elif anchor is None:
        year = None
    else:
        year = _pick_year(month, when.day if has_day else None, anchor, tense)
    year_text = "XXXX" if year is None else f"{year:04d}"
    if period == "year":
        return Timex("DATE", year_text, mod)
    if not has_day:
        return Timex("DATE", f"{year_text}-{month:02d}", mod)
    value = f"{year_text}-{month:02d}-{when.day:02d}"
    if clock:
        hour, minute, meridiem = int(clock.group(1)), clock.group(2), (clock.group(3) or "").replace(".", "").lower()
        hour = hour % 12 + (12 if meridiem == "pm" else 0) if meridiem else hour
        return Timex("TIME", f"{value}T{hour:02d}:{minute}", mod)
    return Timex("DATE", value, mod)


# ---------------------------------------------------------------- rows

def _trim(span: Span) -> Span:
    """Leading prepositions and determiners and trailing punctuation are not part of a timex."""
    start, end = span.start, span.end
    doc = span.doc
    if end - start > 3 and doc[start].lower_ == "as" and doc[start + 2].lower_ == "as" \
            and doc[start + 1].lower_ in ("early", "late", "soon", "recently", "long", "far") \
            and not (end - start == 4 and doc[start + 3].lower_ == "possible"):
        start += 3  # "as early as next year": the signal is not part of the time
    while start < end and (doc[start].lower_ in ("on", "in", "since", "by", "until", "till", "during", "from", "at",
                                                 "for", "over", "through", "throughout")
                           or doc[start].is_punct or doc[start].is_space):
        start += 1
    if end - start > 1 and doc[start].lower_ in ("a", "an") and (doc[start + 1].lower_.rstrip(".") in MONTHS
                                                                 or doc[start + 1].shape_ == "dddd"):
        start += 1  # "an Aug. 10, 1988, agreement"
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ == "'s"
                           or (doc[end - 1].pos_ in ("VERB", "AUX") and doc[end - 1].tag_ in ("VBD", "VBZ", "VBP")
                               and end - start > 1)):
        end -= 1  # a finite verb the NER ran into ("the night of March 19 killed") ends no time
    return Span(doc, start, end, label=span.label_)


_CONNECTORS = frozenset({"to", "through", "until", "till", "and", "or", "-", "\u2013", "\u2014", "ended", "ending",
                         "between", "from", "versus", "vs."})
_LATEST = re.compile(r"\b(?:latest|most recent)\b")
_REFERENCE_VALUE = re.compile(r"\d{4}(?:-(?:\d{2}(?:-\d{2})?|Q\d|H\d|W\d{2}|SP|SU|FA|WI))?(?:T.*)?")


def timexes_from_doc(doc: Doc, doc_id: str, published: dt.date | None, matcher: TimexMatcher, *,
                     starts: list[int]) -> list[dict[str, Any]]:
    """`timexes` rows of one Doc, in text order.

    The last calendar value found is the reference time of the expressions that point back to an
    earlier date ("a year earlier", "the same day", "the quarter"); their `anchor` names it."""
    anchor_label = f"publication date {published.isoformat()}" if published else "no publication date"
    rows = []
    reference: str | None = None
    reference_ahead = False
    merged, matches = candidate_spans(doc, matcher)
    said_on: list[tuple[Span, dt.date]] = []  # days named earlier in the sentence, for reported plans
    for span in merged:
        inside = [m for m in matches if m.start >= span.start and m.end <= span.end and (m.start, m.end) != (span.start, span.end)]
        calendar_seen = False
        # "the latest quarter" is not a quarter the text placed ahead ("will result in a fourth-quarter charge")
        usable = None if reference_ahead and _LATEST.search(span.text.lower()) else reference
        said_on = [(s, d) for s, d in said_on if s.sent.start == span.sent.start]
        speech = _speech_day(span, said_on, published)
        if said_on and (row := _day_of_a_pair(span, said_on[-1], doc_id, starts)):
            rows.append(row)  # "on July 29 and 30": the day number takes the month of the date before it
            continue
        for piece, timex, piece_tense in _normalised(span, published, inside, usable, speech):
            absolute = bool(_YEAR.search(piece.text)) or timex.type in ("DURATION", "SET")
            if timex.referred:
                anchor = f"earlier date {reference}"
            elif speech is not None and piece_tense == "future" and not absolute:
                anchor = f"statement date {speech.isoformat()}"
            else:
                anchor = "absolute" if absolute and "XXXX" not in timex.value else anchor_label
            rows.append(_timex_row(doc_id, starts, piece, timex, anchor=anchor, future=piece_tense == "future"))
            if not calendar_seen and timex.type in ("DATE", "TIME") and not timex.referred \
                    and _REFERENCE_VALUE.fullmatch(timex.value):
                # the first date of a span: "the quarter ended Sept. 30" is about the quarter,
                # "the six months ended Aug. 12" (a duration first) about Aug. 12
                reference = timex.value.split("T")[0]
                reference_ahead = piece_tense == "future"
            calendar_seen = calendar_seen or bool(_REFERENCE_VALUE.fullmatch(timex.value))
            if timex.type in ("DATE", "TIME") and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", timex.value):
                said_on.append((piece, dt.date.fromisoformat(timex.value[:10])))
    return rows


def _timex_row(doc_id: str, starts: list[int], span: Span, timex: Timex, *, anchor: str, future: bool) -> dict[str, Any]:
    """A `timexes` row: where the expression is, its value and what it was resolved against."""
    return {"doc_id": doc_id, "sentence_id": sentence_index(starts, span.start_char),
            "start_char": span.start_char, "end_char": span.end_char, "text": span.text,
            "type": timex.type, "value": timex.value, "mod": timex.mod, "anchor": anchor, "future": future}


_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def _same_month_day(text: str, date: dt.date) -> dt.date | None:
    """The day a day number alone ("25", "30th") names in the month of `date`, or None when the
    text is no day number or that month has no such day."""
    if not (m := _DAY_NUMBER.fullmatch(text.strip())):
        return None
    try:
        return date.replace(day=int(m.group(1)))
    except ValueError:
        return None


def _day_of_a_pair(span: Span, before: tuple[Span, dt.date], doc_id: str, starts: list[int]) -> dict[str, Any] | None:
    """The row of a day number alone joined to the day-precision date just before it ("July 29 and 30",
    "May 25-26") where the two are separate expressions."""
    day_span, day = before
    if span.start != day_span.end + 1 \
            or span.doc[day_span.end].lower_ not in ("and", "or", "to", "-", "\u2013", "through", "&"):
        return None
    value = _same_month_day(span.text, day)
    if value is None or value <= day:
        return None
    return _timex_row(doc_id, starts, span, Timex("DATE", value.isoformat()), anchor=f"earlier date {day.isoformat()}",
                      future=False)


def _speech_day(span: Span, said_on: list[tuple[Span, dt.date]], published: dt.date | None) -> dt.date | None:
    """The day of the past statement whose clause a span is in: "the regime said on Friday night that it
    would observe a ceasefire on Saturday" (published Sunday) plans the Saturday after that Friday.
    The day must be named earlier in the sentence, attached to a past verb that governs the span, and
    lie before publication."""
    if published is None or not {t.lower_.rstrip(".") for t in span} & (set(WEEKDAYS) | set(MONTHS)):
        return None  # only named days: "tomorrow" in a quotation is the reporter's (as annotators read it)
    for day_span, day in reversed(said_on):
        if day >= published:
            continue
        verb = next((a for a in day_span.root.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None or verb.tag_ != "VBD":
            continue
        path = [span.root, *span.root.ancestors]
        if verb in path and path[path.index(verb) - 1].dep_ == "ccomp":
            return day  # the span is in the clause the verb reports
    return None


def _normalised(span: Span, published: dt.date | None, inside: list[Span],
                reference: str | None, speech: dt.date | None = None) -> list[tuple[Span, Timex, str | None]]:
    """The whole span normalised; else each part of it between connectives ("Aug. 26 to Oct. 20",
    "the quarter ended Sept. 30"), then between commas, and within a part that does not normalise
    the pattern matches."""
    trimmed = _trim(span)
    if len(trimmed) == 0:
        return []
    if whole := _normalise_one(trimmed, published, reference, speech):
        return [whole]
    results = []
    for part in _cut(trimmed, lambda t: t.lower_ in _CONNECTORS and (
            t.text != "-" or bool(t.whitespace_) or (t.i > 0 and bool(t.doc[t.i - 1].whitespace_)))):
        pieces = [part] if len(part) == len(trimmed) else [part, *_cut(part, lambda t: t.text == ",")]
        if (day := _day_after_date(part, results)) is not None:
            results.append(day)
            continue
        for piece in pieces:
            if piece is not trimmed and (found := _normalise_one(piece, published, reference, speech)):
                results.append(found)
                break
        else:
            for sub in filter_spans([m for m in inside if m.start >= part.start and m.end <= part.end]):
                sub = _trim(sub)
                if len(sub) and (found := _normalise_one(sub, published, reference, speech)):
                    results.append(found)
    return results


def _day_after_date(part: Span, results: list[tuple[Span, Timex, str | None]]) -> tuple[Span, Timex, str | None] | None:
    """A day number alone after a date of the same span is a day of that month ("April 24 and 25",
    "March 3, 4 and 5")."""
    if not results:
        return None
    _, previous, previous_tense = results[-1]
    if previous.type != "DATE" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", previous.value):
        return None
    day = _same_month_day(part.text, dt.date.fromisoformat(previous.value))
    return None if day is None else (part, Timex("DATE", day.isoformat()), previous_tense)


def _cut(span: Span, is_cut: Any) -> list[Span]:
    """The trimmed, non-empty parts of a span between the tokens `is_cut` accepts."""
    cuts = [t.i for t in span if is_cut(t)]
    if not cuts:
        return [span]
    bounds = [span.start, *cuts, span.end]
    parts = [_trim(Span(span.doc, a + (a in cuts), b, label=span.label_))
             for a, b in zip(bounds, bounds[1:]) if a + (a in cuts) < b]
    return [p for p in parts if len(p)]


def _normalise_one(span: Span, published: dt.date | None, reference: str | None,
                   speech: dt.date | None = None) -> tuple[Span, Timex, str | None] | None:
    """The span's value; a plan reported by a statement of an earlier day (`speech`) is resolved
    from that day (the future of the statement, not of the report)."""
    span_tense = tense(span)
    if span.text.lower() in ("today", "tomorrow") and span.start > 0 and span.doc[span.start - 1].lower_ == "of":
        # "the Libya of tomorrow", "the leaders of today": the present or the future in general, not a day
        return span, Timex("DATE", "PRESENT_REF" if span.text.lower() == "today" else "FUTURE_REF"), span_tense
    anchor = speech if span_tense == "future" and speech is not None else published
    timex = normalize(span.text, anchor, tense=span_tense, reference=reference)
    return (span, timex, span_tense) if timex is not None else None

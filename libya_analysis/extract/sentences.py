"""Sentence spans of a parsed article: the unit every row of the store points to."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

_NAME = r"[A-Z][\w'’.-]*"
_NAME_START = r"(?:Abu|Ras|Bani|Beni|Bir|Sidi|Ben|Bin|Al|El|Umm|Wadi|Jabal|Jebel|Tel|New|San|Santa|Los|Las|Saint|St\.|Port|Hong|Kuala|Addis|Dar|Buenos|Rio|Sao)"
_OUTLET = r"\((?:[A-Z][A-Za-z.&]*\s?){1,3}\)\s*(?:—|–|--?)(?:\s+(?=[A-Z0-9“\"‘'])|\s*$)"
DATELINE = re.compile(
    rf"(?:(?<![\w'’.-])(?:(?:{_NAME_START}\s)?{_NAME}(?:\sCity)?,\s(?:{_NAME}\s){{0,3}}|[A-Z][A-Z'’.-]{{2,}}\s))?"
    + _OUTLET)
"""A dateline and the outlet that opens a report: "Benghazi, Libya (CNN) — ", "TRIPOLI (AFP) - ",
"(Reuters) - ", followed by the report's first word (capitalised: "(UNHCR) - said" is no dateline).
Inside a line its place is taken when it is written "City, Country", the city one word or a name of
two words that starts as Arabic and other place names do ("Ras Lanuf", "Abu Dhabi", "New York"):
the word before the city often ends a headline ("... killed in Misrata Tripoli, Libya (CNN) —"); or
as one word in capitals ("... BENGHAZI (AFP) -"). A lone name in ordinary case before the outlet
may be the last word of a headline ("... in Tripoli and Benghazi (CNN) —") and is left with it,
unless it opens the line ("Tripoli (AFP) - ...", see `dateline_at`)."""
_OPENING_DATELINE = re.compile(rf"(?:{_NAME}\s){{1,3}}" + _OUTLET)


def dateline_at(text: str, position: int) -> re.Match[str] | None:
    """The dateline a sentence opens with at `position` ("Tripoli, Libya (CNN) — ", "Tripoli
    (AFP) - ", "(Reuters) - "), or None: its place is where the report was filed."""
    return DATELINE.match(text, position) or _OPENING_DATELINE.match(text, position)


def _dateline_cuts(text: str, start: int, end: int) -> list[int]:
    """Where a dateline begins inside the span (not at its start, nor after nothing but the
    dateline's own name: "Tripoli (AFP) - "): a scraped page runs headline, highlights and
    dateline into one line, and the report starts at the dateline."""
    line = text[start:end]
    if _OPENING_DATELINE.match(line):
        return []
    return [start + m.start() for m in DATELINE.finditer(line) if m.start() > 0]


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the Doc's sentences, also cut at line breaks and before a dateline.

    The parser sometimes glues a headline or dateline to the paragraph below it; an evidence
    sentence should never span lines, so each parser sentence is split after a line break, and a
    dateline run into the headline above it ("... cease-fire Tripoli, Libya (CNN) — NATO has
    agreed") starts a sentence: a figure of the headline is not placed at the dateline's city.
    """
    spans = []
    for start, end in _line_spans(doc):
        for cut in _dateline_cuts(doc.text, start, end):
            head_end = len(doc.text[start:cut].rstrip()) + start
            spans.append((start, head_end))
            start = cut
        spans.append((start, end))
    return spans


def _line_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the parser's sentences, split after line breaks."""
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

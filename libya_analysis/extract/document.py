"""Per-document extraction: one parsed article in, the rows of every per-document table out.

This is what a tagging worker runs on each Doc (locally, in `nlp.pipe` processes or on a Dask
worker): sentences, actor mentions, places, temporal expressions and casualty figures. It needs
nothing from other articles, so articles can be extracted in any order and any process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from ..schema import MEDIA, MENTION_COLUMNS, PER_DOCUMENT_TABLES, PLACE_COLUMNS, SENTENCE_COLUMNS, TIMEX_COLUMNS
from .actors import build_role_matcher, mentions_from_doc
from .casualties import casualties_from_doc, casualties_table
from .gazetteer import Gazetteer
from .places import PlaceList, places_from_doc
from .sentences import sentence_spans
from .temporal import TimexMatcher, build_matcher, timexes_from_doc


@dataclass
class Extractor:
    """The per-document extraction with what it needs besides the Doc, built once per process."""

    gazetteer: Gazetteer
    places: PlaceList
    matcher: TimexMatcher
    place_keys: set[str] = field(default_factory=set)
    armed_groups: set[str] = field(default_factory=set)
    roles: Matcher | None = None

    @classmethod
    def for_pipeline(cls, nlp: Language, *, gazetteer: Gazetteer, places: PlaceList) -> Extractor:
        armed = {a.actor_id for a in gazetteer.actors.values()
                 if a.type in ("armed_group", "militia") and not a.collective}
        return cls(gazetteer, places, build_matcher(nlp), places.keys(), armed, build_role_matcher(nlp.vocab))

    def __call__(self, doc: Doc, doc_id: str, published: dt.date | None) -> dict[str, list[Any]]:
        """Rows of each per-document table for one article (sentence rows as tuples)."""
        spans = sentence_spans(doc)
        starts = [start for start, _ in spans]
        text = doc.text  # built from the tokens on every access: once per Doc
        sentences = [(doc_id, number, start, end, text[start:end]) for number, (start, end) in enumerate(spans)]
        mentions = mentions_from_doc(doc, doc_id, self.gazetteer, place_names=self.place_keys, starts=starts,
                                     roles=self.roles, published=published)
        # casualty perpetrators come from named parties: a collective ("gunmen") or an outlet
        # would keep reports of one incident from merging
        named = [m for m in mentions if m["actor_type"] != MEDIA
                 and not (m["actor_id"] in self.gazetteer and self.gazetteer[m["actor_id"]].collective)]
        places = places_from_doc(doc, doc_id, self.gazetteer, self.places, starts)
        timexes = timexes_from_doc(doc, doc_id, published, self.matcher, starts=starts)
        figures = casualties_from_doc(
            doc, doc_id, mentions=pd.DataFrame(named, columns=MENTION_COLUMNS),
            places=pd.DataFrame(places, columns=PLACE_COLUMNS), timexes=pd.DataFrame(timexes, columns=TIMEX_COLUMNS),
            published=published, starts=starts, armed_groups=self.armed_groups)
        return {"sentences": sentences, "mentions": mentions, "places": places, "timexes": timexes,
                "figures": figures}


def empty_rows() -> dict[str, list[Any]]:
    """Row lists of every per-document table, to extend article by article."""
    return {name: [] for name in PER_DOCUMENT_TABLES}


def per_document_tables(rows: dict[str, list[Any]]) -> dict[str, pd.DataFrame]:
    """The per-document tables from the rows the extractor gave."""
    return {"sentences": pd.DataFrame(rows["sentences"], columns=SENTENCE_COLUMNS),
            "mentions": pd.DataFrame(rows["mentions"], columns=MENTION_COLUMNS),
            "places": pd.DataFrame(rows["places"], columns=PLACE_COLUMNS),
            "timexes": pd.DataFrame(rows["timexes"], columns=TIMEX_COLUMNS),
            "figures": casualties_table(rows["figures"])}


"""Sentence spans of a parsed article: the unit every row of the store points to."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc


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

"""Which language an article is written in, with py3langid (its model ships in the package, so
nothing is downloaded).

The start of the cleaned text (`SAMPLE_CHARS`) is classified, so an English article that quotes
a sentence or a paragraph in French or Arabic is still English. Short texts are not judged:
language identification on a headline alone is unreliable ("Tripoli clashes" reads as Italian).
A text where English function words ("the", "of", "and", ...) make up at least
`ENGLISH_FUNCTION_SHARE` of the words is English without asking the classifier: running English
prose has about a quarter, French, Spanish, Italian or German prose next to none, and the
classifier's model (about 2 s to decompress) is then loaded only for corpora that need it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

ENGLISH = "en"
MIN_WORDS = 25
"""Texts with fewer words are taken as English (too short to judge)."""
MIN_CONFIDENCE = 0.9
"""Normalised probability the other language needs before an article counts as not English."""
ENGLISH_FUNCTION_WORDS = frozenset({"the", "of", "and", "to", "in", "is", "was", "that", "for", "on", "with",
                                    "said", "by", "as", "at", "from", "were", "has", "have", "which", "it"})
ENGLISH_FUNCTION_SHARE = 0.15
"""Share of `ENGLISH_FUNCTION_WORDS` from which a text is English without the classifier."""
SAMPLE_CHARS = 1500
"""Characters classified (from the start): enough to judge, and a long article costs no more."""
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The classifier, loaded once (decompressing its model takes about 2 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and its normalised probability (0 to 1)."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def article_language(text: str) -> str | None:
    """The language an article is taken to be in: `en`, another code when the classifier is sure
    (at least `MIN_CONFIDENCE`), or None for a text too short to judge (tagged as English)."""
    if len(text.split()) < MIN_WORDS:
        return None
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if sum(word in ENGLISH_FUNCTION_WORDS for word in words) >= ENGLISH_FUNCTION_SHARE * len(words):
        return ENGLISH
    language, probability = detect_language(text)
    return language if language == ENGLISH or probability >= MIN_CONFIDENCE else ENGLISH

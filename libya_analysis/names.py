"""The one comparison of names used everywhere: actors, places and the evaluation."""

from __future__ import annotations

import re
import unicodedata


def normalize_name(text: str) -> str:
    """Lower case, no accents, punctuation or underscores, no leading "the" (for comparing names)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text.lower()).strip()
    return re.sub(r"^the\s+", "", text)

"""Numbers written as digits or English words, through text2num (a well-kept parser of number words)."""

from __future__ import annotations

import re

from text_to_num import text2num

DOZEN = {"dozen": 12, "a dozen": 12, "half a dozen": 6}


def parse_number(text: str) -> int | None:
    """The integer a phrase states ("14", "1,643", "seven", "twenty-one", "a dozen"); None otherwise."""
    text = " ".join(text.lower().split()).replace(" - ", "-")
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    if text in DOZEN:
        return DOZEN[text]
    if m := re.fullmatch(r"(\S+) dozen", text):
        inner = parse_number(m.group(1))
        return inner * 12 if inner else None
    text = re.sub(r"^(a|an)\s+", "one ", text) if re.match(r"^(a|an)\s+(hundred|thousand|million)", text) else text
    if text in ("a", "an"):
        return 1
    try:
        return int(text2num(text.replace("-", " "), "en"))
    except (ValueError, TypeError):
        return None

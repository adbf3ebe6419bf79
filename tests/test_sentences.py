"""Sentence spans: the unit every row of the store points to."""

import pytest

from libya_analysis.extract.sentences import sentence_spans


def _sentences(nlp, text):
    doc = nlp(text)
    return [doc.text[start:end] for start, end in sentence_spans(doc)]


def test_a_sentence_never_spans_a_line_break(nlp):
    assert _sentences(nlp, "Rebels advance on Brega\nFighting continued on Sunday.") == [
        "Rebels advance on Brega", "Fighting continued on Sunday."]


@pytest.mark.parametrize("text, expected", [
    # headline and highlights run into the dateline: the report starts at the dateline
    ("Jets strike near Sirte, NATO says Misrata, Libya (CNN) — Rebels pushed west on Friday.",
     ["Jets strike near Sirte, NATO says", "Misrata, Libya (CNN) — Rebels pushed west on Friday."]),
    ("Ten die as boat sinks TRIPOLI, Libya (Reuters) - Rescuers searched the coast on Monday.",
     ["Ten die as boat sinks", "TRIPOLI, Libya (Reuters) - Rescuers searched the coast on Monday."]),
    # the word before the city often ends the headline; a city of two words keeps both
    ("Fourteen rebels die in fighting near Misrata Tripoli, Libya (CNN) — Rebels marched on.",
     ["Fourteen rebels die in fighting near Misrata", "Tripoli, Libya (CNN) — Rebels marched on."]),
    ("Oil prices rise Ras Lanuf, Libya (CNN) — Rebels marched on.",
     ["Oil prices rise", "Ras Lanuf, Libya (CNN) — Rebels marched on."]),
    ("Talks open Abu Dhabi, United Arab Emirates (CNN) — Envoys met on Monday.",
     ["Talks open", "Abu Dhabi, United Arab Emirates (CNN) — Envoys met on Monday."]),
    # a one-word dateline in capitals
    ("Rebels seize port BENGHAZI (AFP) - Rebels took the port on Monday.",
     ["Rebels seize port", "BENGHAZI (AFP) - Rebels took the port on Monday."]),
    # a dateline that opens the text, and an acronym in brackets inside a sentence, cut nothing
    ("Benghazi, Libya (CNN) — Rebels pushed west on Friday.", ["Benghazi, Libya (CNN) — Rebels pushed west on Friday."]),
    ("Tripoli (AFP) - Rebels pushed west on Friday.", ["Tripoli (AFP) - Rebels pushed west on Friday."]),
    ("The refugee agency (UNHCR) - said 20 people died.", ["The refugee agency (UNHCR) - said 20 people died."]),
])
def test_a_dateline_run_into_a_headline_starts_a_sentence(nlp, text, expected):
    found = _sentences(nlp, text)
    # what comes before the dateline is cut there; the parser may split the report after it
    assert found[0] == expected[0]
    assert " ".join(found[1:]) == " ".join(expected[1:])


def test_a_lone_name_before_the_outlet_stays_with_the_headline(nlp):
    # "Benghazi (CNN)" may be the last word of a headline, not a dateline
    found = _sentences(nlp, "Doctors flee Tripoli and Benghazi (CNN) — A surgeon told his story.")
    assert found[0] == "Doctors flee Tripoli and Benghazi"
    assert not any("Benghazi" in s for s in found[1:])


def test_dateline_at_reads_the_openings_of_reports():
    from libya_analysis.extract.sentences import dateline_at

    for text in ("Tripoli, Libya (CNN) — Battles raged.", "TRIPOLI (AFP) - Battles raged.",
                 "Tripoli (AFP) - Battles raged.", "(Reuters) - Battles raged.", "Abu Dhabi (Reuters) - Talks began."):
        assert dateline_at(text, 0) is not None, text
    for text in ("The refugee agency (UNHCR) - said 20 died.", "Rebels said (in a statement) that they won."):
        assert dateline_at(text, 0) is None, text

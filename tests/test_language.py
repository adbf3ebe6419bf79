"""Language identification: articles in another language are not tagged; English ones quoting
another language are."""

from __future__ import annotations

import pytest

from libya_analysis.io.language import article_language

FRENCH = ("Des combattants se réclamant de l'organisation État islamique ont attaqué mardi un poste de contrôle "
          "à l'entrée ouest de Syrte, tuant quatre soldats libyens et en blessant six autres, selon un porte-parole "
          "du ministère de la Défense. Les assaillants ont pris la fuite vers le sud avant l'arrivée des renforts.")
ARABIC = ("قتل أربعة جنود ليبيين وأصيب ستة آخرون في هجوم شنه مسلحون على نقطة تفتيش عند المدخل الغربي لمدينة سرت "
          "يوم الثلاثاء، بحسب متحدث باسم وزارة الدفاع. وفر المهاجمون باتجاه الجنوب قبل وصول التعزيزات الأمنية إلى "
          "المكان، وأعلنت الحكومة الحداد ثلاثة أيام.")
ENGLISH = ("Four Libyan soldiers were killed and six wounded on Tuesday when gunmen attacked a checkpoint at the "
           "western entrance of Sirte, a defence ministry spokesman said. The attackers fled south before "
           "reinforcements arrived, and the government declared three days of mourning across the region.")


def test_french_and_arabic_articles_are_recognised():
    assert article_language(FRENCH) == "fr"
    assert article_language(ARABIC) == "ar"
    assert article_language(ENGLISH) == "en"


def test_an_english_article_quoting_another_language_stays_english():
    quoting = (ENGLISH + "\n\nThe ministry's statement, read on television, said: « Les forces armées poursuivront "
               "les auteurs de cette attaque lâche. » " + ENGLISH.replace("Tuesday", "Wednesday"))
    assert article_language(quoting) == "en"


def test_a_text_too_short_to_judge_is_not_labelled():
    assert article_language("Tripoli clashes") is None


def test_running_english_prose_needs_no_classifier(monkeypatch):
    import libya_analysis.io.language as language

    def refuse(text):
        raise AssertionError("the classifier was asked")

    monkeypatch.setattr(language, "detect_language", refuse)
    assert language.article_language(ENGLISH) == "en"
    with pytest.raises(AssertionError):
        language.article_language(FRENCH)

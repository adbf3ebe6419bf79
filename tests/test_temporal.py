"""Temporal expressions found in sentences and normalised against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from libya_analysis.extract.sentences import sentence_starts
from libya_analysis.extract.temporal import build_matcher, normalize, timexes_from_doc

FRIDAY = dt.date(2018, 8, 24)


@pytest.fixture(scope="module")
def find(nlp):
    matcher = build_matcher(nlp)

    def run(text: str, published: dt.date | None = FRIDAY) -> list[tuple[str, str, str | None]]:
        doc = nlp(text)
        rows = timexes_from_doc(doc, "d", published, matcher, starts=sentence_starts(doc))
        return [(r["text"], r["value"], r["mod"]) for r in rows]

    return run


@pytest.mark.parametrize("sentence, expected", [
    ("ISIS killed seven people Thursday.", ("Thursday", "2018-08-23", None)),
    ("The minister resigned on Friday.", ("Friday", "2018-08-24", None)),
    ("The minister resigned on Saturday.", ("Saturday", "2018-08-18", None)),
    ("The two delegations will meet on Monday.", ("Monday", "2018-08-27", None)),
    ("They will meet next Friday.", ("next Friday", "2018-08-31", None)),
])
def test_weekdays(find, sentence, expected):
    assert expected in find(sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("The attack on November 25 killed nine.", ("November 25", "2017-11-25", None)),
    ("Militants attacked the town on August 20.", ("August 20", "2018-08-20", None)),
    ("The talks in May failed.", ("May", "2018-05", None)),
    ("The clashes of October were the worst.", ("October", "2017-10", None)),
    ("In January 2014, the embassy came under attack.", ("January 2014", "2014-01", None)),
    ("On April 13, 2015, the embassy was attacked.", ("April 13, 2015", "2015-04-13", None)),
    ("The city fell in 2016.", ("2016", "2016", None)),
])
def test_months_days_and_years(find, sentence, expected):
    assert expected in find(sentence)


@pytest.mark.parametrize("sentence, expected", [
    ("The parties agreed to hold presidential and parliamentary elections in December.", ("December", "2018-12", None)),
    ("Elections will be held in December.", ("December", "2018-12", None)),
    ("The government plans to reopen the airport on September 3.", ("September 3", "2018-09-03", None)),
    ("Italy hopes to hold a conference on Libya later this year.", ("later this year", "2018", None)),
    ("Conte is seeking to organize an international conference in the fall.", ("the fall", "2018-FA", None)),
])
def test_plans_and_the_future_move_forward(find, sentence, expected):
    assert expected in find(sentence)


def test_past_event_in_a_plan_sentence_stays_past(find):
    assert ("Thursday", "2018-08-23", None) in find("Sarraj pledged to pursue the perpetrators of Thursday's attack.")
    assert ("Thursday", "2018-08-23", None) in find("ISIS fighters tried to storm the town on Thursday.")


@pytest.mark.parametrize("sentence, published, expected", [
    ("The government fled to Benghazi last summer.", dt.date(2015, 4, 13), ("last summer", "2014-SU", None)),
    ("The government fled last summer.", dt.date(2015, 10, 2), ("last summer", "2015-SU", None)),
    ("Fighting resumed this winter.", dt.date(2016, 1, 10), ("this winter", "2015-WI", None)),
    ("Troops will deploy before winter.", dt.date(2018, 10, 1), ("winter", "2018-WI", None)),
    ("The town was quiet last winter.", dt.date(2018, 10, 1), ("last winter", "2017-WI", None)),
    ("In mid-November, car bombs exploded.", dt.date(2015, 4, 13), ("mid-November", "2014-11", "MID")),
    ("Clashes broke out in early December.", dt.date(2015, 1, 5), ("early December", "2014-12", "START")),
    ("Fighting grew in late 2016.", dt.date(2017, 3, 1), ("late 2016", "2016", "END")),
    ("The spring of 2011 changed Libya.", dt.date(2017, 3, 1), ("The spring of 2011", "2011-SP", None)),
])
def test_seasons_and_modifiers(find, sentence, published, expected):
    assert expected in find(sentence, published)


def test_not_seasons(find):
    found = find("The fall of Sirte ended the Arab Spring hopes. Prices fall.", dt.date(2016, 12, 20))
    assert not any(value.endswith(("-FA", "-SP")) for _, value, _ in found)


@pytest.mark.parametrize("sentence, published, expected", [
    ("Gasri said two weeks ago that troops advanced.", dt.date(2016, 6, 5), ("two weeks ago", "2016-W20", None)),
    ("The strike came three days ago.", FRIDAY, ("three days ago", "2018-08-21", None)),
    ("The envoy resigned a month ago.", FRIDAY, ("a month ago", "2018-07", None)),
    ("Clashes erupted last week.", FRIDAY, ("last week", "2018-W33", None)),
    ("Prices rose this year.", FRIDAY, ("this year", "2018", None)),
    ("Prices rose last month.", dt.date(2018, 1, 10), ("last month", "2017-12", None)),
    ("The militia fighting could resume tomorrow.", dt.date(2018, 9, 18), ("tomorrow", "2018-09-19", None)),
    ("Yesterday, gunmen stormed the hotel.", FRIDAY, ("Yesterday", "2018-08-23", None)),
    ("Salame took office last April.", dt.date(2020, 3, 3), ("last April", "2019-04", None)),
    ("The vote is set for next March.", dt.date(2020, 3, 3), ("next March", "2021-03", None)),
])
def test_relative_expressions(find, sentence, published, expected):
    assert expected in find(sentence, published)


@pytest.mark.parametrize("sentence, expected", [
    ("The country is now divided.", ("now", "PRESENT_REF", None)),
    ("The government, currently in exile, met.", ("currently", "PRESENT_REF", None)),
    ("Militias recently seized the port.", ("recently", "PAST_REF", None)),
    ("Such attacks happened in the past.", ("the past", "PAST_REF", None)),
])
def test_references(find, sentence, expected):
    assert expected in find(sentence)


def test_durations_and_sets(find):
    found = find("The siege lasted three months. Residents fought for hours. Patrols run every week.")
    assert ("three months", "P3M", None) in found
    assert ("hours", "PTXH", None) in found
    assert ("every week", "P1W", None) in found


def test_dateline_with_clock_time(find):
    found = find("ISIL attacks US allies in Libya\nApril 13, 2015, 9:42 am\n\nThe attack happened.",
                 dt.date(2015, 4, 13))
    values = {value for _, value, _ in found}
    assert values & {"2015-04-13", "2015-04-13T09:42"}


def test_year_boundary_december_in_a_january_article(find):
    assert ("December", "2017-12", None) in find("The offensive began in December.", dt.date(2018, 1, 15))
    assert ("December", "2018-12", None) in find("Elections will take place in December.", dt.date(2018, 1, 15))
    assert ("January 3", "2018-01-03", None) in find("Talks opened on January 3.", dt.date(2018, 1, 15))
    assert ("Saturday", "2017-12-30", None) in find("Gunmen attacked on Saturday.", dt.date(2018, 1, 1))


def test_article_without_a_date_keeps_unknown_parts(find):
    found = find("The attack on November 25 came after clashes on Thursday in 2016 and last summer.", None)
    assert ("November 25", "XXXX-11-25", None) in found
    assert ("Thursday", "XXXX-WXX-4", None) in found
    assert ("2016", "2016", None) in found
    assert ("last summer", "XXXX-SU", None) in found


def test_anchor_says_what_a_value_was_resolved_against(nlp):
    doc = nlp("On Thursday, ISIS attacked. In January 2014, the embassy was hit.")
    rows = timexes_from_doc(doc, "d", FRIDAY, build_matcher(nlp), starts=sentence_starts(doc))
    anchors = {r["text"]: r["anchor"] for r in rows}
    assert anchors == {"Thursday": "publication date 2018-08-24", "January 2014": "absolute"}


def test_normalize_rejects_what_is_not_a_date():
    assert normalize("the attack", FRIDAY) is None
    assert normalize("Sirte", FRIDAY) is None


def test_weekday_with_date_and_years_as_modifiers(find):
    found = find("A car bomb exploded during a funeral Thursday, July 11. Chaos followed the 2011 popular "
                 "uprising; 2011 people fled.", dt.date(2019, 7, 12))
    assert ("Thursday, July 11", "2019-07-11", None) in found
    assert [value for text, value, _ in found if text == "2011"] == ["2011"]


@pytest.mark.parametrize("sentence, published, expected", [
    # the verb that governs the time decides on which side of publication it lies
    ("The council announced on Wednesday that the crossing would reopen.", FRIDAY, ("Wednesday", "2018-08-22")),
    ("The rules of engagement approved Sunday will bind every member.", dt.date(2011, 3, 27), ("Sunday", "2011-03-27")),
    ("The convoy may have been hit on Tuesday.", FRIDAY, ("Tuesday", "2018-08-21")),
    ("The minister is to visit Misrata on Tuesday.", FRIDAY, ("Tuesday", "2018-08-28")),
    ("On Monday the commission plans to publish the voter lists.", FRIDAY, ("Monday", "2018-08-27")),
    ("A rally called for Saturday was banned by the police.", FRIDAY, ("Saturday", "2018-08-25")),
    ("The handover should be finished by Sunday.", FRIDAY, ("Sunday", "2018-08-26")),
    ("By Monday the fighters had left the port.", FRIDAY, ("Monday", "2018-08-20")),
])
def test_tense_of_the_governing_verb(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


@pytest.mark.parametrize("sentence, published, expected", [
    # no tense to go by: the nearer of the two years
    ("Bondholders of record on Jan. 14 receive the payment.", dt.date(2019, 1, 6), ("Jan. 14", "2019-01-14")),
    ("The deadline for bids is Sept. 3.", dt.date(2018, 8, 24), ("Sept. 3", "2018-09-03")),
    # a noun between the time and a past verb: the past, unless the date is weeks ahead
    ("The board declared a dividend payable Dec. 1.", dt.date(2018, 10, 26), ("Dec. 1", "2018-12-01")),
    ("The attack on November 25 killed nine.", dt.date(2018, 8, 24), ("November 25", "2017-11-25")),
    ("The clashes of October were the worst.", dt.date(2018, 8, 24), ("October", "2017-10")),
    # a past verb puts a date weeks ahead in the year before ...
    ("Rebels entered the town on September 20.", dt.date(2018, 8, 24), ("September 20", "2017-09-20")),
    # ... but not one days ahead: a misread tense or a report stamped early, not last year's day
    ("Rebels entered the town on September 2.", dt.date(2018, 8, 24), ("September 2", "2018-09-02")),
])
def test_year_of_a_month_and_day(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_last_before_an_explicit_date(find):
    assert ("last Oct. 23", "2018-10-23") in [(t, v) for t, v, _ in find("He was killed last Oct. 23.", dt.date(2019, 4, 2))]


@pytest.mark.parametrize("sentence, published, expected", [
    ("Oil output rose in the third quarter.", dt.date(2016, 11, 2), ("the third quarter", "2016-Q3")),
    ("Fourth-quarter revenue will be lower.", dt.date(2016, 11, 2), ("Fourth-quarter", "2016-Q4")),
    ("Exports fell in the first quarter.", dt.date(2016, 2, 10), ("the first quarter", "2016-Q1")),
    ("Exports fell in the third quarter.", dt.date(2016, 2, 10), ("the third quarter", "2015-Q3")),
    ("Production grew in the second quarter of 2014.", dt.date(2016, 2, 10), ("the second quarter of 2014", "2014-Q2")),
    ("The deal may close in next year's first quarter.", dt.date(2016, 10, 10), ("next year's first quarter", "2017-Q1")),
    ("Revenue doubled in the first half.", dt.date(2016, 10, 10), ("the first half", "2016-H1")),
])
def test_quarters_and_halves(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_reference_time_of_expressions_that_point_back(nlp):
    text = ("The port exported 300,000 barrels a day in the third quarter, up from 120,000 a year earlier. "
            "In the quarter, two tankers were seized. "
            "Talks opened in Geneva on March 3, 2016. The same day, rockets hit the airport. "
            "The town fell in 2011; that year the oil fields stopped.")
    doc = nlp(text)
    rows = timexes_from_doc(doc, "d", dt.date(2016, 11, 2), build_matcher(nlp), starts=sentence_starts(doc))
    found = {r["text"]: (r["value"], r["anchor"]) for r in rows}
    assert found["the third quarter"][0] == "2016-Q3"
    assert found["a year earlier"] == ("2015-Q3", "earlier date 2016-Q3")
    assert found["the quarter"][0] == "2016-Q3"
    assert found["The same day"] == ("2016-03-03", "earlier date 2016-03-03")
    assert found["that year"][0] == "2011"


def test_a_year_ago_without_an_earlier_date_is_the_year_before(find):
    assert ("a year ago", "2017", None) in find("Prices are higher than a year ago.")


def test_a_count_before_a_year_ago_is_not_part_of_it(find):
    found = find("The force has 13 camps, up from seven a year ago.", dt.date(2018, 8, 24))
    assert [(t, v) for t, v, _ in found if "ago" in t] == [("a year ago", "2017")]


@pytest.mark.parametrize("sentence, expected", [
    ("The current government controls the capital.", ("current", "PRESENT_REF")),
    ("Recent clashes forced families to flee.", ("Recent", "PAST_REF")),
    ("Talks will resume in the near future.", ("the near future", "FUTURE_REF")),
    ("No deal is expected anytime soon.", ("anytime soon", "FUTURE_REF")),
    ("Future elections depend on the constitution.", ("Future", "FUTURE_REF")),
])
def test_more_reference_words(find, sentence, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence)]


def test_their_future_is_not_a_time(find):
    assert not any(v == "FUTURE_REF" for _, v, _ in find("Young Libyans worry about their future."))


@pytest.mark.parametrize("sentence, published, expected", [
    ("Gadhafi came to power in the late 1960s.", FRIDAY, ("the late 1960s", "196", "END")),
    ("The economy stagnated in the eighties.", FRIDAY, ("the eighties", "198", None)),
    ("The treaty dates from nineteen fifty-one.", FRIDAY, ("nineteen fifty-one", "1951", None)),
    ("Revenue fell in fiscal 2015.", FRIDAY, ("fiscal 2015", "2015", None)),
])
def test_decades_spelled_and_fiscal_years(find, sentence, published, expected):
    assert expected in find(sentence, published)


def test_the_weekend(find):
    assert ("the weekend", "2018-W33-WE") in [(t, v) for t, v, _ in find("Militias clashed over the weekend.")]
    assert ("the weekend", "2018-W34-WE") in [(t, v) for t, v, _ in find("The talks will resume at the weekend.")]


def test_ranges_and_periods_ending_on_a_date_are_cut_into_their_dates(find):
    found = [(t, v) for t, v, _ in find("Shares were bought from Aug. 26 to Oct. 20.", dt.date(2018, 10, 30))]
    assert ("Aug. 26", "2018-08-26") in found and ("Oct. 20", "2018-10-20") in found
    found = [(t, v) for t, v, _ in find("Profit doubled in the quarter ended Sept. 30.", dt.date(2018, 10, 30))]
    assert ("Sept. 30", "2018-09-30") in found


@pytest.mark.parametrize("sentence, published, expected", [
    ("Rules to be published in early November will decide.", dt.date(2018, 10, 29), ("early November", "2018-11")),
    ("The mission was extended through January.", dt.date(2018, 11, 20), ("January", "2019-01")),
    ("The lenders kept the line open until Dec. 5.", dt.date(2018, 11, 20), ("Dec. 5", "2018-12-05")),
    ("Revenue for the year ending June 30, 2019, will fall.", dt.date(2018, 11, 2), ("June 30, 2019", "2019-06-30")),
    ("The shares came from an Aug. 10, 2017, agreement.", dt.date(2018, 11, 2), ("Aug. 10, 2017", "2017-08-10")),
    ("Earlier Sunday, rockets hit the airport.", dt.date(2018, 8, 26), ("Earlier Sunday", "2018-08-26")),
    ("The vote will close at 9 a.m. Tuesday.", dt.date(2018, 8, 26), ("9 a.m. Tuesday", "2018-08-28T09:00")),
    ("Talks had collapsed the previous Friday.", FRIDAY, ("the previous Friday", "2018-08-17")),
    ("The front was quiet this past spring.", dt.date(2018, 8, 26), ("this past spring", "2018-SP")),
    ("The offensive began this summer.", dt.date(2018, 10, 26), ("this summer", "2018-SU")),
])
def test_more_calendar_expressions(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_the_end_of_the_month_named_before(find):
    found = [(t, v, m) for t, v, m in find("Clashes began in March 2016. By the end of the month, 40 had died.")]
    assert ("the end of the month", "2016-03", "END") in found


@pytest.mark.parametrize("sentence, published, expected", [
    ("Families gathered on Thanksgiving Day.", dt.date(2015, 11, 30), ("Thanksgiving Day", "2015-11-26")),
    ("The ceasefire held over Christmas.", dt.date(2016, 1, 4), ("Christmas", "2015-12-25")),
    ("Prisoners will be freed before New Year's Day.", dt.date(2016, 12, 20), ("New Year's Day", "2017-01-01")),
    ("The bombing came last Christmas.", dt.date(2016, 3, 1), ("last Christmas", "2015-12-25")),
    ("Voters go to the polls on Election Day.", dt.date(2016, 10, 30), ("Election Day", "2016-11-08")),
])
def test_holidays(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_the_day_and_the_following_year(nlp):
    text = "Rebels took the town on March 3, 2011. The day after, jets struck. The war ended in 2011; the following year brought elections."
    doc = nlp(text)
    rows = timexes_from_doc(doc, "d", dt.date(2016, 11, 2), build_matcher(nlp), starts=sentence_starts(doc))
    found = {r["text"]: r["value"] for r in rows}
    assert found.get("The day after") == "2011-03-04"
    assert found.get("the following year") == "2012"


def test_the_day_without_an_earlier_day_is_the_report_day(find):
    assert ("Earlier in the day", "2018-08-24") in [(t, v) for t, v, _ in find("Earlier in the day, a car bomb exploded.")]


@pytest.mark.parametrize("sentence, published, expected", [
    ("The talks are supposed to conclude by May.", dt.date(2018, 3, 22), ("May", "2018-05")),
    ("The appeal is heard in May in the high court.", dt.date(2018, 3, 22), ("May", "2018-05")),
    ("The appeal was heard in May.", dt.date(2018, 3, 22), ("May", "2017-05")),
])
def test_deadlines_and_present_passives(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_a_plan_for_the_weekday_of_publication_is_that_day(find):
    assert ("Friday", "2018-08-24") in [(t, v) for t, v, _ in find("The envoy will meet Haftar on Friday.")]
    assert ("next Friday", "2018-08-31") in [(t, v) for t, v, _ in find("The envoy will meet Haftar next Friday.")]


@pytest.mark.parametrize("sentence, published, expected", [
    # a present-tense schedule: no tense, so the nearer weekday (here the coming one)
    ("The two leaders meet separately Monday with the envoy.", FRIDAY, ("Monday", "2018-08-27")),
    ("Schools across the region reopen Sunday after the holiday.", FRIDAY, ("Sunday", "2018-08-26")),
    # the nearer one may also be the past one
    ("The two leaders meet separately Wednesday with the envoy.", FRIDAY, ("Wednesday", "2018-08-22")),
    # an end point has no tense: the deadline of a Monday article is the next day
    ("The court gave the family until 9 a.m. Tuesday to sign.", dt.date(2018, 8, 20),
     ("9 a.m. Tuesday", "2018-08-21T09:00")),
    # a plan made in the past may be for a day still ahead
    ("Protesters planned a march in the capital on Saturday.", FRIDAY, ("Saturday", "2018-08-25")),
    ("Officials scheduled a vote on Sunday.", FRIDAY, ("Sunday", "2018-08-26")),
    # a past verb keeps a weekday in the past, however far back
    ("The minister said on Saturday that the talks had failed.", FRIDAY, ("Saturday", "2018-08-18")),
    ("Gunmen attacked the checkpoint Sunday.", FRIDAY, ("Sunday", "2018-08-19")),
])
def test_weekdays_without_tense_take_the_nearer_day(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


@pytest.mark.parametrize("sentence, published, expected", [
    # a time moved "to" by a verb is an end point, which may lie ahead
    ("The council postponed the vote to Monday.", dt.date(2018, 8, 26), ("Monday", "2018-08-27")),
    ("The company extended to Nov. 20 its offer for all shares.", dt.date(2018, 11, 2), ("Nov. 20", "2018-11-20")),
    # the end of a range keeps the range's past
    ("Fighting raged from Tuesday to Wednesday.", dt.date(2018, 8, 26), ("Wednesday", "2018-08-22")),
    # an errand given in the past ("to testify") may still lie ahead
    ("The committee summoned the minister to testify on Feb. 10.", dt.date(2018, 1, 7), ("Feb. 10", "2018-02-10")),
    ("The committee summoned the minister on Feb. 10.", dt.date(2018, 1, 7), ("Feb. 10", "2017-02-10")),
])
def test_end_points_and_errands(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


def test_the_latest_quarter_is_not_one_placed_ahead(nlp):
    """"The latest quarter" is the quarter named before unless the text placed that one ahead (a
    forecast); then the last quarter completed before publication. "The quarter" is the one named
    before."""
    matcher = build_matcher(nlp)
    doc = nlp("Sales should rise in the fourth quarter. Profit fell 10% in the latest quarter. "
              "Margins held in the quarter.")
    rows = timexes_from_doc(doc, "d", dt.date(1989, 11, 2), matcher, starts=sentence_starts(doc))
    values = [(r["text"], r["value"]) for r in rows]
    assert ("the latest quarter", "1989-Q3") in values
    assert ("the quarter", "1989-Q3") in values


def test_an_attempt_is_as_past_as_its_verb(find):
    """Implicative verbs ("tried to", "were allowed to") happen with their infinitive: no errand ahead."""
    published = dt.date(2018, 8, 24)
    assert ("Monday", "2018-08-20") in [(t, v) for t, v, _ in find("Activists tried to reach the house Monday.", published)]
    assert ("Monday", "2018-08-20") in [(t, v) for t, v, _ in find(
        "The prisoners were allowed to call their families Monday.", published)]


@pytest.mark.parametrize("sentence, published, expected", [
    ("Money flowed out of the fund on Friday Oct. 13 alone.", dt.date(1989, 10, 27), ("Friday Oct. 13", "1989-10-13")),
    ("The hearing may take place the week of March 6.", dt.date(2000, 2, 24), ("the week of March 6", "2000-W10")),
    ("Prices last fell this low in January nineteen ninety-seven.", dt.date(1998, 2, 27),
     ("January nineteen ninety-seven", "1997-01")),
    ("Oil was this cheap in the winter of nineteen ninety-four.", dt.date(1998, 2, 23),
     ("the winter of nineteen ninety-four", "1994-WI")),
    ("Nobody expected the system to work in the year two thousand.", dt.date(1998, 3, 3), ("the year two thousand", "2000")),
])
def test_weekday_with_date_weeks_of_a_day_and_spelled_years(find, sentence, published, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence, published)]


@pytest.mark.parametrize("sentence", [
    "The company plans to cut 600 jobs by year-end.",
    "The deal should close at year end.",
    "The ceasefire is meant to hold until the year's end.",
])
def test_year_end_is_the_end_of_the_publication_year(find, sentence):
    assert any(value == "2018" and mod == "END" for _, value, mod in find(sentence, dt.date(2018, 8, 24)))


@pytest.mark.parametrize("text, expected", [("the 20th century", "19"), ("a 19th-century", "18"), ("the 21st century", "20")])
def test_centuries(text, expected):
    assert normalize(text, dt.date(2018, 8, 24)).value == expected


@pytest.mark.parametrize("sentence, expected", [
    ("The bank expects losses in future quarters.", ("future quarters", "FUTURE_REF")),
    ("Prices have doubled in recent weeks and months.", ("recent weeks and months", "PAST_REF")),
    ("Sales should recover in coming quarters.", ("coming quarters", "FUTURE_REF")),
    ("The envoy wants talks to resume as soon as possible.", ("as soon as possible", "FUTURE_REF")),
])
def test_references_to_periods_before_and_after(find, sentence, expected):
    assert expected in [(text, value) for text, value, _ in find(sentence)]


def test_a_duration_ending_on_a_date_makes_the_date_the_reference(nlp):
    """"the six months ended Aug. 12": the duration is no calendar value, so Aug. 12 is what "a year
    earlier" points back to."""
    matcher = build_matcher(nlp)
    doc = nlp("For the six months ended Aug. 12, the grocer earned $6.5 million, compared with "
              "$18.1 million a year earlier.")
    rows = timexes_from_doc(doc, "d", dt.date(1989, 10, 26), matcher, starts=sentence_starts(doc))
    assert ("a year earlier", "1988-08-12") in [(r["text"], r["value"]) for r in rows]


def test_the_latest_quarter_follows_a_reported_fiscal_quarter(nlp):
    matcher = build_matcher(nlp)
    doc = nlp("The retailer reported a loss for its fiscal fourth quarter. Sales fell 3% in the latest quarter.")
    rows = timexes_from_doc(doc, "d", dt.date(1989, 11, 2), matcher, starts=sentence_starts(doc))
    assert [(r["text"], r["value"]) for r in rows] == [("fiscal fourth quarter", "1989-Q4"), ("the latest quarter", "1989-Q4")]


def test_that_day_after_a_year_is_a_day_of_that_year_not_of_publication(nlp):
    text = ("Witnesses saw him in prison until 1998, the year the guards crushed a revolt. "
            "Rights groups say 900 inmates were shot dead that day. "
            "Talks resumed on Monday; that day the port reopened.")
    doc = nlp(text)
    rows = timexes_from_doc(doc, "d", dt.date(2016, 11, 2), build_matcher(nlp), starts=sentence_starts(doc))
    values = [(r["text"], r["value"]) for r in rows]
    assert ("that day", "1998") in values
    assert values[-1] == ("that day", "2016-10-31"), "after a day, 'that day' is that day"


@pytest.mark.parametrize("sentence, expected", [
    # the plan is resolved from the day of the statement, which is before publication (Friday 24 Aug. 2018)
    ("The regime said on Tuesday that it would observe a ceasefire on Wednesday.", ("Wednesday", "2018-08-22", None)),
    ("Rebels said on Monday that they would attack Brega on Thursday.", ("Thursday", "2018-08-23", None)),
    # no statement governs the plan: the future of the report
    ("On Tuesday the rebels retreated, and they will attack again on Wednesday.", ("Wednesday", "2018-08-29", None)),
])
def test_a_reported_plan_is_resolved_from_the_day_of_the_statement(find, sentence, expected):
    assert expected in find(sentence)


def test_a_reported_plan_says_what_it_was_resolved_against(nlp):
    doc = nlp("The regime said on Tuesday that it would observe a ceasefire on Wednesday.")
    rows = timexes_from_doc(doc, "d", FRIDAY, build_matcher(nlp), starts=sentence_starts(doc))
    assert [r["anchor"] for r in rows if r["text"] == "Wednesday"] == ["statement date 2018-08-21"]


def test_a_day_number_after_a_date_takes_its_month(find):
    found = find("A ceremony will be held at the summit on September 24 and 25.")
    assert ("September 24", "2018-09-24", None) in found
    assert ("25", "2018-09-25", None) in found
    assert not any(value.endswith("-07-25") for _, value, _ in found)


@pytest.mark.parametrize("sentence, expected", [
    ("By 20 August the east was in rebel hands.", ("20 August", "2018-08-20", None)),
    ("The rebels must leave the city by Monday.", ("Monday", "2018-08-27", None)),
])
def test_by_a_date_is_a_deadline_only_without_a_past_verb(find, sentence, expected):
    assert expected in find(sentence)


def test_a_past_day_just_ahead_of_publication_stays_in_its_year(find):
    # "has set" is a perfect, but a deadline a few days ahead is not the same day a year before
    assert ("Sept. 1", "2018-09-01", None) in find("The company has set Sept. 1 as the deadline for bids.")
    assert ("Sept. 30", "2017-09-30", None) in find("The company has set Sept. 30 as the deadline for bids.")


def test_a_day_number_joined_to_a_date_takes_its_month_and_an_age_is_no_date(find):
    found = find("First of all, the rainfall that happened on July 29 and 30, that's when we say that it started.")
    assert ("July 29", "2018-07-29", None) in found and ("30", "2018-07-30", None) in found
    assert find("Youcif, 27, remembers the day his father was taken away.") == []


def test_soon_after_an_event_is_no_reference_to_the_future(find):
    assert [v for _, v, _ in find("Soon after the boat left Tripoli, it ran into difficulties.")] == []


def test_days_and_weeks_later_count_from_the_date_named_before(find):
    found = find("The bombing began on August 19, and two days later the coalition widened its strikes.")
    assert ("two days later", "2018-08-21", None) in found
    found = find("Rebels took Ajdabiya on August 1. A week later the UN voted.")
    assert ("A week later", "2018-W32", None) in found
    assert not any(text.lower() == "two days later" for text, _, _ in find("Two days later, the rebels were back."))


def test_the_end_of_the_week_is_the_week_of_the_report(find):
    assert ("the end of the week", "2018-W34", "END") in find("NATO will take command by the end of the week.")


def test_the_nth_is_a_day_of_the_month_named_before_or_of_publication(find):
    found = find("In July rebels took the port, and on the 24th they held the coast.")
    assert ("the 24th", "2018-07-24", None) in found
    assert ("the 25th", "2018-07-25", None) in find("The rally on the 25th drew thousands.")  # not yet in August
    assert ("the 3rd", "2018-08-03", None) in find("The rally on the 3rd drew thousands.")
    assert not any("17th" in text for text, _, _ in find("He lived on the 17th floor for years."))


def test_tomorrow_as_a_noun_is_the_future_not_a_day(find):
    found = find("Together for the sake of the Libya of Tomorrow.")
    assert ("Tomorrow", "FUTURE_REF", None) in found
    assert ("tomorrow", "2018-08-25", None) in find("The talks resume tomorrow.")


def test_that_night_and_the_next_morning_follow_the_date_named_before(find):
    found = find("Rebels entered Ajdabiya on August 19. That night jets struck, and the next morning the town fell.")
    assert ("That night", "2018-08-19TNI", None) in found
    assert ("the next morning", "2018-08-20TMO", None) in found


def test_a_plan_of_the_past_has_no_tense_but_a_present_one_lies_ahead(find):
    # published on Friday 24 August 2018
    assert ("Thursday", "2018-08-23", None) in find("On Thursday the president was scheduled to fly to Moscow.")
    assert ("Thursday", "2018-08-30", None) in find("The president is scheduled to fly to Moscow on Thursday.")


@pytest.mark.parametrize("sentence, expected", [
    # a participle clause takes its time from the report, not from a plan of the clause above it
    ("Officials are rejecting claims that he is seeking refuge abroad, saying Thursday that he will stay.",
     ("Thursday", "2018-08-23", None)),
    ("Rebels are seeking to take the town on Thursday.", ("Thursday", "2018-08-30", None)),
    # what could be heard or seen was
    ("Artillery fire could be heard around Zawiya on Thursday.", ("Thursday", "2018-08-23", None)),
    ("The vote could come on Thursday.", ("Thursday", "2018-08-30", None)),
    # what could not be done was not done: a report of the past
    ("The spokesman could not be reached for comment Thursday.", ("Thursday", "2018-08-23", None)),
    ("Neither he nor his aides could be located Thursday in Misrata.", ("Thursday", "2018-08-23", None)),
])
def test_participle_clauses_and_perception(find, sentence, expected):
    assert expected in find(sentence)


def test_references_of_several_words_are_found_whole(find):
    assert ("right now", "PRESENT_REF", None) in find("He said that “right now, we're focused on the violence.”")
    assert ("sooner or later", "FUTURE_REF", None) in find("Sooner or later they will march west.") or \
        ("Sooner or later", "FUTURE_REF", None) in find("Sooner or later they will march west.")


def test_a_plan_for_a_weekday_reported_in_the_past_has_no_tense(find):
    # published on Friday 24 August 2018
    assert ("Thursday", "2018-08-23", None) in find("A rally planned for Thursday was called off after the shelling.")
    assert ("Thursday", "2018-08-30", None) in find("A rally planned for Thursday will go ahead.")
    assert ("Thursday", "2018-08-30", None) in find("The vote is set for Thursday.")


def test_a_plan_in_the_past_progressive_has_no_tense(find):
    # published on Friday 24 August 2018
    assert ("Thursday", "2018-08-23", None) in find(
        "A radio station was calling for people to donate blood to meet demand after the fighting Thursday.")
    assert ("Thursday", "2018-08-30", None) in find("Rebels are calling for people to donate blood on Thursday.")


def test_at_the_moment_and_at_present_are_the_present(find):
    assert ("the moment", "PRESENT_REF", None) in find("It appears at the moment that both sides are stuck.")
    assert ("present", "PRESENT_REF", None) in find("At present the rebels hold Zawia.")
    assert find("He was present at the talks.") == []


def test_years_later_and_this_past_week(find):
    found = find("By 1999, Libya agreed to transfer the suspects, leading to their conviction two years later.")
    assert ("two years later", "2001", None) in found
    # Friday 24 August 2018 (ISO week 34): the week just ended is the one before
    assert ("this past week", "2018-W33", None) in find("But that all changed this past week.")
    assert ("this past week", "2018-W34", None) in find("But that all changed this past week.",
                                                         dt.date(2018, 8, 26))  # a Sunday: its own week


def test_fortnights_weeks_after_a_date_parts_of_a_named_night_and_numeric_dates(find):
    assert ("A fortnight ago", "2018-W32", None) in find("A fortnight ago the rebels were in Ras Lanuf.")
    found = find("Rebels took Zawiya on August 1. The following week they lost it.")
    assert ("The following week", "2018-W32", None) in found
    assert ("the night of August 19", "2018-08-19TNI", None) in find(
        "Fighting on the night of August 19 killed dozens.")  # the NER's span ran into "killed"
    found = find("The statement, dated 19/08/2018, was read on 08/20/2018 and again on 03/04/2018.")
    assert ("19/08/2018", "2018-08-19", None) in found and ("08/20/2018", "2018-08-20", None) in found
    assert not any(text == "03/04/2018" for text, _, _ in found), "day and month order unknown: not guessed"

"""Number words and digits."""

import pytest

from libya_analysis.extract.numbers import parse_number


@pytest.mark.parametrize("text, value", [
    ("14", 14), ("1,643", 1643), ("seven", 7), ("twenty-one", 21), ("twenty one", 21),
    ("a dozen", 12), ("two dozen", 24), ("one hundred and five", 105), ("a hundred", 100),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["dozens", "several", "embassy", ""])
def test_not_a_number(text):
    assert parse_number(text) is None

"""The search for the article's own names finds what one regular expression of them did."""

import re

import pytest

from pipelines.nlp.mentions.propagation import name_occurrences


def regex_occurrences(text: str, names: dict[str, str]) -> list[tuple[int, str]]:
    """The search as it was: the names as alternatives, longest first, whole words."""
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    return [(m.start(), m.group(1)) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Qassem Soleimani was killed. Soleimani, who led the Quds Force, was buried.",
            ["Qassem Soleimani", "Soleimani", "Quds Force"],
        ),
        # overlapping names: the longest at a place wins, the next search starts after it
        (
            "The New York Times said New York Times Square was full; York fell.",
            ["New York", "New York Times", "York", "Times Square"],
        ),
        # not inside a longer word, a hyphenated word or with another case
        ("Apple-backed Apples and apple pie; Apple said; X-Apple; Apple_1 Apple", ["Apple"]),
        ("Müller and Müllers met Mullër; Müller-Wohlfahrt left.", ["Müller", "Mullër"]),
        ("Kim Jong-un and Kim met Jong-un, Kim", ["Kim", "Kim Jong-un", "Jong-un"]),
        ("", ["Anything"]),
        ("AB AB", ["AB", "A", "B", "AB AB"]),
    ],
)
def test_occurrences_match_the_regular_expression(text, names):
    table = dict.fromkeys(names, "ORG")
    assert name_occurrences(text, table) == regex_occurrences(text, table)

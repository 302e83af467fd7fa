"""Named reject rules: each number left out is counted under the rule that left it out."""

import pytest

from pipelines.nlp.quantities import NumericFactExtractor
from pipelines.nlp.quantities.filters import REJECT_RULES


@pytest.fixture(scope="module")
def extract(nlp):
    return NumericFactExtractor(nlp)


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        ("Traffic on Interstate 5 was slow on Monday.", "inside_name"),
        ("The fund won the Best Fund 2018 award.", "year_in_name"),
        ("Please call 0800 now for details.", "leading_zero"),
        ("They arrived one after another at the gate.", "pronoun_one"),
        ("Three quarters of them left.", "part_of_fraction"),
        ("The home side won 4-1 on Sunday.", "score"),
        ("The 1988 film was a hit.", "bare_year"),
        ("1. Taxes will rise.", "list_number"),
        ("Call 555-0134 today.", "phone_number"),
        ("Call 1-800-555-1234 now.", "dash_chain"),
        ("The suspect lives at No. 5 on the street.", "after_marker"),
        ("The plane landed at gate 12 after a delay.", "label_after_noun"),
        ("Leeds are in the top 4 of the table.", "rank"),
        ("The band was formed in the 1990s in Leeds.", "glued_not_unit"),
    ],
)
def test_the_rule_that_left_a_number_out_is_counted(nlp, extract, sentence, rule):
    before = extract.rejected[rule]
    rows = extract(nlp(sentence))
    assert extract.rejected[rule] > before
    # the numerator of "three quarters" is left out as a count; the share is a fact of its own
    assert not [r for r in rows if r["kind"] in ("count", "quantity", "money") and r["value"] >= 1]


def test_rule_names_are_unique():
    names = [name for name, _ in REJECT_RULES]
    assert len(names) == len(set(names))

"""Datelines (pipelines/nlp/mentions/datelines.py): the place, its region and the agency
that open a wire story, whatever the model called them or missed."""

import pytest

from pipelines.nlp.mentions.datelines import dateline_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("SAN FRANCISCO (Reuters) - Nvidia shares rose.", [("SAN FRANCISCO", "GPE")]),
        (
            "Michigan upsets Ohio State\n\nANN ARBOR, Mich. (Reuters) - Michigan beat Ohio "
            "State 24-17 on Saturday.",
            [("ANN ARBOR", "GPE"), ("Mich.", "GPE")],
        ),
        ("KYIV (AP) — Protesters marched.", [("KYIV", "GPE")]),
        (
            "LIVERPOOL, England (Reuters) - Salah scored.",
            [("LIVERPOOL", "GPE"), ("England", "GPE")],
        ),
        # no agency in brackets after it: no dateline
        ("SAN FRANCISCO - Nvidia shares rose.", []),
        # not at a line's start
        ("Shares rose in SAN FRANCISCO (Reuters) - on Monday.", []),
    ],
)
def test_dateline_names(text, names):
    found = [(text[s:e], label) for s, e, label in dateline_names(text) if label != "ORG"]
    assert found == names


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # the model misses it
        (
            "Nvidia shares hit record\n\nSAN FRANCISCO (Reuters) - Nvidia shares rose 5% on "
            "Thursday.",
            "SAN FRANCISCO",
            "GPE",
        ),
        # the team rule would make it a team: the score is in the same sentence
        (
            "Michigan upsets Ohio State\n\nANN ARBOR, Mich. (Reuters) - Michigan beat Ohio "
            "State 24-17 on Saturday.",
            "ANN ARBOR",
            "GPE",
        ),
        (
            "Michigan upsets Ohio State\n\nANN ARBOR, Mich. (Reuters) - Michigan beat Ohio "
            "State 24-17 on Saturday.",
            "Mich.",
            "GPE",
        ),
        (
            "Nvidia shares hit record\n\nSAN FRANCISCO (Reuters) - Nvidia shares rose 5% on "
            "Thursday.",
            "Reuters",
            "ORG",
        ),
    ],
)
def test_dateline_mentions(rows_of, text, name, label):
    rows = {r["text"]: r["label"] for r in rows_of(text)}
    assert rows.get(name) == label, rows


def test_a_particle_between_two_halves_of_a_name(rows_of):
    text = (
        "Prime Minister Boris Johnson spoke to European Commission President Ursula von der "
        "Leyen by phone."
    )
    rows = {r["name"]: r["label"] for r in rows_of(text)}
    assert rows.get("Ursula von der Leyen") == "PERSON", rows

"""The golden comparison's lines: every row of every table, per text, in a stable order."""

import json

from pipelines.evaluation.golden import golden_lines
from pipelines.nlp.extract import ArticleExtractor
from pipelines.settings import Settings

TEXTS = [
    ("first", "Acme's revenue rose 5% to $1.2 billion.\nJoe Biden met Acme in Ohio."),
    ("second", "About 300 protesters gathered in Paris on Sunday."),
]


def test_golden_lines_name_the_table_and_the_text_of_every_row():
    settings = Settings()
    extractor = ArticleExtractor(settings.spacy_model, settings.batch_size, 100_000)
    lines = golden_lines(TEXTS, extractor)
    assert lines == golden_lines(TEXTS, extractor)  # the same text gives the same lines
    tables = [(line.split(" ")[0], line.split(" ")[1]) for line in lines]
    assert ("sentences", "first") in tables and ("facts", "second") in tables
    assert ("mentions", "first") in tables
    # texts in the given order
    assert [name for _, name in tables] == sorted(
        (n for _, n in tables), key=["first", "second"].index
    )
    facts = [json.loads(line.split(" ", 2)[2]) for line in lines if line.startswith("facts first")]
    assert {fact["text"] for fact in facts} >= {"5%", "$1.2 billion"}

"""How English writes a word: capitalised, or in lowercase as an ordinary word.

A name the model found may be an ordinary word that a sentence's start capitalised
("Volunteer organization Comic Corps" PERSON), or a common noun some writers capitalise
("the Zeitgeist" NORP). Which words are ordinary comes from spaCy's own lexeme
probabilities (``spacy-lookups-data``, MIT): the log-probability of each spelling of a
million words over a large English corpus, "volunteer" and "Volunteer" apart.
``data/lowercase_words.csv`` keeps the capitalised spellings English writes in lowercase at
least as often, and by how much; ``python -m pipelines.entities.word_case`` writes it from
the package (a dev dependency: reading its 7 MB table takes seconds and 200 MB, the CSV
a few milliseconds).
"""

import csv
import gzip
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path

LOWERCASE_CSV = Path(__file__).parent / "data" / "lowercase_words.csv"
# Spellings rarer than this (about 15 in a billion words) say nothing about news names.
_RAREST = -18.0


@cache
def lowercase_margins() -> dict[str, float]:
    """Capitalised spellings ("Volunteer") that English writes in lowercase at least as
    often, and how much more often: the difference of their natural-log probabilities
    (2.0 is 7.4 times as often)."""
    with LOWERCASE_CSV.open(encoding="utf-8", newline="") as table:
        return {row["word"]: float(row["margin"]) for row in csv.DictReader(table)}


def lowercase_margin(word: str) -> float | None:
    """How much more often English writes ``word`` in lowercase; None when it is written
    capitalised more often, or too rarely to tell."""
    return lowercase_margins().get(word)


def margins_from_lexemes() -> dict[str, float]:
    """The table's rows, from spacy-lookups-data's English lexeme probabilities."""
    path = resources.files("spacy_lookups_data") / "data" / "en_lexeme_prob.json.gz"
    with path.open("rb") as packed, gzip.open(packed) as data:
        probabilities = json.load(data)
    margins = {}
    for word, probability in probabilities.items():
        if probability < _RAREST or not (word[:1].isupper() and word[1:].islower()):
            continue
        lowercase = probabilities.get(word.lower())
        if lowercase is not None and lowercase >= probability:
            margins[word] = round(lowercase - probability, 2)
    return margins


def write_lowercase_csv(path: Path = LOWERCASE_CSV) -> int:
    margins = margins_from_lexemes()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["word", "margin"])
        writer.writerows(sorted(margins.items()))
    return len(margins)


if __name__ == "__main__":
    print(f"{write_lowercase_csv(Path(sys.argv[1]) if len(sys.argv) > 1 else LOWERCASE_CSV)} words")

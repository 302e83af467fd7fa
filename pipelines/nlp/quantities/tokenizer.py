"""Tokenizer rule applied once after `spacy.load`: it never changes doc.text."""

import re

from spacy.language import Language

# "of160,000": a word glued to a grouped number (a typo in real articles). Splitting only before
# comma-grouped digits keeps names like "G7", "F-150" or "COVID19" in one token.
GLUED_NUMBER_INFIX = r"(?<=[a-z][a-z])(?=\d{1,3}(?:,\d{3})+\b)"


def customize_pipeline(nlp: Language) -> None:
    pattern = nlp.tokenizer.infix_finditer.__self__.pattern
    if GLUED_NUMBER_INFIX not in pattern:
        combined = f"{pattern}|{GLUED_NUMBER_INFIX}"
        nlp.tokenizer.infix_finditer = re.compile(combined).finditer

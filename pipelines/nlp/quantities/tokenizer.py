"""Tokenizer rule applied once after `spacy.load`: it never changes doc.text."""

import re

from spacy.language import Language

# "of160,000": a word glued to a grouped number (a typo in real articles). Splitting only before
# comma-grouped digits keeps names like "G7", "F-150" or "COVID19" in one token.
GLUED_NUMBER_INFIX = r"(?<=[a-z][a-z])(?=\d{1,3}(?:,\d{3})+\b)"


def customize_pipeline(nlp: Language) -> None:
    """Add the infix rule, keeping earlier ones (the mention hook adds its own); idempotent."""
    finditer = nlp.tokenizer.infix_finditer
    current = finditer.__self__.pattern if finditer is not None else ""
    if GLUED_NUMBER_INFIX in current:
        return
    pattern = f"{current}|{GLUED_NUMBER_INFIX}" if current else GLUED_NUMBER_INFIX
    nlp.tokenizer.infix_finditer = re.compile(pattern).finditer

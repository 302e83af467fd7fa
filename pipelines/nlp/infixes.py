"""Tokenizer infix rules added after `spacy.load`, shared by the mention and number rules."""

import re

from spacy.language import Language


def add_infixes(nlp: Language, pattern: str) -> None:
    """Add `pattern` to the tokenizer's infix rules, keeping the earlier ones; adding the same
    pattern twice changes nothing, so a pipeline can be customised more than once."""
    finditer = nlp.tokenizer.infix_finditer
    current = finditer.__self__.pattern if finditer is not None else ""
    if pattern in current:
        return
    combined = f"{current}|{pattern}" if current else pattern
    nlp.tokenizer.infix_finditer = re.compile(combined).finditer

"""Names the model found once, found again where it missed them in the same article.

The small model tags "Major General Qassem Soleimani" but not the "Soleimani," that opens the
next sentence; an article's own names are the best gazetteer for the rest of it.
"""

import re

from spacy.tokens import Doc

from pipelines.entities.names import name_key, surname_key
from pipelines.nlp.mentions.cleaning import CleanMention


def _search_names(mentions: list[CleanMention]) -> dict[str, str]:
    """Name → label to look for: every multi-word name, and the surname of every person."""
    names: dict[str, str] = {}
    for m in mentions:
        words = m.name.split()
        if len(words) < 2:
            continue
        names.setdefault(m.name, m.label)
        if m.label == "PERSON":
            family = surname_key(m.name)
            surname = [w for w in words if name_key(w).split()[-1:] == [family]]
            if surname:
                names.setdefault(surname[-1], "PERSON")
    return names


def missed_mentions(
    doc: Doc, mentions: list[CleanMention], sentence_of: list[int]
) -> list[CleanMention]:
    """Untagged whole-word occurrences of the article's names, written in the same case."""
    names = _search_names(mentions)
    if not names:
        return []
    taken = [(m.start_char, m.end_char) for m in mentions]
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
    found = []
    for match in pattern.finditer(doc.text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.ent_type_ for t in span):
            continue
        sentence = sentence_of[span.start]
        found.append(CleanMention(start, end, names[match.group(1)], match.group(1), sentence))
        taken.append((start, end))
    return found

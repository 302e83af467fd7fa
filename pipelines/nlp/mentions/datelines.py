"""Datelines: a wire story opens with where it was filed and the agency that filed it.

"SAN FRANCISCO (Reuters) -", "ANN ARBOR, Mich. (Reuters) -", "KYIV (AP) —": the words in
capitals that open the line are a place, the words after its comma the region or country
it is in, the name in brackets the agency. The small model misses many names in capitals
and calls others a team or a company ("ANN ARBOR" ORG in a story about a game); the line's
shape says what each is, whatever the model said.
"""

import re
from dataclasses import replace

from spacy.tokens import Doc

from pipelines.entities.gazetteers import is_region
from pipelines.nlp.mentions.cleaning import CleanMention, normalised_name, sentence_bounds

_TOWN = r"[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3}"
_REGION = r"[A-Z][A-Za-z.'’-]*(?: [A-Z][A-Za-z.'’-]*){0,2}"
_DATELINE = re.compile(
    rf"^[ \t]*(?P<town>{_TOWN})(?:, (?P<region>{_REGION}))?[ \t]*"
    r"\((?P<agency>[A-Z][\w .&-]{1,30})\)[ \t]*[-–—]",
    re.MULTILINE,
)


def dateline_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every dateline's place, region and agency."""
    found = []
    for line in _DATELINE.finditer(text):
        town = line.group("town")
        if len(town.replace(".", "")) < 2:
            continue
        found.append((line.start("town"), line.end("town"), "GPE"))
        if line.group("region"):
            region = line.group("region")
            kind = "LOC" if is_region(region) else "GPE"
            found.append((line.start("region"), line.end("region"), kind))
        found.append((line.start("agency"), line.end("agency"), "ORG"))
    return found


def with_datelines(doc: Doc, mentions: list[CleanMention], text: str) -> list[CleanMention]:
    """The mentions (in text order) with each dateline name labelled by its place in the
    line, and added where the model missed it; a mention that overlaps a dateline name
    without matching it is replaced by it."""
    names = dateline_names(text)
    if not names:
        return mentions
    ids = sentence_bounds(doc)[0]
    result = list(mentions)
    for start, end, label in names:
        overlapping = [m for m in result if m.start_char < end and start < m.end_char]
        same = [m for m in overlapping if (m.start_char, m.end_char) == (start, end)]
        if same:
            if same[0].label != label:
                index = result.index(same[0])
                result[index] = replace(same[0], label=label, label_rule="context")
            continue
        token = doc.char_span(start, end, alignment_mode="expand")
        if token is None:
            continue
        original = overlapping[0].original_label if overlapping else None
        result = [m for m in result if m not in overlapping]
        result.append(
            CleanMention(
                start,
                end,
                label,
                normalised_name(text[start:end], label),
                int(ids[token.start]),
                original_label=original,
                label_rule="context",
            )
        )
    return sorted(result, key=lambda m: m.start_char)

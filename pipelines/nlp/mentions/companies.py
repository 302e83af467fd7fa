"""Listed companies the model missed or called something else (``entities/companies.py``)."""

from dataclasses import replace

import numpy as np
from spacy.attrs import ENT_IOB, IS_TITLE, IS_UPPER
from spacy.tokens import Doc

from pipelines.entities.companies import listed_companies, listed_names
from pipelines.nlp.doc_arrays import doc_arrays
from pipelines.nlp.mentions.cleaning import CleanMention, sentence_bounds

# Labels the model gives a company it does not know: "Sinovac" LOC, "Nvidia" PERSON.
_COMPANY_SUSPECTS = frozenset({"PERSON", "GPE", "LOC", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})
_OUTSIDE = 2  # ENT_IOB of a token outside every entity


def with_listed_companies(doc: Doc, mentions: list[CleanMention], text: str) -> list[CleanMention]:
    """The mentions (in text order) with every listed company's name the model left
    untagged added (ORG), and a mention named like one relabelled ORG where the model gave
    a label no company has: "Walmart said" (missed), "Sinovac" LOC."""
    companies = listed_companies()
    named = listed_names()
    result = [
        replace(m, label="ORG", label_rule="gazetteer")
        if m.label in _COMPANY_SUSPECTS and m.label_rule == "model" and m.name in named
        else m
        for m in mentions
    ]
    iob, title, upper = doc.to_array([ENT_IOB, IS_TITLE, IS_UPPER]).T
    candidates = np.flatnonzero((iob == _OUTSIDE) & ((title == 1) | (upper == 1)))
    if not len(candidates):
        return result
    taken = [(m.start_char, m.end_char) for m in result]
    ids = sentence_bounds(doc)[0]
    # the words and offsets of the Doc's arrays, not a Token object per candidate
    arrays = doc_arrays(doc)
    texts = arrays.text
    added = []
    for i in candidates.tolist():
        options = companies.get(texts[i])
        if not options:
            continue
        for words in options:
            end = i + len(words)
            if end > len(doc) or tuple(texts[i:end]) != words:
                continue
            if any(iob[j] != _OUTSIDE for j in range(i, end)):
                continue
            start_char, end_char = arrays.idx[i], arrays.end_char(end - 1)
            if any(s < end_char and start_char < e for s, e in taken):
                break
            name = " ".join(words)
            added.append(
                CleanMention(start_char, end_char, "ORG", name, int(ids[i]), label_rule="gazetteer")
            )
            taken.append((start_char, end_char))
            break
    return sorted(result + added, key=lambda m: m.start_char) if added else result

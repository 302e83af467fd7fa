"""A Doc's token attributes as plain Python lists, read once per Doc.

The extraction rules look at a few attributes of many tokens: the word, its tag and label,
its head, its neighbours. Each ``doc[i]`` makes a new ``Token`` object and each of its string
attributes looks the string up again; over the rules that was most of their cost, with no
single hot spot. ``doc_arrays(doc)`` takes the attributes once with ``doc.to_array``, turns
the hashes into strings through one table for the process, and keeps the lists in
``doc.user_data``. The lists hold only strings, numbers and booleans: nothing that refers back
to the Doc, so no reference cycle keeps a Doc alive (tests/nlp/test_doc_lifetime.py). The
rules read the Doc after the model and never change it, so the lists stay true.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_CURRENCY,
    IS_DIGIT,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.tokens import Doc

_KEY = "newsfacts_arrays"
_STRING_COLUMNS = (ORTH, LOWER, POS, TAG, DEP, LEMMA, ENT_TYPE)
_NUMBER_COLUMNS = (HEAD, IDX, SPACY, SENT_START)
_FLAG_COLUMNS = (
    LIKE_NUM,
    IS_PUNCT,
    IS_ALPHA,
    IS_STOP,
    IS_TITLE,
    IS_LOWER,
    IS_DIGIT,
    IS_SPACE,
    IS_CURRENCY,
)
# hash -> string for every string the rules have read, shared by all Docs of the process (a
# hash names the same string in every vocabulary); bounded like the token-attribute caches
_STRINGS: dict[int, str] = {0: ""}
_STRINGS_LIMIT = 500_000


class DocArrays:
    """Per token i: ``text[i]``, ``lower[i]``, ``pos[i]``, ``tag[i]``, ``dep[i]``,
    ``lemma[i]``, ``ent_type[i]`` (strings, as the Token's ``*_`` attributes), ``head[i]``
    (the head's index), ``idx[i]``, ``space[i]`` (a space follows), ``sent_start[i]``
    (``Token.is_sent_start``: True, False or None), the lexical flags ``like_num``,
    ``is_punct``, ``is_alpha``, ``is_stop``, ``is_title``, ``is_lower``, ``is_digit``,
    ``is_space``, ``is_currency``; ``children(i)`` in the Doc's order."""

    __slots__ = (
        "text",
        "lower",
        "pos",
        "tag",
        "dep",
        "lemma",
        "ent_type",
        "head",
        "idx",
        "space",
        "sent_start",
        "like_num",
        "is_punct",
        "is_alpha",
        "is_stop",
        "is_title",
        "is_lower",
        "is_digit",
        "is_space",
        "is_currency",
        "_children",
    )

    def __init__(self, doc: Doc):
        attributes = [*_STRING_COLUMNS, *_NUMBER_COLUMNS, *_FLAG_COLUMNS]
        columns = doc.to_array(attributes).reshape(len(doc), len(attributes)).view(np.int64).T
        strings = [_strings(doc, column) for column in columns[: len(_STRING_COLUMNS)]]
        self.text, self.lower, self.pos, self.tag, self.dep, self.lemma, self.ent_type = strings
        head, idx, space, sent_start = columns[len(_STRING_COLUMNS) : -len(_FLAG_COLUMNS)]
        self.head = (head + np.arange(len(doc))).tolist()
        self.idx = idx.tolist()
        self.space = (space != 0).tolist()
        self.sent_start = [None if v == 0 else v > 0 for v in sent_start.tolist()]
        flags = [(column != 0).tolist() for column in columns[-len(_FLAG_COLUMNS) :]]
        (
            self.like_num,
            self.is_punct,
            self.is_alpha,
            self.is_stop,
            self.is_title,
            self.is_lower,
            self.is_digit,
            self.is_space,
            self.is_currency,
        ) = flags
        self._children: list[list[int]] | None = None

    def children(self, i: int) -> list[int]:
        """The indices of the tokens whose head is token i, in order (``Token.children``)."""
        if self._children is None:
            children: list[list[int]] = [[] for _ in self.head]
            for child, head in enumerate(self.head):
                if head != child:
                    children[head].append(child)
            self._children = children
        return self._children[i]

    def whitespace(self, i: int) -> str:
        """``Token.whitespace_``."""
        return " " if self.space[i] else ""

    def text_with_ws(self, i: int) -> str:
        return self.text[i] + " " if self.space[i] else self.text[i]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if start >= end:
            return ""
        pieces = [self.text_with_ws(i) for i in range(start, end - 1)]
        return "".join(pieces) + self.text[end - 1]

    def end_char(self, i: int) -> int:
        """``token.idx + len(token)``."""
        return self.idx[i] + len(self.text[i])


def doc_arrays(doc: Doc) -> DocArrays:
    """The Doc's DocArrays, made on the first call and kept with the Doc."""
    arrays = doc.user_data.get(_KEY)
    if arrays is None:
        arrays = DocArrays(doc)
        doc.user_data[_KEY] = arrays
    return arrays


def _strings(doc: Doc, column: np.ndarray) -> list[str]:
    known = _STRINGS
    if len(known) > _STRINGS_LIMIT:
        known.clear()
        known[0] = ""
    store = doc.vocab.strings
    out = []
    for key in column.view(np.uint64).tolist():
        value = known.get(key)
        if value is None:
            value = known[key] = store[key]
        out.append(value)
    return out

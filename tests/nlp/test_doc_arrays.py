"""DocArrays gives every token the attributes its Token object gives, and keeps no Doc alive."""

import gc
import weakref

import pytest

from pipelines.nlp.doc_arrays import doc_arrays

SENTENCES = [
    "Shares of Norland Mining fell 3% to $4.50 on Tuesday, the company said.",
    "The 5 ft 10 in striker, 24, scored twice in a 2-1 win over Leeds.",
    "Revenue rose to €1.2bn (US$1.3bn)\n\nin the three months to March, up from 900m.",
    "  Mr. O'Neill's team won't say; it's 6.02×10^23, or 1/2 of what they'd hoped.",
    "",
]

# (name on DocArrays, how to read the same from a Token)
STRING_ATTRIBUTES = [
    ("text", lambda t: t.text),
    ("lower", lambda t: t.lower_),
    ("pos", lambda t: t.pos_),
    ("tag", lambda t: t.tag_),
    ("dep", lambda t: t.dep_),
    ("lemma", lambda t: t.lemma_),
    ("ent_type", lambda t: t.ent_type_),
]
OTHER_ATTRIBUTES = [
    ("head", lambda t: t.head.i),
    ("idx", lambda t: t.idx),
    ("sent_start", lambda t: t.is_sent_start),
    *[
        (flag, lambda t, flag=flag: getattr(t, flag))
        for flag in (
            "like_num",
            "is_punct",
            "is_alpha",
            "is_stop",
            "is_title",
            "is_lower",
            "is_digit",
            "is_space",
            "is_currency",
        )
    ],
]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize(("name", "read"), STRING_ATTRIBUTES + OTHER_ATTRIBUTES)
def test_each_list_holds_what_the_tokens_say(nlp, text, name, read):
    doc = nlp(text)
    assert getattr(doc_arrays(doc), name) == [read(token) for token in doc]


@pytest.mark.parametrize("text", SENTENCES)
def test_children_whitespace_and_span_text_read_as_the_tokens(nlp, text):
    doc = nlp(text)
    arrays = doc_arrays(doc)
    for token in doc:
        assert arrays.children(token.i) == [child.i for child in token.children]
        assert arrays.whitespace(token.i) == token.whitespace_
        assert arrays.text_with_ws(token.i) == token.text_with_ws
        assert arrays.end_char(token.i) == token.idx + len(token)
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 4) + 1):
            assert arrays.span_text(start, end) == doc[start:end].text


def test_the_lists_are_made_once_per_doc(nlp):
    doc = nlp(SENTENCES[0])
    assert doc_arrays(doc) is doc_arrays(doc)
    assert doc_arrays(nlp(SENTENCES[0])) is not doc_arrays(doc)


def test_the_lists_keep_no_doc_alive(nlp):
    doc = nlp(SENTENCES[1])
    doc_arrays(doc).children(0)
    freed = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert freed() is None, "the cached lists refer back to their Doc"
    finally:
        gc.enable()

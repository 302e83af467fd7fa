"""What a quantity measures or counts (its concept), read from the parse.

For a count it is the counted noun phrase ("three rival bidders" -> "rival bidders"). For an
amount, a share, a measure or a change it is the thing measured, found by the first rule that
applies: the noun the number modifies ("a $640m takeover"), the noun of an "of"-phrase ("an
operating loss of €12m"), the number's own "of"-phrase ("37% of the vote"), a bare "in"-noun
after money ("$200 in value"), else the clause: the object a verb changes ("raised its
provisions by £450m") or the subject ("wholesale electricity prices rose 4%").
"""

from spacy.tokens import Doc, Span, Token

from pipelines.nlp.doc_arrays import DocArrays, doc_arrays
from pipelines.nlp.quantities.clauses import (
    NOUN_POS,
    clause_noun,
    clause_of,
    concept_words,
    in_period_phrase,
    is_level_clause,
    is_pronoun,
    is_thing,
    is_time,
)
from pipelines.nlp.quantities.tables import change_lemmas

MODIFIER_DEPS = ("compound", "amod", "nmod")
MAX_COUNTED_NOUN_DISTANCE = 4
TIME_DETERMINERS = frozenset({"last", "next", "this", "previous", "past", "coming", "every"})
# spaCy's labels for numbers: a noun inside one ("a record £712.8m") is no named concept
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def counted_noun(doc: Doc, start: int) -> tuple[int, int] | None:
    """Token span of the noun phrase right after a count: "US troops", "different bases"."""
    a = doc_arrays(doc)
    size = len(a.text)
    if start < size and is_counted_name(a, start, start - 1):
        return start, start + 1  # "4,000 Marines", "3.5 million Syrians"
    if start + 1 < size and a.text[start] == "-" and not a.space[start - 1]:
        following = start + 1
        if a.pos[following] == "NOUN" and a.is_alpha[following] and not a.space[start]:
            return start + 1, start + 2  # "a 10-point lead", "a 20-member team"
    noun = None
    for index in range(start, min(size, start + MAX_COUNTED_NOUN_DISTANCE)):
        if noun is not None and a.dep[noun] != "compound" and a.head[noun] != index:
            break  # "3 things today": the phrase ends at a noun that modifies nothing after it
        if a.lower[index] in TIME_DETERMINERS:
            break  # "rose to 210,000 last year": the count ends before the time phrase
        pos = a.pos[index]
        word = pos == "NOUN" and a.is_alpha[index] and len(a.text[index]) > 1
        if word and not a.is_stop[index]:
            noun = index
        elif pos in ("ADJ", "PROPN") and noun is None and not a.is_punct[index]:
            continue
        else:
            break
    if noun is None:
        return noun_of_number(a, start)
    return start, noun + 1


def noun_of_number(a: DocArrays, start: int) -> tuple[int, int] | None:
    """The parse's noun for a count the word-by-word reading misses: "three remaining Space
    Shuttle orbiters", "two pan-democratic veteran politicians"; every word between modifies
    inside the phrase."""
    number = start - 1
    head = a.head[number]
    if a.dep[number] != "nummod" or a.pos[head] != "NOUN" or not start <= head < start + 6:
        return None
    between = range(start, head)
    inside = all(start <= a.head[token] <= head for token in between)
    plain = all(not a.is_punct[token] or a.text[token] == "-" for token in between)
    return (start, head + 1) if inside and plain and a.is_alpha[head] else None


def is_counted_name(a: DocArrays, token: int, number: int) -> bool:
    """A capitalised plural the number counts, not a name the number belongs to."""
    text = a.text[token]
    plural = text.endswith("s") and text[0].isupper() and a.is_alpha[token]
    return a.pos[token] == "PROPN" and plural and a.head[number] == token


def is_measure_noun(lower: str) -> bool:
    """ "dropped six points", "a 3-fold rise": a counted word (lower-cased) that is a unit,
    not a concept."""
    return lower in concept_words()["measure_noun"]


def outside_child_indices(a: DocArrays, start: int, end: int) -> list[int]:
    """Indices of the tokens outside the fact whose head is inside it."""
    return [child for token in range(start, end) for child in a.children(token) if child >= end]


def outside_children(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens outside the fact whose head is inside it: the fact's own modifiers."""
    return [doc[child] for child in outside_child_indices(doc_arrays(doc), start, end)]


def _pobj(a: DocArrays, preposition: int) -> int | None:
    return next((c for c in a.children(preposition) if a.dep[c] == "pobj"), None)


def own_of_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """ "37.1 percent of the vote", "two of its five plants", "$42bn of three-year notes"."""
    a = doc_arrays(doc)
    for child in outside_child_indices(a, start, end):
        if a.dep[child] == "prep" and a.lower[child] == "of":
            pobj = _pobj(a, child)
            if pobj is not None and a.pos[pobj] in NOUN_POS:
                return doc[pobj]
    return None


def bare_in_noun(doc: Doc, start: int, end: int, ents: dict[int, Span]) -> Token | None:
    """ "$200 in value", "422,000 euros in arrears": a bare noun after money says what it is."""
    a = doc_arrays(doc)
    for child in outside_child_indices(a, start, end):
        if a.dep[child] == "prep" and a.lower[child] == "in":
            pobj = _pobj(a, child)
            bare = pobj is not None and not any(
                a.dep[c] in ("det", "poss") for c in a.children(pobj)
            )
            if bare and is_thing(doc[pobj], ents):
                return doc[pobj]
    return None


def modified_noun(anchor: Token, end: int) -> Token | None:
    """The noun the number modifies ("a $640m takeover", "US$ 20,000 bail") or heads an
    "of"/"at"-phrase for ("revenue of $5m", "an operating loss of €12m", "the index at 49.5");
    a change noun gives way to what changed ("a 4.99% rise in council tax")."""
    head = anchor.head
    if anchor.dep_ in (*MODIFIER_DEPS, "nummod") and head.pos_ in NOUN_POS and head.i >= end:
        return changed_thing(head) or head
    if anchor.dep_ == "pobj" and head.lower_ in ("of", "at") and head.head.pos_ in NOUN_POS:
        return head.head
    if anchor.dep_ == "appos" and head.pos_ in NOUN_POS:
        return head  # "The senator, 72, said": an apposed age describes the noun
    return valued_noun(anchor)


def valued_noun(anchor: Token) -> Token | None:
    """ "a contract worth $324m", "a deal valued at $5bn": the noun an adjective or a reduced
    relative clause about the amount describes."""
    token = anchor
    for _ in range(3):
        head = token.head
        if head.i == token.i or head.pos_ not in ("ADJ", "ADP", "VERB"):
            return None
        if head.dep_ in ("amod", "acl", "advmod", "appos") and head.head.pos_ in NOUN_POS:
            return head.head  # also "shares in the company, down 20% this year, ..."
        if head.pos_ == "VERB":
            return None
        token = head
    return None


def changed_thing(noun: Token) -> Token | None:
    """ "a rise in council tax", "a 5% increase of the levy": the noun after a change noun."""
    if noun.lemma_.lower() not in change_lemmas():
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in NOUN_POS:
                return pobj
    return None


def is_rate_of_clause(noun: Token) -> bool:
    """ "shrank at an annualised rate of 2%", "jumped to an annual pace of 1.42m": a light
    noun in the verb's phrase measures the clause's subject."""
    words = concept_words()["rate_noun"]
    return noun.lemma_.lower() in words and noun.dep_ == "pobj" and noun.head.dep_ == "prep"


def described_noun(
    doc: Doc, anchor: Token, span: tuple[int, int], kind: str, ents: dict[int, Span]
) -> Token | None:
    """The noun a measure, amount or share is about, by the rules of the module docstring."""
    start, end = span
    if kind == "duration" and in_period_phrase(anchor):
        return None
    found = modified_noun(anchor, end)
    if found is not None and is_time(found, named=False):
        anchor, found = found, None  # "grew 0.5% quarter on quarter": the time phrase's verb
    if found is not None and not is_rate_of_clause(found):
        return found
    clause = clause_of(found if found is not None else anchor)
    if found is not None:
        return (clause_noun(*clause, kind, ents) if clause else None) or found
    own = own_of_phrase(doc, start, end)
    if own is not None and not is_pronoun(own) and not (clause and is_level_clause(*clause)):
        return own
    if kind == "money" and (bare := bare_in_noun(doc, start, end, ents)) is not None:
        return bare
    return clause_noun(*clause, kind, ents) if clause is not None else None


def noun_phrase(noun: Token, after: int = 0) -> tuple[int, int]:
    """The noun with its compound and adjective modifiers, without determiner or possessor,
    starting at token `after` at the earliest (the end of the fact: "14-year-old boy"), and
    with an "of"-phrase that is no name ("sales of electric vehicles", "cost of the project")."""
    start = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ not in MODIFIER_DEPS or child.i != start - 1 or child.i < after:
            break
        if any(c.dep_ == "nummod" for c in child.children):
            break  # "a five-year deal worth $140m": "five-year" is a quantity of its own
        start = child.i
    return start, of_phrase_end(noun)


def of_phrase_end(noun: Token) -> int:
    """The end of the noun with its "of"-phrase when that names a thing, not a name
    ("sales of electric vehicles", "4.1 million hectolitres of beer")."""
    end = noun.i + 1
    following = noun.doc[end] if end < len(noun.doc) else None
    if following is not None and following.lower_ == "of" and following.head.i == noun.i:
        pobj = next((c for c in following.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ == "NOUN" and pobj.ent_type_ == "" and pobj.i < end + 6:
            end = pobj.i + 1
    return end


def concept_span(
    doc: Doc, noun: Token, fact_span: tuple[int, int], ents: dict[int, Span]
) -> tuple[int, int]:
    """The concept's tokens: a named noun stays whole ("FTSE 100"), a common noun takes its
    modifiers, never the fact's own tokens."""
    named = ents.get(noun.i)
    if named is not None and named.label_ not in NUMERIC_LABELS:
        return named.start, named.end
    start, end = noun_phrase(noun, after=fact_span[1] if noun.i >= fact_span[1] else 0)
    if start < fact_span[1] and fact_span[0] < end:
        return start, noun.i + 1  # "revenue of $5m": the "of"-phrase is the fact itself
    return start, end

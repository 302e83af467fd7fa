"""What a quantity measures or counts, and the named entity it belongs to."""

from spacy.tokens import Doc, Span, Token

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT"})
NOUN_POS = ("NOUN", "PROPN")
MODIFIER_DEPS = ("compound", "amod", "nmod")
MAX_COUNTED_NOUN_DISTANCE = 4
MAX_CLAUSE_HOPS = 5
TIME_DETERMINERS = frozenset({"last", "next", "this", "previous", "past", "coming", "every"})
SUBJECT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def counted_noun(doc: Doc, start: int) -> tuple[int, int] | None:
    """Token span of the noun phrase right after a count: "US troops", "different bases"."""
    if start < len(doc) and is_counted_name(doc[start], doc[start - 1]):
        return start, start + 1  # "4,000 Marines", "3.5 million Syrians"
    if start + 1 < len(doc) and doc[start].text == "-" and not doc[start - 1].whitespace_:
        following = doc[start + 1]
        if following.pos_ == "NOUN" and following.is_alpha and not doc[start].whitespace_:
            return start + 1, start + 2  # "a 10-point lead", "a 20-member team"
    noun = None
    for index in range(start, min(len(doc), start + MAX_COUNTED_NOUN_DISTANCE)):
        token = doc[index]
        if noun is not None and doc[noun].dep_ != "compound" and doc[noun].head.i != index:
            break  # "3 things today": the phrase ends at a noun that modifies nothing after it
        if token.lower_ in TIME_DETERMINERS:
            break  # "rose to 210,000 last year": the count ends before the time phrase
        if token.pos_ == "NOUN" and token.is_alpha and len(token) > 1 and not token.is_stop:
            noun = index
        elif token.pos_ in ("ADJ", "PROPN") and noun is None and not token.is_punct:
            continue
        else:
            break
    if noun is None:
        return noun_of_number(doc, start)
    return start, noun + 1


def noun_of_number(doc: Doc, start: int) -> tuple[int, int] | None:
    """The parse's noun for a count the word-by-word reading misses: "three remaining Space
    Shuttle orbiters", "two pan-democratic veteran politicians"; every word between modifies
    inside the phrase."""
    number = doc[start - 1]
    head = number.head
    if number.dep_ != "nummod" or head.pos_ != "NOUN" or not start <= head.i < start + 6:
        return None
    between = doc[start : head.i]
    inside = all(start <= token.head.i <= head.i for token in between)
    plain = all(not token.is_punct or token.text == "-" for token in between)
    return (start, head.i + 1) if inside and plain and head.is_alpha else None


def is_counted_name(token: Token, number: Token) -> bool:
    """A capitalised plural the number counts, not a name the number belongs to."""
    plural = token.text.endswith("s") and token.text[0].isupper() and token.is_alpha
    return token.pos_ == "PROPN" and plural and number.head.i == token.i


def described_noun(anchor: Token) -> Token | None:
    """The noun a measure hangs off: "a $5m contract", "revenue of $5m", "Acme's sales rose 5%"."""
    head = anchor.head
    if anchor.dep_ in MODIFIER_DEPS and head.pos_ in NOUN_POS and head.i > anchor.i:
        return head
    if anchor.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUN_POS:
        return head.head
    verb = head.head if anchor.dep_ == "pobj" else head
    if verb.pos_ in ("VERB", "AUX"):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject if subject is not None and subject.pos_ in NOUN_POS else None
    return None


def subject_entity(token: Token, ents: dict[int, Span]) -> Span | None:
    """The named subject of the clauses above a fact: "Acme reported revenue of $5m",
    "Microsoft said it would lay off 10,000 employees"."""
    for _ in range(MAX_CLAUSE_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and (ent := named_subject(child, ents)):
                    return ent
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def named_subject(subject: Token, ents: dict[int, Span]) -> Span | None:
    """The subject itself ("Acme") or its named owner ("Tesla's deliveries fell 8%")."""
    ent = ents.get(subject.i)
    if ent is None:
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        ent = ents.get(owner.i) if owner is not None else None
    return ent if ent is not None and ent.label_ in SUBJECT_LABELS else None


def noun_phrase(noun: Token, after: int = 0) -> tuple[int, int]:
    """The noun with its compound and adjective modifiers, without determiner or possessor,
    starting at token `after` at the earliest (the end of the fact: "14-year-old boy")."""
    start = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ not in MODIFIER_DEPS or child.i != start - 1 or child.i < after:
            break
        start = child.i
    return start, noun.i + 1


def entity_of(
    doc: Doc, span: tuple[int, int], noun: Token | None, ents: dict[int, Span]
) -> Span | None:
    """A named entity inside the concept ("US troops"), its possessor ("Acme's revenue") or
    the organisation after "of"/"at" ("revenue at Acme")."""
    for index in range(*span):
        ent = ents.get(index)
        if ent is not None and ent.label_ in ENTITY_LABELS:
            return ent
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ == "poss" and (ent := ents.get(child.i)) and ent.label_ in ENTITY_LABELS:
            return ent
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "in"):
            for pobj in child.children:
                ent = ents.get(pobj.i)
                if ent is not None and ent.label_ in ENTITY_LABELS and pobj.dep_ == "pobj":
                    return ent
    return None

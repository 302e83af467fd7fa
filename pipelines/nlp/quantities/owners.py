"""The named entity a numeric fact belongs to (its owner), read from the parse.

In order: a name inside the concept ("US troops"), the concept's possessor ("Acme's revenue",
"38% of Fennick's sales"), its "of"/"at" name ("shares of Norland Mining", "revenue at
Siemens") when the concept is what the clause is about (in the predicate, "a takeover of
Cellique" names the target, not the owner), the named subject of the clauses above the number
("Tesla delivered 386,810 vehicles", "Microsoft said it would cut 10,000 jobs"), and last a
name the concept is "in", "for", "on" or "from" ("farmland prices in Iowa", "the yield on
Italian bonds"), which loses to a named subject ("Adler will close two of its plants in France"
belongs to Adler), and the name the clause is "in" or "at" ("voters cast ballots in Georgia").
"""

from spacy.tokens import Span, Token

from pipelines.nlp.quantities.clauses import concept_words

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
MAX_CLAUSE_HOPS = 8
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
PERSONAL_PRONOUNS = frozenset({"it", "they", "we", "he", "she"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "our", "his", "her"})
STRONG_PREPOSITIONS = ("of", "at")
WEAK_PREPOSITIONS = (
    *("in", "for", "on", "from", "to", "near", "across", "among", "within", "throughout"),
)
CLAUSE_PLACES = ("in", "at", "across", "throughout", "from")


def named(token: Token, ents: dict[int, Span]) -> Span | None:
    ent = ents.get(token.i)
    return ent if ent is not None and ent.label_ in ENTITY_LABELS else None


def named_or_compound(token: Token, ents: dict[int, Span]) -> Span | None:
    """The token's name, or the name compounded into it ("the New Zealand government", "the
    Mecca crane collapse")."""
    ent = named(token, ents)
    if ent is not None:
        return ent
    for child in token.lefts:
        near = token.i - child.i <= 3  # the noun's own modifiers, not a dateline before it
        if near and child.dep_ in ("compound", "amod") and (ent := named_or_compound(child, ents)):
            return ent
    return None


def preposition_owner(
    noun: Token, words: tuple[str, ...], ents: dict[int, Span], depth: int = 1
) -> Span | None:
    """The name after one of `words` ("at Siemens"), `depth` prepositional phrases deep
    ("obesity among children in Scotland")."""
    for child in noun.children:
        if child.dep_ != "prep" or (child.lower_ not in words and child.lower_ != "of"):
            continue  # an "of"-phrase is passed through: "sales of cars in Norway"
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            if child.lower_ in words and (ent := named_or_compound(pobj, ents)):
                return ent
            if depth > 1 and (ent := preposition_owner(pobj, words, ents, depth - 1)):
                return ent
    return None


def possessor(noun: Token, ents: dict[int, Span]) -> Span | None:
    """ "Tesla's deliveries", "Verstappen's lead" (a name the NER missed); "its" does not."""
    for child in noun.children:
        if child.dep_ == "poss" and (
            ent := named_or_compound(child, ents) or unlabelled_name(child)
        ):
            return ent
    return None


def unnamed_possessor(noun: Token) -> bool:
    """ "the country's rating", "the airline's fuel bill": a common noun owns the concept."""
    return any(c.dep_ == "poss" and c.pos_ == "NOUN" for c in noun.children)


def noun_owner(noun: Token, ents: dict[int, Span]) -> Span | None:
    """The possessor or the "of"/"at" name."""
    return possessor(noun, ents) or preposition_owner(noun, STRONG_PREPOSITIONS, ents)


def is_subject(noun: Token) -> bool:
    """The noun is (inside) the subject of its clause: "shares of Norland Mining fell 3%"."""
    for _ in range(MAX_CLAUSE_HOPS):
        if noun.dep_ in ("nsubj", "nsubjpass"):
            return True
        if noun.pos_ in ("VERB", "AUX") or noun.head.i == noun.i:
            return False
        noun = noun.head
    return False


def subject_owner(token: Token, ents: dict[int, Span]) -> Span | None:
    """The named subject of the clauses above a fact: "Acme reported revenue of $5m",
    "Microsoft said it would lay off 10,000 employees". A speaker ("..., KCNA said",
    "Maurer said 500 institutions received ...") owns the number only through its pronoun:
    where it was the only candidate on the seed articles, it was the owner a third of the time."""
    pronoun, via = False, token
    for _ in range(MAX_CLAUSE_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            # "announced a $2bn buyback" is the subject's own; "said revenue rose" reports
            reports = via.dep_ in ("ccomp", "parataxis", "advcl")
            speaks = reports and token.lemma_ in concept_words()["speech_verb"]
            for child in token.children:
                if child.dep_ not in SUBJECT_DEPS:
                    continue
                ent = named_or_compound(child, ents) or noun_owner(child, ents)
                ent = ent or unlabelled_name(child) or preposition_owner(child, ("in",), ents)
                if ent is not None and (not speaks or pronoun):
                    return ent
                if child.lower_ in concept_words()["relative_pronoun"] and token.dep_ == "relcl":
                    # "Siemens, which employs 300,000 people": the noun the clause describes
                    return named_or_compound(token.head, ents) or noun_owner(token.head, ents)
                pronoun = refers_to_speaker(child)
        if token.head.i == token.i:
            return None
        token, via = token.head, token
    return None


def refers_to_speaker(subject: Token) -> bool:
    """ "it would invest", "its profit fell": the subject points at the one who speaks."""
    if subject.pos_ == "PRON" and subject.lower_ in PERSONAL_PRONOUNS:
        return True
    return any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in subject.children)


def unlabelled_name(token: Token) -> Span | None:
    """A proper-noun subject the NER left out ("Simone Biles scored 15.3"): its compound run."""
    if token.pos_ != "PROPN" or token.ent_type_ or not token.text[:1].isupper():
        return None
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound":
        if token.doc[start - 1].pos_ != "PROPN":
            break
        start -= 1
    return token.doc[start : token.i + 1]


def owner_of(nouns: list[Token], span: tuple[int, int] | None, anchor: Token, ents) -> Span | None:
    """The fact's owner, by the rules of the module docstring; `nouns` are the concept's head
    and the noun of the number's own "of"-phrase ("38% of Fennick's sales"), `span` the
    concept's tokens, `anchor` the number's top token."""
    if span is not None:
        for index in range(*span):
            if (ent := named(anchor.doc[index], ents)) is not None:
                return ent
    for noun in nouns:
        if (ent := possessor(noun, ents)) is not None:
            return ent
        if unnamed_possessor(noun):
            return None  # "the country's credit rating": an owner the sentence does not name
    about = [noun for noun in nouns if is_subject(noun)]
    for noun in about:
        if (ent := preposition_owner(noun, STRONG_PREPOSITIONS, ents)) is not None:
            return ent
    ent = subject_owner(anchor, ents)
    for noun in nouns:
        if ent is None and noun not in about:
            ent = preposition_owner(noun, STRONG_PREPOSITIONS, ents)
    for noun in nouns:
        if ent is None:
            ent = preposition_owner(noun, WEAK_PREPOSITIONS, ents, depth=2)
    return ent or clause_place(anchor, ents)


def clause_place(anchor: Token, ents: dict[int, Span]) -> Span | None:
    """ "1.2 million voters cast ballots early in Georgia": the name the clause is "in" or
    "at", when nothing closer owns the number."""
    token = anchor
    for _ in range(MAX_CLAUSE_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            return preposition_owner(token, CLAUSE_PLACES, ents)
        if token.head.i == token.i:
            return None
        token = token.head
    return None

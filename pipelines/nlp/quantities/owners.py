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

from spacy.tokens import Doc, Span, Token

from pipelines.nlp.doc_arrays import DocArrays, doc_arrays
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


def named(i: int, ents: dict[int, Span]) -> Span | None:
    ent = ents.get(i)
    return ent if ent is not None and ent.label_ in ENTITY_LABELS else None


def named_or_compound(a: DocArrays, i: int, ents: dict[int, Span]) -> Span | None:
    """Token i's name, or the name compounded into it ("the New Zealand government", "the
    Mecca crane collapse")."""
    ent = named(i, ents)
    if ent is not None:
        return ent
    for child in a.children(i):
        if child > i:
            break  # the children after the token: its rights
        near = i - child <= 3  # the noun's own modifiers, not a dateline before it
        compound = near and a.dep[child] in ("compound", "amod")
        if compound and (ent := named_or_compound(a, child, ents)):
            return ent
    return None


def preposition_owner(
    a: DocArrays, noun: int, words: tuple[str, ...], ents: dict[int, Span], depth: int = 1
) -> Span | None:
    """The name after one of `words` ("at Siemens"), `depth` prepositional phrases deep
    ("obesity among children in Scotland")."""
    for child in a.children(noun):
        if a.dep[child] != "prep" or (a.lower[child] not in words and a.lower[child] != "of"):
            continue  # an "of"-phrase is passed through: "sales of cars in Norway"
        for pobj in a.children(child):
            if a.dep[pobj] != "pobj":
                continue
            if a.lower[child] in words and (ent := named_or_compound(a, pobj, ents)):
                return ent
            if depth > 1 and (ent := preposition_owner(a, pobj, words, ents, depth - 1)):
                return ent
    return None


def possessor(doc: Doc, a: DocArrays, noun: int, ents: dict[int, Span]) -> Span | None:
    """ "Tesla's deliveries", "Verstappen's lead" (a name the NER missed); "its" does not."""
    for child in a.children(noun):
        if a.dep[child] == "poss" and (
            ent := named_or_compound(a, child, ents) or unlabelled_name(doc, a, child)
        ):
            return ent
    return None


def unnamed_possessor(a: DocArrays, noun: int) -> bool:
    """ "the country's rating", "the airline's fuel bill": a common noun owns the concept."""
    return any(a.dep[c] == "poss" and a.pos[c] == "NOUN" for c in a.children(noun))


def noun_owner(doc: Doc, a: DocArrays, noun: int, ents: dict[int, Span]) -> Span | None:
    """The possessor or the "of"/"at" name."""
    return possessor(doc, a, noun, ents) or preposition_owner(a, noun, STRONG_PREPOSITIONS, ents)


def is_subject(a: DocArrays, noun: int) -> bool:
    """The noun is (inside) the subject of its clause: "shares of Norland Mining fell 3%"."""
    for _ in range(MAX_CLAUSE_HOPS):
        if a.dep[noun] in ("nsubj", "nsubjpass"):
            return True
        if a.pos[noun] in ("VERB", "AUX") or a.head[noun] == noun:
            return False
        noun = a.head[noun]
    return False


def subject_owner(doc: Doc, a: DocArrays, token: int, ents: dict[int, Span]) -> Span | None:
    """The named subject of the clauses above a fact: "Acme reported revenue of $5m",
    "Microsoft said it would lay off 10,000 employees". A speaker ("..., KCNA said",
    "Maurer said 500 institutions received ...") owns the number only through its pronoun:
    where it was the only candidate on the seed articles, it was the owner a third of the time."""
    pronoun, via = False, token
    for _ in range(MAX_CLAUSE_HOPS):
        if a.pos[token] in ("VERB", "AUX"):
            # "announced a $2bn buyback" is the subject's own; "said revenue rose" reports
            reports = a.dep[via] in ("ccomp", "parataxis", "advcl")
            speaks = reports and a.lemma[token] in concept_words()["speech_verb"]
            for child in a.children(token):
                if a.dep[child] not in SUBJECT_DEPS:
                    continue
                ent = named_or_compound(a, child, ents) or noun_owner(doc, a, child, ents)
                ent = ent or unlabelled_name(doc, a, child)
                ent = ent or preposition_owner(a, child, ("in",), ents)
                if ent is not None and (not speaks or pronoun):
                    return ent
                relative = a.lower[child] in concept_words()["relative_pronoun"]
                if relative and a.dep[token] == "relcl":
                    # "Siemens, which employs 300,000 people": the noun the clause describes
                    head = a.head[token]
                    return named_or_compound(a, head, ents) or noun_owner(doc, a, head, ents)
                pronoun = refers_to_speaker(a, child)
        if a.head[token] == token:
            return None
        token, via = a.head[token], token
    return None


def refers_to_speaker(a: DocArrays, subject: int) -> bool:
    """ "it would invest", "its profit fell": the subject points at the one who speaks."""
    if a.pos[subject] == "PRON" and a.lower[subject] in PERSONAL_PRONOUNS:
        return True
    return any(
        a.dep[c] == "poss" and a.lower[c] in POSSESSIVE_PRONOUNS for c in a.children(subject)
    )


def unlabelled_name(doc: Doc, a: DocArrays, i: int) -> Span | None:
    """A proper-noun subject the NER left out ("Simone Biles scored 15.3"): its compound run."""
    if a.pos[i] != "PROPN" or a.ent_type[i] or not a.text[i][:1].isupper():
        return None
    start = i
    while start > 0 and a.dep[start - 1] == "compound":
        if a.pos[start - 1] != "PROPN":
            break
        start -= 1
    return doc[start : i + 1]


def owner_of(nouns: list[Token], span: tuple[int, int] | None, anchor: Token, ents) -> Span | None:
    """The fact's owner, by the rules of the module docstring; `nouns` are the concept's head
    and the noun of the number's own "of"-phrase ("38% of Fennick's sales"), `span` the
    concept's tokens, `anchor` the number's top token."""
    doc = anchor.doc
    a = doc_arrays(doc)
    if span is not None:
        for index in range(*span):
            if (ent := named(index, ents)) is not None:
                return ent
    indices = [noun.i for noun in nouns]
    for noun in indices:
        if (ent := possessor(doc, a, noun, ents)) is not None:
            return ent
        if unnamed_possessor(a, noun):
            return None  # "the country's credit rating": an owner the sentence does not name
    about = [noun for noun in indices if is_subject(a, noun)]
    for noun in about:
        if (ent := preposition_owner(a, noun, STRONG_PREPOSITIONS, ents)) is not None:
            return ent
    ent = subject_owner(doc, a, anchor.i, ents)
    for noun in indices:
        if ent is None and noun not in about:
            ent = preposition_owner(a, noun, STRONG_PREPOSITIONS, ents)
    for noun in indices:
        if ent is None:
            ent = preposition_owner(a, noun, WEAK_PREPOSITIONS, ents, depth=2)
    return ent or clause_place(a, anchor.i, ents)


def clause_place(a: DocArrays, anchor: int, ents: dict[int, Span]) -> Span | None:
    """ "1.2 million voters cast ballots early in Georgia": the name the clause is "in" or
    "at", when nothing closer owns the number."""
    token = anchor
    for _ in range(MAX_CLAUSE_HOPS):
        if a.pos[token] in ("VERB", "AUX"):
            return preposition_owner(a, token, CLAUSE_PLACES, ents)
        if a.head[token] == token:
            return None
        token = a.head[token]
    return None

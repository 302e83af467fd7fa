"""The clause around a number: the verb it hangs on, that verb's subject and object, and what
the clause says the number is about ("raised its provisions by £450m" -> provisions; "prices
rose 4%" -> prices). Word lists are data: `data/concept_words.csv`."""

from functools import cache

from spacy.tokens import Span, Token

from pipelines.nlp.quantities.tables import read_table

NOUN_POS = ("NOUN", "PROPN")
# the number's links up to the verb of its clause: "rose [by] 4%", "was down 12 cents"
CLIMB_POS = frozenset({"ADP", "ADV", "ADJ", "NUM", "SYM", "CCONJ", "PART"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# a clause without its own subject takes its parent's: "expected to rise 4%", "and closed up 2%"
BORROWED_SUBJECT_DEPS = ("xcomp", "conj", "advcl")
# names that are places or times, never what money is spent "on" or "in"
NOT_A_THING = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"})
MAX_CLIMB = 6


@cache
def concept_words() -> dict[str, frozenset[str]]:
    """role -> words (data/concept_words.csv): share and level verbs ("accounted for 70% of the
    market", "rose to 137% of GDP" are about the subject), speech and price verbs, period and
    dating prepositions ("in the 10 weeks to January", "seven years ago"), rate, level, measure
    and time nouns ("at a rate of 2%", "a record £712.8m", "six points", "month on month"),
    relative pronouns."""
    roles: dict[str, set[str]] = {}
    for row in read_table("concept_words.csv"):
        roles.setdefault(row["role"], set()).add(row["word"])
    return {role: frozenset(words) for role, words in roles.items()}


def is_pronoun(token: Token) -> bool:
    """ "it", "this", "these", "which": words that point at a concept without naming it."""
    return token.pos_ in ("PRON", "DET") or token.lower_ in concept_words()["relative_pronoun"]


def is_thing(token: Token, ents: dict[int, Span]) -> bool:
    """A common noun that can be what a number is about (not a name, a date or a pronoun)."""
    ent = ents.get(token.i)
    return token.pos_ == "NOUN" and (ent is None or ent.label_ not in NOT_A_THING)


def is_time(token: Token, named: bool = True) -> bool:
    """ "fell 1.9% month on month": a time word is no object a verb changes; with `named`,
    nor is a word of a DATE or TIME name."""
    if token.lemma_.lower() in concept_words()["time_noun"]:
        return True
    return named and token.ent_type_ in ("DATE", "TIME")


def is_venture(token: Token) -> bool:
    """ "investing $10bn in OpenAI": an organisation or product money goes into."""
    return token.ent_type_ in ("ORG", "PRODUCT", "FAC")


def clause_of(anchor: Token) -> tuple[Token, Token] | None:
    """(verb, the verb's child on the way up) for a number in a clause: "rose [by] 4%"."""
    via = anchor
    for _ in range(MAX_CLIMB):
        head = via.head
        if head.i == via.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            return head, via
        numeric = head.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in head.children)
        label = via.dep_ in ("nummod", "quantmod") and head.i < via.i  # "a record $655bn"
        if head.pos_ not in CLIMB_POS and not (via.dep_ == "conj" and numeric) and not label:
            return None  # the number belongs to a noun phrase, not to the clause
        via = head
    return None


def subject_of(verb: Token) -> Token | None:
    """The subject of the verb's clause, borrowed from the parent clause when it has none;
    a relative pronoun stands for the noun the clause describes ("prices, which rose 4%")."""
    for _ in range(MAX_CLIMB):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in concept_words()["relative_pronoun"] and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ == "acl" and verb.head.pos_ in NOUN_POS:
            return verb.head  # "the unemployment rate held at 4.2%": a reduced relative clause
        if verb.dep_ not in BORROWED_SUBJECT_DEPS or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def clause_noun(verb: Token, via: Token, kind: str, ents: dict[int, Span]) -> Token | None:
    """What the clause says the number is about: the object a verb changes ("raised its
    provisions by £450m", "held rates at 5.25%"), else the subject ("prices rose 4%");
    money spent "on"/"in" a thing is about the thing ("invest $3.5bn in a battery plant")."""
    if via.dep_ in SUBJECT_DEPS:
        return None  # the number is the subject: only its own phrase says what it counts
    children = list(verb.children)
    if via.dep_ == "dobj" and (thing := spent_on(verb, ents)) is not None:
        return thing
    if via.dep_ not in ("dobj", "attr", "acomp", "oprd"):
        changed = next((c for c in children if c.dep_ == "dobj" and c.i != via.i), None)
        if changed is not None and any(c.dep_ == "nummod" for c in changed.children):
            # "receives £2.7m in prize money, up 15%", "delivered 386,810 vehicles, down 8.5%":
            # the change is about what the amount is about
            thing = spent_on(verb, ents)
            return thing or (changed if changed.is_alpha and len(changed) > 1 else None)
        level = changed is not None and changed.lemma_.lower() in concept_words()["level_noun"]
        if changed is not None and changed.pos_ in NOUN_POS and not is_time(changed) and not level:
            return changed  # "hit a record £712.8m": a record is the level, not what changed
    subject = subject_of(verb)
    if subject is None or is_pronoun(subject) or not (subject.is_alpha and len(subject) > 1):
        return None
    if not subject.ent_type_ and any(child.dep_ == "nummod" for child in subject.children):
        return None  # "37.1% of the vote, up from 29.4%": the subject is another quantity
    named = subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
    if verb.lemma_ in concept_words()["price_verb"]:
        return subject  # "Diesel now costs 1.72 euros a litre": what costs is the concept
    if via.dep_ == "dobj" and kind in ("money", "count") and named:
        return None  # "the Commission fined the company €2.4bn": the subject owns the amount
    return subject


def spent_on(verb: Token, ents: dict[int, Span]) -> Token | None:
    """ "invest $3.5bn in a battery plant", "spend £1.5bn on schools": the thing of the verb's
    "on"/"in"-phrase, when it is no name, place or time."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "in"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                pobj is not None
                and not is_time(pobj)
                and (is_thing(pobj, ents) or is_venture(pobj))
            ):
                return pobj
    for clause in verb.children:  # "will spend $2.5bn to expand its lithium mine"
        if clause.dep_ in ("xcomp", "advcl") and any(c.lower_ == "to" for c in clause.lefts):
            purpose = next((c for c in clause.children if c.dep_ == "dobj"), None)
            if purpose is not None and is_thing(purpose, ents):
                return purpose
    return None


def is_level_clause(verb: Token, via: Token) -> bool:
    """ "Online orders made up 38% of sales", "debt rose to 137% of GDP": the share is the
    subject's level; in "won 37% of the vote" it is a share of the "of"-noun."""
    words = concept_words()
    if verb.lemma_ in words["share_verb"] or verb.lemma_ in words["level_verb"]:
        return True
    passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)
    reached = via.dep_ == "prep" and via.lower_ in ("to", "at") and not passive
    return via.dep_ == "attr" or reached  # "is added to 10% of salt" is about the salt


def in_period_phrase(anchor: Token, role: str = "period_preposition") -> bool:
    """ "in the 10 weeks to January", "seven years ago", "in under three minutes": a duration
    that dates the clause or spans its action; with role "dating_preposition", only one that
    dates it ("seven years ago", "after 18 years")."""
    periods = concept_words()[role]
    if anchor.pos_ == "ADP" and anchor.lower_ in periods:
        return True  # the qualifier is the preposition: "within 24 hours"
    before = anchor.doc[anchor.left_edge.i - 1] if anchor.left_edge.i > 0 else None
    if before is not None and before.lower_ in periods and not list(before.children):
        return True  # "in under three minutes": the period's preposition stands alone
    if anchor.dep_ in ("pobj", "npadvmod", "prep", "pcomp"):
        return anchor.head.lower_ in periods
    return False

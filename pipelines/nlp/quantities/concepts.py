"""What a quantity measures or counts (its concept), read from the parse.

For a count it is the counted noun phrase ("three rival bidders" -> "rival bidders"). For an
amount, a share, a measure or a change it is the thing measured, found by the first rule that
applies: the noun the number modifies ("a $640m takeover"), the noun of an "of"-phrase ("an
operating loss of €12m"), the number's own "of"-phrase ("37% of the vote"), a bare "in"-noun
after money ("$200 in value"), else the clause: the object a verb changes ("raised its
provisions by £450m") or the subject ("wholesale electricity prices rose 4%").
"""

from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span, Token

from pipelines.nlp.quantities.facts import Fact
from pipelines.nlp.quantities.tables import change_lemmas, read_table

NOUN_POS = ("NOUN", "PROPN")
MODIFIER_DEPS = ("compound", "amod", "nmod")
MAX_COUNTED_NOUN_DISTANCE = 4
TIME_DETERMINERS = frozenset({"last", "next", "this", "previous", "past", "coming", "every"})
# the number's links up to the verb of its clause: "rose [by] 4%", "was down 12 cents"
CLIMB_POS = frozenset({"ADP", "ADV", "ADJ", "NUM", "SYM", "CCONJ", "PART"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# a clause without its own subject takes its parent's: "expected to rise 4%", "and closed up 2%"
BORROWED_SUBJECT_DEPS = ("xcomp", "conj", "advcl")
# names that are places or times, never what money is spent "on" or "in"
NOT_A_THING = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"})
MAX_CLIMB = 6
# spaCy's labels for numbers: a noun inside one ("a record £712.8m") is no named concept
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


@cache
def concept_words() -> dict[str, frozenset[str]]:
    """role -> words (data/concept_words.csv): share verbs ("accounted for 70% of the market"
    is about the subject), period prepositions ("in the 10 weeks to January"), light nouns
    ("the number of people" keeps its "of"-phrase), relative pronouns."""
    roles: dict[str, set[str]] = {}
    for row in read_table("concept_words.csv"):
        roles.setdefault(row["role"], set()).add(row["word"])
    return {role: frozenset(words) for role, words in roles.items()}


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


def is_measure_noun(token: Token) -> bool:
    """ "dropped six points", "a 3-fold rise": a counted word that is a unit, not a concept."""
    return token.lower_ in concept_words()["measure_noun"]


def is_pronoun(token: Token) -> bool:
    """ "it", "this", "these", "which": words that point at a concept without naming it."""
    return token.pos_ in ("PRON", "DET") or token.lower_ in concept_words()["relative_pronoun"]


def is_thing(token: Token, ents: dict[int, Span]) -> bool:
    """A common noun that can be what a number is about (not a name, a date or a pronoun)."""
    ent = ents.get(token.i)
    return token.pos_ == "NOUN" and (ent is None or ent.label_ not in NOT_A_THING)


def outside_children(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens outside the fact whose head is inside it: the fact's own modifiers."""
    return [child for token in doc[start:end] for child in token.children if child.i >= end]


def own_of_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """ "37.1 percent of the vote", "two of its five plants", "$42bn of three-year notes"."""
    for child in outside_children(doc, start, end):
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in NOUN_POS:
                return pobj
    return None


def bare_in_noun(doc: Doc, start: int, end: int, ents: dict[int, Span]) -> Token | None:
    """ "$200 in value", "422,000 euros in arrears": a bare noun after money says what it is."""
    for child in outside_children(doc, start, end):
        if child.dep_ == "prep" and child.lower_ == "in":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            bare = pobj is not None and not any(c.dep_ in ("det", "poss") for c in pobj.children)
            if bare and is_thing(pobj, ents):
                return pobj
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
        if changed is not None and changed.pos_ in NOUN_POS and not is_time(changed):
            return changed
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


def is_venture(token: Token) -> bool:
    """ "investing $10bn in OpenAI": an organisation or product money goes into."""
    return token.ent_type_ in ("ORG", "PRODUCT", "FAC")


def is_time(token: Token, named: bool = True) -> bool:
    """ "fell 1.9% month on month": a time word is no object a verb changes; with `named`,
    nor is a word of a DATE or TIME name."""
    if token.lemma_.lower() in concept_words()["time_noun"]:
        return True
    return named and token.ent_type_ in ("DATE", "TIME")


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


def pronoun_reference(doc: Doc, anchor: Token, span: tuple[int, int]) -> str | None:
    """How the fact names its concept by a pronoun: "of" ("39% of these"), "subject" ("this
    has dropped to 56%", "when it was forty percent"), or None."""
    for child in outside_children(doc, *span):
        pronouns = [c for c in child.children if c.dep_ == "pobj" and is_pronoun(c)]
        if child.dep_ == "prep" and child.lower_ == "of" and pronouns:
            return "of"
    clause = clause_of(anchor)
    if clause is None or clause[1].dep_ in SUBJECT_DEPS:
        return None
    subject = subject_of(clause[0])
    return "subject" if subject is not None and is_pronoun(subject) else None


def inherit_concepts(doc: Doc, facts: list[Fact]) -> None:
    """A pronoun concept takes the concept of the fact it points back to, in the same sentence
    or the one before: a share of "these" counts the last count's things; "this" or "it" as
    subject is the last fact of the same kind and unit. `facts` are in text order."""
    if not any(fact.refers_back for fact in facts):
        return
    starts = [sentence.start for sentence in doc.sents]
    facts = sorted(facts, key=lambda fact: fact.start)
    for position, fact in enumerate(facts):
        if fact.refers_back is None or fact.concept is not None:
            continue
        here = bisect_right(starts, fact.start)
        for earlier in reversed(facts[:position]):
            if bisect_right(starts, earlier.start) < here - 1:
                break
            if earlier.concept is None or not refers_to(fact, earlier):
                continue
            fact.concept = earlier.concept
            fact.entity = fact.entity or earlier.entity
            break


def refers_to(fact: Fact, earlier: Fact) -> bool:
    if fact.refers_back == "of":
        return earlier.kind == "count"
    return (earlier.kind, earlier.unit_normalized) == (fact.kind, fact.unit_normalized)

"""NumericFactExtractor: numbers in a parsed Doc -> numeric fact rows."""

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipelines.nlp.quantities.chunks import NumberChunk, number_chunks
from pipelines.nlp.quantities.concepts import (
    counted_noun,
    described_noun,
    entity_of,
    noun_phrase,
    subject_entity,
)
from pipelines.nlp.quantities.dates import ordinal_value, resolve_date
from pipelines.nlp.quantities.facts import Fact, to_row
from pipelines.nlp.quantities.patterns import glued_word_number_patterns, number_token_patterns
from pipelines.nlp.quantities.qualifiers import (
    find_change,
    find_qualifier,
    find_trailing_qualifier,
    is_negated,
)
from pipelines.nlp.quantities.ranges import merge_ranges
from pipelines.nlp.quantities.tables import (
    calendar_words,
    change_lemmas,
    irregular_plurals,
    qualifier_phrases,
    scale_words,
    unit_aliases,
)
from pipelines.nlp.quantities.units import (
    UnitMatch,
    currency_before,
    suffix_unit,
    unit_after,
    unit_registry,
)

NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT"})
YEAR_LIKE = re.compile(r"^(?:1[6-9]|20)\d\d$")
# glued suffixes that make a token something other than a measure: "1990s", "9am", "5th"
NOT_UNIT_SUFFIXES = frozenset({"s", "am", "pm", "a.m.", "p.m.", "st", "nd", "rd", "th", "'s"})
FRACTION_WORDS = frozenset({"half", "halve", "third", "quarter", "fifth", "eighth", "tenth"})
RESTATEMENT = (["or"], [",", "or"], ["("], [",", "or", "about"])
IDENTIFIER_MARKERS = frozenset({"no", "no.", "number", "#", "nos", "nos.", "tel", "page"})


class NumericFactExtractor:
    """Built once per process: compiles the matchers and loads the tables."""

    def __init__(self, nlp: Language):
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("NUMBER", number_token_patterns())
        self.matcher.add("GLUED_NUMBER", glued_word_number_patterns())
        # load the tables, pint's registry and dateparser's English data once, here
        for table in (unit_aliases, scale_words, qualifier_phrases, change_lemmas, calendar_words):
            table()
        unit_registry()
        resolve_date("1 January 2000")

    def __call__(self, doc: Doc) -> list[dict]:
        starts = sorted({start for _, start, _ in self.matcher(doc)})
        ents = {token.i: ent for ent in doc.ents for token in ent}
        facts = [f for chunk in number_chunks(doc, starts) if (f := quantity(doc, chunk, ents))]
        facts = [fact for fact in merge_ranges(doc, facts) if not fact.calendar]
        share_changes(doc, facts)
        covered = {i for fact in facts for i in range(fact.start, fact.end)}
        facts += [f for ent in doc.ents if (f := calendar_fact(ent, covered))]
        sentence_starts = [sentence.start for sentence in doc.sents]
        facts.sort(key=lambda fact: fact.start_char)
        text = doc.text
        return [to_row(text, fact, sentence_starts) for fact in facts]


def quantity(doc: Doc, chunk: NumberChunk, ents: dict[int, Span]) -> Fact | None:
    """A measure, amount or count around one written number; None for names, dates, times."""
    prefix = currency_before(doc, chunk.start)
    unit = read_unit(doc, chunk, prefix)
    if unit is False:
        return None
    noun = None
    if unit is None and prefix is None:
        noun = counted_noun(doc, chunk.end)
    kind = "money" if prefix else unit.kind if unit else "count"
    if not keeps_number(doc, chunk, kind, noun, ents):
        return None
    value = chunk.value(decimal_dots=kind == "percent")
    if value is None:
        return None
    first = prefix.start if prefix else chunk.start
    if is_negated(doc, first):
        value, first = -value, first - 1
    end = unit.end if unit else noun[1] if noun else chunk.end
    fact = Fact(
        first,
        end,
        doc[first].idx if first < chunk.start else chunk.start_char,
        unit.end_char if unit else doc[end - 1].idx + len(doc[end - 1]),
        kind,
        value,
        number_start=chunk.start,
        number_end=chunk.end,
        scale=chunk.scale,
        calendar=in_calendar(chunk, kind, noun, ents),
    )
    set_unit(doc, fact, prefix, unit, noun)
    set_change(doc, fact)
    set_concept(doc, fact, noun, ents)
    return fact


def read_unit(doc: Doc, chunk: NumberChunk, prefix: UnitMatch | None) -> UnitMatch | None | bool:
    """The unit after the number; False when a glued suffix makes it no measure ("1990s")."""
    if chunk.suffix:
        if chunk.suffix.lower() in NOT_UNIT_SUFFIXES:
            return False
        if chunk.suffix in ("m", "M") and million_not_metre(doc, chunk.end, prefix):
            chunk.scale *= 1e6
            chunk.suffix = None
            return unit_after(doc, chunk.end) if prefix is None else None
        found = suffix_unit(chunk.suffix)
        if found is None:
            return False
        last = doc[chunk.end - 1]
        end_char = last.idx + len(last) - (last.text.endswith(".") and chunk.suffix[-1] != ".")
        return UnitMatch(
            chunk.suffix, *found, chunk.end - 1, chunk.end, end_char - len(chunk.suffix), end_char
        )
    unit = unit_after(doc, chunk.end)
    if unit and unit.text in ("m", "M") and million_not_metre(doc, unit.end, prefix):
        chunk.scale *= 1e6
        chunk.end = unit.end
        chunk.end_char = unit.end_char
        unit = unit_after(doc, chunk.end) if prefix is None else None
    if prefix is not None and unit is not None and unit.kind != "money":
        return None
    return unit


def million_not_metre(doc: Doc, after: int, prefix: UnitMatch | None) -> bool:
    """ "$25m" and "1.2m (new) homes" are millions; "1.8m tall" or "5 m" are metres."""
    if prefix is not None:
        return True
    if after < len(doc) and doc[after].pos_ == "ADJ":
        after += 1
    return after < len(doc) and doc[after].pos_ == "NOUN" and doc[after].is_alpha


def keeps_number(doc: Doc, chunk: NumberChunk, kind: str, noun, ents: dict[int, Span]) -> bool:
    """Rejects dates, times, ordinals and identifiers ("Interstate 5", "the 1988 film")."""
    ent = ents.get(chunk.start)
    bare = kind == "count" and chunk.scale == 1.0
    if ent is not None and bare and ent.label_ in NAME_LABELS | {"ORDINAL"}:
        return False
    if not bare:
        return True
    if chunk.base[0] == "0" and chunk.base[1:2].isdigit():
        return False  # "0800": a code, not a count
    if noun is None and chunk.base.lower() == "one":
        return False  # "one after another", "the one who": a pronoun, not a count
    if follows_fraction(doc, chunk.end) or (noun is None and is_score(doc, chunk)):
        return False
    if YEAR_LIKE.match(chunk.base) and (
        noun is None or doc[chunk.start - 1].lower_ in ("the", "'s", "in", "since")
    ):
        return False
    if chunk.start == 0:
        return True
    previous = doc[chunk.start - 1]
    if previous.lower_ in IDENTIFIER_MARKERS or previous.text[0].isdigit():
        return False  # "No. 5", "0800 123 456"
    if (
        previous.text in ("-", "–")
        and not previous.whitespace_
        and chunk.start > 1
        and doc[chunk.start - 2].is_alpha
        and not doc[chunk.start - 2].whitespace_
    ):
        return False
    is_name = previous.pos_ == "PROPN" or (
        previous.is_title and previous.pos_ == "NOUN" and not previous.is_sent_start
    )
    return not (is_name and previous.whitespace_ and find_qualifier(doc, chunk.start) is None)


def follows_fraction(doc: Doc, end: int) -> bool:
    """ "three-quarters", "two thirds of voters": a share, left out."""
    if end + 1 < len(doc) and doc[end].text == "-":
        return doc[end + 1].lower_.rstrip("s") in FRACTION_WORDS
    fraction = end < len(doc) and doc[end].lower_.rstrip("s") in FRACTION_WORDS
    return fraction and end + 1 < len(doc) and doc[end + 1].lower_ == "of"


def is_score(doc: Doc, chunk: NumberChunk) -> bool:
    """ "beat Arsenal 4-1", "drew 2-2": bare numbers joined by a dash, the first not smaller."""
    start, end = chunk.start, chunk.end
    if start > 1 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        left, right = doc[start - 2].text, doc[start].text
    elif end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        left, right = doc[end - 1].text, doc[end + 1].text
    else:
        return False
    return left.isdigit() and right.isdigit() and int(left) >= int(right)


def in_calendar(chunk: NumberChunk, kind: str, noun, ents: dict[int, Span]) -> bool:
    """A bare number inside a DATE or TIME entity ("2019", "9 am"); ranges may still use it."""
    ent = ents.get(chunk.start)
    if ent is None or kind != "count" or noun is not None:
        return False
    if ent.label_ == "TIME" or YEAR_LIKE.match(chunk.base):
        return True
    # spaCy also tags bare ranges and ages as DATE ("between 20 and 30", "aged 65"): a date
    # needs a calendar word next to the number
    return ent.label_ == "DATE" and any(t.lower_ in calendar_words() for t in ent)


def set_unit(doc: Doc, fact: Fact, prefix: UnitMatch | None, unit: UnitMatch | None, noun) -> None:
    if prefix is not None:
        fact.unit, fact.unit_normalized = prefix.text, prefix.normalized
        if unit is not None and unit.kind == "money":
            fact.unit_normalized = unit.normalized
    elif unit is not None:
        fact.unit, fact.unit_normalized = unit.text, unit.normalized
    elif noun is not None:
        token = doc[noun[1] - 1]
        fact.unit, fact.unit_normalized = token.text, singular(token)
        fact.concept = doc[noun[0] : noun[1]].text


def singular(token) -> str:
    """The lemma, unless the lemmatizer strays from the word ("bases" -> "basis")."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower in irregular_plurals():
        return irregular_plurals()[lower]
    if token.pos_ == "PROPN" and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]  # "Marines", "Syrians": the lemmatizer keeps proper nouns as written
    if lemma.endswith("sis") and lower.endswith("ses"):
        return lower[:-1]  # "bases" is more often the plural of "base" than of "basis"
    return lemma


def spans_period(doc: Doc, fact: Fact, qualifier_start: int) -> bool:
    """ "valued at $750m over ten years": "over" a duration names the period, not a bound;
    "for over 20 years" and "aged over 65" stay `>`."""
    if fact.kind != "duration" or doc[qualifier_start].lower_ != "over":
        return False
    return qualifier_start == 0 or doc[qualifier_start - 1].lower_ not in ("for", "of", "aged")


def anchor_of(doc: Doc, fact: Fact) -> Token:
    """The token that links the fact to the sentence: up from the number while the head is
    still inside the fact ("5" in "$5m", "%" in "2.4%")."""
    token = doc[fact.number_start]
    while token.head.i != token.i and fact.start <= token.head.i < fact.end:
        token = token.head
    return token


def set_change(doc: Doc, fact: Fact) -> None:
    qualifier = find_qualifier(doc, fact.start)
    if qualifier is not None and not spans_period(doc, fact, qualifier[1]):
        fact.change, fact.start = qualifier
        fact.start_char = doc[fact.start].idx
        return
    trailing = find_trailing_qualifier(doc, fact.end)
    if trailing is not None and not (trailing[1] < len(doc) and doc[trailing[1]].like_num):
        fact.change, fact.end = trailing
        fact.end_char = doc[fact.end - 1].idx + len(doc[fact.end - 1])
        return
    anchor = anchor_of(doc, fact)
    fact.change = find_change(doc, fact.start, anchor) or "="


def set_concept(doc: Doc, fact: Fact, noun, ents: dict[int, Span]) -> None:
    if noun is not None:
        head = doc[noun[1] - 1]
        ent = entity_of(doc, noun, head, ents)
    else:
        ent = None
        described = described_noun(anchor_of(doc, fact))
        if described is not None and not fact.start <= described.i < fact.end:
            span = noun_phrase(described, after=fact.end if described.i >= fact.end else 0)
            named = ents.get(described.i)
            if named is not None and named.label_ != "DATE":
                span = (named.start, named.end)
            fact.concept = doc[span[0] : span[1]].text
            ent = entity_of(doc, span, described, ents)
    if ent is None:
        ent = subject_entity(anchor_of(doc, fact), ents)
    if ent is not None:
        fact.entity = (ent.start_char, ent.end_char)


def share_changes(doc: Doc, facts: list[Fact]) -> None:
    """ "fell 190 points, or 1.2%": a restatement after "or" shares the change."""
    for before, after in zip(facts, facts[1:], strict=False):
        between = [t.lower_ for t in doc[before.end : after.start]]
        if before.change in ("up", "down") and after.change == "=" and between in RESTATEMENT:
            after.change = before.change


def calendar_fact(ent: Span, covered: set[int]) -> Fact | None:
    """DATE, TIME and ORDINAL entities that hold a digit or an ordinal word."""
    if ent.label_ not in ("DATE", "TIME", "ORDINAL") or any(t.i in covered for t in ent):
        return None
    if ent.label_ == "ORDINAL":
        value = ordinal_value(ent)
        kind, date_value = "ordinal", None
    elif not any(ch.isdigit() for ch in ent.text):
        # "the third quarter" is a DATE to spaCy and an ordinal to us; "last year" is neither
        value = ordinal_value(ent)
        if value is None:
            return None
        kind, date_value = "ordinal", None
    else:
        kind, value = ent.label_.lower(), None
        date_value = resolve_date(ent.text) if kind == "date" else None
    return Fact(
        ent.start,
        ent.end,
        ent.start_char,
        ent.end_char,
        kind,
        value,
        date_value=date_value,
        number_start=ent.start,
        number_end=ent.end,
    )

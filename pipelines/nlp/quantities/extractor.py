"""NumericFactExtractor: numbers in a parsed Doc -> numeric fact rows."""

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipelines.nlp.doc_arrays import doc_arrays
from pipelines.nlp.mentions.cleaning import sentence_bounds
from pipelines.nlp.quantities.chunks import (
    NumberChunk,
    article_durations,
    is_scale,
    number_chunks,
)
from pipelines.nlp.quantities.clauses import in_period_phrase
from pipelines.nlp.quantities.compounds import merge_compounds
from pipelines.nlp.quantities.concepts import (
    concept_span,
    counted_noun,
    described_noun,
    is_measure_noun,
    of_phrase_end,
    own_of_phrase,
)
from pipelines.nlp.quantities.dates import calendar_fact, resolve_date
from pipelines.nlp.quantities.facts import Fact, has_finite_values, implausible_note, to_row
from pipelines.nlp.quantities.filters import Candidate, in_calendar, reject_reason
from pipelines.nlp.quantities.numbers import FRACTION, VULGAR_FRACTIONS
from pipelines.nlp.quantities.owners import owner_of
from pipelines.nlp.quantities.patterns import TokenPatterns
from pipelines.nlp.quantities.qualifiers import (
    find_change,
    find_qualifier,
    find_trailing_qualifier,
    negation_start,
    share_changes,
    signed_change,
    trailing_change,
)
from pipelines.nlp.quantities.ranges import merge_ranges
from pipelines.nlp.quantities.references import inherit_concepts, pronoun_reference
from pipelines.nlp.quantities.shares import (
    ShareMatch,
    merge_ratios,
    share_matches,
    unit_of_article,
)
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
    UnitReading,
    currency_before,
    lookup_alias,
    million_code,
    rate_denominator,
    rate_unit,
    suffix_unit,
    unit_after,
    unit_registry,
)

# glued suffixes that make a token something other than a measure: "1990s", "9am", "5th"
WEIGHT_WORDS = frozenset(
    {"weigh", "weight", "heavy", "lose", "drop", "gain", "shed", "baby", "fish", "diet", "catch"}
    # another mass unit in the sentence: "a metric ton is 2,204.62 pounds"
    | {"ton", "tonne", "kilogram", "kilo", "kg", "gram", "ounce", "lb", "lbs", "stone"}
)
# verbs whose object is the duration itself: "spent over 10 years", "took over six months"
DURATION_VERBS = frozenset({"spend", "take", "last", "wait", "serve", "work", "live"})
GLUED_MILLION = re.compile(r"^\d[\d.,]*(?:m|mn|bn)$")
SCALE_LETTERS = frozenset({"m", "mn", "bn"})
FOOT_WORDS = frozenset({"ft", "ft.", "foot", "feet"})
PEOPLE_LABELS = ("PERSON", "GPE", "NORP")
NOT_UNIT_SUFFIXES = frozenset({"s", "am", "pm", "a.m.", "p.m.", "st", "nd", "rd", "th", "'s"})


class NumericFactExtractor:
    """Built once per process: builds the token patterns and loads the tables."""

    def __init__(self, nlp: Language):
        self.patterns = TokenPatterns(nlp.vocab)
        # how many numbers each named reject rule left out, for the evaluation to report
        self.rejected: Counter[str] = Counter()
        # load the tables, pint's registry and dateparser's English data once, here
        for table in (unit_aliases, scale_words, qualifier_phrases, change_lemmas, calendar_words):
            table()
        unit_registry()
        resolve_date("1 January 2000")

    def __call__(
        self, doc: Doc, published: date | None = None, text: str | None = None
    ) -> list[dict]:
        """Fact rows of ``doc``; relative dates resolve against ``published`` (none without).
        ``text`` is the text the Doc was made of, when the caller has it: ``doc.text`` builds
        it again from every token."""
        starts = self.patterns.number_starts(doc)
        durations = self.patterns.article_durations(doc)
        entities = doc.ents  # a Span per entity on every call: read once
        ents = {i: ent for ent in entities for i in range(ent.start, ent.end)}
        chunks = number_chunks(doc, starts) + article_durations(doc, durations)
        chunks.sort(key=lambda chunk: chunk.start)
        facts = [f for chunk in chunks if (f := quantity(doc, chunk, ents, self.rejected))]
        read = {i for fact in facts for i in range(fact.start, fact.end)}
        shares = share_matches(doc, self.patterns.share_starts(doc), read)
        facts += [share_fact(doc, match, ents) for match in shares]
        facts.sort(key=lambda fact: fact.start)
        merged = merge_ratios(doc, merge_ranges(doc, merge_compounds(doc, facts)))
        facts = [fact for fact in merged if not fact.calendar]
        share_changes(doc, facts)
        inherit_concepts(doc, facts)
        facts = [fact for fact in facts if has_finite_values(fact)]
        for fact in facts:
            fact.note = implausible_note(fact)
        covered = {i for fact in facts for i in range(fact.start, fact.end)}
        facts += [f for ent in entities if (f := calendar_fact(ent, covered, published))]
        sentence_starts = sentence_bounds(doc)[1]
        facts.sort(key=lambda fact: fact.start_char)
        text = doc.text if text is None else text
        return [to_row(text, fact, sentence_starts) for fact in facts]


def quantity(
    doc: Doc, chunk: NumberChunk, ents: dict[int, Span], rejected: Counter[str]
) -> Fact | None:
    """A measure, amount or count around one written number; None for names, dates, times
    (the rule that left the number out is counted in `rejected`)."""
    arrays = doc_arrays(doc)
    prefix = currency_before(doc, chunk.start)
    reading = read_unit(doc, chunk, prefix)
    if reading.rejected_by is not None:
        rejected[reading.rejected_by] += 1
        return None
    unit = reading.unit
    noun = None
    named = unit_named_before(doc, chunk.start) if unit is None and prefix is None else None
    if unit is None and prefix is None and named is None:
        noun = counted_noun(doc, chunk.end)  # "a magnitude 5.9 quake" measures, not counts
        if noun is not None and arrays.lower[noun[0]] in NOT_UNIT_SUFFIXES:
            return None  # "at 8 pm": a time of day, which spaCy's TIME entity keeps
    kind = "money" if prefix else unit.kind if unit else "count"
    if (reason := reject_reason(Candidate(doc, chunk, kind, noun, ents))) is not None:
        rejected[reason] += 1
        return None
    # "3.000 troops" groups thousands; "a rate of 152.375 yen" counts nothing: a decimal
    value = chunk.value(decimal_dots=kind == "percent" or noun is None)
    if value is None:
        return None
    if any(found is not None and million_code(found.text) for found in (prefix, unit)):
        value, chunk.scale = float(f"{value * 1e6:.12g}"), chunk.scale * 1e6
    first = prefix.start if prefix else chunk.start
    if (negation := negation_start(doc, first)) is not None:
        value, first = -value, negation
    end = unit.end if unit else noun[1] if noun else chunk.end
    fact = Fact(
        first,
        end,
        arrays.idx[first] if first < chunk.start else chunk.start_char,
        unit.end_char if unit else chunk.end_char if end == chunk.end else arrays.end_char(end - 1),
        kind,
        value,
        number_start=chunk.start,
        number_end=chunk.end,
        scale=chunk.scale,
        calendar=in_calendar(chunk, kind, noun, ents),
        scientific=chunk.scientific,
    )
    set_unit(doc, fact, prefix, unit, noun)
    if kind == "count" and named is not None:
        fact.kind, (fact.unit, fact.unit_normalized) = "quantity", named
    set_rate(doc, fact)
    set_change(doc, fact)
    set_concept(doc, fact, noun, ents)
    return fact


def share_fact(doc: Doc, match: ShareMatch, ents: dict[int, Span]) -> Fact:
    """A share ("two-thirds of the board": no unit, concept board) or a vague amount
    ("dozens of protesters": unit protester, always `~`), finished like other facts."""
    fact = match.fact
    vague = fact.value_low is not None
    if match.unit is not None or vague:
        set_unit(doc, fact, None, match.unit, match.noun)
    elif match.noun is not None:
        fact.concept = doc[match.noun[0] : match.noun[1]].text
    set_change(doc, fact)
    if vague:
        fact.change = "~"
    set_concept(doc, fact, match.noun, ents)
    return fact


def read_unit(doc: Doc, chunk: NumberChunk, prefix: UnitMatch | None) -> UnitReading:
    """The unit after the number; rejected when a glued suffix makes it no measure ("1990s")."""
    if chunk.suffix:
        return read_suffix(doc, chunk, prefix)
    if prefix is not None and glued_million(doc, chunk):
        return UnitReading()
    unit = unit_after(doc, chunk.end) or inches_after_feet(doc, chunk)
    if unit and unit.text in ("m", "M") and million_not_metre(doc, unit.end, prefix):
        chunk.scale *= 1e6
        chunk.end = unit.end
        chunk.end_char = unit.end_char
        unit = unit_after(doc, chunk.end) if prefix is None else None
    if prefix is not None and unit is not None and unit.kind != "money":
        return UnitReading()
    if unit is not None and unit.kind == "money" and symbol_of_next_number(doc, unit):
        return UnitReading()
    if unit is not None and unit.kind == "money" and chunk.scale == 1.0:
        unit = scale_after_code(doc, chunk, unit)
    if unit is not None and chunk.scale == 1.0 and is_weight_in_pounds(doc, unit):
        return UnitReading(replace(unit, normalized="pound", kind="quantity"))
    if unit is None and prefix is None and is_fraction(chunk) and chunk.end < len(doc):
        of = doc[chunk.end].lower_ == "of"
        unit = unit_of_article(doc, chunk.end + 1) if of else None  # "3/4 of a cup"
    return UnitReading(rate_unit(doc, unit) if unit is not None else None)


def read_suffix(doc: Doc, chunk: NumberChunk, prefix: UnitMatch | None) -> UnitReading:
    """A unit glued to the number ("200lbs", "20km"), a glued "m" of millions ("$25m"), or
    a suffix that makes it no measure ("1990s", "9am", "5th")."""
    if chunk.suffix.lower() in NOT_UNIT_SUFFIXES:
        return UnitReading(rejected_by="glued_not_unit")
    if chunk.suffix in ("m", "M") and million_not_metre(doc, chunk.end, prefix):
        chunk.scale *= 1e6
        chunk.suffix = None
        last = doc[chunk.end - 1]
        chunk.end_char = last.idx + len(last) - last.text.endswith(".")  # "$7.2M." ends a sentence
        return UnitReading(unit_after(doc, chunk.end) if prefix is None else None)
    if (scale := degrees_with_scale(doc, chunk)) is not None:
        return UnitReading(scale)
    found = suffix_unit(chunk.suffix)
    if found is None:
        return UnitReading(rejected_by="glued_unknown_suffix")
    last = doc[chunk.end - 1]
    end_char = last.idx + len(last) - (last.text.endswith(".") and chunk.suffix[-1] != ".")
    start_char = end_char - len(chunk.suffix)
    return UnitReading(
        UnitMatch(chunk.suffix, *found, chunk.end - 1, chunk.end, start_char, end_char)
    )


def degrees_with_scale(doc: Doc, chunk: NumberChunk) -> UnitMatch | None:
    """ "37deg C": newswires write "°" as "deg", and the scale letter may stand apart."""
    if chunk.end >= len(doc) or chunk.suffix.lower() not in ("deg", "°"):
        return None
    scale = doc[chunk.end]
    found = lookup_alias(f"{chunk.suffix} {scale.text}")
    if found is None or scale.text not in ("C", "F"):
        return None
    end_char = scale.idx + 1
    start_char = doc[chunk.end - 1].idx + len(doc[chunk.end - 1]) - len(chunk.suffix)
    written = doc.text[start_char:end_char]
    return UnitMatch(written, *found, chunk.end - 1, chunk.end + 1, start_char, end_char)


def is_fraction(chunk: NumberChunk) -> bool:
    """ "3/4", "⅛": a number below one written as a fraction."""
    return bool(FRACTION.match(chunk.base)) or chunk.base in VULGAR_FRACTIONS


def glued_million(doc: Doc, chunk: NumberChunk) -> bool:
    """ "$7.2M": an "M" the tokenizer split off an amount is a million; the chunk takes it."""
    arrays = doc_arrays(doc)
    if chunk.end >= len(doc) or arrays.text[chunk.end] not in ("m", "M"):
        return False
    if arrays.space[chunk.end - 1]:
        return False
    chunk.scale *= 1e6
    chunk.end += 1
    chunk.end_char = arrays.idx[chunk.end - 1] + 1
    return True


def inches_after_feet(doc: Doc, chunk: NumberChunk) -> UnitMatch | None:
    """ "5 ft 10 in", "6ft 2in": "in" is an inch right after an amount in feet; glued to a
    number before a noun, "a 6.1in screen", too."""
    lower = doc_arrays(doc).lower
    if chunk.start == 0 or chunk.end >= len(doc) or lower[chunk.end] not in ("in", "in."):
        return None
    before = lower[chunk.start - 1]
    after_feet = before in FOOT_WORDS or (before[:1].isdigit() and before.endswith(("ft", "'")))
    if not after_feet and not glued_inch(doc, chunk.end):
        return None
    word = doc[chunk.end]
    return UnitMatch(
        word.text, "inch", "quantity", chunk.end, chunk.end + 1, word.idx, word.idx + 2
    )


def glued_inch(doc: Doc, at: int) -> bool:
    """ "a 6.1in screen": "in" written without a space after the number, before a noun."""
    if doc[at - 1].whitespace_ or at + 1 >= len(doc):
        return False
    return doc[at + 1].pos_ in ("NOUN", "PUNCT") or doc[at + 1].is_punct


def symbol_of_next_number(doc: Doc, unit: UnitMatch) -> bool:
    """ "1 $10 bill": a currency sign between two numbers is the prefix of the second, unless
    the text writes signs after numbers ("10 $ 30 $")."""
    following = doc[unit.end] if unit.end < len(doc) else None
    sign = not any(ch.isalpha() for ch in unit.text)
    if not sign or following is None or not following.text[:1].isdigit():
        return False
    return unit.end + 1 >= len(doc) or doc[unit.end + 1].text != unit.text


def scale_after_code(doc: Doc, chunk: NumberChunk, unit: UnitMatch) -> UnitMatch:
    """ "75 USD million": a scale word after the currency code still scales the number."""
    if unit.end >= len(doc) or not is_scale(doc[unit.end]) or not unit.text.isupper():
        return unit
    chunk.scale = scale_words()[doc[unit.end].lower_]
    scale = doc[unit.end]
    return replace(unit, end=unit.end + 1, end_char=scale.idx + len(scale))


def unit_named_before(doc: Doc, start: int) -> tuple[str, str] | None:
    """ "a magnitude of 6.4", "magnitude 6.4": a unit word written before a bare number."""
    arrays = doc_arrays(doc)
    word = start - 1 - (start > 1 and arrays.lower[start - 1] == "of")
    if word < 0 or not arrays.is_alpha[word] or len(arrays.text[word]) < 4:
        return None
    found = lookup_alias(arrays.text[word])
    return (arrays.text[word], found[0]) if found and found[1] == "quantity" else None


def is_weight_in_pounds(doc: Doc, unit: UnitMatch) -> bool:
    """ "pounds" is money unless the sentence weighs something ("lost 25 pounds")."""
    if unit.text.lower() not in ("pound", "pounds"):
        return False
    sentence = doc[unit.start].sent
    return any(token.lemma_.lower() in WEIGHT_WORDS for token in sentence)


def million_not_metre(doc: Doc, after: int, prefix: UnitMatch | None) -> bool:
    """ "$25m" and "1.2m (new) homes" are millions; "1.8m tall" or "5 m" are metres."""
    if prefix is not None:
        return True
    a = doc_arrays(doc)
    text, pos = a.text, a.pos
    if after + 1 < len(doc) and text[after] in ("-", "–") and text[after + 1][:1].isdigit():
        after += 2  # "1.5m-2m visitors": the low end is read like the high end
        if after < len(doc) and text[after] in ("m", "M"):
            after += 1
    closes = after >= len(doc) or a.is_punct[after] or pos[after] in ("ADP", "CCONJ")
    if closes:
        return millions_in_sentence(doc, after - 1)
    if after < len(doc) and pos[after] == "ADJ":
        after += 1
    return after < len(doc) and pos[after] == "NOUN" and a.is_alpha[after]


def millions_in_sentence(doc: Doc, unit_at: int) -> bool:
    """ "added 9.3m subscribers, taking its total to 269.6m": another number of the sentence
    glued to "m" of millions before a noun tells how this one is meant."""
    sentence = doc[unit_at].sent
    for token in sentence:
        if token.i == unit_at or token.i + 1 >= sentence.end:
            continue
        if GLUED_MILLION.match(token.text):
            scale_at = token.i  # "9.3m" in one token
        elif token.like_num and not token.whitespace_ and doc[token.i + 1].lower_ in SCALE_LETTERS:
            scale_at = token.i + 1  # "9.3" "m"
        else:
            continue
        following = doc[scale_at + 1] if scale_at + 1 < len(doc) else None
        if scale_at != unit_at and following is not None and following.pos_ == "NOUN":
            return True
    return False


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


def set_rate(doc: Doc, fact: Fact) -> None:
    """ "$71.10 a barrel", "£900 a month", "60 beats a minute", "$5 a share": an amount or a
    count per a unit is a rate, and its unit says so ("US dollar per barrel")."""
    if fact.kind == "count" and fact.unit_normalized is None:
        set_exchange_rate(doc, fact)
        return
    if fact.kind not in ("money", "count") or fact.unit_normalized is None:
        return
    if " per " in fact.unit_normalized:
        return
    money = fact.kind == "money"
    per_word = fact.end < len(doc) and doc[fact.end].lower_ in ("per", "/")
    denominator = rate_denominator(doc, fact.end, nouns=money or per_word)
    if denominator is None or (not money and denominator.kind == "count" and not per_word):
        return
    fact.unit_normalized = f"{fact.unit_normalized} per {denominator.normalized}"
    fact.unit = f"{fact.unit} {doc[fact.end : denominator.end].text}"
    fact.end, fact.end_char = denominator.end, denominator.end_char


def set_exchange_rate(doc: Doc, fact: Fact) -> None:
    """ "The yen was at 155.62 per dollar": a bare number per a currency is the price of
    that currency in the other one the sentence names ("Japanese yen per US dollar")."""
    if fact.end + 1 >= len(doc) or doc[fact.end].lower_ != "per":
        return
    denominator = unit_after(doc, fact.end + 1)
    if denominator is None or denominator.kind != "money" or denominator.start != fact.end + 1:
        return
    named = (
        found[0]
        for token in doc[fact.start].sent
        if token.is_alpha
        and not denominator.start <= token.i < denominator.end
        and (found := lookup_alias(token.text)) is not None
        and found[1] == "money"
        and found[0] != denominator.normalized
    )
    currency = next(named, None)
    if currency is None:
        return
    fact.kind, fact.unit = "money", doc[fact.end : denominator.end].text
    fact.unit_normalized = f"{currency} per {denominator.normalized}"
    fact.end, fact.end_char = denominator.end, denominator.end_char


def spans_period(doc: Doc, fact: Fact, qualifier_start: int) -> bool:
    """ "valued at $750m over ten years": "over" a duration names the period, not a bound;
    "for over 20 years", "spent over 10 years" and "aged over 65" stay `>`."""
    if fact.kind != "duration" or doc[qualifier_start].lower_ != "over":
        return False
    next_word = doc[fact.end].lower_ if fact.end < len(doc) else ""
    if (fact.unit or "").lower().endswith("old") or next_word == "old":
        return False  # "over thirty years old": an age
    if qualifier_start == 0:
        return True
    before = doc[qualifier_start - 1]
    return before.lower_ not in ("for", "of", "aged") and before.lemma_ not in DURATION_VERBS


def anchor_of(doc: Doc, fact: Fact) -> int:
    """The index of the token that links the fact to the sentence: up from the number while
    the head is still inside the fact ("5" in "$5m", "%" in "2.4%")."""
    head = doc_arrays(doc).head
    token = fact.number_start
    while head[token] != token and fact.start <= head[token] < fact.end:
        token = head[token]
    return token


def set_change(doc: Doc, fact: Fact) -> None:
    qualifier = find_qualifier(doc, fact.start)
    if qualifier is not None and qualifier[0] == "~" and find_trailing_qualifier(doc, fact.end):
        qualifier = None  # "about 500 or more": the trailing bound says more than the estimate
    arrays = doc_arrays(doc)
    if qualifier is not None and not spans_period(doc, fact, qualifier[1]):
        fact.change, fact.start = qualifier
        fact.start_char = arrays.idx[fact.start]
        return
    trailing = find_trailing_qualifier(doc, fact.end)
    if trailing is not None and not (trailing[1] < len(doc) and arrays.like_num[trailing[1]]):
        fact.change, fact.end = trailing
        fact.end_char = arrays.end_char(fact.end - 1)
        return
    anchor = anchor_of(doc, fact)
    fact.change = find_change(doc, fact.start, anchor) or trailing_change(doc, fact.end) or "="
    signed = signed_change(doc, fact.number_start, fact.kind, fact.unit_normalized)
    if fact.change == "=" and signed is not None:
        fact.change, fact.value = signed, abs(fact.value)  # "-2.4%": down by 2.4


def clause_anchor(doc: Doc, fact: Fact) -> Token:
    """The fact's top token below any verb inside it ("averaged 6.9%" -> "%")."""
    arrays = doc_arrays(doc)
    head, pos = arrays.head, arrays.pos
    token = fact.number_start
    while head[token] != token and fact.start <= head[token] < fact.end:
        if pos[head[token]] in ("VERB", "AUX"):
            break
        token = head[token]
    return doc[token]


def set_concept(doc: Doc, fact: Fact, noun, ents: dict[int, Span]) -> None:
    """The concept (concepts.py) and the owner entity (owners.py) of the fact."""
    anchor = clause_anchor(doc, fact)
    arrays = doc_arrays(doc)
    if noun is not None and is_measure_noun(arrays.lower[noun[1] - 1]):
        # "dropped six points": the points measure the clause's concept, if it names one
        measured = described_noun(doc, anchor, (fact.start, fact.end), fact.kind, ents)
        scored = arrays.lower[arrays.head[anchor.i]] == "with"  # "finished with 31 points"
        if measured is not None and not scored and measured.ent_type_ not in PEOPLE_LABELS:
            noun, fact.concept = None, None
    span, head = noun, doc[noun[1] - 1] if noun is not None else None
    if noun is not None and (end := of_phrase_end(head)) > noun[1]:
        fact.concept = doc[noun[0] : end].text  # "4.1 million hectolitres of beer"
    if noun is None:
        if fact.kind == "duration" and in_period_phrase(anchor, "dating_preposition"):
            return  # "seven years ago": a date, neither measured nor owned
        head = described_noun(doc, anchor, (fact.start, fact.end), fact.kind, ents)
        if head is not None and fact.start <= head.i < fact.end:
            head = None
        if head is not None:
            span = concept_span(doc, head, (fact.start, fact.end), ents)
            fact.concept = doc[span[0] : span[1]].text
        else:
            fact.refers_back = pronoun_reference(doc, anchor, (fact.start, fact.end))
    own = own_of_phrase(doc, fact.start, fact.end)
    nouns = [token for token in (head, own) if token is not None]
    ent = owner_of(nouns, span, anchor, ents)
    if ent is not None:
        fact.entity = (ent.start_char, ent.end_char)

"""Within one article, short forms take the fullest name of the entity they refer to.

"Joe Biden … Biden", "Mustafa al-Kadhimi … al-Kadhimi", "Islamic Revolutionary Guard Corps
… IRGC", "U.S. … the United States": each mention gets a canonical name, the fullest form the
article uses, or the name of a well-known variant from the data tables.
"""

from collections import Counter
from collections.abc import Callable

from pipelines.entities.gazetteers import is_country, known_places
from pipelines.entities.names import (
    ends_in_title,
    first_word_key,
    generic_words,
    is_acronym,
    is_acronym_of,
    is_short_form_of,
    known_variant,
    name_key,
)
from pipelines.nlp.mentions.cleaning import CleanMention

# spaCy tags a lone surname ORG, NORP, even WORK_OF_ART now and then ("Soleimani", a quoted
# speaker), and GPE or LOC ("said Bolden", "Lukaku scored"): a place the gazetteer knows
# never takes a surname.
_SURNAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
_PLACE_LIKE_SURNAME_LABELS = frozenset({"GPE", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def base_names(mentions: list[CleanMention]) -> list[str]:
    """Each name, the country a capital stands for, or a well-known variant's canonical name."""
    return [
        m.stands_for or (m.label != "PERSON" and known_variant(m.name, m.label)) or m.name
        for m in mentions
    ]


def _by_word(names: list[str], words: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """Each of the ``words`` of a name → the names that hold it, in the order of ``names``."""
    index: dict[str, list[str]] = {}
    for name in names:
        for word in set(words(name)):
            index.setdefault(word, []).append(name)
    return index


def _person_candidates(short: str, persons: dict[str, list[str]]) -> list[str]:
    """Full person names that end with the words of ``short`` ("Biden" → "Joe Biden").

    ``persons`` holds the article's person names by the key of their last word.
    """
    words = name_key(short).split()
    if not words:
        return []
    return [
        full
        for full in persons.get(words[-1], [])
        if len(name_key(full).split()) > len(words)
        and name_key(full).split()[-len(words) :] == words
    ]


def _short_form_candidates(
    short: str, label: str, labels_of: dict[str, set[str]], longer: dict[str, list[str]]
) -> list[str]:
    """Longer non-person names whose head is ``short`` ("Chrome" → "Google Chrome").

    A country or city (GPE) is only the short form of another place: "Washington" in
    "University of Washington" is not the university. ``longer`` holds the article's names by
    the keys of their words: a long form holds the first word of its short form, and a name is
    no short form of itself.
    """
    words = name_key(short).split()
    if not words:
        return []
    return [
        other
        for other in longer.get(words[0], [])
        if other != short
        and "PERSON" not in labels_of[other]
        and (label != "GPE" or labels_of[other] & _PLACE_LABELS)
        and is_short_form_of(short, other)
    ]


def _first_word_candidates(
    short: str, label: str, organisations: dict[str, list[str]]
) -> list[str]:
    """The one organisation of the article whose name starts with ``short`` ("Norland" of
    "Norland Mining"); none when two do, when the word is generic, a country, or a place the
    model did not call an organisation."""
    key = name_key(short)
    if " " in key or key in generic_words() or is_country(short) or label == "NORP":
        return []
    if key in known_places() and label != "ORG":
        return []
    candidates = organisations.get(key, [])
    return candidates if len(candidates) == 1 else []


def _pick(candidates: list[str], last_seen: dict[str, int], counts: Counter) -> str:
    """The candidate mentioned most recently before, else the most frequent one."""
    seen = [c for c in candidates if c in last_seen]
    if seen:
        return max(seen, key=lambda c: last_seen[c])
    return max(candidates, key=lambda c: (counts[c], len(c)))


def _may_be_surname(name: str, label: str) -> bool:
    """ "Montalvo" GPE after "Daniel Montalvo": one word the model called a place, that the
    gazetteer does not know as one ("Paris" of "Valeska Paris" stays the city)."""
    if label in _SURNAME_LABELS:
        return True
    key = name_key(name)
    return label in _PLACE_LIKE_SURNAME_LABELS and " " not in key and key not in known_places()


def _candidates(
    base: str,
    label: str,
    is_own_name: bool,
    persons: dict[str, list[str]],
    longer: list[str],
    longer_by_word: dict[str, list[str]],
    labels_of: dict[str, set[str]],
) -> tuple[list[str], list[str]]:
    """Full names ``base`` may stand for (person, acronym or an organisation's first word),
    else the long forms it heads."""
    candidates = _person_candidates(base, persons) if _may_be_surname(base, label) else []
    if not candidates and is_own_name and is_acronym(base):
        candidates = [other for other in longer if is_acronym_of(base, other)]

    if candidates or not is_own_name:
        return candidates, []
    return [], _short_form_candidates(base, label, labels_of, longer_by_word)


def canonical_names(mentions: list[CleanMention]) -> list[str]:
    """The canonical name of every mention, in order."""
    bases = base_names(mentions)
    counts = Counter(bases)
    persons = _by_word(
        sorted({b for b, m in zip(bases, mentions, strict=True) if m.label == "PERSON"}),
        lambda name: name_key(name).split()[-1:],
    )
    # longest first; names of one length in a fixed order, so ties resolve the same in every run
    longer = sorted(set(bases), key=lambda name: (-len(name), name))
    longer_by_word = _by_word(longer, lambda name: name_key(name).split())
    labels_of: dict[str, set[str]] = {}
    label_counts: dict[str, Counter] = {}
    for base, mention in zip(bases, mentions, strict=True):
        labels_of.setdefault(base, set()).add(mention.label)
        label_counts.setdefault(base, Counter())[mention.label] += 1
    majority = {b: counts.most_common(1)[0][0] for b, counts in label_counts.items()}
    first_at: dict[str, int] = {}
    for index, base in enumerate(bases):
        first_at.setdefault(base, index)
    # "NASA Administrator" is an organisation's title, not a longer name of NASA.
    organisations = _by_word(
        sorted(
            b
            for b in labels_of
            if " " in name_key(b) and majority[b] == "ORG" and not ends_in_title(b)
        ),
        lambda name: [first_word_key(name)],
    )
    last_seen: dict[str, int] = {}
    result = []
    # Candidates depend on the name and label only, not on where the mention is: an article
    # names the same entity many times, so each (name, label) is looked up once.
    found: dict[tuple[str, str, bool], tuple[list[str], list[str]]] = {}
    first_words: dict[tuple[str, str, bool], list[str]] = {}
    for mention, base in zip(mentions, bases, strict=True):
        key = (base, mention.label, base == mention.name)
        if key not in found:
            found[key] = _candidates(
                base,
                mention.label,
                key[2],
                persons,
                longer,
                longer_by_word,
                labels_of,
            )
            first_words[key] = (
                _first_word_candidates(base, mention.label, organisations)
                if not any(found[key]) and key[2]
                else []
            )
        candidates, heads = found[key]
        if not candidates and not heads:
            # A first word follows its full name: "Norland Mining ... Norland".
            candidates = [c for c in first_words[key] if first_at[c] < len(result)]
        canonical = base
        if candidates:
            canonical = _pick(candidates, last_seen, counts)
        elif heads:
            # The article's most frequent long form: a stray span ("Rathbun the Scientology")
            # must not capture every "Scientology" after it.
            canonical = max(heads, key=lambda c: (counts[c], len(c)))
        last_seen[canonical] = len(result)
        result.append(canonical)
    return _fullest_spelling(result)


def _fullest_spelling(names: list[str]) -> list[str]:
    """Names with one key share its longest spelling ("Al-Kadhimi" and "al-Kadhimi")."""
    spelling: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if len(name) > len(spelling.get(key, "")):
            spelling[key] = name
    return [spelling[name_key(n)] for n in names]

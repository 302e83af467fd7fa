"""The entity registry: every name key ever seen and the entity_id it was given.

The registry is what keeps ids stable: a name is looked up before an id is made, so a later
article that says "Joe Biden" reuses the id his first article gave him. Rows are only ever
added; the primary key is ``alias_key`` (see ``sql/tables/entity_registry.sql``).
"""

import hashlib
from dataclasses import dataclass, field

import polars as pl

from pipelines.entities.gazetteers import known_places
from pipelines.entities.names import (
    ends_in_title,
    first_word_key,
    generic_words,
    is_short_form_of,
    name_key,
    surname_key,
)

REGISTRY = {
    "alias_key": pl.String,  # name_key of a name or canonical name: the primary key
    "entity_id": pl.String,
    "alias": pl.String,  # the name as first seen for this key
    "entity_name": pl.String,  # the entity's canonical name when the alias was registered
    "label": pl.String,  # majority label of the name when registered
    "link_rule": pl.String,  # why the key points at this entity (see LINK_RULES)
}
# new: first sight of the entity; canonical: the article's canonical name for it; alias: a
# shorter form in the same article; surname: a lone surname matched to one known person.
LINK_RULES = ("new", "canonical", "alias", "surname")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def new_entity_id(key: str) -> str:
    """A deterministic id from the first name key, so a rebuild in the same order agrees."""
    return "E" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class RegistryIndex:
    """The registry in memory while a batch is resolved; ``added`` collects the new rows."""

    ids: dict[str, str] = field(default_factory=dict)
    # surname key → entity ids of persons known by a name of two words or more
    persons_by_surname: dict[str, set[str]] = field(default_factory=dict)
    # entity ids known only by one word so far (a lone "Biden"): a full name may claim them
    surname_only: set[str] = field(default_factory=set)
    # word key → non-person names of two words or more holding it → (label, entity id)
    long_names_by_word: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # first word key → entity ids of organisations of two words or more ("goldman" → Goldman
    # Sachs): a lone "Goldman" in a later article joins the one organisation it starts
    organisations_by_first_word: dict[str, set[str]] = field(default_factory=dict)
    added: list[dict] = field(default_factory=list)

    @classmethod
    def from_frame(cls, registry: pl.DataFrame) -> "RegistryIndex":
        index = cls()
        for row in registry.sort("alias_key").iter_rows(named=True):
            index._remember(row["alias_key"], row["entity_id"], row["label"], row["alias"])
        return index

    def _remember(self, key: str, entity_id: str, label: str, name: str) -> None:
        self.ids[key] = entity_id
        if label != "PERSON":
            for word in set(key.split()) if " " in key else ():
                self.long_names_by_word.setdefault(word, {})[name] = (label, entity_id)
            first = first_word_key(name)
            # "Labour Party", "Civic Party": a first word before generic words alone names a
            # kind shared by many organisations in other countries, not one organisation.
            rest = key.split()[1:]
            distinct = not all(word in generic_words() for word in rest)
            if label == "ORG" and rest and first and distinct and not ends_in_title(name):
                self.organisations_by_first_word.setdefault(first, set()).add(entity_id)
            return
        if len(key.split()) > 1:
            self.persons_by_surname.setdefault(surname_key(key), set()).add(entity_id)
            self.surname_only.discard(entity_id)
        elif not any(entity_id in ids for ids in self.persons_by_surname.values()):
            self.surname_only.add(entity_id)

    def add(self, name: str, entity_id: str, entity_name: str, label: str, rule: str) -> None:
        """Register ``name`` for ``entity_id`` unless its key is already taken (ids never move)."""
        key = name_key(name)
        if not key or key in self.ids:
            return
        self._remember(key, entity_id, label, name)
        self.added.append(
            {
                "alias_key": key,
                "entity_id": entity_id,
                "alias": name,
                "entity_name": entity_name,
                "label": label,
                "link_rule": rule,
            }
        )

    def long_forms(self, name: str, label: str) -> set[str]:
        """Entity ids of known non-person names that ``name`` heads ("Scientology" → "Church
        of Scientology"). A nationality heads nothing ("Democrats" is not "Neo Democrats"),
        and a GPE heads places only ("Texas" is "State of Texas", not "University of Texas").
        """
        words = name_key(name).split()
        if not words or label in {"PERSON", "NORP"}:
            return set()
        return {
            entity_id
            for long, (long_label, entity_id) in self.long_names_by_word.get(words[0], {}).items()
            if (label != "GPE" or long_label in _PLACE_LABELS) and is_short_form_of(name, long)
        }

    def organisation_starting(self, name: str, label: str) -> set[str]:
        """Entity ids of known organisations whose name starts with the one word ``name``
        ("Goldman" → Goldman Sachs); nothing for a generic word, a country or a place."""
        key = name_key(name)
        if label != "ORG" or " " in key or key in generic_words() or key in known_places():
            return set()
        return self.organisations_by_first_word.get(key, set())

    def added_frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.added, schema=REGISTRY).sort("alias_key")

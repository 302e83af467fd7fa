"""Corpus-wide resolution: every mention's canonical name to a stable entity_id.

Canonical names are resolved longest first, so in one batch "Joe Biden" gets his id before a
lone "Biden" in another article looks for a person with that surname.
"""

import polars as pl

from pipelines import schema
from pipelines.entities.names import name_key, seats_of_government, surname_key
from pipelines.entities.registry import REGISTRY, RegistryIndex, new_entity_id

# A lone word tagged like this may be a surname (spaCy calls "Soleimani" ORG at times).
_SURNAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})


# A corpus vote's share of the weight that relabels an unconfirmed mention of the entity.
CORPUS_MAJORITY = 0.6
# The registry's label of a known entity votes like this many mentions of the new batch.
_REGISTRY_VOTE = 2.0


def _name_counts(mentions: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """One row per (name, canonical_name, label) with its number of mentions and its vote
    weight: everything the resolution needs, small however many mentions there are (one pass
    over lazy input)."""
    rule = pl.col("label_rule").fill_null("model")
    # The model sees more of a longer name: "Church of Scientology" ORG outweighs "Scientology"
    # LOC, as within an article.
    # A propagated mention copies the label of the article's other mentions: half a vote.
    model_weight = (
        pl.when(pl.col("name").str.contains(" "))
        .then(2.0)
        .when(rule == "propagated")
        .then(0.5)
        .otherwise(1.0)
    )
    weight = (
        pl.when(rule.is_in(schema.ENTITY_LABEL_RULES))
        .then(3.0)
        .when(rule.is_in(schema.UNCONFIRMED_LABEL_RULES))
        .then(model_weight)
        .otherwise(0.0)  # a team: one use of a place's name, not the entity's kind
    )
    # A lone word relabelled ORG is still looked up as the person the model saw: a later
    # "Joe Biden" claims the entity of an earlier lone "Biden".
    lookup_label = (
        pl.when(rule == "lone_word")
        .then(pl.coalesce("original_label", "label"))
        .otherwise(pl.col("label"))
    )
    return (
        mentions.lazy()
        .group_by("name", "canonical_name", "label")
        .agg(
            pl.len().alias("len"),
            weight.sum().alias("weight"),
            # ties go to the first label in sort order, so every run makes the same choice
            lookup_label.mode().sort().first().alias("lookup_label"),
        )
        .collect()
    )


def corpus_labels(names: pl.DataFrame, ids: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """entity_id → the label that carries ``CORPUS_MAJORITY`` of its weighted votes, over the
    batch's mentions and the label the registry first gave a known entity."""
    batch = names.join(ids, on="canonical_name").select("entity_id", "label", "weight")
    known = registry.filter(pl.col("link_rule") == "new").select(
        "entity_id", "label", weight=pl.lit(_REGISTRY_VOTE)
    )
    votes = (
        pl.concat([batch, known.join(ids.select("entity_id").unique(), on="entity_id")])
        .group_by("entity_id", "label")
        .agg(pl.col("weight").sum())
        .with_columns(share=pl.col("weight") / pl.col("weight").sum().over("entity_id"))
    )
    return votes.filter(pl.col("share") >= CORPUS_MAJORITY, pl.col("weight") > 0).select(
        "entity_id", voted_label="label"
    )


def _majority_labels(names: pl.DataFrame) -> pl.DataFrame:
    """One row per canonical name: its most frequent label (ties: alphabetical) and count."""
    return (
        names.select("canonical_name", pl.col("lookup_label").alias("label"), "len")
        .group_by("canonical_name", "label")
        .agg(pl.col("len").sum())
        .sort(["canonical_name", "len", "label"], descending=[False, True, False])
        .group_by("canonical_name", maintain_order=True)
        .agg(pl.col("label").first(), pl.col("len").sum().alias("mentions"))
    )


def _find_entity(name: str, label: str, index: RegistryIndex) -> tuple[str | None, str]:
    """The known entity ``name`` belongs to, and the rule that linked it."""
    key = name_key(name)
    if key in index.ids:
        return index.ids[key], "canonical"
    if label not in _SURNAME_LABELS:
        return None, "new"
    surname = surname_key(name)
    if len(key.split()) > 1 and label == "PERSON":
        # A full name claims an entity known so far only by this surname.
        claimed = index.ids.get(surname)
        if claimed in index.surname_only:
            return claimed, "surname"
        return None, "new"
    people = index.persons_by_surname.get(surname, set())
    if len(people) == 1:
        return next(iter(people)), "surname"
    return None, "new"


def _short_form_targets(names: pl.DataFrame) -> dict[tuple[str, bool], set[str]]:
    """(name, is a person) → the canonical names it is short for somewhere in the batch.

    A capital standing for its country ("Washington" said) is no short form of the country,
    and a person's name is no short form of a place ("Captain America" is not the country).
    """
    pairs = names.filter(pl.col("name") != pl.col("canonical_name")).select(
        "name", pl.col("label") == "PERSON", "canonical_name"
    )
    targets: dict[tuple[str, bool], set[str]] = {}
    for name, person, canonical in pairs.unique().iter_rows():
        if seats_of_government().get(name_key(name)) != canonical:
            targets.setdefault((name, person), set()).add(canonical)
    return targets


def _resolution_order(names: pl.DataFrame) -> pl.DataFrame:
    return names.with_columns(
        pl.col("canonical_name").str.count_matches(r"\S+").alias("words")
    ).sort(["words", "canonical_name"], descending=[True, False])


def entity_ids(
    mentions: pl.DataFrame | pl.LazyFrame, registry: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """canonical_name → entity_id for every canonical name of ``mentions``, and the registry
    rows to insert. Reads ``mentions`` once; memory grows with distinct names, not mentions."""
    names = _name_counts(mentions.lazy().select(list(schema.MENTIONS)).cast(schema.MENTIONS))
    registry = registry.select(list(REGISTRY)).cast(REGISTRY) if registry.height else None
    index = RegistryIndex.from_frame(registry) if registry is not None else RegistryIndex()
    ids: dict[str, str] = {}
    targets = _short_form_targets(names)
    for row in _resolution_order(_majority_labels(names)).iter_rows(named=True):
        name, label = row["canonical_name"], row["label"]
        entity_id, rule = _find_entity(name, label, index)
        # "Scientology" alone in one article, short for "Church of Scientology" in another.
        only = targets.get((name, label == "PERSON"), set())
        if entity_id is None and len(only) == 1 and (target := next(iter(only))) in ids:
            entity_id, rule = ids[target], "alias"
        # "Scientology" in one article heads the "Church of Scientology" known from others.
        if entity_id is None and len(heads := index.long_forms(name, label)) == 1:
            entity_id, rule = next(iter(heads)), "alias"
        # "Goldman" in one article starts the one "Goldman Sachs" known from others.
        if entity_id is None and len(firsts := index.organisation_starting(name, label)) == 1:
            entity_id, rule = next(iter(firsts)), "alias"
        entity_id = entity_id or new_entity_id(name_key(name))
        index.add(name, entity_id, name, label, rule)
        ids[name] = entity_id
    short_forms = names.select("name", "canonical_name", "label").unique().sort("name", "label")
    for row in short_forms.iter_rows(named=True):
        canonical = row["canonical_name"]
        # "Washington" said → United States, but the name stays the city's in the registry.
        if seats_of_government().get(name_key(row["name"])) == canonical:
            continue
        index.add(row["name"], ids[canonical], canonical, row["label"], "alias")
    id_frame = pl.DataFrame(
        {"canonical_name": list(ids), "entity_id": list(ids.values())},
        schema={"canonical_name": pl.String, "entity_id": pl.String},
    )
    known = registry if registry is not None else pl.DataFrame(schema=REGISTRY)
    voted = corpus_labels(names, id_frame, known)
    id_frame = id_frame.join(voted, on="entity_id", how="left", maintain_order="left")
    return id_frame, index.added_frame()


def with_entity_ids(mentions: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    """``mentions`` (``schema.MENTIONS``) with the entity_id of their canonical name, and the
    corpus vote's label on mentions whose label no rule confirmed."""
    mentions = mentions.select(list(schema.MENTIONS)).cast(schema.MENTIONS)
    if "voted_label" not in ids.columns:
        ids = ids.with_columns(voted_label=pl.lit(None, pl.String))
    resolved = mentions.join(ids, on="canonical_name", how="left", maintain_order="left")
    relabel = (
        pl.col("label_rule").fill_null("model").is_in(schema.UNCONFIRMED_LABEL_RULES)
        & pl.col("voted_label").is_not_null()
        & (pl.col("voted_label") != pl.col("label"))
    )
    resolved = resolved.with_columns(
        label_before_vote="label",
        label_rule_before_vote="label_rule",
        label=pl.when(relabel).then("voted_label").otherwise("label"),
        label_rule=pl.when(relabel).then(pl.lit("corpus_vote")).otherwise("label_rule"),
    )
    return resolved.select(list(schema.ENTITY_MENTIONS))


def resolve_entities(
    mentions: pl.DataFrame, registry: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions with entity_id (``schema.ENTITY_MENTIONS``) and the registry rows to insert."""
    ids, added = entity_ids(mentions, registry)
    return with_entity_ids(mentions, ids), added

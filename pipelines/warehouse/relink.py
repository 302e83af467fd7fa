"""Entity ids after shard loads: the names of every shard load the corpus step has not built
yet, linked again at once, as one run over all of their articles links them.

A shard links its names against the registry as the loads before it left it, so a lone
"Biden" loaded by one shard would keep an id of its own where a single run gives him the id
of the "Joe Biden" another shard loads. So a shard load marks the articles and registry keys
it stores ``ids_provisional``. The corpus step (or a whole-folder load after shard loads, whose
own articles and keys are marked too) resolves the provisional articles' mentions with the
function a run uses (``pipelines.entities.resolve``), against the registry without the
provisional keys and from the labels the articles gave before the corpus vote. It rewrites
what changed (the mentions' ids and labels, the places of the articles whose labels changed,
the facts' entity ids), replaces the provisional keys by the ones that resolution registers
and clears the marks, inside the caller's transaction. Everything is joins over frames and
set-based SQL, with one pass over the distinct names, as in a run.
"""

import duckdb
import polars as pl

from pipelines import schema
from pipelines.entities.registry import REGISTRY
from pipelines.entities.resolve import entity_ids, with_entity_ids
from pipelines.nlp.assemble import link_facts_to_entities
from pipelines.places.resolve import places_of, with_place_ids

MENTION_KEY = ("article_id", "start_char", "end_char")
# What the resolution and the places decide for a mention; the rest is the article's own.
RELINKED_COLUMNS = (
    "entity_id",
    "label",
    "label_rule",
    "label_before_vote",
    "label_rule_before_vote",
    "place_id",
)
_LINKED_KEYS = "not coalesce(ids_provisional, false)"
_PROVISIONAL = "article_id in (select article_id from articles where ids_provisional)"


def relink_provisional(con: duckdb.DuckDBPyConnection) -> int:
    """Link the names of the articles whose ids are provisional (stored by shard loads, and by
    a whole-folder load after them) again, as one run over all of them would have, then mark
    them linked. Returns the mentions whose entity, label or place changed."""
    if not _any_provisional(con):
        return 0  # no shard load since the last corpus step: nothing to link again
    stored = _read(con, f"select * from entity_mentions where {_PROVISIONAL}")
    registry = _read(con, f"select * from entity_registry where {_LINKED_KEYS}")
    changed = 0
    if stored.height:
        as_extracted = _as_before_the_vote(stored)
        ids, registered = entity_ids(as_extracted, registry)
        relinked = with_entity_ids(as_extracted, ids).join(
            stored.select(*MENTION_KEY, "place_id"), on=MENTION_KEY, how="left"
        )
        relinked = _with_places_again(con, relinked, stored)
        rewritten = _changed(relinked, stored, MENTION_KEY, RELINKED_COLUMNS)
        _update(con, "entity_mentions", MENTION_KEY, rewritten, RELINKED_COLUMNS)
        _relink_facts(con, relinked)
        changed = rewritten.height
    else:
        registered = schema.empty(REGISTRY)
    # The shard loads' keys make way for those one run over their articles registers.
    con.execute("delete from entity_registry where ids_provisional")
    insert_missing(
        con, "entity_registry", "alias_key", registered.with_columns(ids_provisional=False)
    )
    con.execute("update articles set ids_provisional = false where ids_provisional")
    return changed


def _any_provisional(con: duckdb.DuckDBPyConnection) -> bool:
    query = (
        "select exists (select 1 from articles where ids_provisional) "
        "or exists (select 1 from entity_registry where ids_provisional)"
    )
    return con.execute(query).fetchone()[0]


def _relink_facts(con: duckdb.DuckDBPyConnection, relinked: pl.DataFrame) -> None:
    """The entity of a fact is that of the mention covering its entity span, as in a run."""
    facts = _read(con, f"select * from numeric_facts where {_PROVISIONAL}")
    if facts.is_empty():
        return
    facts = facts.select(list(schema.NUMERIC_FACTS)).cast(schema.NUMERIC_FACTS)
    linked = link_facts_to_entities(facts, relinked)
    moved = _changed(linked, facts, ("fact_id",), ("entity_id",))
    _update(con, "numeric_facts", ("fact_id",), moved, ("entity_id",))


def _as_before_the_vote(stored: pl.DataFrame) -> pl.DataFrame:
    """The stored mentions as the extraction left them (``schema.MENTIONS``): the label and
    rule before the corpus vote (rows from before those columns: the stored ones)."""
    return stored.with_columns(
        label=pl.coalesce("label_before_vote", "label"),
        label_rule=pl.coalesce("label_rule_before_vote", "label_rule"),
    ).select(list(schema.MENTIONS))


def _with_places_again(
    con: duckdb.DuckDBPyConnection, relinked: pl.DataFrame, stored: pl.DataFrame
) -> pl.DataFrame:
    """Which mentions name a place depends on their labels: the articles where a label
    changed are placed again (the rules are per article, as in a run); the places they name
    are added to ``places``."""
    relabelled = (
        relinked.join(stored.select(*MENTION_KEY, stored_label="label"), on=MENTION_KEY)
        .filter(pl.col("label") != pl.col("stored_label"))
        .select("article_id")
        .unique()
    )
    if relabelled.is_empty():
        return relinked
    con.register("relabelled_articles", relabelled.to_arrow())
    try:
        bodies = _read(
            con,
            "select article_id, body from articles "
            "where article_id in (select article_id from relabelled_articles)",
        )
    finally:
        con.unregister("relabelled_articles")
    again = relinked.join(relabelled, on="article_id", how="semi")
    placed = with_place_ids(again.select(list(schema.ENTITY_MENTIONS)), bodies)
    insert_missing(con, "places", "place_id", places_of(placed["place_id"]))
    kept = relinked.join(relabelled, on="article_id", how="anti")
    return pl.concat([kept, placed.select(relinked.columns)])


def _changed(
    new: pl.DataFrame, old: pl.DataFrame, key: tuple[str, ...], columns: tuple[str, ...]
) -> pl.DataFrame:
    """Rows of ``new`` whose ``columns`` differ from ``old``'s row of the same key."""
    joined = new.select(*key, *columns).join(
        old.select(*key, *columns), on=key, how="left", suffix="_stored"
    )
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_stored")) for c in columns)
    return joined.filter(differs).select(*key, *columns)


def _update(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[str, ...],
    rows: pl.DataFrame,
    columns: tuple[str, ...],
) -> None:
    """Set ``columns`` of ``table``'s rows to those of ``rows`` with the same ``key``."""
    if rows.is_empty():
        return
    con.register("relinked_rows", rows.to_arrow())
    try:
        assignments = ", ".join(f"{column} = r.{column}" for column in columns)
        matches = " and ".join(f"{table}.{column} = r.{column}" for column in key)
        con.execute(f"update {table} set {assignments} from relinked_rows r where {matches}")
    finally:
        con.unregister("relinked_rows")


def insert_missing(
    con: duckdb.DuckDBPyConnection, table: str, key: str, rows: pl.DataFrame
) -> None:
    """Insert the rows of ``rows`` whose ``key`` ``table`` does not hold yet (an id that
    exists never moves)."""
    if rows.is_empty():
        return
    con.register("new_rows", rows.to_arrow())
    try:
        con.execute(
            f"insert into {table} by name select * from new_rows "
            f"where {key} not in (select {key} from {table})"
        )
    finally:
        con.unregister("new_rows")


def _read(con: duckdb.DuckDBPyConnection, query: str) -> pl.DataFrame:
    return pl.from_arrow(con.execute(query).to_arrow_table())

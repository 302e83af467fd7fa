"""The corpus step links the names of shard loads again (pipelines/warehouse/relink.py): two
shard loads in either order, then build_corpus, store what one load of both articles stores,
down to the facts' entity ids, the corpus-vote labels and the registry."""

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import schema
from pipelines.entities.resolve import resolve_entities
from pipelines.nlp.assemble import finish_facts
from pipelines.places.resolve import places_of, with_place_ids
from pipelines.warehouse import store
from pipelines.warehouse.shards import Shard

# spaCy often calls a lone surname ORG; in a run with "Joe Biden" the surname rule links it
# to him and the corpus vote makes it PERSON. Alone in an earlier shard it is an ORG of its own.
VISIT = "Biden met workers in Ohio. He hired 300 people."
SENATE = "Joe Biden spoke. Joe Biden left."
MENTIONS = {
    "visit": [("Biden", "ORG", 0, 0), ("Ohio", "GPE", 21, 0)],
    "senate": [("Joe Biden", "PERSON", 0, 0), ("Joe Biden", "PERSON", 17, 1)],
}
BODIES = {"visit": VISIT, "senate": SENATE}
TABLES = ("articles", "entity_mentions", "numeric_facts", "entity_registry", "entities")


def _mentions(article_id: str) -> pl.DataFrame:
    rows = [
        {
            "article_id": article_id,
            "mention_index": index,
            "text": text,
            "label": label,
            "start_char": start,
            "end_char": start + len(text),
            "sentence_index": sentence,
            "name": text,
            "canonical_name": text,
            "original_label": label,
            "label_rule": "model",
        }
        for index, (text, label, start, sentence) in enumerate(MENTIONS[article_id])
    ]
    return pl.DataFrame(rows, schema=schema.MENTIONS)


def _facts(article_id: str) -> pl.DataFrame:
    """'300' in the visit, whose entity span is "Biden" (a fact the person is the subject of)."""
    columns = {k: v for k, v in schema.NUMERIC_FACTS.items() if k not in ("fact_id", "entity_id")}
    if article_id != "visit":
        return pl.DataFrame(schema=columns)
    row = dict.fromkeys(columns) | {
        "article_id": "visit",
        "text": "300",
        "start_char": 36,
        "end_char": 39,
        "sentence_index": 1,
        "kind": "count",
        "value": 300.0,
        "change": "=",
        "entity_start_char": 0,
        "entity_end_char": 5,
    }
    return pl.DataFrame([row], schema=columns)


def _batch(con: duckdb.DuckDBPyConnection, ids: list[str], shard: Shard | None) -> store.LoadBatch:
    """What a run's extract hands the load: ids resolved against the registry as stored."""
    registry = store.read_table(con, "entity_registry")
    raw = pl.concat([_mentions(article_id) for article_id in ids])
    mentions, added = resolve_entities(raw, registry)
    bodies = pl.DataFrame({"article_id": ids, "body": [BODIES[i] for i in ids]})
    mentions = with_place_ids(mentions, bodies)  # as the run places them, after the vote
    facts = finish_facts(pl.concat([_facts(article_id) for article_id in ids]), mentions)
    articles = pl.DataFrame(
        [
            {"article_id": i, "source": f"{i}.txt", "body": BODIES[i], "format": "txt"}
            | {"content_sha256": f"{i:0>64}"}
            for i in ids
        ],
        schema=schema.ARTICLES,
    ).with_columns(loaded_at=pl.lit(datetime(2026, 1, 1)))
    sentences = pl.DataFrame(
        [
            {"article_id": i, "sentence_index": n, "start_char": 0, "end_char": len(BODIES[i])}
            for i in ids
            for n in (0, 1)
        ],
        schema=schema.SENTENCES,
    )
    return store.LoadBatch(
        run_id=f"run-{'-'.join(ids)}",
        articles_seen=len(ids),
        articles=articles,
        removed_ids=[],
        rejected=schema.empty(schema.REJECTED_INPUTS),
        sentences=sentences,
        mentions=mentions,
        facts=facts,
        registry=added,
        places=places_of(mentions["place_id"]),
        shard=shard,
        kept_rejections=None if shard is None else pl.DataFrame(schema={"source": pl.String}),
    )


def _state(work: Path) -> dict[str, list]:
    with duckdb.connect(str(work), read_only=True) as con:
        state = {
            t: con.execute(f"select * exclude (loaded_at) from {t} order by all").fetchall()
            for t in ("articles",)
        }
        return state | {
            t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES[1:]
        }


def _biden(work: Path) -> dict[str, tuple]:
    """name → (entity_id, label, label_rule, label_before_vote, the entity of its fact)."""
    with duckdb.connect(str(work), read_only=True) as con:
        rows = con.execute(
            "select m.name, m.entity_id, m.label, m.label_rule, m.label_before_vote, f.entity_id "
            "from entity_mentions m left join numeric_facts f "
            "on f.article_id = m.article_id and f.entity_start_char = m.start_char "
            "where m.name like '%Biden'"
        ).fetchall()
    return {name: rest for name, *rest in rows}


@pytest.fixture
def single(tmp_path) -> Path:
    work = tmp_path / "single.duckdb"
    with store.connect(work) as con:
        assert store.load(con, _batch(con, ["visit", "senate"], None))
    return work


@pytest.mark.parametrize("order", [("visit", "senate"), ("senate", "visit")])
def test_shard_loads_then_the_corpus_step_store_what_one_load_stores(single, tmp_path, order):
    work = tmp_path / "sharded.duckdb"
    for index, article_id in enumerate(order):
        with store.connect(work) as con:
            assert store.load(con, _batch(con, [article_id], Shard(index, 2)))
    with duckdb.connect(str(work), read_only=True) as con:
        provisional = con.execute("select count(*) from articles where ids_provisional")
        assert provisional.fetchone() == (2,)
    if order[0] == "visit":  # before the corpus step, the lone surname is an entity of its own
        before = _biden(work)
        assert before["Biden"][0] != before["Joe Biden"][0]
        assert before["Biden"][1:3] == ["ORG", "model"]
    assert store.build_corpus(work, lambda con: True) is True
    assert _state(work) == _state(single)
    # "Biden" joined Joe Biden: his id, the corpus vote's PERSON, and so did the fact
    found = _biden(work)
    joe = found["Joe Biden"][0]
    assert found["Biden"] == [joe, "PERSON", "corpus_vote", "ORG", joe]


def test_a_whole_folder_load_after_a_shard_links_its_own_names_with_the_shards(single, tmp_path):
    work = tmp_path / "sharded.duckdb"
    with store.connect(work) as con:
        assert store.load(con, _batch(con, ["visit"], Shard(0, 2)))
    with store.connect(work) as con:
        assert store.load(con, _batch(con, ["senate"], None))
    assert _state(work) == _state(single)


def test_without_shard_loads_the_corpus_step_has_nothing_to_link(single):
    before = _state(single)
    assert store.build_corpus(single, lambda con: True) is None
    assert _state(single) == before


def test_ids_a_corpus_step_made_final_never_move(tmp_path):
    """A corpus step between the shards: the second is linked against the first's final
    keys, as a second run after a first one is (and the lone surname keeps its own id)."""
    runs, sharded = tmp_path / "runs.duckdb", tmp_path / "sharded.duckdb"
    for article_id in ("visit", "senate"):
        with store.connect(runs) as con:
            assert store.load(con, _batch(con, [article_id], None))
    for index, article_id in enumerate(("visit", "senate")):
        with store.connect(sharded) as con:
            assert store.load(con, _batch(con, [article_id], Shard(index, 2)))
        assert store.build_corpus(sharded, lambda con: True) is True
    assert _state(sharded) == _state(runs)
    found = _biden(sharded)
    assert found["Biden"][0] != found["Joe Biden"][0]

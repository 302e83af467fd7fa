"""Shards: NEWSFACTS_SHARD=i/N splits the folder by article_id; shard loads in any order,
then the corpus-wide step, give the warehouse a single run over the folder gives."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.definitions import defs
from pipelines.defs import names
from pipelines.defs.io import PolarsParquetIOManager
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter
from pipelines.ingest.identity import article_id, source_key
from pipelines.quality.validator import Validator
from pipelines.warehouse import lake
from pipelines.warehouse.shards import Shard, parse_shard, parse_shard_count

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# A few seed articles: a person named in full in one and by surname in others, places, money.
ARTICLES = (
    "iraq-withdrawal.txt",
    "wikinews-gum/GUM_news_afghan.txt",
    "wikinews-gum/GUM_news_asylum.txt",
    "wikinews-gum/GUM_news_election.txt",
    "wikinews-gum/GUM_news_defector.txt",
    "wikinews-gum/GUM_news_expo.txt",
)
TABLES = ("articles", "entity_mentions", "numeric_facts", "entities", "sentences")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0/2", Shard(0, 2)), ("1/2", Shard(1, 2)), (" 3 / 4 ", Shard(3, 4)), ("", None)],
)
def test_parse_shard(value, expected):
    assert parse_shard(value) == expected


def test_the_only_shard_of_one_is_the_whole_folder():
    assert parse_shard("0/1") is None


@pytest.mark.parametrize("value", ["2/2", "1", "a/b", "-1/2", "0/0", "1/2/3"])
def test_malformed_shard_names_the_variable_and_the_fix(value):
    with pytest.raises(ValueError, match=r"NEWSFACTS_SHARD=.*use i/N with 0 <= i < N"):
        parse_shard(value)


@pytest.mark.parametrize("value", ["0", "x", "-2"])
def test_malformed_shard_count_names_the_variable(value):
    with pytest.raises(ValueError, match="NEWSFACTS_SHARDS="):
        parse_shard_count(value)


def test_every_article_falls_in_exactly_one_shard_and_the_split_is_even():
    ids = pl.DataFrame({"article_id": [article_id(source_key(f"a{n}.txt")) for n in range(4000)]})
    sizes = [Shard(index, 4).rows(ids).height for index in range(4)]
    assert sum(sizes) == ids.height
    assert min(sizes) > 900  # 1,000 each, give or take sampling noise


def test_the_shard_is_the_article_ids_hex_digits_modulo_n():
    # a stable rule, documented: the same on every machine and library version
    ids = pl.DataFrame({"article_id": ["a000000000000007", "a00000000000000a"]})
    assert Shard(1, 2).rows(ids)["article_id"].to_list() == ["a000000000000007"]
    assert Shard(1, 3).rows(ids)["article_id"].to_list() == ["a000000000000007", "a00000000000000a"]


@pytest.fixture(scope="module")
def validator():
    """One validation helper for the module's runs: each run would otherwise start its own
    and import GX again (seconds per run), which the runs' results do not depend on."""
    with Validator() as helper:
        yield helper


def _materialize(
    articles_dir: Path, warehouse: Path, storage: Path, validator: Validator, *, corpus=True
):
    resources = {
        "config": NewsfactsConfig(
            articles_dir=str(articles_dir), warehouse=str(warehouse), processes=1, batch_size=8
        ),
        "io_manager": PolarsParquetIOManager(base_dir=str(storage)),
        "validator": validator,
        "writer": WarehouseWriter(),
    }
    selection = dg.AssetSelection.all()
    if not corpus:
        selection = selection - dg.AssetSelection.assets(names.CORPUS_TABLES)
    result = dg.materialize(
        list(defs.assets),
        selection=selection,
        instance=dg.DagsterInstance.ephemeral(),
        resources=resources,
        raise_on_error=False,
    )
    assert result.success
    assert [c.check_name for c in result.get_asset_check_evaluations() if not c.passed] == []
    return result


def _snapshot(work: Path) -> dict[str, list]:
    with duckdb.connect(str(work), read_only=True) as con:
        return _snapshot_of(con)


def _snapshot_of(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    snapshot = {
        t: con.execute(f"select * exclude (loaded_at) from {t} order by all").fetchall()
        for t in ("articles",)
    }
    snapshot |= {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES[1:]}
    snapshot["entity_registry"] = con.execute(
        "select alias_key, entity_id from entity_registry order by all"
    ).fetchall()
    snapshot["pending"] = con.execute(
        "select count(*) from load_runs where not corpus_built"
    ).fetchone()
    return snapshot


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    articles = tmp_path_factory.mktemp("shards") / "articles"
    for source in ARTICLES:
        (articles / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SEEDS / source, articles / source)
    return articles


@pytest.fixture(scope="module")
def single_run(folder, tmp_path_factory, validator) -> dict[str, list]:
    return _single_run(folder, tmp_path_factory.mktemp("single"), validator)


def _single_run(folder: Path, root: Path, validator: Validator) -> dict[str, list]:
    _materialize(folder, root / "newsfacts.duckdb", root / "storage", validator)
    return _snapshot(root / "newsfacts.work.duckdb")


@pytest.mark.parametrize("order", [("0/2", "1/2"), ("1/2", "0/2")])
def test_shards_in_either_order_then_the_corpus_step_equal_a_single_run(
    folder, single_run, tmp_path, monkeypatch, order, validator
):
    _assert_shards_equal_single_run(folder, single_run, tmp_path, monkeypatch, order, validator)


# visit.txt falls in shard 0 of 2, senate.txt in shard 1: a lone "Biden" first, his full
# name in the other shard.
SURNAME_FIRST = {
    "visit.txt": "Biden visits Ohio\n\nBiden met factory workers in Ohio on Monday. Biden "
    "said the talks went well.\n",
    "senate.txt": "Biden addresses the Senate\n\nPresident Joe Biden told the Senate on "
    "Tuesday that the plan would cost $2 billion. Joe Biden spoke for an hour.\n",
}


# Shard orders, and a whole-folder run that loads the second shard's article itself: each
# ends with the single run's ids, labels and registry (pipelines/warehouse/relink.py).
SURNAME_ORDERS = [("0/2", "1/2"), ("1/2", "0/2"), ("0/2",)]


@pytest.fixture(scope="module")
def surname_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("surname") / "articles"
    folder.mkdir()
    for name, text in SURNAME_FIRST.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def surname_single_run(surname_folder, tmp_path_factory, validator) -> dict[str, list]:
    """The single run over the surname articles, shared by the tests that compare with it."""
    root = tmp_path_factory.mktemp("surname-single")
    single = _single_run(surname_folder, root, validator)
    assert _biden_ids(root) == 1  # a single run links "Biden" to "Joe Biden"
    return single


@pytest.mark.parametrize("order", SURNAME_ORDERS, ids="-then-".join)
def test_a_surname_met_in_an_earlier_shard_gets_the_single_runs_id(
    tmp_path, monkeypatch, validator, order, surname_folder, surname_single_run
):
    _assert_shards_equal_single_run(
        surname_folder, surname_single_run, tmp_path / "sharded", monkeypatch, order, validator
    )
    assert _biden_ids(tmp_path / "sharded") == 1


def test_in_a_lake_too_a_surname_met_in_an_earlier_shard_gets_the_single_runs_id(
    tmp_path, monkeypatch, validator, new_lake, surname_folder, surname_single_run
):
    """The corpus step's re-linking in DuckLake (its UPDATE ... FROM, boolean defaults)."""
    folder, single = surname_folder, surname_single_run
    monkeypatch.setenv("NEWSFACTS_LAKE", new_lake.catalog)
    monkeypatch.setenv("NEWSFACTS_LAKE_DATA", new_lake.data)
    warehouse, storage = tmp_path / "lake" / "newsfacts.duckdb", tmp_path / "storage"
    for shard in ("0/2", "1/2"):
        monkeypatch.setenv("NEWSFACTS_SHARD", shard)
        _materialize(folder, warehouse, storage, validator, corpus=False)
    monkeypatch.delenv("NEWSFACTS_SHARD")
    _materialize(folder, warehouse, storage, validator)  # the corpus step
    with lake.open_lake(new_lake, read_only=True) as con:
        sharded = _snapshot_of(con)
        biden = "select count(distinct entity_id) from entity_mentions where name like '%Biden'"
        assert con.execute(biden).fetchone()[0] == 1
        assert con.execute("select count(*) from articles where ids_provisional").fetchone() == (0,)
    assert sharded == single


def _biden_ids(root: Path) -> int:
    with duckdb.connect(str(root / "newsfacts.work.duckdb"), read_only=True) as con:
        query = "select count(distinct entity_id) from entity_mentions where name like '%Biden'"
        return con.execute(query).fetchone()[0]


def _assert_shards_equal_single_run(folder, single_run, tmp_path, monkeypatch, order, validator):
    warehouse = tmp_path / "newsfacts.duckdb"
    loaded = []
    for shard in order:
        monkeypatch.setenv("NEWSFACTS_SHARD", shard)
        _materialize(folder, warehouse, tmp_path / "storage", validator, corpus=False)
        with duckdb.connect(str(tmp_path / "newsfacts.work.duckdb"), read_only=True) as con:
            loaded.append(con.execute("select count(*) from articles").fetchone()[0])
    # the second shard removed none of the first's articles
    assert 0 < loaded[0] < len(list(folder.rglob("*.txt")))
    assert loaded == sorted(loaded) and len(set(loaded)) == len(loaded)
    assert not warehouse.exists()  # shard loads do not publish a half-built warehouse
    monkeypatch.delenv("NEWSFACTS_SHARD")
    _materialize(folder, warehouse, tmp_path / "storage", validator)  # the corpus step
    sharded = _snapshot(tmp_path / "newsfacts.work.duckdb")
    assert sharded["pending"] == (0,)
    for table, rows in single_run.items():
        assert len(sharded[table]) == len(rows), table
        assert sharded[table] == rows, table
    assert warehouse.exists()


PARTITIONED_DEFINITIONS = """
import dagster as dg
from pipelines.definitions import defs
from pipelines.defs import names
dg.Definitions.validate_loadable(defs)
graph = defs.resolve_asset_graph()
def keys(key):
    partitions = graph.get(key).partitions_def
    return partitions and partitions.get_partition_keys()
print(keys(names.SENTENCES), keys(names.warehouse_table("entities")), keys(names.CORPUS_TABLES))
"""


def test_shards_are_the_partitions_of_extract_and_load_but_not_of_the_corpus_step():
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEWSFACTS_SHARDS": "2"}
    done = subprocess.run(
        [sys.executable, "-c", PARTITIONED_DEFINITIONS],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.split("\n")[-2] == "['0-of-2', '1-of-2'] ['0-of-2', '1-of-2'] None"


PARTITIONED_RUN = """
import sys
import dagster as dg
from pipelines.definitions import defs
from pipelines.defs import names
from pipelines.defs.io import PolarsParquetIOManager
from pipelines.defs.resources import NewsfactsConfig, WarehouseWriter, validation_helper

articles, warehouse, storage = sys.argv[1:]
resources = {
    "config": NewsfactsConfig(articles_dir=articles, warehouse=warehouse, processes=1),
    "io_manager": PolarsParquetIOManager(base_dir=storage),
    "validator": validation_helper,
    "writer": WarehouseWriter(),
}
instance = dg.DagsterInstance.ephemeral()
shards = dg.AssetSelection.all() - dg.AssetSelection.assets(names.CORPUS_TABLES)
for key in ("1-of-2", "0-of-2"):
    result = dg.materialize(list(defs.assets), selection=shards, partition_key=key,
                            instance=instance, resources=resources)
    assert result.success
result = dg.materialize(list(defs.assets), selection=[names.CORPUS_TABLES],
                        instance=instance, resources=resources)
event = result.get_asset_materialization_events()[-1]
print(event.step_materialization_data.materialization.metadata["rebuilt"].value)
"""


def test_partitions_then_the_corpus_step_equal_a_single_run(folder, single_run, tmp_path):
    import os
    import subprocess
    import sys

    warehouse = tmp_path / "newsfacts.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", PARTITIONED_RUN, str(folder), str(warehouse), str(tmp_path / "s")],
        env={**os.environ, "NEWSFACTS_SHARDS": "2"},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[-2] == "True"
    # each shard's frames in a folder of its own: shards running at once share no file
    assert {p.name for p in (tmp_path / "s" / "storage").glob("*-of-2")} == {"0-of-2", "1-of-2"}
    sharded = _snapshot(tmp_path / "newsfacts.work.duckdb")
    for table, rows in single_run.items():
        assert sharded[table] == rows, table
    assert warehouse.exists()


def test_a_shard_run_from_the_command_line_leaves_out_the_corpus_step():
    from pipelines import run
    from pipelines.settings import Settings

    job, partition = run._job(dg, defs, Settings(shard=Shard(0, 2)))
    selected = job.asset_layer.selected_asset_keys
    assert names.CORPUS_TABLES not in selected and names.warehouse_table("entities") in selected
    assert partition is None  # NEWSFACTS_SHARDS unset: the assets are not partitioned
    whole, _ = run._job(dg, defs, Settings(shard=None))
    assert names.CORPUS_TABLES in whole.asset_layer.selected_asset_keys

import os
from pathlib import Path

import pytest
from _pytest.nodeid import NodeId

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


# The slowest test files as measured (`pytest --durations`), slowest first. loadgroup hands
# out work in collection order (`--no-loadscope-reorder` in pyproject.toml), so these start
# first and the quick tests fill in around them: a long test started last would leave the
# other worker idle until it ends.
SLOWEST_FIRST = (
    "tests/test_lake_end_to_end.py",
    "tests/warehouse/test_kill.py",
    "tests/test_end_to_end.py",  # with tests/test_dashboard.py, one group (seeds_run)
    "tests/test_dashboard.py",
    "tests/warehouse/test_shards.py",
    "tests/test_ui_browser.py",
    "tests/test_bad_inputs_end_to_end.py",
    "tests/test_ui.py",
    "tests/test_quarantine_end_to_end.py",
    "tests/test_lake_s3.py",
    "tests/warehouse/test_one_writer.py",
    "tests/warehouse/test_readers.py",
    "tests/test_dashboard_views.py",
    "tests/warehouse/test_lake.py",
    "tests/quality/test_validator.py",
)


def slowness_rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::")[0]
    return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)


def group_of(item: pytest.Item) -> str | None:
    """The tests that must run on one worker for the state they share to be built once.

    The run over the seeds (a fixture of the test asks for seeds_run), whose tests go on to
    edit its corpus; and a module's own module-scoped fixtures (a pipeline run, a webserver,
    a lake): spread over two workers, each would build them. The baseline of
    tests/pipeline_process.py needs no group: it is built once for both workers, under a lock.
    """
    if "seeds_run" in getattr(item, "fixturenames", ()):
        return "seeds_run"
    module = item.nodeid.split("::")[0]
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for definitions in fixtures.values():
        if definitions[-1].scope == "module" and definitions[-1].baseid == module:
            return module
    return None


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Slowest files first; then pytest-xdist's loadgroup keeps each group (group_of) on one
    worker. The marks go on before xdist's hook reads them; after it, each worker puts the
    group into the test ids itself: xdist 3.8 writes it to an attribute that pytest 9.2 no
    longer reads (``Node._nodeid``; the id is ``Node._id`` now), and its scheduler reads the
    group from the ids the workers collect."""
    items.sort(key=slowness_rank)  # stable: the collection order within a rank
    for item in items:
        if group := group_of(item):
            item.add_marker(pytest.mark.xdist_group(group))
    yield
    if os.environ.get("PYTEST_XDIST_WORKER") and getattr(config.option, "loadgroup", False):
        for item in items:
            if (group := group_of(item)) and not item.nodeid.endswith(f"@{group}"):
                item._id = NodeId.parse(f"{item.nodeid}@{group}")


@pytest.fixture(scope="session")
def nlp():
    """The configured model with the project's rules, loaded once for the whole session."""
    from pipelines.nlp.model import load_nlp
    from pipelines.settings import Settings

    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory):
    """Every asset materialized once over a copy of seeds/, for the whole session."""
    from seeds_run import seeds_run

    return seeds_run(tmp_path_factory.mktemp("seeds-run"))


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL started by pipelines/warehouse/postgres.py, for the lake tests."""
    from lake_db import postgres_cluster

    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def new_lake(postgres_cluster, tmp_path):
    """A lake of its own on the session's PostgreSQL: a new catalog, data in tmp_path."""
    return postgres_cluster.new_lake(tmp_path / "lake-data")

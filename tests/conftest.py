import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


def shared_run_of(item: pytest.Item) -> str | None:
    """The session-wide run a test reads, if any: the baseline of tests/pipeline_process.py
    (its module calls it) or the run over the seeds (a fixture of it asks for seeds_run)."""
    if "seeds_run" in getattr(item, "fixturenames", ()):
        return "seeds_run"
    module = getattr(item, "module", None)
    if getattr(getattr(module, "baseline", None), "__module__", None) == "pipeline_process":
        return "baseline"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks into the test ids
def pytest_collection_modifyitems(config, items):
    """pytest-xdist's loadgroup keeps the tests of one session-wide run on one worker, so that
    the run is made once: each worker has session fixtures of its own. (pytest-xdist 3.8 puts
    the group in a test id that pytest 9.2 no longer reads: the groups take effect once xdist
    follows; until then each worker makes the runs its tests read.)"""
    for item in items:
        if group := shared_run_of(item):
            item.add_marker(pytest.mark.xdist_group(group))


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

import os
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

# Test files that read one session-wide run, by the run: pytest-xdist's loadgroup keeps each
# group on one worker, so that the run is made once (a worker has session fixtures of its own).
SHARED_RUNS = {
    "baseline": (  # pipeline_process.baseline: two runs of the old, then the new corpus
        "tests/warehouse/test_readers.py",
        "tests/warehouse/test_kill.py",
        "tests/warehouse/test_views.py",
        "tests/warehouse/test_one_writer.py",
        "tests/test_dashboard_views.py",
        "tests/test_lake_end_to_end.py",
    ),
    "seeds_run": ("tests/test_end_to_end.py", "tests/test_dashboard.py"),
}
GROUP_OF_FILE = {path: group for group, paths in SHARED_RUNS.items() for path in paths}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = item.path.relative_to(REPO).as_posix()
        if path in GROUP_OF_FILE:
            item.add_marker(pytest.mark.xdist_group(GROUP_OF_FILE[path]))


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

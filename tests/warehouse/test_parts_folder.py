"""The folder of a run's extracted parts: removed after the run, and after a killed run."""

import os

from pipelines.warehouse.store import parts_folder


def test_parts_folder_is_removed_with_leftovers_of_dead_runs(tmp_path):
    work = tmp_path / "newsfacts.work.duckdb"
    dead = tmp_path / ".newsfacts.work.parts-999999999-x"  # no such process
    alive = tmp_path / f".newsfacts.work.parts-{os.getppid()}-y"  # a running process
    dead.mkdir()
    alive.mkdir()
    with parts_folder(work) as folder:
        (folder / "mentions").mkdir()
        assert folder.parent == tmp_path and folder.name.startswith(
            f".newsfacts.work.parts-{os.getpid()}-"
        )
        assert not dead.exists()
        assert alive.exists()
    assert not folder.exists()

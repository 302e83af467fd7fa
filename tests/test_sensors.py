"""The folder sensor asks for a run exactly when the articles folder changes."""

import os

import dagster as dg

from pipelines.definitions import defs
from pipelines.defs.resources import NewsfactsConfig
from pipelines.defs.sensors import articles_folder_changed


def evaluate(folder, cursor):
    context = dg.build_sensor_context(
        cursor=cursor,
        resources={"config": NewsfactsConfig(articles_dir=str(folder))},
        definitions=defs,
    )
    result = articles_folder_changed(context)
    return result, context.cursor


def test_a_run_when_a_file_is_added_or_edited_and_none_otherwise(tmp_path):
    (tmp_path / "a.txt").write_text("Officials said 40 advisers will stay.\n")
    first, cursor = evaluate(tmp_path, None)
    assert isinstance(first, dg.RunRequest)
    same, cursor_again = evaluate(tmp_path, cursor)
    assert isinstance(same, dg.SkipReason) and cursor_again == cursor

    (tmp_path / "b.txt").write_text("A second article.\n")
    added, cursor = evaluate(tmp_path, cursor)
    assert isinstance(added, dg.RunRequest) and added.run_key == cursor

    path = tmp_path / "a.txt"
    path.write_text("Officials said 45 advisers will stay.\n")
    os.utime(path, ns=(1, 10**18))
    edited, _ = evaluate(tmp_path, cursor)
    assert isinstance(edited, dg.RunRequest)


def test_ignored_files_do_not_trigger_runs(tmp_path):
    (tmp_path / "a.txt").write_text("An article.\n")
    _, cursor = evaluate(tmp_path, None)
    (tmp_path / "README.md").write_text("notes about this folder\n")
    result, _ = evaluate(tmp_path, cursor)
    assert isinstance(result, dg.SkipReason)


def test_no_run_request_while_a_run_holds_the_warehouse(tmp_path):
    from pipelines.warehouse.lock import writer_lock

    (tmp_path / "a.txt").write_text("An article.\n")
    config = NewsfactsConfig(articles_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb"))
    context = dg.build_sensor_context(cursor=None, resources={"config": config}, definitions=defs)
    with writer_lock(config.settings().work_database, 0, print):
        busy = articles_folder_changed(context)
    assert isinstance(busy, dg.SkipReason) and "is loading the warehouse" in busy.skip_message
    assert context.cursor is None  # the change is still to be run
    assert isinstance(articles_folder_changed(context), dg.RunRequest)

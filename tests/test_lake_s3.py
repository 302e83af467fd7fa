"""Lake mode with an s3:// data folder: a real run (`python -m pipelines.run`) writes its
Parquet files to an S3-compatible server (moto's, on a local port) through DuckDB's httpfs,
configured by the AWS variables a deployment sets; a reader attached read-only sees them."""

import duckdb
import pytest
from lake_db import s3_server
from pipeline_process import Layout, RunningPipeline, broken_invariants, run_pipeline

from pipelines.warehouse import lake

ARTICLES = {
    "visit.txt": "Biden visits Ohio\n\nBiden met factory workers in Ohio on Monday. He said "
    "the plant would hire 300 people.\n",
    "senate.txt": "Biden addresses the Senate\n\nPresident Joe Biden told the Senate on "
    "Tuesday that the plan would cost $2 billion.\n",
    "markets.txt": "Oil rises\n\nOil prices rose 4% in London on Wednesday, to $71 a barrel, "
    "after OPEC cut output by 2 million barrels a day.\n",
}
COUNTED = ("articles", "sentences", "entity_mentions", "numeric_facts", "entities")
BUCKET = "newsfacts-lake"


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED}


@pytest.fixture(scope="module")
def s3():
    with s3_server() as server:
        server.client.create_bucket(Bucket=BUCKET)
        yield server


def test_a_lake_run_writes_its_parquet_files_to_s3_and_a_reader_sees_them(
    postgres_cluster, s3, tmp_path, monkeypatch
):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    # the file-mode run the lake must match, at the same time as the lake run (the test's time)
    file_mode = Layout(tmp_path / "file", articles=articles)
    reference = RunningPipeline(file_mode)
    target = postgres_cluster.new_lake(f"s3://{BUCKET}/newsfacts")
    layout = Layout(tmp_path / "lake", articles=articles)
    output = run_pipeline(layout, **postgres_cluster.env(target), **s3.env())
    assert "committed to the lake" in output
    assert reference.process.wait(timeout=240) == 0, reference.drain()[-3000:]
    with duckdb.connect(str(file_mode.warehouse), read_only=True) as con:
        expected = _counts(con)

    parquet = [key for key in s3.keys(BUCKET) if key.endswith(".parquet")]
    assert parquet and all(key.startswith("newsfacts/") for key in parquet)
    # the rows are in the bucket: nothing of the lake was written beside the run
    assert not layout.warehouse.parent.exists() or not list(layout.warehouse.parent.iterdir())

    # a reader configured the way the writer was, by the same variables
    for variable, value in s3.env().items():
        monkeypatch.setenv(variable, value)
    with lake.open_lake(target, read_only=True) as con:
        assert _counts(con) == expected
        assert broken_invariants(con) == {}
        files = con.execute(
            "select count(*) from ducklake_list_files('newsfacts', 'entity_mentions') "
            f"where data_file like 's3://{BUCKET}/newsfacts/%'"
        ).fetchone()[0]
        assert files > 0
    assert expected["entity_mentions"] > 0 and expected["numeric_facts"] > 0


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000/", "AWS_ACCESS_KEY_ID": "k"},
            "type s3, key_id 'k', endpoint '127.0.0.1:9000', use_ssl false, url_style 'path'",
        ),
        (
            {"AWS_ENDPOINT_URL_S3": "https://s3.example.org", "NEWSFACTS_S3_URL_STYLE": "vhost"},
            "type s3, endpoint 's3.example.org', url_style 'vhost'",
        ),
        ({"AWS_DEFAULT_REGION": "eu-west-1"}, "type s3, region 'eu-west-1'"),
        ({"AWS_SECRET_ACCESS_KEY": "it's"}, "type s3, secret 'it''s'"),
    ],
)
def test_the_s3_secret_comes_from_the_aws_variables(environ, expected):
    assert lake.s3_secret_options(environ) == expected


def test_an_unknown_url_style_names_the_variable_and_the_choices():
    with pytest.raises(ValueError, match=r"NEWSFACTS_S3_URL_STYLE='virtual': use path .* or vhost"):
        lake.s3_secret_options({"NEWSFACTS_S3_URL_STYLE": "virtual"})

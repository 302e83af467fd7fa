"""Inputs built to break a reader: each ends as an article (with a note) or a rejection
whose reason names the problem and the fix, never an exception out of the scan."""

import json
import os
import threading

import pytest

from pipelines.ingest import IngestOptions, ingest_folder
from pipelines.ingest.discovery import discover
from pipelines.ingest.load import READER_FAILED, read_input
from pipelines.ingest.records import MAX_JSON_DEPTH, json_depth

GOOD = "Ryanair added 12 routes from Dublin, the airline said on Monday."
DEEP = 100_000


def scan(folder, options=None):
    report = ingest_folder(folder, options or IngestOptions())
    assert report.unaccounted() == []
    assert not any(READER_FAILED in reason for reason in report.rejected["reason"])
    articles = {row["source"]: row for row in report.articles.to_dicts()}
    return articles, dict(report.rejected.select("source", "reason").iter_rows())


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "deep.json",
            '{"text": "x", "data": ' + "[" * DEEP + "]" * DEEP + "}",
            f"JSON nested {DEEP + 1} levels deep (the limit is {MAX_JSON_DEPTH})",
        ),
        ("unclosed.json", "[" * DEEP, f"JSON nested {DEEP} levels deep"),
        ("deep.jsonl", '{"text": ' + "[" * DEEP + "}", "JSON nested"),
        (
            "huge-number.json",
            '{"text": "Rates rose.", "count": ' + "9" * 5000 + "}",
            "JSON with a value Python cannot read (Exceeds the limit (4300 digits)",
        ),
        ("float-text.json", '{"text": 1e999}', '"text" is a number, not a string'),
        (
            "front-matter-only.md",
            "---\ntitle: Budget\ndate: 2024-02-30\n---\n",
            "front matter and no article text after it",
        ),
        (
            "markup-only.md",
            "---\ntitle: Budget\n---\n\n---\n***\n#\n",
            "no text: the body is empty once front matter, markup and whitespace",
        ),
        ("punctuation.txt", "....\n---\n", "no text: the body is empty"),
        ("no-words.json", json.dumps({"text": " -- \n ** "}), "no text: the body is empty"),
    ],
)
def test_input_is_rejected_with_its_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content)
    (tmp_path / "good.txt").write_text(GOOD)
    articles, rejected = scan(tmp_path)
    assert list(articles) == ["good.txt"]
    source = next(iter(rejected))
    assert source.split("#")[0] == name and reason in rejected[source]


def test_brackets_inside_strings_are_not_nesting():
    assert json_depth('{"text": "[[[[{{{{ not nesting ]]]", "a": [[1], {"b": 2}]}') == 3
    assert json_depth('{"text": "a \\" quote [[[["}') == 1
    assert json_depth("42") == 0


def test_a_record_just_under_the_depth_limit_loads(tmp_path):
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    (tmp_path / "nested.json").write_text(f'{{"text": "{GOOD}", "data": {nested}}}')
    articles, rejected = scan(tmp_path)
    assert list(articles) == ["nested.json"] and not rejected


def test_lone_surrogates_are_replaced_and_noted(tmp_path):
    (tmp_path / "one.json").write_text(
        '{"text": "Troops \\ud800 arrived in 3 towns.", "title": "Iraq \\udfff", '
        '"url": "https://example.org/\\ud83d\\ude00"}'
    )
    (tmp_path / "feed.jsonl").write_text('{"\\udc00": 1}\n')
    articles, rejected = scan(tmp_path)
    row = articles["one.json"]
    assert row["body"] == "Troops \ufffd arrived in 3 towns." and row["title"] == "Iraq \ufffd"
    assert row["url"] == "https://example.org/\U0001f600"  # a proper pair is kept
    assert "text: 1 lone surrogate escapes" in row["note"] and "title: 1" in row["note"]
    assert "its fields: \ufffd" in rejected["feed.jsonl#1"]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "true", "{}"])
def test_fields_of_the_wrong_json_type_are_left_empty(tmp_path, value):
    (tmp_path / "one.json").write_text(f'{{"text": "{GOOD}", "title": {value}, "url": {value}}}')
    articles, _ = scan(tmp_path)
    row = articles["one.json"]
    assert row["title"] is None and row["url"] is None and "not a string" in row["note"]


def test_html_over_the_parse_time_limit_is_rejected_with_the_limit(tmp_path):
    paragraphs = "".join(f"<p>{GOOD} Paragraph {n}.</p>" for n in range(2000))
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    (tmp_path / "slow.html").write_text(page)
    articles, rejected = scan(tmp_path, IngestOptions(html_parse_seconds=0.001))
    assert not articles
    assert "took more than 0.001 s of CPU time, the per-file limit" in rejected["slow.html"]
    articles, rejected = scan(tmp_path)
    assert list(articles) == ["slow.html"] and not rejected


def test_keys_given_twice_use_the_last_value_and_are_noted(tmp_path):
    (tmp_path / "twice.json").write_text(
        f'{{"text": "draft", "title": "Old", "text": "{GOOD}", "title": "Routes"}}'
    )
    articles, _ = scan(tmp_path)
    row = articles["twice.json"]
    assert row["body"] == GOOD and row["title"] == "Routes"
    assert "keys given more than once (text, title): the last value" in row["note"]


def _replace_with_fifo(path):
    path.unlink()
    os.mkfifo(path)


def _replace_with_folder(path):
    path.unlink()
    path.mkdir()


def _grow_past_the_limit(path):
    path.write_text(GOOD * 100)


@pytest.mark.parametrize("name", ["story.txt", "feed.jsonl"])
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_replace_with_fifo, "changed while it was read: it is now a FIFO"),
        (lambda path: path.unlink(), "cannot read the file (No such file or directory)"),
        (_replace_with_folder, "changed while it was read: it is now a folder"),
        (_grow_past_the_limit, "over the"),
    ],
)
def test_a_file_changed_between_the_listing_and_the_read_is_rejected(
    tmp_path, name, change, reason
):
    path = tmp_path / name
    path.write_text(json.dumps({"text": GOOD}) if name.endswith("jsonl") else GOOD)
    options = IngestOptions(max_article_bytes=1000)
    [item] = discover(tmp_path, options)
    change(path)
    # a FIFO opened the plain way would wait for a writer forever: read in a thread and
    # give up after 10 s
    results = []
    reader = threading.Thread(target=lambda: results.extend(read_input(item, options)))
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "the read of a file replaced by a FIFO blocked"
    [result] = results
    assert result.reason.startswith(f"{name}") and reason in result.reason

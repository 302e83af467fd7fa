"""load_articles end to end: the fixture corpus, every bad input, the seeds, ids and hashes."""

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from pipelines import schema
from pipelines.ingest import IngestOptions, ingest_folder, load_articles

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
CORPUS = REPO / "tests" / "data" / "ingest" / "articles"
CP1252 = "Café owners in Zürich said prices rose 5% – to €3.20 – in the week to 4 May.\n"


def seed(relative: str) -> str:
    return (SEEDS / relative).read_text(encoding="utf-8")


def by_source(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["source"]: row for row in frame.to_dicts()}


@pytest.fixture(scope="module")
def corpus():
    articles, rejected = load_articles(CORPUS)
    return by_source(articles), rejected


@pytest.mark.parametrize(
    ("source", "fmt", "title", "published_at", "url"),
    [
        (
            "world/storm-reuters.txt",
            "txt",
            "Storm leaves 40,000 homes without power in Virginia",
            datetime(2020, 3, 2),
            None,
        ),
        (
            "world/flood-monday.txt",
            "txt",
            "River Severn floods reach record level",
            datetime(2020, 3, 2),
            None,
        ),
        ("budget talks.md", "md", "Council agrees €3.2 million budget for new schools", None, None),
        (
            "election-frontmatter.md",
            "md",
            "Turnout rises to 67% in regional election",
            datetime(2019, 11, 14, 17, 30),
            "https://news.example.org/2019/turnout",
        ),
        (
            "port-strike.html",
            "html",
            "Dock workers end 10-day strike at Rotterdam port",
            datetime(2022, 6, 17, 9, 15),
            "https://harbour.example.com/2022/06/rotterdam-strike",
        ),
        (
            "wire.jsonl#1",
            "jsonl",
            "Wheat prices climb 6% after poor harvest forecast",
            datetime(2023, 8, 4, 7),
            "https://wire.example.net/a/1001",
        ),
        (
            "wire.jsonl#2",
            "jsonl",
            "Airline adds 12 routes",
            None,
            "https://wire.example.net/a/1002",
        ),
        ("bulletins.json#1", "json", "Bridge closed for repairs", None, None),
        ("bulletins.json#2", "json", "Library reopens", datetime(2024, 5, 11), None),
    ],
)
def test_each_format_gives_its_title_date_and_url(corpus, source, fmt, title, published_at, url):
    articles, rejected = corpus
    row = articles[source]
    assert (row["format"], row["title"], row["published_at"], row["url"]) == (
        fmt,
        title,
        published_at,
        url,
    )
    assert rejected.is_empty()


def test_bodies_hold_the_text_and_nothing_of_the_page_around_it(corpus):
    articles, _ = corpus
    html = articles["port-strike.html"]["body"]
    assert "120 container ships" in html and "14.5 million containers" in html
    assert "Privacy" not in html and "All rights reserved" not in html
    assert articles["world/storm-reuters.txt"]["body"].startswith("Storm leaves 40,000 homes")
    front_matter = articles["election-frontmatter.md"]
    assert front_matter["body"].startswith("Turnout in the regional election rose")
    assert "front matter" in front_matter["note"]
    assert articles["budget talks.md"]["body"].startswith("# Council agrees")


def test_ids_and_hashes(corpus):
    articles, _ = corpus
    for row in articles.values():
        assert len(row["article_id"]) == 16 and row["article_id"].startswith("a")
        assert row["content_sha256"] == hashlib.sha256(row["body"].encode()).hexdigest()
    expected = "a" + hashlib.sha256(b"source:world/storm-reuters.txt").hexdigest()[:15]
    assert articles["world/storm-reuters.txt"]["article_id"] == expected
    # a record with a URL keeps its id when lines move
    by_url = "a" + hashlib.sha256(b"url:https://wire.example.net/a/1002").hexdigest()[:15]
    assert articles["wire.jsonl#2"]["article_id"] == by_url


def test_frames_follow_the_schemas_and_are_deterministic():
    first = load_articles(CORPUS)
    second = load_articles(CORPUS)
    assert dict(first[0].schema) == schema.ARTICLES
    assert dict(first[1].schema) == schema.REJECTED_INPUTS
    assert first[0].equals(second[0])
    assert first[0]["source"].to_list() == sorted(first[0]["source"].to_list())


def test_line_endings_become_newlines_and_a_bom_is_removed(tmp_path):
    (tmp_path / "windows.txt").write_bytes(
        b"\xef\xbb\xbfPort reopens\r\n\r\nShips sailed on Monday.\r\n"
    )
    articles, _ = load_articles(tmp_path)
    row = articles.row(0, named=True)
    assert row["body"] == "Port reopens\n\nShips sailed on Monday.\n"
    assert row["title"] == "Port reopens"
    assert row["note"] == "UTF-8 byte-order mark removed"


def test_duplicates_keep_both_rows_and_point_at_the_first(tmp_path):
    text = seed("wikinews-gum/GUM_news_korea.txt")
    (tmp_path / "b-copy.txt").write_text(text)
    (tmp_path / "a-original.txt").write_text(text)
    (tmp_path / "c-feed.jsonl").write_text(json.dumps({"text": text, "url": "https://k.example/1"}))
    articles = by_source(load_articles(tmp_path)[0])
    first = articles["a-original.txt"]
    assert first["duplicate_of"] is None and first["note"] is None
    for source in ("b-copy.txt", "c-feed.jsonl#1"):
        assert articles[source]["duplicate_of"] == first["article_id"]
        assert articles[source]["note"] == (
            "duplicate, same text as a-original.txt: facts counted once"
        )


def test_records_with_one_url_keep_unique_ids(tmp_path):
    lines = [{"url": "https://x.example/1", "text": f"Version {n} of the story."} for n in (1, 2)]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines))
    articles = load_articles(tmp_path)[0]
    assert articles["article_id"].n_unique() == 2
    assert "same url as feed.jsonl#1" in articles["note"][1]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"title": "cut off", "text": "The army sent 300', "not valid JSON at column"),
        (
            '{"title": "no text", "url": "https://example.org/x"}',
            'no "text" or "body" field (its fields: title, url)',
        ),
        ('{"text": ["a", "list"]}', '"text" is a list, not a string'),
        ('{"text": "   "}', '"text" is empty'),
        ('["not", "an", "object"]', "record is a list, not an object"),
        ("42", "record is a number, not an object"),
        ("null", "record is null, not an object"),
        ('{"text": null}', '"text" is null, not a string'),
        ('{"text": {"en": "Rates rose."}}', '"text" is an object, not a string'),
        ('{"text": 12.5}', '"text" is a number, not a string'),
    ],
)
def test_a_bad_jsonl_line_is_rejected_and_the_good_lines_load(tmp_path, line, reason):
    good = json.dumps({"text": "Ryanair added 12 routes from Dublin.", "title": "Routes"})
    (tmp_path / "feed.jsonl").write_text(f"{good}\n\n{line}\n{good.replace('12', '14')}\n")
    articles, rejected = load_articles(tmp_path)
    assert articles["source"].to_list() == ["feed.jsonl#1", "feed.jsonl#4"]
    assert rejected["source"].to_list() == ["feed.jsonl#3"]
    assert rejected["reason"][0].startswith("feed.jsonl#3: ") and reason in rejected["reason"][0]


def test_json_record_fields_that_are_not_usable_are_noted(tmp_path):
    record = {"text": "Rates rose.", "title": 7, "published_at": "next Tuesday"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    row = load_articles(tmp_path)[0].row(0, named=True)
    assert row["source"] == "one.json" and row["title"] is None and row["published_at"] is None
    assert "title is a number" in row["note"] and "'next Tuesday' is not a date" in row["note"]


def test_jsonl_line_over_the_limit_is_rejected_alone(tmp_path):
    long = json.dumps({"text": "word " * 400})
    short = json.dumps({"text": "A short report on the harbour."})
    (tmp_path / "feed.jsonl").write_text(f"{short}\n{long}\n{short.replace('short', 'brief')}\n")
    articles, rejected = load_articles(tmp_path, IngestOptions(max_article_bytes=1000))
    assert articles["source"].to_list() == ["feed.jsonl#1", "feed.jsonl#3"]
    assert rejected["source"].to_list() == ["feed.jsonl#2"]
    assert "over the 1000 bytes article limit" in rejected["reason"][0]


def build_bad_inputs(root: Path, outside: Path) -> dict[str, str]:
    """Every kind of bad input; returns file -> "article", "rejected" or "both"."""
    shutil.copyfile(SEEDS / "iraq-withdrawal.txt", root / "iraq-withdrawal.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_bytes(b"  \n\t\r\n   \n")
    (root / "bom-only.txt").write_bytes(b"\xef\xbb\xbf")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (root / "nul.md").write_bytes(b"Some text\x00\x00\x00 then zeros")
    (root / "stray-bytes.txt").write_bytes(b"Rebels took 3 towns \x81\x8d near Goma on Monday.\n")
    (root / "undecodable.txt").write_bytes(b"Report " + b"\x81\x8d\x8f\x90\x9d" * 20)
    (root / "cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (root / "bom.txt").write_bytes(
        b"\xef\xbb\xbf" + seed("wikinews-gum/GUM_news_flag.txt").encode()
    )
    with (root / "huge.txt").open("wb") as handle:
        handle.write(b"The council approved 12 new schools.\n")
        handle.truncate(50 * 1024 * 1024)  # sparse: must be rejected, never read
    (root / "nobody.html").write_text(
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/world'>World</a></nav></body></html>"
    )
    good = {"title": "Stampede", "text": seed("wikinews-gum/GUM_news_stampede.txt")}
    (root / "feed.jsonl").write_text(
        json.dumps(good) + '\n{"text": "cut off\n' + json.dumps({"title": "no text"}) + "\n"
    )
    (root / "record.json").write_text(json.dumps({"title": "A headline and nothing else"}))
    (root / "broken.json").write_text('{"text": "missing brace"')
    duplicate = seed("wikinews-gum/GUM_news_korea.txt")
    (root / "dup one.txt").write_text(duplicate)
    (root / "dup-two.txt").write_text(duplicate)
    outside.mkdir()
    (outside / "elsewhere.txt").write_text(seed("wikinews-gum/GUM_news_asylum.txt"))
    (root / "linked.txt").symlink_to(outside / "elsewhere.txt")
    (root / "dangling.txt").symlink_to(outside / "gone.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "spaces in name.txt").write_text(seed("wikinews-gum/GUM_news_imprisoned.txt"))
    (root / "Nachrichten").mkdir()
    (root / "Nachrichten" / "über Zürich – ärger.md").write_text(
        seed("wikinews-gum/GUM_news_expo.txt")
    )
    (root / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "README.md").write_text("How this folder is organised.\n")  # ignored: not an input
    expected = {
        "iraq-withdrawal.txt": "article",
        "stray-bytes.txt": "article",
        "cp1252.txt": "article",
        "bom.txt": "article",
        "dup one.txt": "article",
        "dup-two.txt": "article",
        "linked.txt": "article",
        "spaces in name.txt": "article",
        "Nachrichten/über Zürich – ärger.md": "article",
        "feed.jsonl": "both",
    }
    for name in [
        "empty.txt",
        "whitespace.txt",
        "bom-only.txt",
        "binary.txt",
        "nul.md",
        "undecodable.txt",
        "huge.txt",
        "nobody.html",
        "record.json",
        "broken.json",
        "dangling.txt",
        "loop.txt",
        "pipe.txt",
        "scan.pdf",
    ]:
        expected[name] = "rejected"
    if Path("/proc/self/mem").exists():
        # a real read error: /proc/self/mem fails with EIO when read from its start
        (root / "unreadable.txt").symlink_to("/proc/self/mem")
        expected["unreadable.txt"] = "rejected"
    return expected


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    base = tmp_path_factory.mktemp("bad-inputs")
    root = base / "articles"
    root.mkdir()
    expected = build_bad_inputs(root, base / "outside")
    opened = []
    original = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.path.basename(path))
        return original(path, *args, **kwargs)

    os.open = spy  # the readers open files with os.open (without blocking, see open_regular)
    try:
        report = ingest_folder(root)
    finally:
        os.open = original
    return expected, report, opened


def outcomes(report) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for frame, outcome in ((report.articles, "article"), (report.rejected, "rejected")):
        for source in frame["source"]:
            found.setdefault(source.split("#")[0], set()).add(outcome)
    return found


def test_every_input_is_accounted_for(bad_inputs):
    expected, report, _ = bad_inputs
    want = {name: {"article", "rejected"} if o == "both" else {o} for name, o in expected.items()}
    assert outcomes(report) == want
    assert sorted(report.inputs) == sorted(expected)  # README.md is ignored, not an input
    assert report.unaccounted() == []


REASONS = {
    "empty.txt": "empty file (0 bytes)",
    "whitespace.txt": "only whitespace",
    "bom-only.txt": "only whitespace",
    "binary.txt": "binary file (a PNG image)",
    "nul.md": "binary data (NUL bytes)",
    "undecodable.txt": "not valid UTF-8 at byte 7 (tried utf-8, cp1252",
    "huge.txt": "is 50.0 MB, over the 20.0 MB article limit",
    "nobody.html": "no article text found in the HTML",
    "record.json": 'record has no "text" or "body" field',
    "broken.json": "not valid JSON at line 1",
    "feed.jsonl#2": "not valid JSON at column",
    "feed.jsonl#3": 'record has no "text" or "body" field',
    "dangling.txt": "broken symbolic link to",
    "loop.txt": "cannot follow the symbolic link",
    "pipe.txt": "not a regular file (a FIFO)",
    "scan.pdf": "unsupported extension .pdf",
    "unreadable.txt": "cannot read the file (Input/output error)",
}


def test_each_rejection_names_the_file_what_is_wrong_and_the_fix(bad_inputs):
    _, report, _ = bad_inputs
    reasons = dict(zip(report.rejected["source"], report.rejected["reason"], strict=True))
    assert set(reasons) <= set(REASONS)
    for source, reason in reasons.items():
        assert reason.startswith(f"{source}: {REASONS[source]}"), reason
        fix = reason.rsplit(": ", 1)[1]
        assert len(fix.split()) >= 3, f"no fix in: {reason}"


def test_the_huge_file_is_never_opened(bad_inputs):
    _, _, opened = bad_inputs
    assert "huge.txt" not in opened and "pipe.txt" not in opened
    assert "iraq-withdrawal.txt" in opened  # the spy does see reads


def test_good_articles_are_intact_and_recovered_text_is_noted(bad_inputs):
    _, report, _ = bad_inputs
    articles = by_source(report.articles)
    assert articles["iraq-withdrawal.txt"]["body"] == seed("iraq-withdrawal.txt")
    assert articles["spaces in name.txt"]["body"] == seed("wikinews-gum/GUM_news_imprisoned.txt")
    assert articles["Nachrichten/über Zürich – ärger.md"]["title"] == (
        "Pop culture celebrated at Fan Expo Canada 2016 in Toronto"
    )
    assert articles["linked.txt"]["body"] == seed("wikinews-gum/GUM_news_asylum.txt")
    assert articles["cp1252.txt"]["body"] == CP1252 and "cp1252" in articles["cp1252.txt"]["note"]
    stray = articles["stray-bytes.txt"]
    assert "near Goma" in stray["body"] and "2 undecodable bytes" in stray["note"]
    bom = articles["bom.txt"]
    assert (
        bom["body"] == seed("wikinews-gum/GUM_news_flag.txt") and "byte-order mark" in bom["note"]
    )
    assert articles["feed.jsonl#1"]["title"] == "Stampede"
    assert articles["dup-two.txt"]["duplicate_of"] == articles["dup one.txt"]["article_id"]


def test_detected_at_is_one_utc_time_for_the_run(bad_inputs):
    _, report, _ = bad_inputs
    times = report.rejected["detected_at"].unique()
    now = datetime.now(UTC).replace(tzinfo=None)
    assert len(times) == 1 and now - timedelta(minutes=5) < times[0] <= now


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file anyway")
def test_a_file_without_read_permission_is_rejected(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("Port reopens\n\nShips sailed.\n")
    locked.chmod(0)
    _, rejected = load_articles(tmp_path)
    assert rejected["reason"][0].startswith("locked.txt: cannot read the file (Permission denied)")


def test_seeds_load_whole_with_titles_and_dates():
    articles, rejected = load_articles(SEEDS)
    assert rejected.is_empty()
    assert articles.height == 25
    gum = articles.filter(pl.col("source").str.starts_with("wikinews-gum/"))
    assert gum.height == 24
    assert gum["title"].null_count() == 0 and gum["published_at"].null_count() == 0
    rows = by_source(articles)
    afghan = rows["wikinews-gum/GUM_news_afghan.txt"]
    assert afghan["title"].startswith("After visa snags, all-girl Afghan team honored")
    assert afghan["published_at"] == datetime(2017, 7, 21)
    # the opening "Thursday, May 7, 2015 On Tuesday, ..." runs into the paragraph
    assert rows["wikinews-gum/GUM_news_flag.txt"]["published_at"] == datetime(2015, 5, 7)
    # the seed article opens with a sentence, not a headline, and has no dateline
    iraq = rows["iraq-withdrawal.txt"]
    assert iraq["title"] is None and iraq["published_at"] is None
    assert iraq["body"] == seed("iraq-withdrawal.txt")
    assert articles["duplicate_of"].null_count() == 25


def test_options_are_checked():
    with pytest.raises(ValueError, match=r"no reader for \['.pdf'\]"):
        IngestOptions(extensions=(".txt", ".pdf"))
    with pytest.raises(NotADirectoryError):
        load_articles(CORPUS / "missing")


def test_an_html_page_in_its_declared_charset_loads(tmp_path):
    text = "Москва объявила о новых мерах поддержки для малого бизнеса в понедельник."
    page = f'<html><head><meta charset="koi8-r"></head><body><article><p>{text}</p></article>'
    (tmp_path / "moscow.html").write_bytes(page.encode("koi8-r"))
    row = load_articles(tmp_path)[0].row(0, named=True)
    assert text in row["body"] and row["note"] == "decoded as koi8-r, the charset the file declares"

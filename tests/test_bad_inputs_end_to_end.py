"""Every bad input a scraper produces, through the whole pipeline into DuckDB: the run
succeeds, every input is accounted for, each rejection names its file, no good article is
lost, and duplicates keep both sources with their facts counted once."""

import json
import os
import shutil

import duckdb
import pytest
from pipeline_process import SEEDS, Layout, broken_invariants, run_pipeline

GOOD_SEEDS = {
    "iraq-withdrawal.txt": "iraq-withdrawal.txt",
    "GUM_news_crane.txt": "wikinews-gum/GUM_news_crane.txt",
}
CP1252 = "Café owners in Zürich said prices rose 5% – to €3.20 – in the week to 4 May.\n"
SPACES = "news from the coast with spaces.txt"
NON_ASCII = "Nachrichten/über Zürich – ärger.txt"
BIG_BYTES = 50 * 1024 * 1024


def seed_text(relative: str) -> str:
    return (SEEDS / relative).read_text(encoding="utf-8")


def build_folder(layout: Layout, outside) -> dict[str, str]:
    """Write every case; returns input file -> what must become of it."""
    root = layout.articles
    for name, relative in GOOD_SEEDS.items():
        shutil.copyfile(SEEDS / relative, root / name)
    (root / "empty.txt").write_bytes(b"")
    (root / "whitespace.txt").write_bytes(b"  \n\t\r\n   \n")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (root / "invalid-utf8.txt").write_bytes(
        b"Rebels took 3 towns \x81\x8d near Goma, officials said on Monday.\n"
    )
    (root / "cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    (root / "bom.txt").write_bytes(
        b"\xef\xbb\xbf" + seed_text("wikinews-gum/GUM_news_flag.txt").encode("utf-8")
    )
    # 50 MB by its size, sparse on disk: ingestion must reject it without reading it whole
    with (root / "huge.txt").open("wb") as handle:
        handle.write(b"The council approved 12 new schools.\n")
        handle.truncate(BIG_BYTES)
    (root / "nobody.html").write_text(
        "<html><head><title>Menu</title></head><body><nav></nav></body></html>"
    )
    good_record = {"title": "Stampede", "text": seed_text("wikinews-gum/GUM_news_stampede.txt")}
    (root / "feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps(good_record),
                '{"title": "cut off", "text": "The army sent 300',
                json.dumps({"title": "no text here", "url": "https://example.org/x"}),
                json.dumps({"body": seed_text("wikinews-gum/GUM_news_worship.txt")}),
            ]
        )
        + "\n"
    )
    (root / "record.json").write_text(json.dumps({"title": "A headline and nothing else"}))
    duplicate = seed_text("wikinews-gum/GUM_news_korea.txt")
    (root / "dup one.txt").write_text(duplicate)
    (root / "dup-two.txt").write_text(duplicate)
    outside.mkdir()
    (outside / "elsewhere.txt").write_text(seed_text("wikinews-gum/GUM_news_asylum.txt"))
    (root / "linked.txt").symlink_to(outside / "elsewhere.txt")
    (root / "dangling.txt").symlink_to(outside / "gone.txt")
    os.mkfifo(root / "pipe.txt")  # opening it would block: must be reported, not read
    locked = root / "locked.txt"
    locked.write_text(seed_text("wikinews-gum/GUM_news_crane.txt").replace("crane", "hoist"))
    locked.chmod(0)
    (root / SPACES).write_text(seed_text("wikinews-gum/GUM_news_imprisoned.txt"))
    (root / NON_ASCII).parent.mkdir()
    (root / NON_ASCII).write_text(seed_text("wikinews-gum/GUM_news_expo.txt"))
    (root / "scan.pdf").write_bytes(b"%PDF-1.4\n")

    # root reads a mode-000 file anyway; anyone else gets a permission error
    locked_outcome = "article" if os.geteuid() == 0 else "rejected"
    return {
        **dict.fromkeys(GOOD_SEEDS, "article"),
        **dict.fromkeys(["empty.txt", "whitespace.txt", "binary.txt", "huge.txt"], "rejected"),
        **dict.fromkeys(["nobody.html", "record.json", "dangling.txt", "pipe.txt"], "rejected"),
        "scan.pdf": "rejected",
        "invalid-utf8.txt": "article",
        "cp1252.txt": "article",
        "bom.txt": "article",
        "feed.jsonl": "both",
        "dup one.txt": "article",
        "dup-two.txt": "article",
        "linked.txt": "article",
        "locked.txt": locked_outcome,
        SPACES: "article",
        NON_ASCII: "article",
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-inputs")
    layout = Layout(root)
    expected = build_folder(layout, root / "outside")
    output = run_pipeline(layout)
    with duckdb.connect(str(layout.warehouse), read_only=True) as con:
        articles = {
            row[0]: row
            for row in con.execute(
                "select source, article_id, body, note, duplicate_of, "
                "(select count(*) from numeric_facts f where f.article_id = a.article_id), "
                "(select count(*) from entity_mentions m where m.article_id = a.article_id) "
                "from articles a"
            ).fetchall()
        }
        rejected = dict(con.execute("select source, reason from rejected_inputs").fetchall())
        broken = broken_invariants(con)
    return expected, output, articles, rejected, broken


def file_of(source: str) -> str:
    return source.split("#")[0]


def test_run_succeeds_and_the_warehouse_is_consistent(run):
    _, output, _, _, broken = run
    assert "newsfacts run succeeded" in output
    assert broken == {}


def test_every_input_is_accounted_for(run):
    expected, _, articles, rejected, _ = run
    outcome = {}
    for source in articles:
        outcome.setdefault(file_of(source), set()).add("article")
    for source in rejected:
        outcome.setdefault(file_of(source), set()).add("rejected")
    assert set(outcome) == set(expected)
    want = {name: {"article", "rejected"} if o == "both" else {o} for name, o in expected.items()}
    assert outcome == want


def test_each_rejection_names_its_file_and_a_fix(run):
    _, _, _, rejected, _ = run
    for source, reason in rejected.items():
        assert reason.startswith(f"{source}: "), reason
        assert len(reason) > len(source) + 20, reason
    assert "limit" in rejected["huge.txt"] and "NEWSFACTS_MAX_ARTICLE_BYTES" in rejected["huge.txt"]
    assert "FIFO" in rejected["pipe.txt"]
    assert "link" in rejected["dangling.txt"]


def test_jsonl_keeps_its_good_lines(run):
    _, _, articles, rejected, _ = run
    good = [a for s, a in articles.items() if file_of(s) == "feed.jsonl"]
    assert len(good) == 2 and all(a[6] > 0 for a in good)
    assert len([s for s in rejected if file_of(s) == "feed.jsonl"]) == 2


def test_no_good_article_is_lost(run):
    expected, _, articles, _, _ = run
    good = [name for name, outcome in expected.items() if outcome == "article"]
    for name in good:
        source, _, _, _, duplicate_of, _, mentions = articles[name]
        if duplicate_of is None and name not in ("invalid-utf8.txt", "cp1252.txt"):
            assert mentions > 0, f"{name}: loaded without any entity mention"


def test_recovered_text_is_decoded_and_noted(run):
    _, _, articles, _, _ = run
    body, note = articles["cp1252.txt"][2], articles["cp1252.txt"][3]
    assert "Zürich" in body and "€3.20" in body and note
    body, note = articles["bom.txt"][2], articles["bom.txt"][3]
    assert not body.startswith("\ufeff") and "BOM" in note.upper().replace("BYTE-ORDER MARK", "BOM")
    assert "Goma" in articles["invalid-utf8.txt"][2] and articles["invalid-utf8.txt"][3]


def test_duplicates_keep_both_sources_and_count_facts_once(run):
    _, _, articles, _, _ = run
    one, two = articles["dup one.txt"], articles["dup-two.txt"]
    first, second = (one, two) if one[4] is None else (two, one)
    assert first[4] is None and second[4] == first[1]
    assert second[3] and "duplicate" in second[3].lower()
    assert first[5] > 0 and first[6] > 0
    assert (second[5], second[6]) == (0, 0)

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
DEEP = 100_000
LONG_RECORD_CHARS = 2_700_000
LONG_LINE_CHARS = 3_000_000


def long_text(size: int) -> str:
    """``size`` characters without a line break: a news sentence every 20 KB among long
    identifiers, so the model has little to do (the memory of real text is measured by
    `make bench`) while the text is cut at sentence ends and spaces, and the rows of a long
    body are sliced (the sentence holds 2- and 3-byte characters)."""
    sentence = (
        "Zürich’s council approved 12 new schools for €3.2 million, Mayor Corine Mauch said. "
    )
    unit = sentence + " ".join(["ref:" + "ab12" * 500] * 10) + " "
    return (unit * (size // len(unit) + 1))[:size]


def build_nasty_cases(root) -> dict[str, str]:
    """Inputs built to break a reader or exhaust a run; returns file -> what must become of it."""
    (root / "deep.json").write_text('{"text": "x", "data": ' + "[" * DEEP + "]" * DEEP + "}")
    (root / "surrogate.json").write_text(
        '{"title": "Storm", "text": "Storm \\ud800 leaves 40,000 homes without power in Virginia."}'
    )
    (root / "front-matter-only.md").write_text("---\ntitle: Budget\ndate: 2024-02-30\n---\n")
    (root / "markup-only.md").write_text("---\ntitle: Budget\n---\n\n---\n***\n")
    (root / "bad-front-matter.md").write_text(
        "---\ntitle: [unclosed\n: : :\n" + seed_text("wikinews-gum/GUM_news_flag.txt")
    )
    (root / "huge-number.json").write_text('{"text": "Rates rose.", "n": ' + "9" * 5000 + "}")
    (root / "long-record.jsonl").write_text(
        json.dumps({"title": "One long record", "text": long_text(LONG_RECORD_CHARS)}) + "\n"
    )
    (root / "long-line.txt").write_text(long_text(LONG_LINE_CHARS))
    paragraph = seed_text("iraq-withdrawal.txt").split("\n")[0]
    (root / "nested.html").write_text(
        "<html><body>" + "<div>" * 5000 + f"<p>{paragraph}</p>" + "</div>" * 5000 + "</body></html>"
    )
    (root / "tags.html").write_text(
        f"<html><body><article><p>{paragraph}</p>"
        + "<span>x</span>" * 300_000
        + "</article></body></html>"
    )
    (root / "nul.txt").write_bytes(b"Troops left\x00 Iraq\x00\x00 on Monday.\n" * 20)
    (root / "extreme-date.md").write_text(
        "---\ntitle: Budget\ndate: 9999-12-31T23:59:59-12:00\n---\n" + paragraph + "\n"
    )
    lying = f'<html><head><meta charset="utf-16"></head><body><article><p>{CP1252}</p>'
    lying += f"<p>{paragraph}</p></article></body></html>"
    raw = lying.encode("cp1252")
    (root / "charset-lie.html").write_bytes(raw + b" " * (len(raw) % 2))  # even: UTF-16 decodes
    records = [json.dumps({"text": paragraph}), json.dumps({"text": CP1252})]
    (root / "old-mac.jsonl").write_bytes(("\r".join(records) + "\r").encode())
    (root / "utf16.jsonl").write_bytes(("\n".join(records) + "\n").encode("utf-16"))
    emoji = "&#x1F600;" * 20_000  # one run of 20,000 emoji: the tokenizer was quadratic
    (root / "emoji-run.html").write_text(
        f"<html><body><article><p>{paragraph}</p><p>{emoji}</p></article></body></html>"
    )
    (root / "null-text.json").write_text('{"title": "Storm", "text": null}')
    (root / "infinite.txt").write_text(
        f"Prices in Germany rose {'9' * 400} percent, the fund said. Wages rose 3%.\n"
    )
    (root / "twice.json").write_text(f'{{"text": "draft", "text": {json.dumps(paragraph)}}}')
    return {
        "extreme-date.md": "article",
        "charset-lie.html": "article",
        "old-mac.jsonl": "article",
        "utf16.jsonl": "article",
        "emoji-run.html": "article",
        "null-text.json": "rejected",
        "infinite.txt": "article",
        "twice.json": "article",
        "deep.json": "rejected",
        "surrogate.json": "article",
        "front-matter-only.md": "rejected",
        "markup-only.md": "rejected",
        "bad-front-matter.md": "article",
        "huge-number.json": "rejected",
        "long-record.jsonl": "article",
        "long-line.txt": "article",
        "nested.html": "either",
        "tags.html": "rejected",
        "nul.txt": "rejected",
    }


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
        **build_nasty_cases(root),
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
    # A short HTML limit: the page of 300,000 tags takes about 30 s of CPU; here it shows the
    # limit's rejection without spending that time.
    output = run_pipeline(layout, timeout=900, NEWSFACTS_HTML_PARSE_SECONDS="3")
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
    either = [name for name, o in expected.items() if o == "either"]
    assert all(len(outcome[name]) == 1 for name in either)
    assert {k: v for k, v in outcome.items() if k not in either} == {
        k: v for k, v in want.items() if k not in either
    }


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
    for source, row in articles.items():
        name, (_, _, _, _, duplicate_of, _, mentions) = file_of(source), row
        if name in good and duplicate_of is None and name not in ("invalid-utf8.txt", "cp1252.txt"):
            assert mentions > 0, f"{name}: loaded without any entity mention"
    assert {file_of(source) for source in articles} >= set(good)


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


def test_inputs_built_to_break_a_reader_get_their_reason(run):
    _, _, articles, rejected, _ = run
    assert f"JSON nested {DEEP + 1} levels deep" in rejected["deep.json"]
    assert "front matter and no article text" in rejected["front-matter-only.md"]
    assert "no text: the body is empty" in rejected["markup-only.md"]
    assert (
        "more than 4300 digits" in rejected["huge-number.json"]
        or "4300" in rejected["huge-number.json"]
    )
    assert "NUL bytes" in rejected["nul.txt"]
    assert "took more than 3 s of CPU time" in rejected["tags.html"]
    body, note = articles["surrogate.json"][2], articles["surrogate.json"][3]
    assert "Storm \ufffd leaves" in body and "lone surrogate" in note
    assert '"text" is null, not a string' in rejected["null-text.json"]
    assert "Zürich" in articles["charset-lie.html"][2]
    assert {"old-mac.jsonl#1", "old-mac.jsonl#2", "utf16.jsonl#1", "utf16.jsonl#2"} <= set(articles)
    assert "keys given more than once (text)" in articles["twice.json"][3]
    assert articles["emoji-run.html"][6] > 0  # its paragraph's mentions
    assert articles["infinite.txt"][5] > 0  # "3%" loads; the values no float holds do not


def test_long_texts_without_paragraph_breaks_load_with_their_facts(run):
    _, _, articles, _, _ = run
    for source, size in (
        ("long-record.jsonl#1", LONG_RECORD_CHARS),
        ("long-line.txt", LONG_LINE_CHARS),
    ):
        _, _, body, _, _, facts, mentions = articles[source]
        assert len(body) == size
        # one sentence in 20 KB, each with its numbers and names; offsets are checked for
        # every row by broken_invariants
        assert facts > size // 40_000 and mentions > size // 40_000

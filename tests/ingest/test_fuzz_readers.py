"""Property-based tests over every reader and the scan: whatever the bytes, each input ends as
articles or rejections, every article holds a storable text, and no exception escapes.

Fixed seed (derandomize) and a bounded number of examples keep `make test` fast and
repeatable; no example database is written (database=None).
"""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest import IngestOptions, ingest_folder
from pipelines.ingest.load import READER_FAILED
from pipelines.ingest.options import FORMAT_BY_EXTENSION

FUZZ = settings(
    database=None,
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Small limits so the size rules are crossed too.
OPTIONS = IngestOptions(max_article_bytes=4096, html_parse_seconds=5)
# Dates a reader must survive: impossible days, and valid ISO 8601 whose UTC time falls
# outside the years a datetime can hold.
DATES = ["2024-02-30", "2020-03-02T14:00:00Z", "soon", "9999-12-31T23:59:59-12:00"]
DATES += ["0001-01-01T00:00:00+14:00", "99999-01-01", "1" * 400]
WORDS = ["Troops", "rose", "3.000", "€3,2", "million", "Zürich", "\u202e", "😀", "a", "the", "."]


def assert_scan_is_total(files: dict[str, bytes]) -> None:
    """Write the files, scan them, and check the properties every scan must have."""
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        report = ingest_folder(Path(folder), OPTIONS)
    assert report.unaccounted() == []
    assert sorted(report.inputs) == sorted(files)
    reasons = report.rejected["reason"].to_list()
    assert not [r for r in reasons if READER_FAILED in r]
    assert all(r.split(": ", 1)[0] in {s for s in report.rejected["source"]} for r in reasons)
    for row in report.articles.iter_rows(named=True):
        body = row["body"]
        assert any(c.isalnum() for c in body), row["source"]
        assert "\r" not in body
        for value in (body, row["title"], row["url"], row["note"]):
            if value is not None:
                value.encode("utf-8")  # no lone surrogate: storable in Parquet and DuckDB
    assert report.articles["article_id"].n_unique() == report.articles.height


@FUZZ
@given(
    content=st.binary(max_size=6000),
    extension=st.sampled_from(sorted(FORMAT_BY_EXTENSION)),
)
def test_random_bytes_in_any_extension(content, extension):
    assert_scan_is_total({f"input{extension}": content})


def json_values(max_leaves: int = 20):
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(10**30), max_value=10**30)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=40)
        | st.sampled_from(WORDS)
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(
                st.sampled_from(["text", "body", "title", "url", "published_at", "x"]) | st.text(),
                children,
                max_size=5,
            )
        ),
        max_leaves=max_leaves,
    )


def records():
    """Mostly record-shaped objects, their fields of every type."""
    field = json_values(6)
    text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=30).map(" ".join)
    return st.fixed_dictionaries(
        {},
        optional={
            "text": text | field,
            "body": text,
            "title": st.text(max_size=30) | field,
            "url": st.text(max_size=30) | field,
            "published_at": st.sampled_from(DATES) | field,
        },
    )


def deep(depth: int) -> str:
    return '{"text": "Troops rose", "x": ' + "[" * depth + "]" * depth + "}"


@settings(FUZZ, max_examples=40)
@given(
    data=st.lists(records() | json_values(), max_size=6) | records() | json_values(),
    depth=st.integers(min_value=0, max_value=3000),
    huge_digits=st.integers(min_value=1, max_value=6000),
    surrogate=st.integers(min_value=0xD800, max_value=0xDFFF),
)
def test_random_json_shapes(data, depth, huge_digits, surrogate):
    plain = json.dumps(data, allow_nan=True)
    # a lone surrogate escape, as a JSON file can hold it (json.dumps would never write one)
    escaped = f'{{"text": "Rates \\u{surrogate:04x} rose", "title": "\\ud800"}}'
    lines = [json.dumps(item, allow_nan=True) for item in (data if isinstance(data, list) else [])]
    lines += [deep(depth), escaped, '{"text": 1' + "0" * huge_digits + "}"]
    assert_scan_is_total(
        {
            "plain.json": plain.encode(),
            "deep.json": deep(depth).encode(),
            "escaped.json": escaped.encode(),
            "feed.jsonl": "\n".join(lines).encode(),
        }
    )


front_matter_lines = st.lists(
    st.tuples(
        st.sampled_from(["title", "date", "published_at", "url", "tags", "", "- x"]),
        st.sampled_from(["'quoted'", "", "Budget", "---", "…", *DATES]) | st.text(max_size=20),
    ).map(lambda pair: f"{pair[0]}: {pair[1]}"),
    max_size=8,
)


@FUZZ
@given(
    fields=front_matter_lines,
    body=st.lists(st.sampled_from([*WORDS, "\n", "#", "---", "***", "\r\n", " "]), max_size=40),
    closed=st.booleans(),
)
def test_random_markdown_front_matter(fields, body, closed):
    text = "---\n" + "\n".join(fields) + ("\n---\n" if closed else "\n") + "".join(body)
    assert_scan_is_total({"post.md": text.encode("utf-8", "surrogatepass")})


TAGS = ["html", "head", "body", "div", "p", "article", "nav", "script", "table", "td", "a", "h1"]


def html_trees():
    text = st.lists(st.sampled_from(WORDS + ["&amp;", "&#xD800;", "<", ">"]), max_size=12).map(
        " ".join
    )
    return st.recursive(
        text,
        lambda children: st.tuples(st.sampled_from(TAGS), st.lists(children, max_size=4)).map(
            lambda node: f"<{node[0]}>{''.join(node[1])}</{node[0]}>"
        ),
        max_leaves=30,
    )


# Declared charsets, true or not: a page can lie about its encoding.
CHARSETS = ["utf-8", "utf-16", "utf-16le", "utf-32", "utf-7", "shift_jis", "koi8-r", "bogus"]


@settings(FUZZ, max_examples=30)
@given(
    tree=html_trees(),
    truncate=st.integers(min_value=0, max_value=400),
    charset=st.none() | st.sampled_from(CHARSETS),
)
def test_random_html_trees(tree, truncate, charset):
    page = (f'<meta charset="{charset}">' if charset else "").encode() + tree.encode()
    assert_scan_is_total({"page.html": page, "cut.htm": page[: len(page) - truncate]})


@settings(FUZZ, max_examples=20)
@given(tree=html_trees(), charset=st.sampled_from(["utf-16", "utf-16be", "utf-32", "utf-7"]))
def test_a_charset_the_page_cannot_be_in_changes_nothing(tree, charset):
    # A cp1252 page (not UTF-8, so a declared charset would be tried) that claims an
    # encoding in which its own ASCII <meta> tag could not be written reads as without it.
    article = "<p>Café owners in Zürich said prices rose 5% – to €3.20 – on Monday.</p>"
    body = f"<body>{tree}{article}</body></html>"
    lying = f'<html><head><meta charset="{charset}"></head>{body}'
    plain = f"<html><head></head>{body}"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "lying.html").write_bytes(lying.encode("cp1252", "replace"))
        (Path(folder) / "plain.html").write_bytes(plain.encode("cp1252", "replace"))
        report = ingest_folder(Path(folder), OPTIONS)
    bodies = dict(report.articles.select("source", "body").iter_rows())
    assert bodies.get("lying.html") == bodies.get("plain.html")
    assert report.articles.height + report.rejected.height == 2


ENDINGS = ["\n", "\r\n", "\r"]
ENCODINGS = {"utf-8": b"", "utf-8-sig": b"", "utf-16": b"", "utf-16-be": b"\xfe\xff"}


@settings(FUZZ, max_examples=40)
@given(
    items=st.lists(records() | json_values(4), max_size=6),
    endings=st.lists(st.sampled_from(ENDINGS), min_size=6, max_size=6),
    encoding=st.sampled_from(sorted(ENCODINGS)),
    duplicate=st.booleans(),
)
def test_random_jsonl_line_endings_and_encodings(items, endings, encoding, duplicate):
    lines = [json.dumps(item, allow_nan=True) for item in items]
    if duplicate and lines:
        lines[0] = '{"text": "Rates rose 3%.", "text": "Rates fell.", ' + lines[0][1:]
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=False))
    raw = ENCODINGS[encoding] + text.encode(encoding)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "feed.jsonl").write_bytes(raw)
        report = ingest_folder(Path(folder), OPTIONS)
    assert_scan_is_total({"feed.jsonl": raw})
    # every record line is one row: no line ending joins two records or splits one
    if raw.strip():
        assert report.articles.height + report.rejected.height == len(lines) or not lines

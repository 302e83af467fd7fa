"""The walk: ignore rules, sorted order, symbolic links, special files, extensions, size."""

import os
from pathlib import Path

import pytest

from pipelines.ingest.discovery import discover
from pipelines.ingest.options import IngestOptions

ARTICLE = "Storm hits coast\n\nA storm hit the coast on Monday.\n"


def write(root: Path, relative: str, text: str = ARTICLE) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(root: Path, options: IngestOptions | None = None) -> dict[str, str | None]:
    options = options or IngestOptions()
    return {item.source: item.problem for item in discover(root, options)}


def test_walks_recursively_in_sorted_order_and_skips_what_is_not_an_article(tmp_path):
    for name in [
        "b.txt",
        "a/z.md",
        "a/b/c.html",
        "README.md",
        "ATTRIBUTION.md",
        "GUM-LICENSE.txt",
        ".hidden.txt",
        ".git/config.txt",
        "licensed-drivers.txt",
    ]:
        write(tmp_path, name)
    assert list(problems(tmp_path)) == ["a/b/c.html", "a/z.md", "b.txt", "licensed-drivers.txt"]


def test_ignore_patterns_and_hidden_files_are_options(tmp_path):
    write(tmp_path, "README.txt")
    write(tmp_path, ".draft.txt")
    options = IngestOptions(ignore=(), include_hidden=True)
    assert list(problems(tmp_path, options)) == [".draft.txt", "README.txt"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("scan.pdf", "unsupported extension .pdf: convert it to .txt, .md, .html, .json or .jsonl"),
        ("notes", "unsupported no file extension"),
        ("page.HTM", None),
        ("story.markdown", None),
        ("feed.ndjson", None),
    ],
)
def test_extensions(tmp_path, name, problem):
    write(tmp_path, name)
    found = problems(tmp_path)[name]
    assert found == problem if problem is None else found.startswith(problem)


def test_names_with_spaces_non_ascii_and_invalid_utf8_bytes(tmp_path):
    write(tmp_path, "Nachrichten/über Zürich – ärger.txt")
    write(tmp_path, "news from the coast.txt")
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_bytes(ARTICLE.encode())
    assert problems(tmp_path) == {
        "Nachrichten/über Zürich – ärger.txt": None,
        "caf\\xe9.txt": None,
        "news from the coast.txt": None,
    }


def test_symbolic_links(tmp_path):
    root, outside = tmp_path / "articles", tmp_path / "outside"
    write(outside, "elsewhere.txt")
    write(outside, "folder/inner.txt")
    write(root, "real/story.txt")
    (root / "linked.txt").symlink_to(outside / "elsewhere.txt")
    (root / "linked-folder").symlink_to(outside / "folder")
    (root / "again").symlink_to(outside / "folder")  # the same outside folder twice
    (root / "inside").symlink_to(root / "real")  # would read real/ twice
    (root / "loop").symlink_to(root)  # would never end
    (outside / "folder" / "back").symlink_to(root)
    (root / "dangling.txt").symlink_to(outside / "gone.txt")
    (root / "self.txt").symlink_to(root / "self.txt")
    found = problems(root)
    assert found["linked.txt"] is None
    assert found["again/inner.txt"] is None and "again/back" in found
    assert found["linked-folder"].startswith("symbolic link to a folder already read")
    assert found["inside"].startswith("symbolic link to a folder inside the articles folder")
    assert found["loop"].startswith("symbolic link to a folder inside the articles folder")
    assert found["again/back"].startswith("symbolic link to a folder inside")
    assert found["dangling.txt"].startswith("broken symbolic link to ")
    assert "gone.txt" in found["dangling.txt"]
    assert found["self.txt"].startswith("cannot follow the symbolic link")
    assert found["real/story.txt"] is None


def test_fifo_is_reported_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block forever
    assert problems(tmp_path)["pipe.txt"].startswith("not a regular file (a FIFO)")


def test_size_limit_is_checked_before_reading(tmp_path):
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB by its size, nothing on disk
    with (tmp_path / "records.json").open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    with (tmp_path / "feed.jsonl").open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    found = problems(tmp_path)
    assert found["huge.txt"].startswith("is 50.0 MB, over the 20.0 MB article limit")
    assert "NEWSFACTS_MAX_ARTICLE_BYTES" in found["huge.txt"]
    assert "use .jsonl" in found["records.json"]
    assert found["feed.jsonl"] is None  # read line by line: the limit applies per line

"""JSONL lines: every line ending, lines split across blocks, over-long lines, UTF-16."""

import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest import ingest_folder
from pipelines.ingest.lines import numbered_lines, utf8_stream


class Trickle(io.RawIOBase):
    """A stream that returns at most ``step`` bytes a read, so lines and "\\r\\n" pairs are
    split across blocks as they are in a large file."""

    def __init__(self, data: bytes, step: int):
        self.data, self.step, self.at = data, step, 0

    def read(self, size: int = -1) -> bytes:
        piece = self.data[self.at : self.at + min(size, self.step)]
        self.at += len(piece)
        return piece


@pytest.mark.parametrize("step", [1, 2, 3, 1 << 16])
@pytest.mark.parametrize(
    ("data", "lines"),
    [
        (b"one\ntwo\n", [b"one", b"two"]),
        (b"one\r\ntwo\r\n", [b"one", b"two"]),
        (b"one\rtwo\r", [b"one", b"two"]),
        (b"one\r\rtwo", [b"one", b"", b"two"]),
        (b"one\n\r\ntwo", [b"one", b"", b"two"]),
        (b"no ending", [b"no ending"]),
        (b"", []),
    ],
)
def test_every_line_ending_ends_a_line(data, lines, step):
    found = list(numbered_lines(Trickle(data, step), limit=100))
    assert found == list(enumerate(lines, 1))


def test_a_line_over_the_limit_is_skipped_and_the_next_line_still_read():
    data = b"short\n" + b"x" * 50 + b"\rafter\n" + b"y" * 11
    found = list(numbered_lines(Trickle(data, 7), limit=10))
    assert found == [(1, b"short"), (2, None), (3, b"after"), (4, None)]


@settings(database=None, derandomize=True, max_examples=80)
@given(
    pieces=st.lists(st.binary(max_size=12).map(lambda b: re.sub(rb"[\r\n]", b"", b)), max_size=8),
    endings=st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=8, max_size=8),
    step=st.integers(min_value=1, max_value=9),
)
def test_lines_are_the_same_whatever_the_block_size(pieces, endings, step):
    data = b"".join(piece + ending for piece, ending in zip(pieces, endings, strict=False))
    # the whole file split at once ("\r" then "\n" is one "\r\n" ending, as in the stream)
    whole = re.split(rb"\r\n|\r|\n", data)
    expected = whole[:-1] if whole[-1] == b"" else whole
    assert list(numbered_lines(Trickle(data, step), limit=1000)) == list(enumerate(expected, 1))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read_as_utf8(encoding):
    text = '{"text": "Zürich"}\r\n{"text": "Kraków"}\n'
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    stream = utf8_stream(io.BytesIO(raw), raw[:64])
    assert [line for _, line in numbered_lines(stream, 100)] == [
        b'{"text": "Z\xc3\xbcrich"}',
        b'{"text": "Krak\xc3\xb3w"}',
    ]


GOOD = {"text": "Ryanair added 12 routes from Dublin, the airline said on Monday."}
OTHER = {"text": "The European Central Bank raised rates to 4.5% on Thursday."}


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("cr.jsonl", f"{json.dumps(GOOD)}\r{json.dumps(OTHER)}\r".encode()),
        ("crlf.jsonl", f"{json.dumps(GOOD)}\r\n{json.dumps(OTHER)}\r\n".encode()),
        ("utf16.jsonl", f"{json.dumps(GOOD)}\n{json.dumps(OTHER)}\n".encode("utf-16")),
    ],
)
def test_jsonl_with_any_line_ending_or_utf16_loads_every_record(tmp_path, name, raw):
    (tmp_path / name).write_bytes(raw)
    report = ingest_folder(tmp_path)
    assert report.rejected.is_empty()
    assert report.articles["source"].to_list() == [f"{name}#1", f"{name}#2"]
    assert report.articles["body"].to_list() == [GOOD["text"], OTHER["text"]]
    if name == "utf16.jsonl":
        assert all("UTF-16" in note for note in report.articles["note"])

"""The lines of a JSONL file, streamed in blocks: memory stays bounded by the per-line limit.

A line ends at "\n", "\r\n" or a lone "\r" (files saved by old Mac tools and some exporters):
JSON allows no raw line break inside a string, so a "\r" between records can only end one.
A file that starts with a UTF-16 byte-order mark is transcoded to UTF-8 as it is read.
"""

import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

_BLOCK = 1 << 16
_LINE_END = re.compile(rb"\r\n|\r|\n")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class _Utf8FromUtf16:
    """A binary stream that reads a UTF-16 file (with its byte-order mark) as UTF-8 bytes."""

    def __init__(self, stream: BinaryIO):
        # newline="": line ends are left as they are, for _LINE_END to find
        self._text = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")

    def read(self, size: int) -> bytes:
        return self._text.read(size).encode("utf-8")


def utf8_stream(stream: BinaryIO, head: bytes) -> BinaryIO:
    """``stream`` (rewound) as UTF-8 bytes: transcoded when ``head`` opens with a UTF-16 BOM."""
    stream.seek(0)
    return _Utf8FromUtf16(stream) if head.startswith(UTF16_BOMS) else stream


def numbered_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number from 1, the line without its ending) for every line; None for a line of
    more than ``limit`` bytes, whose bytes are skipped without being kept."""
    number, line, too_long, after_cr = 0, bytearray(), False, False
    while block := stream.read(_BLOCK):
        start = 1 if after_cr and block.startswith(b"\n") else 0  # "\r\n" split by a block
        for end in _LINE_END.finditer(block, start):
            line, too_long = _extend(line, too_long, block[start : end.start()], limit)
            number += 1
            yield number, None if too_long else bytes(line)
            line, too_long, start = bytearray(), False, end.end()
        after_cr = block.endswith(b"\r")
        line, too_long = _extend(line, too_long, block[start:], limit)
    if line or too_long:
        yield number + 1, None if too_long else bytes(line)


def _extend(line: bytearray, too_long: bool, piece: bytes, limit: int) -> tuple[bytearray, bool]:
    if too_long or len(line) + len(piece) > limit:
        return bytearray(), True
    line += piece
    return line, False

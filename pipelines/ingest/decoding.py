"""Bytes to text: UTF-8 first, cp1252 for the bytes that are not UTF-8, never a guess beyond.

Line endings are normalised: "\r\n" and "\r" become "\n" in every stored body, so all
offsets in the warehouse point into text with "\n" line breaks only.
"""

import codecs
import re
from contextlib import suppress
from dataclasses import dataclass, field

from pipelines.ingest.draft import Rejected

UTF8_FIX = "re-save the file as UTF-8"

# Bytes that never occur in text; tab, line feed, vertical tab, form feed and carriage
# return (9-13) do.
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"
_SNIFF_BYTES = 64 * 1024
_MAX_CONTROL_RATIO = 0.05

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]{2,40})""", re.I)
_UTF8_OR_CP1252 = {"utf-8", "cp1252", "latin-1", "iso8859-1", "ascii"}
REPLACEMENT = "\ufffd"
# A few stray bytes in a long text are typing accidents: replaced and noted. More than this
# (or more than 1 byte in 1000) means another encoding, which cp1252 would only garble.
MAX_UNDECODABLE_BYTES = 16

_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (also .docx, .epub, .odt)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",
}


def _cp1252_for_invalid_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    # Reads each byte that is not valid UTF-8 as cp1252, so a Windows-1252/Latin-1 file and
    # a UTF-8 file with a stray cp1252 character both decode. The 5 bytes cp1252 leaves
    # undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD; decode() counts them.
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("newsfacts-cp1252", _cp1252_for_invalid_utf8)


@dataclass
class Decoded:
    text: str
    notes: list[str] = field(default_factory=list)


def binary_problem(sample: bytes) -> str | None:
    """Why these bytes are not text, or None when they may be."""
    for signature, kind in _SIGNATURES.items():
        if sample.startswith(signature):
            return f"binary file ({kind}) with a text extension: convert it to .txt or .html"
    head = sample[:_SNIFF_BYTES]
    if b"\x00" in head:
        return (
            "binary data (NUL bytes) with a text extension: convert it to text "
            "(if it is UTF-16 text without a byte-order mark, re-save it as UTF-8)"
        )
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > _MAX_CONTROL_RATIO:
        return (
            f"binary data ({controls / len(head):.0%} control characters) with a text "
            "extension: convert it to text"
        )
    return None


def _recovery_note(raw: bytes, text: str, first_bad: int) -> str:
    """What the cp1252 fallback did; raises Rejected when too much fits neither encoding."""
    lost = text.count(REPLACEMENT) - raw.count(REPLACEMENT.encode("utf-8"))
    if lost > max(MAX_UNDECODABLE_BYTES, len(raw) // 1000):
        raise Rejected(
            f"not valid UTF-8 at byte {first_bad} (tried utf-8, cp1252; {lost} bytes fit "
            f"neither, it may be another encoding): {UTF8_FIX}"
        )
    note = f"not valid UTF-8 at byte {first_bad}: read those bytes as cp1252 (Windows-1252/Latin-1)"
    if lost:
        note += f", {lost} undecodable bytes replaced by U+FFFD"
    return f"{note}; {UTF8_FIX} to drop this note"


# A lone surrogate (an escape like "\\ud800" in JSON without its pair) is a str that no
# UTF-8 file, frame or database can hold.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were."""
    if not _LONE_SURROGATE.search(text):
        return text, 0
    return _LONE_SURROGATE.subn(REPLACEMENT, text)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, when Python knows it."""
    found = _DECLARED_CHARSET.search(raw[:4096])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    # The declaration was just read as ASCII, so the page cannot be in an encoding that
    # writes ASCII otherwise (UTF-16, UTF-32, UTF-7): such a claim is a lie, and decoding by
    # it would turn the page into CJK noise (HTML's rule: read the page as UTF-8 instead).
    return name if _writes_ascii_as_ascii(name) else None


def _writes_ascii_as_ascii(encoding: str) -> bool:
    sample = '<meta charset="utf-8"> +-'
    try:
        return sample.encode(encoding) == sample.encode("ascii")
    except (UnicodeError, LookupError):
        return False


def _decode_utf16(raw: bytes) -> Decoded:
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as error:
        raise Rejected(
            f"not valid UTF-16 at byte {error.start} after a UTF-16 byte-order mark: {UTF8_FIX}"
        ) from None
    return Decoded(normalize_newlines(text), ["decoded from UTF-16 (byte-order mark)"])


def _decode_not_utf8(raw: bytes, first_bad: int, declared: str | None) -> tuple[str, str]:
    if declared and declared not in _UTF8_OR_CP1252:
        with suppress(UnicodeDecodeError):
            return raw.decode(declared), f"decoded as {declared}, the charset the file declares"
    text = raw.decode("utf-8", errors="newsfacts-cp1252")
    return text, _recovery_note(raw, text, first_bad)


def decode(raw: bytes, *, binary_check: bool = True, declared: str | None = None) -> Decoded:
    """Decoded text with "\n" line breaks and notes on any recovery; raises Rejected.

    `declared` is a charset the file names itself (an HTML <meta charset>): tried after
    UTF-8 and before cp1252, so a Shift_JIS or KOI8-R page is not garbled."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(raw)
    notes = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        notes.append("UTF-8 byte-order mark removed")
    if binary_check and (problem := binary_problem(raw)):
        raise Rejected(problem)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text, note = _decode_not_utf8(raw, error.start, declared)
        notes.append(note)
    return Decoded(normalize_newlines(text), notes)

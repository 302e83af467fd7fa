"""JSON and JSONL records: `text` or `body`, optional `title`, `url`, `published_at`.

A .json file holds one record (source = the path) or a list of records (source = path#N,
N counted from 1). A .jsonl file holds one record per line (source = path#N, N the line
number, so "path#7" is line 7); it is streamed, so its size is limited per line only.
"""

import json
import re
from pathlib import Path

import numpy as np

from pipelines.ingest.decoding import (
    binary_problem,
    decode,
    normalize_newlines,
    replace_lone_surrogates,
)
from pipelines.ingest.discovery import open_regular
from pipelines.ingest.draft import Draft, Rejected, Rejection, rejection
from pipelines.ingest.identity import url_key
from pipelines.ingest.lines import UTF16_BOMS, numbered_lines, utf8_stream
from pipelines.ingest.metadata import dateline_date, parse_timestamp
from pipelines.ingest.options import size_problem

TEXT_FIELDS = ("text", "body")
RECORD_FIX = 'give each record a non-empty "text" (or "body") string'
# A record is a flat object; news exports nest a few levels at most. Python's json module
# recurses once per level and fails past about 1,000 (RecursionError), so depth is measured
# first, without recursion.
MAX_JSON_DEPTH = 64
# A JSON string, escapes included (the unrolled form: no backtracking on long strings).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPENERS = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSERS = np.frombuffer(b"]}", dtype=np.uint8)


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in ``text``, brackets in strings not counted."""
    skeleton = _JSON_STRING.sub("", text).encode("utf-8", "replace")
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = np.isin(codes, _OPENERS).astype(np.int32) - np.isin(codes, _CLOSERS)
    return int(np.cumsum(steps).max(initial=0))


class _Object(dict):
    """A JSON object that remembers the keys it held more than once (the last value wins)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> _Object:
    found = _Object(pairs)
    if len(found) < len(pairs):
        seen: dict[str, int] = {}
        for key, _ in pairs:
            seen[key] = seen.get(key, 0) + 1
        found.duplicates = tuple(key for key, count in seen.items() if count > 1)
    return found


def _duplicate_keys_note(record: dict, notes: list[str]) -> None:
    if duplicates := getattr(record, "duplicates", ()):
        shown = replace_lone_surrogates(", ".join(duplicates[:8]))[0]
        notes.append(
            f"keys given more than once ({shown}): the last value of each was used; "
            "keep one of each to drop this note"
        )


def parse_json(text: str, where: str, fix: str):
    """``json.loads`` that raises Rejected for every input it cannot turn into data."""
    if (depth := json_depth(text)) > MAX_JSON_DEPTH:
        raise Rejected(
            f"JSON nested {depth} levels deep (the limit is {MAX_JSON_DEPTH}): write each "
            'record as a flat object with a "text" field'
        )
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as error:
        raise Rejected(f"not valid JSON at {where(error)} ({error.msg}): {fix}") from None
    except (ValueError, RecursionError) as error:
        # ValueError: an integer of more than 4,300 digits, which Python refuses to convert.
        problem = str(error).split(":")[0] or type(error).__name__
        raise Rejected(
            f"JSON with a value Python cannot read ({problem}): write huge numbers as strings"
        ) from None


# What a value is called in JSON, not in Python ("null", not "NoneType"); bool before int,
# which it subclasses.
_JSON_TYPE = {dict: "an object", list: "a list", bool: "true or false", int: "a number"}
_JSON_TYPE |= {float: "a number", type(None): "null", str: "a string"}


def json_type(value: object) -> str:
    return next((name for kind, name in _JSON_TYPE.items() if isinstance(value, kind)), "?")


def _valid_unicode(value: str, key: str, notes: list[str]) -> str:
    value, replaced = replace_lone_surrogates(value)
    if replaced:
        notes.append(
            f"{key}: {replaced} lone surrogate escapes (such as \\ud800 without its pair) "
            "replaced by U+FFFD; fix the escaping to drop this note"
        )
    return value


def _optional_string(record: dict, key: str, notes: list[str]) -> str | None:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        notes.append(f"{key} is {json_type(value)}, not a string: left empty")
        return None
    return _valid_unicode(value.strip(), key, notes)


def _field_names(record: dict) -> str:
    names = ", ".join(sorted(record)[:8]) or "none"
    return replace_lone_surrogates(names)[0]


def _record_text(record: object, notes: list[str]) -> str:
    if not isinstance(record, dict):
        raise Rejected(f"record is {json_type(record)}, not an object: {RECORD_FIX}")
    field = next((k for k in TEXT_FIELDS if k in record), None)
    if field is None:
        keys = _field_names(record)
        raise Rejected(f'record has no "text" or "body" field (its fields: {keys}): {RECORD_FIX}')
    text = record[field]
    if not isinstance(text, str):
        raise Rejected(f'"{field}" is {json_type(text)}, not a string: {RECORD_FIX}')
    if not text.strip():
        raise Rejected(f'"{field}" is empty: {RECORD_FIX}')
    return normalize_newlines(_valid_unicode(text, field, notes))


def record_draft(source: str, record: object, fmt: str, notes: list[str]) -> Draft:
    notes = list(notes)
    body = _record_text(record, notes)
    _duplicate_keys_note(record, notes)
    title = _optional_string(record, "title", notes)
    url = _optional_string(record, "url", notes)
    published_at = None
    if date := _optional_string(record, "published_at", notes):
        published_at = parse_timestamp(date)
        if published_at is None:
            notes.append(
                f"published_at {date!r} is not a date: left empty "
                "(use ISO 8601, e.g. 2020-03-02T14:00:00Z)"
            )
    return Draft(
        source,
        body,
        fmt,
        title=title,
        url=url,
        published_at=published_at or dateline_date(body, title),
        notes=notes,
        id_key=url_key(url) if url else None,
    )


def _or_rejection(source: str, read, *args) -> Draft | Rejection:
    try:
        return read(source, *args)
    except Rejected as problem:
        return rejection(source, str(problem))


def read_json(source: str, text: str, notes: list[str]) -> list[Draft | Rejection]:
    data = parse_json(
        text,
        lambda error: f"line {error.lineno} column {error.colno}",
        "fix the syntax, or write one record per line as .jsonl",
    )
    if isinstance(data, list):
        if not data:
            raise Rejected(f"an empty JSON list holds no records: {RECORD_FIX}")
        return [
            _or_rejection(f"{source}#{n}", record_draft, record, "json", notes)
            for n, record in enumerate(data, 1)
        ]
    return [record_draft(source, data, "json", notes)]


def _jsonl_line(source: str, raw: bytes, notes: list[str]) -> Draft:
    decoded = decode(raw, binary_check=False)
    record = parse_json(
        decoded.text,
        lambda error: f"column {error.colno}",
        "fix the line, keeping one complete JSON object per line",
    )
    return record_draft(source, record, "jsonl", notes + decoded.notes)


def read_jsonl(source: str, path: Path, limit: int) -> list[Draft | Rejection]:
    """Every line of a JSONL file, streamed: one draft or rejection per non-blank line."""
    results: list[Draft | Rejection] = []
    with open_regular(path) as stream:
        head = stream.read(64 * 1024)
        utf16 = head.startswith(UTF16_BOMS)
        if not utf16 and (problem := binary_problem(head.removeprefix(b"\xef\xbb\xbf"))):
            raise Rejected(problem)
        if not head.strip(b" \t\r\n\xef\xbb\xbf"):
            raise Rejected("empty file (no records): add one JSON record per line or remove it")
        notes = ["decoded from UTF-16 (byte-order mark)"] if utf16 else []
        for n, raw in numbered_lines(utf8_stream(stream, head), limit):
            line_source = f"{source}#{n}"
            if raw is None:
                results.append(rejection(line_source, "this line " + size_problem(None, limit)))
            elif raw.strip():
                results.append(_or_rejection(line_source, _jsonl_line, raw, notes))
    return results

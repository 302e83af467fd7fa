"""Bytes to text: UTF-8, cp1252 recovery, byte-order marks, binary data, line endings."""

import pytest

from pipelines.ingest.decoding import declared_charset, decode
from pipelines.ingest.draft import Rejected

CAFE = "Café owners in Zürich said prices rose 5% – to €3.20 – in the week to 4 May.\n"


@pytest.mark.parametrize(
    ("raw", "text", "note"),
    [
        (b"Troops left Kabul on 30 August.\n", "Troops left Kabul on 30 August.\n", None),
        (b"Line one.\r\nLine two.\r\n", "Line one.\nLine two.\n", None),
        (b"Old Mac text.\rSecond line.", "Old Mac text.\nSecond line.", None),
        (b"\xef\xbb\xbfBOM first.", "BOM first.", "byte-order mark removed"),
        (CAFE.encode("cp1252"), CAFE, "cp1252"),
        # a UTF-8 file with one stray cp1252 apostrophe keeps its UTF-8 characters
        ("Zürich’s mayor".encode() + b" said \x92no\x92.", "Zürich’s mayor said ’no’.", "byte 23"),
        (
            b"Rebels took 3 towns \x81\x8d near Goma.",
            "Rebels took 3 towns \ufffd\ufffd near Goma.",
            "2 undecodable bytes replaced",
        ),
        ("Flood in Kraków".encode("utf-16"), "Flood in Kraków", "UTF-16"),
    ],
)
def test_decodes_text_and_notes_any_recovery(raw, text, note):
    decoded = decode(raw)
    assert decoded.text == text
    if note is None:
        assert decoded.notes == []
    else:
        assert any(note in n for n in decoded.notes), decoded.notes


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"Text " + b"\x81\x8d\x8f\x90\x9d" * 10, "not valid UTF-8 at byte 5 (tried utf-8, cp1252"),
        (b"%PDF-1.7\n1 0 obj", "PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"Some words\x00\x00 and zeros", "NUL bytes"),
        (bytes(range(1, 9)) * 20 + b"a few letters", "control characters"),
    ],
)
def test_rejects_what_is_not_text(raw, reason):
    with pytest.raises(Rejected) as error:
        decode(raw)
    assert reason in str(error.value)
    assert ":" in str(error.value)  # what is wrong, then the fix


@pytest.mark.parametrize(
    ("charset", "meta"),
    [
        ("koi8-r", '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'),
        ("shift_jis", '<meta charset="Shift_JIS">'),
    ],
)
def test_an_html_page_is_decoded_with_the_charset_it_declares(charset, meta):
    text = {"koi8-r": "Москва объявила о новых мерах.", "shift_jis": "東京で地震、震度5弱。"}[
        charset
    ]
    raw = f"<html><head>{meta}</head><body><p>{text}</p></body></html>".encode(charset)
    decoded = decode(raw, declared=declared_charset(raw))
    assert text in decoded.text
    assert decoded.notes == [f"decoded as {charset}, the charset the file declares"]


def test_a_declared_latin_charset_still_goes_through_the_cp1252_rule():
    raw = f'<meta charset="iso-8859-1"><p>{CAFE}</p>'.encode("cp1252")
    decoded = decode(raw, declared=declared_charset(raw))
    assert CAFE in decoded.text and "cp1252" in decoded.notes[0]


@pytest.mark.parametrize("claimed", ["utf-16", "UTF-16LE", "utf-32", "utf-7"])
def test_a_page_claiming_an_encoding_it_cannot_be_in_is_read_as_utf8_or_cp1252(claimed):
    # the <meta> tag itself was read as ASCII, so the page is not UTF-16/32/7: decoding it as
    # the claim says would turn it into CJK noise
    raw = f'<html><head><meta charset="{claimed}"></head><p>{CAFE}</p>'.encode("cp1252")
    assert declared_charset(raw) is None
    decoded = decode(raw, declared=declared_charset(raw))
    assert CAFE in decoded.text and "cp1252" in decoded.notes[0]

"""Read the value of a written number: digits in English and European formats, or words."""

import re

from text_to_num import text2num

from pipelines.nlp.quantities.tables import scale_words

# "3.000" or "45.000.000": dots grouping thousands (European style), never a decimal here.
EUROPEAN_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# "1,5" or "0,25": a decimal comma; "1,500" stays an English thousands group.
DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")
EUROPEAN_FULL = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$")
ENGLISH = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
FRACTION = re.compile(r"^(\d+)/(\d+)$")
VULGAR_FRACTIONS = {
    **{"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6},
    **{"⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875},
}
WORD_FRACTIONS = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
GLUED = re.compile(r"^(?P<number>\d[\d.,]*)(?P<suffix>[^\d.,\s]\S*)$")
SPACE_CHARS = "\u00a0\u202f\u2009 "


def parse_digits(text: str, decimal_dots: bool = False) -> float | None:
    """Value of a digit string; `decimal_dots` keeps "1.500" a decimal (before a scale word)."""
    text = text.strip(SPACE_CHARS).translate({ord(c): None for c in SPACE_CHARS})
    if text in VULGAR_FRACTIONS:
        return VULGAR_FRACTIONS[text]
    if fraction := FRACTION.match(text):
        denominator = int(fraction.group(2))
        return int(fraction.group(1)) / denominator if denominator else None
    if EUROPEAN_THOUSANDS.match(text) and not decimal_dots:
        return float(text.replace(".", ""))
    if EUROPEAN_FULL.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if ENGLISH.match(text):
        return float(text.replace(",", ""))
    return None


def parse_words(text: str) -> float | None:
    """Value of a spelled number ("two hundred and fifty", "twenty-five"), with text2num."""
    words = " ".join(text.lower().replace("-", " ").split())
    if words in ("a", "an"):
        return 1.0
    if words in WORD_FRACTIONS:
        return WORD_FRACTIONS[words]
    if words in scale_words():
        return scale_words()[words]
    try:
        return float(text2num(words, "en"))
    except ValueError:
        pass
    # scale words text2num does not know: "two dozen", "five lakh", "3 bn"
    head, _, last = words.rpartition(" ")
    if head and last in scale_words():
        value = parse_number(head)
        return value * scale_words()[last] if value is not None else None
    return None


def parse_number(text: str, decimal_dots: bool = False) -> float | None:
    """Digits first, then words; None when the text is not a number."""
    value = parse_digits(text, decimal_dots)
    return value if value is not None else parse_words(text)


def split_glued(text: str) -> tuple[str, str] | None:
    """ "4.5bn" -> ("4.5", "bn"); "200lbs" -> ("200", "lbs"); None when not glued."""
    match = GLUED.match(text)
    return (match.group("number"), match.group("suffix")) if match else None

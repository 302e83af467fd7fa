"""Tokenizer rule applied once after `spacy.load`: it never changes doc.text."""

from spacy.language import Language

from pipelines.nlp.infixes import add_infixes
from pipelines.nlp.quantities.tables import unit_aliases

# "of160,000": a word glued to a grouped number (a typo in real articles). Splitting only before
# comma-grouped digits keeps names like "G7", "F-150" or "COVID19" in one token.
GLUED_NUMBER_INFIX = r"(?<=[a-z][a-z])(?=\d{1,3}(?:,\d{3})+\b)"
# "20–30", "1000~5000", "8%-10%": a range dash between two numbers. A hyphen between bare digits
# stays (phone numbers, "2021-12-31", scores are tokens of their own).
RANGE_DASH_INFIX = (
    r"(?<=\d)[–—~](?=\d)|(?<=\d%)-(?=\d)|(?<=\d)-(?=[$£€]\d)|(?<=-[$£€])(?=\d)"
    # "£1.5bn-£2bn", "1.5m-2m", "5k-10k": a scale letter before the dash
    + "".join(rf"|(?<=\d{scale})-(?=[$£€]?\d)" for scale in ("bn", "m", "k", "tn", "mn"))
)
# "HK$12.80", "S$3.10", "USD120": a currency sign or ISO code glued to the amount
CURRENCY_INFIX = r"(?<=[A-Z]\$)(?=\d)|(?<=^(?:{codes}))(?=\d)"
# letters newswires write for a currency: "RM4.5mil" (ringgit), "$US450m" (the "$" is a
# prefix of its own), "Y=1.2 trillion" and "PS3.2 million" (yen and pound signs stripped);
# "PS" only before an amount, so "PS5" (a console) stays one token
LETTER_CURRENCY_INFIX = r"(?<=^RM)(?=\d)|(?<=^US)(?=\d)|(?<=^Y=)(?=\d)|(?<=^PS)(?=\d{2,}|\d[.,]\d)"
# "minus-12 degrees", "sub-10 nanometre": the dash after the word is split off, the number kept
SIGN_WORD_INFIX = r"(?<=^minus)-(?=\d)|(?<=^sub)-(?=\d)"
# "6.02×10^23": the multiplication sign of scientific notation
TIMES_INFIX = r"(?<=\d)×(?=\d)"


def customize_pipeline(nlp: Language) -> None:
    """Add the infix rules, keeping earlier ones (the mention hook adds its own); idempotent."""
    add_infixes(nlp, "|".join((GLUED_NUMBER_INFIX, RANGE_DASH_INFIX, currency_infix())))
    add_infixes(nlp, "|".join((LETTER_CURRENCY_INFIX, SIGN_WORD_INFIX, TIMES_INFIX)))


def currency_infix() -> str:
    """The three-letter ISO codes of the unit table, upper case: "USD", "EUR", "GBP"."""
    codes = sorted(
        alias.upper()
        for alias, (_, kind) in unit_aliases().items()
        if kind == "money" and len(alias) == 3 and alias.isalpha() and alias.isascii()
    )
    return CURRENCY_INFIX.format(codes="|".join(codes))

"""Listed companies: the names of the 1,800 companies in the world's main stock indices.

The small model misses many one-word company names altogether ("Walmart", "BioNTech",
"Uber" in a sentence of their own) and calls others a place ("Sinovac" LOC).
``data/listed_companies.csv`` holds the constituents of 20 indices (S&P 500, Nasdaq 100,
FTSE 100, DAX, CAC 40, Nikkei 225 ...) as ``pytickersymbols`` ships them (MIT), each by the
name news uses, without its legal form ("Tesla, Inc." → "Tesla"); ``python -m
pipelines.entities.companies`` writes it from the package (a dev dependency).
"""

import csv
import re
import sys
from functools import cache
from pathlib import Path

from pipelines.entities.gazetteers import first_names, known_places
from pipelines.entities.names import name_key
from pipelines.entities.word_case import lowercase_margin

COMPANIES_CSV = Path(__file__).parent / "data" / "listed_companies.csv"
_LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Company|Co\.?|plc|PLC|AG|SE|S\.?A\.?"
    r"|N\.?V\.?|Holdings?|Group|Ltd\.?|Limited|& Co\.?|A/S|ASA|AB|Oyj|KGaA|REIT))+$"
)


def news_name(listed: str) -> str:
    """ "Tesla, Inc." → "Tesla", "ASML Holding" → "ASML", "Siemens Energy AG" → "Siemens
    Energy": the name without what follows a comma and without its legal form."""
    return _LEGAL_FORM.sub("", listed.split(",")[0].strip()).strip()


def rows_from_package() -> list[dict[str, str]]:
    from pytickersymbols import PyTickerSymbols

    listed = sorted({stock["name"] for stock in PyTickerSymbols().get_all_stocks()})
    return [{"name": news_name(name), "listed_as": name} for name in listed]


def write_companies_csv(path: Path = COMPANIES_CSV) -> int:
    rows = rows_from_package()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["name", "listed_as"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _unambiguous(name: str) -> bool:
    """A name that is nothing else: not one ordinary English word ("Target", "Visa"), not a
    place ("Chevron" is none, "Phoenix" is), not a first name, at least three letters."""
    if len(name) < 3:
        return False
    if " " not in name and lowercase_margin(name.title()) is not None:
        return False
    key = name_key(name)
    return key not in known_places() and key not in first_names()


@cache
def listed_companies() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word → the words of each unambiguous listed company's name that starts with it."""
    with COMPANIES_CSV.open(encoding="utf-8", newline="") as table:
        names = {row["name"] for row in csv.DictReader(table)}
    starts: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(names):
        if _unambiguous(name):
            words = tuple(name.split())
            starts.setdefault(words[0], []).append(words)
    # longest first: "Siemens Energy" before "Siemens"
    return {w: tuple(sorted(n, key=len, reverse=True)) for w, n in starts.items()}


@cache
def listed_names() -> frozenset[str]:
    """Every name of ``listed_companies``, its words joined by single spaces."""
    options = listed_companies().values()
    return frozenset(" ".join(words) for names in options for words in names)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else COMPANIES_CSV
    print(f"{write_companies_csv(path)} companies")

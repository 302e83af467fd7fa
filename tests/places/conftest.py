import polars as pl
import pytest

from pipelines import schema


@pytest.fixture(scope="session")
def gaz():
    from pipelines.places.gazetteer import gazetteer

    return gazetteer()


def article_mentions(article_id: str, text: str, spans: list[tuple]) -> pl.DataFrame:
    """Mention rows (schema.MENTIONS) for ``spans``: (surface, label) or (surface, label,
    canonical name), each at its first occurrence after the previous one."""
    rows, cursor = [], 0
    for index, span in enumerate(spans):
        surface, label, *canonical = span
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        name = surface.removesuffix("'s")
        rows.append(
            {
                "article_id": article_id,
                "mention_index": index,
                "text": surface,
                "label": label,
                "start_char": start,
                "end_char": start + len(surface),
                "sentence_index": 0,
                "name": name,
                "canonical_name": canonical[0] if canonical else name,
            }
        )
    return pl.DataFrame(rows, schema=schema.MENTIONS)


@pytest.fixture(scope="session")
def mentions_of():
    return article_mentions


@pytest.fixture(scope="session")
def resolve(gaz):
    """resolve(text, spans) → {surface: (place name, feature, country, admin1)} of one
    article, spans as in ``article_mentions``."""
    from pipelines.places import resolve_places

    def run(text: str, spans: list[tuple]) -> dict:
        mentions = article_mentions("a1", text, spans)
        bodies = pl.DataFrame({"article_id": ["a1"], "body": [text]})
        found = resolve_places(mentions, bodies, gaz)
        places = gaz.places.select("place_id", "name", "feature", "country_code", "admin1_code")
        rows = mentions.join(found, on=["article_id", "mention_index"], how="left").join(
            places, on="place_id", how="left", suffix="_place"
        )
        return {
            row["text"]: (
                row["name_place"],
                row["feature"],
                row["country_code"],
                row["admin1_code"],
            )
            for row in rows.iter_rows(named=True)
        }

    return run

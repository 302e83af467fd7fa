"""Place resolution against our own annotated news sentences, and coverage on the seeds.

tests/data/places_eval.jsonl: one short article a line, {"id", "text", "places": [{"text",
"start", "country" (ISO 3166-1 alpha-2), "feature" (city, admin1, country), "latitude",
"longitude" (cities only)}]}. Gold coordinates were written from the real places, not read
from the gazetteer. The real model and mention rules run over each text; a gold place is
matched by the mention that overlaps it.

- country: the mention's place lies in the gold country (a missed mention counts as wrong);
- city within 50 km: for gold cities, the place's point is within 50 km of the gold point;
- found: a mention overlapping the gold span got a place at all.

On the seeds: the share of the model's place mentions (GPE, LOC, FAC) whose name or canonical
name the gazetteer knows that got a place,
and the countries of the seed article's Iraq, Baghdad, Mosul, Syria and Iran.
"""

import json
import math
from pathlib import Path

import polars as pl

from pipelines.settings import PROJECT_ROOT

PLACES_SET = PROJECT_ROOT / "tests" / "data" / "places_eval.jsonl"
SEED_ARTICLE = "iraq-withdrawal.txt"
SEED_PLACES = {"Iraq": "IQ", "Baghdad": "IQ", "Mosul": "IQ", "Syria": "SY", "Iran": "IR"}
CITY_KM = 50.0


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def read_cases(path: Path = PLACES_SET) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def extract_mentions(texts: dict[str, str]) -> pl.DataFrame:
    """Mentions (schema.MENTIONS) of each text, by the real model and rules."""
    from pipelines import schema
    from pipelines.nlp.mentions import MentionExtractor
    from pipelines.nlp.model import load_nlp
    from pipelines.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    extractor = MentionExtractor(nlp)
    rows = []
    for (article_id, _), doc in zip(texts.items(), nlp.pipe(texts.values()), strict=True):
        rows += [{**row, "article_id": article_id} for row in extractor(doc)]
    return pl.DataFrame(rows, schema=schema.MENTIONS)


def resolved(mentions: pl.DataFrame, texts: dict[str, str]) -> pl.DataFrame:
    """The mentions with their place's columns (null where none)."""
    from pipelines.places import resolve_places
    from pipelines.places.gazetteer import gazetteer

    bodies = pl.DataFrame({"article_id": list(texts), "body": list(texts.values())})
    found = resolve_places(mentions, bodies)
    places = gazetteer().places.select(
        "place_id",
        place_name="name",
        place_feature="feature",
        place_country="country_code",
        place_latitude="latitude",
        place_longitude="longitude",
    )
    return mentions.join(found, on=["article_id", "mention_index"], how="left").join(
        places, on="place_id", how="left"
    )


def score_cases(cases: list[dict], predictions: pl.DataFrame) -> dict:
    """Counts and the errors, for the cases' gold places against ``predictions``."""
    by_article = {key[0]: group for key, group in predictions.group_by("article_id")}
    totals = {"gold": 0, "found": 0, "country": 0, "cities": 0, "city_50km": 0}
    errors = []
    for case in cases:
        group = by_article.get(case["id"], predictions.clear())
        for gold in case["places"]:
            start, end = gold["start"], gold["start"] + len(gold["text"])
            hit = group.filter(
                (pl.col("start_char") < end) & (pl.col("end_char") > start)
            ).drop_nulls("place_id")
            place = hit.row(0, named=True) if hit.height else None
            totals["gold"] += 1
            totals["found"] += place is not None
            country_ok = place is not None and place["place_country"] == gold["country"]
            totals["country"] += country_ok
            near = None
            if gold["feature"] == "city":
                totals["cities"] += 1
                if place is not None and place["place_latitude"] is not None:
                    near = km_between(
                        gold["latitude"],
                        gold["longitude"],
                        place["place_latitude"],
                        place["place_longitude"],
                    )
                totals["city_50km"] += near is not None and near <= CITY_KM
            if not country_ok or (gold["feature"] == "city" and not (near or 1e9) <= CITY_KM):
                got = (
                    "no place"
                    if place is None
                    else (
                        f"{place['place_name']} ({place['place_feature']}, {place['place_country']}"
                        + (f", {near:.0f} km" if near is not None else "")
                        + ")"
                    )
                )
                errors.append(f"{case['id']} {gold['text']!r}: want {gold['country']}, got {got}")
    return {**totals, "errors": errors}


def seed_coverage(seeds: Path) -> tuple[int, int, dict[str, str | None]]:
    """(place mentions whose name the gazetteer knows, those with a place, the seed article's
    countries of SEED_PLACES)."""
    from pipelines.ingest.load import ingest_folder
    from pipelines.places.gazetteer import gazetteer, name_key
    from pipelines.places.mentions import PLACE_LABELS

    articles = ingest_folder(seeds).articles.select("article_id", "source", "body")
    texts = dict(zip(articles["article_id"], articles["body"], strict=True))
    predictions = resolved(extract_mentions(texts), texts)
    known_keys = gazetteer().known["key"].implode()
    # the model's place mentions (GPE, LOC, FAC) whose name or canonical name the gazetteer has
    candidates = predictions.filter(
        pl.col("label").is_in(PLACE_LABELS)
        & (name_key("canonical_name").is_in(known_keys) | name_key("name").is_in(known_keys))
    )
    placed = candidates.filter(pl.col("place_id").is_not_null()).height
    seed_id = articles.filter(pl.col("source") == SEED_ARTICLE)["article_id"].to_list()
    in_seed = predictions.filter(pl.col("article_id").is_in(seed_id))
    countries = {}
    for name in SEED_PLACES:
        rows = in_seed.filter(pl.col("name") == name).drop_nulls("place_id")
        countries[name] = rows["place_country"][0] if rows.height else None
    return candidates.height, placed, countries


def run(shared: Path) -> None:
    del shared  # our own set: nothing of others' is read
    cases = read_cases()
    texts = {case["id"]: case["text"] for case in cases}
    result = score_cases(cases, resolved(extract_mentions(texts), texts))
    gold, cities = result["gold"], result["cities"]
    print(f"places set ({PLACES_SET.name}): {len(cases)} articles, {gold} place mentions")
    print(f"  country right:     {result['country'] / gold:.3f} ({result['country']}/{gold})")
    print(
        f"  city within 50 km: {result['city_50km'] / cities:.3f} "
        f"({result['city_50km']}/{cities} cities)"
    )
    print(f"  mention found with a place: {result['found'] / gold:.3f}")
    for error in result["errors"]:
        print(f"  - {error}")
    known, placed, countries = seed_coverage(PROJECT_ROOT / "seeds")
    share = placed / known if known else 1.0
    print(f"seeds: {placed}/{known} place mentions the gazetteer knows got a place ({share:.1%})")
    wrong = {n: c for n, c in countries.items() if c != SEED_PLACES[n]}
    print(
        "seed article: "
        + ", ".join(f"{name} → {country}" for name, country in countries.items())
        + (" (all right)" if not wrong else f" (WRONG: {wrong})")
    )

"""Entity mentions and entity resolution scored on the 24 Wikinews articles annotated by GUM.

Gold: mentions with an ``identity`` (a Wikipedia title). GUM spans include determiners,
possessives and titles ("U.S. President Donald Trump's") while ours name the entity only, so
both sides are compared on their *core*: the span without a leading determiner or title and
without a possessive. Clustering is scored with B-cubed over the matched mentions, corpus-wide:
mentions with one identity should share one entity_id.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl
import spacy

from pipelines import schema
from pipelines.entities import REGISTRY, resolve_entities
from pipelines.entities.gazetteers import is_affiliation
from pipelines.entities.names import DETERMINERS, title_length
from pipelines.nlp.mentions import MentionExtractor, customize_pipeline
from pipelines.settings import PROJECT_ROOT, Settings

# GUM etype → the spaCy labels that count as the same kind of entity.
LABELS_FOR_ETYPE = {
    "person": {"PERSON", "NORP"},  # GUM calls groups of people persons: "Afghans", "Muslims"
    "organization": {"ORG", "NORP"},
    "place": {"GPE", "LOC", "FAC"},
    "event": {"EVENT"},
    "object": {"PRODUCT", "WORK_OF_ART", "FAC"},
    "abstract": {"WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "ORG"},
    "substance": {"PRODUCT"},
    "animal": {"PRODUCT"},
    "time": {"EVENT"},
}
_CONNECTORS = frozenset({"of", "the", "and", "for", "de", "on", "in", "-", "&"})
# Capitalised at the start of a sentence, yet no names: "He said", "We won".
_PRONOUNS = frozenset(
    {"i", "me", "my", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our"}
    | {"they", "them", "their", "you", "your", "this", "that", "these", "those"}
)


def _lead_words(words: list[str]) -> int:
    """Leading words before the name: determiners, a side taken, then a title with its
    capitalised modifiers.

    GUM spans "U.S. President Donald Trump's" and "NASA Administrator Charles Bolden".
    """
    skip = 0
    while skip < len(words) - 1 and words[skip].lower() in DETERMINERS:
        skip += 1
    # "Nonpartisan Paul Tse": GUM spans the side taken, as it spans titles; names do not
    if skip < len(words) - 2 and is_affiliation(words[skip]) and words[skip + 1][0].isupper():
        skip += 1
    for start in range(skip, min(skip + 3, len(words) - 1)):
        titles = title_length(words[start:])
        if titles and all(w[0].isupper() for w in words[skip:start]):
            return start + titles
    return skip


def core_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading determiners or titles, trailing possessive or punctuation."""
    words = text[start:end].split()
    for word in words[: _lead_words(words)]:
        start = text.index(word, start) + len(word)
    while start < end and text[start].isspace():
        start += 1
    for suffix in ("'s", "’s", "'", "’", " ,", ","):
        if text.endswith(suffix, start, end) and end - len(suffix) > start:
            end -= len(suffix)
    return start, end


def is_proper_name(core: str) -> bool:
    """ "Donald Trump", "Daughters of the American Revolution"; not "team", "He", "President".

    "US" is a name and "us" a pronoun: only a pronoun not written in capitals is left out.
    """
    words = core.split()
    if not words or not core[0].isupper() or title_length(words + ["x"]) == len(words):
        return False
    if core.lower() in _PRONOUNS and (core == "I" or not core.isupper()):
        return False
    return all(w[0].isupper() or w in _CONNECTORS or not w[0].isalpha() for w in words)


def load_gold(corpus: Path) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in (corpus / "mentions.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["identity"]:
            gold[row["article"]].append(row)
    return gold


def load_customized():
    nlp = spacy.load(Settings().spacy_model)
    customize_pipeline(nlp)
    return nlp


def extract_texts(nlp, texts: dict[str, str], changes: Counter | None = None) -> pl.DataFrame:
    """The real extraction of article → text: model, mention rules and resolver, as the
    pipeline runs them. ``changes`` receives what each rule family changed."""
    extract = MentionExtractor(nlp)
    rows = []
    for article, doc in zip(texts, nlp.pipe(texts.values()), strict=True):
        rows += [{"article_id": article, **row} for row in extract(doc)]
    mentions = pl.DataFrame(rows, schema=schema.MENTIONS)
    resolved, registry = resolve_entities(mentions, pl.DataFrame(schema=REGISTRY))
    if changes is not None:
        changes.update(extract.changes)
        voted = resolved.filter(pl.col("label_rule") == "corpus_vote").height
        changes["relabelled: corpus_vote"] += voted
        changes.update(_rule_details(resolved))
        for rule in ("alias", "surname"):
            count = registry.filter(pl.col("link_rule") == rule).height
            changes[f"linked across articles: {rule} names"] += count
    return resolved


# Rules inside a family worth counting on their own: (family, from labels, to label, what).
_RULE_DETAILS = (("short_form", {"GPE", "LOC"}, "PERSON", "a surname the model called a place"),)


def _rule_details(resolved: pl.DataFrame) -> Counter:
    """How many mentions some rules of a family changed, as "relabelled: family (...)"."""
    details: Counter = Counter()
    for family, before, after, what in _RULE_DETAILS:
        count = resolved.filter(
            pl.col("label_rule") == family,
            pl.col("original_label").is_in(sorted(before)),
            pl.col("label") == after,
        ).height
        details[f"relabelled: {family} ({what} -> {after})"] = count
    return details


def extract_corpus(
    nlp, corpus: Path, articles: list[str], changes: Counter | None = None
) -> tuple[pl.DataFrame, dict[str, str]]:
    texts = {a: (corpus / "articles" / a).read_text("utf-8") for a in articles}
    return extract_texts(nlp, texts, changes), texts


def print_label_quality(matched: list[tuple[str, str]]) -> None:
    """Per GUM entity type: how many matched mentions carry a label of that type, and the
    confusion matrix of gold type × our label over the matched mentions."""
    confusion = Counter(matched)
    labels = sorted({label for _, label in matched})
    print("Labels of matched proper-name mentions (rows: GUM type, columns: our label):")
    print(f"  {'':<13}" + "".join(f"{label[:7]:>8}" for label in labels) + "   right")
    for etype in LABELS_FOR_ETYPE:
        row = [confusion[(etype, label)] for label in labels]
        if not sum(row):
            continue
        right = sum(confusion[(etype, label)] for label in LABELS_FOR_ETYPE[etype])
        cells = "".join(f"{count:>8}" for count in row)
        print(f"  {etype:<13}{cells}   {right / sum(row):.3f}")


def print_changes(changes: Counter) -> None:
    print("Mentions each rule family changed:")
    for family, count in sorted(changes.items()):
        print(f"  {family:<40} {count}")


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p, r = tp / max(predicted, 1), tp / max(gold, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def b_cubed(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed over (gold identity, predicted entity_id) pairs, one pair per matched mention."""
    gold_size, pred_size, both = (
        Counter(g for g, _ in pairs),
        Counter(p for _, p in pairs),
        Counter(pairs),
    )
    n = max(len(pairs), 1)
    precision = sum(both[(g, p)] / pred_size[p] for g, p in pairs) / n
    recall = sum(both[(g, p)] / gold_size[g] for g, p in pairs) / n
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def gold_cores(gold: dict[str, list[dict]], texts: dict[str, str]) -> dict[tuple, dict]:
    """(article, core start, core end) → the gold mention; the first of nested twins wins."""
    cores: dict[tuple, dict] = {}
    for article, rows in gold.items():
        for row in rows:
            start, end = core_bounds(texts[article], row["start_char"], row["end_char"])
            cores.setdefault((article, start, end), row)
    return cores


def predicted_core(row: dict) -> tuple[str, int, int]:
    """Our mention's name span: the surface span narrowed to where ``name`` sits in it."""
    offset = row["text"].find(row["name"])
    if offset < 0:
        return row["article_id"], row["start_char"], row["end_char"]
    start = row["start_char"] + offset
    return row["article_id"], start, start + len(row["name"])


def report(title: str, tp: int, labelled: int, predicted: int, gold: int) -> None:
    p, r, f = prf(tp, predicted, gold)
    lp, lr, lf = prf(labelled, predicted, gold)
    print(f"{title}: gold {gold}, predicted {predicted}, matched {tp}")
    print(f"  span only      P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  span and label P {lp:.3f}  R {lr:.3f}  F1 {lf:.3f}")


def gum_mentions_without_identity(corpus: Path, texts: dict[str, str]) -> set[tuple]:
    """Cores of GUM mentions with no identity: names like "Nick Moreau" with no Wikipedia page."""
    cores = set()
    for line in (corpus / "mentions.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        if not row["identity"] and row["article"] in texts:
            text = texts[row["article"]]
            cores.add((row["article"], *core_bounds(text, row["start_char"], row["end_char"])))
    return cores


def is_nationality_adjective(row: dict) -> bool:
    """ "Afghan" in "the Afghan team": a one-word NORP, not a plural noun ("Afghans").

    GUM marks noun phrases only, so it has no mention for the adjective; the warehouse keeps
    it (a nationality is worth grouping by), and the third line scores without it.
    """
    name = row["name"]
    return row["label"] == "NORP" and " " not in name and not name.endswith("s")


def run(shared_dir: Path) -> None:
    corpus = shared_dir / "corpora" / "wikinews-gum"
    gold = load_gold(corpus)
    articles = sorted(p.name for p in (corpus / "articles").glob("*.txt"))
    nlp = load_customized()
    changes: Counter = Counter()
    resolved, texts = extract_corpus(nlp, corpus, articles, changes)
    cores = gold_cores(gold, texts)
    proper = {k for k, row in cores.items() if is_proper_name(texts[k[0]][k[1] : k[2]])}
    matched, pairs, typed = [], [], []
    for row in resolved.iter_rows(named=True):
        key = predicted_core(row)
        if key in cores:
            gold_row = cores[key]
            ok_label = row["label"] in LABELS_FOR_ETYPE.get(gold_row["etype"], set())
            matched.append((key, ok_label))
            pairs.append((gold_row["identity"], row["entity_id"]))
            if key in proper:
                typed.append((gold_row["etype"], row["label"]))
    hits = {k for k, _ in matched}
    labelled = {k for k, ok in matched if ok}
    print(f"{len(articles)} articles, {resolved.height} predicted mentions, label mapping:")
    for etype, labels in LABELS_FOR_ETYPE.items():
        print(f"  {etype:<12} -> {', '.join(sorted(labels))}")
    report("All mentions with an identity", len(hits), len(labelled), resolved.height, len(cores))
    report(
        "Proper-name mentions with an identity",
        len(hits & proper),
        len(labelled & proper),
        resolved.height,
        len(proper),
    )
    unknown = gum_mentions_without_identity(corpus, texts)
    no_identity = sum(
        1
        for row in resolved.iter_rows(named=True)
        if predicted_core(row) not in cores and predicted_core(row) in unknown
    )
    report(
        "Same, not counting predictions on GUM mentions without an identity "
        f"({no_identity}, e.g. people with no Wikipedia page)",
        len(hits & proper),
        len(labelled & proper),
        resolved.height - no_identity,
        len(proper),
    )
    adjectives = sum(
        1
        for row in resolved.iter_rows(named=True)
        if predicted_core(row) not in cores
        and predicted_core(row) not in unknown
        and is_nationality_adjective(row)
    )
    report(
        f"Same, not counting nationality adjectives either ({adjectives}, e.g. 'Afghan' team: "
        "GUM marks no adjectives)",
        len(hits & proper),
        len(labelled & proper),
        resolved.height - no_identity - adjectives,
        len(proper),
    )
    print_label_quality(typed)
    p, r, f = b_cubed(pairs)
    identities = len({g for g, _ in pairs})
    entities = len({e for _, e in pairs})
    print(
        f"Clustering over {len(pairs)} matched mentions ({identities} identities, "
        f"{entities} entity_ids): B-cubed P {p:.3f}  R {r:.3f}  F1 {f:.3f}"
    )
    print_changes(changes)


def run_blind() -> dict:
    """Our blind news set (CoNLL labels), bare model against the pipeline."""
    from pipelines.evaluation import entities_blind

    nlp = load_customized()
    return entities_blind.run(spacy.load(Settings().spacy_model), lambda t: extract_texts(nlp, t))


if __name__ == "__main__":
    run(PROJECT_ROOT.parent / "shared")

"""Every table and view of the warehouse, declared once: its SQL folder and what it is built from.

The load creates the tables, rebuilds the derived ones and creates the views in the order
this list gives (a relation after every relation it reads, never by file name); the Dagster
lineage of the warehouse assets is built from it; a test parses every SQL file and fails
where a file reads a table its entry does not name. Adding a table is one entry here, its
SQL file (`sql/<folder>/<name>.sql`) and its suite (`expectations/<name>.json`); adding a
reference rule is one file in `sql/checks/` named in its table's ``checks``.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.settings import SQL_DIR

# sql/tables: loaded from the frames of a run; sql/refresh: rebuilt from other tables in each
# load; sql/views: views over the tables, created after each load.
LOADED, DERIVED, VIEW = "tables", "refresh", "views"
FOLDERS = (LOADED, DERIVED, VIEW)  # the order they run in


@dataclass(frozen=True)
class Relation:
    name: str
    folder: str  # LOADED, DERIVED or VIEW
    reads: tuple[str, ...] = ()  # warehouse tables its SQL reads
    loaded_from: tuple[str, ...] = ()  # the run's frames (assets) its rows come from
    # Rows belong to one article: a load replaces those of edited and removed articles.
    per_article: bool = False
    # Its suite (expectations/<name>.json) runs on the frame before the load (ingest,
    # extract); otherwise it runs on the loaded table inside the load, before the commit.
    suite_on_frame: bool = False
    # Reference rules on its rows (sql/checks/<check>.sql), blocking checks of the load.
    checks: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return SQL_DIR / self.folder / f"{self.name}.sql"


CHECKS_DIR = SQL_DIR / "checks"


def check_path(check: str) -> Path:
    return CHECKS_DIR / f"{check}.sql"


def check_description(check: str) -> str:
    """The first line of the check's SQL file, a comment that says what the rule is."""
    first = check_path(check).read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("--").strip()


RELATIONS = (
    Relation(
        "articles",
        LOADED,
        loaded_from=("articles", "article_changes"),
        per_article=True,
        suite_on_frame=True,
    ),
    Relation("rejected_inputs", LOADED, loaded_from=("rejected_inputs",), suite_on_frame=True),
    Relation(
        "sentences",
        LOADED,
        loaded_from=("sentences",),
        per_article=True,
        suite_on_frame=True,
        checks=("sentences_have_articles",),
    ),
    Relation(
        "entity_mentions",
        LOADED,
        loaded_from=("entity_mentions",),
        per_article=True,
        suite_on_frame=True,
        checks=(
            "entity_mentions_have_articles",
            "entity_mentions_have_sentences",
            "entity_mentions_have_places",
        ),
    ),
    Relation(
        "numeric_facts",
        LOADED,
        loaded_from=("numeric_facts",),
        per_article=True,
        suite_on_frame=True,
        checks=(
            "numeric_facts_have_articles",
            "numeric_facts_have_entities",
            "numeric_facts_have_sentences",
        ),
    ),
    Relation("entity_registry", LOADED, loaded_from=("entity_registry",)),
    Relation("entities", DERIVED, reads=("entity_mentions",)),
    Relation("entity_aliases", DERIVED, reads=("entity_mentions", "entities")),
    Relation("entity_cooccurrence", DERIVED, reads=("entity_mentions", "entities")),
    Relation("entity_salience", DERIVED, reads=("entity_mentions", "articles")),
    Relation("load_runs", LOADED, loaded_from=("article_changes",)),
    Relation("places", LOADED, loaded_from=("places",)),
    Relation("fact_details", VIEW, reads=("numeric_facts", "articles", "sentences", "entities")),
    Relation("entity_mentions_per_day", VIEW, reads=("entity_mentions", "articles", "entities")),
    Relation("top_entities_by_label", VIEW, reads=("entities",)),
    Relation("entity_pairs", VIEW, reads=("entity_cooccurrence", "entities")),
    Relation("money_by_currency", VIEW, reads=("numeric_facts",)),
    Relation("money_facts", VIEW, reads=("numeric_facts", "articles", "entities")),
    Relation("largest_numeric_facts", VIEW, reads=("numeric_facts", "articles", "entities")),
    Relation("mentions_by_country_day", VIEW, reads=("entity_mentions", "places", "articles")),
)

BY_NAME = {relation.name: relation for relation in RELATIONS}

# The tables of the published warehouse (each a Dagster asset), in declaration order.
TABLES = tuple(r.name for r in RELATIONS if r.folder != VIEW)
# Tables whose suite runs on the loaded table, inside the load.
SUITES_IN_LOAD = tuple(r.name for r in RELATIONS if r.folder != VIEW and not r.suite_on_frame)


def reference_checks() -> list[tuple[str, str]]:
    """(table, check) for every reference rule, in declaration order."""
    return [(r.name, check) for r in RELATIONS for check in r.checks]


def build_order(relations: tuple[Relation, ...] = RELATIONS) -> list[Relation]:
    """``relations`` with each after every one of them it reads (else in declaration order).

    A read of a relation outside ``relations`` is one built before them (an earlier folder).
    """
    for read in {read for r in relations for read in r.reads} - set(BY_NAME):
        raise ValueError(f"{read} is read but not declared in pipelines/warehouse/tables.py")
    built: list[Relation] = []
    waiting = list(relations)
    while waiting:
        pending = {r.name for r in waiting}
        ready = next((r for r in waiting if not pending.intersection(r.reads)), None)
        if ready is None:
            raise ValueError(
                f"warehouse relations read each other in a cycle: {', '.join(sorted(pending))}"
            )
        built.append(ready)
        waiting.remove(ready)
    return built


def in_folder(folder: str) -> list[Relation]:
    """The relations of one SQL folder, in the order they are built."""
    return build_order(tuple(r for r in RELATIONS if r.folder == folder))


def per_article_tables() -> list[str]:
    """Tables whose rows belong to one article, each before the articles it points into."""
    return [r.name for r in reversed(RELATIONS) if r.per_article]


def corpus_tables() -> tuple[str, ...]:
    """The corpus-wide tables (sql/refresh): rebuilt once after shard loads, not by each."""
    return tuple(r.name for r in RELATIONS if r.folder == DERIVED)


def reads_corpus_tables(check: str) -> bool:
    """Whether a reference rule reads a corpus-wide table (a shard load leaves it stale)."""
    words = set(re.findall(r"\w+", check_path(check).read_text(encoding="utf-8").lower()))
    return bool(words.intersection(corpus_tables()))

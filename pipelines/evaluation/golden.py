"""`python -m pipelines.evaluation.golden OUT`: every sentence, mention and fact the
extractors find in the repository's texts, one line each, for a before/after ``diff``.

A change meant to keep the extractors' output (a faster component, a refactoring) is
checked by writing this file before and after it: ``diff`` then shows every line that moved.
"""

import json
import sys
from pathlib import Path

from pipelines.evaluation.texts import repository_texts
from pipelines.nlp.extract import ArticleExtractor
from pipelines.settings import Settings

TABLES = ("sentences", "mentions", "facts")


def golden_lines(texts: list[tuple[str, str]], extractor: ArticleExtractor) -> list[str]:
    """``<table> <text name> <row as JSON>`` for every row, texts in the given order."""
    names = [name for name, _ in texts]
    extraction = extractor(names, [text for _, text in texts])
    lines = []
    for table in TABLES:
        frame = getattr(extraction, table)
        for row in frame.iter_rows(named=True):  # a debugging tool, not a hot path
            name = row.pop("article_id")
            lines.append(f"{table} {name} {json.dumps(row, sort_keys=True, default=str)}")
    order = {name: index for index, name in enumerate(names)}
    return sorted(lines, key=lambda line: (order[line.split(" ", 2)[1]], line))


def main(out: Path) -> int:
    settings = Settings()
    extractor = ArticleExtractor(
        settings.spacy_model, settings.batch_size, settings.max_chunk_chars
    )
    lines = golden_lines(repository_texts(), extractor)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines written to {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m pipelines.evaluation.golden OUT")
    sys.exit(main(Path(sys.argv[1])))

"""All the text the repository has: the seed articles, the GUM Wikinews articles and the
number test cases (Recognizers-Text specs and our dev set). The golden comparison runs the
extractors over them; `make bench` builds its articles from their sentences."""

import json
import re
from pathlib import Path

from pipelines.ingest import load_articles
from pipelines.settings import PROJECT_ROOT

SHARED_DIR = PROJECT_ROOT.parent / "shared"
RECOGNIZERS_DIR = Path("corpora") / "numbers-recognizers"
GUM_ARTICLES_DIR = Path("corpora") / "wikinews-gum" / "articles"
DEV_SET = PROJECT_ROOT / "tests" / "data" / "quantities_dev.jsonl"


def article_texts(folder: Path, prefix: str) -> list[tuple[str, str]]:
    """(name, body) of every article in a folder, as the pipeline reads them."""
    if not folder.is_dir():
        return []
    articles, _ = load_articles(folder)
    pairs = zip(articles["source"], articles["body"], strict=True)
    return [(f"{prefix}{source}", body) for source, body in pairs]


def number_cases(shared_dir: Path = SHARED_DIR) -> list[tuple[str, str]]:
    """(name, sentence) of every number test case: the Recognizers-Text specs (when
    ``shared_dir`` has them) and our dev set."""
    cases = []
    for path in sorted((shared_dir / RECOGNIZERS_DIR).glob("*.json")):
        for number, item in enumerate(json.loads(path.read_text(encoding="utf-8")), 1):
            cases.append((f"recognizers/{path.name}#{number}", item["Input"]))
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.strip():
            cases.append((f"dev#{number}", json.loads(line)["text"]))
    return cases


def repository_texts(shared_dir: Path = SHARED_DIR) -> list[tuple[str, str]]:
    """(name, text) of every text: seed articles, GUM articles, number cases."""
    return (
        article_texts(PROJECT_ROOT / "seeds", "seeds/")
        + article_texts(shared_dir / GUM_ARTICLES_DIR, "gum/")
        + number_cases(shared_dir)
    )


# A sentence ends at . ! or ? (and a closing quote or bracket) before a space, or at a line.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
MIN_SENTENCE_WORDS = 4


def repository_sentences(shared_dir: Path = SHARED_DIR) -> list[str]:
    """The distinct sentences of every text, in a stable order; lines shorter than a few
    words (headlines, datelines, captions) are left out."""
    seen: dict[str, None] = {}
    for _, text in repository_texts(shared_dir):
        for piece in _SENTENCE_END.split(text):
            sentence = " ".join(piece.split())
            if len(sentence.split()) >= MIN_SENTENCE_WORDS:
                seen.setdefault(sentence, None)
    return list(seen)

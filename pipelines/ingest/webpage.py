"""HTML pages: trafilatura finds the article text and its title, date and URL."""

from pipelines.ingest.decoding import normalize_newlines
from pipelines.ingest.draft import Draft, Rejected
from pipelines.ingest.metadata import dateline_date, parse_timestamp

MIN_ARTICLE_WORDS = 5
NO_TEXT = (
    "no article text found in the HTML (only navigation, scripts or too little text): "
    "save the article page itself, or paste its text into a .txt file"
)


def read_html(source: str, text: str, notes: list[str]) -> Draft:
    import trafilatura  # ~1 s to import: only when a folder holds HTML

    page = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        # Precision over recall: a menu or a list of links is not an article and must be
        # rejected, not stored as one.
        favor_precision=True,
        # Metadata dates only: a deep search would take any date written in the page.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    body = page.text if page is not None else None
    # trafilatura falls back to all the text of a tiny page, e.g. "HomeWorld" from a menu
    if not body or len(body.split()) < MIN_ARTICLE_WORDS:
        raise Rejected(NO_TEXT)
    title = page.title or None
    published_at = parse_timestamp(page.date) if page.date else None
    return Draft(
        source,
        normalize_newlines(body),
        "html",
        title=title,
        url=page.url or None,
        published_at=published_at or dateline_date(body, title),
        notes=notes,
    )

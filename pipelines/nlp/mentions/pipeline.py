"""What the mention rules add to the spaCy pipeline: line breaks end sentences, glued words split.

Both changes keep ``doc.text`` unchanged; they only move token and sentence boundaries.
"""

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.nlp.infixes import add_infixes

LINE_SENTENCES = "newsfacts_line_sentences"

# Function words that lose their space in scraped text: "theUnited States", "inIraq".
_GLUED_WORDS = ("the", "of", "in", "and", "to", "from", "for", "with", "by", "on", "at")
GLUED_WORD_INFIX = "|".join(rf"(?<=^{word})(?=[A-Z][a-z])" for word in _GLUED_WORDS)


@Language.component(LINE_SENTENCES, assigns=["token.is_sent_start"])
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and datelines stand alone.

    News bodies put the headline, the dateline and section headings on lines without final
    punctuation; the parser would glue them to the next sentence. The parser keeps boundaries
    set before it runs.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_glued_word_infix(nlp: Language) -> None:
    """Split a lowercase function word glued to a capitalised word, keeping earlier infix rules."""
    add_infixes(nlp, GLUED_WORD_INFIX)


def customize_pipeline(nlp: Language) -> None:
    """Add the mention rules to a loaded pipeline; calling it twice changes nothing."""
    add_glued_word_infix(nlp)
    if LINE_SENTENCES not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe(LINE_SENTENCES, before=before) if before else nlp.add_pipe(
            LINE_SENTENCES, first=True
        )

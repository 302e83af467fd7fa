"""Loading the spaCy pipeline: once per process, with the project's own components added."""

from functools import cache

import spacy
from spacy.language import Language


@cache
def load_nlp(model_name: str) -> Language:
    """The configured model with the rules of both extractors; cached so a process loads it once."""
    from pipelines.nlp import mentions, quantities

    nlp = spacy.load(model_name)
    mentions.customize_pipeline(nlp)
    quantities.customize_pipeline(nlp)
    return nlp

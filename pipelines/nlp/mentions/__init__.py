"""Entity mentions of one article: spaCy entities cleaned, named and canonicalised.

``customize_pipeline(nlp)`` adds the rules once after ``spacy.load``; ``MentionExtractor(nlp)``
turns a Doc into rows of ``schema.MENTIONS`` (without article_id). No dagster here.
"""

from pipelines.nlp.mentions.extractor import MentionExtractor
from pipelines.nlp.mentions.pipeline import customize_pipeline

__all__ = ["MentionExtractor", "customize_pipeline"]

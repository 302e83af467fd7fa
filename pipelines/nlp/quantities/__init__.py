"""Numeric facts from a parsed article: value, unit, qualifier or change, concept and entity.

Rules are data: Matcher patterns in `patterns.py`, unit, scale, qualifier and change tables in
`data/*.csv`. No dagster here: the pipeline calls `customize_pipeline` once after `spacy.load`
and `NumericFactExtractor(nlp)(doc)` per article.
"""

from pipelines.nlp.quantities.extractor import NumericFactExtractor
from pipelines.nlp.quantities.tokenizer import customize_pipeline

__all__ = ["NumericFactExtractor", "customize_pipeline"]

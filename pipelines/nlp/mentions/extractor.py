"""The per-process mention extractor the pipeline calls on every article Doc."""

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.nlp.mentions.canonical import canonical_names
from pipelines.nlp.mentions.cleaning import clean_mention, common_words


class MentionExtractor:
    """``extract(doc)`` → rows of ``schema.MENTIONS`` without article_id, in text order."""

    def __init__(self, nlp: Language):
        # Holds no model of its own: every rule is a pure function of the Doc.
        self.nlp = nlp

    def __call__(self, doc: Doc) -> list[dict]:
        common = common_words(doc)
        sentence_of = {}
        for index, sent in enumerate(doc.sents):
            for ent in sent.ents:
                sentence_of[ent.start] = index
        mentions = [
            m
            for ent in doc.ents
            if (m := clean_mention(ent, sentence_of.get(ent.start, 0), common)) is not None
        ]
        canonical = canonical_names(mentions)
        return [
            {
                "mention_index": index,
                "text": doc.text[m.start_char : m.end_char],
                "label": m.label,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "sentence_index": m.sentence_index,
                "name": m.name,
                "canonical_name": name,
            }
            for index, (m, name) in enumerate(zip(mentions, canonical, strict=True))
        ]

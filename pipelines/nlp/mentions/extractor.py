"""The per-process mention extractor the pipeline calls on every article Doc."""

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.nlp.mentions.canonical import canonical_names
from pipelines.nlp.mentions.cleaning import clean_mention, common_words
from pipelines.nlp.mentions.metonymy import with_governments
from pipelines.nlp.mentions.propagation import missed_mentions


class MentionExtractor:
    """``extract(doc)`` → rows of ``schema.MENTIONS`` without article_id, in text order."""

    def __init__(self, nlp: Language):
        # Holds no model of its own: every rule is a pure function of the Doc.
        self.nlp = nlp

    def __call__(self, doc: Doc) -> list[dict]:
        text = doc.text  # spaCy joins the tokens on every access: read it once
        common = common_words(doc)
        sentence_of = [0] * len(doc)
        for index, sent in enumerate(doc.sents):
            sentence_of[sent.start : sent.end] = [index] * len(sent)
        mentions = [
            m
            for ent in doc.ents
            if (m := clean_mention(ent, sentence_of[ent.start], common, text)) is not None
        ]
        mentions += missed_mentions(doc, mentions, sentence_of, common, text)
        mentions.sort(key=lambda m: m.start_char)
        mentions = with_governments(doc, mentions)
        canonical = canonical_names(mentions)
        return [
            {
                "mention_index": index,
                "text": text[m.start_char : m.end_char],
                "label": m.label,
                "start_char": m.start_char,
                "end_char": m.end_char,
                "sentence_index": m.sentence_index,
                "name": m.name,
                "canonical_name": name,
            }
            for index, (m, name) in enumerate(zip(mentions, canonical, strict=True))
        ]

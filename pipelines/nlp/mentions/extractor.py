"""The per-process mention extractor the pipeline calls on every article Doc."""

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from pipelines.entities.gazetteers import load_tables
from pipelines.nlp.mentions.canonical import base_names, canonical_names
from pipelines.nlp.mentions.cleaning import (
    CleanMention,
    clean_mention,
    common_words,
    sentence_bounds,
    without_ordinary_words,
)
from pipelines.nlp.mentions.companies import with_listed_companies
from pipelines.nlp.mentions.datelines import with_datelines
from pipelines.nlp.mentions.glued import split_glued_names
from pipelines.nlp.mentions.labels import persons_named_after_places, with_context_labels
from pipelines.nlp.mentions.metonymy import with_governments
from pipelines.nlp.mentions.not_names import parts_of_other_things
from pipelines.nlp.mentions.propagation import missed_mentions
from pipelines.nlp.mentions.spans import (
    cut_phrases_past_names,
    cut_titles_from_organisations,
    drop_debris,
    extend_to_whole_names,
    grow_to_full_names,
    merge_adjacent,
)
from pipelines.nlp.mentions.votes import article_vote, coordination_labels, short_form_labels


class MentionExtractor:
    """``extract(doc)`` → rows of ``schema.MENTIONS`` without article_id, in text order.

    ``changes`` counts what each rule family did over every article seen (dropped, merged,
    relabelled by rule, linked to a longer name): ``make eval`` prints it.
    """

    def __init__(self, nlp: Language):
        # Holds no model of its own: every rule is a pure function of the Doc.
        self.nlp = nlp
        self.changes: Counter = Counter()
        load_tables()

    def mentions(self, doc: Doc, text: str) -> tuple[list[CleanMention], list[str]]:
        """The article's clean mentions in text order, and their canonical names."""
        common = common_words(doc)
        # From the sentence-start array: ``doc.sents`` builds a Span per sentence.
        sentence_of = sentence_bounds(doc)[0].tolist()
        cleaned = [
            m
            for ent in doc.ents
            if (m := clean_mention(ent, sentence_of[ent.start], common, text)) is not None
        ]
        mentions = without_ordinary_words(doc, cleaned)
        self.changes["dropped: an ordinary English word"] += len(cleaned) - len(mentions)
        self.changes["dropped"] += len(cleaned) - len(mentions)
        mentions, split = split_glued_names(doc, mentions, text)
        self.changes["split"] += split
        mentions += missed_mentions(doc, mentions, sentence_of, common, text)
        mentions.sort(key=lambda m: m.start_char)
        before = len(mentions)
        mentions = with_listed_companies(doc, mentions, text)
        self.changes["added: a listed company the model missed"] += len(mentions) - before
        debris_free = drop_debris(mentions, text)
        kept = parts_of_other_things(debris_free, text)
        self.changes["dropped"] += len(mentions) - len(kept)
        parts = "dropped: a post-nominal, a time zone, a title word, a fear, a stage, a category"
        self.changes[parts] += len(debris_free) - len(kept)
        kept = persons_named_after_places(doc, kept, text)
        mentions, merged = merge_adjacent(kept, text)
        mentions, grown = extend_to_whole_names(doc, mentions, text)
        mentions, cut = cut_titles_from_organisations(mentions, text)
        mentions, completed = grow_to_full_names(doc, mentions, text)
        mentions, shortened = cut_phrases_past_names(doc, mentions, text)
        self.changes["merged"] += merged + grown + cut + completed + shortened
        details = Counter()
        mentions = with_context_labels(doc, with_governments(doc, mentions), details)
        before = {(m.start_char, m.end_char, m.label) for m in mentions}
        mentions = with_datelines(doc, mentions, text)
        self.changes["labelled or added: a dateline's place, region or agency"] += len(
            {(m.start_char, m.end_char, m.label) for m in mentions} - before
        )
        self.changes.update({f"proposed by {rule}": n for rule, n in details.items()})
        mentions = coordination_labels(doc, mentions)
        canonical = canonical_names(mentions)
        self.changes["linked"] += sum(
            c != b for c, b in zip(canonical, base_names(mentions), strict=True)
        )
        mentions = article_vote(doc, short_form_labels(mentions, canonical), canonical)
        for m in mentions:
            if m.label != m.original_label and m.original_label is not None:
                self.changes[f"relabelled: {m.label_rule}"] += 1
        return mentions, canonical

    def __call__(self, doc: Doc, text: str | None = None) -> list[dict]:
        """``text`` is the text the Doc was made from, when the caller has it: ``doc.text``
        joins a Token object per token (a third of this extractor's time on the seeds)."""
        text = doc.text if text is None else text
        mentions, canonical = self.mentions(doc, text)
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
                "original_label": m.original_label,
                "label_rule": m.label_rule,
            }
            for index, (m, name) in enumerate(zip(mentions, canonical, strict=True))
        ]

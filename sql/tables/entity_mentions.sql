-- Every named-entity mention, with its offsets into articles.body and its resolved entity.
create table if not exists entity_mentions (
    article_id varchar not null,
    mention_index integer not null,
    entity_id varchar not null,
    text varchar not null,
    label varchar not null,
    start_char integer not null,
    end_char integer not null,
    sentence_index integer not null,
    name varchar not null,
    canonical_name varchar not null,
    place_id varchar,
    original_label varchar,
    label_rule varchar,
    primary key (article_id, start_char, end_char)
);

-- warehouses made before these columns existed get them on their next load (null for the
-- rows already loaded)
alter table entity_mentions add column if not exists place_id varchar;
alter table entity_mentions add column if not exists original_label varchar;
alter table entity_mentions add column if not exists label_rule varchar;

comment on table entity_mentions is 'Every named-entity mention, with offsets into articles.body and its resolved entity.';
comment on column entity_mentions.entity_id is 'The entity this mention refers to (entities.entity_id), the same across articles.';
comment on column entity_mentions.text is 'Surface text, exactly body[start_char:end_char].';
comment on column entity_mentions.label is 'spaCy label (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE).';
comment on column entity_mentions.start_char is 'Offset of the first character in articles.body (0-based).';
comment on column entity_mentions.end_char is 'Offset after the last character (exclusive).';
comment on column entity_mentions.sentence_index is 'The sentence (sentences.sentence_index) the mention is in.';
comment on column entity_mentions.name is 'Normalised name: no determiner, possessive or title.';
comment on column entity_mentions.canonical_name is 'Fullest name of the same entity within the article.';
comment on column entity_mentions.article_id is 'The article (articles.article_id).';
comment on column entity_mentions.mention_index is 'Order of the mention in the article, from 0.';
comment on column entity_mentions.original_label is 'The label the spaCy model gave the span (null when the model missed it and the article''s own names found it); label differs when a rule changed it.';
comment on column entity_mentions.label_rule is 'Why the mention has its label: model (unchanged), propagated, gazetteer, context, team, lone_word, merged, short_form, article_vote, corpus_vote, split or coordination (see README, Entities).';
comment on column entity_mentions.place_id is 'The place the mention names (places.place_id), decided per article from the dateline, a region or country written next to it, the article''s other places and population; null when the mention names no place the gazetteer knows.';

-- the label before the corpus vote, kept so a corpus step after shard loads can vote again
-- over all of their mentions at once (null for rows loaded before these columns existed)
alter table entity_mentions add column if not exists label_before_vote varchar;
alter table entity_mentions add column if not exists label_rule_before_vote varchar;
comment on column entity_mentions.label_before_vote is 'The label the article''s own rules gave the mention, before the corpus-wide vote (label differs when label_rule is corpus_vote).';
comment on column entity_mentions.label_rule_before_vote is 'The rule family that set label_before_vote (label_rule before the corpus-wide vote).';

-- Pairs of entities named in the same sentence, with both names and labels, strongest first.
create or replace view entity_pairs as

with

pairs as (
    select * from entity_cooccurrence
),

entity_labels as (
    select entity_id, label from entities
),

final as (
    select
        pairs.entity_id_a,
        pairs.name_a,
        label_a.label as label_a,
        pairs.entity_id_b,
        pairs.name_b,
        label_b.label as label_b,
        pairs.sentence_count,
        pairs.article_count
    from pairs
    inner join entity_labels as label_a on label_a.entity_id = pairs.entity_id_a
    inner join entity_labels as label_b on label_b.entity_id = pairs.entity_id_b
)

select * from final;

comment on view entity_pairs is 'Pairs of entities named in the same sentence (each pair once, entity_id_a < entity_id_b), with names and labels.';
comment on column entity_pairs.entity_id_a is 'First entity of the pair (the smaller entity_id).';
comment on column entity_pairs.name_a is 'Canonical name of the first entity.';
comment on column entity_pairs.label_a is 'Majority spaCy label of the first entity.';
comment on column entity_pairs.entity_id_b is 'Second entity of the pair.';
comment on column entity_pairs.name_b is 'Canonical name of the second entity.';
comment on column entity_pairs.label_b is 'Majority spaCy label of the second entity.';
comment on column entity_pairs.sentence_count is 'Sentences that name both entities.';
comment on column entity_pairs.article_count is 'Articles with at least one such sentence.';

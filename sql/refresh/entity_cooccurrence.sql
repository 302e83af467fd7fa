-- Pairs of entities named in the same sentence; each pair once, entity_id_a < entity_id_b.
create or replace table entity_cooccurrence as

with

mentions as (
    select distinct article_id, sentence_index, entity_id from entity_mentions
),

entity_names as (
    select entity_id, name from entities
),

pairs as (
    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        a.article_id,
        a.sentence_index
    from mentions as a
    inner join mentions as b
        on a.article_id = b.article_id
        and a.sentence_index = b.sentence_index
        and a.entity_id < b.entity_id
),

counted as (
    select
        entity_id_a,
        entity_id_b,
        count(*) as sentence_count,
        count(distinct article_id) as article_count
    from pairs
    group by entity_id_a, entity_id_b
),

final as (
    select
        counted.entity_id_a,
        counted.entity_id_b,
        counted.sentence_count,
        counted.article_count,
        entity_a.name as name_a,
        entity_b.name as name_b
    from counted
    inner join entity_names as entity_a on entity_a.entity_id = counted.entity_id_a
    inner join entity_names as entity_b on entity_b.entity_id = counted.entity_id_b
)

select * from final;

comment on table entity_cooccurrence is 'Pairs of entities named in the same sentence; each pair once, entity_id_a < entity_id_b.';
comment on column entity_cooccurrence.entity_id_a is 'First entity of the pair (the smaller entity_id).';
comment on column entity_cooccurrence.entity_id_b is 'Second entity of the pair.';
comment on column entity_cooccurrence.sentence_count is 'Sentences that name both entities.';
comment on column entity_cooccurrence.article_count is 'Articles with at least one such sentence.';
comment on column entity_cooccurrence.name_a is 'Canonical name of the first entity.';
comment on column entity_cooccurrence.name_b is 'Canonical name of the second entity.';

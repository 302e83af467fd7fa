-- Counts, amounts and quantities ranked by size, with their article, concept and entity.
create or replace view largest_numeric_facts as

with

sized_facts as (
    -- percentages, ordinals, durations and dates have no size to compare with a count; a fact
    -- with a note (an implausible magnitude such as "$3bn trillion") would top every ranking
    select * from numeric_facts
    where kind in ('count', 'money', 'quantity') and value is not null and note is null
),

article_info as (
    select article_id, coalesce(title, source) as article_title, published_at from articles
),

entity_names as (
    select entity_id, name as entity_name from entities
),

final as (
    select
        row_number() over (order by sized_facts.value desc, sized_facts.fact_id) as size_rank,
        sized_facts.fact_id,
        sized_facts.kind,
        sized_facts.text,
        sized_facts.value,
        sized_facts.unit_normalized,
        sized_facts.concept,
        entity_names.entity_name,
        sized_facts.article_id,
        article_info.article_title,
        article_info.published_at
    from sized_facts
    inner join article_info using (article_id)
    left join entity_names using (entity_id)
)

select * from final;

comment on view largest_numeric_facts is 'Counts, money amounts and quantities ranked by value (1 = largest), with article, concept and entity; facts with a note are left out; filter size_rank <= N for the N largest.';
comment on column largest_numeric_facts.size_rank is 'Rank by value, largest first, then by fact_id (no ties).';
comment on column largest_numeric_facts.fact_id is 'The fact (numeric_facts.fact_id).';
comment on column largest_numeric_facts.kind is 'count, money or quantity.';
comment on column largest_numeric_facts.text is 'The fact as written, e.g. "about 6 million visitors".';
comment on column largest_numeric_facts.value is 'The number (numeric_facts.value); units differ between rows, see unit_normalized.';
comment on column largest_numeric_facts.unit_normalized is 'Unit or currency of the value (empty for plain counts).';
comment on column largest_numeric_facts.concept is 'What is counted or measured, e.g. "visitors" (empty when not found).';
comment on column largest_numeric_facts.entity_name is 'Entity the fact is tied to (empty when none).';
comment on column largest_numeric_facts.article_id is 'Article the fact was read from.';
comment on column largest_numeric_facts.article_title is 'Title of the article; its source path when it has no title.';
comment on column largest_numeric_facts.published_at is 'Publication time of the article (empty when unknown).';

-- Numeric facts with everything a dashboard needs beside them: article, entity, sentence.
create or replace view fact_details as
with facts as (
    select * from numeric_facts
),

article_info as (
    select article_id, source, title, published_at, body from articles
),

entity_names as (
    select entity_id, name as entity_name, label as entity_label from entities
),

final as (
    select
        facts.fact_id,
        facts.article_id,
        article_info.title as article_title,
        article_info.source as article_source,
        article_info.published_at,
        facts.kind,
        facts.text,
        facts.value,
        facts.value_low,
        facts.value_high,
        facts.unit,
        facts.unit_normalized,
        facts.change,
        facts.concept,
        facts.date_value,
        facts.entity_id,
        facts.value_from,
        facts.currency_code,
        facts.note,
        entity_names.entity_name,
        entity_names.entity_label,
        substr(
            article_info.body,
            sentences.start_char + 1,
            sentences.end_char - sentences.start_char
        ) as sentence
    from facts
    inner join article_info using (article_id)
    left join sentences
        on facts.article_id = sentences.article_id
        and facts.sentence_index = sentences.sentence_index
    left join entity_names using (entity_id)
)

select * from final;

comment on view fact_details is 'Numeric facts with their article title, entity name and sentence: no joins needed.';

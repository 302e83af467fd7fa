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
comment on column fact_details.fact_id is 'Stable id of the fact (numeric_facts.fact_id).';
comment on column fact_details.article_id is 'The article (articles.article_id).';
comment on column fact_details.article_title is 'Title of the article.';
comment on column fact_details.article_source is 'Source of the article (path relative to the articles folder).';
comment on column fact_details.published_at is 'Publication time of the article (UTC), when known.';
comment on column fact_details.kind is 'count, money, percent, quantity, duration, date, time or ordinal.';
comment on column fact_details.text is 'Surface text of the fact, exactly body[start_char:end_char].';
comment on column fact_details.value is 'The number in the stated unit with scale words applied; the midpoint of a range.';
comment on column fact_details.value_low is 'Lower bound of a range.';
comment on column fact_details.value_high is 'Upper bound of a range.';
comment on column fact_details.unit is 'Unit as written, or the counted noun.';
comment on column fact_details.unit_normalized is 'Canonical unit name (troop, US dollar, percent, kilometre).';
comment on column fact_details.change is '= exact, ~ approximate, > more than, < less than, up an increase by, down a decrease by.';
comment on column fact_details.concept is 'What is measured or counted.';
comment on column fact_details.date_value is 'The ISO date of a date fact, when it resolves to a day.';
comment on column fact_details.entity_id is 'The entity the fact belongs to, when there is one.';
comment on column fact_details.entity_name is 'Canonical name of that entity.';
comment on column fact_details.entity_label is 'Majority spaCy label of that entity.';
comment on column fact_details.sentence is 'The sentence the fact is in.';

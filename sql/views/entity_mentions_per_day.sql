-- Mentions per entity and day: the publication date, or the load date when it is unknown.
create or replace view entity_mentions_per_day as

with

mentions as (
    select article_id, entity_id from entity_mentions
),

article_days as (
    select
        article_id,
        coalesce(published_at, loaded_at)::date as day,
        case when published_at is null then 'loaded_at' else 'published_at' end as day_from
    from articles
),

entity_names as (
    select entity_id, name as entity_name, label as entity_label from entities
),

per_day as (
    select
        article_days.day,
        mentions.entity_id,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count,
        -- 'published_at' when every article of the day had a date, else 'loaded_at' is involved
        min(article_days.day_from) as day_from
    from mentions
    inner join article_days using (article_id)
    group by article_days.day, mentions.entity_id
),

final as (
    select
        per_day.day,
        per_day.entity_id,
        entity_names.entity_name,
        entity_names.entity_label,
        per_day.mention_count,
        per_day.article_count,
        per_day.day_from
    from per_day
    inner join entity_names using (entity_id)
)

select * from final;

comment on view entity_mentions_per_day is 'Mentions per entity and day (articles.published_at, or loaded_at when the article has no date).';
comment on column entity_mentions_per_day.day is 'Publication date of the articles; their load date when they have none.';
comment on column entity_mentions_per_day.entity_id is 'The entity (entities.entity_id).';
comment on column entity_mentions_per_day.entity_name is 'Canonical name of the entity.';
comment on column entity_mentions_per_day.entity_label is 'Majority spaCy label of the entity.';
comment on column entity_mentions_per_day.mention_count is 'Mentions of the entity in articles of that day.';
comment on column entity_mentions_per_day.article_count is 'Articles of that day that name the entity.';
comment on column entity_mentions_per_day.day_from is 'published_at when every article behind the row has a date, else loaded_at.';

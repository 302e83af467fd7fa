-- Mentions per country, day and entity, for maps and time series: a place mention counts in
-- its own country, any other mention in its article's country (the one its place mentions
-- name most).
create or replace view mentions_by_country_day as

with

mentions as (
    select article_id, mention_index, entity_id, place_id from entity_mentions
),

places as (
    select place_id, country_code from places where country_code is not null
),

place_mentions as (
    select mentions.article_id, mentions.mention_index, places.country_code
    from mentions
    inner join places using (place_id)
),

article_countries as (
    select
        article_id,
        -- the country most place mentions name; a tie goes to the one named first
        first(country_code order by mentions desc, first_mention) as country_code
    from (
        select article_id, country_code, count(*) as mentions, min(mention_index) as first_mention
        from place_mentions
        group by article_id, country_code
    )
    group by article_id
),

article_days as (
    -- the publication date, or the load date when it is unknown (as entity_mentions_per_day)
    select article_id, coalesce(published_at, loaded_at)::date as day from articles
),

located as (
    select
        coalesce(place_mentions.country_code, article_countries.country_code) as country_code,
        article_days.day,
        mentions.entity_id
    from mentions
    inner join article_days using (article_id)
    left join place_mentions using (article_id, mention_index)
    left join article_countries using (article_id)
),

final as (
    select country_code, day, entity_id, count(*) as mentions
    from located
    where country_code is not null
    group by country_code, day, entity_id
)

select * from final;

comment on view mentions_by_country_day is 'Mentions per country (ISO 3166-1 alpha-2), day and entity: a place mention in its own country, any other mention in its article''s main country.';
comment on column mentions_by_country_day.country_code is 'The mention''s place''s country, else its article''s: the country the article''s place mentions name most.';
comment on column mentions_by_country_day.day is 'Publication date of the article; its load date when it has none.';
comment on column mentions_by_country_day.entity_id is 'The entity (entities.entity_id).';
comment on column mentions_by_country_day.mentions is 'Mentions of the entity on that day in that country.';

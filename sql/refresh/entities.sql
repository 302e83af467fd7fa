-- One row per entity: the fullest canonical name, the majority label and the conflicts.
create or replace table entities as

with

mentions as (
    select * from entity_mentions
),

label_counts as (
    select
        entity_id,
        label,
        count(*) as mentions,
        -- mentions whose label a rule gave (not the model's, nor copied from the article)
        count(*) filter (where coalesce(label_rule, 'model') not in ('model', 'propagated'))
            as confirmed
    from mentions
    group by entity_id, label
),

labels as (
    select
        entity_id,
        -- majority label; a tie goes to the label more rules gave, then to the alphabetically
        -- first label so reruns agree
        first(label order by mentions desc, confirmed desc, label) as label,
        count(*) as label_count,
        string_agg(label || ' ' || mentions, ', ' order by mentions desc, label) as label_counts
    from label_counts
    group by entity_id
),

names as (
    select
        entity_id,
        canonical_name,
        count(*) as mentions,
        len(string_split(canonical_name, ' ')) as words
    from mentions
    group by entity_id, canonical_name
),

fullest_names as (
    select
        entity_id,
        -- the fullest name: most words, then most mentions, then longest
        first(
            canonical_name
            order by words desc, mentions desc, length(canonical_name) desc, canonical_name
        ) as name
    from names
    group by entity_id
),

counts as (
    select
        entity_id,
        count(*) as mention_count,
        count(distinct article_id) as article_count
    from mentions
    group by entity_id
),

majority_places as (
    select
        entity_id,
        -- the place most of its mentions name; a tie goes to the first place_id so reruns agree
        first(place_id order by mentions desc, place_id) as place_id
    from (
        select entity_id, place_id, count(*) as mentions
        from mentions
        where place_id is not null
        group by entity_id, place_id
    )
    group by entity_id
),

final as (
    select
        counts.entity_id,
        fullest_names.name,
        labels.label,
        counts.mention_count,
        counts.article_count,
        labels.label_count > 1 as label_conflict,
        labels.label_counts,
        majority_places.place_id
    from counts
    inner join fullest_names using (entity_id)
    inner join labels using (entity_id)
    left join majority_places using (entity_id)
)

select * from final;

comment on table entities is 'One row per entity across the corpus: fullest name, majority label, counts and label conflicts.';
comment on column entities.entity_id is 'Stable id of the entity, the same across articles and loads (entity_registry keeps it).';
comment on column entities.name is 'Fullest canonical name: most words, then most mentions, then longest.';
comment on column entities.label is 'Majority spaCy label of its mentions (a tie goes to the alphabetically first).';
comment on column entities.mention_count is 'Mentions of the entity across all articles.';
comment on column entities.article_count is 'Articles that name the entity.';
comment on column entities.label_conflict is 'True when its mentions carry more than one label.';
comment on column entities.label_counts is 'Every label with its number of mentions, most frequent first (PERSON 12, ORG 1).';
comment on column entities.place_id is 'The place most of the entity''s mentions name (places.place_id); null when none names a place.';

-- Every name an entity goes by (determiner, possessive and title removed), with its counts.
create or replace table entity_aliases as

with

mentions as (
    select * from entity_mentions
),

entity_names as (
    select entity_id, name as entity_name from entities
),

alias_labels as (
    select name as alias, entity_id, label, count(*) as mentions
    from mentions
    group by name, entity_id, label
),

aliases as (
    select
        alias,
        entity_id,
        first(label order by mentions desc, label) as label,
        sum(mentions) as count
    from alias_labels
    group by alias, entity_id
),

spread as (
    select
        name as alias,
        entity_id,
        count(distinct article_id) as article_count,
        count(distinct text) as surface_forms
    from mentions
    group by name, entity_id
),

final as (
    select
        aliases.alias,
        aliases.entity_id,
        aliases.label,
        aliases.count,
        spread.article_count,
        spread.surface_forms,
        entity_names.entity_name
    from aliases
    inner join spread using (alias, entity_id)
    inner join entity_names using (entity_id)
)

select * from final;

comment on table entity_aliases is 'Every name an entity goes by (determiner, possessive and title removed), with its counts.';
comment on column entity_aliases.alias is 'The name as normalised in entity_mentions.name.';
comment on column entity_aliases.entity_id is 'The entity the name refers to (entities.entity_id).';
comment on column entity_aliases.label is 'Majority spaCy label of the mentions with this name.';
comment on column entity_aliases.count is 'Mentions with this name.';
comment on column entity_aliases.article_count is 'Articles that use this name for the entity.';
comment on column entity_aliases.surface_forms is 'Distinct surface texts behind the name (the Acme Corp., Acme''s).';
comment on column entity_aliases.entity_name is 'Canonical name of the entity (entities.name).';

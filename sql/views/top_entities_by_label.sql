-- Entities ranked by mentions within their label: `where label_rank <= 10` gives a top ten.
create or replace view top_entities_by_label as

with

entities_counted as (
    select entity_id, name, label, mention_count, article_count from entities
),

final as (
    select
        label,
        row_number() over (
            partition by label
            order by mention_count desc, article_count desc, name, entity_id
        ) as label_rank,
        entity_id,
        name,
        mention_count,
        article_count,
        round(mention_count / sum(mention_count) over (partition by label), 4) as label_share
    from entities_counted
)

select * from final;

comment on view top_entities_by_label is 'Entities ranked by mention count within their label (1 = most mentioned); filter label_rank <= N for a top N.';
comment on column top_entities_by_label.label is 'Majority spaCy label of the entity.';
comment on column top_entities_by_label.label_rank is 'Rank within the label by mentions, then articles, then name (1 = first; no ties).';
comment on column top_entities_by_label.entity_id is 'The entity (entities.entity_id).';
comment on column top_entities_by_label.name is 'Canonical name of the entity.';
comment on column top_entities_by_label.mention_count is 'Mentions across all articles.';
comment on column top_entities_by_label.article_count is 'Articles that name the entity.';
comment on column top_entities_by_label.label_share is 'Share of all mentions of the label that go to this entity.';

-- Per article and entity: how often and how early it is named, and whether the headline names it.
create or replace table entity_salience as

with

mentions as (
    select * from entity_mentions
),

articles as (
    select
        article_id,
        title,
        length(body) as body_length,
        -- the headline is the body's first line when the body starts with the title
        case
            when title is not null and starts_with(body, title) then length(title)
            else 0
        end as headline_end
    from articles
),

article_totals as (
    select article_id, count(*) as article_mentions
    from mentions
    group by article_id
),

per_entity as (
    select
        mentions.article_id,
        mentions.entity_id,
        count(*) as mention_count,
        min(mentions.start_char) as first_start_char,
        min(mentions.sentence_index) as first_sentence_index,
        bool_or(
            mentions.end_char <= articles.headline_end
            -- titles from metadata: the name as a whole word, in the same case ("US", not "us")
            or regexp_matches(
                coalesce(articles.title, ''), '\b' || regexp_escape(mentions.name) || '\b'
            )
        ) as in_headline,
        any_value(articles.body_length) as body_length
    from mentions
    inner join articles using (article_id)
    group by mentions.article_id, mentions.entity_id
),

final as (
    select
        per_entity.article_id,
        per_entity.entity_id,
        per_entity.mention_count,
        per_entity.first_start_char,
        per_entity.first_sentence_index,
        round(per_entity.first_start_char / greatest(per_entity.body_length, 1), 4)
            as first_position,
        -- not rounded: in an article of 70,000 mentions one mention's share rounds to 0
        per_entity.mention_count / article_totals.article_mentions as mention_share,
        per_entity.in_headline
    from per_entity
    inner join article_totals using (article_id)
)

select * from final;

comment on table entity_salience is 'Per article and entity: how often and how early it is named, and whether the headline names it.';
comment on column entity_salience.article_id is 'The article (articles.article_id).';
comment on column entity_salience.entity_id is 'The entity (entities.entity_id).';
comment on column entity_salience.mention_count is 'Mentions of the entity in the article.';
comment on column entity_salience.first_start_char is 'Offset of its first mention in articles.body.';
comment on column entity_salience.first_sentence_index is 'The sentence of its first mention (sentences.sentence_index).';
comment on column entity_salience.first_position is 'first_start_char as a share of the body length: 0 = the first word.';
comment on column entity_salience.mention_share is 'Share of the article''s mentions that name this entity.';
comment on column entity_salience.in_headline is 'True when the headline (title or first line) names the entity.';

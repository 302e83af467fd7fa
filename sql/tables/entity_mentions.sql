-- Every named-entity mention, with its offsets into articles.body and its resolved entity.
create table if not exists entity_mentions (
    article_id varchar not null,
    mention_index integer not null,
    entity_id varchar not null,
    text varchar not null,
    label varchar not null,
    start_char integer not null,
    end_char integer not null,
    sentence_index integer not null,
    name varchar not null,
    canonical_name varchar not null,
    primary key (article_id, start_char, end_char)
);

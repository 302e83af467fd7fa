-- One row per article source. Every offset in the warehouse points into `body`.
create table if not exists articles (
    article_id varchar primary key,
    source varchar not null,
    url varchar,
    title varchar,
    body varchar not null,
    published_at timestamp,
    content_sha256 varchar not null,
    format varchar not null,
    note varchar,
    duplicate_of varchar,
    loaded_at timestamp not null
);

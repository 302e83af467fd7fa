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

comment on table articles is 'One row per article source (file, or JSONL record). Offsets in every other table point into body.';
comment on column articles.article_id is 'Stable id of the source (derived from its path or URL).';
comment on column articles.source is 'Path relative to the articles folder; path#N for the N-th record of a JSONL file.';
comment on column articles.url is 'URL from the record or HTML metadata, when given.';
comment on column articles.title is 'Headline line or metadata title.';
comment on column articles.body is 'Article text as stored (line breaks normalised to \n); offsets point here.';
comment on column articles.published_at is 'Publication time (UTC) from metadata or a dateline, when present.';
comment on column articles.content_sha256 is 'SHA-256 of body: changes when the article is edited.';
comment on column articles.format is 'Input format: txt, md, html, json or jsonl.';
comment on column articles.note is 'What ingestion did to recover the text (encoding, BOM, duplicate).';
comment on column articles.duplicate_of is 'article_id of the first source with the same text; its facts are counted there, once.';
comment on column articles.loaded_at is 'When this version of the article was loaded (UTC).';

-- a shard load's articles: their names are linked again, with those of the other shard loads,
-- by the corpus step (pipelines/warehouse/relink.py), which then sets this false
alter table articles add column if not exists ids_provisional boolean default false;
comment on column articles.ids_provisional is 'True while a shard load stored the article and the corpus step has not linked its names with the other loads'' yet: its entity ids may still change (README, Shards and many workers).';

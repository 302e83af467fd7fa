-- Which version of each SQL folder the database last ran (a SHA-256 of its files): in lake
-- mode the DDL folders; in both modes the SQL that built the corpus-wide tables and views.
create table if not exists schema_files (
    folder varchar not null,
    sha256 varchar not null,
    applied_at timestamp not null
);

comment on table schema_files is 'The SQL folders the database last ran, by a hash of their files: in lake mode the DDL (tables, views), which a writer runs again only when it changed; in both modes refresh+views, the SQL that built the corpus-wide tables and views (a run rebuilds them when it changed).';
comment on column schema_files.folder is 'SQL folder: tables, views (lake mode) or refresh+views.';
comment on column schema_files.sha256 is 'SHA-256 over the folder''s files in build order.';
comment on column schema_files.applied_at is 'When the folder was last run (UTC).';

-- Lake mode only: which version of each DDL folder the lake last ran (a SHA-256 of its files).
create table if not exists schema_files (
    folder varchar not null,
    sha256 varchar not null,
    applied_at timestamp not null
);

comment on table schema_files is 'Lake mode: the DDL folders (tables, views) the lake last ran, by a hash of their files; a writer runs a folder again only when it changed.';
comment on column schema_files.folder is 'SQL folder: tables or views.';
comment on column schema_files.sha256 is 'SHA-256 over the folder''s files in build order.';
comment on column schema_files.applied_at is 'When the folder was last run on the lake (UTC).';

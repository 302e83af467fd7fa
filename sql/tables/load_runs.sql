-- One row per load: what changed. Lets a reader see when the data was last refreshed.
create table if not exists load_runs (
    run_id varchar not null,
    loaded_at timestamp not null,
    articles_seen integer not null,
    articles_loaded integer not null,
    articles_removed integer not null,
    rejected integer not null,
    mentions_loaded integer not null,
    facts_loaded integer not null
);

comment on table load_runs is 'One row per load: when the warehouse was refreshed and what changed.';
comment on column load_runs.run_id is 'Dagster run that made the load.';
comment on column load_runs.loaded_at is 'When the load was committed (UTC).';
comment on column load_runs.articles_seen is 'Articles in the folder scan of the run.';
comment on column load_runs.articles_loaded is 'New or edited articles loaded (duplicates included).';
comment on column load_runs.articles_removed is 'Articles whose rows were deleted because their file disappeared.';
comment on column load_runs.rejected is 'Inputs of the scan rejected (rejected_inputs).';
comment on column load_runs.mentions_loaded is 'Entity mentions inserted.';
comment on column load_runs.facts_loaded is 'Numeric facts inserted.';

alter table load_runs add column if not exists shard varchar;
-- Loads before shards existed rebuilt the corpus-wide tables themselves.
alter table load_runs add column if not exists corpus_built boolean default true;
comment on column load_runs.shard is 'Shard i/N the load was limited to (NEWSFACTS_SHARD or a partition); null for the whole folder.';
comment on column load_runs.corpus_built is 'Whether the corpus-wide tables (entities, aliases, co-occurrence, salience, search index) include this load: false after a shard load until the corpus_tables step or a whole-folder run rebuilds them.';

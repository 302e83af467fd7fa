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

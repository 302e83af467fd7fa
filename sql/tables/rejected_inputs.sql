-- Input files (or JSONL records) that could not be read as articles, from the latest scan.
create table if not exists rejected_inputs (
    source varchar not null,
    reason varchar not null,
    detected_at timestamp not null
);

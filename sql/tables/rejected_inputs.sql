-- Input files (or JSONL records) that could not be read as articles, from the latest scan.
create table if not exists rejected_inputs (
    source varchar not null,
    reason varchar not null,
    detected_at timestamp not null
);

comment on table rejected_inputs is 'Inputs of the latest scan that could not be read as articles; with articles, every input file is accounted for.';
comment on column rejected_inputs.source is 'Path relative to the articles folder (path#N for a JSONL record).';
comment on column rejected_inputs.reason is 'What is wrong and how to fix it.';
comment on column rejected_inputs.detected_at is 'When the scan found it (UTC).';

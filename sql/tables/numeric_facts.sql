-- Numbers a careful reader would write down: value, unit, qualifier, concept and entity.
create table if not exists numeric_facts (
    fact_id varchar primary key,
    article_id varchar not null,
    text varchar not null,
    start_char integer not null,
    end_char integer not null,
    sentence_index integer,
    kind varchar not null,
    value double,
    value_low double,
    value_high double,
    unit varchar,
    unit_normalized varchar,
    change varchar not null,
    concept varchar,
    date_value date,
    entity_start_char integer,
    entity_end_char integer,
    entity_id varchar
);

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

comment on table numeric_facts is 'Numbers a careful reader would write down, with unit, qualifier, concept and entity.';
comment on column numeric_facts.fact_id is 'Stable id: article_id:start-end:kind.';
comment on column numeric_facts.text is 'Surface text of the fact, exactly body[start_char:end_char].';
comment on column numeric_facts.kind is 'count, money, percent, quantity, duration, date, time or ordinal.';
comment on column numeric_facts.value is 'The number in the stated unit with scale words applied ($3.4 billion = 3.4e9); the midpoint of a range.';
comment on column numeric_facts.value_low is 'Lower bound of a range.';
comment on column numeric_facts.value_high is 'Upper bound of a range.';
comment on column numeric_facts.unit is 'Unit as written, or the counted noun (troops, $, km).';
comment on column numeric_facts.unit_normalized is 'Canonical unit name (troop, US dollar, percent, kilometre).';
comment on column numeric_facts.change is '= exact, ~ approximate, > more than or at least, < less than or up to, up an increase by, down a decrease by.';
comment on column numeric_facts.concept is 'What is measured or counted (US troops).';
comment on column numeric_facts.date_value is 'The ISO date of a date fact, when it resolves to a day.';
comment on column numeric_facts.entity_id is 'The entity the fact belongs to (US in US troops), when there is one.';
comment on column numeric_facts.article_id is 'The article (articles.article_id).';
comment on column numeric_facts.sentence_index is 'The sentence (sentences.sentence_index) the fact is in.';
comment on column numeric_facts.entity_start_char is 'Start of the entity mention the fact belongs to, in articles.body.';
comment on column numeric_facts.entity_end_char is 'End (exclusive) of that entity mention.';
comment on column numeric_facts.start_char is 'Offset of the first character in articles.body (0-based).';
comment on column numeric_facts.end_char is 'Offset after the last character (exclusive).';

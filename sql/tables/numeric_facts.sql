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
    date_precision varchar,
    entity_start_char integer,
    entity_end_char integer,
    entity_id varchar,
    value_from double,
    currency_code varchar,
    note varchar
);

-- warehouses made before date precision existed get the column
alter table numeric_facts add column if not exists date_precision varchar;
-- warehouses created before these columns existed get them here
alter table numeric_facts add column if not exists value_from double;
alter table numeric_facts add column if not exists currency_code varchar;
alter table numeric_facts add column if not exists note varchar;

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
comment on column numeric_facts.date_value is 'The first day of the period a date fact names (the day, the Monday of the week, the first of the month or of January), resolved against articles.published_at for relative dates (yesterday, on Tuesday, last week, January 10); null when it names no period or the article has no publication date.';
comment on column numeric_facts.date_precision is 'What date_value stands for: day, week (ISO week from Monday), month or year; null when date_value is null.';
comment on column numeric_facts.entity_id is 'The entity the fact belongs to (US in US troops), when there is one.';
comment on column numeric_facts.article_id is 'The article (articles.article_id).';
comment on column numeric_facts.sentence_index is 'The sentence (sentences.sentence_index) the fact is in.';
comment on column numeric_facts.entity_start_char is 'Start of the entity mention the fact belongs to, in articles.body.';
comment on column numeric_facts.entity_end_char is 'End (exclusive) of that entity mention.';
comment on column numeric_facts.start_char is 'Offset of the first character in articles.body (0-based).';
comment on column numeric_facts.end_char is 'Offset after the last character (exclusive).';
comment on column numeric_facts.value_from is 'The level a change started from ("rose from 4.1% to 4.6%": value 4.6, value_from 4.1, change up); null when the fact is no move between two levels.';
comment on column numeric_facts.currency_code is 'ISO 4217 code of a money fact (USD, GBP, EUR), also for rates (US dollar per barrel: USD); null for other kinds and for money of unknown currency (cents).';
comment on column numeric_facts.note is 'Why the fact needs a second look, e.g. implausible magnitude: money beyond 1e+16 (a scale word written twice, $3bn trillion); null for most facts.';

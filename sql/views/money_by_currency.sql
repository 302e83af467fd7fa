-- Money amounts summed and counted per currency (ISO 4217 code and unit, e.g. USD, "US dollar").
-- Rates ("$71 a barrel") are prices, not amounts, and are left out of the sums; facts with a
-- note (an implausible magnitude such as "$3bn trillion") are counted but not summed.
create or replace view money_by_currency as
with money as (
    select * from numeric_facts
    where kind = 'money' and value is not null and coalesce(unit_normalized, '') not like '% per %'
),

final as (
    select
        currency_code,
        coalesce(unit_normalized, unit, 'unknown') as currency,
        count(*) as facts,
        count(distinct article_id) as articles,
        sum(value) filter (where note is null) as total_value,
        median(value) filter (where note is null) as median_value,
        max(value) filter (where note is null) as max_value,
        count(*) filter (where note is not null) as flagged_facts
    from money
    group by all
    order by facts desc
)

select * from final;

comment on view money_by_currency is 'Money amounts per currency (ISO 4217 code and unit): count, articles, total, median and largest amount; rates and facts with a note are not summed.';
comment on column money_by_currency.currency_code is 'ISO 4217 code of the currency (USD), null when the amount names no known currency (cents).';
comment on column money_by_currency.currency is 'unit_normalized of the money facts (US dollar), else the unit as written, else unknown.';
comment on column money_by_currency.facts is 'Money amounts in the currency (rates such as US dollar per barrel are left out).';
comment on column money_by_currency.articles is 'Articles with such a fact.';
comment on column money_by_currency.total_value is 'Sum of the amounts without a note (ranges count their midpoint).';
comment on column money_by_currency.median_value is 'Median amount, of those without a note.';
comment on column money_by_currency.max_value is 'Largest amount without a note.';
comment on column money_by_currency.flagged_facts is 'Amounts with a note (an implausible magnitude such as $3bn trillion), counted but not summed.';

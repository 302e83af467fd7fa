-- Money facts summed and counted per currency (unit_normalized, e.g. "US dollar").
create or replace view money_by_currency as
with money as (
    select * from numeric_facts where kind = 'money' and value is not null
),

final as (
    select
        coalesce(unit_normalized, unit, 'unknown') as currency,
        count(*) as facts,
        count(distinct article_id) as articles,
        sum(value) as total_value,
        median(value) as median_value,
        max(value) as max_value
    from money
    group by all
    order by facts desc
)

select * from final;

comment on view money_by_currency is 'Money facts per currency: count, articles, total, median and largest amount.';
comment on column money_by_currency.currency is 'unit_normalized of the money facts (US dollar), else the unit as written, else unknown.';
comment on column money_by_currency.facts is 'Money facts in the currency.';
comment on column money_by_currency.articles is 'Articles with such a fact.';
comment on column money_by_currency.total_value is 'Sum of the amounts (ranges count their midpoint).';
comment on column money_by_currency.median_value is 'Median amount.';
comment on column money_by_currency.max_value is 'Largest amount.';

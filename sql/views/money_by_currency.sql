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

-- One row per money amount with its currency and article: what a "money by currency" chart
-- reads and sums. As in money_by_currency, rates ("$71 a barrel") are prices, not amounts, and
-- facts with a note (an implausible magnitude such as "$3bn trillion") are left out.
create or replace view money_facts as

with

money as (
    select * from numeric_facts
    where
        kind = 'money'
        and value is not null
        and note is null
        and coalesce(unit_normalized, '') not like '% per %'
),

article_info as (
    select article_id, coalesce(title, source) as article_title, published_at from articles
),

entity_names as (
    select entity_id, name as entity_name from entities
),

final as (
    select
        money.fact_id,
        money.article_id,
        article_info.article_title,
        article_info.published_at,
        money.text,
        coalesce(money.unit_normalized, money.unit, 'unknown') as currency,
        money.currency_code,
        money.value as amount,
        money.change,
        money.concept,
        entity_names.entity_name
    from money
    inner join article_info using (article_id)
    left join entity_names using (entity_id)
)

select * from final;

comment on view money_facts is 'Money amounts, one row each, with their currency and article (for sums and counts per currency); rates and facts with a note are left out.';
comment on column money_facts.fact_id is 'The fact (numeric_facts.fact_id).';
comment on column money_facts.article_id is 'Article the fact was read from.';
comment on column money_facts.article_title is 'Title of the article; its source path when it has no title.';
comment on column money_facts.published_at is 'Publication time of the article (empty when unknown).';
comment on column money_facts.text is 'The amount as written, e.g. "NZ $ 26 million".';
comment on column money_facts.currency is 'Currency name (unit_normalized, e.g. "US dollar"); the symbol as written when it is not known, else "unknown".';
comment on column money_facts.currency_code is 'ISO 4217 code of the currency (USD), null when the amount names no known currency (cents).';
comment on column money_facts.amount is 'The amount in that currency (numeric_facts.value).';
comment on column money_facts.change is 'How the text qualifies the amount (numeric_facts.change: = exact, ~ approximate, > more than, < less than, up, down).';
comment on column money_facts.concept is 'What the amount is of, e.g. "estimated cost" (empty when not found).';
comment on column money_facts.entity_name is 'Entity the amount is tied to (empty when none).';

-- A fact's entity_id, when it has one, is an entity: rows of a fact without its entity.
select numeric_facts.fact_id, numeric_facts.entity_id
from numeric_facts
anti join entities using (entity_id)
where numeric_facts.entity_id is not null

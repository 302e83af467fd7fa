-- Every name key ever seen and the entity it was given: what keeps entity_id stable across
-- loads. Rows are only added (an id never moves to another entity); the resolver reads the
-- whole table before each load and the load inserts the rows it returns.
create table if not exists entity_registry (
    alias_key varchar primary key,
    entity_id varchar not null,
    alias varchar not null,
    entity_name varchar not null,
    label varchar not null,
    link_rule varchar not null
);

comment on table entity_registry is 'Name key to entity_id, kept across loads so ids stay stable; rows are only added.';
comment on column entity_registry.alias_key is 'Comparison key of a name: casefolded, without accents, periods or apostrophes, hyphens as spaces.';
comment on column entity_registry.entity_id is 'The entity the name refers to (entities.entity_id).';
comment on column entity_registry.alias is 'The name as first seen with this key.';
comment on column entity_registry.entity_name is 'Canonical name of the entity when this key was registered.';
comment on column entity_registry.label is 'Majority spaCy label of the name in the load that registered it.';
comment on column entity_registry.link_rule is 'new (first sight), canonical (an article''s canonical name), alias (a shorter form in the same article), surname (a lone surname matched to the one known person).';

-- a shard load's keys are provisional: the corpus step links the shard loads' names again
-- and replaces them (pipelines/warehouse/relink.py)
alter table entity_registry add column if not exists ids_provisional boolean default false;
comment on column entity_registry.ids_provisional is 'True while the key was registered by a shard load the corpus step has not linked again yet: the corpus step replaces such keys by those a single run over the loads'' articles registers.';

-- Lake mode only: one row that every load bumps. DuckLake lets two transactions that only
-- insert into a table commit together, so two shard loads meeting the same new name would
-- both add its entity_registry row; a bump of this row makes the later commit conflict, and
-- its retry sees the first one's rows.
create table if not exists load_turns (
    turn bigint not null
);

insert into load_turns select 0 where not exists (select 1 from load_turns);

comment on table load_turns is 'Lake mode: one row every load updates, so loads committing at the same time conflict and the later one is run again on the state the earlier one left.';
comment on column load_turns.turn is 'How many loads have committed through it.';

-- Values keyed by integers, so that a nation's millions load and import in seconds:
--   * `element`: each (set, element id) a set's values use, numbered once;
--   * `value`: the current value of (unit, element, period); the period as year × 10 + quarter
--     (2024 → 20240, 2024Q3 → 20243); `audit_id` is the change that wrote it;
--   * `value_change`: each time another change replaces or clears a value, the old value, the
--     change that had written it and the change that replaced it, kept by a trigger (so that no
--     path that changes a value can skip it). A value's versions are these old values in order,
--     then the one in `value`; a value written once has no row here. A key written twice by one
--     change (a file that gives it twice) keeps only its last value.
-- The previous tables are kept as `value_legacy` and `value_history` until the history rows
-- are converted when the database is opened; 0007_legacy drops them.
create table element (
    id integer primary key,
    set_id text not null,
    code text not null,
    unique (set_id, code)
);

insert into element (set_id, code)
select set_id, element from value
union
select set_id, element from value_history
order by 1, 2;

alter table value rename to value_legacy;
drop index value_revision;

create table value (
    unit_id bigint not null,
    element_id bigint not null,
    period bigint not null,
    kind text not null,                 -- b (yes/no), n (decimal num/den), f (fraction num/den), ' ' (cleared)
    num bigint not null,
    den bigint not null,
    revision bigint not null,           -- meta.revision when last written
    audit_id bigint,                    -- the change that wrote it (null: not known, before 0006)
    primary key (unit_id, element_id, period)
) without rowid;
create index value_revision on value(revision);

insert into value (unit_id, element_id, period, kind, num, den, revision, audit_id)
select v.unit_id, e.id,
       cast(substr(v.period, 1, 4) as integer) * 10
           + case when length(v.period) = 6 then cast(substr(v.period, 6, 1) as integer) else 0 end,
       v.kind, v.num, v.den, v.revision,
       (select max(h.audit_id) from value_history h
        where h.set_id = v.set_id and h.unit_id = v.unit_id and h.element = v.element and h.period = v.period)
from value_legacy v join element e on e.set_id = v.set_id and e.code = v.element;

create table value_change (
    id integer primary key,
    unit_id bigint not null,
    element_id bigint not null,
    period bigint not null,
    old_kind text not null,
    old_num bigint not null,
    old_den bigint not null,
    old_audit_id bigint,                -- the change that had written the old value
    audit_id bigint                     -- the change that replaced it
);
create index value_change_key on value_change(unit_id, element_id, period);

create trigger value_changed after update on value
when old.audit_id is not new.audit_id
begin
    insert into value_change (unit_id, element_id, period, old_kind, old_num, old_den, old_audit_id, audit_id)
    values (old.unit_id, old.element_id, old.period, old.kind, old.num, old.den, old.audit_id, new.audit_id);
end;

-- A target's units (and each one's own quota, e.g. villages per commune) as rows, not
-- `03413:5;03405:6` in a column.
create table target_part (
    target_id bigint not null references target(id),
    position bigint not null,
    unit_code text not null,
    quota bigint,                       -- null: the target's own rule applies
    primary key (target_id, position)
);

insert into target_part (target_id, position, unit_code, quota)
select t.id, p.n, trim(split_part(p.part, ':', 1)),
       case when trim(split_part(p.part, ':', 2)) ~ '^[0-9]+$' then trim(split_part(p.part, ':', 2))::bigint end
from target t, unnest(string_to_array(t.unit_codes, ';')) with ordinality as p(part, n)
where trim(p.part) <> '';

alter table target drop column unit_codes;

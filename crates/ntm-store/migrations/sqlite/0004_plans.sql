-- A target's units (and each one's own quota, e.g. villages per commune) as rows, not
-- `03413:5;03405:6` in a column.
create table target_part (
    target_id bigint not null references target(id),
    position bigint not null,
    unit_code text not null,
    quota bigint,                       -- null: the target's own rule applies
    primary key (target_id, position)
);

with recursive split(id, n, part, rest) as (
    select id, 0, '', unit_codes || ';' from target
    union all
    select id, n + 1, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1)
    from split where rest <> ''
)
insert into target_part (target_id, position, unit_code, quota)
select id, n,
       trim(case when instr(part, ':') > 0 then substr(part, 1, instr(part, ':') - 1) else part end),
       case when instr(part, ':') > 0 and trim(substr(part, instr(part, ':') + 1)) <> ''
                 and trim(substr(part, instr(part, ':') + 1)) not glob '*[^0-9]*'
            then cast(trim(substr(part, instr(part, ':') + 1)) as integer) end
from split where n > 0 and trim(part) <> '';

alter table target drop column unit_codes;

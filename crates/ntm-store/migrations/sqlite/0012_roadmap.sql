-- The roadmap (lộ trình): one row per unit and item, an item being a criterion of a set
-- (set_id, criterion) or the unit's whole standard at a level (criterion 'all', level).
create table plan_row (
    id integer primary key,
    unit_id bigint not null references unit(id),
    set_id text not null default '',        -- '' for a row of the whole standard
    criterion text not null,                -- a criterion id of the set, or 'all'
    level text not null default '',         -- the recognition level of an 'all' row, else ''
    planned_year bigint not null,
    contents text not null default '',
    responsible_agency text not null default '',   -- an agency code, or ''
    responsible_unit_id bigint references unit(id), -- or a unit
    estimate bigint,                        -- whole đồng; null: none given
    changed_by bigint references app_user(id),      -- null: the command line
    changed_at bigint not null,             -- milliseconds since the epoch, UTC
    unique (unit_id, set_id, criterion, level)
);

-- Reasons and solutions (lý do, giải pháp): what the unit answering for a shortfall says about
-- a criterion of a set (or 'all', the whole standard) in a period, and what it proposes.
create table reason (
    id integer primary key,
    unit_id bigint not null references unit(id),
    set_id text not null,
    criterion text not null,                -- a criterion id of the set, or 'all'
    period text not null,                   -- a period code (2024, 2024-Q2)
    reason text not null,
    solution text not null,
    changed_by bigint references app_user(id),      -- null: the command line
    changed_at bigint not null,             -- milliseconds since the epoch, UTC
    unique (unit_id, set_id, criterion, period)
);

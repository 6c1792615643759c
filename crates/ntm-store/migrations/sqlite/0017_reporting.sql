-- The reporting cycle (issue 10): each managing unit's deadline rules, the holidays, rounds,
-- the reports filed in them with their moves and attached files, and the values an accepted
-- report locks. Counted in meta 'reporting'.
-- Starts at the revision (as 0003 started each area's counter), so that it is never behind it.
insert into meta (key, value) select 'reporting', value from meta where key = 'revision';

-- A managing unit's rule: a kind of round is due so many working days after its cut-off.
create table report_schedule (
    id integer primary key,
    unit_id bigint not null references unit(id),     -- the managing unit (the district)
    kind text not null,                     -- quarterly, six-month, nine-month, annual, thematic, ad-hoc
    working_days bigint not null,           -- at least 1 (NĐ 09/2019 Điều 8 khoản 5)
    basis text not null,                    -- the rule's citation, at most 1,000 characters
    valid_from text not null default '',    -- YYYY-MM-DD, '' : no bound
    valid_to text not null default '',
    changed_by bigint references app_user(id),
    changed_at bigint not null
);

-- Days off besides weekends (public holidays, the days a decree moves), as data.
create table report_holiday (
    day text primary key,                   -- YYYY-MM-DD
    name text not null
);

-- A round: who must report what by when.
create table report_round (
    id integer primary key,
    unit_id bigint not null references unit(id),     -- the managing unit that opened it
    kind text not null,
    year bigint not null,
    quarter bigint not null,                -- 1-4 for a quarterly round, else 0
    subject text not null,                  -- a thematic or ad-hoc round's subject
    cut_off_from text not null,             -- YYYY-MM-DD
    cut_off_to text not null,
    deadline text not null,                 -- YYYY-MM-DD, Vietnam time, the whole day
    basis text not null,
    obliged text not null,                  -- 'agencies', 'communes' and/or reporter codes, space-separated
    opened_by bigint references app_user(id),
    opened_at bigint not null
);

-- One report per round and reporter (an agency code or a unit code).
create table report (
    id integer primary key,
    round_id bigint not null references report_round(id),
    reporter_kind text not null,            -- 'agency' or 'unit'
    reporter text not null,
    state text not null,                    -- draft, submitted, returned, accepted
    first_submitted_at bigint,              -- ms since the epoch, UTC
    last_submitted_at bigint,
    snapshot text not null default '',      -- the values of its scope at submission (JSON)
    results text not null default '',
    difficulties text not null default '',
    tasks text not null default '',
    reasons text not null default '',       -- per criterion: reason and solution (JSON)
    changed_by bigint references app_user(id),
    changed_at bigint not null,
    unique (round_id, reporter_kind, reporter)
);

-- Every move of a report: who, when, from, to, why.
create table report_move (
    id integer primary key,
    report_id bigint not null references report(id),
    from_state text not null,
    to_state text not null,
    reason text not null,
    moved_by bigint references app_user(id),
    moved_at bigint not null
);

-- Files attached to a report (at most 5 MB; PDF, xlsx/docx, PNG, JPEG by their first bytes).
create table report_attachment (
    id integer primary key,
    report_id bigint not null references report(id),
    name text not null,
    content_type text not null,
    size bigint not null,
    bytes blob not null,
    added_by bigint references app_user(id),
    added_at bigint not null
);

-- What an accepted report locks: a unit's values of a period, of one criterion of a set
-- ('' : every criterion), until the office reopens the report.
create table value_lock (
    id integer primary key,
    report_id bigint not null references report(id),
    unit_id bigint not null references unit(id),
    period text not null,                   -- a period code (2024Q3, 2024)
    set_id text not null,
    criterion text not null
);
create index value_lock_unit on value_lock (unit_id, period);

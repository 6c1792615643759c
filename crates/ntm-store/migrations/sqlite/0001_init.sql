-- ntm schema, version 1 (sqlite). The same tables and columns exist in migrations/sqlite and
-- migrations/postgres; only the identity columns differ. Conventions, so that one SQL text
-- serves both databases:
--   * integers are bigint (PostgreSQL) / integer (SQLite, 64-bit); booleans are 0/1 integers;
--   * dates are text 'YYYY-MM-DD' ('' = open); instants are bigint milliseconds since the epoch, UTC;
--   * ratios are kept as integer numerator and denominator, never as floats.

-- Counters that let caches of several servers see changes: 'revision' is bumped by every
-- change; 'structure' also by changes other than values (units, thresholds, targets, agencies).
create table meta (
    key text primary key,
    value bigint not null
);
insert into meta (key, value) values ('revision', 0);
insert into meta (key, value) values ('structure', 0);

create table app_user (
    id integer primary key,
    username text not null unique,
    display_name text not null,
    password_hash text not null,
    role text not null,                 -- admin | office | agency | commune | viewer
    unit_id bigint,                     -- commune officers: their commune
    agency_id bigint,                   -- agency officers: their agency
    lang text not null default 'vi',
    disabled bigint not null default 0,
    created_at bigint not null
);

-- Every state change writes one audit row in the same transaction.
create table audit (
    id integer primary key,
    at bigint not null,
    user_id bigint references app_user(id),
    action text not null,               -- values.save, values.import, units.import, threshold.set, user.add, ...
    subject text not null,
    detail text not null,               -- human-readable summary
    changes bigint not null default 0
);

create table unit (
    id integer primary key,
    code text not null,
    name text not null,
    level text not null,                -- province | district | commune | village
    parent_id bigint references unit(id),
    region text not null default '',
    grp bigint not null default 0,      -- commune group 1..3 (2026-2030), 0 = none
    flags text not null default '',     -- ';'-separated, e.g. dbkk
    valid_from text not null default '',
    valid_to text not null default '',
    unique (code, valid_from)
);
create index unit_parent on unit(parent_id);

create table lineage (
    from_id bigint not null references unit(id),
    to_id bigint not null references unit(id),
    kind text not null,                 -- whole | part | unchanged
    on_date text not null,
    primary key (from_id, to_id)
);

-- Current values. Raw numerator/denominator kept; kind b (yes/no), n (decimal), f (fraction).
create table value (
    set_id text not null,
    unit_id bigint not null references unit(id),
    element text not null,
    period text not null,               -- 2024 or 2024Q3
    kind text not null,
    num bigint not null,
    den bigint not null,
    revision bigint not null,           -- meta.revision when last written
    updated_at bigint not null,
    updated_by bigint references app_user(id),
    primary key (set_id, unit_id, element, period)
);
create index value_revision on value(revision);

-- Who changed which value when, old → new (text form as entered; '' = none).
create table value_history (
    id integer primary key,
    audit_id bigint not null references audit(id),
    set_id text not null,
    unit_id bigint not null references unit(id),
    element text not null,
    period text not null,
    old_text text not null,
    new_text text not null,
    at bigint not null,
    user_id bigint references app_user(id)
);
create index value_history_key on value_history(set_id, unit_id, element, period);

create table session (
    token_hash text primary key,        -- SHA-256 of the cookie token, hex
    user_id bigint not null references app_user(id),
    csrf_token text not null,
    created_at bigint not null,
    last_seen_at bigint not null,
    expires_at bigint not null,
    revoked_at bigint not null default 0
);
create index session_by_user on session(user_id);

create table login_attempt (
    id integer primary key,
    username text not null,
    ip text not null,
    at bigint not null,
    ok bigint not null
);
create index login_attempt_at on login_attempt(at);

-- Criteria sets added or replaced by an administrator (TOML text, format criteria/README.md).
create table criteria_set (
    id text primary key,
    toml text not null,
    added_at bigint not null,
    added_by bigint references app_user(id)
);

-- Threshold layers over a set: provincial overrides, corrections with a citation, demo values.
create table threshold_layer (
    id integer primary key,
    layer_id text not null unique,
    set_id text not null,
    kind text not null,                 -- override | illustrative
    title text not null,
    scope_code text not null default ''
);

create table threshold_entry (
    id integer primary key,
    layer_id bigint not null references threshold_layer(id),
    indicator text not null,
    key text not null,
    year bigint not null default 0,     -- 0 = every year
    value_text text not null,           -- exact decimal as written
    confidence text not null,
    source text not null,
    unique (layer_id, indicator, key, year)
);

create table agency (
    id integer primary key,
    code text not null unique,
    name text not null
);

create table agency_criterion (
    agency_id bigint not null references agency(id),
    set_id text not null,
    criterion_id text not null,
    primary key (agency_id, set_id, criterion_id)
);

-- Recognition decisions (công nhận đạt chuẩn), and loss of standard.
create table recognition (
    id integer primary key,
    unit_id bigint not null references unit(id),
    level text not null,                -- ntm | nang-cao | kieu-mau | ban-ntm | huyen-ntm
    decision text not null,
    decided_on text not null,
    lost_on text not null default ''
);

-- Targets (mục tiêu) with their definition; progress is computed from data.
create table target (
    id integer primary key,
    code text not null unique,
    title_vi text not null,
    title_en text not null,
    kind text not null,                 -- units_at_standard | villages_recognised | unit_recognised
    set_id text not null default '',
    level text not null default '',     -- for unit_recognised: the recognition level
    year bigint not null,               -- by the end of this year
    unit_codes text not null default '',-- ';'-separated
    quota bigint not null default 0,
    source text not null default ''
);

-- Who answers for what (issue 9 point 4).
-- An agency's part in a criterion: it leads it (chủ trì) or co-operates on it (phối hợp). Rows
-- written before this migration were all leads.
alter table agency_criterion add column role text not null default 'lead';

-- Steering Committee members (thành viên Ban Chỉ đạo): name, position, agency, the communes they
-- follow (phụ trách địa bàn xã) and the account linked to them, if any (at most one member each).
create table member (
    id integer primary key,
    code text not null unique,
    name text not null,
    position text not null,
    agency_id bigint references agency(id),
    user_id bigint unique references app_user(id)
);

create table member_commune (
    member_id bigint not null references member(id),
    unit_id bigint not null references unit(id),
    ord bigint not null,                -- the order given
    primary key (member_id, unit_id)
);

-- A loss of standard names its decision (thu hồi), beside its date.
alter table recognition add column lost_decision text not null default '';

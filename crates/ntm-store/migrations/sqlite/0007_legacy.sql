-- The tables and columns replaced by 0002_audit and 0006_values, now that their rows have been
-- converted (the store converts them between 0006 and this migration).
drop table value_history;
drop table value_legacy;
alter table audit drop column detail;

-- A commune-level unit's kind: xa, phuong, thi-tran, dac-khu (a xã set judges xã only), as its
-- file said it (the GSO list's `Cấp` column, the `kind` column, or the prefix of its name).
-- Empty: not known; the live state then reads it from the unit's name.
alter table unit add column kind text not null default '';

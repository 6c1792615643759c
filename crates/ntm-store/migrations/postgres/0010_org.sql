-- An agency's name on English pages: the official English name where one exists, else the
-- Vietnamese name with a translation. Empty: none given (English pages show `name`).
alter table agency add column name_en text not null default '';

-- The change log keeps what happened as an action code and its arguments (a JSON object, as
-- text), never a sentence: each page words it in its reader's language. Rows written before
-- this migration are converted when the database is opened (their `detail` read once), and
-- the column `detail` goes with 0007_legacy.
alter table audit add column args text not null default '';

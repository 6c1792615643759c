-- Targets' new kinds and their managing unit: the indicator an indicator target follows, the
-- figure to reach kept exact as `num/den` text (an average of criteria such as 18.5 is `37/2`;
-- an indicator's value), and the managing unit's code ('' : the top unit above its units).
alter table target add column indicator text not null default '';
alter table target add column value text not null default '';
alter table target add column unit_code text not null default '';

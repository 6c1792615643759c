-- One change counter per area. Every change bumps 'revision' (the order of all changes, which
-- values carry) and the counter of its own area; a server reloads only the areas whose counter
-- moved, and only a change of units or criteria reloads the value tables. The one 'structure'
-- counter (every change but values) is replaced by them.
insert into meta (key, value) select 'units', value from meta where key = 'structure';
insert into meta (key, value) select 'criteria', value from meta where key = 'structure';
insert into meta (key, value) select 'accounts', value from meta where key = 'structure';
insert into meta (key, value) select 'org', value from meta where key = 'structure';
insert into meta (key, value) select 'plans', value from meta where key = 'structure';
insert into meta (key, value) select 'recognitions', value from meta where key = 'structure';
insert into meta (key, value) select 'values', value from meta where key = 'revision';
delete from meta where key = 'structure';

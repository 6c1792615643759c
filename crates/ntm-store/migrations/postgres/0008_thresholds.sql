-- A threshold layer read from a file keeps its file's English twins (the layer's title, each
-- threshold's source), so that English pages word a stored layer as the file does. Empty: none
-- (an administrator's citation is a legal text, shown as it is written).
alter table threshold_layer add column title_en text not null default '';
alter table threshold_entry add column source_en text not null default '';

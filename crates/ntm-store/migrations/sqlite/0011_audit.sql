-- The change log is read filtered by person, by area (the action code's first part) and by date;
-- each of these, newest first.
create index audit_user on audit(user_id, id);
create index audit_action on audit(action, id);
create index audit_at on audit(at);

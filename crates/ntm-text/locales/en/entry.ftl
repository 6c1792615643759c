# entry

saved_n = Values saved:
nothing_changed = Nothing changed.
entry_title = Enter values
entry_help = Enter rates as numerator and denominator (e.g. 72 and 100), or just the percentage. Use . as the decimal point (72.5) and no thousands separators. Leave empty when there is no value.
numerator = Numerator
denominator = Denominator
no_value = No value
read_only = Read only (not yours to enter)
conflict_title = Someone else changed these values — nothing was saved
conflict_help = See the current values below. To overwrite them anyway, press Save again.
their_value = current value
by = by
last_change = Last changed
history_title = Value history
when = When
who = Who
old_value = Old value
new_value = New value
change = Change
no_history = No changes yet.
back_to_unit = Back to the unit
session_expired_kept = Your session expired or you signed out. Sign in again: the values you typed are kept (not saved yet) for you to check and save.
form_expired_kept = Not saved: the form expired or is not valid (perhaps you signed in again in another window). The values you typed are still below; check them, then press Save.
signed_in_kept = Signed in. The values you typed are still below but not saved yet; check them, then press Save.

answer_yes = { $kind ->
    [has] Yes
   *[meets] Met
}
answer_no = { $kind ->
    [has] No
   *[meets] Not met
}

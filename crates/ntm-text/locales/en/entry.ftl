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

# One criterion at a time, progress, the previous period, thresholds
criterion_n = Criterion { $id }
progress_title = Progress: { $complete }/{ $total } criteria complete
progress_help = Choose a criterion to enter and save on its own: a light page, for phones and slow connections.
progress_legend = ✓: complete; 1/3: indicators with a value / all.
progress_complete = complete ({ $filled }/{ $total })
progress_missing = { $missing ->
    [one] 1 indicator missing
   *[other] { $missing } indicators missing
} ({ $filled }/{ $total })
all_criteria = All criteria
previous_criterion = ← Criterion { $id }
next_criterion = Criterion { $id } →
previous_value = Previous period ({ $period }): { $value }
previous_none = Previous period ({ $period }): no value
requirement_threshold = Threshold: { $threshold }
requirement_illustrative = Threshold: { $threshold } (illustrative)
requirement_answer = Needed: { $answer }
requirement_missing = No threshold applies to this unit
derived_rule = { $kind ->
    [percent] Type the rate, or leave it empty to have it computed from the two raw figures below. If both are given, the rate typed is used, and the two must agree.
   *[other] Type the value, or leave it empty to have it computed from the two raw figures below. If both are given, the value typed is used, and the two must agree.
}
derived_rule_all = For an indicator with raw figures (the indented fields below it): type its value, or leave it empty to have it computed from them; if both are given, the value typed is used and the two must agree. Each criterion's own page also shows last period's value and the threshold beside each field.
uses_typed = { $kind ->
    [percent] Now used: the rate typed.
   *[other] Now used: the value typed.
}
uses_computed = Now used: the { $kind ->
    [percent] rate
   *[other] value
} computed from the raw figures, { $computed }.
copy_previous = Copy the values of { $period } into the empty fields
copied_n = Copied { $count ->
    [one] 1 value
   *[other] { $count } values
} of { $period } into the empty fields — not saved yet. Check them, then press Save.
copied_none = Nothing copied: { $period } has no values for the empty fields.

# A field's problem, by the form's own rules
issue_unreadable_number = cannot read "{ $text }": enter a number, with . as the decimal point (e.g. 72.5)
issue_unreadable_percent = cannot read "{ $text }": enter a percentage, with . as the decimal point (e.g. 72.5)
issue_ambiguous = "{ $text }" is ambiguous: write numbers without thousands separators, with . as the decimal point (e.g. 4512 or 4.512)
issue_too_large = number too large or too many decimals (at most 9)
issue_negative = negative value
issue_percent_over_100 = percentage over 100
issue_numerator_over_denominator = numerator larger than denominator (a rate over 100%)
issue_zero_denominator = the denominator is 0
issue_fraction_not_whole = numerator and denominator must be whole numbers
issue_count_not_whole = a count (households, persons) takes a whole number
issue_numerator_missing = numerator missing
issue_expected_answer = { $kind ->
    [has] choose Yes or No
   *[meets] choose Met or Not met
}
issue_expected_number = this indicator takes a number
issue_expected_plain_number = a raw figure takes a plain number, not a rate (e.g. 23 or 4.5)
issue_disagrees = the { $kind ->
    [percent] rate
   *[other] value
} typed ({ $typed }) differs from the one the raw figures give ({ $computed }): keep one of the two (clear the typed one or the raw figures), or make them agree

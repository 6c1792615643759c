# recognitions

recog_title = Recognition decisions
recog_help = Each decision recognises a unit as meeting a standard at a level, from the date of the decision until it is withdrawn (if it is). Meeting the standard on data is computed from the data; being recognised is the decision of the competent authority — two different things.
recog_filter_level = Recognition level
recog_all_levels = All levels
recog_filter = Filter
recog_unit = Unit
recog_level = Level
recog_decision = Decision number
recog_decided_on = Date of decision
recog_lost = Withdrawn
recog_lost_shown = withdrawn on { $date } ({ $decision })
recog_in_force = in force
recog_none = No recognition decision yet.
recog_count = { $count ->
    [one] 1 decision
   *[other] { $count } decisions
}
recog_add = Record a recognition decision
recog_add_help = The unit's code from the list (e.g. 03413); dates as dd/mm/yyyy. The level must fit the kind of unit: commune — NTM, advanced, model; village — village NTM; district — district NTM.
recog_date_hint = dd/mm/yyyy, e.g. 20/12/2024
recog_lose = Record a withdrawal of recognition
recog_lose_help = Choose the decision withdrawn; the date of withdrawal may not be before the date of the decision.
recog_lost_on = Date of withdrawal
recog_lost_decision = Decision of withdrawal
recog_which = Decision withdrawn
recog_import = Import a recognitions file (CSV)
recog_import_help = Paste the CSV file: first line unit_code,level,decision,decided_on (lost_on,lost_decision may follow). All or nothing: one bad line and no line is recorded.
recog_csv = The CSV file's text
recog_import_button = Import
recog_saved = Decision recorded.
recog_lost_saved = Withdrawal recorded.
recog_imported = { $count ->
    [one] 1 decision imported.
   *[other] { $count } decisions imported.
}
recog_already_lost = this decision was withdrawn already on { $date }
recog_history = Recognition history
recog_all_link = All recognition decisions

# Computed (on data) and decided (by decision), told apart wherever a verdict is shown.
recog_decided = Recognised by decision (No. { $decision }, { $date })
recog_not_decided = no recognition decision yet
recog_badge = Recognised
recog_recognised_count = Recognised by a decision in force

# Targets: the units closest to counting.
recog_closest = Closest

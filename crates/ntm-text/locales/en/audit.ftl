# audit

audit_title = Change log
action = Action
subject = Subject
detail = Detail

# The action code with "-" for "." (values.save → values-save): Fluent keys have no dot.
audit_action = { $code ->
    [values-save] values entered
    [values-import] values file loaded
    [units-import] unit list loaded
    [threshold-set] threshold corrected
    [user-add] account added
    [user-passwd] password set
    [user-lock] account locked
    [user-unlock] account unlocked
    [agency-add] agency added
    [agency-assign] criterion given to an agency
    [target-add] target added
    [recognition-add] recognition recorded
    [recognition-lose] loss of recognition recorded
    [threshold-store-set] criteria set stored
    [plan-import] roadmap file loaded
    [plan-save] roadmap row saved
    [plan-delete] roadmap row deleted
    [member-import] Steering Committee members file loaded
    [reason-save] reason and solution written
    [round-schedule] reporting deadline rule set
    [round-holidays] holiday list set
    [round-open] reporting round opened
    [report-save] report draft saved
    [report-submit] report submitted
    [report-return] report returned
    [report-accept] report accepted
    [report-reopen] report reopened
    [report-attach] file attached to a report
   *[other] other change
}
event_values = { $values ->
    [one] 1 value
   *[other] { $values } values
}
event_values_rows = { $values ->
    [one] 1 value
   *[other] { $values } values
} ({ $rows ->
    [one] 1 row
   *[other] { $rows } rows
})
event_units = { $units } units, { $links } merger links
event_members = { $members ->
    [one] 1 member
   *[other] { $members } members
}
event_role = role { $role }
event_password = password changed
event_locked = account locked
event_unlocked = account unlocked
event_threshold = { $old } → { $new }; citation: { $citation }
event_threshold_recited = { $old } (former citation: { $old_citation }) → { $new }; citation: { $citation }
event_recognition = { $level }: { $decision }, { $date }
event_recognition_lost = { $level }: { $decision } withdrawn on { $date } (decision { $lost_decision })
event_unknown = (recorded by another version)
audit_next = Earlier changes
audit_newest = Back to the newest changes

# What a change is about.
audit_file = file { $file }
audit_indicator = indicator { $id } { $name }
audit_criterion = criterion { $id } { $name }
audit_threshold_year = year { $year }
audit_more_values = and { $count ->
    [one] 1 more value
   *[other] { $count } more values
}
audit_command_line = Command line (no account)
audit_by_command_line = Command line

# The filters.
audit_filters = Filter the log
audit_unit = Unit (with the units under it)
audit_who = Changed by
audit_area = Kind of change
audit_from = From
audit_to = To
audit_date_hint = dd/mm/yyyy, e.g. 25/11/2024
audit_any = All
audit_filter = Filter
audit_clear = Clear the filters
audit_area_name = { $code ->
    [values] Values
    [thresholds] Thresholds
    [accounts] Accounts
    [org] Responsible agencies
    [plans] Targets and plans
    [recognitions] Recognition decisions
    [units] Unit lists
    [roadmap] Roadmap
    [members] Steering Committee members
    [reasons] Reasons and solutions
    [rounds] Reporting rounds
    [reports] Reports
   *[other] Other
}
audit_none = No change matches the filters.
audit_empty = No change yet.
audit_problems = There is a problem with the filters — the log below is not filtered by the fields in error
audit_unknown_unit = There is no unit with code { $code }.
audit_unknown_person = There is no account named { $name }.
audit_unknown_area = There is no kind of change { $code }.
audit_bad_date = “{ $text }” is not a date: write it as dd/mm/yyyy, e.g. 25/11/2024.
audit_from_after_to = The last day must be on or after the first.
audit_numerator = { $id } (numerator)
audit_denominator = { $id } (denominator)

# The roadmap's events.
event_plans = { $plans ->
    [one] 1 roadmap row
   *[other] { $plans } roadmap rows
}
event_plan_saved = planned year { $old_year } → { $new_year }; responsible { $old_responsible } → { $new_responsible }; estimate (VND) { $old_estimate } → { $new_estimate }
event_plan_deleted = plan for { $year } deleted
audit_plan_standard = the whole standard ({ $level })

# Reasons and solutions.
event_reason_saved = reason “{ $old_reason }” → “{ $new_reason }”; solution “{ $old_solution }” → “{ $new_solution }”

# The reporting cycle's events (issue 10).
event_schedule = { $days } working days after the data cut-off; basis: { $basis }
event_holidays = { $days } holidays
event_round = round { $round }, { $period }, deadline { $deadline }
event_report = round { $round }, { $reporter }
event_report_reason = round { $round }, { $reporter }; reason: { $reason }
event_report_locks = round { $round }, { $reporter }; { $locks } scopes of values locked
event_attachment = round { $round }, { $reporter }: { $name } ({ $size } bytes)

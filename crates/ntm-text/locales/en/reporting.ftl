# reporting (issue 10): rounds, reports, review, timeliness, inbox

nav_reporting = Reports
nav_inbox = Inbox
reporting_title = Periodic and ad-hoc reports
reporting_help = Each reporting round has a data cut-off (Decree 09/2019/NĐ-CP, Article 12: from the 15th of the month before the period to the 14th of its last month) and a deadline set by the managing unit's rule. Each agency and commune that must report files one report; the standing office reviews it and accepts it or returns it with a reason.
reporting_round_label = { $kind ->
    [quarterly] Report for quarter { $quarter }/{ $year }
    [six-month] Report for the first six months of { $year }
    [nine-month] Report for the first nine months of { $year }
    [annual] Annual report { $year }
    [thematic] Thematic report: { $subject }
   *[other] Ad-hoc report: { $subject }
}
reporting_kind = { $code ->
    [quarterly] Quarterly
    [six-month] Six-month
    [nine-month] Nine-month
    [annual] Annual
    [thematic] Thematic
   *[other] Ad hoc
}
reporting_rounds = Reporting rounds
reporting_none = No reporting round yet.
reporting_deadline = Deadline
reporting_cut_off = Data cut-off
reporting_basis = Basis
reporting_managing = Managing unit
reporting_obliged = Who must report
reporting_obliged_agencies = the specialised agencies
reporting_obliged_communes = the communes and towns
reporting_counts = { $obliged } must report: { $on_time } on time, { $late } late, { $missing } missing, { $pending } not yet due; { $accepted } accepted, { $waiting } waiting for review, { $returned } returned
reporting_state = { $code ->
    [draft] Draft
    [submitted] Submitted, waiting for review
    [returned] Returned
    [accepted] Accepted
   *[other] Not started
}
reporting_timeliness = { $code ->
    [on_time] On time
    [late] Late
    [missing] Missing
   *[other] Not yet due
}
reporting_days_late = { $days ->
    [one] 1 day late
   *[other] { $days } days late
}
reporting_days_overdue = { $days ->
    [one] 1 day overdue
   *[other] { $days } days overdue
}
reporting_days_left = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
reporting_reporter = Reporter
reporting_state_head = State
reporting_timeliness_head = Timeliness
reporting_first_submitted = First submitted
reporting_view = Open
reporting_table_title = { $round }: who has reported
reporting_period_data = Data of { $period }

reporting_open_title = Open a reporting round
reporting_open_help = Periodic round: leave the cut-off and the deadline empty and they follow Decree 09/2019/NĐ-CP and the managing unit's deadline rule (working days, without Saturdays, Sundays and holidays). Thematic or ad-hoc round: give its subject, cut-off and deadline.
reporting_field_kind = Kind of report
reporting_field_year = Year
reporting_field_quarter = Quarter (quarterly reports)
reporting_field_subject = Subject (thematic, ad hoc)
reporting_field_unit = Managing unit's code (empty: the district)
reporting_field_cut_off_from = Data cut-off from
reporting_field_cut_off_to = to
reporting_field_deadline = Deadline (empty: by the rule)
reporting_field_basis = Basis (empty: the rule's)
reporting_field_obliged = Who must report: agencies, communes, or a list of codes
reporting_open_button = Open the round
reporting_opened = The round is open.
reporting_schedules = Deadline rules
reporting_rule_title = Set a deadline rule, the holidays
reporting_field_working_days = Working days after the data cut-off
reporting_field_valid_from = In force from
reporting_field_holidays = Holidays: one a line, the day (dd/mm/yyyy) and its name
reporting_schedule_line = { $unit }: { $kind } reports are due at most { $days } working days after the data cut-off
reporting_schedule_valid = from { $from }
reporting_holidays = Holidays (not working days): { $count }

reporting_records_title = Reporting record
reporting_records_help = Each reporter over the rounds already due: reports on time, late, missing, and the days late in all. Rounds not yet due are not counted.
reporting_on_time_head = On time
reporting_late_head = Late
reporting_missing_head = Missing
reporting_days_late_head = Days late in all
reporting_due_head = Rounds due
reporting_percent_head = Share on time
reporting_rounds_head = Rounds late or missing

reporting_report_title = { $reporter }: { $round }
reporting_results = Results
reporting_difficulties = Difficulties
reporting_tasks = Progress of assigned tasks
reporting_reasons = Criteria off track: reasons and solutions
reporting_reasons_help = These rows come from the early warnings of { $year } for the reporter's scope; reasons and solutions written before are filled in.
reporting_reasons_none = No criterion is warned about in the reporter's scope.
reporting_reason = Reason
reporting_solution = Solution
reporting_unit = Unit
reporting_criterion = Criterion
reporting_warning_kinds = Warnings
reporting_save = Save the draft
reporting_submit = Submit the report
reporting_resubmit_help = Correct it as the reason asks, save, then submit it again.
reporting_accept = Accept the report
reporting_return = Return the report
reporting_return_reason = Reason for returning it (required)
reporting_reopen = Reopen the accepted report
reporting_reopen_reason = Reason for reopening it (required)
reporting_review = Review
reporting_accept_help = Accepting locks the values of { $period } in the report's scope; changing them then needs the report reopened, with a reason.
reporting_returned_because = The report was returned. Reason: { $reason }
reporting_history = History
reporting_history_none = None yet.
reporting_when = When
reporting_who = By
reporting_move = Move
reporting_files_actor = (command line, illustrative data)
reporting_attachments = Attached files
reporting_attach = Attach a file
reporting_attach_help = At most 5 MB: PDF, Excel or Word (xlsx, docx), PNG, JPEG. Files are always downloaded, never opened in the browser.
reporting_no_attachments = No attached file yet.
reporting_bytes = { $size } bytes
reporting_snapshot = Values when submitted (set { $set }, period { $period })
reporting_snapshot_none = Not submitted yet, or no values of the period in the report's scope.
reporting_element = Indicator
reporting_value = Value
reporting_value_period = Entered for
reporting_saved = The draft is saved.
reporting_moved = { $code ->
    [submitted] The report is submitted.
    [returned] The report is returned.
    [accepted] The report is accepted; its values are locked.
   *[other] Updated.
}
reporting_attached = The file is attached.
reporting_problems = This could not be done:
reporting_problem_unknown_kind = There is no kind of report “{ $kind }”.
reporting_problem_bad_quarter = A quarterly report needs a quarter from 1 to 4.
reporting_problem_bad_year = “{ $text }” is not a year (2000–2100).
reporting_problem_unknown_unit = No managing unit “{ $code }” was found.
reporting_problem_no_schedule = The managing unit has no deadline rule in force for this kind of report: give the deadline.
reporting_problem_bad_date = “{ $text }” is not a date: write it as dd/mm/yyyy, e.g. 23/09/2024.
reporting_problem_cut_off_required = A thematic or ad-hoc report needs its data cut-off (from, to).
reporting_problem_subject_required = A thematic or ad-hoc report needs its subject.
reporting_problem_cut_off_reversed = The cut-off's last day must come after its first.
reporting_problem_deadline_too_early = The deadline must be at least one working day after the data cut-off (Decree 09/2019/NĐ-CP, Article 8(5)).
reporting_problem_no_reporters = Nobody must report yet: write agencies, communes, or codes.
reporting_problem_unknown_reporter = There is no agency or unit with code “{ $code }”.
reporting_problem_too_long = A text is longer than { $max } characters.
reporting_problem_reason_required = Returning or reopening a report needs a reason.
reporting_problem_own_report = Nobody accepts or returns their own report.
reporting_problem_not_from_here = This cannot be done with the report as it stands ({ $state }); reload the page to see where it is.
reporting_problem_file_too_large = The file has { $size } bytes, more than 5 MB.
reporting_problem_file_type = Only PDF, Excel or Word (xlsx, docx), PNG and JPEG files are accepted (by their contents).
reporting_problem_no_file = No file was chosen.
reporting_value_locked = This value belongs to an accepted report (round { $round }) and is locked; the standing office must reopen the report, with a reason, before it changes.

reporting_late_today = Late with their reports today
reporting_late_none = Nobody is late with a report.
reporting_late_all = All { $count } late reports
reporting_late_line = { $reporter }: { $round }, { $days ->
    [one] 1 day overdue
   *[other] { $days } days overdue
}

inbox_title = Inbox
inbox_help = Reports returned with their reason, deadlines in the next { $days } days, reports waiting for review.
inbox_empty = Nothing needs doing.
inbox_returned = returned, reason: { $reason }
inbox_due_soon = due { $deadline }, { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
inbox_to_review = submitted, waiting for the standing office's review

reporting_summary_title = Consolidated report — { $round }
reporting_summary_help = Consolidated from { $accepted } of { $parts } reports accepted; what is not yet accepted is marked so.
reporting_not_accepted = not yet accepted
reporting_summary_link = Consolidated report
reporting_filter = { $code ->
    [late] Late
    [not_submitted] Not yet submitted
    [waiting] Waiting for review
    [accepted] Accepted
    [returned] Returned
   *[other] All
}
reporting_filter_help = Late: the deadline passed with nothing submitted, or it was submitted after. Those with nothing submitted come first, the most overdue first, then those submitted late.
reporting_filter_none = No reporter in this state.
reporting_records_filter = { $code ->
    [late] With a late or missing report
   *[other] All reporters
}
reporting_records_sorted = Those with the most rounds missing come first, then those with the most days late.
reporting_late_more = { $count ->
    [one] 1 more late report, by round:
   *[other] { $count } more late reports, by round:
}
reporting_late_round = { $round }: { $count ->
    [one] 1 late report
   *[other] { $count } late reports
}

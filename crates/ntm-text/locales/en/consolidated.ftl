# consolidated: the consolidated report of a reporting round (printed on A4, downloaded as Excel).

cons_summary_line = { $met }/{ $total } units meet the standard on the data; { $accepted }/{ $total } units have their report accepted.
cons_section_timeliness = I. Reporting: who reported, and when
cons_section_results = II. Results by criterion (data of { $period })
cons_section_targets = III. Targets
cons_section_warnings = IV. Early warnings, reasons and solutions
cons_section_narrative = V. What the reports say
cons_results = Results
cons_difficulties = Difficulties
cons_tasks = Progress on assigned tasks
cons_reasons = Reasons and solutions for criteria not met
cons_nothing = No reporter wrote this part.
cons_download = Download as Excel
cons_col_report = The unit's report
cons_col_progress = Progress
cons_col_state = State
cons_col_warning = Warning
cons_col_answer = The unit's reason and solution
cons_col_accepted = Note
cons_col_criterion = Criterion
cons_col_reason = Reason
cons_col_solution = Solution
cons_sheet_summary = Summary
cons_sheet_results = Results
cons_sheet_warnings = Warnings
cons_sheet_narrative = Reports

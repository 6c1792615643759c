# reasons

reasons_title = Reasons for shortfalls and solutions
reasons_help = The responsible unit states the reason for each warning and each criterion planned for the year but not met, and the solution it proposes. Saving again replaces what was written; every change goes to the change log.
reasons_write = Give the reason and solution
reasons_form_title = Reason and solution — { $unit }
reasons_reason = Reason for the shortfall
reasons_solution = Solution
reasons_limit = at most { $max } characters
reasons_unit = Unit
reasons_criterion = Criterion
reasons_whole = The whole standard
reasons_kinds = Warnings now
reasons_who = Written by
reasons_when = When
reasons_none = No reason has been written for this period.
reasons_saved = Reason and solution saved.
reasons_answers = The warnings it answers
reasons_no_warning = No warning for this criterion in this period now.
reasons_given = Reason: { $reason }
reasons_period = Period

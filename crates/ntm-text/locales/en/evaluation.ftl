# evaluation

targets = Targets
target_by = by the end of
achieved = Achieved
overdue = Overdue, not achieved
in_progress = In progress
still_missing = Still missing
units_evaluated = Units evaluated
standard_met = Meets the standard on data
average_criteria = Average criteria met per unit
most_failed = Criteria most often not met
units_not_meeting = units not meeting it
trend = Trend over the years
trend_standard = Units meeting the standard
trend_average = Average criteria met
criteria_of = criterion
matrix_title = Units × criteria matrix
met_count = Criteria met
sort_by = Sort by
sort_code = Unit code
sort_name = Name
sort_met = Most criteria met
sort_least = Fewest criteria met
filter_status = Filter
filter_all = All
filter_standard = Meeting the standard
filter_not_standard = Not meeting the standard
page = Page
previous = Previous page
next = Next page
criteria_chart_title = Units meeting, not meeting and without data, by criterion
unit_of_measure = Unit of measure
region = Region
group = Commune group
valid = In force
merged_from = Formed from
merged_into = Merged into
not_evaluated = This set does not apply to this unit (another level), or the unit did not exist in the period.
criteria_met_of = criteria met
meets_standard = Meets the standard on data
not_meets_standard = Does not meet the standard on data
recognitions = Recognition decisions
no_recognition = No recognition decision.
lost_on = lost
history = Criteria met over time
villages = Villages
village_recognised = Recognised
village_not_recognised = Not recognised
sub_units = Units below
indicator = Indicator
value = Value
threshold = Threshold
verdict = Verdict
explanation = Explanation
source = Source
value_of = value of
value_history = History
enter_values = Enter values
responsible = Responsible agency
responsible_unset = No agency assigned.
distribution = Distribution
failing_units = Units not meeting it
all_meet = Every unit meets this criterion.
and_more = … and further units not meeting it:
gap = Gap
download_excel = Download as Excel (every unit, every indicator)

lineage_kind = { $code ->
    [part] part merged
    [unchanged] unchanged
   *[whole] wholly merged
}
flag_name = { $code ->
    [dbkk] extremely disadvantaged commune
    [atk] safety-zone commune
   *[other] { $code }
}
recognition_level = { $code ->
    [ntm] meets the NTM standard
    [nang-cao] meets the advanced NTM standard
    [kieu-mau] meets the model NTM standard
    [ban-ntm] village meets the NTM standard
    [huyen-ntm] district meets the NTM standard
   *[other] { $code }
}
shortfall_criteria_met = { $unit }: { $met }/{ $total } criteria met
shortfall_not_evaluated = { $unit }: not in the evaluation
shortfall_villages = { $unit }: { $count ->
    [one] 1 village
   *[other] { $count } villages
} to go
shortfall_not_recognised = { $unit }: no recognition decision yet
gap_short = { $amount } short
gap_over = { $amount } above the ceiling
lost_by = by

# The first screen, targets on their own terms, honest periods (issue 8)
no_data_for = No data for { $period }.
no_data_hint = Choose a period with data above.
period_no_data = { $period } (no data)
mostly_missing = { $percent }% of the indicator verdicts of this period have no data: the figures here are incomplete.
attention = Needs attention
furthest_units = Units furthest from the standard
furthest_unit = { $unit }: { $met }/{ $total } criteria met
targets_off_track = Targets not reached
my_criteria = The criteria your agency answers for
criterion_counts = { $met } met · { $not_met } not met · { $missing } missing
target_state = { $code ->
    [awaiting_data] Awaiting its year's data
    [achieved] Achieved
    [reached] Reached, ahead of its deadline
    [missed] Missed
    [no_data] No data to judge it on
   *[in_progress] In progress
}
target_final_data = Final result, on the data of { $period }.
target_latest_data = On the latest data: { $period }.
target_awaiting_data = No data for { $year } yet; on the latest data up to its deadline: { $period }.
target_final_decisions = Final result: the recognition decisions in force on { $date }.
target_decisions = On the recognition decisions in force on { $date }.
target_no_data_final = { $year } has no data: it cannot be judged.
target_no_data_yet = No data to judge it on yet.
still_missing_villages = Still missing: { $count ->
    [one] 1 village
   *[other] { $count } villages
}
still_missing_communes = Still missing: { $count ->
    [one] 1 commune
   *[other] { $count } communes
}
still_missing_districts = Still missing: { $count ->
    [one] 1 district
   *[other] { $count } districts
}
still_missing_units = Still missing: { $count ->
    [one] 1 unit
   *[other] { $count } units
}
kind_plural = { $code ->
    [xa] rural communes
    [phuong] wards
    [thi-tran] townships
    [dac-khu] special zones
   *[other] { $code }
}
kind_one = { $code ->
    [xa] a rural commune
    [phuong] a ward
    [thi-tran] a township
    [dac-khu] a special zone
   *[other] { $code }
}
not_judged = This set judges { $kinds }; it does not apply to { $kind }.
rollup_title = The units below it that this set judges
rollup_units = { $count ->
    [one] 1 unit judged by this set
   *[other] { $count } units judged by this set
}
trend_quarters = Over the quarters
# How sure the thresholds are, said once per page; marks only for the exceptions.
unverified_notice_most = Most thresholds and indicators of this set ({ $unverified } of { $total }) are not yet verified against the official text, and so neither are the verdicts that rest on them. Beside each verdict, the short citation names how sure its threshold is only when it is verified (fully or partly) or illustrative.
unverified_notice_some = Some thresholds and indicators of this set ({ $unverified } of { $total }) are not yet verified against the official text, and so neither are the verdicts that rest on them. Beside each verdict, the short citation names how sure its threshold is only when it is verified (fully or partly) or illustrative.
illustrative_legend = illustrative threshold, not one from a legal text
criteria_key = Criteria
history_numerator = History of the numerator
history_denominator = History of the denominator
axis_units = units
axis_criteria = criteria
axis_criteria_per_unit = criteria per unit
threshold_line = threshold { $threshold }
no_value_for = No value
printed_on = Printed on { $date }
print_demo = Illustrative data, not real figures
signed_at = ……, { $day }/{ $month }/{ $year }
prepared_by = Prepared by
head_of_unit = Head of unit
sign_name = (signature and full name)
sign_seal = (signature, seal and full name)

# Targets' new kinds: average criteria, one indicator (issue 9)
shortfall_indicator_value = { $unit }: { $value } ({ $gap } from the target)
shortfall_no_value = { $unit }: no data
still_missing_criteria = Still missing: { $count } criteria met, for the average
target_average_now = Average now: { $average } criteria per unit; target: { $goal }.
target_indicator_goal = Indicator { $indicator }: { $direction ->
    [max] at most
   *[min] at least
} { $goal } in each unit.

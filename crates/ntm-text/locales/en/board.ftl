# board (issue 9 point 4): who answers for what — agencies, Steering Committee members

nav_board = Accountability
board_title = Accountability board
board_intro = Each agency answers for the results of the criteria assigned to it; each Steering Committee member follows the communes in their charge.
board_agencies = Agencies
board_members = Steering Committee members
board_agency_col = Agency
board_leads = Leads
board_cooperates = Co-operates
board_cooperating = Co-operating agencies
board_member_col = Member
board_position = Position
board_communes = Communes followed
board_no_agencies = No agency yet (load the agencies: ntm agencies import).
board_no_members = No Steering Committee member yet (load them: ntm members import).
board_role = { $role ->
    [cooperate] co-operates
   *[lead] leads
}
board_criteria_of = Criteria assigned
board_no_criteria = No criterion is assigned to this agency.
board_failing = Units not meeting it ({ $period })
board_all_meet = Every unit meets this criterion.
board_shortfall = Indicators not met: value / threshold — short by
board_no_value = no data
board_trend = Over the years with data
board_year = Year
board_counts = { $met } met, { $not_met } not met, { $missing } without data
board_more = and { $count } more units — see the criterion's page
board_plans_due = Plan rows due in { $year }
board_glance = Communes followed ({ $period })
board_criteria_met = Criteria met
board_standard = Standard met on data
board_recognised = Recognition decision
board_yes_standard = Meets the standard
board_no_standard = Does not meet the standard
board_yes_recognised = Recognised
board_no_recognised = Not recognised
board_no_data = No data
board_no_communes = No commune is assigned to this member.
board_agency_of = Agency: { $agency }
board_warnings = Early warnings about the communes followed: { $count }

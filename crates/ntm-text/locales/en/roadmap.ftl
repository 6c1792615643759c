# roadmap: the roadmap and the early warnings on pages

warnings_early = Early warnings
warnings_see_all = See all { $count } warnings
roadmap_title = roadmap
roadmap_of = Roadmap — { $unit }
roadmap_export = Download the roadmap (CSV)
roadmap_empty = No plan for this unit yet.
roadmap_item = Criterion
roadmap_planned_year = Planned year
roadmap_actual = Actual ({ $period })
roadmap_contents = What must be done
roadmap_responsible = Responsible
roadmap_responsible_code = Code of the responsible agency or unit
roadmap_estimate = Estimated cost (VND)
roadmap_change = Change
roadmap_edit = Change this row
roadmap_save = Save
roadmap_delete = Delete this row
roadmap_add = Add a plan row
roadmap_whole = The whole standard
roadmap_standard = The whole standard — { $level }
roadmap_history = Changes to the roadmap
roadmap_no_history = No change yet.
roadmap_grid_title = Roadmap of the units — { $year }
roadmap_grid_year = Year
roadmap_grid_show = Show
roadmap_grid_legend = Each cell: the year the criterion is planned to be met (bold when it is { $year }; · when not planned), then its verdict in { $year }: ✓ met, ✗ not met, ? missing; no sign: not evaluated. The unit's name opens its roadmap.
roadmap_grid_planned = planned for { $year }
roadmap_grid_unplanned = not planned
roadmap_grid_not_evaluated = not evaluated
roadmap_grid_link = The roadmap of every unit by criterion
# A unit's roadmap: criteria × years.
roadmap_years_title = Planned and actual by year
roadmap_years_legend = Each cell: that year's result (✓ met, ✗ not met, ? data missing, · not evaluated); P: the year the roadmap plans it to be met.
roadmap_years_plan_mark = P
roadmap_rows_title = Plan rows
# Importing the roadmap on the page (the standing office), as ntm plans import does.
roadmap_import = Import the roadmap from a CSV file
roadmap_import_help = Paste the CSV file's text: a first line unit_code,criterion,planned_year (optionally level,responsible,contents,estimate). The file replaces the whole roadmap of this criteria set. All or nothing: one wrong line and no line is written.
roadmap_csv = CSV text
roadmap_import_button = Import the roadmap
roadmap_imported = { $count ->
    [one] Imported { $count } plan row.
   *[other] Imported { $count } plan rows.
}
roadmap_import_refused = Not imported: { $count ->
    [one] { $count } error
   *[other] { $count } errors
}, no line written

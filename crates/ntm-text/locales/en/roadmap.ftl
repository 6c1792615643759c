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

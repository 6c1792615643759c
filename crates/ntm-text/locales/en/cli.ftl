# cli: the command line's own words (the files' errors and the report tables are ntm-io's,
# the `--help` texts clap's, in crates/ntm/src/cli.rs). The line ends and the indentation
# of a listing are the command's.

cli_error = error
cli_missing = missing { $option }
cli_missing_set = missing --set (see: ntm criteria list)
cli_missing_period = missing --period (a year 2024 or a quarter 2024Q3)
cli_xlsx_unwritable = { $file }: cannot write the Excel file: { $error }
cli_illustrative_banner = ILLUSTRATIVE DATA — demo values and thresholds for Tam Đường district, not real figures.

# units import
cli_units_read = Read { $files ->
    [one] 1 file
   *[other] { $files } files
}: { $units ->
    [one] 1 unit
   *[other] { $units } units
}.
cli_units_at_level = { $level }: { $units } (still in force: { $open })
cli_units_merger_links = merger links: { $links }
cli_units_old_only_in_merger = { $communes ->
    [one] 1 old commune
   *[other] { $communes } old communes
} only in the merger table (created from it): { $codes }
cli_units_absent_from_merger = { $communes ->
    [one] 1 commune of the 01/2025 list is
   *[other] { $communes } communes of the 01/2025 list are
} not in the merger table: { $codes }
cli_units_written = Written to the database: { $units ->
    [one] 1 unit
   *[other] { $units } units
}, { $links ->
    [one] 1 merger link
   *[other] { $links } merger links
}.
# Where units already stored are, in an error about them (in place of a file's name).
cli_stored_units = database

# values import
cli_import_progress = { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}
cli_import_progress_errors = { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}, { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}
cli_values_loaded = Loaded { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}, { $changed ->
    [one] 1 value
   *[other] { $changed } values
} changed.

# agencies, targets, recognitions and accounts import
cli_agencies_loaded = Loaded { $agencies ->
    [one] 1 agency
   *[other] { $agencies } agencies
}.
cli_members_loaded = Loaded { $members ->
    [one] 1 Steering Committee member
   *[other] { $members } Steering Committee members
}.
cli_targets_loaded = Loaded { $targets ->
    [one] 1 target
   *[other] { $targets } targets
}.
cli_recognitions_loaded = Loaded { $decisions ->
    [one] 1 recognition decision
   *[other] { $decisions } recognition decisions
}.
cli_accounts_added = Added { $accounts ->
    [one] 1 account
   *[other] { $accounts } accounts
} with the initial password given; each should change it at first sign-in.
cli_user_may_not = --user { $username }: this account may not make this change

# user
cli_user_added = Added account { $username } ({ $role }).
cli_password_changed = Password of { $username } changed; their sessions were ended.
cli_user_unlocked = Account { $username } unlocked; its failed sign-ins were cleared.
cli_user_disabled = (disabled)

# serve, demo
cli_serving = serving at { $url }
cli_demo_building = building the demo database in { $file }
cli_demo_illustrative = ILLUSTRATIVE DATA for Tam Đường district (Lai Châu) — not real figures.
cli_demo_accounts = Demo accounts, password: { $password }
cli_plans_loaded = Loaded { $plans ->
    [one] 1 roadmap row
   *[other] { $plans } roadmap rows
}.

# issue 11 (operations): ntm check
cli_check_title = Check of { $database }
cli_check_integrity = Integrity (pages and links)
cli_check_audit = Audit consistency (change log and counters)
cli_check_migrations = Migrations
cli_check_passed = passed
cli_check_failed = { $problems ->
    [one] 1 problem
   *[other] { $problems } problems
}
cli_check_not_run = not checked: the migrations must match this binary first
cli_check_all_well = All is well.
cli_check_found = { $problems ->
    [one] 1 problem found.
   *[other] { $problems } problems found.
}
cli_check_damaged = the database engine reports damage: { $detail }
cli_check_broken_link = table { $table }, row { $row }: a link to a row that does not exist
cli_check_orphans = { $count ->
    [one] 1 row
   *[other] { $count } rows
} of table { $table } name in { $column } a row of { $target } that does not exist (the first: { $missing })
cli_check_counter_missing = the change counter { $key } is missing from the meta table
cli_check_counter_out_of_range = the change counter { $key } is { $value }, outside 0 to the revision ({ $revision })
cli_check_revision_behind = the revision ({ $revision }) is behind the largest revision a value was written at ({ $largest }): the counter was set back
cli_check_changes_mismatch = change { $id } (a values import) records { $recorded } values changed, but { $found } values were written by it
cli_check_no_schema = no migration table: not an ntm database, or an empty one
cli_check_migration_pending = migration { $version } ({ $name }) is not applied: starting this version's server (ntm serve) applies it
cli_check_migration_failed = migration { $version } ({ $name }) started and did not finish
cli_check_migration_checksum = migration { $version } ({ $name }) was applied from another text than this binary's (a shipped migration was edited)
cli_check_migration_newer = migration { $version } ({ $name }) is unknown to this binary: the database is newer than this binary; use the binary of the database's version
cli_check_migration_unknown = migration { $version } ({ $name }) is unknown to this binary

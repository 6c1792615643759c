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

# backup, restore, export --all, import --all (issue 11: backup and restore)
cli_backup_written = Wrote { $file }: { $tables } tables, { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}, { $bytes } bytes.
cli_restored = Restored { $file } into { $database }: { $tables } tables, { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}; the database's integrity check passed.
cli_exported = Exported { $database } to { $file }: { $tables } tables, { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}, { $bytes } bytes.
cli_imported = Imported { $file } into { $database }: { $tables } tables, { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}, in one transaction.
cli_out_exists = { $file } already exists: give another name (nothing is ever written over).
cli_unwritable = { $file } cannot be written: { $detail }
cli_unreadable = { $file } cannot be read: { $detail }
cli_pg_tool_missing = { $tool } was not found on PATH: install the PostgreSQL client programs (Debian: postgresql-client, of the server's major version or newer) and try again. Nothing was changed.
cli_pg_tool_failed = { $tool } failed, nothing was kept: { $detail }
cli_not_empty = The database { $database } is not empty (rows per table: { $held }): a restore or an import goes only into an empty database. Give a new database (a new file, or one made with createdb) or check the tables named. Nothing was changed.
cli_foreign_tables = The database { $database } holds tables that are not ntm's ({ $tables }): a restore goes only into an empty database. Nothing was changed.
cli_backup_mismatch = { $file } is a backup of a { $kind } database: it restores only into a { $kind } database, not into { $database }. Nothing was changed.
cli_not_a_backup = { $file } is neither a SQLite database nor a pg_dump file (custom format) made by ntm backup. Nothing was changed.
cli_restore_damaged = { $file }: the restored copy fails the database's integrity check ({ $problems }); it was not put in place. Nothing was changed.
cli_wal_in_use = { $database } is in use (its write-ahead log { $file } holds changes): stop the server using it, then restore. Nothing was changed.
cli_nothing_written = Nothing was written.
cli_archive_unreadable = { $file } is not a readable zip archive (damaged or cut short): { $detail }
cli_archive_no_manifest = { $file } has no manifest.json: it is not an archive made by ntm export --all.
cli_archive_bad_manifest = { $file }: manifest.json cannot be read: { $detail }
cli_archive_format = { $file } is of archive format { $found }; this program reads format { $known }.
cli_archive_missing_table = { $file } has no table { $table } (in manifest.json or as a file).
cli_archive_unknown_table = { $file } names a table { $table } that this program does not know, or names it twice.
cli_archive_schema = { $file } is of schema { $archive } and the database of schema { $database }: import it into a database of the same schema (with the program version that wrote it).
cli_archive_columns = { $file }, table { $table }: the archive's columns ({ $archive }) are not the database's ({ $database }).
cli_archive_count = { $file }, table { $table }: manifest.json counts { $manifest } rows, the file holds { $found }.
cli_archive_hash = { $file }, table { $table }: the file's SHA-256 is not the one in manifest.json (the file was changed or damaged).
cli_archive_row = { $file }, table { $table }, line { $line }: { $problem }
cli_archive_cell = { $file }, table { $table }, line { $line }, column { $column }: { $problem }
cli_archive_not_json = not a JSON array of cells ({ $detail })
cli_archive_width = { $found } cells where the table has { $expected } columns
cli_archive_type = not a value of type { $kind }
cli_archive_too_long = the line is too long
cli_archive_refused = { $file }, table { $table }, line { $line }: the database refused the row: { $detail }

# shell

app_name = New rural development tracker
skip = Skip to main content
nav_overview = Overview
nav_matrix = Criteria matrix
nav_sets = Criteria sets
nav_audit = Change log
sign_in = Sign in
sign_out = Sign out
other_lang = Tiếng Việt
demo_banner = Illustrative data — the figures and some thresholds on this page are illustrative, not real.
set_label = Criteria set
period_label = Period
show = Show
legal_basis = Legal basis
met = Met
not_met = Not met
missing = Missing
status_met_short = M
status_not_met_short = ✗
status_missing_short = ?
unit_col = Unit
level = Level
level_any = The set's level
legend = Legend
error_prefix = Error:
code = Code
save = Save
errors_title = There is a problem — nothing was saved
not_found = Page or data not found.
forbidden = You are not allowed to do this.
bad_request = Invalid request.
server_error = System error. Your data were not changed.
database_full = The database's disk is full: this change was not written, and the data already there are intact. Ask the administrator to free some space, then try again.
database_unreachable = The database cannot be reached (its server is stopped or restarting). The change being sent may not have been written: check before doing it again, or tell the administrator.
csrf_failed = The form expired or is not valid. Reload the page and submit again.
nav_accounts = Manage accounts
bad_query = The page address has a parameter that does not fit (e.g. a page number that is not a number). Open the page again from the menu.
bad_form = The form sent could not be read; nothing was saved. Open the page again and send it again.
unknown_host = This server does not answer to that address. Use the address your office gave you.
cross_site = This form was sent from another site and was refused. Open the page again and send it again.
bad_period = The period is not valid: give a year (2024) or a quarter (2024Q3).
busy = The server is busy with other reports; please try again in a few minutes.
home = Home
signed_in_as = My account:
api = Data API (JSON)

level_name = { $code ->
    [province] province
    [district] district
    [commune] commune
    [village] village
   *[other] other level
}

# issue 11 (hardening): a form field longer than any stored text may be.
form_field_too_long = Field { $field } is too long: at most { $max } characters. Nothing was saved.

# issue 11 (operations): the request id on a server's error page, to quote to the administrator.
request_id = Request id: { $id } (quote it to the administrator).

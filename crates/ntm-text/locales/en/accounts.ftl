# accounts

username = User name
password = Password
login_failed = Wrong user name or password.
login_limited = Too many failed sign-ins. Try again in 15 minutes.
login_required = Sign in to see this page.
accounts_title = User accounts
accounts_help = Setting a new password or locking an account ends all of that person's sessions. Every change is written to the change log.
role_admin = Administrator
role_office = Standing office
role_agency = Agency
role_commune = Commune officer
role_viewer = Viewer
role = Role
display_name = Name or office
commune_or_agency = Commune / agency
account_status = Status
account_active = Active
account_locked_state = Locked
account_blocked_state = Sign-ins blocked after failed guesses
new_password = New password
set_password = Set
lock_column = Lock / unlock
lock = Lock
unlock = Unlock
you = you
until = until
add_account = Add an account
username_hint = 3–32 characters: lower-case letters without accents, digits, dot, hyphen, underscore; e.g. canbo.sonbinh
commune_for_officer = Commune (for a commune officer)
commune_hint = Only for the Commune officer role: they can enter the values of their commune and its villages.
agency_for_officer = Agency (for an agency officer)
agency_hint = Only for the Agency role: they can enter the criteria their agency is responsible for.
account_lang = Language
first_password = First password
password_hint = At least 8 characters. Hand it over in person, not by e-mail.
account_added = Account added:
account_password_set = New password set, old sessions ended:
account_locked = Account locked:
account_unlocked = Account unlocked:
my_account = My account
change_password = Change password
change_password_help = Changing your password ends all your other sessions (on other computers or browsers).
current_password = Current password
confirm_password = New password again
password_changed = Password changed. Your other sessions have ended.
wrong_current_password = The current password is wrong
new_password_short = The new password is too short (at least 8 characters)
passwords_differ = The two new passwords are not the same
password_hint_own = At least 8 characters; long and easy for you to remember, such as a short sentence.

user_bad_username = The user name must be 3 to 32 characters: lower-case letters without accents, digits, '.', '-' or '_'
user_no_display_name = The display name is required (at most 100 characters)
user_role = The role must be one of admin, office, agency, commune, viewer
user_needs_unit = A commune officer needs the code of their commune
user_unknown_unit = No unit with code { $code }
user_not_a_commune = Unit { $code } is not a commune
user_needs_agency = An agency officer needs the code of their agency
user_unknown_agency = No agency with code { $code }
user_taken = This user name is taken
user_short_password = Password too short (at least 8 characters)
user_unknown_user = No account named { $name }
user_yourself = You cannot lock your own account

# The demo's accounts on its sign-in page (issue 8)
demo_accounts = Demo accounts
demo_accounts_help = Every demo account has the same password, { $password } (public: this is a demo with illustrative data).
demo_can = What it can do
demo_for = Answers for
role_can = { $code ->
    [admin] Everything: accounts, thresholds, the values of every unit
    [office] The values of every unit and criterion, file imports, the change log
    [agency] The values of its agency's criteria, in every unit
    [commune] The values of its commune and the commune's villages
   *[viewer] Reading only
}

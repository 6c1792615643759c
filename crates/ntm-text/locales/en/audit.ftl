# audit

audit_title = Change log
action = Action
subject = Subject
detail = Detail

# The action code with "-" for "." (values.save → values-save): Fluent keys have no dot.
audit_action = { $code ->
    [values-save] values entered
    [values-import] values file loaded
    [units-import] unit list loaded
    [threshold-set] threshold corrected
    [user-add] account added
    [user-passwd] password set
    [user-lock] account locked
    [user-unlock] account unlocked
    [agency-add] agency added
    [agency-assign] criterion given to an agency
    [target-add] target added
    [recognition-add] recognition recorded
    [set-store] criteria set stored
   *[other] other change
}
event_values = { $values ->
    [one] 1 value
   *[other] { $values } values
}
event_values_rows = { $values ->
    [one] 1 value
   *[other] { $values } values
} ({ $rows ->
    [one] 1 row
   *[other] { $rows } rows
})
event_units = { $units } units, { $links } merger links
event_role = role { $role }
event_password = password changed
event_locked = account locked
event_unlocked = account unlocked
event_threshold = { $old } → { $new }; citation: { $citation }
event_threshold_recited = { $old } (former citation: { $old_citation }) → { $new }; citation: { $citation }
event_criterion = criterion { $criterion } of set { $set }
event_recognition = { $level }: { $decision }, { $date }
event_unknown = (recorded by another version)
audit_next = Earlier changes

//! The events the change log records: an action code and its arguments, never a sentence. Each
//! page words an event in its reader's language; the store keeps the code and the arguments.

/// One argument of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
}

impl Arg {
    pub fn text(&self) -> Option<&str> {
        match self {
            Arg::Text(t) => Some(t),
            Arg::Int(_) => None,
        }
    }

    pub fn int(&self) -> Option<i64> {
        match self {
            Arg::Int(n) => Some(*n),
            Arg::Text(t) => t.parse().ok(),
        }
    }
}

/// A recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Values of one unit and period saved from the entry form.
    ValuesSaved {
        unit: String,
        set: String,
        period: String,
        values: i64,
    },
    /// A values file loaded.
    ValuesImported {
        source: String,
        set: String,
        values: i64,
        rows: i64,
    },
    /// A unit list loaded.
    UnitsImported {
        source: String,
        units: i64,
        links: i64,
    },
    /// A threshold added or corrected in a layer, with its citation (and the ones it replaced).
    ThresholdSet {
        set: String,
        indicator: String,
        key: String,
        year: Option<i64>,
        old: Option<String>,
        old_citation: Option<String>,
        new: String,
        citation: String,
    },
    AccountAdded {
        username: String,
        role: String,
    },
    PasswordSet {
        username: String,
    },
    AccountLocked {
        username: String,
    },
    AccountUnlocked {
        username: String,
    },
    /// An agency added; its name on English pages too (empty: none given).
    AgencyAdded {
        code: String,
        name: String,
        name_en: String,
    },
    /// A criterion given to an agency.
    AgencyCriterionAssigned {
        agency: String,
        set: String,
        criterion: String,
    },
    /// A target added; its title in both languages (data, as the directive gives it).
    TargetAdded {
        code: String,
        title: String,
        title_en: String,
    },
    RecognitionAdded {
        unit: String,
        level: String,
        decision: String,
        decided_on: String,
    },
    /// A criteria set stored in the database (added, or replacing the shipped set of its id), from a file.
    SetStored {
        set: String,
        source: String,
    },
    /// The roadmap of a set replaced by a plans file (`plans` rows written).
    PlansImported {
        source: String,
        set: String,
        plans: i64,
    },
    /// A roadmap row added or changed: its unit, its item (a criterion of `set`, or `all` with
    /// a `level`), and what it was (`None`: a new row) → what it is.
    PlanSaved {
        unit: String,
        set: String,
        criterion: String,
        level: String,
        old_year: Option<i64>,
        new_year: i64,
        old_responsible: Option<String>,
        new_responsible: Option<String>,
        old_estimate: Option<i64>,
        new_estimate: Option<i64>,
    },
    /// A roadmap row deleted, with the year it planned.
    PlanDeleted {
        unit: String,
        set: String,
        criterion: String,
        level: String,
        year: i64,
    },
    /// A recognition withdrawn (thu hồi): the decision lost, the date and the decision of the loss.
    RecognitionLost {
        unit: String,
        level: String,
        decision: String,
        lost_on: String,
        lost_decision: String,
    },
    /// A recorded action this version does not know (kept as recorded, shown with its code).
    Unknown {
        action: String,
        args: Vec<(String, Arg)>,
    },
    // Issue 9 point 4 (people): Steering Committee members.
    /// A Steering Committee members file loaded: how many members, all in one event.
    MembersImported {
        source: String,
        members: i64,
    },
    // Issue 9 point 6 (reasons): the reason of a shortfall and the proposed solution.
    /// The reason (lý do) and proposed solution (giải pháp) of a unit's shortfall on a criterion
    /// of `set` (`all`: the whole standard) in `period` written or replaced: old (`None`: none
    /// yet) → new.
    ReasonSaved {
        unit: String,
        set: String,
        criterion: String,
        period: String,
        old_reason: Option<String>,
        new_reason: String,
        old_solution: Option<String>,
        new_solution: String,
    },
    // Issue 10 (reporting): schedules, holidays, rounds, reports and their moves.
    /// A managing unit's deadline rule for a kind of round set: so many working days after the
    /// cut-off, by `basis`.
    ScheduleSet {
        unit: String,
        kind: String,
        working_days: i64,
        basis: String,
    },
    /// The list of holidays (days off besides weekends) replaced: how many days it now holds.
    HolidaysSet {
        days: i64,
    },
    /// A reporting round opened: its number, kind, what it covers (a period code or a subject)
    /// and its deadline (`YYYY-MM-DD`).
    RoundOpened {
        round: i64,
        kind: String,
        period: String,
        deadline: String,
    },
    /// A report's draft saved by its author (`reporter`: an agency code or a unit code).
    ReportSaved {
        round: i64,
        reporter: String,
    },
    /// A report submitted (or submitted again after a return).
    ReportSubmitted {
        round: i64,
        reporter: String,
    },
    /// A report sent back to its author, with the reviewer's reason.
    ReportReturned {
        round: i64,
        reporter: String,
        reason: String,
    },
    /// A report accepted: `locks` values' scopes (unit × period) locked by it.
    ReportAccepted {
        round: i64,
        reporter: String,
        locks: i64,
    },
    /// An accepted report reopened by the office, with a reason: its locks removed.
    ReportReopened {
        round: i64,
        reporter: String,
        reason: String,
    },
    /// A file attached to a report: its name and size in bytes.
    AttachmentAdded {
        round: i64,
        reporter: String,
        name: String,
        size: i64,
    },
}

/// Every action code this version records, for tests and filters.
pub const ACTIONS: [&str; 28] = [
    "values.save",
    "values.import",
    "units.import",
    "threshold.set",
    "user.add",
    "user.passwd",
    "user.lock",
    "user.unlock",
    "agency.add",
    "agency.assign",
    "target.add",
    "recognition.add",
    "threshold.store-set",
    "plan.import",
    "plan.save",
    "plan.delete",
    "member.import",
    "recognition.lose",
    "reason.save",
    "round.schedule",
    "round.holidays",
    "round.open",
    "report.save",
    "report.submit",
    "report.return",
    "report.accept",
    "report.reopen",
    "report.attach",
];

/// What a change is about, as the change log's filter names it: each action belongs to one
/// area, by the first part of its code (`user.lock` → accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventArea {
    Values,
    Thresholds,
    Accounts,
    Org,
    Plans,
    Recognitions,
    Units,
    /// The roadmap (plan rows).
    Roadmap,
    /// Steering Committee members.
    Members,
    /// Reasons of shortfalls and their solutions.
    Reasons,
    /// Reporting rounds, their schedules and the holidays.
    Rounds,
    /// Reports and their moves (submitted, returned, accepted, reopened).
    Reports,
}

impl EventArea {
    pub const ALL: [EventArea; 12] = [
        EventArea::Values,
        EventArea::Thresholds,
        EventArea::Accounts,
        EventArea::Org,
        EventArea::Plans,
        EventArea::Recognitions,
        EventArea::Units,
        EventArea::Roadmap,
        EventArea::Members,
        EventArea::Reasons,
        EventArea::Rounds,
        EventArea::Reports,
    ];

    /// Its code, as addresses and the API write it.
    pub const fn code(self) -> &'static str {
        match self {
            EventArea::Values => "values",
            EventArea::Thresholds => "thresholds",
            EventArea::Accounts => "accounts",
            EventArea::Org => "org",
            EventArea::Plans => "plans",
            EventArea::Recognitions => "recognitions",
            EventArea::Units => "units",
            EventArea::Roadmap => "roadmap",
            EventArea::Members => "members",
            EventArea::Reasons => "reasons",
            EventArea::Rounds => "rounds",
            EventArea::Reports => "reports",
        }
    }

    pub fn from_code(code: &str) -> Option<EventArea> {
        EventArea::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The beginning every action code of the area has (`user.`).
    pub const fn action_prefix(self) -> &'static str {
        match self {
            EventArea::Values => "values.",
            EventArea::Thresholds => "threshold.",
            EventArea::Accounts => "user.",
            EventArea::Org => "agency.",
            EventArea::Plans => "target.",
            EventArea::Recognitions => "recognition.",
            EventArea::Units => "units.",
            EventArea::Roadmap => "plan.",
            EventArea::Members => "member.",
            EventArea::Reasons => "reason.",
            EventArea::Rounds => "round.",
            EventArea::Reports => "report.",
        }
    }

    /// The area of an action code; `None` for a code of no known area.
    pub fn of_action(action: &str) -> Option<EventArea> {
        EventArea::ALL.into_iter().find(|a| action.starts_with(a.action_prefix()))
    }
}

/// The subject of a roadmap row's event: `unit set criterion` (`unit all level` for the whole
/// standard), so that a unit's plan history is the events whose subject starts with its code.
pub fn plan_subject(unit: &str, set: &str, criterion: &str, level: &str) -> String {
    match criterion {
        "all" => format!("{unit} all {level}"),
        _ => format!("{unit} {set} {criterion}"),
    }
}

/// The subject of a report's event: `round reporter` (`12 03413`), so that a report's history
/// is the events of that subject.
pub fn report_subject(round: i64, reporter: &str) -> String {
    format!("{round} {reporter}")
}

fn t(s: &str) -> Arg {
    Arg::Text(s.to_string())
}

impl Event {
    /// The action code (`values.save`).
    pub fn action(&self) -> &str {
        match self {
            Event::ValuesSaved { .. } => "values.save",
            Event::ValuesImported { .. } => "values.import",
            Event::UnitsImported { .. } => "units.import",
            Event::ThresholdSet { .. } => "threshold.set",
            Event::AccountAdded { .. } => "user.add",
            Event::PasswordSet { .. } => "user.passwd",
            Event::AccountLocked { .. } => "user.lock",
            Event::AccountUnlocked { .. } => "user.unlock",
            Event::AgencyAdded { .. } => "agency.add",
            Event::AgencyCriterionAssigned { .. } => "agency.assign",
            Event::TargetAdded { .. } => "target.add",
            Event::RecognitionAdded { .. } => "recognition.add",
            Event::SetStored { .. } => "threshold.store-set",
            Event::PlansImported { .. } => "plan.import",
            Event::PlanSaved { .. } => "plan.save",
            Event::PlanDeleted { .. } => "plan.delete",
            Event::RecognitionLost { .. } => "recognition.lose",
            Event::Unknown { action, .. } => action,
            Event::MembersImported { .. } => "member.import",
            Event::ReasonSaved { .. } => "reason.save",
            Event::ScheduleSet { .. } => "round.schedule",
            Event::HolidaysSet { .. } => "round.holidays",
            Event::RoundOpened { .. } => "round.open",
            Event::ReportSaved { .. } => "report.save",
            Event::ReportSubmitted { .. } => "report.submit",
            Event::ReportReturned { .. } => "report.return",
            Event::ReportAccepted { .. } => "report.accept",
            Event::ReportReopened { .. } => "report.reopen",
            Event::AttachmentAdded { .. } => "report.attach",
        }
    }

    /// What the change is about, as a short machine key for lists and search (a unit code, a
    /// user name, a file).
    pub fn subject(&self) -> String {
        match self {
            Event::ValuesSaved { unit, set, period, .. } => format!("{unit} {set} {period}"),
            Event::ValuesImported { source, .. } | Event::UnitsImported { source, .. } => source.clone(),
            Event::ThresholdSet { set, indicator, key, year, .. } => match year {
                Some(y) => format!("{set} {indicator} {key} {y}"),
                None => format!("{set} {indicator} {key}"),
            },
            Event::AccountAdded { username, .. }
            | Event::PasswordSet { username }
            | Event::AccountLocked { username }
            | Event::AccountUnlocked { username } => username.clone(),
            Event::AgencyAdded { code, .. } | Event::TargetAdded { code, .. } => code.clone(),
            Event::AgencyCriterionAssigned { agency, .. } => agency.clone(),
            Event::RecognitionAdded { unit, decision, .. } => format!("{unit} {decision}"),
            Event::SetStored { set, .. } => set.clone(),
            Event::PlansImported { source, .. } => source.clone(),
            Event::PlanSaved { unit, set, criterion, level, .. }
            | Event::PlanDeleted { unit, set, criterion, level, .. } => plan_subject(unit, set, criterion, level),
            Event::RecognitionLost { unit, decision, .. } => format!("{unit} {decision}"),
            Event::Unknown { .. } => String::new(),
            Event::MembersImported { source, .. } => source.clone(),
            Event::ReasonSaved { unit, set, criterion, period, .. } => format!("{unit} {set} {criterion} {period}"),
            Event::ScheduleSet { unit, kind, .. } => format!("{unit} {kind}"),
            Event::HolidaysSet { .. } => String::new(),
            Event::RoundOpened { round, .. } => round.to_string(),
            Event::ReportSaved { round, reporter }
            | Event::ReportSubmitted { round, reporter }
            | Event::ReportReturned { round, reporter, .. }
            | Event::ReportAccepted { round, reporter, .. }
            | Event::ReportReopened { round, reporter, .. }
            | Event::AttachmentAdded { round, reporter, .. } => report_subject(*round, reporter),
        }
    }

    /// How many records the change touched.
    pub fn changes(&self) -> i64 {
        match self {
            Event::ValuesSaved { values, .. } | Event::ValuesImported { values, .. } => *values,
            Event::UnitsImported { units, .. } => *units,
            Event::PlansImported { plans, .. } => *plans,
            Event::MembersImported { members, .. } => *members,
            Event::HolidaysSet { days } => *days,
            _ => 1,
        }
    }

    /// The arguments, by name.
    pub fn args(&self) -> Vec<(String, Arg)> {
        let list: Vec<(&str, Arg)> = match self {
            Event::ValuesSaved { unit, set, period, values } => {
                vec![("unit", t(unit)), ("set", t(set)), ("period", t(period)), ("values", Arg::Int(*values))]
            }
            Event::ValuesImported { source, set, values, rows } => {
                vec![("source", t(source)), ("set", t(set)), ("values", Arg::Int(*values)), ("rows", Arg::Int(*rows))]
            }
            Event::UnitsImported { source, units, links } => {
                vec![("source", t(source)), ("units", Arg::Int(*units)), ("links", Arg::Int(*links))]
            }
            Event::ThresholdSet { set, indicator, key, year, old, old_citation, new, citation } => {
                let mut v = vec![("set", t(set)), ("indicator", t(indicator)), ("key", t(key))];
                if let Some(y) = year {
                    v.push(("year", Arg::Int(*y)));
                }
                if let Some(o) = old {
                    v.push(("old", t(o)));
                }
                if let Some(c) = old_citation {
                    v.push(("old_citation", t(c)));
                }
                v.push(("new", t(new)));
                v.push(("citation", t(citation)));
                v
            }
            Event::AccountAdded { username, role } => vec![("username", t(username)), ("role", t(role))],
            Event::PasswordSet { username }
            | Event::AccountLocked { username }
            | Event::AccountUnlocked { username } => {
                vec![("username", t(username))]
            }
            Event::AgencyAdded { code, name, name_en } => {
                let mut v = vec![("code", t(code)), ("name", t(name))];
                if !name_en.is_empty() {
                    v.push(("name_en", t(name_en)));
                }
                v
            }
            Event::AgencyCriterionAssigned { agency, set, criterion } => {
                vec![("agency", t(agency)), ("set", t(set)), ("criterion", t(criterion))]
            }
            Event::TargetAdded { code, title, title_en } => {
                vec![("code", t(code)), ("title", t(title)), ("title_en", t(title_en))]
            }
            Event::RecognitionAdded { unit, level, decision, decided_on } => {
                vec![("unit", t(unit)), ("level", t(level)), ("decision", t(decision)), ("decided_on", t(decided_on))]
            }
            Event::SetStored { set, source } => vec![("set", t(set)), ("source", t(source))],
            Event::PlansImported { source, set, plans } => {
                vec![("source", t(source)), ("set", t(set)), ("plans", Arg::Int(*plans))]
            }
            Event::PlanSaved {
                unit,
                set,
                criterion,
                level,
                old_year,
                new_year,
                old_responsible,
                new_responsible,
                old_estimate,
                new_estimate,
            } => {
                let mut v = vec![("unit", t(unit)), ("set", t(set)), ("criterion", t(criterion)), ("level", t(level))];
                if let Some(y) = old_year {
                    v.push(("old_year", Arg::Int(*y)));
                }
                v.push(("new_year", Arg::Int(*new_year)));
                if let Some(r) = old_responsible {
                    v.push(("old_responsible", t(r)));
                }
                if let Some(r) = new_responsible {
                    v.push(("new_responsible", t(r)));
                }
                if let Some(e) = old_estimate {
                    v.push(("old_estimate", Arg::Int(*e)));
                }
                if let Some(e) = new_estimate {
                    v.push(("new_estimate", Arg::Int(*e)));
                }
                v
            }
            Event::PlanDeleted { unit, set, criterion, level, year } => vec![
                ("unit", t(unit)),
                ("set", t(set)),
                ("criterion", t(criterion)),
                ("level", t(level)),
                ("year", Arg::Int(*year)),
            ],
            Event::RecognitionLost { unit, level, decision, lost_on, lost_decision } => vec![
                ("unit", t(unit)),
                ("level", t(level)),
                ("decision", t(decision)),
                ("lost_on", t(lost_on)),
                ("lost_decision", t(lost_decision)),
            ],
            Event::Unknown { args, .. } => return args.clone(),
            Event::MembersImported { source, members } => vec![("source", t(source)), ("members", Arg::Int(*members))],
            Event::ReasonSaved { unit, set, criterion, period, old_reason, new_reason, old_solution, new_solution } => {
                let mut v =
                    vec![("unit", t(unit)), ("set", t(set)), ("criterion", t(criterion)), ("period", t(period))];
                v.extend(old_reason.as_deref().map(|o| ("old_reason", t(o))));
                v.push(("new_reason", t(new_reason)));
                v.extend(old_solution.as_deref().map(|o| ("old_solution", t(o))));
                v.push(("new_solution", t(new_solution)));
                v
            }
            Event::ScheduleSet { unit, kind, working_days, basis } => vec![
                ("unit", t(unit)),
                ("kind", t(kind)),
                ("working_days", Arg::Int(*working_days)),
                ("basis", t(basis)),
            ],
            Event::HolidaysSet { days } => vec![("days", Arg::Int(*days))],
            Event::RoundOpened { round, kind, period, deadline } => {
                vec![("round", Arg::Int(*round)), ("kind", t(kind)), ("period", t(period)), ("deadline", t(deadline))]
            }
            Event::ReportSaved { round, reporter } | Event::ReportSubmitted { round, reporter } => {
                vec![("round", Arg::Int(*round)), ("reporter", t(reporter))]
            }
            Event::ReportReturned { round, reporter, reason } | Event::ReportReopened { round, reporter, reason } => {
                vec![("round", Arg::Int(*round)), ("reporter", t(reporter)), ("reason", t(reason))]
            }
            Event::ReportAccepted { round, reporter, locks } => {
                vec![("round", Arg::Int(*round)), ("reporter", t(reporter)), ("locks", Arg::Int(*locks))]
            }
            Event::AttachmentAdded { round, reporter, name, size } => vec![
                ("round", Arg::Int(*round)),
                ("reporter", t(reporter)),
                ("name", t(name)),
                ("size", Arg::Int(*size)),
            ],
        };
        list.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The event recorded with this action and these arguments; one that does not fit what this
    /// version records is kept as [`Event::Unknown`].
    pub fn from_parts(action: &str, args: Vec<(String, Arg)>) -> Event {
        let get = |k: &str| args.iter().find(|(n, _)| n == k).map(|(_, v)| v);
        let text = |k: &str| get(k).and_then(Arg::text).map(str::to_string);
        let int = |k: &str| get(k).and_then(Arg::int);
        let event = match action {
            "values.save" => (|| {
                Some(Event::ValuesSaved {
                    unit: text("unit")?,
                    set: text("set")?,
                    period: text("period")?,
                    values: int("values")?,
                })
            })(),
            "values.import" => (|| {
                Some(Event::ValuesImported {
                    source: text("source")?,
                    set: text("set").unwrap_or_default(),
                    values: int("values")?,
                    rows: int("rows")?,
                })
            })(),
            "units.import" => {
                (|| Some(Event::UnitsImported { source: text("source")?, units: int("units")?, links: int("links")? }))(
                )
            }
            "threshold.set" => (|| {
                Some(Event::ThresholdSet {
                    set: text("set")?,
                    indicator: text("indicator")?,
                    key: text("key")?,
                    year: int("year"),
                    old: text("old"),
                    old_citation: text("old_citation"),
                    new: text("new")?,
                    citation: text("citation")?,
                })
            })(),
            "user.add" => (|| Some(Event::AccountAdded { username: text("username")?, role: text("role")? }))(),
            "user.passwd" => text("username").map(|username| Event::PasswordSet { username }),
            "user.lock" => text("username").map(|username| Event::AccountLocked { username }),
            "user.unlock" => text("username").map(|username| Event::AccountUnlocked { username }),
            "agency.add" => (|| {
                Some(Event::AgencyAdded {
                    code: text("code")?,
                    name: text("name")?,
                    name_en: text("name_en").unwrap_or_default(),
                })
            })(),
            "agency.assign" => (|| {
                Some(Event::AgencyCriterionAssigned {
                    agency: text("agency")?,
                    set: text("set")?,
                    criterion: text("criterion")?,
                })
            })(),
            "target.add" => (|| {
                Some(Event::TargetAdded {
                    code: text("code")?,
                    title: text("title")?,
                    title_en: text("title_en").unwrap_or_default(),
                })
            })(),
            "recognition.add" => (|| {
                Some(Event::RecognitionAdded {
                    unit: text("unit").unwrap_or_default(),
                    level: text("level")?,
                    decision: text("decision")?,
                    decided_on: text("decided_on")?,
                })
            })(),
            "threshold.store-set" => (|| Some(Event::SetStored { set: text("set")?, source: text("source")? }))(),
            "plan.import" => {
                (|| Some(Event::PlansImported { source: text("source")?, set: text("set")?, plans: int("plans")? }))()
            }
            "plan.save" => (|| {
                Some(Event::PlanSaved {
                    unit: text("unit")?,
                    set: text("set")?,
                    criterion: text("criterion")?,
                    level: text("level")?,
                    old_year: int("old_year"),
                    new_year: int("new_year")?,
                    old_responsible: text("old_responsible"),
                    new_responsible: text("new_responsible"),
                    old_estimate: int("old_estimate"),
                    new_estimate: int("new_estimate"),
                })
            })(),
            "plan.delete" => (|| {
                Some(Event::PlanDeleted {
                    unit: text("unit")?,
                    set: text("set")?,
                    criterion: text("criterion")?,
                    level: text("level")?,
                    year: int("year")?,
                })
            })(),
            "member.import" => {
                (|| Some(Event::MembersImported { source: text("source")?, members: int("members")? }))()
            }
            "recognition.lose" => (|| {
                Some(Event::RecognitionLost {
                    unit: text("unit").unwrap_or_default(),
                    level: text("level")?,
                    decision: text("decision")?,
                    lost_on: text("lost_on")?,
                    lost_decision: text("lost_decision").unwrap_or_default(),
                })
            })(),
            "reason.save" => (|| {
                Some(Event::ReasonSaved {
                    unit: text("unit")?,
                    set: text("set")?,
                    criterion: text("criterion")?,
                    period: text("period")?,
                    old_reason: text("old_reason"),
                    new_reason: text("new_reason")?,
                    old_solution: text("old_solution"),
                    new_solution: text("new_solution")?,
                })
            })(),
            "round.schedule" => (|| {
                Some(Event::ScheduleSet {
                    unit: text("unit")?,
                    kind: text("kind")?,
                    working_days: int("working_days")?,
                    basis: text("basis")?,
                })
            })(),
            "round.holidays" => int("days").map(|days| Event::HolidaysSet { days }),
            "round.open" => (|| {
                Some(Event::RoundOpened {
                    round: int("round")?,
                    kind: text("kind")?,
                    period: text("period")?,
                    deadline: text("deadline")?,
                })
            })(),
            "report.save" => (|| Some(Event::ReportSaved { round: int("round")?, reporter: text("reporter")? }))(),
            "report.submit" => {
                (|| Some(Event::ReportSubmitted { round: int("round")?, reporter: text("reporter")? }))()
            }
            "report.return" => (|| {
                Some(Event::ReportReturned {
                    round: int("round")?,
                    reporter: text("reporter")?,
                    reason: text("reason")?,
                })
            })(),
            "report.accept" => (|| {
                Some(Event::ReportAccepted { round: int("round")?, reporter: text("reporter")?, locks: int("locks")? })
            })(),
            "report.reopen" => (|| {
                Some(Event::ReportReopened {
                    round: int("round")?,
                    reporter: text("reporter")?,
                    reason: text("reason")?,
                })
            })(),
            "report.attach" => (|| {
                Some(Event::AttachmentAdded {
                    round: int("round")?,
                    reporter: text("reporter")?,
                    name: text("name")?,
                    size: int("size")?,
                })
            })(),
            _ => None,
        };
        event.unwrap_or_else(|| Event::Unknown { action: action.to_string(), args })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Event> {
        let s = |x: &str| x.to_string();
        vec![
            Event::ValuesSaved { unit: s("03413"), set: s("xa-ntm-2021-2025"), period: s("2024"), values: 3 },
            Event::ValuesImported { source: s("values.csv"), set: s("xa-ntm-2021-2025"), values: 10, rows: 12 },
            Event::UnitsImported { source: s("units.csv"), units: 122, links: 0 },
            Event::ThresholdSet {
                set: s("xa-ntm-2021-2025"),
                indicator: s("10.1"),
                key: s("tdmnpb"),
                year: Some(2024),
                old: Some(s("45")),
                old_citation: Some(s("QĐ 1")),
                new: s("47"),
                citation: s("QĐ 2"),
            },
            Event::AccountAdded { username: s("a"), role: s("office") },
            Event::PasswordSet { username: s("a") },
            Event::AccountLocked { username: s("a") },
            Event::AccountUnlocked { username: s("a") },
            Event::AgencyAdded { code: s("yte"), name: s("Phòng Y tế"), name_en: s("") },
            Event::AgencyAdded {
                code: s("yte"),
                name: s("Phòng Y tế"),
                name_en: s("Phòng Y tế (District Health Office)"),
            },
            Event::AgencyCriterionAssigned { agency: s("yte"), set: s("xa-ntm-2021-2025"), criterion: s("15") },
            Event::TargetAdded { code: s("2024-ban"), title: s("20 bản"), title_en: s("20 villages") },
            Event::RecognitionAdded {
                unit: s("03412"),
                level: s("ntm"),
                decision: s("QĐ 3"),
                decided_on: s("2021-12-20"),
            },
            Event::SetStored { set: s("ban-ntm-lai-chau-2021-2025"), source: s("demo/tam-duong/ban.toml") },
            Event::PlansImported { source: s("plans.csv"), set: s("xa-ntm-2021-2025"), plans: 40 },
            Event::PlanSaved {
                unit: s("03413"),
                set: s("xa-ntm-2021-2025"),
                criterion: s("10"),
                level: s(""),
                old_year: Some(2025),
                new_year: 2024,
                old_responsible: None,
                new_responsible: Some(s("ktht")),
                old_estimate: None,
                new_estimate: Some(1_200_000_000),
            },
            Event::PlanSaved {
                unit: s("03413"),
                set: s(""),
                criterion: s("all"),
                level: s("ntm"),
                old_year: None,
                new_year: 2025,
                old_responsible: None,
                new_responsible: None,
                old_estimate: None,
                new_estimate: None,
            },
            Event::PlanDeleted {
                unit: s("03413"),
                set: s("xa-ntm-2021-2025"),
                criterion: s("10"),
                level: s(""),
                year: 2024,
            },
            Event::MembersImported { source: s("members.csv"), members: 7 },
            Event::RecognitionLost {
                unit: s("03412"),
                level: s("ntm"),
                decision: s("QĐ 3"),
                lost_on: s("2024-06-30"),
                lost_decision: s("QĐ 9"),
            },
            Event::ReasonSaved {
                unit: s("03413"),
                set: s("xa-ntm-2021-2025"),
                criterion: s("17"),
                period: s("2024"),
                old_reason: None,
                new_reason: s("Chưa có kinh phí"),
                old_solution: None,
                new_solution: s("Lồng ghép vốn"),
            },
            Event::ReasonSaved {
                unit: s("03413"),
                set: s("xa-ntm-2021-2025"),
                criterion: s("all"),
                period: s("2024"),
                old_reason: Some(s("a")),
                new_reason: s("b"),
                old_solution: Some(s("c")),
                new_solution: s("d"),
            },
            Event::ScheduleSet { unit: s("106"), kind: s("quarterly"), working_days: 5, basis: s("minh hoạ") },
            Event::HolidaysSet { days: 11 },
            Event::RoundOpened { round: 3, kind: s("quarterly"), period: s("2024Q3"), deadline: s("2024-09-23") },
            Event::ReportSaved { round: 3, reporter: s("03413") },
            Event::ReportSubmitted { round: 3, reporter: s("ktht") },
            Event::ReportReturned { round: 3, reporter: s("03413"), reason: s("Thiếu tiêu chí 17") },
            Event::ReportAccepted { round: 3, reporter: s("03413"), locks: 1 },
            Event::ReportReopened { round: 3, reporter: s("03413"), reason: s("Sửa số liệu") },
            Event::AttachmentAdded { round: 3, reporter: s("03413"), name: s("bao-cao.pdf"), size: 1024 },
        ]
    }

    #[test]
    fn every_event_reads_back_from_its_action_and_arguments() {
        for e in every_kind() {
            assert!(ACTIONS.contains(&e.action()), "{} is listed", e.action());
            assert_eq!(Event::from_parts(e.action(), e.args()), e);
        }
    }

    #[test]
    fn every_action_belongs_to_one_area_of_the_filter() {
        for action in ACTIONS {
            let areas: Vec<EventArea> =
                EventArea::ALL.into_iter().filter(|a| action.starts_with(a.action_prefix())).collect();
            assert_eq!(areas.len(), 1, "{action}: {areas:?}");
            assert_eq!(EventArea::of_action(action), areas.first().copied());
        }
        for area in EventArea::ALL {
            assert_eq!(EventArea::from_code(area.code()), Some(area));
            assert!(ACTIONS.iter().any(|a| a.starts_with(area.action_prefix())), "{area:?} has actions");
        }
        assert_eq!(EventArea::of_action("user.lock"), Some(EventArea::Accounts));
        assert_eq!(EventArea::of_action("plan.save"), Some(EventArea::Roadmap));
        assert_eq!(EventArea::of_action("plans.add"), None);
        assert_eq!(EventArea::from_code("nope"), None);
    }

    #[test]
    fn an_event_that_does_not_fit_is_kept_as_recorded() {
        let args = vec![("x".to_string(), Arg::Int(1))];
        assert_eq!(
            Event::from_parts("values.save", args.clone()),
            Event::Unknown { action: "values.save".into(), args: args.clone() },
            "arguments missing"
        );
        assert_eq!(Event::from_parts("plan.add", args.clone()), Event::Unknown { action: "plan.add".into(), args });
        assert_eq!(plan_subject("03413", "xa-ntm-2021-2025", "10", ""), "03413 xa-ntm-2021-2025 10");
        assert_eq!(plan_subject("03413", "", "all", "ntm"), "03413 all ntm");
    }
}

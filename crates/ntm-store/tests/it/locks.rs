//! Value locks held by the store itself, on both databases: an accepted report's lock is checked
//! inside the transaction that would change a value (form save, bulk import), after the writer's
//! lock is taken, so a lock committed after the caller looked is still honoured; and an
//! acceptance racing a change of a value it locks never leaves that value changed after it.

use ntm_domain::audit::Event;
use ntm_domain::{Period, Ratio, Value};
use ntm_store::{Db, LockRecord, MoveRequest, ReportTexts, RoundRecord, SaveOutcome, StoreError, ValueEdit, ValueRow};

use crate::harness::databases;
use crate::reporting::tree;

const SET: &str = "xa-ntm-2021-2025";

fn n(v: i64) -> Value {
    Value::Number(Ratio::integer(v))
}

/// The district's and the commune's store ids.
async fn units(db: &Db) -> (i64, i64) {
    db.import_units(&tree(), None, "units.csv").await.unwrap();
    let (units, _) = db.units().await.unwrap();
    let id = |code: &str| units.iter().find(|u| u.code == code).unwrap().id;
    (id("106"), id("03413"))
}

fn request(round_id: i64, from: &str, to: &str) -> MoveRequest {
    MoveRequest {
        round_id,
        reporter_kind: "unit".into(),
        reporter: "03413".into(),
        from: from.into(),
        to: to.into(),
        reason: String::new(),
        at: 1_000,
        snapshot: None,
        locks: vec![],
        unlock: false,
    }
}

/// A round of `year`'s first quarter (or the year, `quarter` 0) whose report by commune 03413 is
/// submitted, waiting for the office.
async fn submitted(db: &Db, district: i64, year: i64, quarter: i64) -> i64 {
    let round = RoundRecord {
        id: 0,
        unit_id: district,
        kind: if quarter == 0 { "annual" } else { "quarterly" }.into(),
        year,
        quarter,
        subject: String::new(),
        cut_off_from: format!("{}-12-15", year - 1),
        cut_off_to: format!("{year}-03-14"),
        deadline: format!("{year}-03-20"),
        basis: "Quy định minh hoạ".into(),
        obliged: "communes".into(),
        opened_by: None,
        opened_at: 0,
    };
    let period = if quarter == 0 { year.to_string() } else { format!("{year}Q{quarter}") };
    let r = db.open_round(&round, &period, None).await.unwrap();
    db.save_report(r, "unit", "03413", &ReportTexts::default(), None).await.unwrap();
    let submit = MoveRequest { snapshot: Some("{}".into()), ..request(r, "draft", "submitted") };
    let event = Event::ReportSubmitted { round: r, reporter: "03413".into() };
    assert!(db.move_report(&submit, &event, None).await.unwrap());
    r
}

fn lock(unit_id: i64, period: &str, criterion: &str) -> LockRecord {
    LockRecord { report_id: 0, unit_id, period: period.into(), set_id: SET.into(), criterion: criterion.into() }
}

/// The office's acceptance of round `r`'s report, taking `locks`.
fn acceptance(r: i64, locks: Vec<LockRecord>) -> (MoveRequest, Event) {
    let event =
        Event::ReportAccepted { round: r, reporter: "03413".into(), locks: i64::try_from(locks.len()).unwrap() };
    (MoveRequest { locks, ..request(r, "submitted", "accepted") }, event)
}

async fn accept(db: &Db, r: i64, locks: Vec<LockRecord>) {
    let (m, event) = acceptance(r, locks);
    assert!(db.move_report(&m, &event, None).await.unwrap());
}

/// The stored value of `element` of the commune in `period`, with its revision (0: none).
async fn stored(db: &Db, unit_id: i64, element: &str, period: &str) -> (Option<Value>, i64) {
    let values = db.unit_values(SET, unit_id, period).await.unwrap();
    values.iter().find(|v| v.element == element).map_or((None, 0), |v| (v.value, v.revision))
}

fn edit(unit_id: i64, element: &str, criterion: &str, period: &str, new: Value, shown: i64) -> ValueEdit {
    ValueEdit {
        unit_id,
        element: element.into(),
        criterion: Some(criterion.into()),
        period: period.into(),
        new: Some(new),
        expected_revision: shown,
    }
}

/// The commune's form saved (the period of its first field).
async fn save(db: &Db, edits: &[ValueEdit]) -> SaveOutcome {
    db.save_values(SET, edits, None, "03413", &edits[0].period).await.unwrap()
}

/// A lock the caller did not know about (committed after it looked, as when an acceptance lands
/// between the app's check and the save): the store refuses the change itself, writes nothing,
/// and says which value and which round; the same value again is no change and passes; another
/// period, or a value after the office reopened the report, is free.
#[tokio::test]
async fn a_save_or_an_import_is_refused_by_a_lock_it_did_not_know_about_and_writes_nothing() {
    for t in databases().await {
        let db = &t.db;
        let (district, commune) = units(db).await;
        let rows = [
            (commune, "17.1".to_string(), "2024Q1".to_string(), Value::Bool(true)),
            (commune, "5.1".to_string(), "2024Q1".to_string(), n(50)),
            (commune, "5.1".to_string(), "2023Q4".to_string(), n(40)),
        ];
        db.import_values(SET, &rows, None, "values.csv").await.unwrap();
        let (_, shown) = stored(db, commune, "17.1", "2024Q1").await;
        let r = submitted(db, district, 2024, 1).await;
        // The lock lands after the caller read the form (and would have found no lock).
        accept(db, r, vec![lock(commune, "2024Q1", "")]).await;
        let before = db.counters().await.unwrap();

        let out = save(db, &[edit(commune, "17.1", "17", "2024Q1", Value::Bool(false), shown)]).await;
        match &out {
            SaveOutcome::Locked(refused) => {
                assert_eq!(refused.len(), 1, "{}: {out:?}", t.name);
                assert_eq!((refused[0].element.as_str(), refused[0].round_id), ("17.1", r), "{}", t.name);
            }
            other => panic!("{}: a locked value saved: {other:?}", t.name),
        }
        assert_eq!(stored(db, commune, "17.1", "2024Q1").await, (Some(Value::Bool(true)), shown), "{}", t.name);
        assert_eq!(db.counters().await.unwrap(), before, "{}: nothing recorded", t.name);

        // All or nothing: a form with a free field and a locked one writes neither.
        let (_, shown_q4) = stored(db, commune, "5.1", "2023Q4").await;
        let (_, shown_51) = stored(db, commune, "5.1", "2024Q1").await;
        let both = [
            edit(commune, "5.1", "5", "2024Q1", n(55), shown_51),
            edit(commune, "17.1", "17", "2024Q1", Value::Bool(false), shown),
        ];
        let out = save(db, &both).await;
        let SaveOutcome::Locked(refused) = &out else { panic!("{}: {out:?}", t.name) };
        assert_eq!(refused.len(), 2, "{}: a lock without a criterion covers every field: {out:?}", t.name);
        assert_eq!(stored(db, commune, "5.1", "2024Q1").await.0, Some(n(50)), "{}", t.name);

        // The same value again is no change.
        let same = save(db, &[edit(commune, "17.1", "17", "2024Q1", Value::Bool(true), shown)]).await;
        assert_eq!(same, SaveOutcome::Saved { revision: 0, changed: 0 }, "{}", t.name);

        // An import: a free row and a locked one; refused whole, with the locked value named.
        let import = [
            (commune, "5.1".to_string(), "2023Q4".to_string(), n(41)),
            (commune, "17.1".to_string(), "2024Q1".to_string(), Value::Bool(false)),
        ];
        let err = db.import_values(SET, &import, None, "values.csv").await.unwrap_err();
        let StoreError::ValueLocked { unit_id, element, period, round_id } = &err else {
            panic!("{}: {err:?}", t.name)
        };
        assert_eq!((*unit_id, element.as_str(), period.as_str(), *round_id), (commune, "17.1", "2024Q1", r));
        assert_eq!(stored(db, commune, "5.1", "2023Q4").await, (Some(n(40)), shown_q4), "{}: nothing written", t.name);
        assert_eq!(stored(db, commune, "17.1", "2024Q1").await.0, Some(Value::Bool(true)), "{}", t.name);
        assert_eq!(db.counters().await.unwrap(), before, "{}: nothing recorded", t.name);

        // The locked value sent again as it is: the import goes through, the free row with it.
        let again = [
            (commune, "5.1".to_string(), "2023Q4".to_string(), n(41)),
            (commune, "17.1".to_string(), "2024Q1".to_string(), Value::Bool(true)),
        ];
        assert_eq!(db.import_values(SET, &again, None, "values.csv").await.unwrap().0, 1, "{}", t.name);
        assert_eq!(stored(db, commune, "5.1", "2023Q4").await.0, Some(n(41)), "{}", t.name);

        // Reopened: the lock is gone, the value may change.
        let reopen = MoveRequest { unlock: true, reason: "Sửa".into(), ..request(r, "accepted", "returned") };
        let event = Event::ReportReopened { round: r, reporter: "03413".into(), reason: "Sửa".into() };
        assert!(db.move_report(&reopen, &event, None).await.unwrap());
        let out = save(db, &[edit(commune, "17.1", "17", "2024Q1", Value::Bool(false), shown)]).await;
        assert!(matches!(out, SaveOutcome::Saved { changed: 1, .. }), "{}: {out:?}", t.name);
        t.drop_db().await;
    }
}

/// An agency's report locks its criteria only: the store covers an element by the criterion the
/// caller says owns it; an import that says nothing of an element's criterion is taken as
/// touching every criterion (the safe side).
#[tokio::test]
async fn a_lock_on_one_criterion_covers_its_elements_only() {
    for t in databases().await {
        let db = &t.db;
        let (district, commune) = units(db).await;
        let rows = [
            (commune, "17.1".to_string(), "2024".to_string(), n(80)),
            (commune, "5.1".to_string(), "2024".to_string(), n(50)),
        ];
        db.import_values(SET, &rows, None, "values.csv").await.unwrap();
        let r = submitted(db, district, 2024, 0).await;
        accept(db, r, vec![lock(commune, "2024", "17")]).await;
        let (_, s17) = stored(db, commune, "17.1", "2024").await;
        let (_, s5) = stored(db, commune, "5.1", "2024").await;
        assert!(matches!(save(db, &[edit(commune, "17.1", "17", "2024", n(81), s17)]).await, SaveOutcome::Locked(_)));
        let out = save(db, &[edit(commune, "5.1", "5", "2024", n(51), s5)]).await;
        assert!(matches!(out, SaveOutcome::Saved { changed: 1, .. }), "{}: another criterion is free", t.name);

        let write =
            |element: i64, v: i64| ValueRow { unit_id: commune, element, period: Period::Year(2024), value: n(v) };
        let mut import = db.begin_value_import(SET, None, "values.csv").await.unwrap();
        let e5 = import.element_of("5.1", Some("5")).await.unwrap();
        import.write(&[write(e5, 52)]).await.unwrap();
        let e17 = import.element_of("17.1", Some("17")).await.unwrap();
        let err = import.write(&[write(e17, 82)]).await.unwrap_err();
        assert!(matches!(&err, StoreError::ValueLocked { round_id, .. } if *round_id == r), "{}: {err:?}", t.name);
        drop(import);
        assert_eq!(stored(db, commune, "5.1", "2024").await.0, Some(n(51)), "{}: the import left nothing", t.name);

        // Told nothing of the element's criterion: any lock of the unit and period covers it.
        let rows = [(commune, "5.1".to_string(), "2024".to_string(), n(53))];
        let err = db.import_values(SET, &rows, None, "values.csv").await.unwrap_err();
        assert!(matches!(err, StoreError::ValueLocked { .. }), "{}: {err:?}", t.name);
        t.drop_db().await;
    }
}

/// Runs one SQL text returning one integer on whichever database.
async fn scalar(db: &Db, sql: String) -> i64 {
    match db {
        Db::Sqlite { read, .. } => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(read).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(p).await.unwrap(),
    }
}

/// The promise of a lock: once the acceptance that takes it has committed, the value it covers
/// does not change until the report is reopened. Each round races the office's acceptance
/// against a commune's change of a covered value (a form save, or an import), both started at
/// once from tasks of their own. Changes are ordered by the store's revision row (every change
/// takes it before it writes, and keeps it until it commits), so their audit rows' ids are the
/// order in which they committed. Asserted, each round: the value as it stands was written by a
/// change recorded before the acceptance's (`value.audit_id` < the acceptance's audit id) — a
/// change that came first is locked as it stands, which is what the office accepted; one that came
/// after was refused and wrote nothing. And across the rounds both orders occurred, so the test
/// raced something.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_acceptance_racing_a_change_of_a_value_it_locks_never_leaves_it_changed_after_the_acceptance() {
    const ROUNDS: i64 = 40;
    for t in databases().await {
        let db = &t.db;
        let (district, commune) = units(db).await;
        let (mut before, mut after) = (0, 0);
        for i in 0..ROUNDS {
            let year = 2001 + i;
            let period = format!("{year}Q1");
            let original = n(i);
            db.import_values(SET, &[(commune, "17.1".into(), period.clone(), original)], None, "values.csv")
                .await
                .unwrap();
            let (_, shown) = stored(db, commune, "17.1", &period).await;
            let r = submitted(db, district, year, 1).await;
            let criterion = if i % 4 < 2 { "" } else { "17" };
            let (m, event) = acceptance(r, vec![lock(commune, &period, criterion)]);
            let accepting = {
                let db = db.clone();
                async move { db.move_report(&m, &event, None).await.unwrap() }
            };
            let changed = n(1000 + i);
            let by_form = i % 2 == 0;
            let changing = {
                let (db, period) = (db.clone(), period.clone());
                async move {
                    if by_form {
                        let e = edit(commune, "17.1", "17", &period, changed, shown);
                        match db.save_values(SET, &[e], None, "03413", &period).await.unwrap() {
                            SaveOutcome::Saved { changed: 1, .. } => true,
                            SaveOutcome::Locked(_) => false,
                            other => panic!("{other:?}"),
                        }
                    } else {
                        let mut import = db.begin_value_import(SET, None, "race.csv").await.unwrap();
                        let e = import.element_of("17.1", Some("17")).await.unwrap();
                        let row = ValueRow {
                            unit_id: commune,
                            element: e,
                            period: Period::parse(&period).unwrap(),
                            value: changed,
                        };
                        match import.write(&[row]).await {
                            Ok(()) => {
                                assert_eq!(import.commit().await.unwrap().changed, 1);
                                true
                            }
                            Err(StoreError::ValueLocked { .. }) => false,
                            Err(e) => panic!("{e:?}"),
                        }
                    }
                }
            };
            // Started together, in either order.
            let (accepted, saved) = if i % 3 == 0 {
                let c = tokio::spawn(changing);
                let a = tokio::spawn(accepting);
                (a.await.unwrap(), c.await.unwrap())
            } else {
                let a = tokio::spawn(accepting);
                let c = tokio::spawn(changing);
                (a.await.unwrap(), c.await.unwrap())
            };
            assert!(accepted, "{} round {i}: the acceptance went through", t.name);
            assert_eq!(db.value_locks(commune, &period).await.unwrap().len(), 1, "{} round {i}", t.name);
            let accepted_at = scalar(db, "select max(id) from audit where action = 'report.accept'".into()).await;
            let element = scalar(db, format!("select id from element where set_id = '{SET}' and code = '17.1'")).await;
            let period_code = year * 10 + 1;
            let written_at = scalar(
                db,
                format!(
                    "select audit_id from value where unit_id = {commune} and element_id = {element} \
                     and period = {period_code}"
                ),
            )
            .await;
            assert!(
                written_at < accepted_at,
                "{} round {i}: the locked value was written by change {written_at}, after the acceptance \
                 {accepted_at}",
                t.name
            );
            let (value, _) = stored(db, commune, "17.1", &period).await;
            if saved {
                assert_eq!(value, Some(changed), "{} round {i}: the change came first and stands", t.name);
                before += 1;
            } else {
                assert_eq!(value, Some(original), "{} round {i}: refused, nothing written", t.name);
                after += 1;
            }
        }
        eprintln!("{}: {before} changes before the acceptance, {after} refused after it", t.name);
        assert!(before > 0 && after > 0, "{}: both orders occurred ({before}, {after})", t.name);
        t.drop_db().await;
    }
}

//! Property: the daily rules run, which evaluates only the people whose next-change day has
//! come and those with records written since the last run, leaves the vault's prompts (and
//! their history) exactly as a full run does, day after day, over random histories written
//! the way people write them: back-dated check-ins, private ones, mentoring, referrals and
//! their steps, mentors paired and unpaired, people leaving the roster and coming back.

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use steady::desk::Passphrase;
use steady::desk::Unwatched;
use steady::desk::{
    CheckinDraftInput, LockedVault, NewReferral, RulesRunSummary, Session, Unlock, VaultPaths,
};
use steady::domain::checkin::Visibility;
use steady::domain::clock::Clock;
use steady::domain::prompt::{Prompt, PromptEvent};
use steady::domain::referral::{Change, Consent, Outcome, Status, Urgency};
use steady::domain::roster::{RosterRow, parse};
use steady::domain::stressors::{Severity, StressorFlag};

const EMPLOYEES: usize = 10;
const DAYS: i64 = 160;
const CATEGORIES: [&str; 5] = [
    "work.critical_incident",
    "work.workload",
    "health.sleep",
    "home.family",
    "financial.strain",
];

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).expect("a date")
}

fn employee(n: usize) -> String {
    format!("E{n:02}")
}

fn roster(without: Option<usize>) -> Vec<RosterRow> {
    let mut csv = String::from(
        "employee_id,name,unit,supervisor_id\nS,Sup,North,\nM,Men,South,\nC,Coord,South,\n",
    );
    for n in 0..EMPLOYEES {
        if Some(n) != without {
            csv.push_str(&format!("{},Person {n},North,S\n", employee(n)));
        }
    }
    parse(csv.as_bytes()).expect("roster")
}

/// One thing someone does on a day, drawn once and done in both vaults.
#[derive(Clone, Debug)]
enum Op {
    Checkin {
        by_mentor: bool,
        who: usize,
        days_back: i64,
        wellbeing: u8,
        stressors: Vec<StressorFlag>,
        private: bool,
    },
    Refer {
        who: usize,
        consent: Consent,
        days_back: i64,
    },
    ChangeReferral {
        nth: usize,
        change: Change,
    },
    Mentor {
        who: usize,
        pair: bool,
    },
    /// Re-import the roster without one person (who goes inactive), or with everyone.
    Roster {
        without: Option<usize>,
    },
}

fn draw_day(rng: &mut StdRng) -> Vec<Op> {
    let mut ops = Vec::new();
    for _ in 0..rng.gen_range(0..4) {
        let who = rng.gen_range(0..EMPLOYEES);
        let op = match rng.gen_range(0..100) {
            0..=59 => {
                let mut stressors: Vec<StressorFlag> = Vec::new();
                for category in CATEGORIES {
                    if rng.gen_bool(0.2) {
                        stressors.push(StressorFlag {
                            category: category.into(),
                            severity: [Severity::Low, Severity::Moderate, Severity::High]
                                [rng.gen_range(0..3)],
                        });
                    }
                }
                Op::Checkin {
                    by_mentor: rng.gen_bool(0.25),
                    who,
                    days_back: if rng.gen_bool(0.7) {
                        0
                    } else {
                        rng.gen_range(1..40)
                    },
                    // Low ratings often enough to raise prompts.
                    wellbeing: [1, 2, 2, 3, 3, 4, 4, 5][rng.gen_range(0..8)],
                    stressors,
                    private: rng.gen_bool(0.15),
                }
            }
            60..=71 => Op::Refer {
                who,
                consent: [Consent::Given, Consent::Pending][rng.gen_range(0..2)],
                days_back: rng.gen_range(0..4),
            },
            72..=91 => Op::ChangeReferral {
                nth: rng.gen_range(0..64),
                change: match rng.gen_range(0..5) {
                    0 => Change {
                        consent: Some(Consent::Given),
                        ..Change::default()
                    },
                    1 => Change {
                        status: Some(Status::Accepted),
                        ..Change::default()
                    },
                    2 => Change {
                        status: Some(Status::Contacted),
                        ..Change::default()
                    },
                    3 => Change {
                        status: Some(Status::InProgress),
                        ..Change::default()
                    },
                    _ => Change {
                        status: Some(Status::Closed),
                        outcome: Some(Outcome::Completed),
                        consent: None,
                    },
                },
            },
            92..=96 => Op::Mentor {
                who,
                pair: rng.gen_bool(0.6),
            },
            _ => Op::Roster {
                without: rng.gen_bool(0.5).then_some(who),
            },
        };
        ops.push(op);
    }
    ops
}

fn unlock(paths: &VaultPaths, login: &str) -> Session {
    match LockedVault::open(paths)
        .expect("the vault opens")
        .unlock(login, &Passphrase::new(format!("{login} passphrase one")))
        .expect("the login works")
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("no passphrase change expected"),
    }
}

/// One vault and everyone who writes in it.
struct World {
    _dir: tempfile::TempDir,
    admin: Session,
    sup: Session,
    mentor: Session,
    coord: Session,
    referrals: Vec<i64>,
}

impl World {
    fn new() -> Self {
        let (dir, paths, mut admin) = crate::common::library_vault();
        admin.set_clock(Clock::on(start()));
        admin
            .import_roster_rows(&roster(None), false, &mut Unwatched)
            .expect("import");
        crate::common::add_library_accounts(
            &mut admin,
            &[
                ("sup", "supervisor,employee", "S"),
                ("mentor", "mentor,employee", "M"),
                ("coord", "coordinator,employee", "C"),
            ],
        );
        for n in 0..3 {
            admin.assign_mentor("mentor", &employee(n)).expect("mentor");
        }
        let (sup, mentor, coord) = (
            unlock(&paths, "sup"),
            unlock(&paths, "mentor"),
            unlock(&paths, "coord"),
        );
        Self {
            _dir: dir,
            admin,
            sup,
            mentor,
            coord,
            referrals: Vec::new(),
        }
    }

    fn set_day(&mut self, today: NaiveDate) {
        for s in [
            &mut self.admin,
            &mut self.sup,
            &mut self.mentor,
            &mut self.coord,
        ] {
            s.set_clock(Clock::on(today));
        }
    }

    /// Does `op`; whether it was refused is part of what both vaults must agree on.
    fn apply(&mut self, op: &Op, today: NaiveDate) -> bool {
        match op {
            Op::Checkin {
                by_mentor,
                who,
                days_back,
                wellbeing,
                stressors,
                private,
            } => {
                let author = if *by_mentor {
                    &mut self.mentor
                } else {
                    &mut self.sup
                };
                author
                    .record_checkin(
                        &employee(*who),
                        CheckinDraftInput {
                            occurred_on: today - Duration::days(*days_back),
                            wellbeing: *wellbeing,
                            visibility: private.then_some(Visibility::Private),
                            notes: String::new(),
                            follow_up_on: None,
                            stressors: stressors.clone(),
                        },
                    )
                    .is_ok()
            }
            Op::Refer {
                who,
                consent,
                days_back,
            } => match self.sup.propose_referral(&NewReferral {
                employee_id: employee(*who),
                resource_id: "eap".into(),
                consent: *consent,
                urgency: Urgency::Routine,
                reason: String::new(),
                on: today - Duration::days(*days_back),
            }) {
                Ok(id) => {
                    self.referrals.push(id);
                    true
                }
                Err(_) => false,
            },
            Op::ChangeReferral { nth, change } => match self.referrals.len() {
                0 => false,
                n => {
                    let id = self.referrals[nth % n];
                    self.coord.change_referral(id, change, "", today).is_ok()
                }
            },
            Op::Mentor { who, pair } => {
                if *pair {
                    self.admin.assign_mentor("mentor", &employee(*who)).is_ok()
                } else {
                    self.admin
                        .unassign_mentor("mentor", &employee(*who))
                        .is_ok()
                }
            }
            Op::Roster { without } => self
                .admin
                .import_roster_rows(&roster(*without), without.is_some(), &mut Unwatched)
                .is_ok(),
        }
    }

    /// Every prompt ever raised, with its history (events without their row ids).
    fn prompts(&self) -> Vec<(Prompt, Vec<PromptEvent>)> {
        let db = self.admin.store_for_tests().db();
        let mut out = Vec::new();
        for who in ["S", "M", "C"]
            .into_iter()
            .map(String::from)
            .chain((0..EMPLOYEES).map(employee))
        {
            for p in db.prompts_about(&who).expect("prompts") {
                let events = db.prompt_events(p.id).expect("events");
                out.push((p, events));
            }
        }
        out
    }
}

#[test]
fn the_daily_run_leaves_the_prompts_a_full_run_leaves_every_day() {
    let mut rng = StdRng::seed_from_u64(1919);
    let mut daily = World::new();
    let mut full = World::new();
    let (mut incremental_days, mut evaluated_daily, mut evaluated_full) = (0, 0, 0);
    let mut most_live = 0;
    for d in 0..DAYS {
        let today = start() + Duration::days(d);
        daily.set_day(today);
        full.set_day(today);
        for op in draw_day(&mut rng) {
            let done = daily.apply(&op, today);
            assert_eq!(done, full.apply(&op, today), "day {d}: {op:?}");
        }
        // Most days, the run; some days the timer does not run at all.
        if rng.gen_bool(0.1) {
            continue;
        }
        let ran: RulesRunSummary = daily
            .admin
            .run_rules_daily(today, &mut Unwatched)
            .expect("daily run");
        let all: RulesRunSummary = full
            .admin
            .run_rules(today, &mut Unwatched)
            .expect("full run");
        assert!(all.full);
        if !ran.full {
            incremental_days += 1;
            evaluated_daily += ran.evaluated;
            evaluated_full += all.evaluated;
        }
        assert_eq!(
            (ran.opened, ran.resolved, ran.live),
            (all.opened, all.resolved, all.live),
            "day {d}"
        );
        let (a, b) = (daily.prompts(), full.prompts());
        assert_eq!(a, b, "day {d}: the daily run and the full run disagree");
        most_live = most_live.max(all.live);
    }
    // The property says something only if prompts came and went, and the daily run mostly
    // built on the last one, evaluating fewer people than everyone.
    assert!(most_live >= 4, "at most {most_live} prompts were ever live");
    assert!(
        incremental_days > DAYS * 2 / 3,
        "only {incremental_days} of {DAYS} daily runs built on the last"
    );
    assert!(
        evaluated_daily * 2 < evaluated_full,
        "daily runs evaluated {evaluated_daily} people, full runs {evaluated_full}"
    );
}

/// A daily run builds on the last run only when it can: the first run, other rules, or a
/// record that can no longer be traced to its person (a referral purged) mean everyone.
#[test]
fn the_daily_run_evaluates_everyone_when_it_cannot_build_on_the_last() {
    let mut world = World::new();
    let mut day = start();
    world.set_day(day);
    let first = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert!(first.full, "the first run has nothing to build on");
    let again = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert!(!again.full);
    assert_eq!(again.evaluated, 0, "nothing was written and nothing is due");
    world.apply(
        &Op::Checkin {
            by_mentor: false,
            who: 4,
            days_back: 0,
            wellbeing: 2,
            stressors: Vec::new(),
            private: false,
        },
        day,
    );
    // The check-in's own write evaluated its person, after writing it, for today.
    let after_a_write = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert_eq!((after_a_write.full, after_a_write.evaluated), (false, 0));
    // A roster re-import that brings someone back evaluates no one; the run does.
    world.apply(&Op::Roster { without: Some(7) }, day);
    world.apply(&Op::Roster { without: None }, day);
    let after_import = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert_eq!((after_import.full, after_import.evaluated), (false, 1));
    // A write whose session worked by a later day evaluated for that day: the run
    // evaluates its person again for today.
    let ahead = day + Duration::days(5);
    world.sup.set_clock(Clock::on(ahead));
    let quiet = Op::Checkin {
        by_mentor: false,
        who: 6,
        days_back: 0,
        wellbeing: 4,
        stressors: Vec::new(),
        private: false,
    };
    assert!(world.apply(&quiet, ahead));
    world.sup.set_clock(Clock::on(day));
    let after_ahead = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert_eq!((after_ahead.full, after_ahead.evaluated), (false, 1));
    // The rating leaves the thirty days, and with it the prompt: that person is due then,
    // as is the one whose check-in dated five days on has come into view.
    day += Duration::days(30);
    world.set_day(day);
    let due = world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    assert_eq!(
        (due.full, due.evaluated, due.resolved),
        (false, 2, 1),
        "{due:?}"
    );

    // Other rules: every next-change day was computed with the old ones.
    let mut fewer = world.admin.rules().clone();
    fewer.rules.retain(|r| r.id != "checkin-overdue");
    world.admin.set_rules(fewer);
    assert!(
        world
            .admin
            .run_rules_daily(day, &mut Unwatched)
            .expect("run")
            .full
    );
    assert!(
        !world
            .admin
            .run_rules_daily(day, &mut Unwatched)
            .expect("run")
            .full
    );

    // A referral closed long ago and purged: whose it was is gone with it.
    assert!(world.apply(
        &Op::Refer {
            who: 5,
            consent: Consent::Given,
            days_back: 0
        },
        day
    ));
    let closed = Change {
        status: Some(Status::Withdrawn),
        ..Change::default()
    };
    world
        .coord
        .change_referral(world.referrals[0], &closed, "", day)
        .expect("withdrawn");
    assert!(
        !world
            .admin
            .run_rules_daily(day, &mut Unwatched)
            .expect("run")
            .full
    );
    day += Duration::days(40);
    world.set_day(day);
    let purged = world
        .admin
        .purge(day, 365, 30, false, &mut Unwatched)
        .expect("purge");
    assert_eq!(purged.referrals.len(), 1);
    assert!(
        world
            .admin
            .run_rules_daily(day, &mut Unwatched)
            .expect("run")
            .full
    );
}

#[test]
fn rules_run_is_daily_unless_asked_for_everyone() {
    use crate::common::{RunExt, TestVault, roster};
    let vault = TestVault::with_roster(&roster(&[
        "S1,Sergeant Bo,North,",
        "E1,Officer Dee,North,S1",
    ]));
    let run = |extra: &[&str]| {
        vault
            .admin()
            .args(["--json", "rules", "run"])
            .args(extra)
            .succeeds()
            .json()
    };
    assert_eq!(run(&[])["full"], true, "the first run evaluates everyone");
    let daily = run(&[]);
    assert_eq!(
        (daily["full"].as_bool(), daily["evaluated"].as_u64()),
        (Some(false), Some(0))
    );
    assert_eq!(run(&["--full"])["full"], true);
    let said = vault.admin().args(["rules", "run"]).succeeds();
    assert!(
        said.stdout().starts_with("Evaluated 0 people as of"),
        "{said:?}"
    );
}

/// Each viewer's prompt list as evaluating each open prompt again from the records on the
/// day gives it (what the list did before it read stored reasons): the prompts that still
/// hold, each with its reasons, sentences, state and escalation, in attention order.
fn listed_by_evaluating_again(
    world: &World,
    viewer: &Session,
    today: NaiveDate,
) -> Vec<steady::desk::PromptView> {
    let open = world
        .admin
        .store_for_tests()
        .db()
        .open_prompts()
        .expect("open prompts");
    let mut views = Vec::new();
    for p in open {
        match viewer.prompt_view(p.id, today) {
            Ok(view) => views.push(view),
            Err(steady::desk::Error::NotFound(_) | steady::desk::Error::Invalid(_)) => {}
            Err(other) => panic!("prompt {}: {other}", p.id),
        }
    }
    views.sort_by(|a, b| {
        steady::domain::prompt::attention_order(
            (a.severity, a.opened_on, a.id),
            (b.severity, b.opened_on, b.id),
        )
    });
    views
}

fn assert_lists_hold(world: &World, today: NaiveDate, when: &str) -> usize {
    let mut shown = 0;
    for (name, viewer) in [
        ("sup", &world.sup),
        ("mentor", &world.mentor),
        ("coord", &world.coord),
    ] {
        let listed = viewer.prompts(today, true).expect("prompts");
        assert_eq!(
            listed,
            listed_by_evaluating_again(world, viewer, today),
            "{when}: {name}'s list"
        );
        shown += listed.len();
    }
    shown
}

/// Property: a viewer's prompt list reads stored reasons only where the daily run's own
/// reckoning says they are what the rules give that day, so it is always the list that
/// evaluating each prompt again gives — before the day's run and after it, on days the
/// timer did not run, after writes by a session working by a later day, and with rules
/// other than those the last run used.
#[test]
fn every_prompt_list_is_what_evaluating_each_prompt_again_gives() {
    let mut rng = StdRng::seed_from_u64(2020);
    let mut world = World::new();
    let mut most_shown = 0;
    for d in 0..DAYS {
        let today = start() + Duration::days(d);
        world.set_day(today);
        for op in draw_day(&mut rng) {
            world.apply(&op, today);
        }
        if rng.gen_bool(0.3) {
            // The supervisor changes the flags of one of their recent check-ins (the same
            // records, other figures: four stressors where there were three).
            let who = employee(rng.gen_range(0..EMPLOYEES));
            let own = world.sup.checkins(&who).unwrap_or_default();
            if let Some(c) = own.iter().find(|c| c.author == "sup") {
                let category = CATEGORIES[rng.gen_range(0..CATEGORIES.len())];
                let mut stressors = c.stressors.clone();
                match stressors.iter().position(|f| f.category == category) {
                    Some(at) => {
                        stressors.remove(at);
                    }
                    None => stressors.push(StressorFlag {
                        category: category.into(),
                        severity: Severity::High,
                    }),
                }
                let draft = steady::domain::checkin::CheckinDraft {
                    occurred_on: c.occurred_on,
                    wellbeing: c.wellbeing,
                    visibility: c.visibility,
                    notes: c.notes.clone(),
                    follow_up_on: c.follow_up_on,
                    stressors,
                };
                world.sup.edit_checkin(c.id, draft).expect("edit");
            }
        }
        if rng.gen_bool(0.05) {
            // A write for a later day than the others work by.
            world.sup.set_clock(Clock::on(today + Duration::days(3)));
            let who = rng.gen_range(0..EMPLOYEES);
            let op = Op::Checkin {
                by_mentor: false,
                who,
                days_back: 0,
                wellbeing: 1,
                stressors: Vec::new(),
                private: false,
            };
            world.apply(&op, today + Duration::days(3));
            world.sup.set_clock(Clock::on(today));
        }
        assert_lists_hold(&world, today, &format!("day {d}, before the run"));
        if rng.gen_bool(0.15) {
            continue;
        }
        world
            .admin
            .run_rules_daily(today, &mut Unwatched)
            .expect("daily run");
        most_shown = most_shown.max(assert_lists_hold(
            &world,
            today,
            &format!("day {d}, after the run"),
        ));
        if d % 20 == 10 {
            // A viewer with other rules than the run's (a low rating is 1 here, not 2):
            // nothing stored is theirs.
            let mut other = world.sup.rules().clone();
            for rule in &mut other.rules {
                if let steady::rules::Condition::Latest { at_most, .. } = &mut rule.when {
                    *at_most = 1;
                }
            }
            world.sup.set_rules(other);
            assert_lists_hold(&world, today, &format!("day {d}, other rules"));
            let all = world.admin.rules().clone();
            world.sup.set_rules(all);
        }
    }
    assert!(most_shown >= 4, "at most {most_shown} prompts were listed");
}

/// The list reads a settled person's stored reasons (here tampered with, as only a test
/// would), and evaluates again, from the records, the prompts of someone the daily run
/// would evaluate again: their next-change day has come and the run has not.
#[test]
fn the_list_reads_stored_reasons_only_for_people_the_daily_run_would_leave() {
    let mut world = World::new();
    let day = start();
    world.set_day(day);
    let low = Op::Checkin {
        by_mentor: false,
        who: 2,
        days_back: 0,
        wellbeing: 2,
        stressors: Vec::new(),
        private: false,
    };
    assert!(world.apply(&low, day));
    world
        .admin
        .run_rules_daily(day, &mut Unwatched)
        .expect("run");
    let sentence = |viewer: &Session, on: NaiveDate| -> Vec<String> {
        viewer
            .prompts(on, true)
            .expect("prompts")
            .iter()
            .map(|v| v.explanation())
            .collect()
    };
    let true_sentence = "latest wellbeing rating 2 of 5, on 01 Mar 2025 (today)".to_string();
    assert_eq!(
        sentence(&world.sup, day),
        std::slice::from_ref(&true_sentence)
    );
    // The stored figures say 4 where the records say 2.
    world
        .admin
        .store_for_tests()
        .execute_raw_for_tests(
            "UPDATE prompts SET reasons = replace(reasons, '\"value\":2', '\"value\":4')
             WHERE state = 'open'",
        )
        .expect("tamper");
    let tampered = "latest wellbeing rating 4 of 5, on 01 Mar 2025 (today)".to_string();
    assert_eq!(sentence(&world.sup, day), [tampered]);
    // Ten days on, with no run since, the same stored reason reads ten days older.
    let later = day + Duration::days(10);
    world.set_day(later);
    assert_eq!(
        sentence(&world.sup, later),
        ["latest wellbeing rating 4 of 5, on 01 Mar 2025 (10 days ago)"]
    );
    // The rating leaves the thirty days on day 30: the person is due, the run has not come,
    // and the list evaluates them again: no prompt holds.
    let gone = day + Duration::days(30);
    world.set_day(gone);
    assert!(sentence(&world.sup, gone).is_empty());
    // A page of its own always evaluates again.
    let id = world
        .admin
        .store_for_tests()
        .db()
        .open_prompts()
        .expect("open")[0]
        .id;
    assert!(world.sup.prompt_view(id, gone).is_err());
    assert_eq!(
        world.sup.prompt_view(id, day).expect("view").explanation(),
        true_sentence
    );
}

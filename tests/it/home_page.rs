//! A home screen read in one call. Property: the Today list (follow-ups due, people not seen
//! lately), read from each person's kept latest check-in day and the author's own follow-ups,
//! is the list worked out from every check-in of every person in care, day after day, over
//! random histories: check-ins by supervisors at two levels and by a mentor, private ones,
//! back-dated ones, follow-ups, authors moving their check-ins to other days, people moving
//! out of someone's care and leaving the roster.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use steady::desk::Passphrase;
use steady::desk::{
    CheckinDraftInput, FollowUp, HomePanel, LastSeen, LockedVault, NotSeen, Session, Unlock,
    Unwatched, VaultPaths,
};
use steady::domain::checkin::{CheckinDraft, Visibility};
use steady::domain::clock::Clock;
use steady::domain::roster::{RosterRow, parse};
use steady::domain::{Person, Role};

const EMPLOYEES: usize = 12;
const DAYS: i64 = 120;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, 1).expect("a date")
}

fn employee(n: usize) -> String {
    format!("E{n:02}")
}

/// S at the top; S2 under S; E00–E05 under S, E06–E11 under S2, except `elsewhere`, who
/// reports to Z (outside everyone's care but the admin's); `gone` left the roster.
fn roster(elsewhere: Option<usize>, gone: Option<usize>) -> Vec<RosterRow> {
    let mut csv = String::from(
        "employee_id,name,unit,supervisor_id\nS,Sup,North,\nS2,Second,North,S\nM,Men,South,\nZ,Other,West,\nC,Coord,South,\n",
    );
    for n in 0..EMPLOYEES {
        if Some(n) == gone {
            continue;
        }
        let boss = if Some(n) == elsewhere {
            "Z"
        } else if n < 6 {
            "S"
        } else {
            "S2"
        };
        // Two people share a name: the list's order must not depend on how they were read.
        let name = if n == 3 || n == 9 {
            "\"Same, Name\"".to_string()
        } else {
            format!("Person {n}")
        };
        csv.push_str(&format!("{},{name},North,{boss}\n", employee(n)));
    }
    parse(csv.as_bytes()).expect("roster")
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

struct World {
    _dir: tempfile::TempDir,
    admin: Session,
    writers: Vec<(&'static str, Session)>,
    /// Check-ins each writer recorded, to move to another day later.
    written: Vec<(usize, i64)>,
    /// Mentees of the mentor, as paired.
    mentees: BTreeSet<String>,
}

impl World {
    fn new() -> Self {
        let (dir, paths, mut admin) = crate::common::library_vault();
        admin.set_clock(Clock::on(start()));
        admin
            .import_roster_rows(&roster(None, None), false, &mut Unwatched)
            .expect("import");
        crate::common::add_library_accounts(
            &mut admin,
            &[
                ("sup", "supervisor,employee", "S"),
                ("sup2", "supervisor,employee", "S2"),
                ("mentor", "mentor,employee", "M"),
                ("coord", "coordinator,employee", "C"),
            ],
        );
        let mut mentees = BTreeSet::new();
        for n in [1, 4, 7, 10] {
            admin.assign_mentor("mentor", &employee(n)).expect("mentor");
            mentees.insert(employee(n));
        }
        let writers = ["sup", "sup2", "mentor"]
            .into_iter()
            .map(|login| (login, unlock(&paths, login)))
            .collect();
        Self {
            _dir: dir,
            admin,
            writers,
            written: Vec::new(),
            mentees,
        }
    }

    fn set_day(&mut self, today: NaiveDate) {
        self.admin.set_clock(Clock::on(today));
        for (_, s) in &mut self.writers {
            s.set_clock(Clock::on(today));
        }
    }

    fn act(&mut self, rng: &mut StdRng, today: NaiveDate) {
        match rng.gen_range(0..100) {
            0..=69 => {
                let w = rng.gen_range(0..self.writers.len());
                let on = today - Duration::days(rng.gen_range(0..60));
                let follow_up_on = rng
                    .gen_bool(0.4)
                    .then(|| on + Duration::days(rng.gen_range(0..30)));
                let input = CheckinDraftInput {
                    occurred_on: on,
                    wellbeing: rng.gen_range(1..=5),
                    visibility: rng.gen_bool(0.2).then_some(Visibility::Private),
                    notes: String::new(),
                    follow_up_on,
                    stressors: Vec::new(),
                };
                let who = employee(rng.gen_range(0..EMPLOYEES));
                // Refused where the person is not in the writer's care: that is fine.
                if let Ok(done) = self.writers[w].1.record_checkin(&who, input) {
                    self.written.push((w, done.id));
                }
            }
            70..=84 if !self.written.is_empty() => {
                let (w, id) = self.written[rng.gen_range(0..self.written.len())];
                let author = &mut self.writers[w].1;
                let Ok(current) = author.checkin_to_edit(id) else {
                    return;
                };
                let on = today - Duration::days(rng.gen_range(0..90));
                let draft = CheckinDraft {
                    occurred_on: on,
                    wellbeing: current.wellbeing,
                    // Now and then made private, or shared again.
                    visibility: if rng.gen_bool(0.2) {
                        match current.visibility {
                            Visibility::Chain => Visibility::Private,
                            Visibility::Private => Visibility::Chain,
                        }
                    } else {
                        current.visibility
                    },
                    notes: current.notes.clone(),
                    follow_up_on: rng
                        .gen_bool(0.5)
                        .then(|| on + Duration::days(rng.gen_range(0..20))),
                    stressors: current.stressors.clone(),
                };
                let _ = author.edit_checkin(id, draft);
            }
            85..=94 => {
                // Someone moves out of S's and S2's care, or back, or leaves the roster.
                let elsewhere = rng.gen_bool(0.7).then(|| rng.gen_range(0..EMPLOYEES));
                let gone = rng.gen_bool(0.3).then(|| rng.gen_range(0..EMPLOYEES));
                self.admin
                    .import_roster_rows(&roster(elsewhere, gone), gone.is_some(), &mut Unwatched)
                    .expect("import");
            }
            _ => {
                let n = employee(rng.gen_range(0..EMPLOYEES));
                if self.mentees.remove(&n) {
                    self.admin.unassign_mentor("mentor", &n).expect("unpair");
                } else if self.admin.assign_mentor("mentor", &n).is_ok() {
                    self.mentees.insert(n);
                }
            }
        }
    }

    /// The Today list of `login`, worked out from every check-in of every person in care.
    fn expected(&self, login: &str, as_of: NaiveDate) -> Expected {
        let db = self.admin.store_for_tests().db();
        let everyone: Vec<Person> = db.all_people().expect("people");
        let (me, supervises, mentors) = match login {
            "sup" => ("S", true, false),
            "sup2" => ("S2", true, false),
            _ => ("M", false, true),
        };
        let mut in_care: BTreeSet<String> = BTreeSet::new();
        if supervises {
            let mut next = vec![me.to_string()];
            while let Some(boss) = next.pop() {
                for p in &everyone {
                    if p.supervisor_id.as_deref() == Some(&boss)
                        && in_care.insert(p.employee_id.clone())
                    {
                        next.push(p.employee_id.clone());
                    }
                }
            }
        }
        if mentors {
            in_care.extend(self.mentees.iter().cloned());
        }
        let by_id: HashMap<&str, &Person> = everyone
            .iter()
            .map(|p| (p.employee_id.as_str(), p))
            .collect();
        let mut follow_ups = Vec::new();
        let mut not_seen = Vec::new();
        let mut seen = HashMap::new();
        // The supervisors' chain (mentees of the mentor are below no one the mentor is).
        let below = |id: &str| {
            supervises && {
                let mut at = by_id.get(id).and_then(|p| p.supervisor_id.clone());
                let mut found = false;
                while let Some(boss) = at {
                    if boss == me {
                        found = true;
                        break;
                    }
                    at = by_id
                        .get(boss.as_str())
                        .and_then(|p| p.supervisor_id.clone());
                }
                found
            }
        };
        for id in &in_care {
            // Only the check-ins this viewer may read: their own, and those shared up the
            // chain of someone below them. Another's private check-in moves nothing here.
            let checkins: Vec<_> = db
                .checkins_for(id)
                .expect("check-ins")
                .into_iter()
                .filter(|c| c.author == login || (c.visibility == Visibility::Chain && below(id)))
                .collect();
            let latest = checkins.iter().map(|c| c.occurred_on).max();
            let person = by_id[id.as_str()];
            seen.insert(
                id.clone(),
                LastSeen {
                    last_checkin_on: latest,
                    follow_up_on: checkins
                        .iter()
                        .filter(|c| c.author == login && Some(c.occurred_on) == latest)
                        .filter_map(|c| c.follow_up_on)
                        .min(),
                },
            );
            for c in &checkins {
                if c.author == login
                    && Some(c.occurred_on) == latest
                    && c.follow_up_on
                        .is_some_and(|d| d <= as_of + Duration::days(7))
                {
                    follow_ups.push(FollowUp {
                        person: person.clone(),
                        checkin_id: c.id,
                        checkin_on: c.occurred_on,
                        due_on: c.follow_up_on.expect("a follow-up"),
                    });
                }
            }
            if person.active && latest.is_none_or(|d| (as_of - d).num_days() > 45) {
                not_seen.push(NotSeen {
                    person: person.clone(),
                    last_checkin_on: latest,
                });
            }
        }
        follow_ups.sort_by_key(|f| (f.due_on, f.checkin_id));
        not_seen.sort_by(|a, b| {
            (a.last_checkin_on, &a.person.name, &a.person.employee_id).cmp(&(
                b.last_checkin_on,
                &b.person.name,
                &b.person.employee_id,
            ))
        });
        Expected {
            today: (follow_ups, not_seen),
            seen,
        }
    }
}

/// One viewer's Today list and, for each person in their care, when they were last seen.
struct Expected {
    today: (Vec<FollowUp>, Vec<NotSeen>),
    seen: HashMap<String, LastSeen>,
}

#[test]
fn the_today_list_is_the_one_every_checkin_in_care_gives_every_day() {
    let mut rng = StdRng::seed_from_u64(2019);
    let mut world = World::new();
    let (mut most_follow_ups, mut most_not_seen) = (0, 0);
    let mut most_private_hidden = 0;
    for d in 0..DAYS {
        let today = start() + Duration::days(d);
        world.set_day(today);
        for _ in 0..rng.gen_range(0..6) {
            world.act(&mut rng, today);
        }
        for (login, session) in &world.writers {
            let Expected {
                today: expected,
                seen,
            } = world.expected(login, today);
            let found = session.today_list(today).expect("today");
            assert_eq!(found, expected, "day {d}, {login}");
            // The home page's panel is the same list.
            let role = if *login == "mentor" {
                Role::Mentor
            } else {
                Role::Supervisor
            };
            match session.home_page(role, today).expect("home").panel {
                Some(HomePanel::Today {
                    follow_ups,
                    not_seen,
                }) => assert_eq!((follow_ups, not_seen), expected, "day {d}, {login}"),
                other => panic!("{login}'s home has {other:?}"),
            }
            // The people list says the same of each person: the last check-in this viewer
            // may read, and the follow-up they asked for on it.
            let listed = session.people_in_care(role).expect("people");
            let found: HashMap<String, LastSeen> = listed
                .people
                .iter()
                .map(|p| p.employee_id.clone())
                .zip(listed.seen.expect("a role that records check-ins"))
                .collect();
            assert_eq!(found, seen, "day {d}, {login}");
            most_private_hidden += usize::from(*login == "sup" && hides_private(&world, &seen));
            most_follow_ups = most_follow_ups.max(expected.0.len());
            most_not_seen = most_not_seen.max(expected.1.len());
        }
    }
    // The property says something only if both lists were often non-empty, and another's
    // private check-in was often the latest one of someone the supervisor sees.
    assert!(
        most_private_hidden >= 10,
        "on {most_private_hidden} days a private check-in was hidden"
    );
    assert!(most_follow_ups >= 3, "at most {most_follow_ups} follow-ups");
    assert!(
        most_not_seen >= 3,
        "at most {most_not_seen} people not seen"
    );
}

/// Whether someone in sup's care has a later check-in by another, kept private, than the
/// last one sup is shown: the days the property tells the private check-in apart.
fn hides_private(world: &World, seen: &HashMap<String, LastSeen>) -> bool {
    let db = world.admin.store_for_tests().db();
    seen.iter().any(|(id, shown)| {
        db.checkins_for(id).expect("check-ins").iter().any(|c| {
            c.author != "sup"
                && c.visibility == Visibility::Private
                && shown.last_checkin_on.is_none_or(|d| c.occurred_on > d)
        })
    })
}

/// One call per home: each role gets the sections its work has, and a role the account
/// does not hold is refused rather than shown someone else's home.
#[test]
fn each_role_gets_the_home_its_work_has() {
    let world = World::new();
    let today = start();
    let sup = &world.writers[0].1;
    let home = sup.home_page(Role::Supervisor, today).expect("home");
    assert!(home.prompts.is_some() && home.own.is_none());
    assert!(matches!(home.panel, Some(HomePanel::Today { .. })));
    assert!(
        !home.crisis.is_empty(),
        "the crisis lines come with the home"
    );
    let own = sup.home_page(Role::Employee, today).expect("own home");
    assert!(own.prompts.is_none() && own.panel.is_none() && own.own.is_some());
    assert!(sup.home_page(Role::Coordinator, today).is_err());
    let admin = world
        .admin
        .home_page(Role::Admin, today)
        .expect("admin home");
    assert!(admin.prompts.is_none() && admin.panel.is_none() && admin.own.is_none());
    let paths = VaultPaths::for_db(&world._dir.path().join("vault").join("steady.db"));
    let coord = unlock(&paths, "coord");
    let queue = coord
        .home_page(Role::Coordinator, today)
        .expect("queue home");
    assert!(matches!(queue.panel, Some(HomePanel::Queue(_))));
    assert!(queue.prompts.is_some());
}

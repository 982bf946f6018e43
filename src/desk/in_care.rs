//! What a supervisor or mentor knows of when each person in their care was last checked in
//! with: the Today list (follow-ups due, people not seen lately) and the people list's last
//! check-in and next follow-up.
//!
//! Only from check-ins the viewer may read (`policy::may_read_checkin`): their own, and those
//! shared up the chain of someone below them. A mentor's private check-in moves nothing a
//! supervisor sees, and a supervisor's check-in moves nothing a mentor outside the chain sees:
//! neither may learn from a list that the other's check-in happened.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{Result, Session};
use crate::domain::{Person, Role, Roles};
use crate::policy::{self, Action};
use crate::store::checkins::Authored;

/// People without a check-in for longer than this appear under "not seen lately".
pub(super) const NOT_SEEN_DAYS: i64 = 45;

/// Follow-ups due within this many days are on the Today list.
const FOLLOW_UP_HORIZON_DAYS: i64 = 7;

/// Up to this many people, their latest shared day is looked up one by one; beyond, it is
/// read for everyone and kept to them.
const FEW_IN_CARE: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub person: Person,
    pub checkin_id: i64,
    pub checkin_on: NaiveDate,
    pub due_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotSeen {
    pub person: Person,
    /// None: never checked in with (as far as the viewer may know).
    pub last_checkin_on: Option<NaiveDate>,
}

/// When one person was last checked in with, and the follow-up the viewer asked for then,
/// as far as the viewer may know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LastSeen {
    /// The latest check-in the viewer may read; None: none they may read.
    pub last_checkin_on: Option<NaiveDate>,
    /// The soonest follow-up the viewer asked for on that latest day's check-ins.
    pub follow_up_on: Option<NaiveDate>,
}

/// A people list as one role sees it: the people, and for a role that records check-ins,
/// when each was last seen (in the same order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeopleInCare {
    pub people: Vec<Person>,
    pub seen: Option<Vec<LastSeen>>,
}

/// Those below the viewer in the chain, whose check-ins shared up the chain are readable.
enum Below {
    /// Everyone asked about: a supervisor's own people list, all of them in their subtree
    /// (tens of thousands near the top of the chain, never copied into a set).
    All,
    These(HashSet<String>),
}

impl Below {
    fn contains(&self, id: &str) -> bool {
        match self {
            Below::All => true,
            Below::These(ids) => ids.contains(id),
        }
    }
}

/// The viewer's own check-ins by person, and whose shared check-ins they may read.
struct Sight {
    own: HashMap<String, Vec<Authored>>,
    below: Below,
}

impl Sight {
    fn own_latest(&self, id: &str) -> Option<NaiveDate> {
        self.own
            .get(id)
            .and_then(|mine| mine.iter().map(|c| c.occurred_on).max())
    }

    /// What the viewer may know of one person, given that person's latest shared day.
    fn seen(&self, id: &str, shared: Option<NaiveDate>) -> LastSeen {
        let shared = shared.filter(|_| self.below.contains(id));
        let last = self.own_latest(id).max(shared);
        let follow_up_on = last.and_then(|day| {
            self.own
                .get(id)?
                .iter()
                .filter(|c| c.occurred_on == day)
                .filter_map(|c| c.follow_up_on)
                .min()
        });
        LastSeen {
            last_checkin_on: last,
            follow_up_on,
        }
    }
}

impl Session {
    /// The people `role` lists, with when each was last seen where the role records
    /// check-ins (a supervisor's subtree, a mentor's mentees).
    pub fn people_in_care(&self, role: Role) -> Result<PeopleInCare> {
        let people = self.people_as(role)?;
        if !policy::holds(&Roles::new([role]), Action::RecordCheckin) {
            return Ok(PeopleInCare { people, seen: None });
        }
        let ids: Vec<&str> = people.iter().map(|p| p.employee_id.as_str()).collect();
        let (sight, shared) = if role == Role::Supervisor {
            (self.sight(Below::All, [])?, self.last_shared_days(&ids)?)
        } else {
            // A mentor's list: mentees, below them in no chain that counts here.
            let none = Below::These(HashSet::new());
            (self.sight(none, ids.iter().copied())?, HashMap::new())
        };
        let seen = people
            .iter()
            .map(|p| sight.seen(&p.employee_id, shared.get(&p.employee_id).copied()))
            .collect();
        Ok(PeopleInCare {
            people,
            seen: Some(seen),
        })
    }

    /// Follow-ups due by `as_of` + 7 days on check-ins this session wrote, with no check-in
    /// with that person since that this session may read.
    pub fn follow_ups_due(&self, as_of: NaiveDate) -> Result<Vec<FollowUp>> {
        let (beside, sight) = self.care()?;
        self.follow_ups_among(&beside, &sight, as_of)
    }

    /// People in this session's care with no check-in it may read for more than 45 days
    /// (or ever), longest first.
    pub fn not_seen_lately(&self, as_of: NaiveDate) -> Result<Vec<NotSeen>> {
        let (beside, sight) = self.care()?;
        self.not_seen_among(&beside, &sight, as_of)
    }

    /// A supervisor's or mentor's Today list: follow-ups due and people not seen lately,
    /// with the people in care found once for both.
    pub fn today_list(&self, as_of: NaiveDate) -> Result<(Vec<FollowUp>, Vec<NotSeen>)> {
        let (beside, sight) = self.care()?;
        Ok((
            self.follow_ups_among(&beside, &sight, as_of)?,
            self.not_seen_among(&beside, &sight, as_of)?,
        ))
    }

    /// The people this session records check-ins for, without reading their rows: its
    /// supervisor subtree (below it) and its mentees outside that (beside it), with what it
    /// may know of them.
    fn care(&self) -> Result<(HashSet<String>, Sight)> {
        let below: HashSet<String> = if self.has_role(Role::Supervisor) {
            self.ids_as(Role::Supervisor)?.into_iter().collect()
        } else {
            HashSet::new()
        };
        let beside: HashSet<String> = if self.has_role(Role::Mentor) {
            self.ids_as(Role::Mentor)?
                .into_iter()
                .filter(|id| !below.contains(id))
                .collect()
        } else {
            HashSet::new()
        };
        let sight = self.sight(Below::These(below), beside.iter().map(String::as_str))?;
        Ok((beside, sight))
    }

    /// What this session may know of the people `below` it and of those `beside` (in its
    /// care outside its chain, as mentees: few). For those below, its own check-ins that the
    /// latest shared days do not stand for, read through their author; for those beside, all
    /// its own check-ins with them, person by person.
    fn sight<'a>(&self, below: Below, beside: impl IntoIterator<Item = &'a str>) -> Result<Sight> {
        let db = self.store.db();
        let login = &self.account.login;
        let mut own: HashMap<String, Vec<Authored>> = HashMap::new();
        for c in db.authored_beyond_shared(login)? {
            if below.contains(&c.employee_id) {
                own.entry(c.employee_id.clone()).or_default().push(c);
            }
        }
        for id in beside {
            own.insert(id.to_string(), db.authored_about(login, id)?);
        }
        Ok(Sight { own, below })
    }

    /// The latest shared day of each of `among` that has one: a look-up each where they
    /// are few, else one pass over everyone's.
    fn last_shared_days(&self, among: &[&str]) -> Result<HashMap<String, NaiveDate>> {
        let db = self.store.db();
        if among.is_empty() {
            Ok(HashMap::new())
        } else if among.len() <= FEW_IN_CARE {
            Ok(db.last_shared_days(Some(among))?)
        } else {
            Ok(db.last_shared_days(None)?)
        }
    }

    fn follow_ups_among(
        &self,
        beside: &HashSet<String>,
        sight: &Sight,
        as_of: NaiveDate,
    ) -> Result<Vec<FollowUp>> {
        let horizon = as_of + Duration::days(FOLLOW_UP_HORIZON_DAYS);
        // Only this author's check-ins are read, whoever is in their care: a supervisor
        // high in the chain has tens of thousands of people with years of check-ins each.
        let asked: HashSet<&str> = sight
            .own
            .iter()
            .filter(|(id, mine)| {
                (sight.below.contains(id) || beside.contains(*id))
                    && mine
                        .iter()
                        .any(|c| c.follow_up_on.is_some_and(|d| d <= horizon))
            })
            .map(|(id, _)| id.as_str())
            .collect();
        let below: Vec<&str> = asked
            .iter()
            .copied()
            .filter(|id| sight.below.contains(id))
            .collect();
        let shared = self.last_shared_days(&below)?;
        let db = self.store.db();
        let mut due = Vec::new();
        for id in asked {
            let seen = sight.seen(id, shared.get(id).copied());
            let Some(latest) = seen.last_checkin_on else {
                continue;
            };
            let mut on_latest = sight.own[id]
                .iter()
                .filter(|c| c.occurred_on == latest)
                .filter_map(|c| Some((c, c.follow_up_on.filter(|d| *d <= horizon)?)))
                .peekable();
            if on_latest.peek().is_none() {
                continue;
            }
            let Some(person) = db.person(id)? else {
                continue;
            };
            for (c, due_on) in on_latest {
                due.push(FollowUp {
                    person: person.clone(),
                    checkin_id: c.id,
                    checkin_on: c.occurred_on,
                    due_on,
                });
            }
        }
        due.sort_by_key(|f| (f.due_on, f.checkin_id));
        Ok(due)
    }

    fn not_seen_among(
        &self,
        beside: &HashSet<String>,
        sight: &Sight,
        as_of: NaiveDate,
    ) -> Result<Vec<NotSeen>> {
        // For those below the viewer, from each person's latest shared day as the vault
        // keeps it (a look-up each where they are few, else everyone not seen, a few in a
        // hundred, kept to them), then the viewer's own check-ins; for the rest (mentees
        // outside the chain), the viewer's own check-ins alone.
        let since = as_of - Duration::days(NOT_SEEN_DAYS);
        let db = self.store.db();
        let found = match &sight.below {
            Below::These(below) if below.is_empty() => Vec::new(),
            Below::These(below) if below.len() <= FEW_IN_CARE => {
                let among: Vec<&str> = below.iter().map(String::as_str).collect();
                db.not_seen_since_among(since, &among)?
            }
            _ => db.not_seen_since(since)?,
        };
        let mut out = Vec::new();
        for (person, shared) in found {
            if !sight.below.contains(&person.employee_id) {
                continue;
            }
            let seen = sight.seen(&person.employee_id, shared);
            if seen.last_checkin_on.is_none_or(|d| d < since) {
                out.push(NotSeen {
                    person,
                    last_checkin_on: seen.last_checkin_on,
                });
            }
        }
        for id in beside {
            let last = sight.own_latest(id);
            if last.is_some_and(|d| d >= since) {
                continue;
            }
            if let Some(person) = db.person(id)?.filter(|p| p.active) {
                out.push(NotSeen {
                    person,
                    last_checkin_on: last,
                });
            }
        }
        out.sort_by(|a, b| {
            a.last_checkin_on
                .cmp(&b.last_checkin_on)
                .then_with(|| a.person.name.cmp(&b.person.name))
                .then_with(|| a.person.employee_id.cmp(&b.person.employee_id))
        });
        Ok(out)
    }
}

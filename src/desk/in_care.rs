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

/// The viewer's own check-ins by person, and whose shared check-ins they may read.
struct Sight {
    own: HashMap<String, Vec<Authored>>,
    /// Below the viewer in the chain: their check-ins shared up the chain are readable.
    below: HashSet<String>,
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
        let below: HashSet<String> = if role == Role::Supervisor {
            people.iter().map(|p| p.employee_id.clone()).collect()
        } else {
            HashSet::new()
        };
        let shared = self.last_shared_days(&below)?;
        let beside: Vec<String> = if below.is_empty() {
            people.iter().map(|p| p.employee_id.clone()).collect()
        } else {
            Vec::new()
        };
        let sight = self.sight(below, &beside)?;
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
        let (in_care, sight) = self.care()?;
        self.follow_ups_among(&in_care, &sight, as_of)
    }

    /// People in this session's care with no check-in it may read for more than 45 days
    /// (or ever), longest first.
    pub fn not_seen_lately(&self, as_of: NaiveDate) -> Result<Vec<NotSeen>> {
        let (in_care, sight) = self.care()?;
        self.not_seen_among(&in_care, &sight, as_of)
    }

    /// A supervisor's or mentor's Today list: follow-ups due and people not seen lately,
    /// with the people in care found once for both.
    pub fn today_list(&self, as_of: NaiveDate) -> Result<(Vec<FollowUp>, Vec<NotSeen>)> {
        let (in_care, sight) = self.care()?;
        Ok((
            self.follow_ups_among(&in_care, &sight, as_of)?,
            self.not_seen_among(&in_care, &sight, as_of)?,
        ))
    }

    /// The employee ids of the people this session records check-ins for (its supervisor
    /// subtree and its mentees), without reading their rows, and what it may know of them.
    fn care(&self) -> Result<(HashSet<String>, Sight)> {
        let below: HashSet<String> = if self.has_role(Role::Supervisor) {
            self.ids_as(Role::Supervisor)?.into_iter().collect()
        } else {
            HashSet::new()
        };
        let mut in_care = below.clone();
        if self.has_role(Role::Mentor) {
            in_care.extend(self.ids_as(Role::Mentor)?);
        }
        let sight = self.sight(below, &in_care)?;
        Ok((in_care, sight))
    }

    /// What this session may know of the people `below` it and of those `beside` (in its
    /// care outside its chain, as mentees: few). For those below, its own check-ins that the
    /// latest shared days do not stand for, read through their author; for those beside, all
    /// its own check-ins with them, person by person.
    fn sight<'a>(
        &self,
        below: HashSet<String>,
        beside: impl IntoIterator<Item = &'a String>,
    ) -> Result<Sight> {
        let db = self.store.db();
        let login = &self.account.login;
        let mut own: HashMap<String, Vec<Authored>> = HashMap::new();
        for c in db.authored_beyond_shared(login)? {
            if below.contains(&c.employee_id) {
                own.entry(c.employee_id.clone()).or_default().push(c);
            }
        }
        for id in beside {
            if !below.contains(id) {
                own.insert(id.clone(), db.authored_about(login, id)?);
            }
        }
        Ok(Sight { own, below })
    }

    fn last_shared_days(&self, among: &HashSet<String>) -> Result<HashMap<String, NaiveDate>> {
        let db = self.store.db();
        if among.is_empty() {
            Ok(HashMap::new())
        } else if among.len() <= FEW_IN_CARE {
            let ids: Vec<&str> = among.iter().map(String::as_str).collect();
            Ok(db.last_shared_days(Some(&ids))?)
        } else {
            Ok(db.last_shared_days(None)?)
        }
    }

    fn follow_ups_among(
        &self,
        in_care: &HashSet<String>,
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
                in_care.contains(*id)
                    && mine
                        .iter()
                        .any(|c| c.follow_up_on.is_some_and(|d| d <= horizon))
            })
            .map(|(id, _)| id.as_str())
            .collect();
        let below: HashSet<String> = asked
            .iter()
            .filter(|id| sight.below.contains(**id))
            .map(|id| (*id).to_string())
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
        in_care: &HashSet<String>,
        sight: &Sight,
        as_of: NaiveDate,
    ) -> Result<Vec<NotSeen>> {
        // For those below the viewer, from each person's latest shared day as the vault
        // keeps it (a look-up each where they are few, else everyone not seen, a few in a
        // hundred, kept to them), then the viewer's own check-ins; for the rest (mentees
        // outside the chain), the viewer's own check-ins alone.
        let since = as_of - Duration::days(NOT_SEEN_DAYS);
        let db = self.store.db();
        let found = if sight.below.is_empty() {
            Vec::new()
        } else if sight.below.len() <= FEW_IN_CARE {
            let among: Vec<&str> = sight.below.iter().map(String::as_str).collect();
            db.not_seen_since_among(since, &among)?
        } else {
            db.not_seen_since(since)?
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
        for id in in_care.iter().filter(|id| !sight.below.contains(*id)) {
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

//! What a front end shows on its pages, composed here from the session's use cases so that
//! every front end (the full-screen app, the command line) shows the same thing for the
//! same viewer: a person's page, the starts of the check-in and referral forms, a prompt's
//! page, one's own prompts and one's own records. Each is one call; no front end combines
//! use cases itself.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{
    Error, FollowUp, NotSeen, PersonView, PromptView, QueueItem, Result, SelfCheckEntry,
    SelfCheckRequest, Session, TakenSelfCheck,
};
use crate::domain::checkin::{Checkin, CheckinKind};
use crate::domain::referral::{Referral, ReferralEvent};
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;
use crate::domain::{Person, Role, Roles};
use crate::policy::{self, Action};
use crate::rules::{Evidence, Severity};

/// Resource ids to names, for referrals.
pub type ResourceNames = BTreeMap<String, String>;

/// The names of the people behind logins (the author of a check-in, who proposed a
/// referral), where their account is a roster person: a page names people, not logins.
pub type AuthorNames = BTreeMap<String, String>;

/// A resource's name for `id`, or the id where the catalog no longer has it.
pub fn resource_name(names: &ResourceNames, id: &str) -> String {
    sanitize(names.get(id).map_or(id, String::as_str)).into_owned()
}

/// A person as the viewer may see them: the directory entry, and (if their role reaches
/// that far) the check-ins and referrals the desk let through, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonRecord {
    pub view: PersonView,
    pub checkins: Vec<Checkin>,
    pub referrals: Vec<Referral>,
    pub resource_names: ResourceNames,
    pub authors: AuthorNames,
}

/// What a new check-in form starts from: who it is about, the catalog for suggestions,
/// and how the viewer stands to the person (a supervisor's check-in is shared up the chain
/// by default, a mentor's is private).
#[derive(Clone, Debug, PartialEq)]
pub struct CheckinStart {
    pub person: Person,
    pub catalog: Vec<Resource>,
    pub supervises: bool,
    /// One's own check-in to change, as it stands; `None` for a new one.
    pub editing: Option<Checkin>,
}

/// A home screen for one of the viewer's roles, read at once: what the role's work asks
/// for today, most urgent first.
#[derive(Clone, Debug, PartialEq)]
pub struct HomePage {
    pub role: Role,
    /// The prompts this viewer receives (every audience it is in; a front end keeps the
    /// role's own), for a role that receives prompts.
    pub prompts: Option<Vec<PromptView>>,
    /// The day of the last rules run: prompts that began since show after the next.
    pub rules_last_run: Option<NaiveDate>,
    /// The role's daily work: people to check in with, or the referral queue.
    pub panel: Option<HomePanel>,
    /// One's own prompts, on one's own (employee) home only: never on a work screen that
    /// someone across the desk may be looking at.
    pub own: Option<Vec<OwnPrompt>>,
    /// The vault's crisis lines, read with the home, never when help-now opens: its opening
    /// leaves no trace anywhere.
    pub crisis: Vec<Resource>,
    /// For a role that reads shared self-checks: how many are shared with it, and how many
    /// it has not opened (counted without opening any).
    pub inbox: Option<super::InboxCount>,
}

/// The upper section of a home, by the role's work in the policy table.
#[derive(Clone, Debug, PartialEq)]
pub enum HomePanel {
    /// For those who record check-ins: follow-ups due and people not seen lately.
    Today {
        follow_ups: Vec<FollowUp>,
        not_seen: Vec<NotSeen>,
    },
    /// For those who work referrals: the open ones, ready and urgent first.
    Queue(Vec<QueueItem>),
}

/// One rule that holds for oneself, worded for one's home.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnPrompt {
    /// The rule that raised it.
    pub rule: String,
    pub severity: Severity,
    /// The rule's title (its id if the rules file has no such rule any more).
    pub title: String,
    pub explanation: String,
    /// The person's own records behind it.
    pub evidence: Vec<Evidence>,
    /// The ids of the resources the rule suggests, and their names, in the same order.
    pub suggest: Vec<String>,
    pub suggested: Vec<String>,
}

/// One record behind a prompt, with what the viewer may read of it.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceRow {
    pub evidence: Evidence,
    /// The check-in, where it is one the viewer may read.
    pub checkin: Option<Checkin>,
    /// The referral and its resource's name, where the viewer may see it.
    pub referral: Option<(Referral, String)>,
}

/// A prompt's page.
#[derive(Clone, Debug, PartialEq)]
pub struct PromptDetailData {
    pub view: PromptView,
    /// Each reason's rule and its title, where the rules in force still have it.
    pub rule_titles: Vec<(String, String)>,
    pub evidence: Vec<EvidenceRow>,
    /// The names of the resources the rule suggests.
    pub suggested: Vec<String>,
}

/// What a new referral form starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralStart {
    pub person: Person,
    /// The active catalog.
    pub catalog: Vec<Resource>,
    /// Ids of the resources suggested for what was noted lately, best first.
    pub suggested: Vec<String>,
    /// The person is the viewer: their own consent goes with it.
    pub self_referral: bool,
}

/// One entry of the access log about me.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessLine {
    /// When, as the audit log stamps it (RFC 3339, UTC); the front end shows local time.
    pub when: String,
    pub who: String,
    pub action: String,
    pub detail: String,
}

/// Everything recorded about the signed-in employee, and who read or changed it.
#[derive(Clone, Debug, PartialEq)]
pub struct MyRecordsData {
    pub person: Person,
    pub checkins: Vec<Checkin>,
    pub referrals: Vec<Referral>,
    /// The prompts the rules raised about them, with what each viewer answered.
    pub prompts: Vec<PromptAboutMe>,
    pub resource_names: ResourceNames,
    pub authors: AuthorNames,
    /// Newest first.
    pub access: Vec<AccessLine>,
}

/// A prompt the rules raised about oneself: when, for whom, why, and what happened to it,
/// with every note a viewer left (free text about oneself, so one's own to read).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PromptAboutMe {
    pub prompt: crate::domain::prompt::Prompt,
    /// Oldest first.
    pub events: Vec<crate::domain::prompt::PromptEvent>,
}

/// A referral's page: the referral, its resource's name, the person's name where the viewer
/// may see their directory entry, and what happened to it, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferralPage {
    pub referral: Referral,
    pub resource_name: String,
    pub person_name: Option<String>,
    /// Who proposed it and who moved it, by name where their account is a roster person.
    pub actors: AuthorNames,
    /// How the viewer stands to it: the moves a page offers are the ones the desk allows.
    pub viewer: policy::ReferralActor,
    pub events: Vec<ReferralEvent>,
}

/// One's own self-checks, newest first, and who a share would be sealed to ("login (name)").
#[derive(Clone, Debug, PartialEq)]
pub struct MySelfChecksPage {
    pub checks: Vec<SelfCheckEntry>,
    pub readers: Vec<String>,
    /// Taken before a passphrase reset, sealed to the old key: counted, never opened.
    pub lost_to_reset: usize,
}

/// A self-check just taken, and the active catalog (crisis lines included) to suggest from.
#[derive(Clone, Debug, PartialEq)]
pub struct SelfCheckTaken {
    pub taken: TakenSelfCheck,
    pub resources: Vec<Resource>,
}

impl Session {
    /// The home of `role` (one of this session's roles) as of `as_of`. Any read that fails
    /// fails the page: a front end says so rather than show part of it as all there is.
    pub fn home_page(&self, role: Role, as_of: NaiveDate) -> Result<HomePage> {
        if !self.has_role(role) {
            return Err(Error::Denied(format!(
                "{} does not hold the {role} role",
                self.account.login
            )));
        }
        let holds = |action| policy::holds(&Roles::new([role]), action);
        let panel = if holds(Action::RecordCheckin) {
            let (follow_ups, not_seen) = self.today_list(as_of)?;
            Some(HomePanel::Today {
                follow_ups,
                not_seen,
            })
        } else if holds(Action::WorkReferrals) {
            Some(HomePanel::Queue(self.referral_queue(as_of)?))
        } else {
            None
        };
        Ok(HomePage {
            role,
            prompts: if holds(Action::ReceivePrompts) {
                Some(self.prompts(as_of, true)?)
            } else {
                None
            },
            rules_last_run: self.rules_last_run()?,
            panel,
            own: if role == Role::Employee {
                Some(self.own_prompt_views(as_of)?)
            } else {
                None
            },
            crisis: self.crisis_resources()?,
            inbox: if policy::permits(
                &Roles::new([role]),
                Action::ReadSelfCheck,
                policy::Relation::default(),
            ) {
                Some(self.shared_inbox_count()?)
            } else {
                None
            },
        })
    }

    /// Every resource's name by id, retired ones included (old referrals name them).
    pub fn resource_names(&self) -> Result<ResourceNames> {
        Ok(self
            .resources(true)?
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect())
    }

    /// A person's page: the directory entry, and the record only where the viewer may see it.
    pub fn person_record(&self, employee_id: &str) -> Result<PersonRecord> {
        let view = self.person(employee_id)?;
        if !view.may_view_record {
            return Ok(PersonRecord {
                view,
                checkins: Vec::new(),
                referrals: Vec::new(),
                resource_names: ResourceNames::new(),
                authors: AuthorNames::new(),
            });
        }
        let checkins = self.checkins(employee_id)?;
        let referrals = self.referrals_about(employee_id)?;
        Ok(PersonRecord {
            authors: self.authors_of(&checkins, &referrals)?,
            checkins,
            referrals,
            resource_names: self.resource_names()?,
            view,
        })
    }

    /// The names of those who wrote these check-ins and proposed these referrals.
    fn authors_of(&self, checkins: &[Checkin], referrals: &[Referral]) -> Result<AuthorNames> {
        self.author_names(
            checkins
                .iter()
                .map(|c| c.author.as_str())
                .chain(referrals.iter().map(|r| r.created_by.as_str())),
        )
    }

    /// The roster names of the people behind these logins (a login with no roster person,
    /// such as an admin's, is left out and shown as it is).
    fn author_names<'a>(&self, logins: impl IntoIterator<Item = &'a str>) -> Result<AuthorNames> {
        let db = self.store.db();
        let mut names = AuthorNames::new();
        for login in logins {
            if names.contains_key(login) {
                continue;
            }
            let person = match db.account(login)?.and_then(|a| a.person_id) {
                Some(id) => db.person(&id)?,
                None => None,
            };
            if let Some(person) = person {
                names.insert(login.to_string(), person.name);
            }
        }
        Ok(names)
    }

    /// A new check-in form's start. Whether the viewer records as this person's supervisor
    /// decides the check-in's kind and default visibility: someone in one's subtree gets a
    /// supervisor check-in, shared up the chain.
    pub fn checkin_form_start(&self, employee_id: &str) -> Result<CheckinStart> {
        let person = self.person(employee_id)?.person;
        let supervises = self.has_role(Role::Supervisor)
            && self
                .people_as(Role::Supervisor)?
                .iter()
                .any(|p| p.employee_id == employee_id);
        Ok(CheckinStart {
            person,
            catalog: self.resources(false)?,
            supervises,
            editing: None,
        })
    }

    /// The form's start for one's own check-in `id`, as it was recorded (its kind is kept).
    pub fn checkin_edit_start(&self, id: i64) -> Result<CheckinStart> {
        let checkin = self.checkin_to_edit(id)?;
        Ok(CheckinStart {
            person: self.person(&checkin.employee_id)?.person,
            catalog: self.resources(false)?,
            supervises: checkin.kind == CheckinKind::Supervisor,
            editing: Some(checkin),
        })
    }

    /// The rules for the signed-in person alone, worded for their home: evaluated in this
    /// session from their own self-checks, so nothing is stored or audited.
    pub fn own_prompt_views(&self, as_of: NaiveDate) -> Result<Vec<OwnPrompt>> {
        let firings = self.own_prompts(as_of)?;
        if firings.is_empty() {
            return Ok(Vec::new());
        }
        let names = self.resource_names()?;
        Ok(firings
            .into_iter()
            .map(|firing| {
                let rule = self.rules().get(&firing.rule);
                let suggest = rule.map(|r| r.suggest.clone()).unwrap_or_default();
                OwnPrompt {
                    severity: firing.severity,
                    title: rule.map_or_else(|| firing.rule.clone(), |r| r.title.clone()),
                    explanation: firing.explanation,
                    evidence: firing.evidence,
                    suggested: suggest.iter().map(|id| resource_name(&names, id)).collect(),
                    suggest,
                    rule: firing.rule,
                }
            })
            .collect())
    }

    /// A prompt's page: its reasons' titles, the suggestions, and each record behind it,
    /// each opened as the viewer (policy lets every viewer of a prompt open all its
    /// evidence; a read of someone else's notes is audited for that record alone). A record
    /// that cannot be opened any more (purged since) is shown as evidence without content.
    pub fn prompt_page(&self, view: PromptView) -> Result<PromptDetailData> {
        let names = self.resource_names()?;
        let evidence = view
            .evidence()
            .into_iter()
            .map(|e| EvidenceRow {
                checkin: match e.kind {
                    "checkin" => self.checkin_with_history(e.id).ok().map(|(c, _)| c),
                    _ => None,
                },
                referral: match e.kind {
                    "referral" => self.referral(e.id).ok().map(|r| {
                        let name = resource_name(&names, &r.resource_id);
                        (r, name)
                    }),
                    _ => None,
                },
                evidence: e,
            })
            .collect();
        Ok(PromptDetailData {
            rule_titles: view
                .reasons
                .iter()
                .filter_map(|r| {
                    self.rules()
                        .get(&r.rule)
                        .map(|rule| (r.rule.clone(), rule.title.clone()))
                })
                .collect(),
            suggested: view
                .suggest
                .iter()
                .map(|id| resource_name(&names, id))
                .collect(),
            evidence,
            view,
        })
    }

    /// A new referral form's start; `first` (a prompt's rule's suggestions) lead the
    /// suggestions.
    pub fn referral_form_start(
        &self,
        employee_id: &str,
        as_of: NaiveDate,
        first: &[String],
    ) -> Result<ReferralStart> {
        let person = self.person(employee_id)?.person;
        let mut suggested: Vec<String> = first.to_vec();
        for r in self.suggestions_for(employee_id, as_of)? {
            if !suggested.contains(&r.id) {
                suggested.push(r.id);
            }
        }
        Ok(ReferralStart {
            self_referral: self.account().person_id.as_deref() == Some(employee_id),
            suggested,
            catalog: self.resources(false)?,
            person,
        })
    }

    /// Everything recorded about the signed-in employee, and who read or changed it.
    pub fn my_records(&self) -> Result<MyRecordsData> {
        let Some(me) = self.account().person_id.clone() else {
            return Err(Error::Invalid(
                "your account is not linked to a roster entry, so nothing is recorded about it"
                    .into(),
            ));
        };
        let access = self
            .who_accessed_my_records()?
            .into_iter()
            .map(|e| AccessLine {
                when: e.at,
                who: e.actor,
                action: e.action,
                detail: e.detail,
            })
            .collect();
        let checkins = self.checkins(&me)?;
        let referrals = self.referrals_about(&me)?;
        let authors = self.authors_of(&checkins, &referrals)?;
        Ok(MyRecordsData {
            person: self.person(&me)?.person,
            checkins,
            referrals,
            prompts: self.prompts_about_me(&me)?,
            resource_names: self.resource_names()?,
            authors,
            access,
        })
    }
}

impl Session {
    /// A referral's page, for anyone who may see the referral.
    pub fn referral_page(&self, id: i64) -> Result<ReferralPage> {
        let referral = self.referral(id)?;
        let events = self.referral_events(id)?;
        let resource_name = resource_name(&self.resource_names()?, &referral.resource_id);
        // A viewer who may see a referral but not the person's directory entry (or a person
        // since removed) sees the referral without a name; anything else is a fault.
        let person_name = match self.person(&referral.employee_id) {
            Ok(view) => Some(view.person.name),
            Err(Error::Denied(_) | Error::NotFound(_)) => None,
            Err(other) => return Err(other),
        };
        let actors = self.author_names(
            std::iter::once(referral.created_by.as_str())
                .chain(events.iter().map(|e| e.actor.as_str())),
        )?;
        Ok(ReferralPage {
            viewer: self.referral_actor(&referral),
            referral,
            resource_name,
            person_name,
            actors,
            events,
        })
    }

    /// One's own self-checks (without opening, or auditing, what others shared) and the
    /// coordinators a share would be sealed to, oneself excepted.
    pub fn my_self_checks_page(&self) -> Result<MySelfChecksPage> {
        let (checks, lost_to_reset) = self.my_self_checks_counted()?;
        let me = self.login();
        let readers = self
            .coordinators()?
            .into_iter()
            .filter(|c| c.can_read_shared && c.login != me)
            .map(|c| c.who())
            .collect();
        Ok(MySelfChecksPage {
            checks,
            readers,
            lost_to_reset,
        })
    }

    /// Takes a self-check and returns the catalog to suggest from. The catalog is read
    /// first: if it cannot be, nothing is stored and the person is told, rather than being
    /// told of a failure after their answers were saved.
    pub fn take_self_check_page(
        &mut self,
        request: &SelfCheckRequest<'_>,
    ) -> Result<SelfCheckTaken> {
        let resources = self.resources(false)?;
        let taken = self.take_self_check(request)?;
        Ok(SelfCheckTaken { taken, resources })
    }

    /// A prompt's page as it stands now, after a record that may have answered it: `None`
    /// once it no longer holds, is resolved, or no longer reaches this viewer.
    pub fn prompt_page_now(&self, id: i64, as_of: NaiveDate) -> Result<Option<PromptDetailData>> {
        match self.prompt_view(id, as_of) {
            Ok(view) => self.prompt_page(view).map(Some),
            Err(Error::Invalid(_) | Error::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The prompts raised about `me` (this session's own person), newest first, each with
    /// its history. Read by the person themself only: callers pass their own id.
    pub(super) fn prompts_about_me(&self, me: &str) -> Result<Vec<PromptAboutMe>> {
        if self.account.person_id.as_deref() != Some(me) {
            return Err(Error::Denied(
                "the prompts about a person are theirs to read in their own records".into(),
            ));
        }
        let db = self.store.db();
        let mut out = Vec::new();
        let today = self.clock.date();
        for mut prompt in db.prompts_about(me)?.into_iter().rev() {
            // An open one worded for the day it is read on; a resolved one as it last held.
            if prompt.resolved_on.is_none() {
                for reason in &mut prompt.reasons {
                    if let (Some(figures), Some(rule)) =
                        (&reason.figures, self.rules().get(&reason.rule))
                    {
                        reason.explanation = rule.explanation(figures, today);
                    }
                }
            }
            let events = db.prompt_events(prompt.id)?;
            out.push(PromptAboutMe { prompt, events });
        }
        Ok(out)
    }
}

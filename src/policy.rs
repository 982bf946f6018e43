//! Who may do what: one table of role × action × scope, and the pure check against it.
//! The desk asks here before every use case; nothing else grants access.

use crate::domain::checkin::Visibility;
use crate::domain::prompt::Audience;
use crate::domain::{Role, Roles};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Name, unit and supervisor of a person.
    ViewDirectory,
    /// A person's page: what is recorded about them (never another's private notes).
    ViewRecord,
    /// The text of notes written about a person.
    ReadNotes,
    /// Import or add people, change the org chart.
    EditRoster,
    /// Create, list and disable accounts.
    ManageAccounts,
    /// Pair mentors with mentees.
    AssignMentor,
    /// Replace the master key.
    Rekey,
    /// Write a consistent encrypted copy of the vault (the nightly backup).
    Backup,
    /// Import the roster from HR's file (the roster sync).
    ImportRoster,
    /// List and verify the audit log.
    ViewAudit,
    /// Change one's own passphrase.
    ChangeOwnPassphrase,
    /// Record (or edit one's own) check-in with a person, flagging stressors.
    RecordCheckin,
    /// Propose a referral to a resource for a person (for oneself: a self-referral).
    ProposeReferral,
    /// See the referral queue and move referrals through their lifecycle.
    WorkReferrals,
    /// Read the resource catalog.
    ViewResources,
    /// Add, edit and retire resources in the catalog.
    ManageResources,
    /// Remove old notes and closed referrals under the retention policy.
    Purge,
    /// See who read one's own records.
    ViewOwnAccessLog,
    /// Take a confidential self-check (sealed to oneself).
    TakeSelfCheck,
    /// Open a self-check: one's own, or (coordinators) one its owner shared.
    ReadSelfCheck,
    /// Share or stop sharing one's own self-check with coordinators; delete it.
    ShareSelfCheck,
    /// Run every rule over everyone, or back-test a rules file (counts only).
    RunRules,
    /// Run an aggregate report (k-anonymous counts by unit and month): for every unit, or
    /// (Subtree) for the units all of whose active people are the actor or below them.
    RunReport,
    /// Export everything recorded about oneself (the right of access).
    ExportOwnRecords,
    /// List (by name only) the people a prompt holds for whom no one in the chain has an
    /// account to receive it.
    SeeUnreachable,
    /// Change a vault setting (such as the reports' minimum k).
    ConfigureVault,
    /// Be shown the rules' prompts about people one can help: one's reports, one's
    /// mentees, and (coordinators) anyone whose referral waits.
    ReceivePrompts,
    /// Change one's own preferences (such as starting in the screen-reader mode).
    SetOwnPreferences,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The actor's own person record.
    Own,
    /// Everyone below the actor in the chain of command.
    Subtree,
    /// The actor's mentees.
    Mentees,
    /// Everyone (or the whole vault, for actions on no person).
    All,
}

use Action::*;
use Role::*;
use Scope::*;

/// The one table. A role holds an action only in the scopes listed; anything absent is refused.
pub const POLICY: &[(Role, Action, Scope)] = &[
    (Admin, ViewDirectory, All),
    (Coordinator, ViewDirectory, All),
    (Supervisor, ViewDirectory, Subtree),
    (Mentor, ViewDirectory, Mentees),
    (Employee, ViewDirectory, Own),
    (Supervisor, ViewRecord, Subtree),
    (Mentor, ViewRecord, Mentees),
    (Employee, ViewRecord, Own),
    (Supervisor, ReadNotes, Subtree),
    (Mentor, ReadNotes, Mentees),
    (Employee, ReadNotes, Own),
    (Admin, EditRoster, All),
    (Admin, ImportRoster, All),
    (Operator, ImportRoster, All),
    (Admin, ManageAccounts, All),
    (Admin, AssignMentor, All),
    (Admin, Rekey, All),
    (Admin, Backup, All),
    (Operator, Backup, All),
    (Admin, ViewAudit, All),
    (Admin, ChangeOwnPassphrase, Own),
    (Supervisor, ChangeOwnPassphrase, Own),
    (Mentor, ChangeOwnPassphrase, Own),
    (Coordinator, ChangeOwnPassphrase, Own),
    (Employee, ChangeOwnPassphrase, Own),
    // The operator's passphrase is a systemd credential, rotated with `account passwd`.
    (Operator, ChangeOwnPassphrase, Own),
    (Admin, SetOwnPreferences, Own),
    (Supervisor, SetOwnPreferences, Own),
    (Mentor, SetOwnPreferences, Own),
    (Coordinator, SetOwnPreferences, Own),
    (Employee, SetOwnPreferences, Own),
    (Supervisor, RecordCheckin, Subtree),
    (Mentor, RecordCheckin, Mentees),
    (Supervisor, ProposeReferral, Subtree),
    (Mentor, ProposeReferral, Mentees),
    (Employee, ProposeReferral, Own),
    (Coordinator, WorkReferrals, All),
    (Supervisor, ReceivePrompts, Subtree),
    (Mentor, ReceivePrompts, Mentees),
    (Coordinator, ReceivePrompts, All),
    (Admin, ViewResources, All),
    (Supervisor, ViewResources, All),
    (Mentor, ViewResources, All),
    (Coordinator, ViewResources, All),
    (Employee, ViewResources, All),
    (Coordinator, ManageResources, All),
    (Admin, Purge, All),
    (Operator, Purge, All),
    (Employee, ViewOwnAccessLog, Own),
    (Employee, TakeSelfCheck, Own),
    (Employee, ReadSelfCheck, Own),
    // Only self-checks their owner shared: the desk checks the flag, and the seal is
    // opened only by coordinators' keys the owner sealed it to.
    (Coordinator, ReadSelfCheck, All),
    (Employee, ShareSelfCheck, Own),
    (Admin, RunRules, All),
    (Coordinator, RunRules, All),
    // The daily run; and, like it, `rules test` and `rules audit`, which print counts only.
    (Operator, RunRules, All),
    (Admin, RunReport, All),
    (Coordinator, RunReport, All),
    (Supervisor, RunReport, Subtree),
    (Employee, ExportOwnRecords, Own),
    (Admin, SeeUnreachable, All),
    (Admin, ConfigureVault, All),
];

/// How the actor stands to the person an action concerns (none of these for vault-wide actions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relation {
    pub is_self: bool,
    pub is_above: bool,
    pub is_mentor: bool,
}

/// The scopes in which any of `roles` holds `action`.
pub fn scopes(roles: &Roles, action: Action) -> Vec<Scope> {
    let mut found: Vec<Scope> = POLICY
        .iter()
        .filter(|(role, act, _)| *act == action && roles.contains(*role))
        .map(|(_, _, scope)| *scope)
        .collect();
    found.dedup();
    found
}

/// Whether a role holds `action` in some scope (before asking about a particular person).
pub fn holds(roles: &Roles, action: Action) -> bool {
    !scopes(roles, action).is_empty()
}

/// Whether `roles` may perform `action` on a person standing in `relation` to the actor.
pub fn permits(roles: &Roles, action: Action, relation: Relation) -> bool {
    scopes(roles, action).into_iter().any(|scope| match scope {
        All => true,
        Own => relation.is_self,
        Subtree => relation.is_above,
        Mentees => relation.is_mentor,
    })
}

/// Whether `roles` may perform a vault-wide `action` (one that concerns no person).
pub fn permits_vault_wide(roles: &Roles, action: Action) -> bool {
    scopes(roles, action).contains(&All)
}

/// How a reader stands to one check-in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckinReader {
    pub is_author: bool,
    pub is_employee: bool,
    /// A supervisor above the employee in the chain of command.
    pub is_above: bool,
}

/// Whether a reader may read a check-in: chain check-ins are for the author, the employee
/// and the supervisors above; private ones for the author and the employee. Screens,
/// commands and the rules all ask here.
pub fn may_read_checkin(visibility: Visibility, reader: CheckinReader) -> bool {
    reader.is_author || reader.is_employee || (visibility == Visibility::Chain && reader.is_above)
}

/// How someone stands to one referral.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReferralActor {
    /// Holds the role that works referrals (a coordinator).
    pub works_referrals: bool,
    /// The person the referral is about.
    pub is_employee: bool,
    /// Who proposed it.
    pub is_proposer: bool,
}

/// What a change to a referral does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReferralMove {
    /// Withdraws it, and nothing else.
    pub withdraws: bool,
    /// Records the employee's consent, and nothing else.
    pub consent_only: bool,
}

/// Who may make a change to a referral: coordinators any; the employee may record their
/// consent or withdraw it; the proposer may withdraw it, or record the consent the
/// employee gave them later. Screens and commands ask here; the desk decides by it.
pub fn may_change_referral(actor: ReferralActor, change: ReferralMove) -> bool {
    actor.works_referrals
        || (actor.is_employee && (change.withdraws || change.consent_only))
        || (actor.is_proposer && (change.withdraws || change.consent_only))
}

/// Whether a check-in by `author` may count towards a prompt for `audience`: only if every
/// viewer the prompt can reach may open it. For the chain that is a supervisor above who
/// did not write it (the prompt may go one level up); for a mentor, what that mentor may
/// read; coordinators read no check-ins.
pub fn checkin_feeds(audience: &Audience, author: &str, visibility: Visibility) -> bool {
    let reader = match audience {
        Audience::Chain => CheckinReader {
            is_above: true,
            ..CheckinReader::default()
        },
        Audience::Mentor(mentor) => CheckinReader {
            is_author: author == mentor,
            ..CheckinReader::default()
        },
        Audience::Coordinator => return false,
    };
    may_read_checkin(visibility, reader)
}

/// Whether referrals may count towards a prompt for `audience`: coordinators work every
/// referral; supervisors and mentors see only those they made, so none count for them.
pub fn referrals_feed(audience: &Audience) -> bool {
    *audience == Audience::Coordinator
}

/// How a viewer stands to a stored prompt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PromptViewer<'a> {
    pub login: &'a str,
    pub is_coordinator: bool,
    /// The chain's routing reaches this viewer (the nearest supervisor with an account, or
    /// the one above once the prompt has waited).
    pub routed: bool,
    /// The viewer mentors the person now.
    pub is_mentor: bool,
}

/// Whether a viewer may see (and respond to) a prompt for `audience`.
pub fn may_see_prompt(audience: &Audience, viewer: PromptViewer<'_>) -> bool {
    match audience {
        Audience::Chain => viewer.routed,
        Audience::Mentor(mentor) => viewer.is_mentor && mentor == viewer.login,
        Audience::Coordinator => viewer.is_coordinator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRANGER: Relation = Relation {
        is_self: false,
        is_above: false,
        is_mentor: false,
    };
    const SELF: Relation = Relation {
        is_self: true,
        ..STRANGER
    };
    const REPORT: Relation = Relation {
        is_above: true,
        ..STRANGER
    };
    const MENTEE: Relation = Relation {
        is_mentor: true,
        ..STRANGER
    };

    fn only(role: Role) -> Roles {
        Roles::new([role])
    }

    /// Every row of the table is exercised: each grant holds in its own scope and is
    /// refused in a relation outside it.
    #[test]
    fn every_row_grants_its_scope_and_nothing_wider() {
        for (role, action, scope) in POLICY {
            let roles = only(*role);
            let (inside, outside) = match scope {
                All => (STRANGER, None),
                Own => (SELF, Some(REPORT)),
                Subtree => (REPORT, Some(SELF)),
                Mentees => (MENTEE, Some(REPORT)),
            };
            assert!(
                permits(&roles, *action, inside),
                "{role:?} {action:?} {scope:?}"
            );
            if let Some(outside) = outside {
                assert!(
                    !permits(&roles, *action, outside),
                    "{role:?} {action:?} outside {scope:?}"
                );
                assert!(
                    !permits(&roles, *action, STRANGER),
                    "{role:?} {action:?} stranger"
                );
            }
        }
    }

    /// The operator does batch work and nothing else: no record, note, self-check, report,
    /// prompt, audit or account is open to it, in any relation.
    #[test]
    fn the_operator_runs_batch_work_only() {
        let operator = only(Operator);
        let batch = [RunRules, ImportRoster, Backup, Purge, ChangeOwnPassphrase];
        for (role, action, _) in POLICY {
            if *role == Operator {
                assert!(batch.contains(action), "operator holds {action:?}");
            }
        }
        for action in [RunRules, ImportRoster, Backup, Purge] {
            assert!(permits_vault_wide(&operator, action), "{action:?}");
            assert!(permits_vault_wide(&only(Admin), action), "admin {action:?}");
        }
        for relation in [STRANGER, SELF, REPORT, MENTEE] {
            for action in [
                ViewDirectory,
                ViewRecord,
                ReadNotes,
                ReadSelfCheck,
                RunReport,
                ExportOwnRecords,
                ViewOwnAccessLog,
                RecordCheckin,
                WorkReferrals,
            ] {
                assert!(!permits(&operator, action, relation), "{action:?}");
            }
        }
        for action in [EditRoster, ManageAccounts, ViewAudit, Rekey, SeeUnreachable] {
            assert!(!permits_vault_wide(&operator, action), "{action:?}");
        }
    }

    #[test]
    fn prompts_reach_only_those_who_can_help() {
        for role in [Supervisor, Mentor, Coordinator] {
            assert!(holds(&only(role), ReceivePrompts), "{role:?}");
        }
        // An admin keeps the vault, not people; an employee's own rules are theirs alone,
        // never a prompt stored for anyone.
        for role in [Admin, Employee, Operator] {
            assert!(!holds(&only(role), ReceivePrompts), "{role:?}");
        }
        assert!(!permits(&only(Supervisor), ReceivePrompts, STRANGER));
        assert!(permits(&only(Supervisor), ReceivePrompts, REPORT));
        assert!(permits(&only(Mentor), ReceivePrompts, MENTEE));
    }

    #[test]
    fn supervisors_see_their_subtree_and_no_one_else() {
        let sup = only(Supervisor);
        assert!(permits(&sup, ViewRecord, REPORT));
        assert!(!permits(&sup, ViewRecord, STRANGER));
        assert!(!permits(&sup, ViewRecord, MENTEE));
    }

    #[test]
    fn mentors_see_only_mentees() {
        let mentor = only(Mentor);
        assert!(permits(&mentor, ViewDirectory, MENTEE));
        assert!(!permits(&mentor, ViewDirectory, REPORT));
        assert!(!permits(&mentor, ViewDirectory, STRANGER));
    }

    #[test]
    fn admins_see_names_but_never_notes_or_records() {
        let admin = only(Admin);
        assert!(permits(&admin, ViewDirectory, STRANGER));
        for relation in [STRANGER, SELF, REPORT, MENTEE] {
            assert!(!permits(&admin, ReadNotes, relation));
            assert!(!permits(&admin, ViewRecord, relation));
        }
    }

    #[test]
    fn vault_wide_actions_belong_to_admins_only() {
        for action in [
            EditRoster,
            ManageAccounts,
            AssignMentor,
            Rekey,
            ViewAudit,
            ConfigureVault,
        ] {
            assert!(permits_vault_wide(&only(Admin), action));
            for role in [Supervisor, Mentor, Coordinator, Employee] {
                assert!(
                    !permits_vault_wide(&only(role), action),
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn no_one_but_the_owner_and_coordinators_opens_a_self_check() {
        for role in [Admin, Supervisor, Mentor] {
            for relation in [STRANGER, SELF, REPORT, MENTEE] {
                assert!(!permits(&only(role), ReadSelfCheck, relation), "{role:?}");
            }
        }
        assert!(permits(&only(Employee), ReadSelfCheck, SELF));
        assert!(!permits(&only(Employee), ReadSelfCheck, STRANGER));
    }

    #[test]
    fn admins_never_record_check_ins_or_work_referrals() {
        for relation in [STRANGER, REPORT, MENTEE] {
            assert!(!permits(&only(Admin), RecordCheckin, relation));
            assert!(!permits(&only(Admin), WorkReferrals, relation));
        }
    }

    #[test]
    fn reports_are_for_coordinators_admins_and_supervisors_in_their_subtree() {
        assert!(permits_vault_wide(&only(Coordinator), RunReport));
        assert!(permits_vault_wide(&only(Admin), RunReport));
        assert!(!permits_vault_wide(&only(Supervisor), RunReport));
        assert!(permits(&only(Supervisor), RunReport, REPORT));
        for role in [Mentor, Employee] {
            assert!(!holds(&only(role), RunReport), "{role:?}");
        }
    }

    #[test]
    fn only_an_employee_exports_their_own_records() {
        assert!(permits(&only(Employee), ExportOwnRecords, SELF));
        assert!(!permits(&only(Employee), ExportOwnRecords, STRANGER));
        for role in [Admin, Supervisor, Mentor, Coordinator] {
            for relation in [STRANGER, SELF, REPORT, MENTEE] {
                assert!(
                    !permits(&only(role), ExportOwnRecords, relation),
                    "{role:?}"
                );
            }
        }
    }

    #[test]
    fn several_roles_combine_their_scopes() {
        let both = Roles::new([Supervisor, Employee]);
        assert!(permits(&both, ViewRecord, SELF));
        assert!(permits(&both, ViewRecord, REPORT));
        assert!(!permits(&both, ViewRecord, STRANGER));
        assert!(holds(&both, ChangeOwnPassphrase));
    }

    #[test]
    fn private_check_ins_are_for_author_and_employee_only() {
        let above = CheckinReader {
            is_above: true,
            ..CheckinReader::default()
        };
        assert!(may_read_checkin(Visibility::Chain, above));
        assert!(!may_read_checkin(Visibility::Private, above));
        for reader in [
            CheckinReader {
                is_employee: true,
                ..CheckinReader::default()
            },
            CheckinReader {
                is_author: true,
                ..CheckinReader::default()
            },
        ] {
            assert!(may_read_checkin(Visibility::Private, reader));
        }
        assert!(!may_read_checkin(
            Visibility::Chain,
            CheckinReader::default()
        ));
    }

    #[test]
    fn each_audience_is_fed_only_what_all_its_viewers_may_open() {
        let mentor = Audience::Mentor("m".into());
        assert!(checkin_feeds(&Audience::Chain, "s", Visibility::Chain));
        assert!(checkin_feeds(&Audience::Chain, "m", Visibility::Chain));
        assert!(!checkin_feeds(&Audience::Chain, "s", Visibility::Private));
        assert!(!checkin_feeds(&Audience::Chain, "m", Visibility::Private));
        assert!(checkin_feeds(&mentor, "m", Visibility::Private));
        assert!(!checkin_feeds(&mentor, "s", Visibility::Chain));
        assert!(!checkin_feeds(&mentor, "other", Visibility::Private));
        assert!(!checkin_feeds(
            &Audience::Coordinator,
            "s",
            Visibility::Chain
        ));
        assert!(referrals_feed(&Audience::Coordinator));
        assert!(!referrals_feed(&Audience::Chain));
        assert!(!referrals_feed(&mentor));
    }

    #[test]
    fn prompts_are_seen_by_their_audience_alone() {
        let viewer = PromptViewer {
            login: "m",
            ..PromptViewer::default()
        };
        let mentor = Audience::Mentor("m".into());
        assert!(!may_see_prompt(&mentor, viewer));
        assert!(may_see_prompt(
            &mentor,
            PromptViewer {
                is_mentor: true,
                ..viewer
            }
        ));
        assert!(!may_see_prompt(
            &Audience::Mentor("other".into()),
            PromptViewer {
                is_mentor: true,
                ..viewer
            }
        ));
        assert!(!may_see_prompt(&Audience::Chain, viewer));
        assert!(may_see_prompt(
            &Audience::Chain,
            PromptViewer {
                routed: true,
                ..viewer
            }
        ));
        assert!(!may_see_prompt(&Audience::Coordinator, viewer));
        assert!(may_see_prompt(
            &Audience::Coordinator,
            PromptViewer {
                is_coordinator: true,
                ..viewer
            }
        ));
    }

    #[test]
    fn a_referral_is_changed_by_its_coordinators_employee_and_proposer_each_within_bounds() {
        let coordinator = ReferralActor {
            works_referrals: true,
            ..ReferralActor::default()
        };
        let employee = ReferralActor {
            is_employee: true,
            ..ReferralActor::default()
        };
        let proposer = ReferralActor {
            is_proposer: true,
            ..ReferralActor::default()
        };
        let stranger = ReferralActor::default();
        let status = ReferralMove::default();
        let consent = ReferralMove {
            consent_only: true,
            ..ReferralMove::default()
        };
        let withdraw = ReferralMove {
            withdraws: true,
            ..ReferralMove::default()
        };
        for change in [status, consent, withdraw] {
            assert!(may_change_referral(coordinator, change));
            assert!(!may_change_referral(stranger, change));
        }
        for actor in [employee, proposer] {
            assert!(may_change_referral(actor, consent));
            assert!(may_change_referral(actor, withdraw));
            assert!(!may_change_referral(actor, status));
        }
    }
}

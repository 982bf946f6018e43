//! The coordinator's inbox of self-checks shared with them: listed (safety items first, then
//! newest), opened to the answers and the result, each read audited with its owner as the
//! subject. Decrypts with the coordinator's own key; never lists what its owner withdrew.

use super::*;

/// What the inbox audits when it lists a shared self-check (its result is seen) and when one
/// is opened to its answers. Both name the owner as the subject, so they show in the owner's
/// "who read my records".
pub(crate) const LISTED: &str = "selfcheck.inbox";
pub(crate) const READ: &str = "selfcheck.read";

/// One self-check shared with this coordinator, as the inbox lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedSelfCheck {
    pub record: SelfCheckRecord,
    /// The owner's employee id, where their account is linked to the roster.
    pub employee_id: Option<String>,
    /// The owner's name on the roster, where there is one.
    pub person_name: Option<String>,
    /// The instrument id (`phq9`), its total and band (the published name).
    pub score: Score,
    /// Not yet opened to its answers by this coordinator.
    pub new: bool,
}

/// The inbox: safety items first, then newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedInbox {
    pub checks: Vec<SharedSelfCheck>,
    /// Shared, but not sealed to this coordinator's key (shared before it existed).
    pub not_sealed_to_you: usize,
    /// Sealed to this key, but not signed by a key its owner holds or held: not shown.
    pub unverified: usize,
}

/// One shared self-check opened to its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedReading {
    pub check: SelfCheckView,
    pub employee_id: Option<String>,
    pub person_name: Option<String>,
}

/// How many self-checks are shared with this coordinator and how many they have not
/// opened; counted from the rows and the audit log, without opening any seal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxCount {
    pub shared: usize,
    pub new: usize,
}

/// The audit detail of a listing or a read of self-check `id` (the action says which; the
/// owner's list puts it in words), and how to recognise one.
fn detail(row: &SelfCheckRow) -> String {
    format!("self-check {} taken {}", row.id, row.taken_on)
}

fn names_check(detail: &str, id: i64) -> bool {
    detail
        .strip_prefix(&format!("self-check {id}"))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':', ';']))
}

impl Session {
    /// Refuses anyone who may not read other people's shared self-checks.
    fn require_shared_reader(&self) -> Result<()> {
        if policy::permits(&self.account.roles, Action::ReadSelfCheck, ANYONE_ELSE) {
            return Ok(());
        }
        Err(Error::Denied(format!(
            "a self-check is read only by its owner and, when they share it, by the wellness \
             coordinators; {} has {}",
            self.account.login, self.account.roles
        )))
    }

    /// Whether this coordinator has opened self-check `id` (owned by `subject`) to its
    /// answers: a read entry of theirs names it (or a listing with the answers, as
    /// `selfcheck list` does).
    fn has_read(&self, db: &Db<'_>, subject: &str, id: i64) -> Result<bool> {
        Ok(db.audit_about(subject)?.iter().any(|e| {
            e.actor == self.account.login
                && (e.action == READ || e.action == "selfcheck.open")
                && names_check(&e.detail, id)
        }))
    }

    /// The owner's employee id and roster name.
    fn owner_names(db: &Db<'_>, owner: &str) -> Result<(Option<String>, Option<String>)> {
        let employee_id = db.account(owner)?.and_then(|a| a.person_id);
        let name = match &employee_id {
            Some(id) => db.person(id)?.map(|p| p.name),
            None => None,
        };
        Ok((employee_id, name))
    }

    /// How many self-checks others shared (and this coordinator has not opened), for home.
    /// Opens nothing, so it is not a read and writes no audit entry.
    pub fn shared_inbox_count(&self) -> Result<InboxCount> {
        self.require_shared_reader()?;
        let db = self.store.db();
        let mut count = InboxCount::default();
        for row in db.shared_self_checks()? {
            if row.owner == self.account.login {
                continue;
            }
            count.shared += 1;
            if !self.has_read(&db, &subject_of(&db, &row.owner)?, row.id)? {
                count.new += 1;
            }
        }
        Ok(count)
    }

    /// Every self-check others shared with this coordinator, opened with its key: a positive
    /// safety item first, then newest first. Listing shows each one's result, so each is
    /// audited (its owner the subject) in the same transaction, before anything is returned.
    pub fn shared_inbox(&self) -> Result<SharedInbox> {
        self.require_shared_reader()?;
        let me = self.account.login.clone();
        let mut inbox = SharedInbox::default();
        self.write(|db| {
            for row in db.shared_self_checks()? {
                if row.owner == me {
                    continue;
                }
                let content = match self.open_row(db, &row)? {
                    Opened::NotForMe => {
                        inbox.not_sealed_to_you += 1;
                        continue;
                    }
                    Opened::Unverified => {
                        inbox.unverified += 1;
                        continue;
                    }
                    Opened::Verified(content) => content,
                };
                let subject = subject_of(db, &row.owner)?;
                let new = !self.has_read(db, &subject, row.id)?;
                self.audit(db, LISTED, &subject, &detail(&row))?;
                let (employee_id, person_name) = Self::owner_names(db, &row.owner)?;
                let view = content.into_view(&row);
                inbox.checks.push(SharedSelfCheck {
                    record: view.record,
                    employee_id,
                    person_name,
                    score: view.score,
                    new,
                });
            }
            Ok(())
        })?;
        inbox.checks.sort_by(|a, b| {
            (
                !a.score.safety_item_endorsed,
                std::cmp::Reverse((&a.record.taken_on, a.record.id)),
            )
                .cmp(&(
                    !b.score.safety_item_endorsed,
                    std::cmp::Reverse((&b.record.taken_on, b.record.id)),
                ))
        });
        Ok(inbox)
    }

    /// Opens self-check `id`, shared with this coordinator, to its answers and result, and
    /// audits the read (its owner the subject). One its owner withdrew, one not sealed to
    /// this key, and one not signed by its owner are refused.
    pub fn read_shared_self_check(&self, id: i64) -> Result<SharedReading> {
        self.require_shared_reader()?;
        let not_shared = || {
            Error::NotFound(format!(
                "self-check {id} is not shared with you (or no longer)"
            ))
        };
        self.write(|db| {
            let row = db.self_check(id)?.ok_or_else(not_shared)?;
            if !row.shared || row.owner == self.account.login {
                return Err(not_shared());
            }
            let content = match self.open_row(db, &row)? {
                Opened::Verified(content) => content,
                Opened::NotForMe => {
                    return Err(Error::Invalid(format!(
                        "self-check {id} was shared before your key existed, so it is not \
                         sealed to you; its owner can share it again to include you"
                    )));
                }
                Opened::Unverified => {
                    return Err(Error::Invalid(format!(
                        "self-check {id} could not be verified as its owner's (no key of theirs \
                         signed it), so it is not shown"
                    )));
                }
            };
            let subject = subject_of(db, &row.owner)?;
            self.audit(db, READ, &subject, &detail(&row))?;
            let (employee_id, person_name) = Self::owner_names(db, &row.owner)?;
            Ok(SharedReading {
                check: content.into_view(&row),
                employee_id,
                person_name,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> SelfCheckRow {
        SelfCheckRow {
            id,
            owner: "alice".into(),
            taken_on: "2026-06-20".into(),
            shared: true,
            sealed: Vec::new(),
            created_at: String::new(),
        }
    }

    #[test]
    fn a_read_entry_names_only_its_own_self_check() {
        assert!(names_check(&detail(&row(7)), 7));
        assert!(!names_check(&detail(&row(7)), 70));
        assert!(!names_check(&detail(&row(70)), 7));
        assert!(names_check("self-check 7 shared by its owner", 7));
    }
}

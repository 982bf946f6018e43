//! The messages the state takes and gives: actions (keys, time, effects' results), the
//! effects `update` asks the loop to perform, and what those came to.

use super::*;
use crate::tui::page::{Delivery, Opener, Task};

/// Everything that can happen to the state: input (through the keymap), time, and the
/// results of effects the loop performed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// `q`: back on a page, asks first at home.
    Quit,
    /// Ctrl-C: quits at once, even while typing.
    QuitNow,
    Repaint,
    ToggleHelp,
    OpenHelpNow,
    Back,
    // Text fields.
    Type(char),
    Backspace,
    ClearField,
    NextField,
    PrevField,
    Submit,
    // Lists.
    Down,
    Up,
    PageDown,
    PageUp,
    First,
    Last,
    /// Mouse wheel: positive scrolls down.
    Scroll(i32),
    /// The wheel turned with the pointer at a place on screen.
    ScrollAt {
        lines: i32,
        column: u16,
        row: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    StartFilter,
    FinishFilter,
    ClearFilter,
    Open,
    NextRole,
    LockNow,
    // Forms and pickers.
    Left,
    Right,
    /// Space: tick or untick, or choose the option under the cursor.
    Toggle,
    Newline,
    /// Delete the character under the cursor.
    Delete,
    LineStart,
    LineEnd,
    Save,
    /// Yes, to the question on screen.
    Confirm,
    /// Move focus to the next section of the home screen (or of a page).
    SwitchSection,
    /// Move focus to the previous section of the home screen.
    PrevSection,
    // Workflow.
    NewCheckin,
    NewReferral,
    OpenResources,
    /// The engagement report: coverage by month, figures by unit.
    OpenReport,
    /// A key that opens a page of its own (`tui::page::Opener`).
    OpenPage(Opener),
    /// A page's own command, by its name: only the page that lists it acts on it.
    PageCommand(&'static str),
    /// Referral queue: accept, move to the next status, close with an outcome, withdraw.
    Accept,
    Advance,
    CloseReferral,
    Withdraw,
    /// Record the employee's consent to a referral: given, or refused.
    ConsentGiven,
    ConsentRefused,
    /// Retire a resource from the catalog.
    Retire,
    /// Bring a retired resource back into the catalog.
    Restore,
    /// Prompts: acknowledge with a note, or snooze until a day; take either back; order
    /// the list another way; show the open ones or the ones handled.
    Acknowledge,
    Snooze,
    UndoResponse,
    CycleOrder,
    ToggleHandled,
    /// Edit what is on screen (one's own check-in).
    Edit,
    /// Self-checks: start one, list one's own, skip an item, share, stop sharing, delete.
    OpenSelfCheck,
    OpenMySelfChecks,
    Skip,
    Share,
    Unshare,
    /// Delete a whole record (one's own self-check), after confirming.
    Remove,
    /// Accounts (admin): a new account, or a new SSH key; change roles; disable; reset a
    /// forgotten passphrase.
    NewItem,
    EditRoles,
    Disable,
    ResetPassphrase,
    // The terminal and time.
    Tick,
    Resize {
        width: u16,
        height: u16,
    },
    /// The result of an effect (boxed: some carry a whole record, keys carry nothing).
    Done(Box<Outcome>),
}

impl Action {
    /// Whether this came from the person at the keyboard (and so resets the idle timer).
    pub(super) fn is_input(&self) -> bool {
        !matches!(self, Action::Tick | Action::Resize { .. } | Action::Done(_))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    Unlocked {
        login: String,
        roles: Roles,
        notice: LoginNotice,
        /// The vault's idle-lock minutes (`app.lock_minutes`).
        lock_minutes: u32,
    },
    MustChoosePassphrase {
        login: String,
    },
    /// The account prefers the screen-reader mode: the app ends, and the line front end
    /// goes on with the session just unlocked.
    ContinueInReader,
    UnlockRefused(Refusal),
    /// The new passphrase could not be saved; the one-time passphrase still works.
    FirstLoginFailed(String),
    /// The new passphrase may not be chosen (why); the first login stays open.
    NewPassphraseRefused(String),
    People {
        role: Role,
        result: Result<PeopleInCare, String>,
    },
    /// Home's prompts and upper section (for its role), one's own prompts (on the employee
    /// home) and the vault's crisis lines.
    Home {
        role: Role,
        prompts: Option<Result<Vec<PromptView>, String>>,
        /// The day of the last daily rules run: prompts that began since show after the next.
        rules_last_run: Option<NaiveDate>,
        panel: Option<Result<PanelData, String>>,
        own: Option<Result<Vec<OwnPrompt>, String>>,
        crisis: Option<Vec<Resource>>,
    },
    PromptDetail(Result<PromptDetailData, String>),
    /// A prompt page read again: as it stands, or `None` if it no longer holds.
    PromptRefreshed {
        id: i64,
        result: Result<Option<PromptDetailData>, String>,
    },
    /// A prompt was acknowledged or snoozed (what to say), or why not.
    PromptHandled(Result<String, String>),
    /// One's own check-in as edited, or why it was not.
    CheckinEdited(Result<Checkin, String>),
    SelfCheckTaken(Result<SelfCheckSaved, String>),
    /// One's own self-checks, newest first.
    /// One's own self-checks, and who a share would be sealed to (login and name).
    MySelfChecks(Result<MySelfChecksPage, String>),
    /// A self-check was shared, unshared or deleted (what to say), or why not.
    SelfCheckChanged(Result<String, String>),
    Person(Result<PersonRecord, String>),
    CheckinForm(Result<CheckinStart, String>),
    CheckinSaved(Result<RecordedCheckin, String>),
    ReferralForm(Result<ReferralStart, String>),
    ReferralSaved(Result<i64, String>),
    ReferralChanged(Result<Referral, String>),
    ReferralDetail(Result<ReferralDetailData, String>),
    Resources(Result<Vec<Resource>, String>),
    /// A resource was retired (its name), or why not.
    ResourceRetired(Result<String, String>),
    /// A resource was brought back (its name), or why not.
    ResourceRestored(Result<String, String>),
    /// A page's task's answer, for the page in front.
    Delivered(Delivery),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    WrongPassphrase,
    TooSoon { wait_secs: u64 },
    Other(String),
}

/// Work for the loop: it performs the effect and feeds the result back as `Action::Done`.
#[derive(Debug)]
pub(crate) enum Effect {
    None,
    Unlock {
        login: String,
        passphrase: Passphrase,
    },
    ChoosePassphrase(Passphrase),
    AbandonFirstLogin,
    LoadPeople(Role),
    /// Home's upper section for `role` as of a day (with one's own prompts on the employee
    /// home), and the crisis lines.
    RefreshHome {
        role: Role,
        as_of: NaiveDate,
    },
    OpenPerson(String),
    /// Open a new check-in form for a person (loads the catalog for its suggestions).
    StartCheckin(String),
    SaveCheckin {
        employee_id: String,
        input: CheckinDraftInput,
    },
    StartReferral {
        employee_id: String,
        as_of: NaiveDate,
        /// Resource ids to offer before the usual suggestions (a prompt's rule's).
        suggest_first: Vec<String>,
    },
    SaveReferral(NewReferral),
    ChangeReferral {
        id: i64,
        change: Change,
        /// Why, in a few words; may be empty.
        note: String,
        on: NaiveDate,
    },
    /// One prompt's page: its rule, and the records behind it.
    OpenPrompt(Box<PromptView>),
    /// The open prompt page read again (a check-in from it may have answered it).
    RefreshPrompt {
        id: i64,
        as_of: NaiveDate,
    },
    AcknowledgePrompt {
        id: i64,
        note: String,
        on: NaiveDate,
    },
    SnoozePrompt {
        id: i64,
        until: NaiveDate,
        reason: String,
        on: NaiveDate,
    },
    /// Take back one's acknowledgement or snooze of a prompt.
    UndoPromptResponse {
        id: i64,
        on: NaiveDate,
    },
    /// Open the check-in form on one's own check-in, to change it.
    EditCheckin(i64),
    SaveCheckinEdit {
        id: i64,
        draft: CheckinDraft,
    },
    /// Score, seal and store a self-check (nothing of it is stored before this).
    TakeSelfCheck {
        instrument: String,
        answers: Vec<crate::instruments::Answer>,
        share: bool,
        contribute: bool,
        taken_on: NaiveDate,
    },
    MySelfChecks,
    ShareSelfCheck(i64),
    UnshareSelfCheck(i64),
    DeleteSelfCheck(i64),
    /// A referral's details and history.
    OpenReferral(i64),
    LoadResources {
        include_retired: bool,
    },
    RetireResource(String),
    RestoreResource(String),
    /// Drop the session (its keys zeroize on drop).
    Lock,
    /// A page's own desk call; its answer goes back to the page in front.
    Task(Task),
}

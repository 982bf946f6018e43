//! The whole TUI state, the actions that change it, and the pure `update` that applies them.
//! No I/O here: anything slow or stateful (argon2, the database) is returned as an `Effect`.

use std::any::Any;

use crate::policy;
use chrono::{NaiveDate, NaiveDateTime};
use ratatui::layout::Size;

use super::page::Page;
use super::screens::checkin_detail::CheckinDetail;
use super::screens::checkin_form::{CheckinForm, CheckinStart};
use super::screens::home::{Focus, Panel, PanelData, PeopleList};
use super::screens::modal::{Confirmed, Modal};
use super::screens::my_selfchecks::MySelfChecks;
use super::screens::own_prompts::OwnPrompt;
use super::screens::person::{PersonPage, PersonRecord};
use super::screens::prompt_detail::{PromptDetail, PromptDetailData};
use super::screens::prompts::PromptList;
use super::screens::referral_detail::{ReferralDetail, ReferralDetailData};
use super::screens::referral_form::{ReferralForm, ReferralStart};
use super::screens::resources::ResourcesPage;
use super::screens::selfcheck::{SelfCheckFlow, SelfCheckSaved};
use super::screens::{self, first_login::NewPassphraseForm, help_now, login::LoginForm};
use super::theme::Theme;
use crate::desk::{
    CheckinDraftInput, LoginNotice, MySelfChecksPage, NewReferral, PeopleInCare, PromptView,
    RecordedCheckin,
};
use crate::domain::checkin::{Checkin, CheckinDraft};
use crate::domain::referral::{Change, Referral};
use crate::domain::resources::Resource;
use crate::domain::{Role, Roles};
use crate::vault::Passphrase;

mod messages;

pub(super) use messages::{Action, Effect, Outcome, Refusal};

/// The time as the loop last read it: local time to show, Unix seconds to measure idleness
/// (wall-clock seconds keep counting while a laptop sleeps, and ignore daylight saving).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Clock {
    pub local: NaiveDateTime,
    pub unix: i64,
}

impl Clock {
    /// Today on the local calendar: the default date of a new check-in or referral.
    pub(super) fn today(&self) -> NaiveDate {
        self.local.date()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct VaultInfo {
    pub name: String,
    pub demo: bool,
}

/// Who is signed in and which of their roles the home screen shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct User {
    pub login: String,
    pub roles: Roles,
    pub role: Role,
}

impl User {
    /// The account's next role in the usual order (supervisor, mentor, coordinator, admin,
    /// employee), wrapping round.
    pub(super) fn next_role(&self) -> Role {
        let held: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| self.roles.contains(*r))
            .collect();
        let here = held.iter().position(|r| *r == self.role).unwrap_or(0);
        held.get((here + 1) % held.len().max(1))
            .copied()
            .unwrap_or(self.role)
    }

    pub(super) fn has_several_roles(&self) -> bool {
        self.roles.iter().count() > 1
    }

    /// Whether the role on screen records check-ins (with the people its list shows).
    pub(super) fn records_checkins(&self) -> bool {
        self.may(policy::Action::RecordCheckin)
    }

    /// Whether the role on screen proposes referrals (for its people, or for oneself).
    pub(super) fn proposes_referrals(&self) -> bool {
        self.may(policy::Action::ProposeReferral)
    }

    /// Whether the role on screen is shown the rules' prompts (an admin's never is).
    pub(super) fn sees_prompts(&self) -> bool {
        self.may(policy::Action::ReceivePrompts)
    }

    /// Whether the policy table grants `action` to the role on screen (in any scope).
    pub(super) fn may(&self, action: policy::Action) -> bool {
        policy::holds(&Roles::new([self.role]), action)
    }

    /// Whether the role on screen runs the engagement report, by the policy table (the desk
    /// decides on which units).
    pub(super) fn runs_reports(&self) -> bool {
        let role = Roles::new([self.role]);
        !policy::scopes(&role, policy::Action::RunReport).is_empty()
    }

    /// Whether the account takes self-checks (whatever role is on screen).
    pub(super) fn takes_self_checks(&self) -> bool {
        self.roles.contains(Role::Employee)
    }
}

/// A line for the person to read: how something went, or what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Message {
    pub text: String,
    /// A problem (drawn as an alert) rather than news.
    pub alert: bool,
}

impl Message {
    pub(super) fn calm(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            alert: false,
        }
    }

    pub(super) fn alert(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            alert: true,
        }
    }
}

/// A page over the home screen. Esc returns to the one below, as it was.
#[derive(Debug)]
pub(super) enum View {
    Person(Box<PersonPage>),
    CheckinDetail(Box<CheckinDetail>),
    CheckinForm(Box<CheckinForm>),
    ReferralForm(Box<ReferralForm>),
    ReferralDetail(Box<ReferralDetail>),
    Resources(Box<ResourcesPage>),
    PromptDetail(Box<PromptDetail>),
    SelfCheck(Box<SelfCheckFlow>),
    MySelfChecks(Box<MySelfChecks>),
    /// A page that carries its own keys, updates, data and drawing (`tui::page`).
    Page(Box<dyn Page>),
}

impl View {
    /// The page of type `T`, if this is one (`tui::page`).
    pub(super) fn page<T: Page>(&self) -> Option<&T> {
        match self {
            View::Page(page) => (page.as_ref() as &dyn Any).downcast_ref::<T>(),
            _ => None,
        }
    }

    pub(super) fn page_mut<T: Page>(&mut self) -> Option<&mut T> {
        match self {
            View::Page(page) => (page.as_mut() as &mut dyn Any).downcast_mut::<T>(),
            _ => None,
        }
    }
}

/// Everything a signed-in person works with; dropped whole when the app locks.
#[derive(Debug)]
pub(super) struct Workspace {
    pub user: User,
    pub notice: LoginNotice,
    pub people: PeopleList,
    /// Home's first section, the rules' prompts (for the roles that are shown them).
    pub prompts: Option<PromptList>,
    /// Home's upper section: Today (supervisors, mentors) or the referral queue (coordinators).
    pub panel: Panel,
    /// The rules for this person alone, on their employee home; never kept for other roles.
    pub own_prompts: Option<Result<Vec<OwnPrompt>, String>>,
    /// Which home section keys act on.
    pub focus: Focus,
    /// Pages opened over home; the last one is on screen.
    pub views: Vec<View>,
    /// A question or picker over the page (confirm a discard, choose an outcome).
    pub modal: Option<Modal>,
    /// One line about the last thing done, on whatever page is in front.
    pub message: Option<Message>,
    /// A page asked for help-now over it (the state opens it after the update).
    pub help_now_asked: bool,
    /// The person said yes to quitting (the state ends the app after the update).
    pub quit_asked: bool,
}

impl Workspace {
    pub(super) fn new(user: User, notice: LoginNotice) -> Self {
        let panel = Panel::for_role(user.role);
        let focus = Focus::initial(&panel);
        let prompts = user.sees_prompts().then(PromptList::default);
        Self {
            user,
            notice,
            people: PeopleList::loading(),
            prompts,
            panel,
            own_prompts: None,
            focus,
            views: Vec::new(),
            modal: None,
            message: None,
            help_now_asked: false,
            quit_asked: false,
        }
    }

    /// The person page in the stack, if one is open.
    pub(super) fn person_page(&self) -> Option<&PersonPage> {
        self.views.iter().rev().find_map(|v| match v {
            View::Person(page) => Some(page.as_ref()),
            _ => None,
        })
    }
}

#[derive(Debug)]
pub(super) enum Screen {
    Login(LoginForm),
    FirstLogin(NewPassphraseForm),
    Workspace(Box<Workspace>),
}

#[derive(Debug)]
pub(super) struct State {
    pub clock: Clock,
    pub size: Size,
    pub theme: Theme,
    pub vault: VaultInfo,
    /// Minutes without input before the app locks: the command line's (or 15) until someone
    /// logs in, then the vault's setting, or the command line's where that is shorter.
    pub lock_minutes: u32,
    /// `--lock-minutes`, where it was given: no vault setting keeps the app open longer.
    pub lock_ceiling: Option<u32>,
    pub last_input_unix: i64,
    pub screen: Screen,
    /// The `?` overlay listing the current screen's keys.
    pub help_open: bool,
    /// The crisis resources; they cover the screen until Esc and survive an idle lock.
    pub help_now_open: bool,
    /// What help-now lists: the seed's crisis lines until someone logs in, then the vault's
    /// catalog (where a coordinator may have filled in the agency's own numbers). Public
    /// facts, so they are kept when the app locks.
    pub crisis_lines: Vec<Resource>,
    pub quit: bool,
    /// Repaint the whole terminal on the next draw (something else wrote over it).
    pub repaint: bool,
    /// The login an SSH session is pinned to: every login form shows it, fixed.
    pub pinned_login: Option<String>,
    /// A check-in being written when the app locked, kept in memory (never on disk) for
    /// the same login to finish after unlocking; dropped if anyone else logs in or the app
    /// quits.
    pub kept_draft: Option<KeptDraft>,
}

/// An unsaved check-in form and whose it was.
#[derive(Debug)]
pub(super) struct KeptDraft {
    pub login: String,
    pub form: Box<CheckinForm>,
}

impl State {
    /// A fresh app at the login screen. A zero lock time would mean "never"; the app always
    /// locks, so it counts as one minute.
    pub(super) fn new(
        vault: VaultInfo,
        lock_minutes: u32,
        theme: Theme,
        clock: Clock,
        size: Size,
    ) -> Self {
        Self {
            clock,
            size,
            theme,
            vault,
            lock_minutes: lock_minutes.max(1),
            lock_ceiling: None,
            last_input_unix: clock.unix,
            screen: Screen::Login(LoginForm::default()),
            help_open: false,
            help_now_open: false,
            crisis_lines: help_now::seed_lines(),
            quit: false,
            repaint: false,
            pinned_login: None,
            kept_draft: None,
        }
    }

    /// Pins every login form from now on to `login` (an SSH session's).
    pub(super) fn pin_login(&mut self, login: Option<String>) {
        self.pinned_login = login;
        if let Screen::Login(form) = &mut self.screen {
            *form = std::mem::take(form).pinned_to(self.pinned_login.as_deref());
        }
    }

    pub(super) fn signed_in(&self) -> bool {
        !matches!(self.screen, Screen::Login(_))
    }

    /// Seconds until the idle lock, while someone is signed in.
    pub(super) fn lock_in_secs(&self) -> Option<i64> {
        if !self.signed_in() {
            return None;
        }
        let idle = (self.clock.unix - self.last_input_unix).max(0);
        Some((i64::from(self.lock_minutes) * 60 - idle).max(0))
    }
}

/// Why the app is back at the login screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum LockReason {
    Idle,
    Asked,
}

pub(super) fn update(state: &mut State, action: Action) -> Effect {
    match action {
        Action::Tick => return lock_if_idle(state).unwrap_or(Effect::None),
        Action::Resize { width, height } => {
            state.size = Size::new(width, height);
            screens::home::keep_selection_visible(state);
            return Effect::None;
        }
        Action::Done(outcome) => return apply(state, *outcome),
        _ => {}
    }
    // A key pressed after the lock time (say, on waking a laptop) locks rather than acts.
    if let Some(locked) = lock_if_idle(state) {
        return locked;
    }
    if action.is_input() {
        state.last_input_unix = state.clock.unix;
    }
    match action {
        // At home, `q` asks first (pages bind it to going back); before login, or with
        // Ctrl-C, there is nothing to ask about.
        Action::Quit if at_home(state) => {
            if let Screen::Workspace(ws) = &mut state.screen {
                ws.modal = Some(Modal::confirm(
                    "Quit steady? Everything you saved is kept.".into(),
                    "quit",
                    Confirmed::Quit,
                ));
            }
            Effect::None
        }
        Action::Quit | Action::QuitNow => {
            state.quit = true;
            Effect::None
        }
        Action::Repaint => {
            state.repaint = true;
            Effect::None
        }
        // From anywhere once signed in, overlays included.
        Action::LockNow => lock(state, LockReason::Asked),
        Action::OpenHelpNow => {
            state.help_open = false;
            state.help_now_open = true;
            Effect::None
        }
        Action::ToggleHelp => {
            state.help_open = !state.help_open;
            Effect::None
        }
        Action::Back if state.help_open => {
            state.help_open = false;
            Effect::None
        }
        _ if state.help_open => Effect::None,
        Action::Back if state.help_now_open => {
            state.help_now_open = false;
            Effect::None
        }
        _ if state.help_now_open => Effect::None,
        action => screens::update(state, action),
    }
}

fn lock_if_idle(state: &mut State) -> Option<Effect> {
    let idle = state.clock.unix - state.last_input_unix;
    if let Screen::Login(form) = &mut state.screen
        && idle >= i64::from(state.lock_minutes) * 60
        && !form.busy
    {
        // A passphrase typed and walked away from is not left on a shared screen either.
        form.passphrase.clear();
    }
    match state.lock_in_secs() {
        Some(0) => Some(lock(state, LockReason::Idle)),
        _ => None,
    }
}

/// Signed in, at home, with nothing over it.
fn at_home(state: &State) -> bool {
    matches!(&state.screen, Screen::Workspace(ws) if ws.views.is_empty() && ws.modal.is_none())
        && !state.help_open
        && !state.help_now_open
}

/// Back to an empty login form; the workspace (and with it every name on screen) is dropped
/// here, the session by the loop. Help-now stays open if it was: it holds nothing private.
fn lock(state: &mut State, reason: LockReason) -> Effect {
    if !state.signed_in() {
        return Effect::None;
    }
    let locked = Screen::Login(
        LoginForm::locked(reason, state.lock_minutes).pinned_to(state.pinned_login.as_deref()),
    );
    if let Screen::Workspace(ws) = std::mem::replace(&mut state.screen, locked) {
        let ws = *ws;
        // The topmost check-in with something written and not yet saved is kept for its
        // author; the rest of the workspace (every name on screen) goes.
        let draft = ws.views.into_iter().rev().find_map(|view| match view {
            View::CheckinForm(form) if form.changed() && form.saved.is_none() => Some(form),
            _ => None,
        });
        state.kept_draft = draft.map(|mut form| {
            form.busy = false;
            KeptDraft {
                login: ws.user.login,
                form,
            }
        });
        if state.kept_draft.is_some()
            && let Screen::Login(form) = &mut state.screen
        {
            form.draft_kept = true;
        }
    }
    state.help_open = false;
    Effect::Lock
}

fn apply(state: &mut State, outcome: Outcome) -> Effect {
    match outcome {
        Outcome::ContinueInReader => {
            state.quit = true;
            Effect::None
        }
        Outcome::Unlocked {
            login,
            roles,
            notice,
            lock_minutes,
        } => {
            state.lock_minutes = state
                .lock_ceiling
                .map_or(lock_minutes, |ceiling| ceiling.min(lock_minutes))
                .max(1);
            let role = roles.primary();
            let kept = state.kept_draft.take().filter(|kept| kept.login == login);
            let user = User { login, roles, role };
            let mut ws = Workspace::new(user, notice);
            if let Some(kept) = kept {
                ws.message = Some(Message::calm(format!(
                    "Your unsaved check-in with {} was kept while the app was locked: finish it, or Esc to discard it.",
                    crate::domain::text::sanitize(&kept.form.person.name)
                )));
                ws.views.push(View::CheckinForm(kept.form));
            }
            state.screen = Screen::Workspace(Box::new(ws));
            state.last_input_unix = state.clock.unix;
            Effect::LoadPeople(role)
        }
        Outcome::MustChoosePassphrase { login } => {
            state.screen = Screen::FirstLogin(NewPassphraseForm::new(login));
            state.last_input_unix = state.clock.unix;
            Effect::None
        }
        Outcome::UnlockRefused(refusal) => {
            if let Screen::Login(form) = &mut state.screen {
                form.refused(refusal, state.clock.unix);
            }
            Effect::None
        }
        Outcome::NewPassphraseRefused(reason) => {
            if let Screen::FirstLogin(form) = &mut state.screen {
                form.refused(&reason);
            }
            Effect::None
        }
        Outcome::FirstLoginFailed(message) => {
            state.screen = Screen::Login(
                LoginForm::with_problem(message).pinned_to(state.pinned_login.as_deref()),
            );
            Effect::None
        }
        Outcome::People { role, result } => {
            let mut next = Effect::None;
            if let Screen::Workspace(ws) = &mut state.screen
                && ws.user.role == role
            {
                ws.people.load(result);
                next = Effect::RefreshHome {
                    role,
                    as_of: state.clock.today(),
                };
            }
            screens::home::keep_selection_visible(state);
            next
        }
        other => screens::apply(state, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    pub(crate) fn clock(unix: i64) -> Clock {
        let local = NaiveDate::from_ymd_opt(2026, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 41, 0))
            .unwrap();
        Clock {
            local: local + chrono::Duration::seconds(unix - 1_000_000),
            unix,
        }
    }

    fn signed_in(roles: &[Role]) -> State {
        let mut state = State::new(
            VaultInfo {
                name: "Test vault".into(),
                demo: false,
            },
            15,
            Theme::MONOCHROME,
            clock(1_000_000),
            Size::new(80, 24),
        );
        let effect = update(
            &mut state,
            Action::Done(Box::new(Outcome::Unlocked {
                login: "ana".into(),
                roles: Roles::new(roles.iter().copied()),
                notice: LoginNotice::default(),
                lock_minutes: 15,
            })),
        );
        assert!(
            matches!(effect, Effect::LoadPeople(r) if r == Roles::new(roles.iter().copied()).primary())
        );
        state
    }

    #[test]
    fn the_vault_sets_the_lock_after_login_and_a_shorter_command_line_still_wins() {
        for (ceiling, vault, expected) in [
            (None, 5, 5),
            (None, 45, 45),
            (Some(3), 5, 3),
            (Some(30), 5, 5),
        ] {
            let mut state = State::new(
                VaultInfo {
                    name: "Test vault".into(),
                    demo: false,
                },
                ceiling.unwrap_or(15),
                Theme::MONOCHROME,
                clock(1_000_000),
                Size::new(80, 24),
            );
            state.lock_ceiling = ceiling;
            update(
                &mut state,
                Action::Done(Box::new(Outcome::Unlocked {
                    login: "ana".into(),
                    roles: Roles::new([Role::Employee]),
                    notice: LoginNotice::default(),
                    lock_minutes: vault,
                })),
            );
            assert_eq!(state.lock_minutes, expected, "{ceiling:?}, {vault}");
        }
    }

    #[test]
    fn idle_lock_returns_to_login_after_the_set_minutes() {
        let mut state = signed_in(&[Role::Supervisor, Role::Employee]);
        state.clock = clock(1_000_000 + 14 * 60 + 59);
        assert!(matches!(update(&mut state, Action::Tick), Effect::None));
        assert_eq!(state.lock_in_secs(), Some(1));
        state.clock = clock(1_000_000 + 15 * 60);
        assert!(matches!(update(&mut state, Action::Tick), Effect::Lock));
        let Screen::Login(form) = &state.screen else {
            panic!("not at login: {:?}", state.screen);
        };
        assert_eq!(
            form.login, "",
            "the lock screen does not say who was signed in"
        );
        assert_eq!(state.lock_in_secs(), None);
    }

    #[test]
    fn input_resets_the_idle_timer_and_a_late_key_locks_instead_of_acting() {
        let mut state = signed_in(&[Role::Admin]);
        state.clock = clock(1_000_000 + 10 * 60);
        update(&mut state, Action::Down);
        assert_eq!(state.lock_in_secs(), Some(15 * 60));
        state.clock = clock(1_000_000 + 60 * 60);
        assert!(matches!(update(&mut state, Action::Quit), Effect::Lock));
        assert!(!state.quit);
    }

    #[test]
    fn help_now_survives_the_idle_lock_but_the_keys_overlay_does_not() {
        let mut state = signed_in(&[Role::Admin]);
        update(&mut state, Action::OpenHelpNow);
        state.clock = clock(1_000_000 + 15 * 60);
        assert!(matches!(update(&mut state, Action::Tick), Effect::Lock));
        assert!(state.help_now_open);
        update(&mut state, Action::Back);
        assert!(!state.help_now_open);
        assert!(matches!(state.screen, Screen::Login(_)));
    }

    #[test]
    fn a_passphrase_left_typed_at_the_login_screen_is_cleared_after_the_lock_time() {
        let mut state = State::new(
            VaultInfo {
                name: "Test vault".into(),
                demo: false,
            },
            15,
            Theme::MONOCHROME,
            clock(1_000_000),
            Size::new(80, 24),
        );
        update(&mut state, Action::NextField);
        update(&mut state, Action::Type('x'));
        state.clock = clock(1_000_000 + 14 * 60);
        update(&mut state, Action::Tick);
        let Screen::Login(form) = &state.screen else {
            panic!("not at login")
        };
        assert!(!form.passphrase.is_empty());
        state.clock = clock(1_000_000 + 15 * 60);
        update(&mut state, Action::Tick);
        let Screen::Login(form) = &state.screen else {
            panic!("not at login")
        };
        assert!(form.passphrase.is_empty());
    }

    #[test]
    fn ctrl_l_asks_for_a_full_repaint_even_over_the_overlay() {
        let mut state = signed_in(&[Role::Admin]);
        update(&mut state, Action::ToggleHelp);
        update(&mut state, Action::Repaint);
        assert!(state.repaint);
        assert!(state.help_open);
    }

    #[test]
    fn the_report_is_for_coordinators_admins_and_supervisors_in_that_role() {
        for (role, runs) in [
            (Role::Coordinator, true),
            (Role::Admin, true),
            (Role::Supervisor, true),
            (Role::Mentor, false),
            (Role::Employee, false),
        ] {
            let user = User {
                login: "ana".into(),
                roles: Roles::new(Role::ALL),
                role,
            };
            assert_eq!(user.runs_reports(), runs, "{role}");
        }
    }

    #[test]
    fn roles_cycle_in_the_usual_order() {
        let mut user = User {
            login: "ana".into(),
            roles: Roles::new([Role::Employee, Role::Mentor, Role::Supervisor]),
            role: Role::Supervisor,
        };
        let mut seen = Vec::new();
        for _ in 0..3 {
            user.role = user.next_role();
            seen.push(user.role);
        }
        assert_eq!(seen, [Role::Mentor, Role::Employee, Role::Supervisor]);
    }
}

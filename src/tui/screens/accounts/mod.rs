//! Accounts, for admins: every account with its person, roles, state and SSH keys, filtered
//! by words; from here a new account, roles, SSH keys, disabling and a passphrase reset,
//! each one desk call (the desk checks policy and audits). The pages it opens are beside it.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::desk::{AccountView, NewAccount};
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{BACKSPACE, CLEAR_FIELD, Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::page::{Deferred, Delivery, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

mod add;
mod keys;
mod one_time;
mod roles;

#[cfg(test)]
mod tests;

pub(crate) use add::AddAccount;
pub(crate) use one_time::OneTime;
pub(crate) use roles::EditRoles;

/// Home's key for this page (offered to the admin role alone).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('A')],
    "accounts",
    Action::OpenPage(Opener {
        name: "accounts",
        offered: |user| user.may(policy::Action::ManageAccounts),
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(Accounts::default())))
        },
    }),
);

const READ: &str = "accounts";
const DISABLE: &str = "disable an account";
const RESET: &str = "reset a passphrase";

/// The roles an admin gives from the app, in the order they are offered.
pub(crate) const ROLES: [crate::domain::Role; 5] = [
    crate::domain::Role::Admin,
    crate::domain::Role::Supervisor,
    crate::domain::Role::Mentor,
    crate::domain::Role::Coordinator,
    crate::domain::Role::Employee,
];

/// What the list asks the desk for; also what a page opened from here asks for when it
/// closes, so the list shows what changed.
pub(crate) fn load() -> Task {
    Task::read(READ, |session| session.account_overview())
}

/// A change to an account that is asked about first (run by `modal::Confirmed::Run`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AccountChange {
    Disable { login: String },
    Reset { login: String },
    RemoveKey { login: String, fingerprint: String },
}

/// The desk call a "yes" makes; its answer comes back to the page that asked.
pub(crate) fn confirmed(change: AccountChange) -> Task {
    match change {
        AccountChange::Disable { login } => Task::write(DISABLE, move |session| {
            session.disable_account(&login).map(|()| login)
        }),
        AccountChange::Reset { login } => {
            Task::write(RESET, move |session| session.reset_passphrase(&login))
        }
        AccountChange::RemoveKey { login, fingerprint } => keys::remove(login, fingerprint),
    }
}

/// The account's state in a word or three; "first login" where the column is narrow.
fn status(account: &AccountView, short: bool) -> &'static str {
    match account.state() {
        "awaiting first login" if short => "first login",
        state => state,
    }
}

/// "Blackwood, Teodoro (E2)", the employee id alone if the roster lacks them, or "—".
fn person_words(account: &AccountView) -> String {
    match (&account.name, &account.person_id) {
        (Some(name), Some(id)) => format!("{} ({})", sanitize(name), sanitize(id)),
        (None, Some(id)) => format!("{} (not on the roster)", sanitize(id)),
        _ => "—".into(),
    }
}

#[derive(Debug, Default)]
pub(crate) struct Accounts {
    accounts: Loaded<Vec<AccountView>>,
    /// Indices into the list that match the filter, in login order.
    shown: Vec<usize>,
    filter: String,
    /// Keys go into the filter (after `/`, until Enter or Esc).
    typing: bool,
    cursor: ListCursor,
}

impl Accounts {
    fn list(&self) -> &[AccountView] {
        self.accounts.ready().map_or(&[], Vec::as_slice)
    }

    fn selected(&self) -> Option<&AccountView> {
        self.shown
            .get(self.cursor.selected)
            .and_then(|&i| self.list().get(i))
    }

    /// Every word typed must appear in the login, the name, the id, the roles or the state,
    /// in any order ("olga black" finds "Blackwood, Olga").
    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        let words: Vec<&str> = needle.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        self.shown = self
            .list()
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                let hay = format!(
                    "{}\n{}\n{}\n{}\n{}",
                    a.login,
                    a.name.as_deref().unwrap_or_default(),
                    a.person_id.as_deref().unwrap_or_default(),
                    a.roles,
                    a.state()
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .map(|(i, _)| i)
            .collect();
        self.cursor.clamp(self.shown.len());
    }

    /// Whether the selected account may be changed by `user` (active, and not their own
    /// where the change is one no one makes to themself).
    fn selected_active(&self) -> bool {
        self.selected().is_some_and(|a| !a.disabled)
    }

    fn selected_other(&self, user: &User) -> bool {
        self.selected()
            .is_some_and(|a| !a.disabled && a.login != user.login)
    }
}

static SSH_KEYS: Command = Command::new(&[Key::code(KeyCode::Enter)], "SSH keys", Action::Open);
static NEW: Command = Command::new(&[Key::ch('n')], "new", Action::NewItem);
static ROLES_KEY: Command = Command::new(&[Key::ch('r')], "roles", Action::EditRoles);
static DISABLE_KEY: Command = Command::new(&[Key::ch('d')], "disable", Action::Disable);
static RESET_KEY: Command =
    Command::new(&[Key::ch('R')], "reset passphrase", Action::ResetPassphrase);
static FILTER: Command = Command::new(&[Key::ch('/')], "filter", Action::StartFilter);
const CLEAR: Command = Command::new(
    &[Key::code(KeyCode::Esc)],
    "clear filter",
    Action::ClearFilter,
);
static CLEAR_KEY: Command = CLEAR;
static BACK: Command = list::BACK;
static FILTERING: [Command; 6] = [
    Command::new(
        &[Key::code(KeyCode::Enter)],
        "keep filter",
        Action::FinishFilter,
    ),
    CLEAR,
    Command::quiet(&[Key::code(KeyCode::Down)], "next", Action::Down),
    Command::quiet(&[Key::code(KeyCode::Up)], "previous", Action::Up),
    BACKSPACE,
    CLEAR_FIELD,
];

/// Where the accounts are listed: below the title, a blank line and the header.
fn rows(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(3),
        height: area.height.saturating_sub(3),
        ..area
    }
}

impl Page for Accounts {
    fn commands(&self, user: &User) -> Vec<&'static Command> {
        if self.typing {
            return FILTERING.iter().collect();
        }
        let mut out: Vec<&'static Command> = Vec::new();
        if self.selected().is_some() {
            out.push(&SSH_KEYS);
        }
        out.push(&NEW);
        if self.selected_active() {
            out.push(&ROLES_KEY);
        }
        if self.selected_other(user) {
            out.push(&DISABLE_KEY);
            out.push(&RESET_KEY);
        }
        out.push(&FILTER);
        // Esc clears a filter first, then goes back.
        out.push(if self.filter.is_empty() {
            &BACK
        } else {
            &CLEAR_KEY
        });
        out.extend(list::LIST_MOVES.iter());
        out
    }

    fn field(&self) -> Option<Field> {
        self.typing.then_some(Field::Filter)
    }

    fn update(&mut self, action: Action, ctx: &Ctx, user: &User) -> Reply {
        let area = rows(ctx.page);
        let len = self.shown.len();
        if self.typing {
            match action {
                Action::Type(c) => self.filter.push(c),
                Action::Backspace => {
                    self.filter.pop();
                }
                Action::ClearField => self.filter.clear(),
                Action::FinishFilter => self.typing = false,
                Action::ClearFilter => {
                    self.typing = false;
                    self.filter.clear();
                }
                action => {
                    self.cursor.navigate(&action, len, usize::from(area.height));
                    return Reply::none();
                }
            }
            self.refilter();
            return Reply::none();
        }
        if self.cursor.navigate(&action, len, usize::from(area.height)) {
            return Reply::none();
        }
        let selected = self.selected().cloned();
        match (action, selected) {
            (Action::Back, _) => Reply::back(),
            (Action::StartFilter, _) => {
                self.typing = true;
                Reply::none()
            }
            (Action::ClearFilter, _) => {
                self.filter.clear();
                self.refilter();
                Reply::none()
            }
            (Action::Click { column, row }, _) if area.contains(Position::new(column, row)) => {
                self.cursor.select_row(usize::from(row - area.y), len);
                Reply::none()
            }
            (Action::NewItem, _) => Reply::push(View::Page(Box::new(AddAccount::default()))),
            (Action::Open, Some(account)) => keys::open(&account),
            (Action::EditRoles, Some(account)) if !account.disabled => {
                Reply::push(View::Page(Box::new(EditRoles::new(&account))))
            }
            (Action::Disable, Some(account))
                if !account.disabled && account.login != user.login =>
            {
                Reply::modal(Modal::confirm(
                    format!(
                        "Disable {}? They can no longer log in, and their SSH keys are removed. Rekey afterwards (U, then K) so a copied key stops working.",
                        account.login
                    ),
                    "disable",
                    Confirmed::Run(Deferred::new(confirmed(AccountChange::Disable {
                        login: account.login,
                    }))),
                ))
            }
            (Action::ResetPassphrase, Some(account))
                if !account.disabled && account.login != user.login =>
            {
                Reply::modal(Modal::confirm(
                    format!(
                        "Reset {}'s passphrase? Their self-checks that were not shared were sealed to their old key and cannot be recovered; shared ones stay readable by coordinators. They get a new one-time passphrase and choose their own at their next login.",
                        account.login
                    ),
                    "reset",
                    Confirmed::Run(Deferred::new(confirmed(AccountChange::Reset {
                        login: account.login,
                    }))),
                ))
            }
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<Vec<AccountView>>() {
                    self.accounts = Loaded::from(result);
                    self.refilter();
                }
                Reply::none()
            }
            DISABLE => match delivery.take::<String>() {
                Some(Ok(login)) => Reply {
                    effect: Effect::Task(load()),
                    message: Some(Message::calm(format!(
                        "{login} is disabled; rekey (U, then K) so a copied key stops working."
                    ))),
                    ..Reply::none()
                },
                Some(Err(problem)) => Reply::say(Message::alert(widgets::sentence(&problem))),
                None => Reply::none(),
            },
            RESET => match delivery.take::<NewAccount>() {
                Some(Ok(reset)) => Reply::push(View::Page(Box::new(OneTime::after_reset(reset)))),
                Some(Err(problem)) => Reply::say(Message::alert(widgets::sentence(&problem))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool) {
        let theme = state.theme;
        let width = usize::from(area.width);
        let total = self.list().len();
        let title = if self.filter.is_empty() {
            format!("Accounts ({})", widgets::thousands(total))
        } else {
            format!(
                "Accounts ({} of {}) · filter: {}",
                widgets::thousands(self.shown.len()),
                widgets::thousands(total),
                sanitize(&self.filter)
            )
        };
        frame.render_widget(
            Line::styled(
                widgets::truncate(&title, width),
                theme.style(Meaning::Title),
            ),
            area,
        );
        if self.typing && typing {
            let x = u16::try_from(title.chars().count().min(width)).unwrap_or(u16::MAX);
            frame.set_cursor_position(Position::new(area.x.saturating_add(x), area.y));
        }
        let rows = rows(area);
        let list = match &self.accounts {
            Loaded::Loading => {
                frame.render_widget(Line::styled("Loading…", theme.style(Meaning::Muted)), rows);
                return;
            }
            Loaded::Failed(reason) => {
                let text = format!("The accounts could not be read: {}", sanitize(reason));
                let lines: Vec<Line> = widgets::wrap_words(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.style(Meaning::Alert)))
                    .collect();
                frame.render_widget(Paragraph::new(lines), rows);
                return;
            }
            Loaded::Ready(list) => list,
        };
        // Login, keys and status take what they need; roles up to half of the rest, and
        // the person what is left, up to the longest name.
        let longest = |f: &dyn Fn(&AccountView) -> usize, floor: usize| {
            list.iter().map(f).max().unwrap_or(0).max(floor)
        };
        let short = width < 100;
        let login_w = longest(&|a| a.login.chars().count(), 5).min(20);
        let keys_w = 4;
        let state_w = longest(&|a| status(a, short).chars().count(), 6);
        let rest = width.saturating_sub(2 + login_w + keys_w + state_w + 4);
        // A narrow window (a magnifier) keeps login, roles and status; the person and the
        // keys are on the account's own screens.
        let narrow = rest < 16;
        let (roles_w, person_w) = if narrow {
            (width.saturating_sub(2 + login_w + state_w + 2), 0)
        } else {
            let roles_w = longest(&|a| a.roles.to_string().len(), 5).min(rest / 2);
            // Never wider than the longest name: the columns stay together at 120.
            let person_w =
                longest(&|a| person_words(a).chars().count(), 6).min(rest.saturating_sub(roles_w));
            (roles_w, person_w)
        };
        let row = |login: &str, person: &str, roles: &str, keys: &str, status: &str| {
            if narrow {
                format!(
                    "{} {} {}",
                    widgets::fit(login, login_w),
                    widgets::fit(roles, roles_w),
                    status
                )
            } else {
                format!(
                    "{} {} {} {keys:>keys_w$} {status}",
                    widgets::fit(login, login_w),
                    widgets::fit(person, person_w),
                    widgets::fit(roles, roles_w),
                )
            }
        };
        let header = format!("  {}", row("Login", "Person", "Roles", "Keys", "Status"));
        frame.render_widget(
            Line::styled(
                widgets::truncate(&header, width),
                theme.style(Meaning::Muted),
            ),
            Rect {
                y: area.y.saturating_add(2),
                height: 1,
                ..area
            },
        );
        if self.shown.is_empty() {
            let words = if list.is_empty() {
                "No accounts yet."
            } else {
                "No account matches the filter."
            };
            frame.render_widget(Line::styled(words, theme.style(Meaning::Muted)), rows);
            return;
        }
        let mut lines = Vec::new();
        for i in self
            .cursor
            .window(self.shown.len(), usize::from(rows.height))
        {
            let account = &list[self.shown[i]];
            let selected = i == self.cursor.selected;
            let line = format!(
                "{}{}",
                if selected { "▶ " } else { "  " },
                row(
                    &account.login,
                    &person_words(account),
                    &account.roles.to_string(),
                    &account.ssh_keys.to_string(),
                    status(account, short)
                )
            );
            let meaning = if selected {
                Meaning::Selected
            } else if account.disabled {
                Meaning::Muted
            } else {
                Meaning::Text
            };
            lines.push(Line::styled(
                widgets::fit(&line, width),
                theme.style(meaning),
            ));
        }
        frame.render_widget(Paragraph::new(lines), rows);
    }
}

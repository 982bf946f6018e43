//! The coordinator's referral queue on home and the moves made on a referral. The desk decides
//! what is allowed and says why not; this only asks.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::modal::{self, Modal, OutcomePicker};
use super::{Ctx, Reply};
use crate::desk::{InboxCount, QueueItem};
use crate::domain::referral::{Change, Consent, QueueMark, Referral, Status};
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list::ListCursor;
use crate::tui::page::Loaded;
use crate::tui::record::{status_words, urgency_symbol};
use crate::tui::state::{Action, Effect, State};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

#[derive(Debug, Default)]
pub(crate) struct QueueList {
    /// `None` until the first load.
    items: Loaded<Vec<QueueItem>>,
    pub cursor: ListCursor,
    /// How many self-checks are shared with this coordinator (and new to them), for the
    /// heading; `None` for a role that does not read them.
    pub inbox: Option<InboxCount>,
}

impl QueueList {
    pub(crate) fn load(&mut self, items: Result<Vec<QueueItem>, String>) {
        // After a change the same referral stays selected, wherever it moved to.
        let keep = self.selected().map(|i| i.referral.id);
        self.items = Loaded::from(items);
        if let (Some(id), Loaded::Ready(items)) = (keep, &self.items)
            && let Some(at) = items.iter().position(|i| i.referral.id == id)
        {
            self.cursor.selected = at;
        }
        self.cursor.clamp(self.len());
    }

    pub(crate) fn len(&self) -> usize {
        match &self.items {
            Loaded::Ready(items) => items.len(),
            _ => 0,
        }
    }

    pub(crate) fn keep_visible(&mut self, rows: usize) {
        let len = self.len();
        self.cursor.keep_visible(len, rows);
    }

    pub(crate) fn selected(&self) -> Option<&QueueItem> {
        match &self.items {
            Loaded::Ready(items) => items.get(self.cursor.selected),
            _ => None,
        }
    }
}

static OPEN: Command = Command::new(&[Key::code(KeyCode::Enter)], "open", Action::Open);
static ACCEPT: Command = Command::new(&[Key::ch('a')], "accept", Action::Accept);
static TO_CONTACTED: Command = Command::new(&[Key::ch('n')], "mark contacted", Action::Advance);
static TO_IN_PROGRESS: Command = Command::new(&[Key::ch('n')], "mark in progress", Action::Advance);
static CLOSE: Command = Command::new(&[Key::ch('o')], "close with outcome", Action::CloseReferral);
static WITHDRAW: Command = Command::new(&[Key::ch('w')], "withdraw", Action::Withdraw);
static CONSENT_GIVEN: Command =
    Command::new(&[Key::ch('y')], "consent given", Action::ConsentGiven);
static CONSENT_REFUSED: Command =
    Command::new(&[Key::ch('d')], "consent refused", Action::ConsentRefused);

/// The moves `referral` may make now, by name, as the lifecycle allows them (`Status::next`):
/// "accept" only while proposed with consent, "mark contacted" once accepted; none once it is
/// closed or withdrawn. `consent` adds the consent keys, each only where it would change
/// something; `work` the coordinator's status moves; `withdraw` withdrawing.
pub(crate) fn lifecycle_commands(
    referral: &Referral,
    work: bool,
    consent: bool,
    withdraw: bool,
) -> Vec<&'static Command> {
    let next = referral.status.next();
    let mut out: Vec<&'static Command> = Vec::new();
    if consent && referral.status.is_open() {
        if referral.consent != Consent::Given {
            out.push(&CONSENT_GIVEN);
        }
        if referral.consent != Consent::Refused {
            out.push(&CONSENT_REFUSED);
        }
    }
    if work {
        // Acceptance waits for the employee's consent (the desk would refuse it).
        if next.contains(&Status::Accepted) && referral.consent == Consent::Given {
            out.push(&ACCEPT);
        }
        match next_status(referral.status) {
            Some(Status::Contacted) => out.push(&TO_CONTACTED),
            Some(Status::InProgress) => out.push(&TO_IN_PROGRESS),
            _ => {}
        }
        if next.contains(&Status::Closed) {
            out.push(&CLOSE);
        }
    }
    if withdraw && next.contains(&Status::Withdrawn) {
        out.push(&WITHDRAW);
    }
    out
}

/// The queue's keys for the selected referral, in the footer's order.
pub(crate) fn commands(list: &QueueList) -> Vec<&'static Command> {
    let mut out = Vec::new();
    if let Some(item) = list.selected() {
        out.push(&OPEN);
        out.extend(lifecycle_commands(&item.referral, true, false, true));
    }
    out
}

/// The status `n` moves a referral to, where it is the next step on: contacted once
/// accepted, in progress once contacted. Acceptance (`a`) and closing (`o`) have keys of
/// their own.
pub(crate) fn next_status(status: Status) -> Option<Status> {
    match status {
        Status::Accepted => Some(Status::Contacted),
        Status::Contacted => Some(Status::InProgress),
        Status::Proposed | Status::InProgress | Status::Closed | Status::Withdrawn => None,
    }
}

/// What a coordinator's key does to `referral`: a change for the desk, or a question first.
/// A status change asks for a short note (Enter alone leaves none).
pub(crate) fn act(
    referral: &Referral,
    resource: &str,
    action: &Action,
    ctx: &Ctx,
) -> Option<Reply> {
    let change = |status: Status| {
        Reply::modal(modal::referral_note(
            referral.id,
            format!(
                "Referral {} ({}, {}): {} → {}. A short note, if it helps (optional):",
                referral.id,
                sanitize(&referral.employee_id),
                sanitize(resource),
                status_words(referral.status),
                status_words(status)
            ),
            "save",
            Change {
                status: Some(status),
                ..Change::default()
            },
        ))
    };
    let close = || Reply::modal(Modal::Outcome(OutcomePicker::new(referral.id)));
    Some(match action {
        Action::Accept => change(Status::Accepted),
        // Offered only where there is a next step (`lifecycle_commands`).
        Action::Advance => change(next_status(referral.status)?),
        Action::CloseReferral => close(),
        Action::ConsentGiven | Action::ConsentRefused => Reply::from(Effect::ChangeReferral {
            id: referral.id,
            change: Change {
                consent: Some(if *action == Action::ConsentGiven {
                    Consent::Given
                } else {
                    Consent::Refused
                }),
                ..Change::default()
            },
            note: String::new(),
            on: ctx.today,
        }),
        Action::Withdraw => Reply::modal(modal::referral_note(
            referral.id,
            format!(
                "Withdraw referral {} ({}, {})? The employee's record keeps its history. A short note, if it helps (optional):",
                referral.id,
                sanitize(&referral.employee_id),
                sanitize(resource)
            ),
            "withdraw",
            Change {
                status: Some(Status::Withdrawn),
                ..Change::default()
            },
        )),
        _ => return None,
    })
}

pub(crate) fn update(list: &mut QueueList, action: Action, rows: Rect, ctx: &Ctx) -> Reply {
    let len = list.len();
    let height = usize::from(rows.height);
    if list.cursor.navigate(&action, len, height) {
        return Reply::none();
    }
    if let Action::Click { column, row } = action
        && rows.contains(Position::new(column, row))
    {
        list.cursor.select_row(usize::from(row - rows.y), len);
        return Reply::none();
    }
    let Some(item) = list.selected() else {
        return Reply::none();
    };
    if action == Action::Open {
        return Effect::OpenReferral(item.referral.id).into();
    }
    act(&item.referral, &item.resource_name, &action, ctx).unwrap_or_else(Reply::none)
}

pub(crate) fn mark_word(mark: QueueMark) -> &'static str {
    match mark {
        QueueMark::Overdue => "overdue",
        QueueMark::Stalled => "stalled",
        QueueMark::NotReady => "(not ready)",
        QueueMark::OnTrack => "",
    }
}

/// "● 6 d  proposed     Okafor, Rita      EAP        consent given    overdue": the person
/// by name (their employee id where they are not on the roster).
pub(crate) fn row_text(item: &QueueItem, today: NaiveDate, width: usize) -> String {
    let r = &item.referral;
    let age = (today - r.created_on).num_days().max(0);
    // Symbol and age 9, status 12, person 16, a space, consent 16, mark 11.
    let fixed = 9 + 12 + 16 + 1 + 16 + 11;
    let resource_w = width.saturating_sub(fixed).max(8);
    let name = if item.resource_name.is_empty() {
        sanitize(&r.resource_id)
    } else {
        sanitize(&item.resource_name)
    };
    format!(
        "{} {:>3} d  {} {} {} {} {}",
        urgency_symbol(r.urgency),
        age,
        widgets::fit(status_words(r.status), 11),
        widgets::fit(
            &sanitize(item.person_name.as_deref().unwrap_or(&r.employee_id)),
            15
        ),
        widgets::fit(&name, resource_w),
        widgets::fit(&format!("consent {}", r.consent), 15),
        mark_word(item.mark)
    )
}

pub(crate) fn render(
    frame: &mut Frame,
    (heading, rows): (Rect, Rect),
    state: &State,
    list: &QueueList,
    focused: bool,
) {
    let theme = state.theme;
    let title = match &list.items {
        Loaded::Ready(items) => format!("Referrals waiting ({})", widgets::thousands(items.len())),
        _ => "Referrals waiting".into(),
    };
    frame.render_widget(Line::styled(title, theme.style(Meaning::Title)), heading);
    if !focused {
        super::home::tab_here(frame, heading, theme);
    }
    let width = usize::from(rows.width);
    let note = |text: &str, meaning: Meaning| {
        Paragraph::new(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.style(meaning)))
                .collect::<Vec<_>>(),
        )
    };
    let items = match &list.items {
        Loaded::Loading => return frame.render_widget(note("Loading…", Meaning::Muted), rows),
        Loaded::Failed(e) => {
            return frame.render_widget(note(&widgets::sentence(e), Meaning::Alert), rows);
        }
        Loaded::Ready(items) if items.is_empty() => {
            return frame.render_widget(
                note(
                    "No referrals are waiting. New ones appear here.",
                    Meaning::Muted,
                ),
                rows,
            );
        }
        Loaded::Ready(items) => items,
    };
    let today = state.clock.today();
    let inner = width.saturating_sub(2);
    let shown: Vec<Line> = list
        .cursor
        .window(items.len(), usize::from(rows.height))
        .map(|i| {
            let item = &items[i];
            let selected = focused && i == list.cursor.selected;
            let marker = if selected { "▶ " } else { "  " };
            let meaning = match (selected, item.mark) {
                (true, _) => Meaning::Selected,
                (false, QueueMark::Overdue | QueueMark::Stalled) => Meaning::Alert,
                (false, QueueMark::NotReady) => Meaning::Muted,
                (false, QueueMark::OnTrack) => Meaning::Text,
            };
            Line::styled(
                widgets::fit(&format!("{marker}{}", row_text(item, today, inner)), width),
                theme.style(meaning),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), rows);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn referral(status: Status, consent: Consent) -> Referral {
        let day = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        Referral {
            id: 1,
            employee_id: "E2".into(),
            resource_id: "eap".into(),
            created_by: "sup".into(),
            created_on: day,
            consent,
            status,
            outcome: None,
            urgency: crate::domain::referral::Urgency::Routine,
            reason: String::new(),
            self_referral: false,
            updated_on: day,
            closed_on: None,
        }
    }

    fn labels(status: Status, consent: Consent, work: bool, consenter: bool) -> Vec<&'static str> {
        lifecycle_commands(&referral(status, consent), work, consenter, true)
            .iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn only_the_moves_the_lifecycle_allows_now_are_offered_by_name() {
        use Consent::{Given, Pending, Refused};
        use Status::*;
        assert_eq!(labels(Proposed, Given, true, false), ["accept", "withdraw"]);
        assert_eq!(labels(Proposed, Pending, true, false), ["withdraw"]);
        assert_eq!(
            labels(Accepted, Given, true, false),
            ["mark contacted", "close with outcome", "withdraw"]
        );
        assert_eq!(
            labels(Contacted, Given, true, false),
            ["mark in progress", "close with outcome", "withdraw"]
        );
        assert_eq!(
            labels(InProgress, Given, true, false),
            ["close with outcome", "withdraw"]
        );
        assert!(labels(Closed, Given, true, true).is_empty());
        assert!(labels(Withdrawn, Refused, true, true).is_empty());
        // The employee records consent (only a change) and may withdraw; no status moves.
        assert_eq!(
            labels(Proposed, Pending, false, true),
            ["consent given", "consent refused", "withdraw"]
        );
        assert_eq!(
            labels(Accepted, Given, false, true),
            ["consent refused", "withdraw"]
        );
    }
}

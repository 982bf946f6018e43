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
    /// Lower-cased "name id resource status consent mark" per item, built once per load.
    haystacks: Vec<String>,
    /// Indices into the items that match the filter, in queue order.
    shown: Vec<usize>,
    /// Words every shown referral's person, resource or status contains, in any order.
    pub filter: String,
    /// Keys go into the filter (after `/`, until Enter or Esc).
    pub typing: bool,
    /// Positions in `shown`.
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
        self.haystacks = match &self.items {
            Loaded::Ready(items) => items.iter().map(haystack).collect(),
            _ => Vec::new(),
        };
        self.refilter(keep);
    }

    /// Keeps the referrals that match the filter (the same rule as the people list's: the
    /// text anywhere, or each word at the start of a word, in any order), keeping `keep`
    /// selected where it is still shown.
    fn refilter(&mut self, keep: Option<i64>) {
        let needle = self.filter.to_lowercase();
        let words: Vec<&str> = needle
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        self.shown = self
            .haystacks
            .iter()
            .enumerate()
            .filter(|(_, hay)| {
                hay.contains(needle.trim())
                    || words.iter().all(|w| {
                        hay.split(|c: char| c.is_whitespace() || c == ',')
                            .any(|word| word.starts_with(w))
                    })
            })
            .map(|(i, _)| i)
            .collect();
        if let (Some(id), Loaded::Ready(items)) = (keep, &self.items)
            && let Some(at) = self.shown.iter().position(|&i| items[i].referral.id == id)
        {
            self.cursor.selected = at;
        }
        self.cursor.clamp(self.len());
    }

    /// Changes the filter to `text`.
    pub(crate) fn set_filter(&mut self, text: String) {
        let keep = self.selected().map(|i| i.referral.id);
        self.filter = text;
        self.refilter(keep);
    }

    /// How many are shown (after the filter).
    pub(crate) fn len(&self) -> usize {
        self.shown.len()
    }

    /// How many there are in all.
    pub(crate) fn total(&self) -> usize {
        self.haystacks.len()
    }

    pub(crate) fn keep_visible(&mut self, rows: usize) {
        let len = self.len();
        self.cursor.keep_visible(len, rows);
    }

    pub(crate) fn selected(&self) -> Option<&QueueItem> {
        match &self.items {
            Loaded::Ready(items) => self
                .shown
                .get(self.cursor.selected)
                .and_then(|&i| items.get(i)),
            _ => None,
        }
    }
}

/// What the filter searches in a referral: its person's name and employee id, the resource's
/// name, and its status, consent and mark in words.
fn haystack(item: &QueueItem) -> String {
    let r = &item.referral;
    format!(
        "{} {} {} {} {} consent {} {}",
        item.person_name.as_deref().unwrap_or(""),
        r.employee_id,
        item.resource_name,
        r.resource_id,
        status_words(r.status),
        r.consent,
        mark_word(item.mark)
    )
    .to_lowercase()
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

static FILTER: Command = Command::new(&[Key::ch('/')], "filter", Action::StartFilter);
static CLEAR_FILTER: Command = Command::new(
    &[Key::code(KeyCode::Esc)],
    "clear filter",
    Action::ClearFilter,
);

/// The queue's keys for the selected referral, in the footer's order; while the filter is
/// typed, the filter's.
pub(crate) fn commands(list: &QueueList) -> Vec<&'static Command> {
    if list.typing {
        return super::home::FILTERING.iter().collect();
    }
    let mut out = Vec::new();
    if let Some(item) = list.selected() {
        out.push(&OPEN);
        out.extend(lifecycle_commands(&item.referral, true, false, true));
    }
    if !list.filter.is_empty() {
        out.push(&CLEAR_FILTER);
    }
    // Nothing to filter in an empty queue.
    if list.total() > 0 {
        out.push(&FILTER);
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
    if list.typing {
        match action {
            Action::Type(c) => {
                let mut text = list.filter.clone();
                text.push(c);
                list.set_filter(text);
                return Reply::none();
            }
            Action::Backspace if list.filter.is_empty() => {
                list.typing = false;
                return Reply::none();
            }
            Action::Backspace => {
                let mut text = list.filter.clone();
                text.pop();
                list.set_filter(text);
                return Reply::none();
            }
            Action::ClearField => {
                list.set_filter(String::new());
                return Reply::none();
            }
            Action::FinishFilter => {
                list.typing = false;
                return Reply::none();
            }
            _ => {}
        }
    }
    match action {
        Action::StartFilter => {
            list.typing = true;
            return Reply::none();
        }
        Action::ClearFilter => {
            list.typing = false;
            list.set_filter(String::new());
            return Reply::none();
        }
        _ => {}
    }
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

/// The person a row is about (their employee id where they are not on the roster), and
/// the resource, as the row shows them.
fn row_names(item: &QueueItem) -> (String, String) {
    let r = &item.referral;
    let person = sanitize(item.person_name.as_deref().unwrap_or(&r.employee_id)).into_owned();
    let resource = if item.resource_name.is_empty() {
        sanitize(&r.resource_id)
    } else {
        sanitize(&item.resource_name)
    };
    (person, resource.into_owned())
}

/// Symbol and age 9, status 12, a space, consent 16, mark 11: what the names share.
const FIXED: usize = 9 + 12 + 1 + 16 + 11;

/// "● 6 d  proposed     Okafor, Rita      EAP        consent given    overdue": a row
/// `width` wide whose person and resource columns are sized for the longest of each
/// on the list (`longest`): the person gets what their name needs first (at least 15), the
/// resource the rest, so neither is cut while the line has room for both.
fn row_text(item: &QueueItem, today: NaiveDate, width: usize, longest: (usize, usize)) -> String {
    let r = &item.referral;
    let age = (today - r.created_on).num_days().max(0);
    // Too narrow for a person of 15 and a resource of 8 beside the rest: the short row.
    if width < FIXED + 1 + 15 + 8 {
        return narrow_row_text(item, age, width);
    }
    let (person, resource) = row_names(item);
    let room = width.saturating_sub(FIXED + 1);
    let person_w = longest.0.max(15).min(room.saturating_sub(8)).max(8);
    let resource_w = room.saturating_sub(person_w).max(8);
    format!(
        "{} {:>3} d  {} {} {} {} {}",
        urgency_symbol(r.urgency),
        age,
        widgets::fit(status_words(r.status), 11),
        widgets::fit(&person, person_w),
        widgets::fit(&resource, resource_w.min(longest.1.max(8))),
        widgets::fit(&format!("consent {}", r.consent), 15),
        mark_word(item.mark)
    )
}

/// A row for a narrow window (a magnifier): the person whole, how long it has waited and
/// whether it is late; the status where there is room; resource and consent on its page.
/// "● 60 d  Lin, Jo  stalled".
fn narrow_row_text(item: &QueueItem, age: i64, width: usize) -> String {
    let r = &item.referral;
    let person = sanitize(item.person_name.as_deref().unwrap_or(&r.employee_id)).into_owned();
    let mark = mark_word(item.mark);
    let mut text = format!("{} {:>3}d ", urgency_symbol(r.urgency), age);
    // Symbol and age 7, status 12, person 19, mark 11.
    if width >= 7 + 12 + 19 + 11 {
        text.push_str(&widgets::fit(status_words(r.status), 12));
    }
    let room = width
        .saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()))
        .saturating_sub(if mark.is_empty() { 0 } else { mark.len() + 1 });
    text.push_str(&widgets::fit(&person, room.max(8)));
    if !mark.is_empty() {
        text.push(' ');
        text.push_str(mark);
    }
    text
}

/// "Referrals waiting (4,729)"; filtered, "Referrals waiting (12 of 4,729) · filter: olga".
fn title(list: &QueueList) -> String {
    match &list.items {
        Loaded::Ready(_) if !list.filter.is_empty() || list.typing => format!(
            "Referrals waiting ({} of {}) · filter: {}{}",
            widgets::thousands(list.len()),
            widgets::thousands(list.total()),
            sanitize(&list.filter),
            if list.typing { "▏" } else { "" }
        ),
        Loaded::Ready(items) => format!("Referrals waiting ({})", widgets::thousands(items.len())),
        _ => "Referrals waiting".into(),
    }
}

pub(crate) fn render(
    frame: &mut Frame,
    (heading, rows): (Rect, Rect),
    state: &State,
    list: &QueueList,
    focused: bool,
) {
    let theme = state.theme;
    // The urgency marks said in words where there is room: "● urgent ◆ soon".
    let glyphs = crate::tui::ascii::glyphs();
    let legend = format!(" · {} urgent {} soon", glyphs.high, glyphs.moderate);
    let room = usize::from(heading.width).saturating_sub(if focused { 0 } else { 15 });
    let mut title = title(list);
    let plain = !list.typing && list.filter.is_empty() && list.len() > 0;
    if plain && unicode_width::UnicodeWidthStr::width(format!("{title}{legend}").as_str()) <= room {
        title.push_str(&legend);
    }
    let title = widgets::truncate(&title, usize::from(heading.width));
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
        Loaded::Ready(items) if !items.is_empty() && list.len() == 0 => {
            return frame.render_widget(
                note(
                    "No referral matches the filter; Esc clears it.",
                    Meaning::Muted,
                ),
                rows,
            );
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
    // The columns fit the longest name and resource among those on the list.
    let longest = list.shown.iter().fold((0, 0), |(p, r), &i| {
        let (person, resource) = row_names(&items[i]);
        (
            p.max(unicode_width::UnicodeWidthStr::width(person.as_str())),
            r.max(unicode_width::UnicodeWidthStr::width(resource.as_str())),
        )
    });
    let shown: Vec<Line> = list
        .cursor
        .window(list.len(), usize::from(rows.height))
        .map(|at| {
            let item = &items[list.shown[at]];
            let selected = focused && at == list.cursor.selected;
            let marker = if selected { "▶ " } else { "  " };
            let meaning = match (selected, item.mark) {
                (true, _) => Meaning::Selected,
                (false, QueueMark::Overdue | QueueMark::Stalled) => Meaning::Alert,
                (false, QueueMark::NotReady) => Meaning::Muted,
                (false, QueueMark::OnTrack) => Meaning::Text,
            };
            Line::styled(
                widgets::fit(
                    &format!("{marker}{}", row_text(item, today, inner, longest)),
                    width,
                ),
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

    /// At 120 columns a long name and a long resource are both whole (the name was cut at
    /// 15 columns beside empty room); at 80 the line still fits.
    #[test]
    fn a_row_sizes_its_name_and_resource_to_the_longest_on_the_list() {
        let item = QueueItem {
            referral: referral(Status::Proposed, Consent::Given),
            resource_name: "Employee Assistance Program (EAP)".into(),
            person_name: Some("Vantongeren, Lucia".into()),
            last_event_on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default(),
            mark: QueueMark::OnTrack,
        };
        let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
        let longest = (18, 33);
        let wide = row_text(&item, today, 118, longest);
        assert!(
            wide.contains("Vantongeren, Lucia ")
                && wide.contains("Employee Assistance Program (EAP)"),
            "{wide}"
        );
        let narrow = row_text(&item, today, 76, longest);
        assert!(narrow.contains("Vantongeren, Lucia"), "{narrow}");
        assert!(
            unicode_width::UnicodeWidthStr::width(narrow.as_str()) <= 76,
            "{narrow}"
        );
    }

    fn labels(status: Status, consent: Consent, work: bool, consenter: bool) -> Vec<&'static str> {
        lifecycle_commands(&referral(status, consent), work, consenter, true)
            .iter()
            .map(|c| c.label)
            .collect()
    }

    /// 4,729 referrals, as on the 60,000-person vault: one in 400 is Olga Blackwood's.
    fn big_queue() -> QueueList {
        let items = (0..4_729)
            .map(|i| {
                let mut r = referral(
                    if i % 3 == 0 {
                        Status::Contacted
                    } else {
                        Status::Proposed
                    },
                    Consent::Given,
                );
                r.id = i;
                r.employee_id = format!("E{i:05}");
                QueueItem {
                    person_name: Some(if i % 400 == 7 {
                        "Blackwood, Olga".to_string()
                    } else {
                        format!("Person {i:05}")
                    }),
                    resource_name: if (i / 400) % 2 == 0 {
                        "EAP"
                    } else {
                        "Peer support"
                    }
                    .into(),
                    referral: r,
                    last_event_on: NaiveDate::default(),
                    mark: QueueMark::OnTrack,
                }
            })
            .collect();
        let mut list = QueueList::default();
        list.load(Ok(items));
        list
    }

    #[test]
    fn the_queue_filter_matches_words_in_any_order_and_counts_in_thousands() {
        let mut list = big_queue();
        assert_eq!(title(&list), "Referrals waiting (4,729)");
        list.set_filter("olga black".into());
        assert_eq!(list.len(), 12);
        assert_eq!(
            title(&list),
            "Referrals waiting (12 of 4,729) · filter: olga black"
        );
        // The resource's name and the status words narrow it further, in any order.
        list.set_filter("peer blackwood".into());
        assert_eq!(list.len(), 6, "every other hundred is peer support");
        list.set_filter("contacted peer olga".into());
        assert_eq!(list.len(), 2, "E02007 and E04407");
        assert!(list.selected().is_some_and(|i| {
            i.referral.status == Status::Contacted && i.resource_name == "Peer support"
        }));
        // By employee id.
        list.set_filter("e00407".into());
        assert_eq!(list.len(), 1);
        assert_eq!(
            list.selected().map(|i| i.referral.employee_id.as_str()),
            Some("E00407")
        );
        list.set_filter("nobody here".into());
        assert_eq!(list.len(), 0);
        assert!(list.selected().is_none());
        list.set_filter(String::new());
        assert_eq!(list.len(), 4_729);
        assert_eq!(
            list.selected().map(|i| i.referral.employee_id.as_str()),
            Some("E00000")
        );
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

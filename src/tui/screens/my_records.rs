//! My records, for employees: what is recorded about me, and who read or changed it. A page
//! of its own (`tui::page`): the reading itself is the desk's (`Session::my_records`), and
//! audited there.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use chrono::{DateTime, Local};
use ratatui::text::Line;

use super::checkin_detail::render_document;
use super::{Ctx, Reply};
use crate::domain::Role;
use crate::domain::prompt::{Audience, PromptState};
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list;
use crate::tui::page::{Delivery, Loaded, Opener, Page, Task};
use crate::tui::record::{self};
use crate::tui::state::{Action, Effect, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

pub(crate) use crate::desk::MyRecordsData;

/// Home's key for this page: for anyone who holds the employee role.
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('m')],
    "my records",
    Action::OpenPage(Opener {
        name: "my records",
        offered: |user| user.roles.contains(Role::Employee),
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(MyRecords::default())))
        },
    }),
);

const READ: &str = "my records";

/// Reads what is recorded about the person (the desk audits nothing for one's own).
pub(crate) fn load() -> Task {
    Task::read(READ, |session| {
        let mut records = session.my_records()?;
        // Times as the person reads them: local, to the minute.
        for line in &mut records.access {
            line.when = local_minute(&line.when);
        }
        Ok(records)
    })
}

/// An RFC 3339 stamp as "2026-06-30 09:41" in local time (the stamp itself if unreadable).
fn local_minute(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp).map_or_else(
        |_| stamp.to_string(),
        |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    )
}

#[derive(Debug, Default)]
pub(crate) struct MyRecords {
    pub data: Loaded<MyRecordsData>,
    pub offset: usize,
}

/// What an audit action means, in words; an action with no words of its own is named
/// plainly rather than shown as a code.
fn action_words(action: &str) -> String {
    match action {
        "checkin.add" => "recorded a check-in".into(),
        "checkin.edit" => "changed a check-in".into(),
        "checkin.read" => "read check-in notes".into(),
        "referral.add" => "proposed a referral".into(),
        "referral.set" => "updated a referral".into(),
        "people.add" | "people.import" => "added you to the roster".into(),
        "people.edit" | "people.update" => "changed your roster entry".into(),
        "selfcheck.open" => "read a self-check you shared".into(),
        "selfcheck.inbox" => "saw the result of a self-check you shared".into(),
        "selfcheck.read" => "read your answers to a self-check you shared".into(),
        "mentor.assign" => "made a mentor pairing for you".into(),
        "mentor.unassign" => "ended a mentor pairing".into(),
        "prompt.ack" => "acknowledged a prompt about you".into(),
        "prompt.snooze" => "snoozed a prompt about you".into(),
        "prompt.undo" => "took back an answer to a prompt about you".into(),
        other => sanitize(&other.replace(['.', '_'], " ")).into_owned(),
    }
}

/// Who a prompt was for, in words.
fn audience_words(audience: &Audience) -> String {
    match audience {
        Audience::Chain => "for your supervisors".into(),
        Audience::Mentor(login) => format!("for your mentor {}", sanitize(login)),
        Audience::Coordinator => "for the wellness coordinators".into(),
    }
}

/// An entry's detail as the person reads it: statuses and outcomes in words
/// ("in_progress → closed" reads "in progress → closed").
fn detail_words(detail: &str) -> String {
    sanitize(&detail.replace('_', " ")).into_owned()
}

/// The whole page as lines for `width` columns, and where each section starts.
pub(crate) fn document(data: &MyRecordsData, width: usize) -> (Vec<(String, Meaning)>, Vec<usize>) {
    let mut lines: Vec<(String, Meaning)> = Vec::new();
    let mut sections = Vec::new();
    let say = |lines: &mut Vec<(String, Meaning)>, text: &str, meaning: Meaning| {
        lines.extend(
            widgets::wrap_words(text, width)
                .into_iter()
                .map(|l| (l, meaning)),
        );
    };
    sections.push(lines.len());
    say(
        &mut lines,
        &format!(
            "What is recorded about you — {} ({})",
            sanitize(&data.person.name),
            sanitize(&data.person.employee_id)
        ),
        Meaning::Title,
    );
    say(
        &mut lines,
        "You can read everything here, private notes included. Check-ins marked chain can also be read by the supervisors above you; private ones only by their author.",
        Meaning::Muted,
    );
    lines.push((String::new(), Meaning::Text));
    say(
        &mut lines,
        &format!("Check-ins ({})", widgets::thousands(data.checkins.len())),
        Meaning::Title,
    );
    if data.checkins.is_empty() {
        say(
            &mut lines,
            "No check-ins are recorded about you.",
            Meaning::Muted,
        );
    }
    for c in &data.checkins {
        // The whole check-in: it is the employee's own record, notes in full.
        let [first, _] = record::checkin_rows(c, &data.authors);
        lines.push((widgets::truncate(&first, width), Meaning::Text));
        lines.push((
            widgets::truncate(&format!("    {}", record::flags_text(&c.stressors)), width),
            Meaning::Muted,
        ));
        if c.notes_purged_on.is_some() {
            lines.push((
                "    (notes removed under the retention policy)".into(),
                Meaning::Muted,
            ));
        } else {
            lines.extend(
                record::text_lines(&c.notes, width.saturating_sub(4))
                    .into_iter()
                    .map(|l| (format!("    {l}"), Meaning::Text)),
            );
        }
    }
    lines.push((String::new(), Meaning::Text));
    sections.push(lines.len());
    say(
        &mut lines,
        &format!("Referrals ({})", widgets::thousands(data.referrals.len())),
        Meaning::Title,
    );
    if data.referrals.is_empty() {
        say(
            &mut lines,
            "No referrals are recorded about you.",
            Meaning::Muted,
        );
    }
    for r in &data.referrals {
        for (i, row) in record::referral_rows(r, &data.resource_names, &data.authors)
            .into_iter()
            .enumerate()
        {
            let meaning = if i == 0 {
                Meaning::Text
            } else {
                Meaning::Muted
            };
            lines.push((widgets::truncate(&row, width), meaning));
        }
    }
    lines.push((String::new(), Meaning::Text));
    sections.push(lines.len());
    say(
        &mut lines,
        &format!(
            "Prompts about you ({})",
            widgets::thousands(data.prompts.len())
        ),
        Meaning::Title,
    );
    if data.prompts.is_empty() {
        say(
            &mut lines,
            "The rules have raised no prompt about you.",
            Meaning::Muted,
        );
    }
    for about in &data.prompts {
        let p = &about.prompt;
        let why: Vec<String> = p
            .reasons
            .iter()
            .map(|r| sanitize(&r.explanation).into_owned())
            .collect();
        let state = match p.resolved_on {
            Some(on) => format!("resolved {}", record::day(on)),
            None => "open".to_string(),
        };
        say(
            &mut lines,
            &format!(
                "{}  {} · {}: {}",
                record::day(p.opened_on),
                audience_words(&p.audience),
                state,
                why.join("; ")
            ),
            Meaning::Text,
        );
        // What people did about it, with their notes (the rules' own opening and
        // resolving are in the line above).
        let by_people = about
            .events
            .iter()
            .filter(|e| e.state != PromptState::Resolved && !e.note.trim().is_empty());
        for e in by_people {
            say(
                &mut lines,
                &format!(
                    "    {}  {} {}: “{}”",
                    record::day(e.on_date),
                    sanitize(&e.actor),
                    e.state,
                    sanitize(e.note.trim())
                ),
                Meaning::Muted,
            );
        }
    }
    lines.push((String::new(), Meaning::Text));
    sections.push(lines.len());
    say(
        &mut lines,
        &format!(
            "Who read your records ({})",
            widgets::thousands(data.access.len())
        ),
        Meaning::Title,
    );
    if data.access.is_empty() {
        say(
            &mut lines,
            "No one else has read or changed your records.",
            Meaning::Muted,
        );
    }
    for a in &data.access {
        let mut text = format!(
            "{}  {}  {}",
            sanitize(&a.when),
            sanitize(&a.who),
            action_words(&a.action)
        );
        if !a.detail.is_empty() {
            text.push_str(&format!(" — {}", detail_words(&a.detail)));
        }
        lines.push((widgets::truncate(&text, width), Meaning::Text));
    }
    (lines, sections)
}

static COMMANDS: [Command; 3] = [
    Command::new(
        &[Key::code(KeyCode::Tab)],
        "next section",
        Action::SwitchSection,
    ),
    Command::new(&[Key::ch('r')], "ask for a referral", Action::NewReferral),
    list::BACK,
];

impl Page for MyRecords {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        COMMANDS.iter().chain(list::DOCUMENT_MOVES.iter()).collect()
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        let Some(data) = self.data.ready() else {
            return match action {
                Action::Back => Reply::back(),
                _ => Reply::none(),
            };
        };
        let (lines, sections) = document(data, usize::from(ctx.page.width));
        let rows = usize::from(ctx.page.height);
        match action {
            Action::Back => Reply::back(),
            Action::NewReferral => Effect::StartReferral {
                employee_id: data.person.employee_id.clone(),
                as_of: ctx.today,
                suggest_first: Vec::new(),
            }
            .into(),
            Action::SwitchSection => {
                // To the next heading; from the last one (or the last page), back to the top.
                let last_page = lines.len().saturating_sub(rows);
                let next = sections
                    .iter()
                    .map(|s| (*s).min(last_page))
                    .find(|s| *s > self.offset);
                self.offset = next.unwrap_or(0);
                Reply::none()
            }
            action => {
                list::scroll_page(&mut self.offset, &action, lines.len(), rows);
                Reply::none()
            }
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        if let Some(result) = delivery.take::<MyRecordsData>() {
            // Fresh data for the page already open keeps its place (the next key settles it).
            self.data = Loaded::from(result);
        }
        Reply::none()
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let style = |meaning| state.theme.style(meaning);
        match &self.data {
            Loaded::Ready(data) => {
                let (lines, _) = document(data, usize::from(area.width));
                render_document(frame, area, state, &lines, self.offset);
            }
            Loaded::Loading => frame.render_widget(
                Line::styled(
                    "What is recorded about you — loading…",
                    style(Meaning::Muted),
                ),
                area,
            ),
            Loaded::Failed(reason) => frame.render_widget(
                Line::styled(
                    widgets::truncate(
                        &format!(
                            "Your records could not be read: {}",
                            widgets::sentence(reason)
                        ),
                        usize::from(area.width),
                    ),
                    style(Meaning::Alert),
                ),
                area,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_who_read_list_shows_words_never_codes() {
        assert_eq!(
            action_words("selfcheck.open"),
            "read a self-check you shared"
        );
        assert_eq!(
            action_words("selfcheck.read"),
            "read your answers to a self-check you shared"
        );
        assert_eq!(
            action_words("selfcheck.inbox"),
            "saw the result of a self-check you shared"
        );
        assert_eq!(action_words("some_new.thing"), "some new thing");
        assert_eq!(
            detail_words("referral 3: in_progress → closed (consent given)"),
            "referral 3: in progress → closed (consent given)"
        );
    }
}

//! One prompt explained: its rule, why it holds, and the records behind it, with the ways to
//! act on it. Shows what `Effect::OpenPrompt` returned; every action goes back to the desk.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::checkin_detail::{fact_lines, render_document};
use super::{Ctx, Reply, prompts};
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list;
use crate::tui::record::{self, day};
use crate::tui::state::{Action, Effect, Message, State, User, View, Workspace};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

pub(crate) use crate::desk::{EvidenceRow, PromptDetailData};

#[derive(Debug)]
pub(crate) struct PromptDetail {
    pub data: PromptDetailData,
    pub offset: usize,
}

/// The desk's answer to `OpenPrompt`: a new page (or fresh data for the same prompt's page).
pub(crate) fn opened(ws: &mut Workspace, data: PromptDetailData) {
    if let Some(View::PromptDetail(page)) = ws.views.last_mut()
        && page.data.view.id == data.view.id
    {
        page.data = data;
        return;
    }
    ws.views.push(View::PromptDetail(Box::new(PromptDetail {
        data,
        offset: 0,
    })));
}

/// A prompt page read again after a record that may have answered it: the page shows it as
/// it stands, or, if it no longer holds, goes (with a line saying so).
pub(crate) fn refreshed(
    ws: &mut Workspace,
    id: i64,
    result: Result<Option<PromptDetailData>, String>,
) {
    let is_it = |view: &View| matches!(view, View::PromptDetail(page) if page.data.view.id == id);
    match result {
        Ok(Some(data)) => {
            for view in &mut ws.views {
                if let View::PromptDetail(page) = view
                    && page.data.view.id == id
                {
                    page.data = data.clone();
                }
            }
        }
        Ok(None) => {
            if ws.views.iter().any(is_it) {
                ws.views.retain(|view| !is_it(view));
                ws.message = Some(Message::calm(format!(
                    "Prompt {id} no longer holds: what you recorded answered it."
                )));
            }
        }
        Err(problem) => ws.message = Some(Message::alert(widgets::sentence(&problem))),
    }
}

static COMMANDS: [Command; 6] = [
    Command::new(&[Key::code(KeyCode::Enter)], "person", Action::Open),
    Command::new(&[Key::ch('a')], "acknowledge", Action::Acknowledge),
    Command::new(&[Key::ch('s')], "snooze", Action::Snooze),
    Command::new(&[Key::ch('c')], "check-in", Action::NewCheckin),
    Command::new(&[Key::ch('r')], "refer", Action::NewReferral),
    list::BACK,
];

/// A coordinator neither records check-ins nor proposes referrals.
pub(crate) fn commands(user: &User) -> Vec<&'static Command> {
    COMMANDS
        .iter()
        .chain(list::DOCUMENT_MOVES.iter())
        .filter(|c| match c.action {
            Action::NewCheckin => user.records_checkins(),
            Action::NewReferral => user.proposes_referrals(),
            _ => true,
        })
        .collect()
}

pub(crate) fn update(page: &mut PromptDetail, action: Action, ctx: &Ctx, user: &User) -> Reply {
    let total = document(&page.data, usize::from(ctx.page.width), ctx.today).len();
    if list::scroll_page(
        &mut page.offset,
        &action,
        total,
        usize::from(ctx.page.height),
    ) {
        return Reply::none();
    }
    match action {
        Action::Back => Reply::back(),
        Action::Open => Effect::OpenPerson(page.data.view.employee_id.clone()).into(),
        action => prompts::act(&page.data.view, &action, ctx, user).unwrap_or_else(Reply::none),
    }
}

/// "check-in 4 · 20 Jun 2026 · wellbeing 1 of 5 · ● Sleep (high)".
fn evidence_line(row: &EvidenceRow) -> String {
    let e = &row.evidence;
    match (e.kind, &row.checkin, &row.referral) {
        ("checkin", Some(c), _) => format!(
            "check-in {} · {} · wellbeing {} of 5 · {}",
            e.id,
            day(c.occurred_on),
            c.wellbeing,
            record::flags_text(&c.stressors)
        ),
        ("referral", _, Some((r, resource))) => format!(
            "referral {} · {} · {} — {} · consent {}",
            e.id,
            day(r.created_on),
            sanitize(resource),
            record::referral_state(r),
            r.consent
        ),
        ("checkin", None, _) => format!("check-in {} · {}", e.id, day(e.date)),
        (kind, ..) => format!("{} {} · {}", sanitize(kind), e.id, day(e.date)),
    }
}

pub(crate) fn document(
    data: &PromptDetailData,
    width: usize,
    today: NaiveDate,
) -> Vec<(String, Meaning)> {
    let view = &data.view;
    let title = |rule: &str| {
        data.rule_titles
            .iter()
            .find(|(id, _)| id == rule)
            .map_or_else(
                || sanitize(rule).into_owned(),
                |(_, t)| sanitize(t).into_owned(),
            )
    };
    let mut lines = vec![(
        widgets::truncate(
            &format!(
                "{} · {}",
                prompts::severity_text(view.severity),
                widgets::count(view.reasons.len() as u64, "reason", "reasons")
            ),
            width,
        ),
        Meaning::Title,
    )];
    lines.extend(
        widgets::wrap_words(&format!("{}.", prompts::invitation(view)), width)
            .into_iter()
            .map(|l| (l, Meaning::Text)),
    );
    lines.push((String::new(), Meaning::Text));
    let mut fact = |label: &str, value: String| lines.extend(fact_lines(label, &value, width));
    fact(
        "Person",
        format!(
            "{} ({})",
            prompts::person_of(view),
            sanitize(&view.employee_id)
        ),
    );
    fact("Severity", prompts::severity_text(view.severity));
    let age = prompts::age_days(view, today);
    fact(
        "Opened",
        format!(
            "{} · {}",
            day(view.opened_on),
            match age {
                0 => "today".to_string(),
                n => format!("{} ago", widgets::count(n.unsigned_abs(), "day", "days")),
            }
        ),
    );
    if view.escalated {
        fact(
            "Sent up",
            "it waited unacknowledged, so it also reached you, one level up".into(),
        );
    }
    if let Some(response) = &view.response {
        fact("For you", prompts::response_text(response));
    }
    for (n, reason) in view.reasons.iter().enumerate() {
        fact(
            &format!("Why {}", n + 1),
            format!(
                "{} ({}): {}",
                title(&reason.rule),
                reason.severity.as_str(),
                sanitize(reason.explanation.trim())
            ),
        );
    }
    if !data.suggested.is_empty() {
        let names: Vec<String> = data
            .suggested
            .iter()
            .map(|n| sanitize(n).into_owned())
            .collect();
        fact("Consider", names.join(" · "));
    }
    lines.push((String::new(), Meaning::Text));
    lines.push((
        format!(
            "What it rests on ({})",
            widgets::thousands(data.evidence.len())
        ),
        Meaning::Title,
    ));
    if data.evidence.is_empty() {
        lines.push(("No records are named.".into(), Meaning::Muted));
    }
    for row in &data.evidence {
        lines.push((
            widgets::truncate(&format!("  {}", evidence_line(row)), width),
            Meaning::Text,
        ));
    }
    lines
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, page: &PromptDetail) {
    let lines = document(&page.data, usize::from(area.width), state.clock.today());
    render_document(frame, area, state, &lines, page.offset);
}

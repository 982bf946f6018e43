//! One check-in shown whole: its facts, every stressor with its severity, and the notes in
//! full, wrapped; its author may edit it. Reads the check-in the page below holds; loads nothing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Ctx, Reply};
use crate::domain::checkin::Checkin;
use crate::domain::text::sanitize;
use crate::tui::keymap::{Command, Key};
use crate::tui::list;
use crate::tui::record::{self, day};
use crate::tui::state::{Action, Effect, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

#[derive(Debug)]
pub(crate) struct CheckinDetail {
    pub checkin: Checkin,
    pub person_name: String,
    /// Who wrote it, by name where their account is a roster person, else their login.
    pub author: String,
    /// The first line on screen.
    pub offset: usize,
}

impl CheckinDetail {
    pub(crate) fn new(checkin: Checkin, person_name: String, author: String) -> Self {
        Self {
            checkin,
            person_name,
            author,
            offset: 0,
        }
    }
}

const LABEL_WIDTH: usize = 14;

/// `label  value`, the value wrapped under itself when it is long.
pub(crate) fn fact_lines(label: &str, value: &str, width: usize) -> Vec<(String, Meaning)> {
    let room = width.saturating_sub(LABEL_WIDTH).max(10);
    widgets::wrap_words(value, room)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let label = if i == 0 { label } else { "" };
            (
                format!("{}{line}", widgets::fit(label, LABEL_WIDTH)),
                Meaning::Text,
            )
        })
        .collect()
}

/// The whole page as lines for `width` columns.
pub(crate) fn document(detail: &CheckinDetail, width: usize) -> Vec<(String, Meaning)> {
    let c = &detail.checkin;
    let mut lines = vec![
        (
            widgets::truncate(
                &format!("Check-in with {}", sanitize(&detail.person_name)),
                width,
            ),
            Meaning::Title,
        ),
        (String::new(), Meaning::Text),
    ];
    let mut fact = |label: &str, value: String| lines.extend(fact_lines(label, &value, width));
    fact("Date", day(c.occurred_on));
    fact("Wellbeing", format!("{} of 5", c.wellbeing));
    fact(
        "Recorded by",
        format!("{} ({} check-in)", detail.author, c.kind.as_str()),
    );
    fact(
        "Visibility",
        format!(
            "{} — {}",
            c.visibility,
            record::visibility_words(c.visibility)
        ),
    );
    fact(
        "Follow-up",
        c.follow_up_on.map_or_else(|| "none set".into(), day),
    );
    if c.version > 1 {
        fact(
            "Edited",
            format!("this is version {}; earlier versions are kept", c.version),
        );
    }
    if c.stressors.is_empty() {
        fact("Stressors", "none noted".into());
    }
    for (i, flag) in c.stressors.iter().enumerate() {
        fact(
            if i == 0 { "Stressors" } else { "" },
            record::flag_text(flag),
        );
    }
    lines.push((String::new(), Meaning::Text));
    lines.push(("Notes".into(), Meaning::Title));
    match c.notes_purged_on {
        Some(on) => lines.push((
            format!(
                "The notes were removed under the retention policy on {}.",
                day(on)
            ),
            Meaning::Muted,
        )),
        None if c.notes.trim().is_empty() => lines.push(("No notes.".into(), Meaning::Muted)),
        None => lines.extend(
            record::text_lines(&c.notes, width)
                .into_iter()
                .map(|l| (l, Meaning::Text)),
        ),
    }
    lines
}

static COMMANDS: [Command; 2] = [
    Command::new(&[Key::ch('e')], "edit", Action::Edit),
    list::BACK,
];

/// Only its author may change a check-in (the desk refuses anyone else, before reading).
fn may_edit(detail: &CheckinDetail, user: &User) -> bool {
    detail.checkin.author == user.login
}

pub(crate) fn commands(detail: &CheckinDetail, user: &User) -> Vec<&'static Command> {
    COMMANDS
        .iter()
        .chain(list::DOCUMENT_MOVES.iter())
        .filter(|c| c.action != Action::Edit || may_edit(detail, user))
        .collect()
}

pub(crate) fn update(detail: &mut CheckinDetail, action: Action, ctx: &Ctx, user: &User) -> Reply {
    match action {
        Action::Back => return Reply::back(),
        Action::Edit if may_edit(detail, user) => {
            return Effect::EditCheckin(detail.checkin.id).into();
        }
        _ => {}
    }
    let width = usize::from(ctx.page.width);
    let total = document(detail, width).len();
    list::scroll_page(
        &mut detail.offset,
        &action,
        total,
        usize::from(ctx.page.height),
    );
    Reply::none()
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, detail: &CheckinDetail) {
    render_document(
        frame,
        area,
        state,
        &document(detail, usize::from(area.width)),
        detail.offset,
    );
}

/// Draws a page of lines from `offset`, saying where there is more below.
pub(crate) fn render_document(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    lines: &[(String, Meaning)],
    offset: usize,
) {
    let theme = state.theme;
    let rows = usize::from(area.height);
    let offset = offset.min(lines.len().saturating_sub(rows));
    let more = lines.len() > offset + rows;
    let take = if more { rows.saturating_sub(1) } else { rows };
    let mut shown: Vec<Line> = lines
        .iter()
        .skip(offset)
        .take(take)
        .map(|(text, meaning)| Line::styled(text.clone(), theme.style(*meaning)))
        .collect();
    if more {
        shown.push(Line::styled(
            format!(
                "↓ {} more",
                widgets::count(
                    u64::try_from(lines.len() - offset - take).unwrap_or(0),
                    "line",
                    "lines"
                )
            ),
            theme.style(Meaning::Muted),
        ));
    }
    frame.render_widget(Paragraph::new(shown), area);
}

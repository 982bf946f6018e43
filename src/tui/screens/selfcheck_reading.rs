//! One of one's own past self-checks, opened again from "My self-checks": the same reading
//! as when it was taken (the band's meaning in plain words, never its published name), who
//! may read it, and the crisis lines where the safety item was answered. Read only; it asks
//! the desk for nothing (the list already holds what was opened and verified).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::checkin_detail::render_document;
use super::help_now;
use super::selfcheck::catalog;
use super::{Ctx, Reply};
use crate::desk::SelfCheckView;
use crate::domain::resources::Resource;
use crate::instruments::reading::{plain_band, reading};
use crate::tui::keymap::Command;
use crate::tui::list;
use crate::tui::page::{Delivery, Page};
use crate::tui::state::{Action, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

#[derive(Debug)]
pub(crate) struct SelfCheckReading {
    check: SelfCheckView,
    offset: usize,
}

impl SelfCheckReading {
    pub(crate) fn new(check: SelfCheckView) -> Self {
        Self { check, offset: 0 }
    }

    /// The page as lines at `width`, with the vault's crisis lines where they are called for.
    fn lines(&self, width: usize, crisis: &[Resource]) -> Vec<(String, Meaning)> {
        let mut lines = Vec::new();
        let mut say = |text: &str, meaning: Meaning| {
            lines.extend(
                widgets::wrap_words(text, width)
                    .into_iter()
                    .map(|line| (line, meaning)),
            );
        };
        let record = &self.check.record;
        let score = &self.check.score;
        // "2 Mar 2026", as the list shows it (the stored text if it is not a date).
        let taken = crate::domain::dates::parse_date(&record.taken_on)
            .map_or_else(|_| record.taken_on.clone(), crate::tui::record::day);
        let shared = if record.shared {
            "Shared with the wellness coordinators: they can read it."
        } else {
            "Private: only you can read it."
        };
        match catalog().ok().and_then(|c| c.get(&score.instrument)) {
            Some(instrument) => {
                let outcome = format!("Taken on {taken}. {shared}");
                for (i, line) in reading(instrument, score, &outcome).iter().enumerate() {
                    say(
                        line,
                        if i == 0 {
                            Meaning::Title
                        } else {
                            Meaning::Text
                        },
                    );
                    if i == 0 {
                        say(
                            &format!("In short: {}", plain_band(Some(instrument), &score.band)),
                            Meaning::Muted,
                        );
                        say("", Meaning::Text);
                    }
                }
            }
            None => say(
                &format!(
                    "A self-check taken on {taken}: total {}, {}. {shared}",
                    score.total,
                    plain_band(None, &score.band)
                ),
                Meaning::Text,
            ),
        }
        if score.safety_item_endorsed {
            say("", Meaning::Text);
            say(
                "If you are having thoughts of harming yourself, you do not have to wait or cope alone:",
                Meaning::Title,
            );
            for (text, meaning) in help_now::lines(crisis) {
                say(&text, meaning);
            }
        }
        lines
    }
}

static COMMANDS: [Command; 1] = [list::BACK];

impl Page for SelfCheckReading {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        COMMANDS.iter().chain(list::DOCUMENT_MOVES.iter()).collect()
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        if action == Action::Back {
            return Reply::back();
        }
        let total = self.lines(usize::from(ctx.page.width), &[]).len()
            + if self.check.score.safety_item_endorsed {
                // Room for the crisis lines, which the state holds.
                ctx.crisis_lines
            } else {
                0
            };
        list::scroll_page(
            &mut self.offset,
            &action,
            total,
            usize::from(ctx.page.height),
        );
        Reply::none()
    }

    fn apply(&mut self, _: Delivery, _: &Ctx) -> Reply {
        Reply::none()
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let lines = self.lines(usize::from(area.width), &state.crisis_lines);
        render_document(frame, area, state, &lines, self.offset);
    }
}

//! A self-check opened to read: one's own, from "My self-checks" (the same reading as when it
//! was taken, the band's meaning in plain words, never its published name), or one shared
//! with a coordinator, from their inbox (each question with its answer, the total and the
//! published band, the safety item called out). Both end with the crisis lines where the
//! safety item was answered. Read only; it asks the desk for nothing (what it shows was
//! opened, verified and audited before it was pushed).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::checkin_detail::render_document;
use super::help_now;
use super::selfcheck::catalog;
use super::{Ctx, Reply};
use crate::desk::SelfCheckView;
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;
use crate::instruments::Answer;
use crate::instruments::reading::{NOT_A_DIAGNOSIS, band_words, plain_band, reading};
use crate::tui::keymap::Command;
use crate::tui::list;
use crate::tui::page::{Delivery, Page};
use crate::tui::state::{Action, State, User};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Who is reading: the owner, or a coordinator it was shared with (the owner named).
#[derive(Debug)]
enum Reader {
    Owner,
    /// "Okafor, Rita (E4)".
    Coordinator {
        owner: String,
    },
}

#[derive(Debug)]
pub(crate) struct SelfCheckReading {
    check: SelfCheckView,
    reader: Reader,
    offset: usize,
}

impl SelfCheckReading {
    pub(crate) fn new(check: SelfCheckView) -> Self {
        Self {
            check,
            reader: Reader::Owner,
            offset: 0,
        }
    }

    /// A self-check shared with the coordinator reading it; `owner` names whose it is.
    pub(crate) fn shared(check: SelfCheckView, owner: String) -> Self {
        Self {
            check,
            reader: Reader::Coordinator { owner },
            offset: 0,
        }
    }

    /// The page as lines at `width`, with the vault's crisis lines where they are called for.
    fn lines(&self, width: usize, crisis: &[Resource]) -> Vec<(String, Meaning)> {
        match &self.reader {
            Reader::Owner => self.owner_lines(width, crisis),
            Reader::Coordinator { owner } => self.coordinator_lines(owner, width, crisis),
        }
    }

    /// The owner's reading: what the band means to them, in their words.
    fn owner_lines(&self, width: usize, crisis: &[Resource]) -> Vec<(String, Meaning)> {
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

/// Lines wrapped to a width, each with its meaning.
struct Document {
    width: usize,
    lines: Vec<(String, Meaning)>,
}

impl Document {
    fn say(&mut self, text: &str, meaning: Meaning) {
        self.say_indented(text, "", meaning);
    }

    /// `text` wrapped, every line after the first indented by `indent`'s width.
    fn say_indented(&mut self, text: &str, indent: &str, meaning: Meaning) {
        let first = widgets::wrap_words(text, self.width);
        let Some((head, rest)) = first.split_first() else {
            self.lines.push((String::new(), meaning));
            return;
        };
        self.lines.push((head.clone(), meaning));
        let rest = rest.join(" ");
        if !rest.is_empty() {
            let inner = self.width.saturating_sub(indent.len()).max(1);
            for line in widgets::wrap_words(&rest, inner) {
                self.lines.push((format!("{indent}{line}"), meaning));
            }
        }
    }
}

impl SelfCheckReading {
    /// The coordinator's reading: whose it is, the safety item first where it was answered,
    /// the total and the published band, then each question with the answer given, then the
    /// crisis lines to hand.
    fn coordinator_lines(
        &self,
        owner: &str,
        width: usize,
        crisis: &[Resource],
    ) -> Vec<(String, Meaning)> {
        let mut doc = Document {
            width,
            lines: Vec::new(),
        };
        let record = &self.check.record;
        let score = &self.check.score;
        let taken = crate::domain::dates::parse_date(&record.taken_on).map_or_else(
            |_| sanitize(&record.taken_on).into_owned(),
            crate::tui::record::day,
        );
        let instrument = catalog().ok().and_then(|c| c.get(&score.instrument));
        let title = instrument.map_or_else(
            || sanitize(&score.instrument).into_owned(),
            |i| sanitize(i.title()).into_owned(),
        );
        doc.say(&format!("{owner} — {title}"), Meaning::Title);
        doc.say(
            &format!("Taken on {taken}; shared by them with the wellness coordinators."),
            Meaning::Muted,
        );
        let safety_items: Vec<usize> = instrument
            .map(|i| {
                i.items()
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| item.safety)
                    .map(|(at, _)| at)
                    .collect()
            })
            .unwrap_or_default();
        if score.safety_item_endorsed {
            doc.say("", Meaning::Text);
            let which = safety_items
                .iter()
                .map(|at| format!("question {}", at + 1))
                .collect::<Vec<_>>()
                .join(", ");
            doc.say(
                &format!(
                    "● Safety item answered ({which}): follow up with them today. \
                     The answer is below, and the crisis lines to hand at the end."
                ),
                Meaning::Alert,
            );
        }
        doc.say("", Meaning::Text);
        doc.say("Result", Meaning::Title);
        if let Some(instrument) = instrument {
            let (low, high) = instrument.total_range();
            let mut total = format!("Total: {} (possible {low}–{high})", score.total);
            if let Some(percent) = score.percent {
                total.push_str(&format!(", {percent}%"));
            }
            doc.say(&total, Meaning::Text);
        } else {
            doc.say(&format!("Total: {}", score.total), Meaning::Text);
        }
        doc.say(&format!("Band: {}", band_words(&score.band)), Meaning::Text);
        // The safety item's own flag is called out above; the others by their names.
        let flags: Vec<String> = score
            .flags
            .iter()
            .filter(|f| !f.contains("safety"))
            .map(|f| band_words(f))
            .collect();
        if !flags.is_empty() {
            doc.say(&format!("Flags: {}", flags.join(", ")), Meaning::Text);
        }
        if score.prorated {
            doc.say(
                "Some questions were skipped, so the total is scaled up from those answered.",
                Meaning::Muted,
            );
        }
        doc.say(NOT_A_DIAGNOSIS, Meaning::Muted);
        doc.say("", Meaning::Text);
        doc.say("Answers", Meaning::Title);
        for (at, answer) in self.check.answers.iter().enumerate() {
            let item = instrument.and_then(|i| i.items().get(at));
            let prompt = item.map_or_else(String::new, |i| sanitize(&i.prompt).into_owned());
            let given = match answer {
                Answer::Skipped => "skipped".to_string(),
                Answer::Value(v) => match instrument.and_then(|i| i.responses().label(*v)) {
                    Some(label) => format!("{v} {}", sanitize(label)),
                    None => v.to_string(),
                },
            };
            let safety = safety_items.contains(&at);
            let number = format!("{:>2}. ", at + 1);
            let alert = safety && score.safety_item_endorsed;
            doc.say_indented(
                &format!("{number}{prompt}"),
                "    ",
                if alert { Meaning::Alert } else { Meaning::Text },
            );
            let mark = match (safety, alert) {
                (true, true) => "  ● the safety item, answered",
                (true, false) => "  (the safety item)",
                _ => "",
            };
            doc.say_indented(
                &format!("    → {given}{mark}"),
                "      ",
                if alert {
                    Meaning::Alert
                } else {
                    Meaning::Muted
                },
            );
        }
        if score.safety_item_endorsed {
            doc.say("", Meaning::Text);
            doc.say("Crisis lines to hand", Meaning::Title);
            for (text, meaning) in help_now::lines(crisis) {
                // The reassurance is the employee's; the coordinator is told plainly.
                if text != help_now::REASSURANCE {
                    let indent = if text.starts_with("  ") { "  " } else { "" };
                    doc.say_indented(&text, indent, meaning);
                }
            }
        }
        doc.lines
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

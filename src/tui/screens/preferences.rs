//! One's own preferences, for every person role: whether later logins start in the
//! screen-reader mode (plain lines, one question at a time). `t` turns it on or off after a
//! yes/no; the desk stores and audits it (`set_screen_reader_preference`). A page of its own
//! (`tui::page`): this file, its `mod` line and home's key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::domain::text::sanitize;
use crate::policy;
use crate::tui::keymap::{Command, Key};
use crate::tui::list;
use crate::tui::page::{Deferred, Delivery, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Home's key for this page (offered to every role that keeps preferences of its own).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('P')],
    "preferences",
    Action::OpenPage(Opener {
        name: "preferences",
        offered: |user| user.may(policy::Action::SetOwnPreferences),
        open: |_, _| Reply {
            effect: Effect::Task(load()),
            ..Reply::push(View::Page(Box::new(Preferences::default())))
        },
    }),
);

const READ: &str = "preferences";
const SAVE: &str = "change the screen-reader preference";
const TOGGLE: &str = "toggle";

/// What the preference does, said on the page whichever way it is set.
pub(crate) const WHAT_IT_DOES: &str = "With it on, your later logins over SSH start in plain lines, one question at a time, for a screen reader. On this computer, start steady --screen-reader; a login on this full screen also goes on in plain lines.";

fn load() -> Task {
    Task::read(READ, |session| session.screen_reader_preference())
}

#[derive(Debug, Default)]
pub(crate) struct Preferences {
    screen_reader: Loaded<bool>,
}

static BACK: [Command; 1] = [list::BACK];

static TURN_ON: Command = Command::new(&[Key::ch('t')], "turn it on", Action::PageCommand(TOGGLE));
static TURN_OFF: Command =
    Command::new(&[Key::ch('t')], "turn it off", Action::PageCommand(TOGGLE));

impl Page for Preferences {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        let toggle = match self.screen_reader {
            Loaded::Ready(true) => Some(&TURN_OFF),
            Loaded::Ready(false) => Some(&TURN_ON),
            _ => None,
        };
        toggle.into_iter().chain(BACK.iter()).collect()
    }

    fn update(&mut self, action: Action, _: &Ctx, _: &User) -> Reply {
        match action {
            Action::Back => Reply::back(),
            Action::PageCommand(TOGGLE) => {
                let Loaded::Ready(now) = self.screen_reader else {
                    return Reply::none();
                };
                let to = !now;
                let (question, yes) = if to {
                    (
                        "Turn the screen-reader mode on for your later logins? They start in plain lines instead of this full screen.",
                        "turn it on",
                    )
                } else {
                    (
                        "Turn the screen-reader mode off? Your later logins open this full-screen app.",
                        "turn it off",
                    )
                };
                Reply::modal(Modal::confirm(
                    question.into(),
                    yes,
                    Confirmed::Run(Deferred::new(Task::write(SAVE, move |session| {
                        session.set_screen_reader_preference(to).map(|()| to)
                    }))),
                ))
            }
            _ => Reply::none(),
        }
    }

    fn apply(&mut self, delivery: Delivery, _: &Ctx) -> Reply {
        match delivery.name {
            READ => {
                if let Some(result) = delivery.take::<bool>() {
                    self.screen_reader = Loaded::from(result);
                }
                Reply::none()
            }
            SAVE => match delivery.take::<bool>() {
                Some(Ok(on)) => {
                    self.screen_reader = Loaded::Ready(on);
                    Reply::say(Message::calm(format!(
                        "Saved: the screen-reader mode is {} for your later logins.",
                        if on { "on" } else { "off" }
                    )))
                }
                Some(Err(problem)) => Reply::say(Message::alert(format!(
                    "Not saved: {}",
                    widgets::sentence(&problem)
                ))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let theme = state.theme;
        let width = usize::from(area.width).max(1);
        let mut lines = vec![
            Line::styled(
                widgets::truncate("Preferences — how steady starts for you", width),
                theme.style(Meaning::Title),
            ),
            Line::raw(""),
        ];
        let mut say = |text: &str, meaning: Meaning| {
            for line in widgets::wrap_words(text, width) {
                lines.push(Line::styled(line, theme.style(meaning)));
            }
        };
        match &self.screen_reader {
            Loaded::Loading => say("Loading…", Meaning::Muted),
            Loaded::Failed(reason) => say(
                &format!("Your preferences could not be read: {}", sanitize(reason)),
                Meaning::Alert,
            ),
            Loaded::Ready(on) => {
                say(
                    &format!(
                        "Screen-reader mode at later logins: {}",
                        if *on { "on" } else { "off" }
                    ),
                    Meaning::Text,
                );
                say("", Meaning::Text);
                say(WHAT_IT_DOES, Meaning::Muted);
                say("", Meaning::Text);
                say(
                    &format!("Press t to turn it {}.", if *on { "off" } else { "on" }),
                    Meaning::Muted,
                );
            }
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
}

#[cfg(test)]
#[path = "preferences_tests.rs"]
mod tests;

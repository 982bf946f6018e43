//! The screens, one file each, and the dispatch between them: which screen's commands and
//! text field are active, which update applies, and what is drawn. No I/O here either.

pub mod first_login;
pub mod help;
pub mod help_now;
pub mod home;
pub mod login;
pub mod person;

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keymap::{self, Command, Field};
use super::state::{Action, Effect, Screen, State};
use super::theme::Meaning;
use super::widgets;

/// Applies an input action to the screen in front (overlays were handled by the caller).
pub fn update(state: &mut State, action: Action) -> Effect {
    match state.screen {
        Screen::Login(ref mut form) => login::update(form, action),
        Screen::FirstLogin(_) => first_login::update(state, action),
        Screen::Workspace(_) => {
            let list = home::list_area(state);
            let Screen::Workspace(ws) = &mut state.screen else {
                return Effect::None;
            };
            if ws.person.is_some() {
                person::update(ws, action)
            } else {
                home::update(ws, action, list)
            }
        }
    }
}

/// The commands of what is on screen, ignoring the `?` overlay (which lists them).
pub fn screen_commands(state: &State) -> Vec<&'static Command> {
    if state.help_now_open {
        return help_now::commands();
    }
    match &state.screen {
        Screen::Login(_) => login::commands(),
        Screen::FirstLogin(_) => first_login::commands(),
        Screen::Workspace(ws) if ws.person.is_some() => person::commands(),
        Screen::Workspace(ws) => home::commands(ws),
    }
}

/// The text field that takes typed characters on what is on screen, if any.
pub fn screen_field(state: &State) -> Option<Field> {
    if state.help_now_open {
        return None;
    }
    match &state.screen {
        Screen::Login(form) => Some(form.field()),
        Screen::FirstLogin(_) => Some(Field::Secret),
        Screen::Workspace(ws) if ws.person.is_none() && ws.people.typing => Some(Field::Filter),
        Screen::Workspace(_) => None,
    }
}

/// The commands keys resolve against right now (the overlay's own, while it is open).
pub fn active_commands(state: &State) -> Vec<&'static Command> {
    if state.help_open {
        help::commands()
    } else {
        screen_commands(state)
    }
}

pub fn active_field(state: &State) -> Option<Field> {
    if state.help_open {
        None
    } else {
        screen_field(state)
    }
}

pub fn render(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if widgets::too_small(area.as_size()) {
        return render_too_small(state, frame);
    }
    let mut hints = keymap::hints(&active_commands(state), active_field(state));
    if state.help_now_open {
        // Already there: the footer need not offer it.
        hints.retain(|h| !h.essential);
    }
    widgets::render_frame(frame, state, &hints);
    let body = widgets::body_area(area.as_size());
    if state.help_now_open {
        help_now::render(frame, body, state.theme);
    } else {
        match &state.screen {
            Screen::Login(form) => login::render(frame, body, state, form),
            Screen::FirstLogin(form) => first_login::render(frame, body, state, form),
            Screen::Workspace(ws) => match &ws.person {
                Some(view) => person::render(frame, body, state, view),
                None => home::render(frame, body, state, ws),
            },
        }
    }
    if state.help_open {
        help::render(frame, area, state, &screen_commands(state));
    }
}

/// A window too small for the frame still shows help-now when it is open.
fn render_too_small(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let width = usize::from(area.width);
    let theme = state.theme;
    let hints: Vec<String> = keymap::hints(&active_commands(state), active_field(state))
        .into_iter()
        .map(|h| format!("{} {}", h.key, h.label))
        .collect();
    let hints = hints.join(" · ");
    let mut texts: Vec<(&str, Meaning)> = if state.help_now_open {
        help_now::LINES
            .iter()
            .map(|l| (*l, Meaning::Text))
            .collect()
    } else {
        vec![("Please make this window a little larger.", Meaning::Text)]
    };
    texts.push((&hints, Meaning::Muted));
    let lines: Vec<Line> = texts
        .into_iter()
        .flat_map(|(text, meaning)| {
            widgets::wrap_words(text, width)
                .into_iter()
                .map(move |l| Line::styled(l, theme.style(meaning)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

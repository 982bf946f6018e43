//! The screens, one file each, and the dispatch between them: which screen's commands and
//! text field are active, which update applies, and what is drawn. No I/O here either.

pub(super) mod accounts;
pub(super) mod audit_log;
pub(super) mod checkin_detail;
pub(super) mod checkin_form;
pub(super) mod crisis;
pub(super) mod first_login;
pub(super) mod help;
pub(super) mod help_now;
pub(super) mod home;
pub(super) mod login;
pub(super) mod mentors;
pub(super) mod modal;
pub(super) mod my_records;
pub(super) mod my_selfchecks;
pub(super) mod own_prompts;
pub(super) mod person;
pub(super) mod preferences;
pub(super) mod prompt_detail;
pub(super) mod prompts;
pub(super) mod queue;
pub(super) mod referral_detail;
pub(super) mod referral_form;
pub(super) mod report;
pub(super) mod resource_form;
pub(super) mod resources;
pub(super) mod selfcheck;
pub(super) mod selfcheck_item;
pub(super) mod selfcheck_pick;
pub(super) mod selfcheck_reading;
pub(super) mod selfcheck_result;
pub(super) mod selfcheck_review;
pub(super) mod settings;
pub(super) mod shared_selfchecks;
pub(super) mod today;
pub(super) mod upkeep;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::keymap::{self, Command, Field};
use super::state::{Action, Effect, Message, Outcome, Screen, State, View, Workspace};
use super::theme::Meaning;
use super::widgets;

/// What an update needs to know of the world: where it is drawn, and what day it is.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ctx {
    /// The whole body, for the home screen.
    pub body: Rect,
    /// A page's area: the body less its last row, which holds the message line.
    pub page: Rect,
    pub today: NaiveDate,
    /// How many lines the crisis screen takes at the page's width (its lines are the
    /// vault's crisis resources, which the state holds outside the workspace).
    pub crisis_lines: usize,
}

impl Ctx {
    pub(super) fn new(state: &State) -> Self {
        let body = widgets::body_area(state.size);
        let page = page_area(body);
        Self {
            body,
            page,
            today: state.clock.today(),
            crisis_lines: crisis::lines(&state.crisis_lines, usize::from(page.width)).len(),
        }
    }
}

fn page_area(body: Rect) -> Rect {
    Rect {
        height: body.height.saturating_sub(1),
        ..body
    }
}

/// Where a page goes after a key: stays, closes, opens another, or asks something.
#[derive(Debug)]
pub(super) enum Nav {
    Stay,
    Back,
    Push(View),
    Modal(modal::Modal),
    /// Stay, with help-now over the page (a crisis line chosen where it cannot be used).
    HelpNow,
    /// Leave the app (the person said yes to quitting).
    Quit,
}

/// A page's answer to an action: an effect to perform, where to go, and a line to show.
#[derive(Debug)]
pub(super) struct Reply {
    pub effect: Effect,
    pub nav: Nav,
    pub message: Option<Message>,
}

impl Reply {
    pub(super) fn none() -> Self {
        Self {
            effect: Effect::None,
            nav: Nav::Stay,
            message: None,
        }
    }

    pub(super) fn back() -> Self {
        Self {
            nav: Nav::Back,
            ..Self::none()
        }
    }

    pub(super) fn push(view: View) -> Self {
        Self {
            nav: Nav::Push(view),
            ..Self::none()
        }
    }

    pub(super) fn modal(modal: modal::Modal) -> Self {
        Self {
            nav: Nav::Modal(modal),
            ..Self::none()
        }
    }

    pub(super) fn say(message: Message) -> Self {
        Self {
            message: Some(message),
            ..Self::none()
        }
    }
}

impl From<Effect> for Reply {
    fn from(effect: Effect) -> Self {
        Self {
            effect,
            ..Self::none()
        }
    }
}

/// Applies an input action to the screen in front (overlays were handled by the caller).
pub(super) fn update(state: &mut State, action: Action) -> Effect {
    match state.screen {
        Screen::Login(ref mut form) => login::update(form, action),
        Screen::FirstLogin(_) => first_login::update(state, action),
        Screen::Workspace(_) => {
            let ctx = Ctx::new(state);
            let Screen::Workspace(ws) = &mut state.screen else {
                return Effect::None;
            };
            let effect = workspace_update(ws, action, &ctx);
            if std::mem::take(&mut ws.help_now_asked) {
                state.help_now_open = true;
            }
            if std::mem::take(&mut ws.quit_asked) {
                state.quit = true;
            }
            effect
        }
    }
}

fn workspace_update(ws: &mut Workspace, action: Action, ctx: &Ctx) -> Effect {
    // The last line's news is read; the next key clears it.
    ws.message = None;
    // The wheel scrolls what is under the pointer: at home that section (which takes the
    // focus, as a click would); a page or a question has one thing to scroll.
    let action = match action {
        Action::ScrollAt { lines, .. } if ws.modal.is_some() || !ws.views.is_empty() => {
            Action::Scroll(lines)
        }
        action => action,
    };
    let reply = if let Some(open) = ws.modal.take() {
        modal::update(open, action, ctx)
    } else if let Action::OpenPage(opener) = &action {
        // Whichever screen offered the key, the page decides who may open it.
        if (opener.offered)(&ws.user) {
            (opener.open)(ctx, &ws.user)
        } else {
            Reply::none()
        }
    } else if ws.views.is_empty() {
        home::update(ws, action, ctx)
    } else {
        let user = &ws.user;
        match ws.views.last_mut() {
            Some(View::Person(page)) => person::update(page, action, ctx, user),
            Some(View::CheckinDetail(detail)) => checkin_detail::update(detail, action, ctx, user),
            Some(View::CheckinForm(form)) => checkin_form::update(form, action, ctx),
            Some(View::ReferralForm(form)) => referral_form::update(form, action, ctx),
            Some(View::ReferralDetail(detail)) => {
                referral_detail::update(detail, action, ctx, user)
            }
            Some(View::Resources(page)) => resources::update(page, action, ctx, user),
            Some(View::PromptDetail(page)) => prompt_detail::update(page, action, ctx, user),
            Some(View::SelfCheck(flow)) => selfcheck::update(flow, action, ctx),
            Some(View::MySelfChecks(page)) => my_selfchecks::update(page, action, ctx),
            Some(View::Page(page)) => page.update(action, ctx, user),
            None => Reply::none(),
        }
    };
    finish(ws, reply, ctx)
}

/// Applies a reply's navigation. Returning to home refreshes its upper section: a check-in
/// or a referral change may have moved what is due.
fn finish(ws: &mut Workspace, reply: Reply, ctx: &Ctx) -> Effect {
    if let Some(message) = reply.message {
        ws.message = Some(message);
    }
    match reply.nav {
        Nav::Stay => reply.effect,
        Nav::Push(view) => {
            ws.views.push(view);
            reply.effect
        }
        Nav::Modal(open) => {
            ws.modal = Some(open);
            reply.effect
        }
        Nav::HelpNow => {
            ws.help_now_asked = true;
            reply.effect
        }
        Nav::Quit => {
            ws.quit_asked = true;
            reply.effect
        }
        Nav::Back => {
            ws.views.pop();
            match reply.effect {
                // Home again after a check-in: the people list's last check-ins read again
                // (which reads the rest of home after it).
                Effect::None if ws.views.is_empty() && ws.people.stale => {
                    Effect::LoadPeople(ws.user.role)
                }
                Effect::None if ws.views.is_empty() => Effect::RefreshHome {
                    role: ws.user.role,
                    as_of: ctx.today,
                },
                effect => effect,
            }
        }
    }
}

/// Applies the result of a workflow effect to the workspace.
pub(super) fn apply(state: &mut State, outcome: Outcome) -> Effect {
    let ctx = Ctx::new(state);
    if let Outcome::Home { crisis, .. } = &outcome
        && let Some(lines) = crisis
        && !lines.is_empty()
    {
        state.crisis_lines = lines.clone();
    }
    let Screen::Workspace(ws) = &mut state.screen else {
        return Effect::None;
    };
    let failed = |ws: &mut Workspace, text: String| {
        ws.message = Some(Message::alert(widgets::sentence(&text)));
        Effect::None
    };
    let effect = match outcome {
        Outcome::Home {
            role,
            prompts,
            panel,
            own,
            rules_last_run,
            ..
        } => {
            if ws.user.role == role {
                ws.own_prompts = own;
            }
            if ws.user.role == role
                && let Some(panel) = panel
            {
                ws.panel.load(panel);
            }
            if ws.user.role == role
                && let (Some(list), Some(result)) = (&mut ws.prompts, prompts)
            {
                list.load(result, role, &ws.people);
                list.rules_last_run = rules_last_run;
                // Home leads with the prompts when there are any, the first time it opens.
                if !list.settled {
                    list.settled = true;
                    if list.len() > 0 {
                        ws.focus = home::Focus::Prompts;
                    }
                }
            }
            Effect::None
        }
        Outcome::PromptRefreshed { id, result } => {
            prompt_detail::refreshed(ws, id, result);
            Effect::None
        }
        Outcome::PromptDetail(Ok(data)) => {
            prompt_detail::opened(ws, data);
            Effect::None
        }
        Outcome::PromptHandled(result) => {
            if matches!(ws.views.last(), Some(View::PromptDetail(_))) && result.is_ok() {
                ws.views.pop();
            }
            ws.message = Some(match result {
                Ok(news) => Message::calm(news),
                Err(problem) => Message::alert(widgets::sentence(&problem)),
            });
            Effect::RefreshHome {
                role: ws.user.role,
                as_of: ctx.today,
            }
        }
        Outcome::CheckinEdited(result) => checkin_form::edited(ws, result),
        Outcome::SelfCheckTaken(result) => selfcheck::saved(ws, result),
        Outcome::MySelfChecks(Ok(page)) => {
            my_selfchecks::opened(ws, page);
            Effect::None
        }
        Outcome::SelfCheckChanged(Ok(news)) => {
            ws.message = Some(Message::calm(news));
            Effect::MySelfChecks
        }
        Outcome::Person(Ok(record)) => {
            person::opened(ws, record);
            Effect::None
        }
        Outcome::CheckinForm(Ok(start)) => {
            let form = checkin_form::CheckinForm::new(start, ctx.today);
            ws.views.push(View::CheckinForm(Box::new(form)));
            Effect::None
        }
        Outcome::CheckinSaved(result) => checkin_form::saved(ws, result, &ctx),
        Outcome::ReferralForm(Ok(start)) => {
            let form = referral_form::ReferralForm::new(start);
            ws.views.push(View::ReferralForm(Box::new(form)));
            Effect::None
        }
        Outcome::ReferralSaved(result) => referral_form::saved(ws, result, &ctx),
        Outcome::ReferralChanged(result) => referral_detail::changed(ws, result, &ctx),
        Outcome::ReferralDetail(Ok(data)) => {
            referral_detail::opened(ws, data);
            Effect::None
        }
        Outcome::Resources(Ok(list)) => {
            resources::opened(ws, list);
            Effect::None
        }
        Outcome::Delivered(delivery) => match ws.views.last_mut() {
            Some(View::Page(page)) => {
                let reply = page.apply(delivery, &ctx);
                finish(ws, reply, &ctx)
            }
            // The page that asked is gone (it cannot be: keys wait while a task runs).
            _ => Effect::None,
        },
        Outcome::ResourceRestored(Ok(name)) => {
            ws.message = Some(Message::calm(format!(
                "{} is back in the catalog: suggested again and open to new referrals.",
                crate::domain::text::sanitize(&name)
            )));
            Effect::LoadResources {
                include_retired: true,
            }
        }
        Outcome::ResourceRetired(Ok(name)) => {
            ws.message = Some(Message::calm(format!(
                "{} is retired: kept for the referrals that name it, no longer suggested.",
                crate::domain::text::sanitize(&name)
            )));
            Effect::LoadResources {
                include_retired: true,
            }
        }
        Outcome::Person(Err(text))
        | Outcome::CheckinForm(Err(text))
        | Outcome::ReferralForm(Err(text))
        | Outcome::ReferralDetail(Err(text))
        | Outcome::Resources(Err(text))
        | Outcome::ResourceRetired(Err(text))
        | Outcome::ResourceRestored(Err(text))
        | Outcome::PromptDetail(Err(text))
        | Outcome::MySelfChecks(Err(text))
        | Outcome::SelfCheckChanged(Err(text)) => failed(ws, text),
        // Handled by `state::apply`.
        Outcome::Unlocked { .. }
        | Outcome::ContinueInReader
        | Outcome::MustChoosePassphrase { .. }
        | Outcome::UnlockRefused(_)
        | Outcome::FirstLoginFailed(_)
        | Outcome::NewPassphraseRefused(_)
        | Outcome::People { .. } => Effect::None,
    };
    home::keep_selection_visible(state);
    effect
}

/// The commands of what is on screen, ignoring the `?` overlay (which lists them).
pub(super) fn screen_commands(state: &State) -> Vec<&'static Command> {
    if state.help_now_open {
        return help_now::commands();
    }
    match &state.screen {
        Screen::Login(form) => login::commands_for(form),
        Screen::FirstLogin(_) => first_login::commands(),
        Screen::Workspace(ws) => workspace_commands(ws),
    }
}

fn workspace_commands(ws: &Workspace) -> Vec<&'static Command> {
    if let Some(open) = &ws.modal {
        return modal::commands(open);
    }
    let mut commands = page_commands(ws);
    // `q` goes back from any page, unless it is being typed into a field.
    let typing_q = workspace_field(ws).is_some_and(|field| field.accepts('q'));
    if !ws.views.is_empty() && !typing_q {
        commands.push(&keymap::Q_BACK);
    }
    commands
}

fn page_commands(ws: &Workspace) -> Vec<&'static Command> {
    match ws.views.last() {
        None => home::commands(ws),
        Some(View::Person(page)) => person::commands(page, &ws.user),
        Some(View::CheckinDetail(detail)) => checkin_detail::commands(detail, &ws.user),
        Some(View::CheckinForm(form)) => checkin_form::commands(form, &ws.user),
        Some(View::ReferralForm(form)) => referral_form::commands(form),
        Some(View::ReferralDetail(detail)) => referral_detail::commands(detail, &ws.user),
        Some(View::Resources(page)) => resources::commands(page, &ws.user),
        Some(View::PromptDetail(_)) => prompt_detail::commands(&ws.user),
        Some(View::SelfCheck(flow)) => selfcheck::commands(flow),
        Some(View::MySelfChecks(page)) => my_selfchecks::commands(page),
        Some(View::Page(page)) => page.commands(&ws.user),
    }
}

/// The text field that takes typed characters on what is on screen, if any.
pub(super) fn screen_field(state: &State) -> Option<Field> {
    if state.help_now_open {
        return None;
    }
    match &state.screen {
        Screen::Login(form) => Some(form.field()),
        Screen::FirstLogin(_) => Some(Field::Secret),
        Screen::Workspace(ws) => workspace_field(ws),
    }
}

fn workspace_field(ws: &Workspace) -> Option<Field> {
    match (&ws.modal, ws.views.last()) {
        (Some(open), _) => modal::field(open),
        (None, None) if ws.people.typing => Some(Field::Filter),
        (None, None) if ws.prompts.as_ref().is_some_and(|p| p.typing) => Some(Field::Filter),
        (None, None) if matches!(&ws.panel, home::Panel::Queue(q) if q.typing) => {
            Some(Field::Filter)
        }
        (None, Some(View::CheckinForm(form))) => form.field(),
        (None, Some(View::ReferralForm(form))) => form.field(),
        (None, Some(View::SelfCheck(flow))) => flow.field(),
        (None, Some(View::Page(page))) => page.field(),
        _ => None,
    }
}

/// The commands keys resolve against right now (the overlay's own, while it is open).
pub(super) fn active_commands(state: &State) -> Vec<&'static Command> {
    if state.help_open {
        help::commands()
    } else {
        screen_commands(state)
    }
}

pub(super) fn active_field(state: &State) -> Option<Field> {
    if state.help_open {
        None
    } else {
        screen_field(state)
    }
}

pub(super) fn render(state: &State, frame: &mut Frame) {
    let ascii = state.theme.is_ascii();
    let _glyphs = super::ascii::Mode::enter(ascii);
    render_screen(state, frame);
    if ascii {
        super::ascii::to_ascii(frame.buffer_mut());
    }
}

fn render_screen(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if widgets::too_small(area.as_size()) {
        return render_too_small(state, frame);
    }
    let mut hints = keymap::hints(&active_commands(state), active_field(state));
    if state.help_now_open {
        // Already there: the footer need not offer it.
        hints.retain(|h| h.label != "help now");
    }
    widgets::render_frame(frame, state, &hints);
    let body = widgets::body_area(area.as_size());
    if state.help_now_open {
        help_now::render(frame, body, state.theme, &state.crisis_lines);
    } else {
        match &state.screen {
            Screen::Login(form) => login::render(frame, body, state, form),
            Screen::FirstLogin(form) => first_login::render(frame, body, state, form),
            Screen::Workspace(ws) => render_workspace(frame, body, state, ws),
        }
    }
    if state.help_open {
        help::render(
            frame,
            area,
            state,
            (&screen_commands(state), screen_field(state)),
        );
    }
}

fn render_workspace(frame: &mut Frame, body: Rect, state: &State, ws: &Workspace) {
    let uncovered = !state.help_open && !state.help_now_open;
    let Some(view) = ws.views.last() else {
        home::render(frame, body, state, ws);
        if let Some(open) = &ws.modal {
            modal::render(frame, body, state.theme, open, uncovered);
        }
        return;
    };
    let page = page_area(body);
    // The cursor belongs to the page only while nothing covers it.
    let typing = ws.modal.is_none() && uncovered;
    match view {
        View::Person(p) => person::render(frame, page, state, p),
        View::CheckinDetail(d) => checkin_detail::render(frame, page, state, d),
        View::CheckinForm(f) => checkin_form::render(frame, page, state, f, typing),
        View::ReferralForm(f) => referral_form::render(frame, page, state, f, typing),
        View::ReferralDetail(d) => referral_detail::render(frame, page, state, d),
        View::Resources(r) => resources::render(frame, page, state, r),
        View::PromptDetail(p) => prompt_detail::render(frame, page, state, p),
        View::SelfCheck(flow) => selfcheck::render(frame, page, state, flow),
        View::MySelfChecks(m) => my_selfchecks::render(frame, page, state, m),
        View::Page(p) => p.render(frame, page, state, typing),
    }
    if let Some(message) = &ws.message {
        let meaning = if message.alert {
            Meaning::Alert
        } else {
            Meaning::Text
        };
        let line = Rect::new(body.x, body.bottom().saturating_sub(1), body.width, 1);
        frame.render_widget(
            Line::styled(
                widgets::truncate(&widgets::sentence(&message.text), usize::from(body.width)),
                state.theme.style(meaning),
            ),
            line,
        );
    }
    if let Some(open) = &ws.modal {
        modal::render(frame, body, state.theme, open, uncovered);
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
    let mut texts: Vec<(String, Meaning)> = if state.help_now_open {
        help_now::lines(&state.crisis_lines)
    } else {
        vec![(
            "Please make this window a little larger.".into(),
            Meaning::Text,
        )]
    };
    texts.push((hints, Meaning::Muted));
    let lines: Vec<Line> = texts
        .into_iter()
        .flat_map(|(text, meaning)| {
            widgets::wrap_words(&text, width)
                .into_iter()
                .map(move |l| Line::styled(l, theme.style(meaning)))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

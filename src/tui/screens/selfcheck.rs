//! A confidential self-check, one item per screen: choose an instrument, answer, review, submit.
//! Answers live only in this state until submit; a safety answer brings the crisis screen at once.

use std::sync::OnceLock;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

use super::modal::{Confirmed, Modal};
use super::{
    Ctx, Reply, crisis, selfcheck_item, selfcheck_pick, selfcheck_result, selfcheck_review,
};
use crate::instruments::{self, Answer, Catalog, Instrument};
use crate::tui::keymap::{Command, Field, Key};
use crate::tui::list::{self, ListCursor};
use crate::tui::state::{Action, Effect, Message, State, View, Workspace};
use crate::tui::widgets;

/// Said on every item screen and on the review.
pub(crate) const PRIVATE: &str = "Only you can read your answers unless you choose to share them.";

/// The built-in instruments, parsed once.
pub(crate) fn catalog() -> Result<&'static Catalog, String> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// What taking a self-check stored, and the active catalog to suggest from (the desk's
/// `take_self_check_page`).
pub(crate) use crate::desk::SelfCheckTaken as SelfCheckSaved;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    Choose,
    Item,
    /// A safety item was answered above its lowest response.
    Crisis,
    Review,
    Saving,
    Result,
}

/// One instrument being answered.
#[derive(Debug)]
pub(crate) struct Taking {
    pub instrument: &'static Instrument,
    /// One per item: `None` until answered.
    pub answers: Vec<Option<Answer>>,
    /// The item on screen.
    pub item: usize,
    /// The response the arrows point at, on the item screen.
    pub highlight: Option<u32>,
    /// The item was opened from the review, to change it: answering goes back there.
    pub from_review: bool,
    /// The review's rows: every item, then sharing, contributing and submit.
    pub review: ListCursor,
    /// Seal it to the wellness coordinators as well. Off unless turned on, every time.
    pub share: bool,
    /// Add the band, without a name, to the unit's monthly figures. Off unless turned on.
    pub contribute: bool,
    pub problem: Option<String>,
}

/// The review's rows after the items.
pub(crate) const SHARE_ROW: usize = 0;
pub(crate) const CONTRIBUTE_ROW: usize = 1;
pub(crate) const SUBMIT_ROW: usize = 2;
pub(crate) const CONTROL_ROWS: usize = 3;

impl Taking {
    fn new(instrument: &'static Instrument) -> Self {
        Self {
            instrument,
            answers: vec![None; instrument.items().len()],
            item: 0,
            highlight: None,
            from_review: false,
            review: ListCursor::default(),
            share: false,
            contribute: false,
            problem: None,
        }
    }

    pub(crate) fn items(&self) -> usize {
        self.answers.len()
    }

    /// The review row under the cursor: an item, or one of the controls after them.
    pub(crate) fn review_row(&self) -> Result<usize, usize> {
        let at = self.review.selected;
        if at < self.items() {
            Ok(at)
        } else {
            Err(at - self.items())
        }
    }

    /// Skips allowed by the instrument that are still unused (this item's own excepted).
    pub(crate) fn skips_left(&self) -> usize {
        let allowed = self
            .instrument
            .scoring()
            .missing
            .as_ref()
            .map_or(0, |m| m.max_skipped);
        let used = self
            .answers
            .iter()
            .enumerate()
            .filter(|(i, a)| *i != self.item && matches!(a, Some(Answer::Skipped)))
            .count();
        allowed.saturating_sub(used)
    }

    fn value_of(&self, item: usize) -> Option<u32> {
        match self.answers.get(item) {
            Some(Some(Answer::Value(v))) => Some(*v),
            _ => None,
        }
    }

    fn show_item(&mut self, item: usize) {
        self.item = item;
        self.highlight = self.value_of(item);
        self.problem = None;
    }

    /// After an answer: the next item, or the review (where a change came from).
    fn advance(&mut self) -> Stage {
        if self.from_review || self.item + 1 >= self.items() {
            self.from_review = false;
            self.problem = None;
            return Stage::Review;
        }
        self.show_item(self.item + 1);
        Stage::Item
    }

    /// Records `value` for the item on screen; the crisis screen first if it is a safety
    /// item answered above the lowest response.
    fn answer(&mut self, value: u32) -> Stage {
        let responses = self.instrument.responses();
        if !(responses.min..=responses.max).contains(&value) {
            return Stage::Item;
        }
        self.answers[self.item] = Some(Answer::Value(value));
        self.highlight = Some(value);
        let safety = self
            .instrument
            .items()
            .get(self.item)
            .is_some_and(|i| i.safety);
        if safety && value > responses.min {
            return Stage::Crisis;
        }
        self.advance()
    }

    /// Every answer, once each item has one.
    fn complete(&self) -> Option<Vec<Answer>> {
        self.answers.iter().copied().collect()
    }
}

#[derive(Debug)]
pub(crate) struct SelfCheckFlow {
    pub instruments: &'static [Instrument],
    pub chooser: ListCursor,
    pub taking: Option<Taking>,
    pub stage: Stage,
    pub saved: Option<SelfCheckSaved>,
    /// The first line on screen of the result.
    pub offset: usize,
}

impl SelfCheckFlow {
    pub(crate) fn new(catalog: &'static Catalog) -> Self {
        Self {
            instruments: catalog.list(),
            chooser: ListCursor::default(),
            taking: None,
            stage: Stage::Choose,
            saved: None,
            offset: 0,
        }
    }

    /// The keys an item screen takes as answers.
    pub(crate) fn field(&self) -> Option<Field> {
        let taking = self.taking.as_ref()?;
        if self.stage != Stage::Item {
            return None;
        }
        let responses = taking.instrument.responses();
        let low = u8::try_from(responses.min).ok()?;
        let high = u8::try_from(responses.max.min(9)).ok()?;
        (low <= high).then_some(Field::Answer { low, high })
    }
}

/// Opens the chooser from home.
pub(crate) fn start() -> Reply {
    match catalog() {
        Ok(catalog) => Reply::push(View::SelfCheck(Box::new(SelfCheckFlow::new(catalog)))),
        Err(problem) => Reply::say(Message::alert(format!(
            "The self-checks cannot be offered: {problem}"
        ))),
    }
}

const STOP: Command = Command::new(&[Key::code(KeyCode::Esc)], "stop", Action::Back);
/// `q` stops too (and asks), so a stray key never quits with answers on screen.
const Q_STOP: Command = Command::quiet(&[Key::ch('q')], "stop", Action::Back);

static CHOOSE: [Command; 3] = [
    Command::new(&[Key::code(KeyCode::Enter)], "begin", Action::Open),
    Command::new(&[Key::ch('m')], "my self-checks", Action::OpenMySelfChecks),
    Command::new(&[Key::code(KeyCode::Esc)], "back", Action::Back),
];
static ITEM: [Command; 8] = [
    Command::new(
        &[Key::code(KeyCode::Left), Key::code(KeyCode::Backspace)],
        "back",
        Action::Left,
    ),
    STOP,
    Command::new(&[Key::ch('-')], "skip", Action::Skip),
    Command::quiet(
        &[Key::code(KeyCode::Right)],
        "next, keeping the answer",
        Action::Right,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Enter)],
        "answer with the one marked",
        Action::Confirm,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Down), Key::ch('j')],
        "mark the next answer",
        Action::Down,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Up), Key::ch('k')],
        "mark the previous answer",
        Action::Up,
    ),
    Q_STOP,
];
static CRISIS: [Command; 3] = [
    Command::new(&[Key::code(KeyCode::Enter)], "continue", Action::Confirm),
    STOP,
    Q_STOP,
];
static REVIEW: [Command; 7] = [
    Command::new(&[Key::code(KeyCode::Enter)], "change", Action::Open),
    Command::new(&[Key::ctrl('s')], "submit", Action::Save),
    STOP,
    Command::quiet(&[Key::ch(' ')], "switch on or off", Action::Toggle),
    Command::quiet(
        &[Key::code(KeyCode::Down), Key::ch('j')],
        "next",
        Action::Down,
    ),
    Command::quiet(
        &[Key::code(KeyCode::Up), Key::ch('k')],
        "previous",
        Action::Up,
    ),
    Q_STOP,
];
static RESULT: [Command; 2] = [
    Command::new(
        &[Key::code(KeyCode::Esc), Key::code(KeyCode::Enter)],
        "done",
        Action::Back,
    ),
    Command::new(&[Key::ch('m')], "my self-checks", Action::OpenMySelfChecks),
];
static SAVING: [Command; 0] = [];

pub(crate) fn commands(flow: &SelfCheckFlow) -> Vec<&'static Command> {
    let (own, moves): (&'static [Command], &'static [Command]) = match flow.stage {
        Stage::Choose => (&CHOOSE, &list::LIST_MOVES),
        Stage::Item => (&ITEM, &[]),
        Stage::Crisis => (&CRISIS, &list::DOCUMENT_MOVES),
        Stage::Review => (&REVIEW, &[]),
        Stage::Saving => (&SAVING, &[]),
        Stage::Result => (&RESULT, &list::DOCUMENT_MOVES),
    };
    let skips = flow.taking.as_ref().map_or(0, Taking::skips_left);
    own.iter()
        .chain(moves)
        .filter(|c| c.action != Action::Skip || skips > 0)
        .collect()
}

fn stop() -> Reply {
    Reply::modal(Modal::confirm(
        "Stop? Nothing is saved.".into(),
        "stop",
        Confirmed::Discard,
    ))
}

pub(crate) fn update(flow: &mut SelfCheckFlow, action: Action, ctx: &Ctx) -> Reply {
    match flow.stage {
        Stage::Choose => choose(flow, action, ctx),
        Stage::Item => item(flow, action),
        Stage::Crisis => match action {
            Action::Confirm => {
                if let Some(taking) = &mut flow.taking {
                    flow.stage = taking.advance();
                }
                flow.offset = 0;
                Reply::none()
            }
            Action::Back => stop(),
            action => {
                let rows = usize::from(ctx.page.height);
                list::scroll_page(&mut flow.offset, &action, ctx.crisis_lines, rows);
                Reply::none()
            }
        },
        Stage::Review => review(flow, action, ctx),
        Stage::Saving => Reply::none(),
        Stage::Result => match action {
            Action::Back => Reply::back(),
            // The result gives way to the list it now belongs to.
            Action::OpenMySelfChecks => Reply {
                effect: Effect::MySelfChecks,
                ..Reply::back()
            },
            action => {
                let width = usize::from(ctx.page.width);
                let total = flow
                    .saved
                    .as_ref()
                    .map_or(0, |saved| selfcheck_result::document(saved, width).len());
                list::scroll_page(
                    &mut flow.offset,
                    &action,
                    total,
                    usize::from(ctx.page.height),
                );
                Reply::none()
            }
        },
    }
}

fn choose(flow: &mut SelfCheckFlow, action: Action, ctx: &Ctx) -> Reply {
    let rows = selfcheck_pick::rows(ctx.page);
    let len = flow.instruments.len();
    if flow.chooser.navigate(&action, len, rows) {
        return Reply::none();
    }
    match action {
        Action::Back => Reply::back(),
        Action::OpenMySelfChecks => Effect::MySelfChecks.into(),
        Action::Open => {
            if let Some(instrument) = flow.instruments.get(flow.chooser.selected) {
                flow.taking = Some(Taking::new(instrument));
                flow.stage = Stage::Item;
            }
            Reply::none()
        }
        _ => Reply::none(),
    }
}

fn item(flow: &mut SelfCheckFlow, action: Action) -> Reply {
    let Some(taking) = &mut flow.taking else {
        return Reply::none();
    };
    let responses = taking.instrument.responses();
    let (min, max) = (responses.min, responses.max);
    match action {
        Action::Type(c) => {
            if let Some(value) = c.to_digit(10) {
                flow.stage = taking.answer(value);
            }
        }
        Action::Confirm => {
            if let Some(value) = taking.highlight {
                flow.stage = taking.answer(value);
            }
        }
        Action::Down => {
            taking.highlight = Some(taking.highlight.map_or(min, |v| (v + 1).min(max)));
        }
        Action::Up => {
            taking.highlight = Some(
                taking
                    .highlight
                    .map_or(max, |v| v.saturating_sub(1).max(min)),
            );
        }
        Action::Right if taking.answers[taking.item].is_some() => {
            flow.stage = taking.advance();
        }
        Action::Skip if taking.skips_left() > 0 => {
            taking.answers[taking.item] = Some(Answer::Skipped);
            flow.stage = taking.advance();
        }
        Action::Left if taking.from_review => {
            taking.from_review = false;
            flow.stage = Stage::Review;
        }
        Action::Left if taking.item > 0 => {
            let previous = taking.item - 1;
            taking.show_item(previous);
        }
        Action::Left if taking.answers.iter().all(Option::is_none) => {
            flow.taking = None;
            flow.stage = Stage::Choose;
        }
        Action::Left | Action::Back => return stop(),
        _ => {}
    }
    Reply::none()
}

fn review(flow: &mut SelfCheckFlow, action: Action, ctx: &Ctx) -> Reply {
    let Some(taking) = &mut flow.taking else {
        return Reply::none();
    };
    let rows = selfcheck_review::item_rows(ctx.page);
    let len = taking.items() + CONTROL_ROWS;
    // The cursor's offset is the items' window, kept by the review itself.
    let offset = taking.review.offset;
    if taking.review.navigate(&action, len, len) {
        taking.review.offset = offset;
        selfcheck_review::keep_item_visible(taking, rows);
        return Reply::none();
    }
    match (action, taking.review_row()) {
        (Action::Back, _) => stop(),
        (Action::Save, _) | (Action::Open, Err(SUBMIT_ROW)) => submit(flow, ctx.today),
        (Action::Open, Ok(item)) => {
            taking.show_item(item);
            taking.from_review = true;
            flow.stage = Stage::Item;
            Reply::none()
        }
        (Action::Open | Action::Toggle, Err(SHARE_ROW)) => {
            taking.share = !taking.share;
            Reply::none()
        }
        (Action::Open | Action::Toggle, Err(CONTRIBUTE_ROW)) => {
            taking.contribute = !taking.contribute;
            Reply::none()
        }
        _ => Reply::none(),
    }
}

/// Scores the answers here first (so a problem shows before anything is sent), then asks
/// the desk to seal and store them.
fn submit(flow: &mut SelfCheckFlow, today: NaiveDate) -> Reply {
    let Some(taking) = &mut flow.taking else {
        return Reply::none();
    };
    let Some(answers) = taking.complete() else {
        if let Some(first) = taking.answers.iter().position(Option::is_none) {
            taking.show_item(first);
            flow.stage = Stage::Item;
        }
        return Reply::none();
    };
    if let Err(e) = instruments::score(taking.instrument, &answers) {
        taking.problem = Some(widgets::sentence(&e.to_string()));
        return Reply::none();
    }
    taking.problem = None;
    flow.stage = Stage::Saving;
    Effect::TakeSelfCheck {
        instrument: taking.instrument.id().to_string(),
        answers,
        share: taking.share,
        contribute: taking.contribute,
        taken_on: today,
    }
    .into()
}

/// The desk's verdict on submit: the result, or the problem on the review (nothing stored).
pub(crate) fn saved(ws: &mut Workspace, result: Result<SelfCheckSaved, String>) -> Effect {
    let Some(View::SelfCheck(flow)) = ws.views.last_mut() else {
        return Effect::None;
    };
    match result {
        Ok(saved) => {
            flow.saved = Some(saved);
            flow.stage = Stage::Result;
            flow.offset = 0;
        }
        Err(problem) => {
            flow.stage = Stage::Review;
            if let Some(taking) = &mut flow.taking {
                taking.problem = Some(widgets::sentence(&problem));
            }
        }
    }
    Effect::None
}

pub(crate) fn render(frame: &mut Frame, area: Rect, state: &State, flow: &SelfCheckFlow) {
    match (flow.stage, &flow.taking, &flow.saved) {
        (Stage::Item, Some(taking), _) => selfcheck_item::render(frame, area, state, taking),
        (Stage::Crisis, Some(_), _) => crisis::render(frame, area, state, flow.offset),
        (Stage::Review | Stage::Saving, Some(taking), _) => {
            selfcheck_review::render(frame, area, state, taking, flow.stage == Stage::Saving);
        }
        (Stage::Result, _, Some(saved)) => {
            selfcheck_result::render(frame, area, state, saved, flow.offset);
        }
        _ => selfcheck_pick::render(frame, area, state, flow),
    }
}

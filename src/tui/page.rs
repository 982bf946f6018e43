//! A page over the home screen, with everything it is in one place: what it draws, which
//! keys it answers, how it changes, and the desk call that fills it. A new page is one file
//! implementing [`Page`], one `mod` line, and the key that opens it; it needs no arm in
//! the state's, the screens' or the effect runner's `match`es.
//!
//! A page asks for data with a [`Task`]: one `Session` call, run by the effect runner like
//! any effect (on a worker, with "Working…" when it is slow). What it returns comes back to
//! the page that is in front as a [`Delivery`], which the page takes as the type it asked for.
//! A long task reports how far it has got through a [`Gauge`] the page keeps: the loop
//! redraws while the task runs, so the page shows the gauge as it moves.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex};

use ratatui::Frame;
use ratatui::layout::Rect;

use super::keymap::{Command, Field};
use super::screens::{Ctx, Reply};
use super::state::{Action, State, User};
use crate::desk::{self, Session};

/// A page of the workspace. `Any`, so a page can find another of a known type below it
/// (`View::page_mut`) to show a change made here.
pub(super) trait Page: fmt::Debug + Any + Send {
    /// The keys it answers now, in footer order.
    fn commands(&self, user: &User) -> Vec<&'static Command>;

    /// The text field typed characters go to, if any.
    fn field(&self) -> Option<Field> {
        None
    }

    /// A key's meaning here (overlays and the modal were handled before it).
    fn update(&mut self, action: Action, ctx: &Ctx, user: &User) -> Reply;

    /// What a task this page asked for brought back.
    fn apply(&mut self, delivery: Delivery, ctx: &Ctx) -> Reply;

    /// Draws it in `area` (the body less the message line); `typing` while nothing covers it.
    fn render(&self, frame: &mut Frame, area: Rect, state: &State, typing: bool);
}

/// How a key opens a page: the key's command carries it (`Action::OpenPage`), so the screen
/// that offers the key needs nothing else of the page.
#[derive(Clone, Copy)]
pub(super) struct Opener {
    /// The page's name, as the `?` help and `Debug` show it.
    pub name: &'static str,
    /// Whether the role on screen is offered the key (policy's answer, asked through `User`).
    pub offered: fn(&User) -> bool,
    /// The page pushed in its loading state, with the task that fills it.
    pub open: fn(&Ctx, &User) -> Reply,
}

impl PartialEq for Opener {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl fmt::Debug for Opener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Opener({:?})", self.name)
    }
}

/// A list or a document that is loading, loaded, or could not be read (the reason, calm).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) enum Loaded<T> {
    #[default]
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loaded<T> {
    pub(super) fn ready(&self) -> Option<&T> {
        match self {
            Loaded::Ready(value) => Some(value),
            Loaded::Loading | Loaded::Failed(_) => None,
        }
    }
}

impl<T> From<Result<T, String>> for Loaded<T> {
    fn from(result: Result<T, String>) -> Self {
        match result {
            Ok(value) => Loaded::Ready(value),
            Err(reason) => Loaded::Failed(reason),
        }
    }
}

type Work = Box<dyn FnOnce(Option<&mut Session>) -> Box<dyn Any + Send> + Send>;

/// One desk call a page asks for; its answer is delivered to the page in front as a
/// `Result<T, String>` (a refusal already worded for the screen).
pub(super) struct Task {
    /// What it does, for `Debug` and tests ("vault settings").
    pub name: &'static str,
    work: Work,
}

impl Task {
    /// A call that reads.
    pub(super) fn read<T: Send + 'static>(
        name: &'static str,
        work: impl FnOnce(&Session) -> desk::Result<T> + Send + 'static,
    ) -> Self {
        Self::read_or(name, None, work)
    }

    /// A call that reads, with its own words for a refusal (which otherwise reads "that is
    /// not open to you in this role", and never names what was refused).
    pub(super) fn read_or<T: Send + 'static>(
        name: &'static str,
        denied: Option<&'static str>,
        work: impl FnOnce(&Session) -> desk::Result<T> + Send + 'static,
    ) -> Self {
        Self {
            name,
            work: Box::new(move |session| {
                let result: Result<T, String> = match session {
                    Some(session) => work(session).map_err(|e| match (e, denied) {
                        (desk::Error::Denied(_), Some(words)) => words.to_string(),
                        (other, _) => super::effects::calm(other),
                    }),
                    None => Err(super::effects::LOCKED.into()),
                };
                Box::new(result)
            }),
        }
    }

    /// A call that changes the vault (through the desk, audited there).
    pub(super) fn write<T: Send + 'static>(
        name: &'static str,
        work: impl FnOnce(&mut Session) -> desk::Result<T> + Send + 'static,
    ) -> Self {
        Self {
            name,
            work: Box::new(move |session| {
                let result: Result<T, String> = match session {
                    Some(session) => work(session).map_err(super::effects::calm),
                    None => Err(super::effects::LOCKED.into()),
                };
                Box::new(result)
            }),
        }
    }

    /// A call that reads and reports its progress to `gauge` (which the page keeps, to show
    /// how far it has got while the loop redraws).
    pub(super) fn read_watched<T: Send + 'static>(
        name: &'static str,
        gauge: &Gauge,
        work: impl FnOnce(&Session, &mut dyn desk::Progress) -> desk::Result<T> + Send + 'static,
    ) -> Self {
        let mut gauge = gauge.clone();
        gauge.reset();
        Self::read(name, move |session| work(session, &mut gauge))
    }

    /// Runs it with the held session, if any; for the effect runner alone.
    pub(super) fn run(self, session: Option<&mut Session>) -> Delivery {
        Delivery::new(self.name, (self.work)(session))
    }
}

impl fmt::Debug for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Task({:?})", self.name)
    }
}

/// How far a watched task has got: the stage it is in, that stage's steps and how many are
/// done. Written by the worker running the task, read by the page drawing it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Reading {
    pub stage: String,
    pub total: u64,
    pub done: u64,
}

impl Reading {
    /// The share of the stage done, in whole percent, where its size is known.
    pub(super) fn percent(&self) -> Option<u64> {
        (self.total > 0).then(|| (self.done.min(self.total) * 100) / self.total)
    }
}

/// A reading shared between a task's worker and the page that asked for it.
#[derive(Clone, Default)]
pub(super) struct Gauge(Arc<Mutex<Reading>>);

impl Gauge {
    pub(super) fn reading(&self) -> Reading {
        self.0.lock().map(|r| r.clone()).unwrap_or_default()
    }

    fn reset(&mut self) {
        if let Ok(mut r) = self.0.lock() {
            *r = Reading::default();
        }
    }
}

impl desk::Progress for Gauge {
    fn stage(&mut self, what: &str, total: u64, _: desk::Steps) {
        if let Ok(mut r) = self.0.lock() {
            *r = Reading {
                stage: what.to_string(),
                total,
                done: 0,
            };
        }
    }

    fn advance(&mut self, done: u64) {
        if let Ok(mut r) = self.0.lock() {
            r.done = done;
        }
    }
}

impl fmt::Debug for Gauge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gauge({:?})", self.reading())
    }
}

/// A task held until someone says yes to it: a confirm modal's "then" for a page's change
/// (rekey, ending a pairing). Taken once; two are equal only if they are the same one.
#[derive(Clone)]
pub(super) struct Deferred(Arc<Mutex<Option<Task>>>);

impl Deferred {
    pub(super) fn new(task: Task) -> Self {
        Self(Arc::new(Mutex::new(Some(task))))
    }

    pub(super) fn take(&self) -> Option<Task> {
        self.0.lock().ok()?.take()
    }
}

impl PartialEq for Deferred {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Deferred {}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.lock().ok().and_then(|t| t.as_ref().map(|t| t.name)) {
            Some(name) => write!(f, "Deferred({name:?})"),
            None => write!(f, "Deferred(taken)"),
        }
    }
}

/// What a [`Task`] brought back, taken once by the page as the type its task returns.
/// Outcomes are cloned and compared as values, so the answer is shared behind a pointer:
/// two deliveries are equal only if they are the same one.
#[derive(Clone)]
pub(super) struct Delivery {
    pub name: &'static str,
    answer: Arc<Mutex<Option<Box<dyn Any + Send>>>>,
}

impl Delivery {
    fn new(name: &'static str, answer: Box<dyn Any + Send>) -> Self {
        Self {
            name,
            answer: Arc::new(Mutex::new(Some(answer))),
        }
    }

    /// The task's answer, if it is a `Result<T, String>` and no one took it before.
    pub(super) fn take<T: 'static>(&self) -> Option<Result<T, String>> {
        let mut slot = self.answer.lock().ok()?;
        let answer = slot.take()?;
        match answer.downcast::<Result<T, String>>() {
            Ok(result) => Some(*result),
            Err(other) => {
                *slot = Some(other);
                None
            }
        }
    }

    /// A delivery made without running anything, for tests of a page's `apply`.
    #[cfg(test)]
    pub(super) fn of<T: Send + 'static>(name: &'static str, result: Result<T, String>) -> Self {
        Self::new(name, Box::new(result))
    }
}

impl PartialEq for Delivery {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.answer, &other.answer)
    }
}

impl fmt::Debug for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Delivery({:?})", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivery_is_taken_once_and_only_as_the_type_asked_for() {
        let delivery = Delivery::of::<u32>("a number", Ok(7));
        assert_eq!(delivery.take::<String>(), None, "the wrong type leaves it");
        let copy = delivery.clone();
        assert_eq!(copy, delivery);
        assert_eq!(delivery.take::<u32>(), Some(Ok(7)));
        assert_eq!(copy.take::<u32>(), None, "taken already");
        assert_ne!(Delivery::of::<u32>("a number", Ok(7)), delivery);
    }

    #[test]
    fn a_task_without_a_session_says_the_vault_is_locked() {
        let task = Task::read("nothing", |_| Ok(1u8));
        assert_eq!(format!("{task:?}"), "Task(\"nothing\")");
        let delivery = task.run(None);
        assert_eq!(
            delivery.take::<u8>(),
            Some(Err(super::super::effects::LOCKED.to_string()))
        );
    }

    #[test]
    fn a_gauge_shows_what_its_task_reported_and_starts_again_with_the_next() {
        use desk::Progress;
        let gauge = Gauge::default();
        let mut worker = gauge.clone();
        worker.stage("Re-hashing the audited rows", 200, desk::Steps::Items);
        worker.advance(84);
        assert_eq!(gauge.reading().percent(), Some(42));
        assert_eq!(gauge.reading().stage, "Re-hashing the audited rows");
        worker.stage("Counting", 0, desk::Steps::Items);
        assert_eq!(gauge.reading().percent(), None, "a stage of unknown size");
        let task = Task::read_watched("watched", &gauge, |_, progress| {
            progress.stage("Done", 1, desk::Steps::Items);
            progress.advance(1);
            Ok(())
        });
        assert_eq!(
            gauge.reading(),
            Reading::default(),
            "a new task starts at nothing"
        );
        drop(task);
    }

    #[test]
    fn a_deferred_task_is_taken_once() {
        let deferred = Deferred::new(Task::read("later", |_| Ok(1u8)));
        assert_eq!(format!("{deferred:?}"), "Deferred(\"later\")");
        let copy = deferred.clone();
        assert_eq!(copy, deferred);
        assert!(deferred.take().is_some());
        assert!(copy.take().is_none());
        assert_eq!(format!("{deferred:?}"), "Deferred(taken)");
    }

    #[test]
    fn loaded_follows_the_result() {
        assert_eq!(Loaded::from(Ok::<u8, String>(3)).ready(), Some(&3));
        assert_eq!(
            Loaded::<u8>::from(Err("no".to_string())),
            Loaded::Failed("no".into())
        );
        assert_eq!(Loaded::<u8>::Loading.ready(), None);
    }
}

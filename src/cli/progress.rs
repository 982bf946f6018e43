//! Progress of long work on stderr for a person at a terminal: a bar with a count and an
//! estimate of the time left (indicatif). Never drawn on a pipe or with `--json`, so what
//! scripts read is exactly what it was; the desk only reports, through `desk::Progress`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::desk::{Progress, Steps};

/// How often a bar is redrawn while the work is quiet, so the estimate keeps moving.
const TICK: Duration = Duration::from_millis(200);

/// Whether progress may be drawn: only where a person watches stderr, and never for a
/// program reading `--json`.
pub fn should_draw(stderr_is_terminal: bool, json: bool) -> bool {
    stderr_is_terminal && !json
}

/// `desk::Progress` drawn as a bar on stderr, or (when it must not be drawn) nothing at
/// all. The bar is cleared when the next stage starts and when the meter is dropped, so
/// drop it before printing the result.
pub struct Meter {
    draw: bool,
    bar: Option<ProgressBar>,
}

impl Meter {
    /// A meter for a command: drawn when stderr is a terminal and `--json` is not given.
    pub fn for_command(json: bool) -> Self {
        Self::new(should_draw(std::io::stderr().is_terminal(), json))
    }

    pub fn new(draw: bool) -> Self {
        Self { draw, bar: None }
    }

    fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// The bar's layout for a stage: a count (or bytes) with the estimated time left, or, for
/// work of unknown size, a spinner with the time it has taken so far.
fn template(total: u64, steps: Steps) -> &'static str {
    match (total, steps) {
        (0, _) => "{spinner} {msg} ({elapsed})",
        (_, Steps::Items) => {
            "{msg} [{bar:30}] {human_pos}/{human_len} ({percent}%), about {eta} left"
        }
        (_, Steps::Bytes) => {
            "{msg} [{bar:30}] {binary_bytes}/{binary_total_bytes} ({percent}%), about {eta} left"
        }
    }
}

/// [`template`] with ASCII bar and spinner characters (a screen reader or an old console
/// copes with them).
fn style(total: u64, steps: Steps) -> ProgressStyle {
    // The templates are fixed and tested; were one refused, a bare bar would do.
    ProgressStyle::with_template(template(total, steps))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .tick_chars("|/-\\ ")
}

impl Progress for Meter {
    fn stage(&mut self, what: &str, total: u64, steps: Steps) {
        if !self.draw {
            return;
        }
        self.clear();
        let bar = ProgressBar::with_draw_target(
            (total > 0).then_some(total),
            ProgressDrawTarget::stderr(),
        )
        .with_style(style(total, steps))
        .with_message(what.to_string());
        bar.enable_steady_tick(TICK);
        self.bar = Some(bar);
    }

    fn advance(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }
}

impl Drop for Meter {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_drawn_only_at_a_terminal_without_json() {
        assert!(should_draw(true, false));
        assert!(!should_draw(true, true), "--json at a terminal");
        assert!(!should_draw(false, false), "a pipe or a file");
        assert!(!should_draw(false, true));
    }

    #[test]
    fn a_meter_that_must_not_draw_makes_no_bar() {
        let mut meter = Meter::new(false);
        meter.stage("Evaluating the rules", 10, Steps::Items);
        meter.advance(5);
        assert!(meter.bar.is_none());
    }

    #[test]
    fn a_drawing_meter_follows_the_stages_and_clears_between_them() {
        let mut meter = Meter::new(true);
        meter.stage("Copying the backup", 2048, Steps::Bytes);
        meter.advance(1024);
        let bar = meter.bar.clone().expect("a bar");
        assert_eq!(bar.position(), 1024);
        assert_eq!(bar.length(), Some(2048));
        meter.stage("Verifying the backup's audit log", 0, Steps::Items);
        assert!(bar.is_finished(), "the first stage's bar is cleared");
        assert_eq!(meter.bar.as_ref().expect("a spinner").length(), None);
        drop(meter);
    }

    #[test]
    fn every_layout_is_a_valid_template() {
        for total in [0, 10] {
            for steps in [Steps::Items, Steps::Bytes] {
                let layout = template(total, steps);
                assert!(ProgressStyle::with_template(layout).is_ok(), "{layout}");
            }
        }
    }
}

//! Vault upkeep, for admins: whether the rules in force hold up and what the open prompts
//! look like against the records, what a purge would remove (a dry run only: the purge
//! itself stays a command-line or timer job), and a rekey after a plain confirmation.
//! Every answer is the desk's (`rules_check`, `purge` with `dry_run`, `rekey`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::checkin_detail::render_document;
use super::modal::{Confirmed, Modal};
use super::{Ctx, Reply};
use crate::desk::{
    NOTES_RETENTION_DAYS, PromptAudit, PurgeReport, REFERRAL_RETENTION_DAYS, RekeyReport,
    RulesCheck, Unwatched,
};
use crate::domain::text::{count, sanitize};
use crate::policy;
use crate::tui::keymap::{Command, Key};
use crate::tui::list;
use crate::tui::page::{Deferred, Delivery, Loaded, Opener, Page, Task};
use crate::tui::state::{Action, Effect, Message, State, User, View};
use crate::tui::theme::Meaning;
use crate::tui::widgets;

/// Home's key for this page (offered to those who may rekey the vault: admins).
pub(crate) const OPEN: Command = Command::new(
    &[Key::ch('U')],
    "upkeep",
    Action::OpenPage(Opener {
        name: "vault upkeep",
        offered: |user| user.may(policy::Action::Rekey),
        open: |ctx, _| Reply {
            effect: Effect::Task(load_rules(ctx)),
            ..Reply::push(View::Page(Box::new(Upkeep::default())))
        },
    }),
);

const RULES: &str = "rules check";
const PURGE: &str = "purge dry run";
const REKEY: &str = "rekey";

const CHECK_AGAIN: &str = "check again";
const ASK_REKEY: &str = "rekey";

fn load_rules(ctx: &Ctx) -> Task {
    let today = ctx.today;
    Task::read(RULES, move |session| session.rules_check(today))
}

fn load_purge(ctx: &Ctx) -> Task {
    let today = ctx.today;
    // A dry run writes nothing; the desk's purge takes `&mut` for the real one.
    Task::write(PURGE, move |session| {
        session.purge(
            today,
            NOTES_RETENTION_DAYS,
            REFERRAL_RETENTION_DAYS,
            true,
            &mut Unwatched,
        )
    })
}

#[derive(Debug, Default)]
pub(crate) struct Upkeep {
    rules: Loaded<RulesCheck>,
    purge: Loaded<PurgeReport>,
    rekeyed: Option<RekeyReport>,
    offset: usize,
}

static COMMANDS: [Command; 3] = [
    Command::new(
        &[Key::ch('r')],
        "check again",
        Action::PageCommand(CHECK_AGAIN),
    ),
    Command::new(&[Key::ch('K')], "rekey", Action::PageCommand(ASK_REKEY)),
    list::BACK,
];

/// The open prompts against the records, in words.
fn prompt_words(audit: &PromptAudit) -> Vec<(String, Meaning)> {
    let mut out = Vec::new();
    if audit.open == 0 {
        out.push((
            "No prompt is open, so there is nothing to check against the records.".into(),
            Meaning::Text,
        ));
        return out;
    }
    let found = audit.findings();
    if found.is_empty() {
        out.push((
            format!(
                "✓ {} checked against the records: each still holds, every reason is true, and every record cited opens for each person it reaches.",
                count(audit.open, "open prompt", "open prompts")
            ),
            Meaning::Text,
        ));
    } else {
        out.push((
            format!(
                "{} checked against the records:",
                count(audit.open, "open prompt", "open prompts")
            ),
            Meaning::Text,
        ));
        for line in found {
            out.push((format!("  ◆ {line}"), Meaning::Alert));
        }
    }
    out
}

impl Upkeep {
    fn document(&self, width: usize) -> Vec<(String, Meaning)> {
        let mut lines: Vec<(String, Meaning)> = Vec::new();
        let mut say = |text: &str, meaning: Meaning| {
            for line in widgets::wrap_words(text, width.max(1)) {
                lines.push((line, meaning));
            }
        };
        say("Vault upkeep", Meaning::Title);
        say("", Meaning::Text);
        say("Rules", Meaning::Title);
        match &self.rules {
            Loaded::Loading => say("Checking the rules…", Meaning::Muted),
            Loaded::Failed(reason) => say(
                &format!("The rules could not be checked: {}", sanitize(reason)),
                Meaning::Alert,
            ),
            Loaded::Ready(check) => {
                let which = if check.builtin {
                    "the built-in rules"
                } else {
                    "the rules file given to steady"
                };
                say(
                    &format!(
                        "✓ The rules in force are {which}: {}, each checked when they were loaded, with no problems ({}).",
                        count(check.rules.len(), "rule", "rules"),
                        sanitize(&check.rules.join(", "))
                    ),
                    Meaning::Text,
                );
                for (text, meaning) in prompt_words(&check.prompts) {
                    say(&text, meaning);
                }
            }
        }
        say("", Meaning::Text);
        say("Purge (a dry run)", Meaning::Title);
        match &self.purge {
            Loaded::Loading => say("Looking for old records…", Meaning::Muted),
            Loaded::Failed(reason) => say(
                &format!("The dry run could not be made: {}", sanitize(reason)),
                Meaning::Alert,
            ),
            Loaded::Ready(report) => {
                let notes = report.checkin_notes.len();
                let referrals = report.referrals.len();
                if notes == 0 && referrals == 0 {
                    say(
                        &format!(
                            "A purge today would remove nothing: no check-in notes written before {} and no referral that ended before {}.",
                            report.notes_before, report.referrals_before
                        ),
                        Meaning::Text,
                    );
                } else {
                    say(
                        &format!(
                            "A purge today would remove the notes of {} written before {} (kept three years) and {} that ended before {} (kept two years).",
                            count(notes, "check-in", "check-ins"),
                            report.notes_before,
                            count(
                                referrals,
                                "closed or withdrawn referral",
                                "closed or withdrawn referrals"
                            ),
                            report.referrals_before
                        ),
                        Meaning::Text,
                    );
                }
                say(
                    "Nothing was removed: the app offers only this dry run. The purge itself runs from the command line (steady purge) or its daily timer.",
                    Meaning::Muted,
                );
            }
        }
        say("", Meaning::Text);
        say("Rekey", Meaning::Title);
        match &self.rekeyed {
            None => say(
                "K gives the vault a new master key and seals it to every active account, so everyone logs in as before; the slots of disabled accounts are dropped, so a copy of the old key opens nothing new.",
                Meaning::Text,
            ),
            Some(report) => {
                let dropped = if report.dropped.is_empty() {
                    "no slot was dropped".to_string()
                } else {
                    format!(
                        "{} dropped: {}",
                        count(report.dropped.len(), "slot", "slots"),
                        sanitize(&report.dropped.join(", "))
                    )
                };
                say(
                    &format!(
                        "✓ Rekeyed: the new master key is sealed to {}; {dropped}.",
                        count(report.sealed_to, "account", "accounts")
                    ),
                    Meaning::Text,
                );
            }
        }
        lines
    }
}

impl Page for Upkeep {
    fn commands(&self, _: &User) -> Vec<&'static Command> {
        COMMANDS.iter().chain(list::DOCUMENT_MOVES.iter()).collect()
    }

    fn update(&mut self, action: Action, ctx: &Ctx, _: &User) -> Reply {
        match action {
            Action::Back => Reply::back(),
            Action::PageCommand(CHECK_AGAIN) => {
                self.rules = Loaded::Loading;
                self.purge = Loaded::Loading;
                Effect::Task(load_rules(ctx)).into()
            }
            Action::PageCommand(ASK_REKEY) => Reply::modal(Modal::confirm(
                "Rekey the vault? A new master key replaces the old one and is sealed to every active account (each logs in as before); slots of disabled accounts are dropped.".into(),
                "rekey",
                Confirmed::Run(Deferred::new(Task::write(REKEY, |s| s.rekey()))),
            )),
            action => {
                let lines = self.document(usize::from(ctx.page.width));
                list::scroll_page(
                    &mut self.offset,
                    &action,
                    lines.len(),
                    usize::from(ctx.page.height),
                );
                Reply::none()
            }
        }
    }

    fn apply(&mut self, delivery: Delivery, ctx: &Ctx) -> Reply {
        match delivery.name {
            RULES => {
                if let Some(result) = delivery.take::<RulesCheck>() {
                    self.rules = Loaded::from(result);
                }
                // The dry run follows, as its own call.
                Effect::Task(load_purge(ctx)).into()
            }
            PURGE => {
                if let Some(result) = delivery.take::<PurgeReport>() {
                    self.purge = Loaded::from(result);
                }
                Reply::none()
            }
            REKEY => match delivery.take::<RekeyReport>() {
                Some(Ok(report)) => {
                    let news = format!(
                        "The vault has a new master key, sealed to {}.",
                        count(report.sealed_to, "account", "accounts")
                    );
                    self.rekeyed = Some(report);
                    Reply::say(Message::calm(news))
                }
                Some(Err(problem)) => Reply::say(Message::alert(format!(
                    "The vault was not rekeyed: {}",
                    widgets::sentence(&problem)
                ))),
                None => Reply::none(),
            },
            _ => Reply::none(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, state: &State, _: bool) {
        let lines = self.document(usize::from(area.width));
        if lines.is_empty() {
            frame.render_widget(Line::raw(""), area);
            return;
        }
        render_document(frame, area, state, &lines, self.offset);
    }
}

#[cfg(test)]
#[path = "upkeep_tests.rs"]
mod tests;

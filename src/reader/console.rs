//! The line console: plain lines out (`\n` only, every user text sanitised), one answer per
//! line in. Help-now answers `help` or `!` at every question and then asks the question again.

use std::io::{self, BufRead, Write};

use crate::desk::Passphrase;
use crate::domain::resources::Resource;
use crate::domain::text::sanitize;

/// How long before the idle lock the reader says it is coming.
const LOCK_WARNING: std::time::Duration = std::time::Duration::from_secs(60);

/// "1 minute", "30 seconds".
fn spoken_duration(d: std::time::Duration) -> String {
    match d.as_secs() {
        60 => "1 minute".into(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        1 => "1 second".into(),
        s => format!("{s} seconds"),
    }
}

/// Why a screen stopped before its end.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The input ended, or the person asked to quit: the whole front end ends.
    Quit,
    /// The person asked to lock: back to the login.
    Lock,
    /// The person cancelled a form or a question: back to the screen before.
    Cancel,
    /// The terminal failed.
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Io(e)
    }
}

pub(crate) type Step<T> = Result<T, Stop>;

/// How many items a page of a list reads.
pub(crate) const PAGE: usize = 10;

/// Said first whatever the catalog holds.
const DANGER: &str = "If you or someone is in immediate danger: call 911.";
const REASSURANCE: &str =
    "Nothing is sent to anyone, and nothing here tells anyone you listened to this.";

/// Where secrets come from: the terminal without echo, or the scripted input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrets {
    NoEcho,
    FromInput,
}

/// Waits up to the given time for an answer to begin; false if none came.
pub(crate) type WaitForInput = fn(std::time::Duration) -> bool;

pub(crate) struct Console<'a> {
    input: &'a mut dyn BufRead,
    /// While signed in: lock after this long without an answer, waiting with this.
    pub(crate) idle: Option<(std::time::Duration, WaitForInput)>,
    output: &'a mut dyn Write,
    secrets: Secrets,
    /// The crisis lines help-now reads: the seed's before login, the vault's after.
    pub(crate) crisis: Vec<Resource>,
}

/// One line of text as it may be written: sanitised, without any control character.
pub(crate) fn plain(text: &str) -> String {
    sanitize(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl<'a> Console<'a> {
    pub(crate) fn new(
        input: &'a mut dyn BufRead,
        output: &'a mut dyn Write,
        secrets: Secrets,
        crisis: Vec<Resource>,
    ) -> Self {
        Self {
            input,
            idle: None,
            output,
            secrets,
            crisis,
        }
    }

    /// Writes one line. Text made here and user text alike pass through `plain`.
    pub(crate) fn say(&mut self, text: &str) -> Step<()> {
        let line = plain(text);
        let line = one_full_stop(line.trim_end());
        self.output.write_all(line.as_bytes())?;
        self.output.write_all(b"\n")?;
        self.output.flush()?;
        Ok(())
    }

    /// Help-now's lines: the emergency line, each crisis line with its contact and hours,
    /// then that nothing is sent.
    pub(crate) fn help_now(&mut self) -> Step<()> {
        self.say("Help, right now.")?;
        self.say(DANGER)?;
        let lines: Vec<String> = self
            .crisis
            .iter()
            .filter(|r| r.id != "911" && !r.retired)
            .map(|r| format!("{}: {}, {}.", r.name, r.contact, r.hours))
            .collect();
        for line in lines {
            self.say(&line)?;
        }
        self.say(REASSURANCE)?;
        self.say("Back where you were.")
    }

    fn read_line(&mut self) -> Step<String> {
        if let Some((after, wait)) = self.idle {
            // A warning a minute before the lock (half the time, for a very short lock),
            // and that minute to answer: the lock is a security control, but no one loses
            // their place without being told first (WCAG 2.2.1).
            let warning = LOCK_WARNING.min(after / 2);
            if !wait(after - warning) {
                self.say(&format!(
                    "Still there? steady locks in {} unless you answer the question above.",
                    spoken_duration(warning)
                ))?;
                if !wait(warning) {
                    self.say(&format!(
                        "Locked after {} minutes without an answer.",
                        after.as_secs() / 60
                    ))?;
                    return Err(Stop::Lock);
                }
            }
        }
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(Stop::Quit);
        }
        Ok(line.trim_end_matches(['\n', '\r']).to_string())
    }

    /// Asks `question` on its own line and reads the answer; `help` or `!` reads help-now
    /// and asks again.
    pub(crate) fn ask(&mut self, question: &str) -> Step<String> {
        loop {
            self.say(question)?;
            let answer = self.read_line()?;
            if is_help(&answer) {
                self.help_now()?;
                continue;
            }
            return Ok(answer.trim().to_string());
        }
    }

    /// Asks for a passphrase, without echo where the input is a terminal.
    pub(crate) fn ask_secret(&mut self, question: &str) -> Step<Passphrase> {
        loop {
            self.say(question)?;
            let answer = match self.secrets {
                Secrets::NoEcho => rpassword::read_password()?,
                Secrets::FromInput => self.read_line()?,
            };
            if is_help(&answer) {
                self.help_now()?;
                continue;
            }
            return Ok(Passphrase::new(answer));
        }
    }

    /// A yes/no question, asked until answered.
    pub(crate) fn confirm(&mut self, question: &str) -> Step<bool> {
        loop {
            let answer = self.ask(&format!("{question} Answer yes or no."))?;
            match answer.to_lowercase().as_str() {
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("Please answer yes or no.")?,
            }
        }
    }

    /// Announces the commands allowed now (`word`, what it does) and reads one: the word, or
    /// its first letter where no other command starts with it. `quit` and `lock` are always
    /// understood and stop the front end or lock it.
    pub(crate) fn choose(&mut self, commands: &[(&str, &str)]) -> Step<String> {
        let listed: Vec<String> = commands
            .iter()
            .map(|(word, what)| format!("{word} ({what})"))
            .collect();
        let line = format!("Choose: {}.", listed.join(", "));
        loop {
            let answer = self.ask(&line)?.to_lowercase();
            if let Some(word) = pick(commands, &answer) {
                return Ok(word.to_string());
            }
            match answer.as_str() {
                "quit" => return Err(Stop::Quit),
                "lock" => return Err(Stop::Lock),
                _ => self.say("That is not one of the choices.")?,
            }
        }
    }

    /// One form field: its label, what may be typed, its current value; Enter keeps the
    /// current value (`None`), `cancel` leaves the form.
    pub(crate) fn field(&mut self, label: &str, allowed: &str, now: &str) -> Step<Option<String>> {
        let answer = self.ask(&format!(
            "{label} ({allowed}; now: {now}). Enter keeps it; cancel leaves the form."
        ))?;
        match answer.to_lowercase().as_str() {
            "" => Ok(None),
            "cancel" => Err(Stop::Cancel),
            _ => Ok(Some(answer)),
        }
    }

    /// A numbered, paged list under `title`: reads a page, then lets the person open an
    /// item (its number), page (`n`, `p`) or give one of `extra`. Returns the item's index or
    /// the command's word; `back` is always offered.
    pub(crate) fn list(
        &mut self,
        title: &str,
        items: &[String],
        extra: &[(&str, &str)],
    ) -> Step<Picked> {
        self.list_of(title, "", items, extra)
    }

    /// As [`Console::list`], each item said as "`noun` 3 of 12: …" ("Row 3 of 12").
    pub(crate) fn list_of(
        &mut self,
        title: &str,
        noun: &str,
        items: &[String],
        extra: &[(&str, &str)],
    ) -> Step<Picked> {
        let pages = items.len().div_ceil(PAGE).max(1);
        let mut page = 0;
        loop {
            self.say(&format!("{title}: {}.", items.len()))?;
            if pages > 1 {
                self.say(&format!("Page {} of {pages}.", page + 1))?;
            }
            let start = page * PAGE;
            for (i, item) in items.iter().enumerate().skip(start).take(PAGE) {
                let noun = if noun.is_empty() {
                    String::new()
                } else {
                    format!("{noun} ")
                };
                self.say(&format!("{noun}{} of {}: {item}", i + 1, items.len()))?;
            }
            let mut commands: Vec<(&str, &str)> = Vec::new();
            let numbers = if items.is_empty() {
                None
            } else {
                Some(format!("1 to {}", items.len()))
            };
            if let Some(range) = &numbers {
                commands.push(("a number", range.as_str()));
            }
            if page + 1 < pages {
                commands.push(("n", "next page"));
            }
            if page > 0 {
                commands.push(("p", "previous page"));
            }
            commands.extend_from_slice(extra);
            commands.push(("back", "the screen before"));
            let answer = self.choose_or_number(&commands, items.len())?;
            match answer {
                Picked::Command(word) if word == "n" => page += 1,
                Picked::Command(word) if word == "p" => page -= 1,
                other => return Ok(other),
            }
        }
    }

    fn choose_or_number(&mut self, commands: &[(&str, &str)], count: usize) -> Step<Picked> {
        let listed: Vec<String> = commands
            .iter()
            .map(|(word, what)| format!("{word} ({what})"))
            .collect();
        let line = format!("Choose: {}.", listed.join(", "));
        loop {
            let answer = self.ask(&line)?.to_lowercase();
            if let Ok(n) = answer.parse::<usize>()
                && (1..=count).contains(&n)
            {
                return Ok(Picked::Item(n - 1));
            }
            let words: Vec<(&str, &str)> = commands
                .iter()
                .copied()
                .filter(|(w, _)| *w != "a number")
                .collect();
            if let Some(word) = pick(&words, &answer) {
                return Ok(Picked::Command(word.to_string()));
            }
            match answer.as_str() {
                "quit" => return Err(Stop::Quit),
                "lock" => return Err(Stop::Lock),
                _ => self.say("That is not one of the choices.")?,
            }
        }
    }
}

/// What a list gave back.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Picked {
    Item(usize),
    Command(String),
}

/// A sentence ends once: user text that ends in its own full stop (or question mark) and
/// then the one the line adds reads as "Tired." rather than "Tired..".
fn one_full_stop(line: &str) -> &str {
    let doubled = [".", "?", "!"]
        .iter()
        .any(|end| line.ends_with(&format!("{end}.")));
    if doubled && !line.ends_with("...") {
        &line[..line.len() - 1]
    } else {
        line
    }
}

fn is_help(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "help" | "!")
}

/// The command `answer` names: its word, or its first letter where that is unambiguous.
fn pick<'c>(commands: &[(&'c str, &str)], answer: &str) -> Option<&'c str> {
    if answer.is_empty() {
        return None;
    }
    if let Some((word, _)) = commands.iter().find(|(w, _)| *w == answer) {
        return Some(word);
    }
    let mut starting = commands
        .iter()
        .filter(|(w, _)| answer.chars().count() == 1 && w.starts_with(answer) && !w.contains(' '));
    match (starting.next(), starting.next()) {
        (Some((word, _)), None) => Some(word),
        _ => None,
    }
}

//! `steady man` and `steady completions SHELL`: the manual page and shell completions,
//! generated from the clap definitions so they cannot drift from the commands. No vault.

use clap::{Arg, ArgAction, Command, CommandFactory, ValueEnum};
use roff::{Roff, bold, italic, roman};

use super::Cli;
use super::output::{Failure, write_raw};

/// The shells `steady completions` writes a script for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

impl CompletionShell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// The completion script for `shell`, as the shell loads it. Hidden commands are not
/// offered (clap's generators would list them).
pub(super) fn completion_script(shell: CompletionShell) -> Vec<u8> {
    let mut command = without_hidden_commands(&Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell.generator(), &mut command, "steady", &mut script);
    script
}

pub(super) fn completions(shell: CompletionShell) -> Result<(), Failure> {
    write_raw(&completion_script(shell));
    Ok(())
}

pub(super) fn man() -> Result<(), Failure> {
    write_raw(man_page().as_bytes());
    Ok(())
}

/// What the exit status means (as `--help` says, and DESIGN.md).
const EXIT_CODES: [(&str, &str); 7] = [
    ("0", "success"),
    ("1", "another failure"),
    (
        "2",
        "usage: a wrong argument, or no terminal where one is needed",
    ),
    ("3", "authentication failed"),
    ("4", "permission denied"),
    ("5", "invalid input, or not found"),
    (
        "6",
        "a storage problem: the vault is locked, damaged, from a newer steady, open to others, or the disk is full",
    ),
];

/// Variables that are not options of their own (those are listed from their option).
const ENVIRONMENT: [(&str, &str); 3] = [
    (
        "STEADY_PASSPHRASE",
        "the passphrase, for scripts; otherwise steady asks at a no-echo prompt",
    ),
    (
        "STEADY_PASSPHRASE_FILE",
        "a file whose first line is the passphrase (a systemd credential)",
    ),
    (
        "STEADY_NEW_PASSPHRASE",
        "the new passphrase where one is set (init, a first login, account passwd)",
    ),
];

/// The whole manual page, in roff: name, synopsis, description and global options from
/// clap, then every command (nested ones under their full name, such as `steady account
/// add`), the environment and the exit status. Hidden commands are left out.
pub(super) fn man_page() -> String {
    let mut command = Cli::command();
    command.build();
    let page = clap_mangen::Man::new(command.clone());
    // Each section clap_mangen renders begins with roff's apostrophe preamble: keep one.
    let preamble = Roff::new().render();
    let mut text = preamble.clone();
    // The title by hand: an empty date must stay an (empty) argument of its own.
    text.push_str(&format!(
        ".TH STEADY 1 \"\" \"steady {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    ));
    type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    let sections: [Section; 5] = [
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
        clap_mangen::Man::render_version_section,
    ];
    let mut version = String::new();
    for (i, render) in sections.into_iter().enumerate() {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = render(&page, &mut out);
        let section = String::from_utf8_lossy(&out);
        let section = section.strip_prefix(&preamble).unwrap_or(&section);
        // The version goes last, after the sections written here.
        if i == sections.len() - 1 {
            version = section.to_string();
        } else {
            text.push_str(section);
        }
    }

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Every command below takes the global options above. Each has --help.",
    )]);
    describe_commands(&mut roff, &command, "steady");
    roff.control("SH", ["ENVIRONMENT"]);
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        if let (Some(env), Some(long)) = (arg.get_env(), arg.get_long()) {
            roff.control("TP", []);
            roff.text([bold(env.to_string_lossy())]);
            roff.text([roman(format!("as --{long}"))]);
        }
    }
    for (name, meaning) in ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    let rendered = roff.render();
    text.push_str(rendered.strip_prefix(&preamble).unwrap_or(&rendered));
    text.push_str(&version);
    text
}

/// One `.SS` entry per visible subcommand of `parent`, depth first: its full name, usage,
/// description and its own options.
fn describe_commands(roff: &mut Roff, parent: &Command, path: &str) {
    for command in visible_subcommands(parent) {
        let name = format!("{path} {}", command.get_name());
        roff.control("SS", [name.as_str()]);
        let usage = command.clone().render_usage().to_string();
        for line in usage.lines() {
            let line = line.trim_start_matches("Usage:").trim();
            if !line.is_empty() {
                roff.text([bold(line)]);
                roff.control("br", []);
            }
        }
        if let Some(about) = command.get_long_about().or_else(|| command.get_about()) {
            roff.control("PP", []);
            roff.text([roman(about.to_string())]);
        }
        for arg in command.get_arguments().filter(|a| own_argument(a)) {
            describe_argument(roff, arg);
        }
        describe_commands(roff, command, &name);
    }
}

/// `command` as it is, less its hidden subcommands (at any depth).
fn without_hidden_commands(command: &Command) -> Command {
    let mut visible = Command::new(command.get_name().to_string());
    if let Some(about) = command.get_about() {
        visible = visible.about(about.clone());
    }
    if let Some(about) = command.get_long_about() {
        visible = visible.long_about(about.clone());
    }
    if let Some(version) = command.get_version() {
        visible = visible.version(version.to_string());
    }
    for arg in command.get_arguments() {
        visible = visible.arg(arg.clone());
    }
    for group in command.get_groups() {
        visible = visible.group(group.clone());
    }
    for sub in visible_subcommands(command) {
        visible = visible.subcommand(without_hidden_commands(sub));
    }
    visible
}

/// The subcommands a person can run, without clap's `help` and hidden ones.
pub(super) fn visible_subcommands(command: &Command) -> impl Iterator<Item = &Command> {
    command
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
}

/// An argument of this command itself: not a global option, help or version.
fn own_argument(arg: &Arg) -> bool {
    !arg.is_hide_set()
        && !arg.is_global_set()
        && !matches!(arg.get_id().as_str(), "help" | "version")
}

fn describe_argument(roff: &mut Roff, arg: &Arg) {
    let value_names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(|n| format!("<{n}>")).collect(),
        None => vec![format!("<{}>", arg.get_id().as_str().to_uppercase())],
    };
    let takes_value = arg.get_action().takes_values();
    let mut term = Vec::new();
    if arg.is_positional() {
        term.push(italic(value_names.join(" ")));
    } else {
        let mut flags = Vec::new();
        if let Some(short) = arg.get_short() {
            flags.push(format!("-{short}"));
        }
        if let Some(long) = arg.get_long() {
            flags.push(format!("--{long}"));
        }
        term.push(bold(flags.join(", ")));
        if takes_value {
            term.push(roman(" "));
            term.push(italic(value_names.join(" ")));
        }
    }
    roff.control("TP", []);
    roff.text(term);
    let mut help = arg
        .get_long_help()
        .or_else(|| arg.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !possible.is_empty() {
        help.push_str(&format!(" [possible values: {}]", possible.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() && !matches!(arg.get_action(), ArgAction::SetTrue) {
        help.push_str(&format!(" [default: {}]", defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        help.push_str(&format!(" [env: {}]", env.to_string_lossy()));
    }
    if !help.is_empty() {
        roff.text([roman(help.trim().to_string())]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible command's full name, depth first.
    fn command_names(parent: &Command, path: &str, out: &mut Vec<String>) {
        for command in visible_subcommands(parent) {
            let name = format!("{path} {}", command.get_name());
            out.push(name.clone());
            command_names(command, &name, out);
        }
    }

    #[test]
    fn the_page_has_an_entry_for_every_command_and_none_for_hidden_ones() {
        let page = man_page().replace("\\-", "-");
        let mut command = Cli::command();
        command.build();
        let mut names = Vec::new();
        command_names(&command, "steady", &mut names);
        assert!(names.contains(&"steady account add".to_string()));
        for name in &names {
            assert!(
                page.contains(&format!(".SS \"{name}\"\n")),
                "{name} has no entry"
            );
        }
        assert!(!page.contains("drill-checkins"));
        // One preamble, and the sections in a man page's order.
        assert_eq!(page.matches(".ie \\n(.g .ds Aq").count(), 1, "{page}");
        let order = [
            "SH NAME",
            "SH SYNOPSIS",
            "SH COMMANDS",
            "SH \"EXIT STATUS\"",
            "SH VERSION",
        ];
        let at: Vec<usize> = order.iter().map(|s| page.find(s).expect(s)).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    }

    #[test]
    fn an_option_shows_its_value_choices_and_default() {
        let page = man_page().replace("\\-", "-");
        assert!(page.contains("[possible values: csv, json]"), "{page}");
        assert!(page.contains("[default: 200]"), "{page}");
    }
}

//! steady among the system's tools: `--version` with the vault schema it writes, shell
//! completions and the manual page from the clap definitions (no vault needed), the files
//! the Debian package installs, and its maintainer scripts.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::common::{RunExt, steady};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The highest number among the migration files (`0009_ssh_keys.sql` → 9).
fn highest_migration() -> u32 {
    std::fs::read_dir(repo().join("src/store/migrations"))
        .expect("the migrations folder")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".sql")?.split('_').next()?.parse().ok()
        })
        .max()
        .expect("at least one migration")
}

#[test]
fn version_names_the_release_and_the_vault_schema_it_writes() {
    let schema = highest_migration();
    assert_eq!(steady::testing::SCHEMA_VERSION, schema);
    let expected = format!(
        "steady {} (vault schema {schema})\n",
        env!("CARGO_PKG_VERSION")
    );
    for flag in ["--version", "-V"] {
        let out = steady().arg(flag).succeeds();
        assert_eq!(out.stdout(), expected, "{flag}");
        assert!(out.stderr.is_empty(), "{}", out.stderr);
    }
}

/// Every command a person can run, by full name (`steady account add`), depth first.
fn command_names(parent: &clap::Command, path: &str, out: &mut Vec<String>) {
    for command in parent
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
    {
        let name = format!("{path} {}", command.get_name());
        out.push(name.clone());
        command_names(command, &name, out);
    }
}

fn all_commands() -> Vec<String> {
    let mut names = Vec::new();
    command_names(&steady::cli::Cli::command(), "steady", &mut names);
    names
}

/// The top-level commands, by name (`account`, `report`, …).
fn top_level_commands() -> Vec<String> {
    all_commands()
        .iter()
        .filter_map(|n| n.strip_prefix("steady "))
        .filter(|n| !n.contains(' '))
        .map(String::from)
        .collect()
}

/// Runs `steady ARGS` with a vault path that does not exist and no login or passphrase:
/// what needs no vault must still succeed, with nothing on stderr.
fn without_a_vault(args: &[&str]) -> Vec<u8> {
    let out = steady()
        .args(["--db", "/nonexistent/steady/steady.db"])
        .args(args)
        .succeeds();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    out.stdout
}

#[test]
fn completions_for_each_shell_name_every_top_level_command() {
    let commands = top_level_commands();
    assert!(commands.len() > 20, "{commands:?}");
    for shell in ["bash", "zsh", "fish"] {
        let script = String::from_utf8(without_a_vault(&["completions", shell])).expect("UTF-8");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no {command}");
        }
        assert!(
            !script.contains("drill-checkins"),
            "{shell}: a hidden command"
        );
    }
    // The bash script is one bash will load.
    let script = without_a_vault(&["completions", "bash"]);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("steady.bash");
    std::fs::write(&path, script).expect("write");
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .expect("bash runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // An unknown shell is a usage error.
    assert_eq!(
        steady().args(["completions", "tcsh"]).outcome().code,
        Some(2)
    );
}

#[test]
fn the_man_page_names_every_command() {
    let page = String::from_utf8(without_a_vault(&["man"])).expect("UTF-8");
    assert!(page.contains(".TH STEADY 1 "), "{page}");
    // roff writes a hyphen as `\-`.
    let page = page.replace("\\-", "-");
    let names = all_commands();
    assert!(names.contains(&"steady report engagement".to_string()));
    assert!(names.contains(&"steady ssh-key add".to_string()));
    for name in &names {
        assert!(
            page.contains(&format!("\n.SS \"{name}\"\n")),
            "no entry for {name}"
        );
    }
    assert!(page.contains("--readme"), "options are described");
    assert!(page.contains(".SH \"EXIT STATUS\""));
}

#[test]
fn the_readme_lists_every_top_level_command() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let section = &readme[readme
        .find("## Command line")
        .expect("a command-line section")..];
    let fence = section.find("```").expect("a code block") + 3;
    let block = &section[fence..fence + section[fence..].find("```").expect("its end")];
    let words: Vec<&str> = block
        .split(|c: char| c.is_whitespace() || c == '|')
        .collect();
    for command in top_level_commands() {
        assert!(
            words.contains(&command.as_str()),
            "README's command list has no `{command}`"
        );
    }
}

/// The generated files the package installs, and the command that prints each.
const GENERATED: [(&str, &[&str]); 4] = [
    ("deploy/man/steady.1", &["man"]),
    ("deploy/completions/steady.bash", &["completions", "bash"]),
    ("deploy/completions/_steady", &["completions", "zsh"]),
    ("deploy/completions/steady.fish", &["completions", "fish"]),
];

#[test]
fn the_committed_man_page_and_completions_are_what_steady_prints_now() {
    for (file, args) in GENERATED {
        let committed = std::fs::read(repo().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            committed == without_a_vault(args),
            "{file} differs from `steady {}`: run deploy/regenerate.sh and commit the result",
            args.join(" ")
        );
    }
}

/// `[package.metadata.deb]` of Cargo.toml.
fn deb_metadata() -> toml::Value {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    let manifest: toml::Value = toml::from_str(&manifest).expect("Cargo.toml parses");
    manifest["package"]["metadata"]["deb"].clone()
}

/// Each asset as (source, destination, mode).
fn deb_assets() -> Vec<(String, String, String)> {
    deb_metadata()["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .map(|asset| {
            let parts: Vec<String> = asset
                .as_array()
                .expect("an asset is [source, destination, mode]")
                .iter()
                .map(|p| p.as_str().expect("a string").to_string())
                .collect();
            assert_eq!(parts.len(), 3, "{parts:?}");
            (parts[0].clone(), parts[1].clone(), parts[2].clone())
        })
        .collect()
}

#[test]
fn every_file_the_package_names_exists() {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml"))
            .expect("Cargo.toml parses");
    let bins: Vec<&str> = manifest["bin"]
        .as_array()
        .expect("[[bin]]")
        .iter()
        .filter_map(|b| b["name"].as_str())
        .collect();
    let assets = deb_assets();
    for (source, destination, mode) in &assets {
        match source.strip_prefix("target/release/") {
            // Built by `cargo deb` itself: the binary must be one the crate defines.
            Some(bin) => assert!(bins.contains(&bin), "no [[bin]] named {bin}"),
            None => assert!(repo().join(source).is_file(), "{source} is missing"),
        }
        assert!(
            !destination.starts_with('/'),
            "{destination}: relative to the root"
        );
        assert!(
            matches!(mode.as_str(), "644" | "755"),
            "{source}: mode {mode}"
        );
    }
    // Everything the issue asks the package to carry.
    let sources: Vec<&str> = assets.iter().map(|(s, _, _)| s.as_str()).collect();
    for needed in ["target/release/steady", "deploy/ssh/steady.conf"]
        .into_iter()
        .chain(GENERATED.iter().map(|(file, _)| *file))
    {
        assert!(sources.contains(&needed), "the package lacks {needed}");
    }
    let units: Vec<PathBuf> = std::fs::read_dir(repo().join("deploy/systemd"))
        .expect("deploy/systemd")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert!(units.len() >= 5);
    for unit in &units {
        let source = unit.strip_prefix(repo()).expect("in the repo");
        assert!(
            sources.contains(&source.to_str().expect("UTF-8")),
            "the package lacks {}",
            source.display()
        );
    }
}

/// The installed path of the steady binary, from the package's assets.
fn installed_binary() -> String {
    let (_, destination, _) = deb_assets()
        .into_iter()
        .find(|(s, _, _)| s == "target/release/steady")
        .expect("the binary is an asset");
    format!("/{destination}steady")
}

#[test]
fn the_units_and_sshd_block_run_the_binary_where_the_package_puts_it() {
    let binary = installed_binary();
    assert_eq!(binary, "/usr/bin/steady");
    for file in [
        "deploy/systemd/steady-rules.service",
        "deploy/systemd/steady-rules-failed.service",
        "deploy/systemd/steady-backup.service",
        "deploy/ssh/steady.conf",
    ] {
        let text = std::fs::read_to_string(repo().join(file)).expect(file);
        assert!(
            text.contains(&format!("{binary} --db /var/lib/steady/steady.db ")),
            "{file} does not run {binary} on the packaged vault"
        );
        assert!(!text.contains("/usr/local/bin"), "{file}");
    }
}

fn maintainer_scripts() -> Vec<PathBuf> {
    let folder = deb_metadata()["maintainer-scripts"]
        .as_str()
        .expect("maintainer-scripts")
        .to_string();
    let scripts: Vec<PathBuf> = std::fs::read_dir(repo().join(folder))
        .expect("the maintainer scripts' folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert!(
        scripts.iter().any(|p| p.ends_with("postinst")),
        "{scripts:?}"
    );
    scripts
}

#[test]
fn the_maintainer_scripts_are_valid_executable_shell() {
    for script in maintainer_scripts() {
        let checked = std::process::Command::new("sh")
            .arg("-n")
            .arg(&script)
            .output()
            .expect("sh runs");
        assert!(
            checked.status.success(),
            "{}: {}",
            script.display(),
            String::from_utf8_lossy(&checked.stderr)
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&script)
                .expect("the script")
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o111,
                0o111,
                "{} is not executable",
                script.display()
            );
        }
    }
}

/// Puts a stand-in for each system command postinst calls in `bin`: each logs its
/// arguments to `log`; `getent passwd steady` finds the user once `useradd` made it.
fn stand_ins(bin: &Path, log: &Path, users: &Path) {
    let script = |body: &str| {
        format!(
            "#!/bin/sh\necho \"$(basename \"$0\") $*\" >> '{}'\n{body}\n",
            log.display()
        )
    };
    let commands = [
        (
            "getent",
            format!("grep -qx \"$2\" '{}' 2>/dev/null", users.display()),
        ),
        (
            "useradd",
            format!(
                "eval last=\\${{$#}}; echo \"$last\" >> '{}'",
                users.display()
            ),
        ),
        ("usermod", String::new()),
        ("install", String::new()),
        ("systemctl", String::new()),
    ];
    for (name, body) in commands {
        let path = bin.join(name);
        std::fs::write(&path, script(&body)).expect("a stand-in");
        crate::common::set_mode(&path, 0o755);
    }
}

#[test]
fn postinst_creates_the_user_once_and_always_restores_the_folders() {
    let postinst = maintainer_scripts()
        .into_iter()
        .find(|p| p.ends_with("postinst"))
        .expect("postinst");
    let dir = tempfile::tempdir().expect("temp dir");
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).expect("bin");
    let log = dir.path().join("log");
    let users = dir.path().join("users");
    stand_ins(&bin, &log, &users);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = || {
        let out = std::process::Command::new("sh")
            .arg(&postinst)
            .arg("configure")
            .env("PATH", &path)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let logged = std::fs::read_to_string(&log).expect("the log");
        std::fs::remove_file(&log).expect("clear the log");
        logged
    };
    let first = run();
    assert!(
        first.contains("useradd --system --user-group --home-dir /var/lib/steady"),
        "{first}"
    );
    assert!(first.contains("usermod --password * steady"), "{first}");
    for folder in ["/var/lib/steady", "/var/backups/steady"] {
        assert!(
            first.contains(&format!(
                "install -d -o steady -g steady -m 0700 {folder}\n"
            )),
            "{first}"
        );
    }
    // Again (an upgrade, a re-run): the user exists, so only the folders are seen to.
    let second = run();
    assert!(
        !second.contains("useradd") && !second.contains("usermod"),
        "{second}"
    );
    assert!(
        second.contains("install -d -o steady -g steady -m 0700 /var/lib/steady\n"),
        "{second}"
    );
    // Any other action is refused, and abort-* does nothing.
    let refused = std::process::Command::new("sh")
        .arg(&postinst)
        .arg("bogus")
        .env("PATH", &path)
        .output()
        .expect("sh runs");
    assert!(!refused.status.success());
}

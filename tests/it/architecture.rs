//! The layering the design asks for, checked on the source itself: the front ends reach
//! the vault only through the desk, and nothing made for tests is in a release build.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The file's text up to its unit tests (`#[cfg(test)] mod tests`), which may reach further.
fn product_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read a source file");
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[test]
fn the_front_ends_reach_the_vault_only_through_the_desk() {
    let mut offences = Vec::new();
    for front in ["tui", "cli", "reader"] {
        for path in rust_files(&src().join(front)) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.ends_with("tests.rs") {
                continue;
            }
            for (n, line) in product_text(&path).lines().enumerate() {
                let reaches_store = line.contains("crate::store");
                // The secret newtypes are the one thing a front end takes from the vault.
                let reaches_vault =
                    line.contains("crate::vault") && !line.contains("crate::vault::Passphrase;");
                if reaches_store || reaches_vault {
                    offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "front ends past the desk:\n{}",
        offences.join("\n")
    );
}

#[test]
fn nothing_made_for_tests_is_in_a_release_build() {
    let mut offences = Vec::new();
    for path in rust_files(&src()) {
        let text = product_text(&path);
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let declares = line.contains("fn ") && line.contains("_for_tests");
            if !declares {
                continue;
            }
            // The attributes right above the declaration (doc comments may sit between).
            let gated = lines[..n]
                .iter()
                .rev()
                .take_while(|l| {
                    let l = l.trim();
                    l.starts_with("#[") || l.starts_with("///")
                })
                .any(|l| l.contains("cfg(test)") || l.contains("feature = \"test-support\""));
            if !gated {
                offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "test hooks in the product:\n{}",
        offences.join("\n")
    );
    // The crash drill command is compiled only into the test suite's build.
    let cli = std::fs::read_to_string(src().join("cli").join("mod.rs")).expect("cli/mod.rs");
    let drill = cli
        .find("DrillCheckins(drill::DrillArgs)")
        .expect("the drill command");
    assert!(
        cli[..drill]
            .rfind("#[cfg(feature = \"test-support\")]")
            .is_some_and(|at| drill - at < 200),
        "the drill command is not gated"
    );
}

/// Lines of a file before its unit tests, or none for a file that is tests throughout.
fn product_lines(path: &Path) -> usize {
    let is_tests = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with("tests.rs"));
    if is_tests {
        return 0;
    }
    let text = std::fs::read_to_string(path).expect("read a source file");
    let product = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => &text[..],
    };
    product.lines().count()
}

#[test]
fn no_source_file_is_over_seven_hundred_lines_of_product() {
    let long: Vec<String> = rust_files(&src())
        .iter()
        .map(|p| (p, product_lines(p)))
        .filter(|(_, n)| *n > 700)
        .map(|(p, n)| format!("{}: {n}", p.display()))
        .collect();
    assert!(
        long.is_empty(),
        "files too long to read:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_desk_reads_no_clock_but_the_sessions() {
    let mut offences = Vec::new();
    for path in rust_files(&src().join("desk")) {
        for (n, line) in product_text(&path).lines().enumerate() {
            let reads_clock = ["today()", "Local::now", "Utc::now", "SystemTime::now"]
                .iter()
                .any(|c| line.contains(c));
            if reads_clock {
                offences.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the desk reads the wall clock:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_app_carries_no_benchmark_probe() {
    // The benchmark drives the app through its public `App` (as `run` does) from its own
    // source; nothing in the library times or scripts a sign-in.
    for path in rust_files(&src()) {
        if path.starts_with(src().join("bin")) {
            continue;
        }
        let text = product_text(&path);
        assert!(
            !text.contains("HomeProbe") && !text.contains("mod probe"),
            "{} carries the benchmark's probe",
            path.display()
        );
    }
    let probe = src().join("bin").join("steady-bench").join("probe.rs");
    let probe = std::fs::read_to_string(&probe).expect("the benchmark's own probe");
    assert!(probe.contains("struct HomeProbe"));
}

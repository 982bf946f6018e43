//! ASCII mode through a real pseudo-terminal: the full-screen app on a real vault, turned
//! on by `--ascii`, by `STEADY_ASCII=1`, or by a locale whose character set is not UTF-8,
//! writes nothing but ASCII to the terminal; in a UTF-8 locale without them it draws its
//! usual boxes.

use std::process::Command;

use rexpect::session::spawn_command;

use crate::common::library_vault;

const TIMEOUT_MS: u64 = 30_000;

/// Everything the app wrote from its start until its login screen was drawn (the footer's
/// "unlock"), then Ctrl-C; in an 80x24 terminal, with `args` and `env` (and no locale
/// variable but those in `env`).
fn login_screen(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let (_dir, paths, admin) = library_vault();
    drop(admin);
    let mut cmd = Command::new("sh");
    // The pty starts 0x0: give it a size before the app asks for it.
    cmd.arg("-c")
        .arg("stty cols 80 rows 24 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("steady"))
        .arg("--db")
        .arg(&paths.db)
        .args(args)
        .env("TERM", "xterm-256color");
    for var in [
        "STEADY_DB",
        "STEADY_USER",
        "STEADY_ASCII",
        "STEADY_SCREEN_READER",
        "NO_COLOR",
        "LC_ALL",
        "LC_CTYPE",
        "LANG",
    ] {
        cmd.env_remove(var);
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    let mut pty = spawn_command(cmd, Some(TIMEOUT_MS)).unwrap();
    let before = pty
        .exp_string("unlock")
        .unwrap_or_else(|e| panic!("no login screen: {e}"));
    pty.send_control('c').unwrap();
    let rest = pty.exp_eof().unwrap_or_default();
    // rexpect hands back each byte read as one char: the bytes again, to decode as UTF-8.
    format!("{before}{rest}")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("one byte per char"))
        .collect()
}

fn assert_ascii_only(out: &[u8], how: &str) {
    if let Some(at) = out.iter().position(|b| !b.is_ascii()) {
        panic!(
            "{how}: a byte outside ASCII at {at}: {:?}",
            String::from_utf8_lossy(&out[at.saturating_sub(40)..(at + 40).min(out.len())])
        );
    }
    let text = String::from_utf8_lossy(out);
    // The frame's corner and separators and the selection marker, in plain characters.
    assert!(text.contains("+ "), "{how}: {text}");
    assert!(text.contains("steady | "), "{how}: {text}");
    assert!(text.contains("> Login"), "{how}: {text}");
}

#[test]
fn ascii_flag_environment_and_a_non_utf8_locale_each_draw_in_plain_ascii() {
    let utf8 = [("LANG", "C.UTF-8")];
    assert_ascii_only(&login_screen(&["--ascii"], &utf8), "--ascii");
    assert_ascii_only(
        &login_screen(&[], &[("LANG", "C.UTF-8"), ("STEADY_ASCII", "1")]),
        "STEADY_ASCII=1",
    );
    assert_ascii_only(&login_screen(&[], &[("LANG", "C")]), "LANG=C");
    assert_ascii_only(
        &login_screen(&[], &[("LC_ALL", "POSIX"), ("LANG", "en_US.UTF-8")]),
        "LC_ALL=POSIX over LANG",
    );
}

#[test]
fn a_utf8_locale_without_the_flag_draws_boxes() {
    for env in [
        vec![("LANG", "en_US.UTF-8")],
        vec![("LC_CTYPE", "C.UTF-8"), ("LANG", "C")],
        // No locale variable at all: UTF-8 is assumed.
        vec![],
        vec![("LANG", "C.UTF-8"), ("STEADY_ASCII", "0")],
    ] {
        let out = String::from_utf8(login_screen(&[], &env)).unwrap();
        assert!(out.contains("┌ "), "{env:?}: {out}");
        assert!(out.contains("steady · "), "{env:?}: {out}");
        assert!(out.contains("▶ Login"), "{env:?}: {out}");
    }
}

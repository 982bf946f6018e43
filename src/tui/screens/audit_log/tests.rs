use ratatui::crossterm::event::KeyCode;

use super::words::{action_words, parse_days};
use super::*;
use crate::desk::{Steps, Unwatched};
use crate::domain::{Role, Roles};
use crate::tui::tests::key;
use crate::tui::workflow_tests::{
    ADMIN, COORDINATOR, EMPLOYEE, SUPERVISOR, Workflow, blackwood_record, paths_of, unlock,
    workflow,
};

fn page(w: &Workflow) -> &AuditLog {
    w.top()
        .and_then(|v| v.page::<AuditLog>())
        .unwrap_or_else(|| panic!("not on the audit log: {}", w.text()))
}

/// The log's times are the real clock's and its hashes and signatures random: each shown
/// as a placeholder of the same width, so a snapshot shows only what is fixed.
pub(crate) fn masked(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let candidate: String = chars[i..(i + 16).min(chars.len())].iter().collect();
            let is_time = candidate.len() == 16
                && candidate.chars().enumerate().all(|(j, c)| match j {
                    4 | 7 => c == '-',
                    10 => c == ' ',
                    13 => c == ':',
                    _ => c.is_ascii_digit(),
                });
            let hex = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if is_time {
                out.push_str("YYYY-MM-DD hh:mm");
                i += 16;
            } else if hex >= 16 {
                out.push_str(&"#".repeat(hex));
                i += hex;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out.push('\n');
    }
    out
}

fn open_as_admin(seed: impl FnOnce(&crate::desk::VaultPaths)) -> Workflow {
    let mut w = workflow(seed);
    w.log_in(ADMIN);
    w.press(key(KeyCode::Char('T')));
    page(&w);
    w
}

#[test]
fn the_log_reads_in_words_and_each_filter_narrows_it() {
    let mut w = open_as_admin(blackwood_record);
    let all = page(&w).log.ready().unwrap().clone();
    assert!(all.total > 5 && all.matching == all.total, "{all:?}");
    let text = w.text();
    assert!(
        text.contains(&format!("Audit log — {} entries, newest first", all.total)),
        "{text}"
    );
    assert!(
        text.contains("Vantongeren, Mara (m.vantongeren) proposed a referral"),
        "names and words, not codes: {text}"
    );
    assert!(!text.contains("referral.add"), "{text}");
    // The selected entry reads in full under the list, however long.
    w.keys(&[KeyCode::Down, KeyCode::Down]);
    let referral = &all.lines[2];
    assert_eq!(referral.action, "referral.add");
    assert!(
        w.flat().contains(&format!("Entry {}: ", referral.seq)),
        "{}",
        w.flat()
    );
    assert!(w.flat().contains(&referral.detail), "{}", w.flat());
    w.keys(&[KeyCode::Up, KeyCode::Up]);
    insta::assert_snapshot!("audit_log_80x24", masked(&text));
    w.resize(120, 36);
    insta::assert_snapshot!("audit_log_120x36", masked(&w.text()));

    // Who: words of a name find the login.
    w.press(key(KeyCode::Char('/')));
    w.type_text("mara vant");
    w.press(key(KeyCode::Enter));
    let by_mara = page(&w).log.ready().unwrap().clone();
    assert!(by_mara.matching > 0 && by_mara.matching < all.total);
    assert!(by_mara.lines.iter().all(|l| l.actor == "m.vantongeren"));
    assert!(
        w.flat().contains("Showing only who: mara vant."),
        "{}",
        w.flat()
    );

    // The kind of action, on top of who: only her check-ins, referrals and reads.
    w.press(key(KeyCode::Char('a')));
    w.press(key(KeyCode::Char('a')));
    let records = page(&w).log.ready().unwrap().clone();
    assert_eq!(page(&w).filter.kind, Some(AuditKind::Records));
    assert!(records.matching > 0 && records.matching <= by_mara.matching);
    assert!(
        records
            .lines
            .iter()
            .all(|l| l.actor == "m.vantongeren" && AuditKind::Records.covers(&l.action))
    );
    insta::assert_snapshot!("audit_log_filtered_120x36", masked(&w.text()));

    // Days: none in 2000; a bad day is refused and stays in the box.
    w.press(key(KeyCode::Char('x')));
    assert_eq!(page(&w).log.ready().unwrap().matching, all.total);
    w.press(key(KeyCode::Char('d')));
    w.type_text("2000-13-01");
    w.press(key(KeyCode::Enter));
    assert!(w.flat().contains("2000-13-01 is not a day"), "{}", w.flat());
    w.press(key(KeyCode::Esc));
    w.press(key(KeyCode::Char('d')));
    w.type_text("2000-01-01 2000-12-31");
    w.press(key(KeyCode::Enter));
    assert_eq!(page(&w).log.ready().unwrap().matching, 0);
    assert!(w.flat().contains("No entry matches these filters."));
    w.press(key(KeyCode::Char('d')));
    w.press(key(KeyCode::Char('u'))); // a letter is typed, not a command
    w.keys(&[KeyCode::Backspace]);
    w.press(ratatui::crossterm::event::Event::Key(
        ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ),
    ));
    w.type_text("2000-01-01 2999-12-31");
    w.press(key(KeyCode::Enter));
    assert_eq!(page(&w).log.ready().unwrap().matching, all.total);
}

#[test]
fn a_long_log_is_read_a_page_at_a_time() {
    let mut w = open_as_admin(|paths| {
        let admin = unlock(paths, ADMIN);
        // Each change of a setting is an entry of its own.
        for i in 0..=PAGE {
            let minutes = 10 + i % 2;
            admin
                .set_setting(crate::desk::LOCK_MINUTES, &minutes.to_string())
                .unwrap();
        }
    });
    let first = page(&w).log.ready().unwrap().clone();
    assert!(first.total > PAGE, "{}", first.total);
    assert_eq!(first.lines.len(), PAGE);
    assert!(
        w.flat().contains(&format!("(showing 1–{PAGE})")),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('n')));
    let second = page(&w).log.ready().unwrap().clone();
    assert_eq!(second.offset, PAGE);
    assert_eq!(second.lines[0].seq, first.lines[PAGE - 1].seq - 1);
    w.press(key(KeyCode::Char('p')));
    assert_eq!(
        page(&w).log.ready().unwrap().lines[0].seq,
        first.lines[0].seq
    );
}

#[test]
fn verify_says_all_good_then_names_the_row_changed_behind_its_back() {
    let mut w = open_as_admin(blackwood_record);
    assert!(
        w.flat().contains("Not checked in this visit"),
        "{}",
        w.flat()
    );
    w.press(key(KeyCode::Char('v')));
    let flat = w.flat();
    assert!(flat.contains("✓ All good:"), "{flat}");
    assert!(flat.contains("records check out"), "{flat}");
    // The check reported its stages to the page's gauge as it ran.
    let reading = page(&w).gauge.reading();
    assert_eq!(reading.stage, "Re-hashing the audited rows");
    assert_eq!(reading.percent(), Some(100));
    insta::assert_snapshot!("audit_log_verified_80x24", masked(&w.text()));

    // Someone with the master key changes Lin's unit, writing no audit entry.
    let attacker = unlock(&paths_of(&w), ADMIN);
    attacker
        .store_for_tests()
        .execute_raw_for_tests("UPDATE people SET unit = 'Elsewhere' WHERE employee_id = 'E3'")
        .unwrap();
    w.press(key(KeyCode::Char('v')));
    let flat = w.flat();
    assert!(
        flat.contains("✗ A record does not match the log: people E3"),
        "names the row: {flat}"
    );
    assert!(flat.contains("Restore the vault from a backup"), "{flat}");
    w.resize(120, 36);
    insta::assert_snapshot!("audit_log_tampered_120x36", masked(&w.text()));
}

#[test]
fn the_running_check_shows_how_far_it_has_got() {
    let mut page = AuditLog {
        check: Check::Running { since: None },
        ..AuditLog::default()
    };
    assert_eq!(page.check_words().0, "Checking…");
    let mut worker = page.gauge.clone();
    crate::desk::Progress::stage(
        &mut worker,
        "Re-hashing the audited rows",
        200,
        Steps::Items,
    );
    crate::desk::Progress::advance(&mut worker, 84);
    assert_eq!(
        page.check_words().0,
        "Checking… 42 % — re-hashing the audited rows"
    );
    page.check = Check::Done {
        since: Some(7),
        result: Ok(Verdict::Broken {
            seq: 9,
            reason: "its signature does not match".into(),
        }),
    };
    assert!(
        page.check_words()
            .0
            .starts_with("✗ Entry 9 of the log does not check out: its signature does not match."),
        "{}",
        page.check_words().0
    );
}

#[test]
fn the_checkpoint_shown_is_the_log_head_and_a_check_from_it_passes() {
    let mut w = open_as_admin(blackwood_record);
    let head = unlock(&paths_of(&w), ADMIN).audit_head().unwrap().unwrap();
    let line = format!("{}:{}", head.seq, head.hash);
    let text = w.text();
    assert!(
        text.contains(&line),
        "the checkpoint on a line of its own: {text}"
    );
    assert!(w.flat().contains("record it somewhere outside this host"));

    // A checkpoint typed wrong is refused with the reason, and stays to be put right.
    w.press(key(KeyCode::Char('c')));
    w.type_text("12:abc");
    w.press(key(KeyCode::Enter));
    assert!(w.flat().contains("64 hexadecimal digits"), "{}", w.flat());
    w.press(ratatui::crossterm::event::Event::Key(
        ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('u'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ),
    ));
    w.type_text(&line);
    w.press(key(KeyCode::Enter));
    let flat = w.flat();
    assert!(
        flat.contains(&format!(
            "✓ Checkpoint {} is still in the log as it was, and nothing was added since.",
            head.seq
        )),
        "{flat}"
    );
    // After more is written, the check covers what came after the checkpoint.
    unlock(&paths_of(&w), ADMIN)
        .set_setting(crate::desk::LOCK_MINUTES, "9")
        .unwrap();
    w.press(key(KeyCode::Char('c')));
    w.type_text(&line);
    w.press(key(KeyCode::Enter));
    let flat = w.flat();
    assert!(
        flat.contains(&format!(
            "✓ All good since checkpoint {}: 1 entry and 0 records check out",
            head.seq
        )),
        "{flat}"
    );
    // The checkpoint to copy is the one just checked, and the log shows the new entry.
    let newer = unlock(&paths_of(&w), ADMIN).audit_head().unwrap().unwrap();
    assert_eq!(newer.seq, head.seq + 1);
    assert!(w.text().contains(&format!("{}:{}", newer.seq, newer.hash)));
    assert!(
        w.flat()
            .contains(&format!("Audit log — {} entries", newer.seq)),
        "{}",
        w.flat()
    );
    // A checkpoint that is not in this log fails, in words.
    w.press(key(KeyCode::Char('c')));
    w.type_text(&format!("{}:{}", head.seq, "0".repeat(64)));
    w.press(key(KeyCode::Enter));
    assert!(
        w.flat().contains(&format!(
            "✗ Entry {} of the log does not check out",
            head.seq
        )),
        "{}",
        w.flat()
    );
}

#[test]
fn only_admins_are_offered_the_log_and_the_desk_refuses_the_rest() {
    for who in [SUPERVISOR, COORDINATOR, EMPLOYEE] {
        let mut w = workflow(|_| {});
        w.log_in(who);
        w.press(key(KeyCode::Char('T')));
        assert!(w.top().is_none(), "{} opened: {}", who.0, w.text());
        let session = unlock(&paths_of(&w), who);
        for refused in [
            session.audit_log(&AuditFilter::default(), 0, 10).err(),
            session.verify_audit_watched(None, &mut Unwatched).err(),
            session.audit_head().err(),
        ] {
            assert!(
                matches!(refused, Some(crate::desk::Error::Denied(_))),
                "{}: {refused:?}",
                who.0
            );
        }
    }
    let supervisor = User {
        login: SUPERVISOR.0.into(),
        roles: Roles::new([Role::Supervisor, Role::Employee]),
        role: Role::Supervisor,
    };
    let Action::OpenPage(opener) = OPEN.action else {
        panic!("the key opens a page");
    };
    assert!(!(opener.offered)(&supervisor));
}

/// Every action the desk writes to the log has words of its own, not the fallback that
/// only swaps dots for spaces.
#[test]
fn every_action_the_desk_logs_has_its_own_words() {
    for action in [
        "account.add",
        "account.disable",
        "account.first_passphrase",
        "account.passwd",
        "account.preference",
        "account.reset",
        "account.roles",
        "checkin.add",
        "checkin.edit",
        "checkin.read",
        "config.set",
        "export.mine",
        "generate.activity",
        "generate.anonymous",
        "login.failed_attempts",
        "login.tally_missing",
        "mentor.assign",
        "mentor.unassign",
        "people.add",
        "people.import",
        "prompt.ack",
        "prompt.snooze",
        "prompt.undo",
        "referral.add",
        "referral.set",
        "report.engagement",
        "resource.add",
        "resource.edit",
        "resource.restore",
        "resource.retire",
        "resource.seed",
        "rules.run",
        "selfcheck.delete",
        "selfcheck.inbox",
        "selfcheck.open",
        "selfcheck.read",
        "selfcheck.share",
        "selfcheck.take",
        "selfcheck.unshare",
        "ssh_key.add",
        "ssh_key.remove",
        "ssh_key.sync",
        "vault.backup",
        "vault.init",
        "vault.rekey",
    ] {
        assert_ne!(
            action_words(action),
            action.replace(['.', '_'], " "),
            "{action} has no words of its own"
        );
    }
}

#[test]
fn actions_read_as_words() {
    assert_eq!(action_words("mentor.assign"), "paired a mentor");
    assert_eq!(
        action_words("vault.rekey"),
        "gave the vault a new master key"
    );
    assert_eq!(action_words("some_new.thing"), "some new thing");
    assert_eq!(parse_days("").unwrap(), None);
    assert!(parse_days("2026-06-30 2026-06-01").is_err());
    assert!(parse_days("a b c").is_err());
}

#[test]
fn the_admin_home_offers_the_vault_keeping_pages_in_its_footer_and_keys() {
    let mut w = workflow(|_| {});
    w.log_in(ADMIN);
    // With the accounts page too, the footer holds every one of them from 160 columns;
    // narrower, `?` lists them.
    w.resize(160, 40);
    let text = w.text();
    let footer = text.lines().last().unwrap_or_default();
    for hint in [
        "A accounts",
        "V vault settings",
        "T audit log",
        "U upkeep",
        "M mentors",
    ] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
    w.press(key(KeyCode::Char('?')));
    let keys = w.flat();
    for hint in ["T audit log", "U upkeep", "M mentors"] {
        assert!(keys.contains(hint), "{hint}: {keys}");
    }
    // Another role is offered none of them, in the footer or in `?`.
    let mut w = workflow(|_| {});
    w.log_in(SUPERVISOR);
    w.resize(200, 40);
    w.press(key(KeyCode::Char('?')));
    let keys = w.flat();
    for hint in ["audit log", "upkeep", "mentors"] {
        assert!(!keys.contains(hint), "{hint}: {keys}");
    }
}

#[test]
fn a_day_typed_is_the_readers_whole_day() {
    let day = crate::domain::dates::parse_date("2026-01-15").unwrap();
    let (from, until) = super::words::local_days(day, day);
    let (from, until) = (from.unwrap(), until.unwrap());
    assert_eq!(until - from, chrono::Duration::days(1));
    let local = from.with_timezone(&chrono::Local);
    assert_eq!(local.date_naive(), day);
    assert_eq!(local.format("%H:%M").to_string(), "00:00");
}

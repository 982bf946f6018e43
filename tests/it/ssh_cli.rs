//! steady served over a real OpenSSH server: keys pinned to logins through
//! `authorized-keys`, the forced `session` command, refusals, a tampered key list, strict
//! modes, and a connection dropped in the middle of a form. Each test starts its own sshd
//! on 127.0.0.1 (see `crate::common::sshd`); without OpenSSH it says so in one line and skips.

use std::path::PathBuf;
use std::time::Duration;

use crate::common::sshd::{Sshd, Terminal, have_tools, make_key, public_of, sessions_end};
use crate::common::{RunExt, TestVault, User, roster};

const WAIT: Duration = Duration::from_secs(20);

/// A vault with alice (a supervisor of Bea, E2) and bob, alice's SSH key registered, a
/// stranger's key not, and sshd serving it.
struct Served {
    vault: TestVault,
    sshd: Sshd,
    alice: User,
    bob: User,
    alice_key: PathBuf,
    stranger_key: PathBuf,
}

fn served() -> Option<Served> {
    if !have_tools() {
        return None;
    }
    let vault = TestVault::with_roster(&roster(&[
        "E1,Alice Able,North,",
        "E2,Bea Brand,North,E1",
        "E3,Bob Baker,South,",
    ]));
    let alice = vault.add_user("alice", "supervisor,employee", Some("E1"));
    let bob = vault.add_user("bob", "employee", Some("E3"));
    let alice_key = make_key(vault.dir.path(), "alice_key");
    let stranger_key = make_key(vault.dir.path(), "stranger_key");
    vault
        .admin()
        .args(["ssh-key", "add", "alice"])
        .arg(public_of(&alice_key))
        .succeeds();
    let sshd = Sshd::start(&vault)?;
    Some(Served {
        vault,
        sshd,
        alice,
        bob,
        alice_key,
        stranger_key,
    })
}

impl Served {
    /// Whether the key gets past sshd: a plain `ssh` (no terminal, no command) reaches the
    /// session, which asks for a terminal (exit 2); a refused key ends with 255.
    fn gets_in(&self, key: &std::path::Path) -> bool {
        let outcome = self.sshd.run(key, &[], &[]);
        match outcome.code {
            Some(2) => {
                assert!(outcome.stderr.contains("ssh -t"), "{outcome:?}");
                true
            }
            Some(255) => {
                assert!(outcome.stderr.contains("Permission denied"), "{outcome:?}");
                false
            }
            other => panic!("unexpected exit {other:?}: {outcome:?}"),
        }
    }

    /// alice's app, logged in, at her home screen.
    fn alice_at_home(&self) -> Terminal {
        let mut t = self.sshd.terminal(&self.alice_key, None);
        t.expect("set by your SSH key", WAIT);
        t.send(&format!("{}\r", self.alice.passphrase));
        t.expect("Your people", WAIT);
        t.mark();
        t
    }
}

#[test]
fn a_registered_key_lands_in_the_app_pinned_to_its_login() {
    let Some(s) = served() else { return };
    let mut t = s.sshd.terminal(&s.alice_key, None);
    t.expect("set by your SSH key", WAIT);
    assert!(t.text().contains("alice"), "{}", t.text());
    // The login cannot be changed: Tab and typing go to the passphrase, and bob's
    // passphrase does not open alice's account.
    t.send("\t");
    t.send(&format!("{}\r", s.bob.passphrase));
    t.expect("Wrong login or passphrase", WAIT);
    t.mark();
    // alice's own passphrase opens her home.
    t.send(&format!("{}\r", s.alice.passphrase));
    t.expect("Your people", WAIT);
    t.expect("Bea Brand", WAIT);
    assert!(t.text().contains("alice · supervisor"), "{}", t.text());
    // q at home asks first; y quits.
    t.send("q");
    t.expect("Quit steady?", WAIT);
    t.send("y");
    assert_eq!(t.wait(WAIT), Some(0), "{}", t.text());
    assert!(!t.text().contains("Bob Baker"), "bob's record never shows");

    // The same key asking for bob's session is refused.
    let asked = s
        .sshd
        .run(&s.alice_key, &[], &["session", "--login", "bob"]);
    assert_eq!(asked.code, Some(4), "{asked:?}");
    // A key no account holds is refused by sshd itself.
    assert!(!s.gets_in(&s.stranger_key));
    assert!(s.gets_in(&s.alice_key));
}

#[test]
fn only_the_allowed_exports_run_and_nothing_is_forwarded() {
    let Some(s) = served() else { return };
    let stolen = s.vault.dir.path().join("stolen");
    let out_arg = format!("export mine --out {}", stolen.display());
    let backup_arg = format!("backup {}", stolen.display());
    for command in [
        "id",
        "sh",
        "/bin/sh -c id",
        "checkin list E1",
        out_arg.as_str(),
        backup_arg.as_str(),
        "report engagement --out /tmp/x.csv",
    ] {
        let outcome = s.sshd.run(&s.alice_key, &[], &[command]);
        assert_eq!(outcome.code, Some(4), "{command}: {outcome:?}");
        let everything = format!("{}{}", outcome.stdout(), outcome.stderr);
        assert!(!everything.contains("uid="), "{command}: {everything}");
        assert!(
            outcome.stderr.contains("not available"),
            "{command}: {outcome:?}"
        );
        assert_eq!(
            outcome.stderr.lines().count(),
            1,
            "{command}: one clear line"
        );
    }
    assert!(!stolen.exists(), "no file was written where a person named");
    // Without a terminal, even an allowed export is not run: the passphrase is asked on
    // the terminal alone, never read from anything the client sends.
    let piped = s.sshd.run(&s.alice_key, &[], &["export", "mine"]);
    assert_eq!(piped.code, Some(2), "{piped:?}");
    assert!(piped.stderr.contains("ssh -t"), "{piped:?}");
    assert!(piped.stdout.is_empty());

    // Stdio and remote forwarding are refused; local forwarding opens nothing.
    let stdio = s.sshd.run(
        &s.alice_key,
        &["-W", &format!("127.0.0.1:{}", s.sshd.port)],
        &[],
    );
    assert_eq!(stdio.code, Some(255), "{stdio:?}");
    assert!(stdio.stderr.contains("forwarding failed"), "{stdio:?}");
    let remote = s.sshd.run(
        &s.alice_key,
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            &format!("0:127.0.0.1:{}", s.sshd.port),
        ],
        &[],
    );
    assert_eq!(remote.code, Some(255), "{remote:?}");
    assert!(remote.stderr.contains("forwarding failed"), "{remote:?}");

    // Local forwarding: the tunnel's far end would be sshd itself, which greets every
    // connection with its banner; through a refused tunnel nothing arrives.
    let local_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut tunnel = std::process::Command::new("ssh")
        .args(s.sshd.ssh_args(&s.alice_key))
        .args(["-N", "-L"])
        .arg(format!("127.0.0.1:{local_port}:127.0.0.1:{}", s.sshd.port))
        .arg("root@127.0.0.1")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("ssh -L runs");
    let deadline = std::time::Instant::now() + WAIT;
    let mut through = loop {
        match std::net::TcpStream::connect(("127.0.0.1", local_port)) {
            Ok(stream) => break stream,
            Err(_) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("the tunnel never listened: {e}"),
        }
    };
    through
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a timeout");
    let mut greeting = Vec::new();
    let _ = std::io::Read::read_to_end(&mut through, &mut greeting);
    let _ = tunnel.kill();
    let _ = tunnel.wait();
    assert!(
        !String::from_utf8_lossy(&greeting).contains("SSH-2.0"),
        "the tunnel reached sshd"
    );
    assert!(
        s.sshd.log().contains("refused local port forward"),
        "{}",
        s.sshd.log()
    );

    // `ssh -t … export mine`: the passphrase is asked on the terminal, and what follows
    // is alice's JSON.
    let mut t = s.sshd.terminal(&s.alice_key, Some("export mine"));
    t.expect("Passphrase for alice:", WAIT);
    t.send(&format!("{}\r", s.alice.passphrase));
    assert_eq!(t.wait(WAIT), Some(0), "{}", t.text());
    let text = t.text();
    let start = text.find('{').expect("JSON follows the prompt");
    let end = text.rfind('}').expect("the JSON ends");
    assert!(text[..start].contains("Passphrase for alice:"));
    let json: serde_json::Value =
        serde_json::from_str(&text[start..=end]).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(
        json.to_string().contains("E1") && !json.to_string().contains("Passphrase"),
        "{json}"
    );
    assert!(!json.to_string().contains("Bob Baker"));

    // The engagement report, as CSV on the terminal.
    let mut t = s
        .sshd
        .terminal(&s.alice_key, Some("report engagement --format csv"));
    t.expect("Passphrase for alice:", WAIT);
    t.send(&format!("{}\r", s.alice.passphrase));
    assert_eq!(t.wait(WAIT), Some(0), "{}", t.text());
    // Strict CSV from its first line: the header, then equal records (the terminal's
    // CRLF line ends aside), up to what ssh says as the connection closes.
    let text = t.text().replace("\r\n", "\n");
    let start = text
        .find("unit,month,")
        .unwrap_or_else(|| panic!("no CSV: {text}"));
    let csv: String = text[start..]
        .lines()
        .take_while(|line| line.contains(','))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv.as_bytes());
    let width = reader.headers().expect("a header").len();
    let records: Vec<csv::StringRecord> = reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("not strict CSV: {e}\n{text}")))
        .collect();
    assert!(records.len() >= 12, "a year of months: {text}");
    assert!(records.iter().all(|r| r.len() == width));
}

#[test]
fn a_removed_key_and_a_disabled_account_no_longer_get_in() {
    let Some(s) = served() else { return };
    assert!(s.gets_in(&s.alice_key));
    let fingerprint = s
        .vault
        .json_cmd(&User::admin(), &["ssh-key", "list", "alice"])
        .succeeds()
        .json()[0]["fingerprint"]
        .as_str()
        .expect("a fingerprint")
        .to_string();
    s.vault
        .admin()
        .args(["ssh-key", "remove", "alice", &fingerprint])
        .succeeds();
    assert!(!s.gets_in(&s.alice_key), "a removed key");
    s.vault
        .admin()
        .args(["ssh-key", "add", "alice"])
        .arg(public_of(&s.alice_key))
        .succeeds();
    assert!(s.gets_in(&s.alice_key), "added again");
    s.vault
        .admin()
        .args(["account", "disable", "alice"])
        .succeeds();
    assert!(!s.gets_in(&s.alice_key), "a disabled account");
    let keys = s
        .vault
        .json_cmd(&User::admin(), &["ssh-key", "list"])
        .succeeds()
        .json();
    assert_eq!(keys.as_array().map(Vec::len), Some(0), "{keys}");
}

#[test]
fn a_tampered_or_rolled_back_key_list_lets_no_key_in() {
    let Some(s) = served() else { return };
    let list = s.vault.db.with_extension("sshkeys");
    let genuine = std::fs::read(&list).expect("the key list");

    // The stranger's key slipped in under alice's name: the signature no longer matches,
    // so neither key gets in, and sshd's log says why.
    let stranger = std::fs::read_to_string(public_of(&s.stranger_key)).expect("pub");
    let stranger_blob = stranger.split_whitespace().nth(1).expect("a blob");
    let mut edited: serde_json::Value = serde_json::from_slice(&genuine).expect("JSON");
    edited["keys"][0]["key"] = stranger_blob.into();
    std::fs::write(&list, serde_json::to_vec(&edited).expect("JSON")).expect("tamper");
    assert!(!s.gets_in(&s.stranger_key));
    assert!(!s.gets_in(&s.alice_key));
    assert!(
        s.sshd.log().contains("not trusting the SSH key list"),
        "{}",
        s.sshd.log()
    );

    // Put back, it is trusted again.
    std::fs::write(&list, &genuine).expect("restore");
    assert!(s.gets_in(&s.alice_key));

    // An older copy put back after a change is refused too (the keyring remembers).
    s.vault
        .admin()
        .args(["ssh-key", "add", "bob"])
        .arg(public_of(&s.stranger_key))
        .succeeds();
    std::fs::write(&list, &genuine).expect("roll back");
    assert!(!s.gets_in(&s.alice_key));
    assert!(s.sshd.log().contains("older"), "{}", s.sshd.log());
    s.vault.admin().args(["ssh-key", "sync"]).succeeds();
    assert!(s.gets_in(&s.alice_key));
    assert!(
        s.gets_in(&s.stranger_key),
        "bob's key, registered before the sync"
    );
}

#[test]
fn a_vault_others_can_reach_is_refused_over_ssh_too() {
    let Some(s) = served() else { return };
    let before = s.vault.snapshot();
    crate::common::set_mode(s.vault.folder(), 0o755);
    assert!(!s.gets_in(&s.alice_key));
    assert!(
        s.sshd.log().contains("refusing the vault"),
        "{}",
        s.sshd.log()
    );
    assert_eq!(s.vault.snapshot(), before);
    crate::common::set_mode(s.vault.folder(), 0o700);
    assert!(s.gets_in(&s.alice_key));
}

#[test]
fn a_connection_dropped_in_a_check_in_form_leaves_no_record_and_the_chain_intact() {
    let Some(s) = served() else { return };
    // Half-filled, never saved: the client vanishes.
    let mut t = s.alice_at_home();
    t.send("c");
    t.expect("New check-in with Bea Brand", WAIT);
    t.send("\t\u{1b}[C\u{1b}[C");
    t.expect("[4]", WAIT);
    t.kill();
    assert!(
        sessions_end(&s.vault.db, "alice", WAIT),
        "the session process ended when its connection dropped"
    );
    assert!(s.vault.checkins(&s.alice, "E2").is_empty());
    s.vault.assert_intact();

    // Dropped right as Ctrl-S is pressed: the check-in either committed whole, with its
    // audit entry, or never happened.
    let mut t = s.alice_at_home();
    t.send("c");
    t.expect("New check-in with Bea Brand", WAIT);
    t.send("\t\u{1b}[C\u{1b}[C");
    t.expect("[4]", WAIT);
    t.send("\u{13}");
    t.kill();
    assert!(sessions_end(&s.vault.db, "alice", WAIT));
    let recorded = s.vault.checkins(&s.alice, "E2");
    assert!(recorded.len() <= 1, "{recorded:?}");
    let audited = s
        .vault
        .audit_entries()
        .iter()
        .filter(|e| e["action"] == "checkin.add")
        .count();
    assert_eq!(
        audited,
        recorded.len(),
        "a record and its audit entry together"
    );
    s.vault.assert_intact();
    assert!(!s.sshd.log().contains("panicked"), "{}", s.sshd.log());
}

#[test]
fn a_first_login_over_ssh_chooses_a_passphrase_in_the_app() {
    let Some(s) = served() else { return };
    let one_time = s.vault.add_account("cara", "employee", Some("E2"));
    let cara_key = make_key(s.vault.dir.path(), "cara_key");
    s.vault
        .admin()
        .args(["ssh-key", "add", "cara"])
        .arg(public_of(&cara_key))
        .succeeds();
    let chosen = "cara chose this over ssh";
    let mut t = s.sshd.terminal(&cara_key, None);
    t.expect("set by your SSH key", WAIT);
    t.send(&format!("{one_time}\r"));
    t.expect("choose your own passphrase", WAIT);
    t.mark();
    t.send(&format!("{chosen}\t{chosen}\r"));
    t.expect("Your record", WAIT);
    t.send("q");
    t.expect("Quit steady?", WAIT);
    t.send("y");
    assert_eq!(t.wait(WAIT), Some(0), "{}", t.text());
    // The chosen passphrase now works, the one-time one no longer does.
    s.vault
        .cmd("cara", chosen)
        .args(["export", "mine"])
        .succeeds();
    s.vault
        .cmd("cara", &one_time)
        .args(["export", "mine"])
        .outcome()
        .one_clear_line(3);
}

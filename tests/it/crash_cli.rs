//! Killing `steady` (SIGKILL) at random points while it writes, rekeys or rewrites the
//! keyring: afterwards the database is intact, the audit log verifies, nothing acknowledged
//! is lost and every account still opens the vault.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{RunExt, TEAM_ROSTER, TestVault, User, roster, sorted_ids};
use rand::{Rng, rngs::StdRng};

/// Kills of the check-in writer.
const WRITER_KILLS: usize = 50;
/// Kills of `rekey` and of `account passwd`, each.
const KEY_KILLS: usize = 12;

fn rng() -> StdRng {
    crate::common::seeded_rng("STEADY_CRASH_SEED", "crash")
}

fn spawn(mut cmd: std::process::Command) -> Child {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("steady starts")
}

fn vault_with_team() -> (TestVault, User, User) {
    let vault = TestVault::with_roster(&roster(TEAM_ROSTER));
    let sup = vault.add_user("sup", "supervisor,employee", Some("E2"));
    let emp = vault.add_user("emp", "employee", Some("E6"));
    (vault, sup, emp)
}

#[test]
fn killing_a_writer_at_random_points_loses_no_acknowledged_check_in() {
    let (vault, sup, _) = vault_with_team();
    let mut rng = rng();
    let mut acknowledged: Vec<i64> = Vec::new();
    for round in 0..WRITER_KILLS {
        let mut cmd = vault.process_as(&sup);
        cmd.args(["drill-checkins", "E4", "--count", "10000"]);
        let mut child = spawn(cmd);
        let stdout = child.stdout.take().expect("a piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        // Let it commit at least one, then kill it at a random moment within the next
        // writes. (Not while unlocking: a login's attempt is counted before its passphrase
        // is checked, so that killing it cannot buy an uncounted guess, and a killed login
        // counts as a failed one; tests/login_tally_cli.rs tests the counting.)
        let before_kill = rng.gen_range(1..6);
        for _ in 0..before_kill {
            match lines.next() {
                Some(Ok(line)) => acknowledged.push(committed_id(&line)),
                _ => break,
            }
        }
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..30_000)));
        child.kill().expect("kill the writer");
        // Whatever it printed before it died was committed, too.
        for line in lines.map_while(Result::ok) {
            acknowledged.push(committed_id(&line));
        }
        child.wait().expect("reap the writer");

        vault.assert_intact();
        if round % 10 == 9 || round + 1 == WRITER_KILLS {
            let listed = sorted_ids(&vault.checkins(&sup, "E4"));
            for id in &acknowledged {
                assert!(listed.contains(id), "round {round}: check-in {id} was lost");
            }
        }
    }
    assert!(
        acknowledged.len() >= WRITER_KILLS,
        "too few writes were acknowledged ({}) for the test to mean anything",
        acknowledged.len()
    );
}

fn committed_id(line: &str) -> i64 {
    line.strip_prefix("committed ")
        .and_then(|id| id.trim().parse().ok())
        .unwrap_or_else(|| panic!("unexpected drill output {line:?}"))
}

/// Everyone in `users` can still log in (a command every role may run).
fn assert_everyone_opens(vault: &TestVault, users: &[&User]) {
    for user in users {
        vault.as_user(user).args(["resources", "list"]).succeeds();
    }
}

/// How long one uninterrupted run of `cmd` takes: the range the kill points are drawn from.
fn duration_of(mut cmd: assert_cmd::Command) -> Duration {
    let start = Instant::now();
    cmd.succeeds();
    start.elapsed()
}

#[test]
fn killing_a_rekey_at_random_points_leaves_every_account_able_to_open_the_vault() {
    let (vault, sup, emp) = vault_with_team();
    let admin = User::admin();
    let mut rng = rng();
    let mut full = duration_of({
        let mut cmd = vault.admin();
        cmd.arg("rekey");
        cmd
    });
    full = full.max(Duration::from_millis(20));
    for _ in 0..KEY_KILLS {
        let mut cmd = vault.process_as(&admin);
        cmd.arg("rekey");
        let mut child = spawn(cmd);
        let at = rng.gen_range(0..full.as_micros() as u64 * 3 / 2);
        std::thread::sleep(Duration::from_micros(at));
        child.kill().expect("kill the rekey");
        child.wait().expect("reap the rekey");
        assert_everyone_opens(&vault, &[&admin, &sup, &emp]);
        vault.assert_intact();
    }
    // A rekey still completes afterwards.
    vault.admin().arg("rekey").succeeds();
    assert_everyone_opens(&vault, &[&admin, &sup, &emp]);
}

/// Runs `rekey` until it says it paused at `point`, then kills it there.
fn kill_rekey_at(vault: &TestVault, point: &str) {
    let mut cmd = vault.process_as(&User::admin());
    cmd.env("STEADY_PAUSE_AT", point)
        .arg("rekey")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("steady starts");
    let stderr = child.stderr.take().expect("a piped stderr");
    let (said, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = said.send(line);
        }
    });
    let paused = format!("paused at {point}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match heard.recv_timeout(left) {
            Ok(line) if line == paused => break,
            Ok(_) => continue,
            Err(_) => {
                let _ = child.kill();
                panic!("rekey never reached {point}");
            }
        }
    }
    child.kill().expect("kill the rekey");
    child.wait().expect("reap the rekey");
}

#[test]
fn a_rekey_killed_at_each_step_leaves_every_account_able_to_open_the_vault() {
    let (vault, sup, emp) = vault_with_team();
    let admin = User::admin();
    for point in ["rekey.keyring_holds_both_keys", "rekey.database_rekeyed"] {
        let before = std::fs::read(vault.keyring()).expect("the keyring");
        kill_rekey_at(&vault, point);
        // The kill landed mid-rekey: the keyring holds the next key beside the current one.
        let during: serde_json::Value =
            serde_json::from_slice(&std::fs::read(vault.keyring()).expect("the keyring"))
                .expect("JSON");
        assert!(
            during["slots"]
                .as_object()
                .expect("slots")
                .values()
                .all(|slot| slot.get("sealed_master_next").is_some()),
            "{point}: the kill did not land mid-rekey"
        );
        assert_ne!(before, std::fs::read(vault.keyring()).expect("the keyring"));
        assert_everyone_opens(&vault, &[&admin, &sup, &emp]);
        vault.assert_intact();
    }
    vault.admin().arg("rekey").succeeds();
    assert_everyone_opens(&vault, &[&admin, &sup, &emp]);
}

#[test]
fn killing_a_passphrase_change_leaves_the_old_or_the_new_passphrase_working() {
    let (vault, sup, emp) = vault_with_team();
    let admin = User::admin();
    let mut rng = rng();
    let passphrases = ["sup chose this passphrase", "sup second passphrase here"];
    let mut current = 0usize;
    let full = duration_of({
        let mut cmd = vault.as_user(&sup);
        cmd.env("STEADY_NEW_PASSPHRASE", passphrases[1])
            .args(["account", "passwd"]);
        cmd
    })
    .max(Duration::from_millis(20));
    current = 1 - current;
    for _ in 0..KEY_KILLS {
        let next = 1 - current;
        let mut cmd = vault.process_as(&User::new(&sup.login, passphrases[current]));
        cmd.env("STEADY_NEW_PASSPHRASE", passphrases[next])
            .args(["account", "passwd"]);
        let mut child = spawn(cmd);
        std::thread::sleep(Duration::from_micros(
            rng.gen_range(0..full.as_micros() as u64 * 3 / 2),
        ));
        child.kill().expect("kill the passphrase change");
        child.wait().expect("reap the passphrase change");

        // Exactly one of the two passphrases opens the account; try the new one first.
        let opened_with_new = vault
            .cmd(&sup.login, passphrases[next])
            .args(["resources", "list"])
            .outcome()
            .code
            == Some(0);
        if opened_with_new {
            current = next;
        } else {
            vault
                .cmd(&sup.login, passphrases[current])
                .args(["resources", "list"])
                .succeeds();
        }
        assert_everyone_opens(&vault, &[&admin, &emp]);
        vault.assert_intact();
    }
}

/// Whether `login` opens the vault with `passphrase` alone (no new passphrase offered).
fn opens_with(vault: &TestVault, login: &str, passphrase: &str) -> bool {
    vault
        .cmd(login, passphrase)
        .args(["resources", "list"])
        .outcome()
        .code
        == Some(0)
}

/// After an interrupted first login of `login`: it opens with the one-time passphrase
/// (and completes the change then) or with the chosen one, at once and for good; the
/// one-time passphrase is dead afterwards, and the audit log and database are intact.
fn assert_first_login_recovers(vault: &TestVault, login: &str, one_time: &str, chosen: &str) {
    // The one-time passphrase first, as the person would try it: a failure here is
    // counted and logged at the next successful login, signed with the account's key.
    let with_one_time = vault
        .cmd(login, one_time)
        .env("STEADY_NEW_PASSPHRASE", chosen)
        .args(["resources", "list"])
        .outcome();
    if with_one_time.code != Some(0) {
        assert_eq!(with_one_time.code, Some(3), "{with_one_time:#?}");
        assert!(
            opens_with(vault, login, chosen),
            "{login} opens with neither passphrase"
        );
    }
    assert!(
        opens_with(vault, login, chosen),
        "{login}: the chosen passphrase"
    );
    assert!(
        !opens_with(vault, login, one_time),
        "{login}: the one-time passphrase still works"
    );
    vault.assert_intact();
}

#[test]
fn killing_a_first_login_leaves_the_one_time_or_the_chosen_passphrase_working() {
    let (vault, sup, emp) = vault_with_team();
    let admin = User::admin();
    let mut rng = rng();
    let full = {
        let one_time = vault.add_account("timed", "coordinator", None);
        let start = Instant::now();
        vault.first_login("timed", &one_time, "timed chose this passphrase");
        start.elapsed().max(Duration::from_millis(20))
    };
    for round in 0..KEY_KILLS * 2 {
        let login = format!("first{round}");
        let one_time = vault.add_account(&login, "coordinator", None);
        let chosen = format!("{login} chose this passphrase");
        let mut cmd = vault.process_as(&User::new(&login, &one_time));
        cmd.env("STEADY_NEW_PASSPHRASE", &chosen)
            .args(["resources", "list"]);
        let mut child = spawn(cmd);
        std::thread::sleep(Duration::from_micros(
            rng.gen_range(0..full.as_micros() as u64 * 3 / 2),
        ));
        child.kill().expect("kill the first login");
        child.wait().expect("reap the first login");
        assert_first_login_recovers(&vault, &login, &one_time, &chosen);
        assert_everyone_opens(&vault, &[&admin, &sup, &emp]);
    }
}

/// The narrowest window, made deterministic: the keyring already holds the slot with the
/// chosen passphrase and fresh keys (it is renamed into place before the database
/// commits), but the database never learnt the new keys.
#[test]
fn a_first_login_cut_off_after_the_keyring_is_written_completes_at_the_next_login() {
    use steady::desk::Passphrase;
    use steady::domain::audit::Facts;
    use steady::testing::{AccountSecrets, Keyring};
    let (vault, sup, emp) = vault_with_team();
    let one_time = vault.add_account("newcomer", "coordinator", None);
    let chosen = "newcomer chose this passphrase";
    let mut keyring = Keyring::load(&vault.keyring()).expect("the keyring loads");
    let unlocked = keyring
        .unlock("newcomer", &Passphrase::new(one_time.clone()))
        .expect("the one-time passphrase opens the slot");
    let kdf = keyring.kdf_default;
    let fresh = AccountSecrets::generate();
    keyring
        .put_slot(
            "newcomer",
            &fresh,
            &Passphrase::new(chosen),
            kdf,
            &unlocked.master,
        )
        .expect("a new slot");
    // As the first login writes it: the one-time key vouches for the new keys.
    let message = Facts::vouch_message(&keyring.vault_id, "newcomer", &fresh.public());
    keyring.set_vouch("newcomer", &unlocked.secrets.sign(&message));
    keyring
        .save(&vault.keyring(), &unlocked.master)
        .expect("the keyring is written");

    assert_first_login_recovers(&vault, "newcomer", &one_time, chosen);
    assert_everyone_opens(&vault, &[&User::admin(), &sup, &emp]);
    // The account's keys are the ones in its slot: what is sealed to it, it can open.
    let entries = vault.audit_entries();
    assert!(
        entries
            .iter()
            .any(|e| e["actor"] == "newcomer" && e["action"] == "account.first_passphrase"),
        "the completed change is in the audit log"
    );
}

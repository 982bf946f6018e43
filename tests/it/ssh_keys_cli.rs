//! SSH keys, `authorized-keys` and `session` on the command line, without sshd: what is
//! registered, what the helper answers, what a session refuses, and strict modes.

use crate::common::{RunExt, TestVault, User, roster};

/// `ssh-keygen -t ed25519 -C alice@laptop` (public halves only; fingerprints from
/// `ssh-keygen -lf`).
const ALICE_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj alice@laptop\n";
const ALICE_FINGERPRINT: &str = "SHA256:MQGMab9PNeks4A61Kcrdl6m6lIeMB64ljFDDaA+l0OM";
const ALICE_BLOB: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIGmz/LLOf7xJoad60LBCcThcLCbk11wTKVtvLxn3AUCj";
const OTHER_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7fe1N+mVw8W6CtMxM/IGBb4u1cnW9USsLTKoVQUdEI phone\n";

fn vault() -> (TestVault, User, User) {
    let vault = TestVault::with_roster(&roster(&["E1,Alice Able,North,", "E2,Bob Baker,North,"]));
    let alice = vault.add_user("alice", "employee", Some("E1"));
    let bob = vault.add_user("bob", "employee", Some("E2"));
    (vault, alice, bob)
}

fn add_key(vault: &TestVault, login: &str, key: &str) -> crate::common::Outcome {
    let file = vault.write_file("key.pub", key);
    vault
        .json_cmd(&User::admin(), &["ssh-key", "add", login])
        .arg(file)
        .outcome()
}

fn authorized(vault: &TestVault, user: &str, key_type: &str, blob: &str) -> crate::common::Outcome {
    vault
        .bare()
        .args(["authorized-keys", user, key_type, blob])
        .outcome()
}

#[test]
fn admins_add_list_and_remove_keys_audited_with_json() {
    let (vault, _alice, _bob) = vault();
    let added = add_key(&vault, "alice", ALICE_KEY);
    assert_eq!(added.code, Some(0), "{added:?}");
    let added = added.json();
    assert_eq!(added["fingerprint"], ALICE_FINGERPRINT);
    assert_eq!(added["key_type"], "ssh-ed25519");
    assert_eq!(added["comment"], "alice@laptop");
    // A second key for the same account, from standard input.
    vault
        .admin()
        .args(["ssh-key", "add", "alice", "-"])
        .write_stdin(OTHER_KEY)
        .succeeds();
    let listed = vault
        .json_cmd(&User::admin(), &["ssh-key", "list"])
        .succeeds()
        .json();
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 2);
    for key in listed {
        assert_eq!(key["login"], "alice");
        assert!(key["added"].as_str().is_some_and(|a| !a.is_empty()));
    }
    let table = vault.admin().args(["ssh-key", "list", "alice"]).succeeds();
    let text = table.stdout();
    assert!(text.starts_with("login"), "{text}");
    assert!(
        text.contains(ALICE_FINGERPRINT) && text.contains("phone"),
        "{text}"
    );
    // One account per key.
    let taken = add_key(&vault, "bob", ALICE_KEY).one_clear_line(5);
    assert!(taken.contains("already registered to alice"), "{taken}");
    vault
        .admin()
        .args(["ssh-key", "remove", "alice", ALICE_FINGERPRINT])
        .succeeds();
    let left = vault
        .json_cmd(&User::admin(), &["ssh-key", "list", "alice"])
        .succeeds()
        .json();
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    let gone = vault
        .admin()
        .args(["ssh-key", "remove", "alice", ALICE_FINGERPRINT])
        .outcome()
        .one_clear_line(5);
    assert!(gone.contains("has no SSH key"), "{gone}");
    let actions: Vec<String> = vault
        .audit_entries()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .filter(|a| a.starts_with("ssh_key."))
        .collect();
    assert_eq!(actions, ["ssh_key.remove", "ssh_key.add", "ssh_key.add"]);
    vault.assert_intact();
}

#[test]
fn bad_or_unsupported_keys_are_refused_with_the_reason_and_change_nothing() {
    let (vault, _alice, _bob) = vault();
    add_key(&vault, "alice", ALICE_KEY).succeeds_or_panic();
    let before = vault.snapshot();
    for (text, reason) in [
        ("", "no public key"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP8= old", "DSA keys"),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "private key",
        ),
        ("ssh-ed25519 not-base64!", "not valid base64"),
        ("ecdsa-sha2-nistp999 AAAA x", "unsupported key type"),
        ("hello world", "unsupported key type"),
    ] {
        let line = add_key(&vault, "bob", text).one_clear_line(5);
        assert!(line.contains(reason), "{text:?}: {line}");
    }
    assert!(
        add_key(&vault, "nobody", OTHER_KEY)
            .one_clear_line(5)
            .contains("no account")
    );
    let missing = vault
        .admin()
        .args(["ssh-key", "add", "bob", "/no/such/key.pub"])
        .outcome()
        .one_clear_line(5);
    assert!(missing.contains("cannot read"), "{missing}");
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn only_admins_manage_keys() {
    let (vault, alice, _bob) = vault();
    let file = vault.write_file("key.pub", ALICE_KEY);
    let before = vault.snapshot();
    let line = vault
        .as_user(&alice)
        .args(["ssh-key", "add", "alice"])
        .arg(&file)
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("needs the admin role"), "{line}");
    vault
        .as_user(&alice)
        .args(["ssh-key", "list"])
        .outcome()
        .one_clear_line(4);
    assert_eq!(vault.snapshot(), before);
}

#[test]
fn authorized_keys_answers_for_active_accounts_only_without_a_passphrase() {
    let (vault, _alice, _bob) = vault();
    // No key list yet: nothing, and no error.
    let none = authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB);
    assert_eq!(none.code, Some(0), "{none:?}");
    assert!(none.stdout.is_empty());
    add_key(&vault, "alice", ALICE_KEY).succeeds_or_panic();
    let answer = authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB);
    assert_eq!(answer.code, Some(0), "{answer:?}");
    let line = answer.stdout();
    let exe = assert_cmd::cargo::cargo_bin("steady")
        .canonicalize()
        .expect("the binary");
    let db = vault.db.canonicalize().expect("the vault");
    assert_eq!(
        line.trim_end(),
        format!(
            "restrict,pty,command=\"'{}' --db '{}' session --login alice\" ssh-ed25519 {ALICE_BLOB}",
            exe.display(),
            db.display()
        )
    );
    // Another key, another type, another Unix user: nothing.
    let other_blob = OTHER_KEY.split_whitespace().nth(1).expect("blob");
    for (user, key_type, blob) in [
        ("root", "ssh-ed25519", other_blob),
        ("root", "ssh-rsa", ALICE_BLOB),
        ("root", "ssh-ed25519", "garbage"),
        ("nobody", "ssh-ed25519", ALICE_BLOB),
    ] {
        let outcome = authorized(&vault, user, key_type, blob);
        assert_eq!(outcome.code, Some(0), "{outcome:?}");
        assert!(outcome.stdout.is_empty(), "{user} {key_type}: {outcome:?}");
    }
    // A disabled account's key opens nothing, and is gone from the list.
    vault
        .admin()
        .args(["account", "disable", "alice"])
        .succeeds();
    assert!(
        authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB)
            .stdout
            .is_empty()
    );
    let listed = vault
        .json_cmd(&User::admin(), &["ssh-key", "list"])
        .succeeds()
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
}

#[test]
fn a_tampered_key_list_is_refused_in_one_line_on_sshds_log() {
    let (vault, _alice, _bob) = vault();
    add_key(&vault, "alice", ALICE_KEY).succeeds_or_panic();
    let list = vault.db.with_extension("sshkeys");
    let genuine = std::fs::read_to_string(&list).expect("the list");
    let moved = genuine.replace("\"alice\"", "\"bob\"");
    assert_ne!(moved, genuine);
    std::fs::write(&list, moved).expect("tamper");
    let outcome = authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB);
    let line = outcome.one_clear_line(6);
    assert!(line.contains("signature does not match"), "{line}");
    assert!(outcome.stdout.is_empty());
    std::fs::write(&list, "{ not json").expect("tamper");
    authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB).one_clear_line(6);
    std::fs::write(&list, &genuine).expect("restore");
    assert!(
        !authorized(&vault, "root", "ssh-ed25519", ALICE_BLOB)
            .stdout
            .is_empty()
    );
}

#[test]
fn a_session_refuses_other_commands_and_ignores_the_clients_steady_variables() {
    let (vault, alice, _bob) = vault();
    let session = |command: &str| {
        let mut cmd = vault.bare();
        cmd.args(["session", "--login", "alice"])
            .env("SSH_ORIGINAL_COMMAND", command)
            .env("STEADY_PASSPHRASE", &alice.passphrase)
            .env("STEADY_USER", "admin");
        cmd.outcome()
    };
    for command in [
        "id",
        "checkin list E1",
        "export mine --out /tmp/x",
        "sh -c id",
    ] {
        let outcome = session(command);
        let line = outcome.one_clear_line(4);
        assert!(line.contains("not available"), "{line}");
        assert!(outcome.stdout.is_empty());
    }
    // STEADY_PASSPHRASE is ignored: without a terminal the export is not run.
    let export = session("export mine");
    let line = export.one_clear_line(2);
    assert!(line.contains("ssh -t"), "{line}");
    assert!(export.stdout.is_empty(), "nothing of alice's records");
    // And the app needs a terminal.
    session("").one_clear_line(2);
    // The vault must be named on the command line, not by STEADY_DB.
    let mut from_env = crate::common::steady();
    from_env
        .args(["session", "--login", "alice"])
        .env("STEADY_DB", &vault.db);
    let line = from_env.outcome().one_clear_line(2);
    assert!(line.contains("--db"), "{line}");
}

#[test]
fn strict_modes_refuse_a_loose_folder_a_loose_file_and_another_owner_changing_nothing() {
    let (vault, alice, _bob) = vault();
    let before = vault.snapshot();
    let refused = |what: &str| {
        let line = vault
            .as_user(&alice)
            .args(["people", "list"])
            .outcome()
            .one_clear_line(6);
        assert!(line.contains("refusing the vault"), "{what}: {line}");
        line
    };
    crate::common::set_mode(vault.folder(), 0o755);
    assert!(refused("folder").contains("chmod 700"));
    crate::common::set_mode(vault.folder(), 0o700);
    crate::common::set_mode(&vault.db, 0o644);
    assert!(refused("file").contains("chmod 600"));
    crate::common::set_mode(&vault.db, 0o600);
    crate::common::set_mode(&vault.keyring(), 0o640);
    refused("keyring");
    crate::common::set_mode(&vault.keyring(), 0o600);
    #[cfg(unix)]
    if rustix::process::geteuid().is_root() {
        std::os::unix::fs::chown(&vault.db, Some(65534), None).expect("chown");
        assert!(refused("owner").contains("belongs to user id 65534"));
        std::os::unix::fs::chown(&vault.db, Some(0), None).expect("chown back");
    }
    assert_eq!(vault.snapshot(), before);
    vault.as_user(&alice).args(["people", "list"]).succeeds();
    // init refuses a loose folder too, and creates nothing in it.
    let fresh = TestVault::empty();
    std::fs::create_dir(fresh.folder()).expect("folder");
    crate::common::set_mode(fresh.folder(), 0o777);
    let refused = fresh.init_here().outcome();
    assert_eq!(refused.code, Some(6), "{refused:?}");
    assert!(refused.stderr.contains("refusing the vault"), "{refused:?}");
    assert!(!fresh.db.exists() && !fresh.keyring().exists());
}

/// `succeeds`, for an outcome already run.
trait Succeeded {
    fn succeeds_or_panic(self);
}

impl Succeeded for crate::common::Outcome {
    fn succeeds_or_panic(self) {
        assert_eq!(self.code, Some(0), "{self:?}");
    }
}

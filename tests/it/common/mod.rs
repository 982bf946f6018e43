//! Shared fixtures for the command-line tests: a throw-away vault in a temp folder, a
//! `steady` command with a clean environment, and helpers to read what a run printed.

pub mod sshd;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub const ADMIN: &str = "admin";
pub const ADMIN_PASS: &str = "admin passphrase one";

/// Variables that would leak the developer's own vault or login into a test.
const STEADY_ENV: [&str; 6] = [
    "STEADY_DB",
    "STEADY_USER",
    "STEADY_PASSPHRASE",
    "STEADY_PASSPHRASE_FILE",
    "STEADY_NEW_PASSPHRASE",
    "STEADY_LOCK_MINUTES",
];

/// The `steady` binary with none of the STEADY_* variables set.
pub fn steady() -> Command {
    let mut cmd = Command::cargo_bin("steady").expect("the steady binary is built");
    for var in STEADY_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// The `steady` binary as a plain `std::process::Command` (for spawning and killing),
/// with none of the STEADY_* variables set.
pub fn steady_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("steady"));
    for var in STEADY_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Outcome {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout()))
    }

    /// Asserts the run failed with `code` and exactly one line on stderr, `steady: …`,
    /// with no panic, raw SQL error or SQLCipher chatter; returns that line.
    pub fn one_clear_line(&self, code: i32) -> String {
        assert_eq!(self.code, Some(code), "{self:#?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected one line on stderr: {self:#?}");
        let line = lines[0];
        assert!(line.starts_with("steady: "), "{line}");
        let lower = line.to_lowercase();
        for bad in [
            "panicked",
            "sqlite",
            "sqlcipher",
            "storage error",
            "file is not a database",
            "hmac",
            "backtrace",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in {line:?}");
        }
        assert!(
            !String::from_utf8_lossy(&self.stdout)
                .to_lowercase()
                .contains("hmac"),
            "SQLCipher wrote to stdout: {self:#?}"
        );
        line.to_string()
    }
}

/// Running a command and checking its exit code, with everything it printed on failure.
pub trait RunExt {
    fn outcome(&mut self) -> Outcome;

    /// Runs and asserts the exit code.
    fn exits(&mut self, expected: i32) -> Outcome {
        let outcome = self.outcome();
        assert_eq!(
            outcome.code,
            Some(expected),
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&outcome.stdout),
            outcome.stderr
        );
        outcome
    }

    fn succeeds(&mut self) -> Outcome {
        self.exits(0)
    }
}

impl RunExt for Command {
    fn outcome(&mut self) -> Outcome {
        let output = self.output().expect("steady runs");
        Outcome {
            code: output.status.code(),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The bytes of a vault's files at one moment (the database, its WAL if any, the keyring).
#[derive(PartialEq, Eq)]
pub struct Snapshot(Vec<(PathBuf, Option<Vec<u8>>)>);

impl std::fmt::Debug for Snapshot {
    /// Sizes and a checksum per file: enough to see which changed, short enough to read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for (path, bytes) in &self.0 {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            match bytes {
                None => list.entry(&(name, "absent")),
                Some(b) => {
                    let fnv = b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
                        (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
                    });
                    list.entry(&(name, b.len(), format!("{fnv:016x}")))
                }
            };
        }
        list.finish()
    }
}

/// A login with the passphrase it uses.
#[derive(Clone, Debug)]
pub struct User {
    pub login: String,
    pub passphrase: String,
}

impl User {
    pub fn new(login: &str, passphrase: &str) -> Self {
        Self {
            login: login.into(),
            passphrase: passphrase.into(),
        }
    }

    pub fn admin() -> Self {
        Self::new(ADMIN, ADMIN_PASS)
    }
}

/// A vault in its own temp folder (removed when dropped).
pub struct TestVault {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl TestVault {
    /// A folder where a vault may be created; nothing is created yet.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("vault").join("steady.db");
        Self { dir, db }
    }

    /// A new vault with the admin account, at cheap argon2 costs.
    pub fn init() -> Self {
        let vault = Self::empty();
        vault.init_here().succeeds();
        vault
    }

    /// `steady init` at this vault's path (the result is the caller's to check).
    pub fn init_here(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("STEADY_NEW_PASSPHRASE", ADMIN_PASS).args([
            "init",
            "--admin",
            ADMIN,
            "--kdf-memory-mib",
            "19",
            "--kdf-iterations",
            "2",
        ]);
        cmd
    }

    /// A new vault with `csv` imported as its roster.
    pub fn with_roster(csv: &str) -> Self {
        let vault = Self::init();
        vault.import(csv);
        vault
    }

    pub fn folder(&self) -> &Path {
        self.db.parent().expect("the db has a folder")
    }

    pub fn keyring(&self) -> PathBuf {
        self.db.with_extension("keyring")
    }

    pub fn tally(&self) -> PathBuf {
        self.db.with_extension("tally")
    }

    pub fn wal(&self) -> PathBuf {
        let mut wal = self.db.clone().into_os_string();
        wal.push("-wal");
        wal.into()
    }

    /// `steady --db DB` with a clean environment and no login.
    pub fn bare(&self) -> Command {
        let mut cmd = steady();
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// `steady --db DB --user LOGIN` with STEADY_PASSPHRASE set.
    pub fn cmd(&self, login: &str, passphrase: &str) -> Command {
        let mut cmd = self.bare();
        cmd.args(["--user", login])
            .env("STEADY_PASSPHRASE", passphrase);
        cmd
    }

    /// As [`TestVault::as_user`], as a process to spawn (and kill) rather than run.
    pub fn process_as(&self, user: &User) -> std::process::Command {
        let mut cmd = steady_process();
        cmd.arg("--db")
            .arg(&self.db)
            .args(["--user", &user.login])
            .env("STEADY_PASSPHRASE", &user.passphrase);
        cmd
    }

    pub fn as_user(&self, user: &User) -> Command {
        self.cmd(&user.login, &user.passphrase)
    }

    pub fn admin(&self) -> Command {
        self.cmd(ADMIN, ADMIN_PASS)
    }

    /// Writes a file in the temp folder (beside, not inside, the vault folder).
    pub fn write_file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write a test file");
        path
    }

    /// `people import` of `csv` as admin (the result is the caller's to check).
    pub fn import_cmd(&self, csv: impl AsRef<[u8]>, extra: &[&str]) -> Command {
        let file = self.write_file("roster.csv", csv);
        let mut cmd = self.admin();
        cmd.args(["people", "import"]).arg(file).args(extra);
        cmd
    }

    /// Imports `csv` as admin and returns the summary (added, updated, unchanged, …).
    pub fn import(&self, csv: &str) -> Value {
        let mut cmd = self.import_cmd(csv, &[]);
        cmd.arg("--json").succeeds().json()
    }

    /// Adds an account as admin and returns its one-time passphrase.
    pub fn add_account(&self, login: &str, roles: &str, person: Option<&str>) -> String {
        let mut cmd = self.admin();
        cmd.args(["--json", "account", "add", login, "--roles", roles]);
        if let Some(person) = person {
            cmd.args(["--person", person]);
        }
        let created = cmd.succeeds().json();
        assert_eq!(created["login"], login);
        created["one_time_passphrase"]
            .as_str()
            .expect("a one-time passphrase")
            .to_string()
    }

    /// Completes a first login with `one_time`, choosing `chosen`.
    pub fn first_login(&self, login: &str, one_time: &str, chosen: &str) -> Outcome {
        self.cmd(login, one_time)
            .env("STEADY_NEW_PASSPHRASE", chosen)
            .args(["people", "list"])
            .succeeds()
    }

    /// Adds an account and completes its first login, so it is ready to use.
    pub fn add_user(&self, login: &str, roles: &str, person: Option<&str>) -> User {
        let one_time = self.add_account(login, roles, person);
        let user = User::new(login, &format!("{login} chose this passphrase"));
        self.first_login(login, &one_time, &user.passphrase);
        user
    }

    /// The employee ids `user` sees in `people list`, in listed order.
    pub fn visible_ids(&self, user: &User) -> Vec<String> {
        self.as_user(user)
            .args(["--json", "people", "list"])
            .succeeds()
            .json()
            .as_array()
            .expect("a list of people")
            .iter()
            .map(|p| p["employee_id"].as_str().expect("an id").to_string())
            .collect()
    }

    /// The roster as the admin sees it (JSON array).
    pub fn people_json(&self) -> Value {
        self.admin()
            .args(["--json", "people", "list"])
            .succeeds()
            .json()
    }

    /// `audit head` as admin: `SEQ:HASH`.
    pub fn audit_head(&self) -> String {
        self.admin()
            .args(["audit", "head"])
            .succeeds()
            .stdout()
            .trim()
            .to_string()
    }

    /// The vault's files, byte for byte.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(
            [self.db.clone(), self.wal(), self.keyring()]
                .into_iter()
                .map(|path| {
                    let bytes = std::fs::read(&path).ok();
                    (path, bytes)
                })
                .collect(),
        )
    }

    /// Runs `change` (which must not hold a session when it returns) on an unlocked admin
    /// session from the library: what only someone holding the master key could do.
    pub fn with_admin_session(&self, change: impl FnOnce(&steady::desk::Session)) {
        use steady::desk::Passphrase;
        use steady::desk::{LockedVault, Unlock, VaultPaths};
        let vault = LockedVault::open(&VaultPaths::for_db(&self.db)).expect("the vault opens");
        match vault
            .unlock(ADMIN, &Passphrase::new(ADMIN_PASS))
            .expect("the admin unlocks")
        {
            Unlock::Ready(session, _) => change(&session),
            Unlock::MustChange(_) => panic!("the admin must not need a passphrase change"),
        }
    }

    /// The database passes `PRAGMA integrity_check` (opened as the admin, from the
    /// library) and `audit verify` succeeds.
    pub fn assert_intact(&self) {
        self.with_admin_session(|session| {
            let result = session
                .store_for_tests()
                .integrity_check()
                .expect("integrity_check runs");
            assert_eq!(result, "ok");
        });
        self.admin().args(["audit", "verify"]).succeeds();
    }

    /// Runs raw SQL (one or more statements) as an attacker with the master key would.
    pub fn tamper(&self, sql: &str) {
        self.attacker_db()
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The database opened the way an off-the-shelf SQLCipher client would by someone
    /// holding the master key (which every account can derive from its own slot): a plain
    /// rusqlite connection keyed with it, none of steady's code in between.
    pub fn attacker_db(&self) -> rusqlite::Connection {
        self.attacker_db_as(ADMIN, ADMIN_PASS)
    }

    /// As [`TestVault::attacker_db`], the master key taken from `login`'s slot.
    pub fn attacker_db_as(&self, login: &str, passphrase: &str) -> rusqlite::Connection {
        use steady::desk::Passphrase;
        use steady::testing::Keyring;
        let keyring = Keyring::load(&self.keyring()).expect("the keyring loads");
        let slot = keyring
            .unlock(login, &Passphrase::new(passphrase))
            .expect("the passphrase opens the slot");
        let conn = rusqlite::Connection::open(&self.db).expect("the file opens");
        conn.pragma_update(None, "key", slot.master.sqlcipher_raw_key().as_str())
            .expect("key");
        conn.pragma_update(None, "cipher_compatibility", 4)
            .expect("compatibility");
        conn.busy_timeout(Duration::from_secs(10))
            .expect("busy timeout");
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .expect("the master key opens the database");
        conn
    }
}

/// A temp folder only its owner may enter (0700), as steady's strict modes want of a
/// folder that holds a vault directly.
pub fn private_tempdir() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    set_mode(dir.path(), 0o700);
    dir
}

/// `chmod MODE PATH`.
pub fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
    }
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A roster CSV from rows of `id,name,unit,supervisor`.
pub fn roster(rows: &[&str]) -> String {
    let mut csv = String::from("employee_id,name,unit,supervisor_id\n");
    for row in rows {
        csv.push_str(row);
        csv.push('\n');
    }
    csv
}

/// Asserts `bytes` (what a run printed) hold no escape, bell or other control character
/// besides newlines.
pub fn assert_no_control(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what} carries a control character: {text:?}"
    );
}

/// The `id` of each item in a JSON list, in ascending order.
pub fn sorted_ids(items: &[Value]) -> Vec<i64> {
    let mut ids: Vec<i64> = items
        .iter()
        .filter_map(|item| item["id"].as_i64())
        .collect();
    ids.sort_unstable();
    ids
}

/// The calendar day `n` days before today (negative: after), as `YYYY-MM-DD`.
pub fn days_ago(n: i64) -> String {
    (chrono::Local::now().date_naive() - chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// The org chart the check-in, referral, resource and purge tests share:
///
/// ```text
/// E1 Chief ─┬─ E2 (sup) ── E4 (lead) ── E6 (emp) ── E8
///           └─ E3 ── E5 (other)
/// E7 (mentor, who mentors E6)
/// ```
pub const TEAM_ROSTER: &[&str] = &[
    "E1,Ada Chief,Headquarters,",
    "E2,Bea Suparna,North Precinct,E1",
    "E3,Caleb Supton,South Precinct,E1",
    "E4,Dana Lead,North Precinct,E2",
    "E5,Elena Fifth,South Precinct,E3",
    "E6,Farah Sixth,North Precinct,E4",
    "E7,Grace Mentor,Training Bureau,",
    "E8,Hector Eighth,North Precinct,E6",
];

/// A vault with [`TEAM_ROSTER`] and one ready account per part people play.
pub struct Team {
    pub vault: TestVault,
    /// Supervisor of E2, above E4, E6 and E8.
    pub sup: User,
    /// Supervisor of E4, below `sup`, above E6 and E8.
    pub lead: User,
    /// E7, a mentor (and employee) who mentors E6.
    pub mentor: User,
    /// E6, an employee only.
    pub emp: User,
    /// E5, an employee outside everyone's care.
    pub other: User,
    /// A wellness coordinator with no roster person.
    pub coord: User,
    pub admin: User,
}

impl Team {
    pub fn new() -> Self {
        let vault = TestVault::with_roster(&roster(TEAM_ROSTER));
        let sup = vault.add_user("sup", "supervisor,employee", Some("E2"));
        let lead = vault.add_user("lead", "supervisor,employee", Some("E4"));
        let mentor = vault.add_user("men", "mentor,employee", Some("E7"));
        let emp = vault.add_user("emp", "employee", Some("E6"));
        let other = vault.add_user("other", "employee", Some("E5"));
        let coord = vault.add_user("coord", "coordinator", None);
        vault
            .admin()
            .args(["mentor", "assign", "men", "E6"])
            .succeeds();
        Self {
            vault,
            sup,
            lead,
            mentor,
            emp,
            other,
            coord,
            admin: User::admin(),
        }
    }

    /// Every account, the admin included.
    pub fn everyone(&self) -> [&User; 7] {
        [
            &self.sup,
            &self.lead,
            &self.mentor,
            &self.emp,
            &self.other,
            &self.coord,
            &self.admin,
        ]
    }
}

impl TestVault {
    /// `steady --json ARGS…` as `user` (the result is the caller's to check).
    pub fn json_cmd(&self, user: &User, args: &[&str]) -> Command {
        let mut cmd = self.as_user(user);
        cmd.arg("--json").args(args);
        cmd
    }

    /// `checkin add EMP ARGS…` as `user`, which must succeed; returns the new id.
    pub fn add_checkin(&self, user: &User, emp: &str, args: &[&str]) -> i64 {
        let mut all = vec!["checkin", "add", emp];
        all.extend_from_slice(args);
        self.json_cmd(user, &all).succeeds().json()["id"]
            .as_i64()
            .expect("a check-in id")
    }

    /// `checkin list EMP --json` as `user`, which must succeed.
    pub fn checkins(&self, user: &User, emp: &str) -> Vec<Value> {
        self.json_cmd(user, &["checkin", "list", emp])
            .succeeds()
            .json()
            .as_array()
            .expect("a list of check-ins")
            .clone()
    }

    /// `referral add EMP --resource R --consent C ARGS…` as `user`, which must succeed;
    /// returns the new id.
    pub fn add_referral(
        &self,
        user: &User,
        emp: &str,
        resource: &str,
        consent: &str,
        args: &[&str],
    ) -> i64 {
        let mut all = vec![
            "referral",
            "add",
            emp,
            "--resource",
            resource,
            "--consent",
            consent,
        ];
        all.extend_from_slice(args);
        self.json_cmd(user, &all).succeeds().json()["id"]
            .as_i64()
            .expect("a referral id")
    }

    /// `referral set ID ARGS…` as `user` (the result is the caller's to check).
    pub fn set_referral(&self, user: &User, id: i64, args: &[&str]) -> Command {
        let id = id.to_string();
        let mut all = vec!["referral", "set", id.as_str()];
        all.extend_from_slice(args);
        self.json_cmd(user, &all)
    }

    /// `referral show ID --json` as `user`, which must succeed: `{referral, events}`.
    pub fn referral(&self, user: &User, id: i64) -> Value {
        self.json_cmd(user, &["referral", "show", &id.to_string()])
            .succeeds()
            .json()
    }

    /// The whole audit log as the admin lists it, newest first.
    pub fn audit_entries(&self) -> Vec<Value> {
        self.json_cmd(&User::admin(), &["audit", "list", "--limit", "100000"])
            .succeeds()
            .json()
            .as_array()
            .expect("a list of audit entries")
            .clone()
    }

    /// `audit mine --json` as `user`: who else read or changed their records.
    pub fn audit_mine(&self, user: &User) -> Vec<Value> {
        self.json_cmd(user, &["audit", "mine"])
            .succeeds()
            .json()
            .as_array()
            .expect("a list of audit entries")
            .clone()
    }
}

/// Day `day` of the month `months` months before this one, as `YYYY-MM-DD` (its first
/// seven characters are that month, `YYYY-MM`).
pub fn month_day_ago(months: u32, day: u32) -> String {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let index = today.year() * 12 + today.month0() as i32 - months as i32;
    chrono::NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, day)
        .expect("a day that every month has")
        .format("%Y-%m-%d")
        .to_string()
}

/// Asserts `path` is a regular file only its owner may read or write (mode 0600).
pub fn assert_private_file(path: &Path) {
    let meta = std::fs::symlink_metadata(path).expect("the file exists");
    assert!(meta.is_file(), "{} is not a plain file", path.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o600,
            "{} is not private",
            path.display()
        );
    }
}

/// Whether `program` runs here (`program --version` succeeds). If not, says so in one line
/// naming the package to install and skips (returns false), or fails when the tools are
/// required (`STEADY_REQUIRE_SYSTEM_TOOLS=1`, as in CI), as [`sshd::have_tools`] does.
pub fn have_program(program: &str, package: &str) -> bool {
    let runs = std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if runs {
        return true;
    }
    let line = format!("this test needs {program}; install it with `apt-get install -y {package}`");
    if sshd::tools_required() {
        panic!("{line} (STEADY_REQUIRE_SYSTEM_TOOLS=1: not skipping)");
    }
    use std::io::Write;
    // Straight to stderr, past the test harness's capture, so the skip is seen.
    let _ = std::io::stderr().write_all(format!("skipping: {line}\n").as_bytes());
    false
}

/// A random generator seeded from the environment variable `var`, else (where `CI` is set)
/// a fixed seed so every CI run tries the same cases, else a fresh seed. The seed is
/// printed with `what`, so a failure can be replayed.
pub fn seeded_rng(var: &str, what: &str) -> rand::rngs::StdRng {
    use rand::{Rng, SeedableRng};
    let seed = std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .or_else(|| std::env::var_os("CI").map(|_| 0x5eed_57ea_d1e5))
        .unwrap_or_else(|| rand::thread_rng().r#gen::<u64>());
    eprintln!("{what}: seed {seed} (set {var} to replay)");
    rand::rngs::StdRng::seed_from_u64(seed)
}

/// A vault made through the library in a fresh folder, with its admin's session: the
/// passphrase "admin passphrase one", the cheapest key derivation, the name "t".
pub fn library_vault() -> (TempDir, steady::desk::VaultPaths, steady::desk::Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = steady::desk::VaultPaths::for_db(&dir.path().join("vault").join("steady.db"));
    let admin = steady::desk::init_vault(
        &paths,
        "admin",
        &steady::desk::Passphrase::new("admin passphrase one"),
        steady::desk::KdfParams::FLOOR,
        "t",
        false,
    )
    .expect("init");
    (dir, paths, admin)
}

/// Accounts as (login, roles, employee id), each with the passphrase "{login} passphrase one".
pub fn add_library_accounts(admin: &mut steady::desk::Session, accounts: &[(&str, &str, &str)]) {
    for (login, roles, person) in accounts {
        let roles: steady::domain::Roles = roles.parse().expect("roles");
        admin
            .add_account_with(
                login,
                roles,
                Some(person),
                Some(steady::desk::Passphrase::new(format!(
                    "{login} passphrase one"
                ))),
            )
            .expect("account");
    }
}

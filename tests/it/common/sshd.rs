//! A real OpenSSH server for the tests: started on 127.0.0.1 at a free port with its own
//! host key and config, `steady authorized-keys` as its AuthorizedKeysCommand, and a way
//! to drive `ssh -tt` through a pseudo-terminal (`script`) like a person at a keyboard.
//!
//! The tests run as root, and sshd logs in as root too: the Unix user that owns the vault
//! (the `steady` service user of a deployment) is simply the one running the tests, so no
//! account is created on the machine. `PermitRootLogin forced-commands-only` keeps even
//! that user to the forced command.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::{Outcome, TestVault};

/// Whether a test that needs a system tool must fail rather than skip when it is missing
/// (`.ci/run` sets this: CI installs the tools, so a skip there would hide a gap).
pub fn tools_required() -> bool {
    std::env::var("STEADY_REQUIRE_SYSTEM_TOOLS").is_ok_and(|v| v == "1")
}

/// Says in one line what is missing and how to install it, then skips (returns false), or
/// fails when the tools are required.
pub fn have_tools() -> bool {
    let missing: Vec<&str> = [
        ("/usr/sbin/sshd", "openssh-server"),
        ("/usr/bin/ssh", "openssh-client"),
        ("/usr/bin/ssh-keygen", "openssh-client"),
        ("/usr/bin/script", "bsdutils"),
    ]
    .into_iter()
    .filter(|(path, _)| !Path::new(path).exists())
    .map(|(_, package)| package)
    .collect();
    let problem = if !missing.is_empty() {
        let mut packages = missing.clone();
        packages.dedup();
        Some(format!(
            "this test needs OpenSSH (sshd, ssh, ssh-keygen) and script; install them with `apt-get install -y {}`",
            packages.join(" ")
        ))
    } else if !rustix::process::geteuid().is_root() {
        Some("this test starts sshd, which needs root; run the tests as root".into())
    } else {
        None
    };
    match problem {
        None => true,
        Some(line) if tools_required() => {
            panic!("{line} (STEADY_REQUIRE_SYSTEM_TOOLS=1: not skipping)")
        }
        Some(line) => {
            // Straight to stderr, past the test harness's capture, so the skip is seen.
            let _ = std::io::stderr().write_all(format!("skipping: {line}\n").as_bytes());
            false
        }
    }
}

/// Whether every folder from the root down to `path` is owned by root and closed to writes
/// by group and others, as sshd requires of an AuthorizedKeysCommand's path.
fn root_owned_all_the_way(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    path.ancestors().all(|folder| {
        std::fs::metadata(folder).is_ok_and(|m| m.uid() == 0 && m.mode() & 0o022 == 0)
    })
}

/// The steady binary at a path sshd accepts for an AuthorizedKeysCommand: every folder up
/// to it owned by root and closed to writes by others. The build's own temporary folder
/// when it qualifies; otherwise (a checkout under /tmp, say) one under /var/lib.
fn installed_steady() -> PathBuf {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let build_tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
            let base = if root_owned_all_the_way(build_tmp) {
                build_tmp.to_path_buf()
            } else {
                let base = Path::new("/var/lib/steady-ssh-tests");
                std::fs::create_dir_all(base).expect("make /var/lib/steady-ssh-tests");
                super::set_mode(base, 0o755);
                base.to_path_buf()
            };
            let dir = base
                .join(format!("ssh-bin-{}", std::process::id()))
                .join("bin");
            std::fs::create_dir_all(&dir).expect("make the binary's folder");
            for folder in [dir.as_path(), dir.parent().expect("a parent")] {
                super::set_mode(folder, 0o755);
            }
            let target = dir.join("steady");
            let built = assert_cmd::cargo::cargo_bin("steady");
            if std::fs::hard_link(&built, &target).is_err() {
                std::fs::copy(&built, &target).expect("copy steady");
            }
            super::set_mode(&target, 0o755);
            target
        })
        .clone()
}

/// A free TCP port on 127.0.0.1 (the listener is closed again before sshd binds it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Makes an Ed25519 key pair with no passphrase; returns the private key's path.
pub fn make_key(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C"])
        .arg(format!("{name}@test"))
        .arg("-f")
        .arg(&path)
        .status()
        .expect("ssh-keygen runs");
    assert!(status.success(), "ssh-keygen failed");
    path
}

/// The `.pub` beside a private key.
pub fn public_of(key: &Path) -> PathBuf {
    let mut public = key.as_os_str().to_owned();
    public.push(".pub");
    public.into()
}

pub struct Sshd {
    child: Child,
    pub port: u16,
    /// Holds sshd's config, host key and log; removed when the server is dropped.
    _dir: tempfile::TempDir,
    log: PathBuf,
}

impl Sshd {
    /// sshd serving `vault` (its `--db` in the AuthorizedKeysCommand), or None (after one
    /// line saying why) where OpenSSH or root is missing.
    pub fn start(vault: &TestVault) -> Option<Self> {
        Self::start_with(vault, "")
    }

    /// As [`Sshd::start`], with more config lines.
    pub fn start_with(vault: &TestVault, extra: &str) -> Option<Self> {
        if !have_tools() {
            return None;
        }
        std::fs::create_dir_all("/run/sshd").expect("sshd's privilege separation folder");
        let steady = installed_steady();
        let dir = tempfile::tempdir().expect("temp dir");
        let host_key = dir.path().join("host_ed25519");
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", ""])
            .arg("-f")
            .arg(&host_key)
            .status()
            .expect("ssh-keygen runs");
        assert!(made.success());
        let port = free_port();
        let config = dir.path().join("sshd_config");
        let log = dir.path().join("sshd.log");
        let db = vault.db.canonicalize().expect("the vault exists");
        std::fs::write(
            &config,
            format!(
                "Port {port}\n\
                 ListenAddress 127.0.0.1\n\
                 HostKey {host}\n\
                 PidFile none\n\
                 UsePAM no\n\
                 StrictModes yes\n\
                 AuthorizedKeysFile none\n\
                 AuthorizedKeysCommand {steady} --db {db} authorized-keys %u %t %k\n\
                 AuthorizedKeysCommandUser root\n\
                 PubkeyAuthentication yes\n\
                 PasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\n\
                 PermitRootLogin forced-commands-only\n\
                 AllowUsers root\n\
                 DisableForwarding yes\n\
                 PermitTTY yes\n\
                 PermitUserEnvironment no\n\
                 LogLevel VERBOSE\n\
                 {extra}\n",
                host = host_key.display(),
                steady = steady.display(),
                db = db.display(),
            ),
        )
        .expect("write sshd_config");
        let checked = Command::new("/usr/sbin/sshd")
            .arg("-t")
            .arg("-f")
            .arg(&config)
            .output()
            .expect("sshd -t runs");
        assert!(
            checked.status.success(),
            "sshd rejects its config: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        let child = Command::new("/usr/sbin/sshd")
            .arg("-D")
            .arg("-e")
            .arg("-f")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("sshd log"))
            .spawn()
            .expect("sshd starts");
        let sshd = Self {
            child,
            port,
            _dir: dir,
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "sshd did not listen: {}",
                sshd.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(sshd)
    }

    /// What sshd logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Arguments for an `ssh` client with `key` and nothing from the user's own config.
    pub fn ssh_args(&self, key: &Path) -> Vec<String> {
        vec![
            "-F".into(),
            "/dev/null".into(),
            "-i".into(),
            key.display().to_string(),
            "-o".into(),
            "IdentitiesOnly=yes".into(),
            "-o".into(),
            "IdentityAgent=none".into(),
            "-o".into(),
            "StrictHostKeyChecking=no".into(),
            "-o".into(),
            "UserKnownHostsFile=/dev/null".into(),
            "-o".into(),
            "BatchMode=yes".into(),
            "-o".into(),
            "LogLevel=ERROR".into(),
            "-o".into(),
            "ConnectTimeout=10".into(),
            "-p".into(),
            self.port.to_string(),
        ]
    }

    /// `ssh [OPTIONS…] root@127.0.0.1 [REMOTE…]` with no terminal, stdin empty.
    pub fn run(&self, key: &Path, options: &[&str], remote: &[&str]) -> Outcome {
        let output = Command::new("ssh")
            .args(self.ssh_args(key))
            .args(options)
            .arg("root@127.0.0.1")
            .args(remote)
            .stdin(Stdio::null())
            .output()
            .expect("ssh runs");
        Outcome {
            code: output.status.code(),
            stdout: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `ssh -tt … [REMOTE]` in a 100×30 pseudo-terminal, to type into and read from.
    pub fn terminal(&self, key: &Path, remote: Option<&str>) -> Terminal {
        let mut words: Vec<String> = vec!["exec".into(), "ssh".into(), "-tt".into()];
        words.extend(self.ssh_args(key));
        words.push("root@127.0.0.1".into());
        if let Some(remote) = remote {
            words.push(format!("'{remote}'"));
        }
        Terminal::spawn(&format!("stty cols 100 rows 30; {}", words.join(" ")))
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A program running in a pseudo-terminal made by `script`: keys in, screen bytes out.
pub struct Terminal {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Arc<Mutex<Vec<u8>>>,
    /// How much of the output earlier `expect`s consumed.
    seen: usize,
}

impl Terminal {
    pub fn spawn(shell_command: &str) -> Self {
        let mut child = Command::new("script")
            .args(["-qfec", shell_command, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("script runs");
        let output = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let sink = Arc::clone(&output);
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut chunk = [0u8; 4096];
                while let Ok(n) = stream.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut out) = sink.lock() {
                        out.extend_from_slice(&chunk[..n]);
                    }
                }
            });
        }
        let stdin = child.stdin.take();
        Self {
            child,
            stdin,
            output,
            seen: 0,
        }
    }

    /// Everything printed so far, with escape sequences turned into spaces.
    pub fn text(&self) -> String {
        strip_escapes(&self.raw())
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    /// From now on, `expect` looks only at what is printed after this point.
    pub fn mark(&mut self) {
        self.seen = self.raw().len();
    }

    /// Waits until `needle` appears in the output since the last [`Terminal::mark`].
    pub fn expect(&mut self, needle: &str, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let raw = self.raw();
            if strip_escapes(&raw[self.seen.min(raw.len())..]).contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needle:?}; the terminal showed:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn send(&mut self, bytes: &str) {
        if let Some(stdin) = &mut self.stdin {
            stdin
                .write_all(bytes.as_bytes())
                .expect("type into the terminal");
            stdin.flush().expect("flush");
        }
    }

    /// The exit code, once the program ends within `within`.
    pub fn wait(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Drops the connection the hard way: the client dies without a goodbye.
    pub fn kill(&mut self) {
        // `script` and the ssh inside it: kill the ssh first so the server sees the TCP
        // connection drop rather than an orderly close of the terminal.
        for child in children_of(self.child.id()) {
            if let Some(pid) = rustix::process::Pid::from_raw(child as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill();
        }
    }
}

/// The processes whose parent is `parent`.
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
                // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
                stat.rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                    == Some(parent)
            })
        })
        .collect()
}

/// Terminal output as plain text: CSI and OSC sequences become one space each.
pub fn strip_escapes(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            if c != '\r' {
                out.push(c);
            }
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
        out.push(' ');
    }
    out
}

/// The `steady session` processes serving `login` on the vault `db` now running.
pub fn session_processes(db: &Path, login: &str) -> Vec<u32> {
    let db = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
    let wanted = format!("{}\0session\0--login\0{login}\0", db.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| super::contains_bytes(&c, wanted.as_bytes()))
        })
        .collect()
}

/// Waits until no `steady session` for `login` on `db` runs any more; whether it happened.
pub fn sessions_end(db: &Path, login: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if session_processes(db, login).is_empty() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

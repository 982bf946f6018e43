//! `steady-ssh-load`: capacity over a real sshd on 127.0.0.1. Logs N people in through
//! `ssh -tt` (one every 100 ms), measures each idle session's memory, then has each record
//! a check-in every 10 s for a few minutes through the app's keys, and counts what landed.
//! Loopback only, bounded in sessions and time; needs root, sshd, ssh and `script`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;

use steady::desk::{self, LockedVault, Session, Unlock, VaultPaths};
use steady::desk::{KdfParams, Passphrase};
use steady::domain::{Person, Role, Roles};

type LoadResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser, Debug)]
#[command(about = "Hold N steady sessions over a real sshd on 127.0.0.1 and measure them")]
struct Args {
    /// Concurrent SSH sessions (at most 500)
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=500))]
    sessions: u32,
    /// Minutes of check-ins once everyone is in (at most 30)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=30))]
    minutes: u32,
    /// Seconds between one session's check-ins
    #[arg(long, default_value_t = 10)]
    interval_secs: u64,
    /// Milliseconds between two logins
    #[arg(long, default_value_t = 100)]
    login_spacing_ms: u64,
    /// Print the figures as JSON
    #[arg(long)]
    json: bool,
}

/// How long one step may take before the session counts as failed: long, because a
/// login storm queues argon2id runs (each 64 MiB, 3 passes) on two cores.
const WAIT: Duration = Duration::from_secs(300);
const ADMIN_PASS: &str = "load admin passphrase";

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steady-ssh-load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn login_of(i: u32) -> String {
    format!("load{i:03}")
}

fn passphrase_of(i: u32) -> String {
    format!("load {i} passphrase words")
}

fn unlock(paths: &VaultPaths, login: &str, passphrase: &str) -> LoadResult<Session> {
    match LockedVault::open(paths)?.unlock(login, &Passphrase::new(passphrase))? {
        Unlock::Ready(session, _) => Ok(*session),
        Unlock::MustChange(_) => Err("unexpected first login".into()),
    }
}

/// A vault of N supervisors, each with one report, an SSH key each (plus a probe account
/// for login timings), at the default argon2id cost.
fn build_vault(work: &Path, sessions: u32) -> LoadResult<(VaultPaths, Vec<PathBuf>)> {
    let folder = work.join("vault");
    let paths = VaultPaths::for_db(&folder.join("steady.db"));
    let mut admin = desk::init_vault(
        &paths,
        "admin",
        &Passphrase::new(ADMIN_PASS),
        KdfParams::RECOMMENDED,
        "Load test",
        false,
    )?;
    let keys = work.join("keys");
    std::fs::create_dir_all(&keys)?;
    let mut key_files = Vec::new();
    for i in 0..=sessions {
        let person = |id: String, name: String, supervisor: Option<String>| Person {
            employee_id: id,
            name,
            unit: format!("Unit {}", i % 20),
            supervisor_id: supervisor,
            active: true,
        };
        admin.add_person(&person(format!("S{i}"), format!("Supervisor {i}"), None))?;
        admin.add_person(&person(
            format!("R{i}"),
            format!("Report {i}"),
            Some(format!("S{i}")),
        ))?;
        admin.add_account_with(
            &login_of(i),
            Roles::new([Role::Supervisor, Role::Employee]),
            Some(&format!("S{i}")),
            Some(Passphrase::new(passphrase_of(i))),
        )?;
        let key = keys.join(login_of(i));
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key)
            .status()?;
        if !made.success() {
            return Err("ssh-keygen failed".into());
        }
        let mut public = key.clone().into_os_string();
        public.push(".pub");
        admin.add_ssh_key(&login_of(i), &std::fs::read_to_string(public)?)?;
        key_files.push(key);
        if i % 50 == 0 {
            eprintln!("  {} of {} accounts ready", i, sessions + 1);
        }
    }
    Ok((paths, key_files))
}

struct Sshd {
    child: Child,
    port: u16,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sshd(work: &Path, steady: &Path, db: &Path) -> LoadResult<Sshd> {
    std::fs::create_dir_all("/run/sshd")?;
    let host_key = work.join("host_ed25519");
    Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&host_key)
        .status()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let config = work.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nPidFile none\nUsePAM no\n\
             AuthorizedKeysFile none\n\
             AuthorizedKeysCommand {} --db {} authorized-keys %u %t %k\n\
             AuthorizedKeysCommandUser root\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPermitRootLogin forced-commands-only\n\
             AllowUsers root\nDisableForwarding yes\nPermitTTY yes\n\
             MaxStartups 1000:30:1000\nLoginGraceTime 120\nLogLevel ERROR\n",
            host_key.display(),
            steady.display(),
            db.display()
        ),
    )?;
    let child = Command::new("/usr/sbin/sshd")
        .arg("-D")
        .arg("-e")
        .arg("-f")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(work.join("sshd.log"))?)
        .spawn()?;
    let sshd = Sshd { child, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err("sshd did not start".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(sshd)
}

/// `ssh -tt` in a pseudo-terminal made by `script`.
struct Terminal {
    child: Child,
    stdin: ChildStdin,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn open(port: u16, key: &Path) -> LoadResult<Self> {
        let ssh = format!(
            "stty cols 100 rows 30; exec ssh -tt -F /dev/null -i {} -o IdentitiesOnly=yes \
             -o IdentityAgent=none -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o BatchMode=yes -o LogLevel=ERROR -o ConnectTimeout=60 -p {port} root@127.0.0.1",
            key.display()
        );
        let mut child = Command::new("script")
            .args(["-qfec", &ssh, "/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().ok_or("no stdout")?;
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                if let Ok(mut out) = sink.lock() {
                    out.extend_from_slice(&chunk[..n]);
                }
            }
        });
        let stdin = child.stdin.take().ok_or("no stdin")?;
        Ok(Self {
            child,
            stdin,
            output,
        })
    }

    /// Forgets what was printed so far.
    fn clear(&self) {
        if let Ok(mut out) = self.output.lock() {
            out.clear();
        }
    }

    /// Waits until `needle` has been printed since the last `clear`.
    fn expect(&self, needle: &[u8], within: Duration) -> LoadResult<()> {
        let deadline = Instant::now() + within;
        loop {
            let found = self
                .output
                .lock()
                .map(|out| out.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false);
            if found {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(
                    format!("timed out waiting for {}", String::from_utf8_lossy(needle)).into(),
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn send(&mut self, bytes: &[u8]) -> LoadResult<()> {
        self.stdin.write_all(bytes)?;
        self.stdin.flush()?;
        Ok(())
    }

    fn close(mut self) {
        let _ = self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Logs in through the app: the passphrase, then the home screen. Returns the time taken.
fn log_in(terminal: &mut Terminal, passphrase: &str) -> LoadResult<Duration> {
    terminal.expect("set by your SSH key".as_bytes(), WAIT)?;
    terminal.clear();
    let started = Instant::now();
    terminal.send(format!("{passphrase}\r").as_bytes())?;
    terminal.expect(b"Report", WAIT)?;
    Ok(started.elapsed())
}

/// One check-in through the app's keys; the time from Ctrl-S to "Check-in saved" drawn.
fn record_checkin(terminal: &mut Terminal) -> LoadResult<Duration> {
    terminal.clear();
    terminal.send(b"c")?;
    terminal.expect(b"New check-in", WAIT)?;
    terminal.send(b"\t\x1b[C\x1b[C")?;
    terminal.expect(b"[4]", WAIT)?;
    terminal.clear();
    let started = Instant::now();
    terminal.send(b"\x13")?;
    terminal.expect(b"Check-in saved", WAIT)?;
    let took = started.elapsed();
    terminal.send(b"\x1b")?;
    Ok(took)
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The `steady session` processes on `db`.
fn session_pids(db: &Path) -> Vec<u32> {
    let wanted = format!("{}\0session\0", db.display());
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|c| c.windows(wanted.len()).any(|w| w == wanted.as_bytes()))
        })
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run(args: &Args) -> LoadResult<()> {
    for tool in [
        "/usr/sbin/sshd",
        "/usr/bin/ssh",
        "/usr/bin/ssh-keygen",
        "/usr/bin/script",
    ] {
        if !Path::new(tool).exists() {
            return Err(format!(
                "{tool} is missing: apt-get install -y openssh-server openssh-client bsdutils"
            )
            .into());
        }
    }
    if !rustix::process::geteuid().is_root() {
        return Err("run as root: it starts sshd".into());
    }
    // sshd accepts an AuthorizedKeysCommand only on a path no one else may write.
    let work = PathBuf::from(format!("/var/lib/steady-ssh-load-{}", std::process::id()));
    std::fs::create_dir_all(work.join("bin"))?;
    let result = measure(args, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn measure(args: &Args, work: &Path) -> LoadResult<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(work, std::fs::Permissions::from_mode(0o755))?;
    let steady = work.join("bin").join("steady");
    let built = std::env::current_exe()?
        .parent()
        .ok_or("no folder")?
        .join("steady");
    std::fs::copy(&built, &steady)?;
    std::fs::set_permissions(&steady, std::fs::Permissions::from_mode(0o755))?;

    let n = args.sessions;
    eprintln!("Building a vault with {} accounts and SSH keys …", n + 1);
    let (paths, keys) = build_vault(work, n)?;
    let db = paths.db.canonicalize()?;
    let sshd = start_sshd(work, &steady, &db)?;
    let port = sshd.port;

    eprintln!(
        "Logging {n} sessions in, one every {} ms …",
        args.login_spacing_ms
    );
    let login_ms = Arc::new(Mutex::new(Vec::new()));
    let write_ms = Arc::new(Mutex::new(Vec::new()));
    let acked = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let held = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    // When everyone may start writing, and until when: set once all are in and measured.
    let window: Arc<Mutex<Option<(Instant, Instant)>>> = Arc::new(Mutex::new(None));
    let mut threads = Vec::new();
    for i in 1..=n {
        let key = keys[i as usize].clone();
        let (login_ms, write_ms, acked, failures, held, done, window) = (
            Arc::clone(&login_ms),
            Arc::clone(&write_ms),
            Arc::clone(&acked),
            Arc::clone(&failures),
            Arc::clone(&held),
            Arc::clone(&done),
            Arc::clone(&window),
        );
        let interval = Duration::from_secs(args.interval_secs);
        threads.push(std::thread::spawn(move || {
            let session = || -> LoadResult<()> {
                let logged_in = (|| -> LoadResult<(Terminal, Duration)> {
                    let mut terminal = Terminal::open(port, &key)?;
                    let took = log_in(&mut terminal, &passphrase_of(i))?;
                    Ok((terminal, took))
                })();
                let (mut terminal, took) = match logged_in {
                    Ok(done_in) => done_in,
                    Err(e) => {
                        done.fetch_add(1, Ordering::Relaxed);
                        return Err(e);
                    }
                };
                login_ms.lock().map_err(|_| "poisoned")?.push(ms(took));
                held.fetch_add(1, Ordering::Relaxed);
                done.fetch_add(1, Ordering::Relaxed);
                let (from, until) = loop {
                    if let Some(w) = *window.lock().map_err(|_| "poisoned")? {
                        break w;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                };
                // Spread the writes over the interval, one session after another.
                let mut next = from + interval.mul_f64(f64::from(i) / f64::from(n));
                while next < until {
                    std::thread::sleep(next.saturating_duration_since(Instant::now()));
                    let took = record_checkin(&mut terminal)?;
                    acked.fetch_add(1, Ordering::Relaxed);
                    write_ms.lock().map_err(|_| "poisoned")?.push(ms(took));
                    next += interval;
                }
                terminal.close();
                Ok(())
            };
            if let Err(e) = session()
                && let Ok(mut f) = failures.lock()
            {
                f.push(format!("{}: {e}", login_of(i)));
            }
        }));
        std::thread::sleep(Duration::from_millis(args.login_spacing_ms));
    }
    let ramp_started = Instant::now();
    while done.load(Ordering::Relaxed) < n as usize && ramp_started.elapsed() < WAIT * 2 {
        std::thread::sleep(Duration::from_millis(100));
    }
    let sessions_held = held.load(Ordering::Relaxed);
    // Idle memory, once every session is in and has settled.
    std::thread::sleep(Duration::from_secs(15));
    let rss: Vec<u64> = session_pids(&db).into_iter().filter_map(rss_kib).collect();
    eprintln!(
        "{sessions_held} sessions held; idle RSS measured; check-ins for {} minute(s) …",
        args.minutes
    );
    let writes_from = Instant::now() + Duration::from_secs(2);
    let writes_until = writes_from + Duration::from_secs(u64::from(args.minutes) * 60);
    *window.lock().map_err(|_| "poisoned")? = Some((writes_from, writes_until));

    // Logins under load: the probe account logs in and out during the writes.
    let mut probe_ms = Vec::new();
    std::thread::sleep(writes_from.saturating_duration_since(Instant::now()));
    while Instant::now() + Duration::from_secs(30) < writes_until {
        let mut terminal = Terminal::open(port, &keys[0])?;
        probe_ms.push(ms(log_in(&mut terminal, &passphrase_of(0))?));
        terminal.close();
        std::thread::sleep(Duration::from_secs(20));
    }
    for thread in threads {
        let _ = thread.join();
    }
    drop(sshd);

    // What is in the vault afterwards: each supervisor's check-ins on their report.
    eprintln!("Counting the check-ins in the vault …");
    let mut found = 0usize;
    for i in 1..=n {
        let session = unlock(&paths, &login_of(i), &passphrase_of(i))?;
        found += session.checkins(&format!("R{i}"))?.len();
    }
    let admin = unlock(&paths, "admin", ADMIN_PASS)?;
    let audit = admin.verify_audit(None)?;

    let mut writes = write_ms.lock().map_err(|_| "poisoned")?.clone();
    writes.sort_by(f64::total_cmp);
    let mut logins = login_ms.lock().map_err(|_| "poisoned")?.clone();
    logins.sort_by(f64::total_cmp);
    probe_ms.sort_by(f64::total_cmp);
    let rss_mib: Vec<f64> = rss.iter().map(|k| *k as f64 / 1024.0).collect();
    let failures = failures.lock().map_err(|_| "poisoned")?.clone();
    let acked = acked.load(Ordering::Relaxed);
    let report = json!({
        "sessions_asked": n,
        "sessions_held": sessions_held,
        "minutes": args.minutes,
        "checkins_acknowledged": acked,
        "checkins_found": found,
        "lost_writes": acked.saturating_sub(found),
        "write_ms": { "p50": percentile(&writes, 50.0), "p99": percentile(&writes, 99.0), "max": writes.last() },
        "idle_rss_mib": {
            "processes": rss_mib.len(),
            "mean": rss_mib.iter().sum::<f64>() / rss_mib.len().max(1) as f64,
            "max": rss_mib.iter().copied().fold(0.0, f64::max),
        },
        "login_ms_ramp": { "p50": percentile(&logins, 50.0), "p99": percentile(&logins, 99.0) },
        "login_ms_under_write_load": { "count": probe_ms.len(), "p50": percentile(&probe_ms, 50.0), "max": probe_ms.last() },
        "audit_entries_verified": audit.verified,
        "failures": failures,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("sessions held          {sessions_held} of {n}");
        println!("check-ins acknowledged {acked}; found afterwards {found}");
        println!(
            "write latency          p50 {:.0} ms, p99 {:.0} ms (Ctrl-S to \"Check-in saved\" drawn)",
            percentile(&writes, 50.0),
            percentile(&writes, 99.0)
        );
        println!(
            "idle RSS per session   mean {:.1} MiB, max {:.1} MiB ({} processes)",
            report["idle_rss_mib"]["mean"].as_f64().unwrap_or(f64::NAN),
            report["idle_rss_mib"]["max"].as_f64().unwrap_or(f64::NAN),
            rss_mib.len()
        );
        println!(
            "login latency          ramp p50 {:.0} ms, p99 {:.0} ms; under write load p50 {:.0} ms ({} logins)",
            percentile(&logins, 50.0),
            percentile(&logins, 99.0),
            percentile(&probe_ms, 50.0),
            probe_ms.len()
        );
        println!("audit chain            {} entries verified", audit.verified);
        if !failures.is_empty() {
            println!("failures               {}", failures.len());
            for f in failures.iter().take(10) {
                println!("  {f}");
            }
        }
    }
    Ok(())
}

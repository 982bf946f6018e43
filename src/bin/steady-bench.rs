//! `steady-bench`: builds (or reuses) a synthetic vault of N people and Y years and times
//! what users wait for. Prints JSON with `--json`, a table otherwise; asserts nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Duration;
use clap::Parser;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde_json::{Map, Value, json};

use steady::desk::{
    self, CheckinDraftInput, EngagementRequest, GenerateSpec, LockedVault, Session, Unlock,
    VaultPaths,
};
use steady::domain::Role;
use steady::domain::dates::today;
use steady::domain::stressors::{Severity, StressorFlag};
use steady::report::Month;
use steady::tui::probe::HomeProbe;
use steady::vault::{KdfParams, Passphrase};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 2026;

#[derive(Parser, Debug)]
#[command(about = "Time steady on a synthetic vault of N people and Y years")]
struct Args {
    /// People on the synthetic roster
    #[arg(long, default_value_t = 6_000)]
    people: usize,
    /// Years of synthetic history
    #[arg(long, default_value_t = 1)]
    years: u32,
    /// Reuse (or create) the vault in this folder instead of a temporary one
    #[arg(long, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Repetitions for each median
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Machine-readable output on stdout
    #[arg(long)]
    json: bool,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steady-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    match samples.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => samples[n / 2],
        n => (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
    }
}

/// Runs `work` `runs` times and returns the median milliseconds.
fn timed(runs: usize, mut work: impl FnMut(usize) -> BenchResult<()>) -> BenchResult<f64> {
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs.max(1) {
        let started = Instant::now();
        work(i)?;
        samples.push(ms(started));
    }
    Ok(median(samples))
}

fn unlock(paths: &VaultPaths, login: &str, passphrase: &str) -> BenchResult<Session> {
    match LockedVault::open(paths)?.unlock(login, &Passphrase::new(passphrase))? {
        Unlock::Ready(session, _) => Ok(*session),
        Unlock::MustChange(_) => Err(format!("{login} must change its passphrase").into()),
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn vault_bytes(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    [db.to_path_buf(), PathBuf::from(wal)]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn run(args: &Args) -> BenchResult<()> {
    let mut out = Map::new();
    let as_of = today();
    let temp;
    let dir = match &args.vault {
        Some(dir) => dir.clone(),
        None => {
            temp = TempDir::new()?;
            temp.path.clone()
        }
    };
    let paths = VaultPaths::for_db(&dir.join("steady.db"));
    out.insert("people".into(), json!(args.people));
    out.insert("years".into(), json!(args.years));

    // argon2 at the recommended cost, once; the benchmark's vault uses a cheap cost so
    // that the figures below are about the database, not the key derivation.
    let salt = [7u8; 16];
    let started = Instant::now();
    KdfParams::RECOMMENDED.derive(&Passphrase::new("benchmark passphrase"), &salt)?;
    out.insert("kdf_ms".into(), json!(ms(started)));
    let cheap = KdfParams::with_memory_mib(1, 1);

    let mut admin = if paths.exists() {
        out.insert("generated".into(), json!(false));
        unlock(&paths, "admin", desk::demo_admin_passphrase().expose())?
    } else {
        let mut admin = desk::create_demo_vault(&paths, args.people, 0, cheap)?;
        let started = Instant::now();
        let summary = admin.write_synthetic_activity(&GenerateSpec {
            seed: SEED,
            years: args.years,
            end: as_of,
        })?;
        let secs = started.elapsed().as_secs_f64();
        out.insert("generated".into(), json!(true));
        out.insert("generate_s".into(), json!(secs));
        out.insert(
            "generate_rows_per_s".into(),
            json!(summary.rows.rows() as f64 / secs),
        );
        out.insert(
            "generate_checkins_per_s".into(),
            json!(summary.rows.checkins as f64 / secs),
        );
        out.insert("generated_rows".into(), json!(summary));
        let started = Instant::now();
        admin.run_rules(as_of)?;
        out.insert("rules_first_run_ms".into(), json!(ms(started)));
        admin
    };
    let runs = args.runs;
    let mut checkins = 0usize;
    let mut flags = 0usize;
    let floor = timed(runs.min(3), |_| {
        checkins = 0;
        flags = 0;
        admin
            .store_for_tests()
            .db()
            .scan_checkin_facts(None, |_, checkin| {
                checkins += 1;
                flags += checkin.facts.stressors.len();
            })?;
        Ok(())
    })?;
    out.insert("checkins".into(), json!(checkins));
    out.insert("stressor_flags".into(), json!(flags));
    out.insert("floor_scan_ms".into(), json!(floor));
    let rules = timed(runs.min(3), |_| {
        admin.run_rules(as_of)?;
        Ok(())
    })?;
    out.insert("rules_full_ms".into(), json!(rules));
    out.insert("rules_vs_floor".into(), json!(rules / floor));

    // The admin's home, signed into key by key, with everyone on its people list. The
    // filter's first key checks every person (later keys only those still shown); the
    // frame is the whole home screen at 200×60 as the loop draws it after a key.
    let mut probe = HomeProbe::sign_in(
        &paths,
        "admin",
        desk::demo_admin_passphrase().expose(),
        200,
        60,
    )?;
    match probe.people_shown() {
        Some((_, total)) if total == args.people => {}
        other => return Err(format!("the admin's home lists {other:?} people").into()),
    }
    probe.press(KeyCode::Char('/'));
    let first_keys = ['a', 't', 'h', 'e', 'z', '0'];
    let mut samples = Vec::new();
    for i in 0..runs.max(first_keys.len()) {
        probe.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
        let started = Instant::now();
        probe.press(KeyCode::Char(first_keys[i % first_keys.len()]));
        samples.push(ms(started));
    }
    out.insert("roster_filter_ms".into(), json!(median(samples)));
    probe.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
    probe.press(KeyCode::Esc);
    let frame = timed(runs.max(20), |_| Ok(probe.draw()?))?;
    if !probe.text().contains("Everyone on the roster") {
        return Err(format!("the probe drew no people list:\n{}", probe.text()).into());
    }
    out.insert("tui_frame_ms".into(), json!(frame));
    drop(probe);
    let home_load = timed(runs.min(3), |_| {
        admin.people_as(Role::Admin)?;
        Ok(())
    })?;
    out.insert("home_load_ms".into(), json!(home_load));

    let report = timed(runs.min(3), |_| {
        admin.engagement_report(&EngagementRequest::year_to(Month::of(as_of)))?;
        Ok(())
    })?;
    out.insert("report_12_months_ms".into(), json!(report));

    let unlock_total = timed(runs, |_| {
        unlock(&paths, "admin", desk::demo_admin_passphrase().expose())?;
        Ok(())
    })?;
    let admin_kdf = admin_slot_kdf_ms(runs, cheap)?;
    out.insert(
        "unlock_ms".into(),
        json!((unlock_total - admin_kdf).max(0.0)),
    );
    drop(admin);

    let mut supervisor = unlock(&paths, "supervisor", "demo-supervisor-passphrase")?;
    let team = supervisor.people_as(Role::Supervisor)?;
    if team.is_empty() {
        return Err("the demo supervisor leads nobody".into());
    }
    let today_list = timed(runs.min(3), |_| {
        supervisor.follow_ups_due(as_of)?;
        supervisor.not_seen_lately(as_of)?;
        Ok(())
    })?;
    out.insert("today_list_ms".into(), json!(today_list));
    let page = timed(runs.max(20), |i| {
        let id = &team[(i * 7) % team.len()].employee_id;
        supervisor.person(id)?;
        supervisor.checkins(id)?;
        supervisor.referrals_about(id)?;
        supervisor.suggestions_for(id, as_of)?;
        Ok(())
    })?;
    out.insert("person_page_ms".into(), json!(page));
    let record = timed(runs.max(20), |i| {
        let id = team[(i * 13) % team.len()].employee_id.clone();
        supervisor.record_checkin(
            &id,
            CheckinDraftInput {
                occurred_on: as_of - Duration::days((i % 3) as i64),
                wellbeing: 1 + (i % 5) as u8,
                visibility: None,
                notes: String::new(),
                follow_up_on: None,
                stressors: vec![StressorFlag {
                    category: "work.workload".into(),
                    severity: Severity::Moderate,
                }],
            },
        )?;
        Ok(())
    })?;
    out.insert("record_checkin_ms".into(), json!(record));
    drop(supervisor);

    out.insert("peak_rss_mb".into(), json!(peak_rss_mb()));
    out.insert(
        "vault_bytes_per_checkin".into(),
        json!(vault_bytes(&paths.db) as f64 / checkins.max(1) as f64),
    );
    out.insert("as_of".into(), json!(as_of.to_string()));

    if args.json {
        println!("{}", serde_json::to_string_pretty(&Value::Object(out))?);
    } else {
        print_table(&out);
    }
    Ok(())
}

/// argon2 at the benchmark vault's own cost, to take out of the unlock time.
fn admin_slot_kdf_ms(runs: usize, cheap: KdfParams) -> BenchResult<f64> {
    let salt = [9u8; 16];
    timed(runs, |_| {
        cheap.derive(&Passphrase::new("demo-admin-passphrase"), &salt)?;
        Ok(())
    })
}

fn print_table(out: &Map<String, Value>) {
    for (key, value) in out {
        match value {
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.fract() != 0.0 => println!("{key:<26} {x:>14.2}"),
                _ => println!("{key:<26} {n:>14}"),
            },
            Value::Object(_) => println!("{key:<26} {value}"),
            other => println!("{key:<26} {other:>14}"),
        }
    }
}

/// A private temporary folder, removed on drop.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> BenchResult<Self> {
        let path = std::env::temp_dir().join(format!(
            "steady-bench-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        Ok(Self { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

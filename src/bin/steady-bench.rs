//! `steady-bench`: builds (or reuses) a synthetic vault of N people and Y years, times what
//! users wait for, and scores the rules' prompts against the generator's truth. Prints JSON
//! with `--json`, a table otherwise; asserts nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use clap::Parser;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use steady::cli::progress::Meter;
use steady::desk::{
    self, CheckinDraftInput, EngagementRequest, GenerateSpec, LockedVault, Session, Unlock,
    Unwatched, VaultPaths,
};
use steady::domain::Role;
use steady::domain::checkin::Visibility;
use steady::domain::clock::Clock;
use steady::domain::dates::today;
use steady::domain::prompt_quality::{PromptQuality, PromptReplay, ReplayWindow};
use steady::domain::stressors::{Severity, StressorFlag};
use steady::domain::synthetic::{self, ActivityPlan, Calibration, CalibrationTally};
use steady::report::Month;
use steady::rules::{self, RuleSet};
use steady::tui::probe::{HomeProbe, SignInTimes};
use steady::vault::{KdfParams, Passphrase};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SEED: u64 = 2026;

/// A supervisor at the top of the chain, added to the demo vault for the login figures.
const CHIEF: &str = "chief";
const CHIEF_PASSPHRASE: &str = "bench-chief-passphrase";
/// Ordinary days the daily rules run is timed on.
const DAILY_DAYS: i64 = 3;

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
    /// Score these rules' prompts instead of the built-in ones (the vault is not changed)
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Only score the prompts, on the synthetic plan itself: no vault, no timings
    #[arg(long)]
    prompts_only: bool,
}

/// The synthetic plan a vault's history was drawn from, kept in the vault's folder so that
/// a later run over the same vault replays the same history (its end was that day's today).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct PlanRecord {
    seed: u64,
    years: u32,
    end: NaiveDate,
}

const PLAN_RECORD: &str = "steady-bench-plan.json";

impl PlanRecord {
    fn plan(&self) -> ActivityPlan {
        ActivityPlan::years_to(self.seed, self.years, self.end)
    }

    fn load(dir: &Path) -> BenchResult<Option<Self>> {
        match std::fs::read(dir.join(PLAN_RECORD)) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, dir: &Path) -> BenchResult<()> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(dir.join(PLAN_RECORD))?;
        file.write_all(&serde_json::to_vec_pretty(self)?)?;
        Ok(())
    }
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
    let rules = match &args.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path)?;
            rules::parse(&text, &rules::Known::builtin()).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                format!("{}: {}", path.display(), lines.join("; "))
            })?
        }
        None => RuleSet::builtin().map_err(|_| "the built-in rules do not parse")?,
    };
    if args.prompts_only {
        return prompts_only(args, &rules, as_of);
    }
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
    let cheap = KdfParams::FLOOR;

    let record;
    let mut admin = if paths.exists() {
        out.insert("generated".into(), json!(false));
        record = PlanRecord::load(&dir)?;
        unlock(&paths, "admin", desk::demo_admin_passphrase().expose())?
    } else {
        // Progress on stderr at a terminal only, never with --json (nor in a pipe).
        let mut meter = Meter::for_command(args.json);
        let mut admin = desk::create_demo_vault(&paths, args.people, 0, cheap, &mut meter)?;
        let spec = GenerateSpec {
            seed: SEED,
            years: args.years,
            end: as_of,
        };
        let started = Instant::now();
        let summary = admin.write_synthetic_activity(&spec, &mut meter)?;
        let secs = started.elapsed().as_secs_f64();
        let generated = PlanRecord {
            seed: spec.seed,
            years: spec.years,
            end: spec.end,
        };
        generated.save(&dir)?;
        record = Some(generated);
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
        admin.run_rules(as_of, &mut meter)?;
        out.insert("rules_first_run_ms".into(), json!(ms(started)));
        drop(meter);
        admin
    };
    let runs = args.runs;
    let mut checkins = 0usize;
    let mut flags = 0usize;
    let floor = timed(runs.min(3), |_| {
        (checkins, flags) = admin.read_every_checkin()?;
        Ok(())
    })?;
    out.insert("checkins".into(), json!(checkins));
    out.insert("stressor_flags".into(), json!(flags));
    out.insert("floor_scan_ms".into(), json!(floor));
    let rules_run = timed(runs.min(3), |_| {
        admin.run_rules(as_of, &mut Unwatched)?;
        Ok(())
    })?;
    out.insert("rules_full_ms".into(), json!(rules_run));
    out.insert("rules_vs_floor".into(), json!(rules_run / floor));
    add_chief(&mut admin)?;
    let days = ordinary_days(&admin, as_of)?;
    let (daily, daily_evaluated) = time_daily_runs(&paths, &mut admin, as_of, &days)?;
    out.insert("rules_daily_ms".into(), json!(daily));
    out.insert("rules_daily_vs_floor".into(), json!(daily / floor));
    out.insert(
        "rules_daily_checkins".into(),
        json!(days.iter().map(Vec::len).sum::<usize>() / days.len().max(1)),
    );
    out.insert("rules_daily_evaluated".into(), json!(daily_evaluated));

    // The prompts, scored against the truth of the plan the vault was generated from.
    match record {
        Some(record) => {
            let mut people = admin.people_as(Role::Admin)?;
            people.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
            let units: Vec<String> = people.into_iter().map(|p| p.unit).collect();
            score_prompts(&mut out, &record.plan(), &units, &rules);
        }
        None => eprintln!(
            "steady-bench: {} has no {PLAN_RECORD} (made by an older steady-bench), so its prompts are not scored",
            dir.display()
        ),
    }
    // The prompts the vault holds now, checked record by record: each reason re-derived
    // from the records its audience may read, each cited record opened (in policy) as each
    // viewer the prompt reaches. Both counts must be 0.
    let audit = admin.audit_prompts(as_of)?;
    out.insert(
        "prompt_false_explanations".into(),
        json!(audit.false_explanations),
    );
    out.insert(
        "prompt_visibility_violations".into(),
        json!(audit.visibility_violations),
    );
    out.insert("prompt_audit".into(), json!(audit));

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

    // From the passphrase's Enter to a home screen with every section loaded, through the
    // app, for the coordinator and the top of the chain; argon2 (at these slots' cost, the
    // same as the admin's) taken out and reported apart. They sign in on the day of the last
    // daily run above, as people do after the night's run: a day before it, every prompt
    // would be evaluated again from the records, its stored reasons being for a later day.
    let login_day = as_of + Duration::days(DAILY_DAYS);
    let mut by_role = Map::new();
    let (mut ready_worst, mut first_worst) = (0.0f64, 0.0f64);
    for (login, passphrase) in [
        ("coordinator", "demo-coordinator-passphrase"),
        (CHIEF, CHIEF_PASSPHRASE),
    ] {
        let (mut ready, mut first) = (Vec::new(), Vec::new());
        for _ in 0..runs.clamp(1, 3) {
            let (probe, times): (HomeProbe, SignInTimes) =
                HomeProbe::sign_in_timed_on_day(&paths, login, passphrase, (200, 60), login_day)?;
            drop(probe);
            ready.push((times.ready.as_secs_f64() * 1000.0 - admin_kdf).max(0.0));
            first.push((times.first_home_frame.as_secs_f64() * 1000.0 - admin_kdf).max(0.0));
        }
        let (ready, first) = (median(ready), median(first));
        ready_worst = ready_worst.max(ready);
        first_worst = first_worst.max(first);
        by_role.insert(
            login.into(),
            json!({ "ready_ms": ready, "first_home_frame_ms": first }),
        );
    }
    out.insert("login_ready_ms".into(), json!(ready_worst));
    out.insert("login_first_frame_ms".into(), json!(first_worst));
    out.insert("login_kdf_ms".into(), json!(admin_kdf));
    out.insert("login_by_role".into(), Value::Object(by_role));
    out.insert("login_as_of".into(), json!(login_day.to_string()));

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

    // The audit log: a full verify (every entry and every audited row), then a day's
    // check-ins written one by one as people write them, and a verify since the
    // checkpoint taken before that day, against the time merely to read that day's
    // entries and the rows they name.
    let admin = unlock(&paths, "admin", desk::demo_admin_passphrase().expose())?;
    let mut full_rows = 0;
    let full = timed(runs.min(2), |_| {
        full_rows = admin.verify_audit(None)?.rows_checked;
        Ok(())
    })?;
    out.insert("audit_verify_full_ms".into(), json!(full));
    out.insert("audit_rows_checked".into(), json!(full_rows));
    let checkpoint = admin
        .audit_head()?
        .ok_or("the benchmark's vault has an empty audit log")?;
    let per_day = (checkins as f64 / (f64::from(args.years.max(1)) * 365.0)).ceil() as usize;
    for i in 0..per_day {
        let id = team[(i * 17) % team.len()].employee_id.clone();
        supervisor.record_checkin(
            &id,
            CheckinDraftInput {
                occurred_on: as_of,
                wellbeing: 1 + (i % 5) as u8,
                visibility: None,
                notes: "A day's check-in".into(),
                follow_up_on: None,
                stressors: Vec::new(),
            },
        )?;
    }
    drop(supervisor);
    out.insert("audit_day_checkins".into(), json!(per_day));
    let since = timed(runs.min(3), |_| {
        admin.verify_audit_since(&checkpoint)?;
        Ok(())
    })?;
    let read = timed(runs.min(3), |_| {
        admin.read_audit_since(&checkpoint)?;
        Ok(())
    })?;
    out.insert("audit_verify_since_day_ms".into(), json!(since));
    out.insert("audit_day_read_ms".into(), json!(read));
    out.insert("audit_since_vs_day_read".into(), json!(since / read));
    drop(admin);

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

/// Adds the top-of-chain supervisor's account, unless a reused vault has it already.
fn add_chief(admin: &mut Session) -> BenchResult<()> {
    if admin.accounts()?.iter().any(|a| a.login == CHIEF) {
        return Ok(());
    }
    let top = admin
        .people_as(Role::Admin)?
        .into_iter()
        .find(|p| p.supervisor_id.is_none())
        .ok_or("the roster has no one at the top")?;
    admin.add_account_with(
        CHIEF,
        "supervisor,employee".parse().map_err(|e: String| e)?,
        Some(&top.employee_id),
        Some(Passphrase::new(CHIEF_PASSPHRASE)),
    )?;
    Ok(())
}

/// One check-in as the generator wrote it: who, the rating, the flags.
type DayCheckin = (String, u8, Vec<StressorFlag>);

/// The generator's activity on `DAILY_DAYS` days a year before `as_of` (the chain's
/// check-ins, weekday for weekday), to be written again on the days after `as_of`.
fn ordinary_days(admin: &Session, as_of: NaiveDate) -> BenchResult<Vec<Vec<DayCheckin>>> {
    let source = |i: i64| as_of + Duration::days(i - 364);
    let mut days: Vec<Vec<DayCheckin>> = vec![Vec::new(); DAILY_DAYS as usize];
    admin.for_each_checkin_fact(|employee_id, checkin| {
        if checkin.visibility != Visibility::Chain {
            return;
        }
        if let Some(i) = (1..=DAILY_DAYS).find(|i| source(*i) == checkin.facts.on) {
            days[(i - 1) as usize].push((
                employee_id.to_string(),
                checkin.facts.wellbeing,
                checkin
                    .facts
                    .stressors
                    .iter()
                    .map(|(category, severity)| StressorFlag {
                        category: category.clone(),
                        severity: *severity,
                    })
                    .collect(),
            ));
        }
    })?;
    Ok(days)
}

/// On each day after `as_of`: that day's check-ins written one by one through the app's
/// own calls (by the top of the chain, who may write about anyone), then the daily rules
/// run timed. The median milliseconds, and the median number of people it evaluated.
fn time_daily_runs(
    paths: &VaultPaths,
    admin: &mut Session,
    as_of: NaiveDate,
    days: &[Vec<DayCheckin>],
) -> BenchResult<(f64, usize)> {
    let mut chief = unlock(paths, CHIEF, CHIEF_PASSPHRASE)?;
    let (mut samples, mut evaluated) = (Vec::new(), Vec::new());
    for (i, checkins) in days.iter().enumerate() {
        let day = as_of + Duration::days(i as i64 + 1);
        chief.set_clock(Clock::on(day));
        for (employee_id, wellbeing, stressors) in checkins {
            chief.record_checkin(
                employee_id,
                CheckinDraftInput {
                    occurred_on: day,
                    wellbeing: *wellbeing,
                    visibility: None,
                    notes: String::new(),
                    follow_up_on: None,
                    stressors: stressors.clone(),
                },
            )?;
        }
        admin.set_clock(Clock::on(day));
        let started = Instant::now();
        let summary = admin.run_rules_daily(day, &mut Unwatched)?;
        samples.push(ms(started));
        if summary.full {
            return Err(format!("the daily run on {day} evaluated everyone").into());
        }
        evaluated.push(summary.evaluated as f64);
    }
    admin.set_clock(Clock::on(as_of));
    Ok((median(samples), median(evaluated) as usize))
}

/// `--prompts-only`: the synthetic plan's prompts and calibration, without a vault.
fn prompts_only(args: &Args, rules: &RuleSet, as_of: NaiveDate) -> BenchResult<()> {
    let mut out = Map::new();
    out.insert("people".into(), json!(args.people));
    out.insert("years".into(), json!(args.years));
    // The demo vault's roster: units depend only on each person's place in the chain.
    let units: Vec<String> = synthetic::workforce(args.people.max(20), SEED)
        .into_iter()
        .map(|row| row.unit)
        .collect();
    score_prompts(
        &mut out,
        &ActivityPlan::years_to(SEED, args.years, as_of),
        &units,
        rules,
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&Value::Object(out))?);
    } else {
        print_table(&out);
    }
    Ok(())
}

/// Replays `rules` daily over the last year of `plan` for the people whose units (in
/// employee-id order, as the generator drew them) are `units`, and reports the prompt
/// figures and the calibration of what was replayed.
fn score_prompts(
    out: &mut Map<String, Value>,
    plan: &ActivityPlan,
    units: &[String],
    rules: &RuleSet,
) {
    let started = Instant::now();
    let (quality, calibration) = replay_plan(plan, units, rules);
    out.insert(
        "prompt_replay_s".into(),
        json!(started.elapsed().as_secs_f64()),
    );
    out.insert(
        "prompts_live_per_100".into(),
        json!(quality.prompts_live_per_100),
    );
    out.insert(
        "prompts_opened_per_100_month".into(),
        json!(quality.prompts_opened_per_100_month),
    );
    out.insert(
        "people_prompted_year_pct".into(),
        json!(quality.people_prompted_year_pct),
    );
    out.insert(
        "prompts_median_live_age_days".into(),
        json!(quality.prompts_median_live_age_days),
    );
    out.insert("prompt_precision".into(), json!(quality.prompt_precision));
    out.insert("prompt_recall".into(), json!(quality.prompt_recall));
    out.insert("prompt_window_end".into(), json!(plan.end.to_string()));
    out.insert("prompt_replay".into(), json!(quality));
    out.insert("synthetic_calibration".into(), json!(calibration));
}

fn replay_plan(
    plan: &ActivityPlan,
    units: &[String],
    rules: &RuleSet,
) -> (PromptQuality, Calibration) {
    let window = ReplayWindow::year_to(plan.end);
    let mut incidents: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for unit in units {
        incidents
            .entry(unit.as_str())
            .or_insert_with(|| plan.incidents(unit));
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = units.len().div_ceil(workers).max(1);
    let incidents = &incidents;
    let parts: Vec<(PromptReplay, CalibrationTally)> = std::thread::scope(|scope| {
        let handles: Vec<_> = units
            .chunks(chunk)
            .enumerate()
            .map(|(n, part)| {
                scope.spawn(move || {
                    let mut replay = PromptReplay::new(rules, window);
                    let mut tally = CalibrationTally::new(window.first, window.last);
                    for (offset, unit) in part.iter().enumerate() {
                        let index = n * chunk + offset;
                        // No resources: referrals are not replayed, and never change check-ins.
                        let history = plan.history(index, &incidents[unit.as_str()], 0);
                        replay.add(&history.checkins, &history.truth);
                        tally.add(&history);
                    }
                    (replay, tally)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut replay = PromptReplay::new(rules, window);
    let mut tally = CalibrationTally::new(window.first, window.last);
    for (part, part_tally) in parts {
        replay.merge(part);
        tally.merge(&part_tally);
    }
    (replay.finish(), tally.finish())
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
                Some(x) if x.fract() != 0.0 => println!("{key:<30} {x:>14.2}"),
                _ => println!("{key:<30} {n:>14}"),
            },
            Value::Object(_) => println!("{key:<30} {value}"),
            other => println!("{key:<30} {other:>14}"),
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

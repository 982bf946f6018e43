//! `steady-bench`: builds (or reuses) a synthetic vault of N people and Y years, times what
//! users wait for, and scores the rules' prompts against the generator's truth. Prints JSON
//! with `--json`, a table otherwise; asserts nothing.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use clap::Parser;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use steady::cli::progress::Meter;
use steady::desk::{
    self, CheckinDraftInput, EngagementRequest, GenerateSpec, Unwatched, VaultPaths,
};
use steady::desk::{KdfParams, Passphrase};
use steady::domain::Role;
use steady::domain::dates::today;
use steady::domain::stressors::{Severity, StressorFlag};
use steady::domain::synthetic::ActivityPlan;
use steady::report::Month;
use steady::rules::{self, RuleSet};

mod daily;
mod probe;
mod prompts;
mod support;

use daily::{add_chief, ordinary_days, time_daily_runs};
use prompts::{prompts_only, score_prompts};
use support::{TempDir, admin_slot_kdf_ms, ms, peak_rss_mb, timed, unlock, vault_bytes};

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

    probe::admin_home(&paths, args.people, runs, &mut out)?;
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

    // They sign in on the day of the last daily run above, as people do after the night's
    // run: a day before it, every prompt would be evaluated again from the records, its
    // stored reasons being for a later day.
    let login_day = as_of + Duration::days(DAILY_DAYS);
    probe::login_ready(&paths, runs, admin_kdf, login_day, &mut out)?;

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

//! `steady report engagement`: figures by unit and month with small groups suppressed,
//! who may run it over which units, its CSV and JSON forms, and its audit entry.

use crate::common::{
    ADMIN, RunExt, TestVault, User, assert_private_file, contains_bytes, month_day_ago, roster,
};
use serde_json::Value;

/// Four units under Carmen (the chief): Alpha (her and 7 more), Bravo (9), Six (Sam and
/// the 5 who report to him) and Tiny (4, who also report to Sam).
const ORG: &[&str] = &[
    "C0001,Carmen Quillfeather,Alpha,",
    "A0001,Emma Albrightson,Alpha,C0001",
    "A0002,Ines Vandermolen,Alpha,C0001",
    "A0003,Kofi Brannigan,Alpha,C0001",
    "A0004,Lena Szczepanik,Alpha,C0001",
    "A0005,Omar Featherstone,Alpha,C0001",
    "A0006,Rosa Etxeberria,Alpha,C0001",
    "A0007,Tomas Wojciechow,Alpha,C0001",
    "B0001,Milo Castellanet,Bravo,C0001",
    "B0002,Nadia Oyelaran,Bravo,C0001",
    "B0003,Pavel Thistlewood,Bravo,C0001",
    "B0004,Quinn Marchbanks,Bravo,C0001",
    "B0005,Ruth Delacroixe,Bravo,C0001",
    "B0006,Saul Honeywell,Bravo,C0001",
    "B0007,Tara Nakashimo,Bravo,C0001",
    "B0008,Uri Blackthorne,Bravo,C0001",
    "B0009,Vera Kristiansen,Bravo,C0001",
    "S0000,Sam Sixsmith,Six,C0001",
    "S0001,Wendell Abernathy,Six,S0000",
    "S0002,Xenia Papadakis,Six,S0000",
    "S0003,Yusuf Okonkwo,Six,S0000",
    "S0004,Zora Lindqvist,Six,S0000",
    "S0005,Abel Moriarty,Six,S0000",
    "T0001,Bianca Trevisani,Tiny,S0000",
    "T0002,Cyrus Hollingworth,Tiny,S0000",
    "T0003,Delia Fairweather,Tiny,S0000",
    "T0004,Elio Santangelo,Tiny,S0000",
];

/// Columns whose unit cells add up to the `all` row.
fn additive(column: &str) -> bool {
    !matches!(column, "coverage_pct" | "median_days_to_accept")
}

struct Org {
    vault: TestVault,
    chief: User,
    sam: User,
    coord: User,
    emma: User,
    milo: User,
    admin: User,
}

impl Org {
    fn new() -> Self {
        let vault = TestVault::with_roster(&roster(ORG));
        let chief = vault.add_user("chief.quill", "supervisor,employee", Some("C0001"));
        let sam = vault.add_user("sam.sixer", "supervisor,employee", Some("S0000"));
        let coord = vault.add_user("cora.coord", "coordinator", None);
        let emma = vault.add_user("emma.alpha", "employee", Some("A0001"));
        let milo = vault.add_user("milo.mentor", "mentor,employee", Some("B0001"));
        vault
            .admin()
            .args(["mentor", "assign", "milo.mentor", "B0002"])
            .succeeds();
        Self {
            vault,
            chief,
            sam,
            coord,
            emma,
            milo,
            admin: User::admin(),
        }
    }

    fn everyone(&self) -> [&User; 6] {
        [
            &self.chief,
            &self.sam,
            &self.coord,
            &self.emma,
            &self.milo,
            &self.admin,
        ]
    }

    /// Last month's history, recorded with `--date`:
    /// - check-ins with 7 in Alpha, all 9 in Bravo, all 6 in Six and 3 in Tiny;
    /// - work.workload flagged for 6 in Alpha, 7 in Bravo and 2 in Six; health.sleep for
    ///   all 6 in Six;
    /// - 5 referrals in Bravo opened on the 3rd, accepted 2, 2, 4, 5 and 7 days later,
    ///   closed on the 20th;
    /// - one anonymous who5 band from Emma (Alpha).
    fn with_history() -> Self {
        let org = Self::new();
        let vault = &org.vault;
        let on = month_day_ago(1, 10);
        for (id, flags) in [
            ("A0001", &["work.workload"][..]),
            ("A0002", &["work.workload"]),
            ("A0003", &["work.workload"]),
            ("A0004", &["work.workload"]),
            ("A0005", &["work.workload"]),
            ("A0006", &["work.workload"]),
            ("A0007", &[]),
            ("B0001", &["work.workload"]),
            ("B0002", &["work.workload"]),
            ("B0003", &["work.workload"]),
            ("B0004", &["work.workload"]),
            ("B0005", &["work.workload"]),
            ("B0006", &["work.workload"]),
            ("B0007", &["work.workload"]),
            ("B0008", &[]),
            ("B0009", &[]),
            ("S0000", &["health.sleep"]),
            ("S0001", &["health.sleep", "work.workload"]),
            ("S0002", &["health.sleep", "work.workload"]),
            ("S0003", &["health.sleep"]),
            ("S0004", &["health.sleep"]),
            ("S0005", &["health.sleep"]),
            ("T0001", &[]),
            ("T0002", &[]),
            ("T0003", &[]),
        ] {
            let mut args = vec!["--wellbeing", "3", "--date", &on];
            for flag in flags {
                args.extend(["--stressor", flag]);
            }
            vault.add_checkin(&org.chief, id, &args);
        }
        let opened = month_day_ago(1, 3);
        let closed = month_day_ago(1, 20);
        for (id, accepted_on) in [
            ("B0001", 5),
            ("B0002", 5),
            ("B0003", 7),
            ("B0004", 8),
            ("B0005", 10),
        ] {
            let referral = vault.add_referral(&org.chief, id, "eap", "given", &["--date", &opened]);
            vault
                .set_referral(
                    &org.coord,
                    referral,
                    &[
                        "--status",
                        "accepted",
                        "--date",
                        &month_day_ago(1, accepted_on),
                    ],
                )
                .succeeds();
            vault
                .set_referral(
                    &org.coord,
                    referral,
                    &[
                        "--status",
                        "closed",
                        "--outcome",
                        "completed",
                        "--date",
                        &closed,
                    ],
                )
                .succeeds();
        }
        vault
            .as_user(&org.emma)
            .args(["selfcheck", "take", "who5", "--answers", "1,2,2,1,2"])
            .args(["--contribute", "--date", &month_day_ago(1, 15)])
            .succeeds();
        org
    }

    /// `report engagement ARGS…` as `user` (the result is the caller's to check).
    fn report(&self, user: &User, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.vault.as_user(user);
        cmd.args(["report", "engagement"]).args(args);
        cmd
    }

    /// Last month's report as JSON.
    fn last_month_json(&self, user: &User, args: &[&str]) -> Value {
        let month = last_month();
        let mut all = vec!["--format", "json", "--from", &month, "--to", &month];
        all.extend_from_slice(args);
        self.report(user, &all).succeeds().json()
    }
}

fn last_month() -> String {
    month_day_ago(1, 1)[..7].to_string()
}

fn rows(report: &Value) -> &Vec<Value> {
    report["rows"].as_array().expect("rows")
}

fn row<'a>(report: &'a Value, unit: &str) -> &'a Value {
    rows(report)
        .iter()
        .find(|r| r["unit"] == unit)
        .unwrap_or_else(|| panic!("no row for {unit}: {report:#}"))
}

fn units_of(report: &Value) -> Vec<String> {
    let mut units: Vec<String> = rows(report)
        .iter()
        .map(|r| r["unit"].as_str().expect("a unit").to_string())
        .collect();
    units.dedup();
    units
}

fn columns(report: &Value) -> Vec<String> {
    report["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c.as_str().expect("a column").to_string())
        .collect()
}

fn suppressed_fields(row: &Value) -> Vec<&str> {
    row["suppressed"]
        .as_array()
        .expect("a suppressed list")
        .iter()
        .map(|f| f.as_str().expect("a field name"))
        .collect()
}

/// What anyone could work out from one month of a report: per additive column with a
/// shown total, the total minus the shown unit cells. Asserts every suppressed figure is
/// `null` and listed, no shown count is drawn from 1 to k − 1 people, and no suppressed
/// cell stands alone in a column; returns (column, residual, suppressed units).
fn residuals(report: &Value, month: &str) -> Vec<(String, u64, Vec<String>)> {
    let k = report["k"].as_u64().expect("k");
    let in_month: Vec<&Value> = rows(report)
        .iter()
        .filter(|r| r["month"] == month)
        .collect();
    let (units, total): (Vec<&Value>, Vec<&Value>) =
        in_month.iter().partition(|r| r["unit"] != "all");
    let total = total[0];
    let mut out = Vec::new();
    for column in columns(report) {
        for r in &in_month {
            if suppressed_fields(r).contains(&column.as_str()) {
                assert!(r[&column].is_null(), "{column} in {r}");
            } else if r[&column].is_null() {
                assert_eq!(column, "median_days_to_accept", "{r}");
            }
            if additive(&column)
                && let Some(n) = r[&column].as_u64()
            {
                assert!(n == 0 || n >= k, "{column} = {n} shown in {r}");
            }
        }
        let Some(total) = total[&column].as_u64().filter(|_| additive(&column)) else {
            continue;
        };
        let hidden: Vec<String> = units
            .iter()
            .filter(|r| r[&column].is_null())
            .map(|r| r["unit"].as_str().expect("unit").to_string())
            .collect();
        let shown: u64 = units.iter().filter_map(|r| r[&column].as_u64()).sum();
        assert_ne!(
            hidden.len(),
            1,
            "{column}: total − shown would be {}'s value",
            hidden.first().map_or("", String::as_str)
        );
        out.push((column, total - shown, hidden));
    }
    out
}

#[test]
fn small_units_and_small_figures_are_suppressed_and_cannot_be_subtracted_back() {
    let org = Org::with_history();
    let month = last_month();

    // Tiny has 4 people, so its row shows only its unit and month.
    let all = org.last_month_json(&org.coord, &[]);
    assert_eq!(units_of(&all), ["Alpha", "Bravo", "Six", "Tiny", "all"]);
    let tiny = row(&all, "Tiny");
    assert_eq!(tiny["month"], month.as_str());
    for column in columns(&all) {
        assert!(tiny[&column].is_null(), "{column} in {tiny}");
    }
    assert_eq!(suppressed_fields(tiny).len(), columns(&all).len());
    assert_eq!(row(&all, "all")["headcount"], 27);

    // Six has 6 people, 2 of them flagged for workload. That cell goes, and with it the
    // next-smallest (Alpha's 6); Bravo's 7 and Six's other figures show. Tiny's hidden
    // headcount takes Six's, the next-smallest, with it.
    let six = row(&all, "Six");
    assert!(six["work.workload"].is_null());
    assert!(six["headcount"].is_null());
    assert_eq!(six["health.sleep"], 6);
    assert_eq!(six["home.family"], 0);
    assert!(row(&all, "Alpha")["work.workload"].is_null());
    assert_eq!(row(&all, "Alpha")["headcount"], 8);
    assert_eq!(row(&all, "Bravo")["work.workload"], 7);
    assert_eq!(row(&all, "all")["work.workload"], 15);

    // The algebra: what the shown cells leave over is the suppressed cells together
    // (2 + 6, and Tiny's, which may be zero), which is neither of them.
    let workload = residuals(&all, &month)
        .into_iter()
        .find(|(column, _, _)| column == "work.workload")
        .expect("the workload column");
    assert_eq!(
        workload,
        (
            "work.workload".to_string(),
            8,
            vec!["Alpha".into(), "Six".into(), "Tiny".into()]
        )
    );
    assert!(![2, 6].contains(&workload.1));
}

/// The figures of one report as anyone holding it knows them: (month, unit, column) →
/// value, for every shown count (not the percentages and medians, which do not add up).
fn known_counts(report: &Value) -> std::collections::BTreeMap<(String, String, String), u64> {
    let mut known = std::collections::BTreeMap::new();
    for r in rows(report) {
        for column in columns(report).into_iter().filter(|c| additive(c)) {
            if let Some(n) = r[&column].as_u64() {
                let key = (
                    r["month"].as_str().expect("month").to_string(),
                    r["unit"].as_str().expect("unit").to_string(),
                    column,
                );
                known.insert(key, n);
            }
        }
    }
    known
}

#[test]
fn reports_over_unit_lists_differing_by_one_unit_cannot_be_subtracted() {
    let org = Org::with_history();
    let month = last_month();
    let whole = org.last_month_json(&org.coord, &[]);
    let total = row(&whole, "all").clone();
    // Tiny (4 people, 3 of them checked in) is hidden; before, its figures were the `all`
    // row of a report with Tiny less that of one without it.
    let lists: [&[&str]; 6] = [
        &["Alpha", "Bravo", "Six", "Tiny"],
        &["Alpha", "Bravo", "Six"],
        &["Six", "Tiny"],
        &["Six"],
        &["Tiny"],
        &["Bravo"],
    ];
    let mut known = known_counts(&whole);
    for list in lists {
        let mut args = Vec::new();
        for unit in list {
            args.extend(["--unit", unit]);
        }
        let report = org.last_month_json(&org.coord, &args);
        let mut expected: Vec<String> = list.iter().map(|u| u.to_string()).collect();
        expected.push("all".into());
        assert_eq!(units_of(&report), expected);
        // The `all` row is the whole scope's, and each unit row is as in the whole report.
        assert_eq!(row(&report, "all"), &total, "--unit {list:?}");
        for unit in list {
            assert_eq!(row(&report, unit), row(&whole, unit), "{unit} in {list:?}");
        }
        for (key, n) in known_counts(&report) {
            // Nothing any report shows contradicts or adds to another.
            assert_eq!(*known.entry(key.clone()).or_insert(n), n, "{key:?}");
        }
    }
    // Everything the reports show together: per column with a known total, the cells
    // no report shows are never exactly one (which total − the rest would give away).
    let units = ["Alpha", "Bravo", "Six", "Tiny"];
    for column in columns(&whole).into_iter().filter(|c| additive(c)) {
        let at = |unit: &str| known.get(&(month.clone(), unit.to_string(), column.clone()));
        if at("all").is_none() {
            continue;
        }
        let unknown: Vec<&str> = units.iter().copied().filter(|u| at(u).is_none()).collect();
        assert_ne!(unknown.len(), 1, "{column}: {unknown:?} recoverable");
    }
    assert!(!known.contains_key(&(month.clone(), "Tiny".into(), "checked_in".into())));

    // The CSV says the same.
    let csv_all = |args: &[&str]| -> String {
        let mut all = vec!["--from", &month, "--to", &month];
        all.extend_from_slice(args);
        let csv = org.report(&org.coord, &all).succeeds().stdout();
        csv.lines()
            .find(|l| l.starts_with("all,"))
            .expect("an all row")
            .to_string()
    };
    assert_eq!(
        csv_all(&["--unit", "Six"]),
        csv_all(&["--unit", "Six", "--unit", "Tiny"])
    );
    assert_eq!(csv_all(&["--unit", "Six"]), csv_all(&[]));

    // A supervisor's `all` row is their whole scope (Six and Tiny) whatever they list.
    let sams = org.last_month_json(&org.sam, &[]);
    let only_six = org.last_month_json(&org.sam, &["--unit", "Six"]);
    assert_eq!(row(&only_six, "all"), row(&sams, "all"));
    assert_eq!(row(&only_six, "Six"), row(&sams, "Six"));
    assert_eq!(row(&sams, "all")["headcount"], 10);
}

#[test]
fn referrals_and_self_check_bands_are_counted_by_month_and_suppressed_by_people() {
    let org = Org::with_history();
    let three = org.last_month_json(
        &org.coord,
        &["--unit", "Alpha", "--unit", "Bravo", "--unit", "Six"],
    );
    let bravo = row(&three, "Bravo");
    assert_eq!(bravo["referrals_opened"], 5);
    assert_eq!(bravo["referrals_closed"], 5);
    assert_eq!(bravo["median_days_to_accept"], 4.0);
    // The total is over all four units: Tiny's hidden row may hold referrals, and no
    // second non-zero cell could partner it, so the total goes instead.
    assert!(row(&three, "all")["referrals_opened"].is_null());
    // Emma's one anonymous contribution is one person: suppressed, in her unit and in all.
    let band_columns: Vec<String> = columns(&three)
        .into_iter()
        .filter(|c| c.starts_with("selfcheck.who5."))
        .collect();
    assert!(!band_columns.is_empty());
    let alpha = row(&three, "Alpha");
    let hidden: Vec<&String> = band_columns
        .iter()
        .filter(|c| alpha[c.as_str()].is_null())
        .collect();
    assert_eq!(hidden.len(), 1, "{alpha}");
    assert!(row(&three, "all")[hidden[0].as_str()].is_null());
    // The month before holds nothing.
    let before = month_day_ago(2, 1)[..7].to_string();
    let quiet = org
        .report(
            &org.coord,
            &["--format", "json", "--from", &before, "--to", &before],
        )
        .succeeds()
        .json();
    assert_eq!(row(&quiet, "Bravo")["referrals_opened"], 0);
    assert!(row(&quiet, "Bravo")["median_days_to_accept"].is_null());
    assert!(suppressed_fields(row(&quiet, "Bravo")).is_empty());
}

#[test]
fn no_export_holds_a_name_an_employee_id_or_a_login() {
    let org = Org::with_history();
    let month = last_month();
    let logins: Vec<&str> = org.everyone().iter().map(|u| u.login.as_str()).collect();
    for user in [&org.coord, &org.admin, &org.chief] {
        for format in ["csv", "json"] {
            let out = org
                .report(
                    user,
                    &["--format", format, "--from", &month, "--to", &month],
                )
                .succeeds();
            let bytes = &out.stdout;
            assert!(contains_bytes(bytes, b"Alpha"), "{}", out.stdout());
            for line in ORG {
                let fields: Vec<&str> = line.split(',').collect();
                for needle in [fields[0], fields[1]] {
                    assert!(
                        !contains_bytes(bytes, needle.as_bytes()),
                        "{needle} in the {format} export"
                    );
                }
            }
            for login in &logins {
                assert!(
                    !contains_bytes(bytes, login.as_bytes()),
                    "{login} in the {format} export"
                );
            }
        }
    }
}

#[test]
fn coordinators_and_admins_see_every_unit_supervisors_only_their_own() {
    let org = Org::new();
    for user in [&org.coord, &org.admin] {
        assert_eq!(
            units_of(&org.last_month_json(user, &[])),
            ["Alpha", "Bravo", "Six", "Tiny", "all"]
        );
        org.last_month_json(user, &["--unit", "Tiny"]);
    }
    // Carmen heads everyone; Sam heads Six (himself and below) and Tiny.
    assert_eq!(
        units_of(&org.last_month_json(&org.chief, &[])),
        ["Alpha", "Bravo", "Six", "Tiny", "all"]
    );
    assert_eq!(
        units_of(&org.last_month_json(&org.sam, &[])),
        ["Six", "Tiny", "all"]
    );
    assert_eq!(
        units_of(&org.last_month_json(&org.sam, &["--unit", "Six"])),
        ["Six", "all"]
    );
    for unit in ["Alpha", "Bravo", "Nowhere"] {
        let line = org
            .report(&org.sam, &["--unit", unit])
            .outcome()
            .one_clear_line(4);
        assert!(
            line.contains("sam.sixer may report only on units"),
            "{line}"
        );
    }
    // Even one unit outside refuses the whole report.
    org.report(&org.sam, &["--unit", "Six", "--unit", "Alpha"])
        .outcome()
        .one_clear_line(4);
    for user in [&org.emma, &org.milo] {
        org.report(user, &[]).outcome().one_clear_line(4);
        org.report(user, &["--unit", "Alpha"])
            .outcome()
            .one_clear_line(4);
    }
    // A coordinator asking for a unit with no one in it is told so.
    let line = org
        .report(&org.coord, &["--unit", "Nowhere"])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("Nowhere"), "{line}");
}

#[test]
fn a_supervisor_whose_units_reach_outside_their_chain_gets_none() {
    // Sam heads two of the three people in Patrol; the third reports elsewhere.
    let vault = TestVault::with_roster(&roster(&[
        "P1,Sam Sergeant,Patrol,",
        "P2,Ana Officer,Patrol,P1",
        "P3,Ben Elsewhere,Patrol,",
    ]));
    let sam = vault.add_user("sam", "supervisor,employee", Some("P1"));
    let line = vault
        .as_user(&sam)
        .args(["report", "engagement"])
        .outcome()
        .one_clear_line(4);
    assert!(line.contains("no unit lies wholly within"), "{line}");
}

#[test]
fn k_is_configurable_but_never_below_three_and_json_and_the_readme_state_it() {
    let org = Org::new();
    for k in ["2", "0"] {
        let line = org
            .report(&org.coord, &["--k", k])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains("too small"), "{line}");
    }
    let json = org.last_month_json(&org.coord, &[]);
    assert_eq!(json["k"], 5);
    assert!(
        json["suppression"]
            .as_str()
            .expect("the rule")
            .starts_with("k = 5: ")
    );
    let seven = org.last_month_json(&org.coord, &["--k", "7"]);
    assert_eq!(seven["k"], 7);
    // Bravo (9) still shows at k = 7; Six (6) no longer does.
    assert_eq!(row(&seven, "Bravo")["headcount"], 9);
    assert!(row(&seven, "Six")["headcount"].is_null());

    // An admin may lower the vault's minimum to 3; then k = 3 is the default.
    org.vault
        .admin()
        .args(["config", "set", "report.min_k", "3"])
        .succeeds();
    let month = last_month();
    let readme = org.vault.dir.path().join("engagement.txt");
    let csv = org
        .report(&org.coord, &["--from", &month, "--to", &month, "--readme"])
        .arg(&readme)
        .succeeds()
        .stdout();
    assert!(
        csv.starts_with("unit,month,headcount,checked_in,coverage_pct,"),
        "{csv}"
    );
    let readme = std::fs::read_to_string(&readme).expect("the readme");
    assert!(readme.contains("Suppression: k = 3: "), "{readme}");
    // --json picks JSON when no --format is given.
    org.vault
        .as_user(&org.coord)
        .args([
            "--json",
            "report",
            "engagement",
            "--from",
            &month,
            "--to",
            &month,
        ])
        .succeeds()
        .json();
}

#[test]
fn the_vault_minimum_k_is_set_by_admins_only_audited_and_k_may_only_raise_it() {
    let org = Org::with_history();
    let config = |user: &User, args: &[&str]| {
        let mut cmd = org.vault.as_user(user);
        cmd.arg("config").args(args);
        cmd
    };
    // Before any change: 5, the default, and any caller may read it.
    for user in org.everyone() {
        assert_eq!(
            config(user, &["get", "report.min_k"]).succeeds().stdout(),
            "5\n"
        );
    }
    // Only an admin changes it; no one sets it below 3.
    for user in [&org.coord, &org.chief, &org.emma] {
        let line = config(user, &["set", "report.min_k", "7"])
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("admins"), "{line}");
    }
    for bad in ["2", "0", "-1", "seven"] {
        config(&org.admin, &["set", "report.min_k", bad])
            .outcome()
            .one_clear_line(5);
    }
    config(&org.admin, &["set", "report.nothing", "7"])
        .outcome()
        .one_clear_line(5);
    let changes = || -> Vec<Value> {
        org.vault
            .audit_entries()
            .into_iter()
            .filter(|e| e["action"] == "config.set")
            .collect()
    };
    assert!(changes().is_empty(), "a refused change is not written");
    config(&org.admin, &["set", "report.min_k", "6"]).succeeds();
    let listed = config(&org.coord, &["--json", "list"]).succeeds().json();
    assert_eq!(listed[0]["key"], "report.min_k");
    assert_eq!(listed[0]["value"], "6");
    assert_eq!(listed[0]["default"], "5");
    let entries = changes();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["actor"], ADMIN);
    assert_eq!(entries[0]["subject"], "report.min_k");
    assert_eq!(entries[0]["detail"], "report.min_k 5 → 6");

    // Reports now default to k = 6; --k may raise it but not go below it.
    let report = org.last_month_json(&org.coord, &[]);
    assert_eq!(report["k"], 6);
    for k in ["3", "5"] {
        let line = org
            .report(&org.coord, &["--k", k])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains("minimum of 6"), "{line}");
        assert!(line.contains("config set report.min_k"), "{line}");
    }
    assert_eq!(org.last_month_json(&org.sam, &["--k", "8"])["k"], 8);
    // A refused report is not run: no audit entry for it.
    let runs = org
        .vault
        .audit_entries()
        .into_iter()
        .filter(|e| e["action"] == "report.engagement")
        .count();
    assert_eq!(runs, 2);
    org.vault.admin().args(["audit", "verify"]).succeeds();
}

#[test]
fn bad_months_are_refused_before_anything_is_read() {
    let org = Org::new();
    for args in [
        &["--from", "2026-13"][..],
        &["--to", "26-01"],
        &["--from", "2026-05", "--to", "2026-04"],
        &["--from", "1990-01", "--to", "2026-01"],
    ] {
        org.report(&org.coord, args).outcome().one_clear_line(5);
    }
    // A month that is not a month fails without a passphrase.
    let out = org
        .vault
        .bare()
        .args(["report", "engagement", "--from", "soon"])
        .outcome();
    assert!(out.one_clear_line(5).contains("YYYY-MM"));
}

#[test]
fn unit_names_that_look_like_formulas_are_neutralised_in_csv() {
    let mut rows = Vec::new();
    for (unit, prefix) in [
        ("\"=HYPERLINK(\"\"x\"\")\"", "H"),
        ("-2+3", "M"),
        ("@cmd", "C"),
    ] {
        for i in 1..=5 {
            rows.push(format!("{prefix}{i},Person {prefix}{i},{unit},"));
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let vault = TestVault::with_roster(&roster(&rows));
    let csv = vault
        .admin()
        .args(["report", "engagement"])
        .succeeds()
        .stdout();
    assert!(csv.contains("\n\"'=HYPERLINK(\"\"x\"\")\","), "{csv}");
    assert!(csv.contains("\n'-2+3,"), "{csv}");
    assert!(csv.contains("\n'@cmd,"), "{csv}");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(csv.as_bytes());
    for record in reader.records() {
        let record = record.expect("a CSV record");
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run as a formula"
            );
        }
    }
}

#[test]
fn each_run_is_audited_with_who_which_months_and_which_units() {
    let org = Org::new();
    let runs = |actor: &str| -> Vec<String> {
        org.vault
            .audit_entries()
            .into_iter()
            .filter(|e| e["action"] == "report.engagement" && e["actor"] == actor)
            .map(|e| e["detail"].as_str().expect("detail").to_string())
            .collect()
    };
    org.report(&org.coord, &["--from", "2026-01", "--to", "2026-03"])
        .succeeds();
    assert_eq!(
        runs("cora.coord"),
        ["engagement 2026-01 to 2026-03; all 4 units; k 5"]
    );
    org.report(
        &org.sam,
        &[
            "--from", "2025-06", "--to", "2025-06", "--format", "json", "--k", "6",
        ],
    )
    .succeeds();
    assert_eq!(
        runs("sam.sixer"),
        ["engagement 2025-06 to 2025-06; units Six, Tiny; k 6"]
    );
    org.report(
        &org.coord,
        &["--from", "2026-02", "--to", "2026-02", "--unit", "Bravo"],
    )
    .succeeds();
    assert_eq!(runs("cora.coord").len(), 2);
    assert!(runs("cora.coord")[0].contains("units Bravo"));
    // A refused run writes nothing.
    org.report(&org.sam, &["--unit", "Alpha"])
        .outcome()
        .one_clear_line(4);
    org.report(&org.emma, &[]).outcome().one_clear_line(4);
    assert_eq!(runs("sam.sixer").len(), 1);
    assert!(runs("emma.alpha").is_empty());
    org.vault.admin().args(["audit", "verify"]).succeeds();
}

#[test]
fn out_writes_a_private_file_and_never_replaces_one_without_force() {
    let org = Org::new();
    let path = org.vault.dir.path().join("engagement.csv");
    let path_arg = path.to_str().expect("a UTF-8 path");
    org.report(&org.coord, &["--out", path_arg]).succeeds();
    assert_private_file(&path);
    let first = std::fs::read(&path).expect("the report");
    assert!(first.starts_with(b"unit,month,headcount,"));
    let line = org
        .report(&org.coord, &["--format", "json", "--out", path_arg])
        .outcome()
        .one_clear_line(5);
    assert!(line.contains("--force"), "{line}");
    assert_eq!(std::fs::read(&path).expect("the report"), first);
    org.report(
        &org.coord,
        &["--format", "json", "--out", path_arg, "--force"],
    )
    .succeeds();
    assert_private_file(&path);
    let json: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("the report")).expect("JSON");
    assert_eq!(json["k"], 5);
}

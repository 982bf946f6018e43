//! Terminal escape sequences in every user-supplied field (names, units, notes, referral
//! text, the resource catalog, rule titles and explanations, acknowledgement notes) are
//! stored as written but never reach the terminal raw, in plain output or in `--json`.

use crate::common::{RunExt, Team, User, days_ago};
use serde_json::Value;

/// An OSC title write, a screen clear, an SGR colour, a C1 CSI, a bidi override and
/// isolate, a bare carriage return, a backspace, DEL and a C1 next-line.
const HOSTILE: &str =
    "A\u{1b}]0;pwned\u{7}B\u{1b}[2JC\u{1b}[31mD\u{9b}1mE\u{202e}F\rG\u{8}H\u{7f}I\u{85}J\u{2067}K";

/// The stored value of a field tagged `tag`: the tag shows which field reached the screen.
fn hostile(tag: &str) -> String {
    format!("{tag} {HOSTILE} end")
}

/// Characters that must never reach a terminal from stored text.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Why `bytes` would be unsafe to show in a terminal, if they would.
fn terminal_problem(bytes: &[u8]) -> Option<String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some("not UTF-8".into());
    };
    let mut bad: Vec<String> = text
        .chars()
        .filter(|&c| unsafe_char(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    bad.sort();
    bad.dedup();
    (!bad.is_empty()).then(|| format!("carries {}", bad.join(" ")))
}

/// Whether any string in `value` contains `needle`.
fn json_has(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(s) => s.contains(needle),
        Value::Array(items) => items.iter().any(|v| json_has(v, needle)),
        Value::Object(map) => map.values().any(|v| json_has(v, needle)),
        _ => false,
    }
}

/// Escapes `text` for a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// Problems found so far, reported together so one run shows every leak.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    /// Checks a run: it succeeded, neither stream carries a control character, each of
    /// `tags` is visible, and JSON output parses and holds each tagged value exactly.
    fn check(&mut self, what: &str, out: &crate::common::Outcome, json: bool, tags: &[&str]) {
        if out.code != Some(0) {
            self.0
                .push(format!("{what}: exit {:?}: {}", out.code, out.stderr));
            return;
        }
        for (stream, bytes) in [
            ("stdout", &out.stdout[..]),
            ("stderr", out.stderr.as_bytes()),
        ] {
            if let Some(problem) = terminal_problem(bytes) {
                self.0.push(format!("{what}: {stream} {problem}"));
            }
        }
        if json {
            let Ok(value) = serde_json::from_slice::<Value>(&out.stdout) else {
                self.0.push(format!("{what}: stdout is not JSON"));
                return;
            };
            for tag in tags {
                if !json_has(&value, &hostile(tag)) {
                    self.0
                        .push(format!("{what}: JSON lacks the stored {tag} exactly"));
                }
            }
        } else {
            let shown = String::from_utf8_lossy(&out.stdout);
            for tag in tags {
                if !shown.contains(&format!("{tag} A")) {
                    self.0.push(format!("{what}: {tag} not shown"));
                }
            }
        }
    }
}

#[test]
fn hostile_text_in_every_field_reaches_no_terminal_raw() {
    let team = Team::new();
    let vault = &team.vault;
    let admin = User::admin();
    let mut found = Findings::default();

    // A rules file (at a hostile path) whose titles and explanations are hostile.
    let rules_text = format!(
        "[[rule]]\nid = \"hostile-chain\"\ntitle = {}\nseverity = \"attention\"\n\
         audience = [\"supervisor_chain\"]\nsuggest = [\"eap\"]\nexplain = {}\n\
         when = {{ kind = \"latest\", at_most = 5, within_days = 3650 }}\n\n\
         [[rule]]\nid = \"hostile-self\"\ntitle = {}\nseverity = \"attention\"\n\
         audience = [\"self\"]\nsuggest = [\"eap\"]\nexplain = {}\n\
         when = {{ kind = \"selfcheck\", instrument = \"who5\", last = 1, percent_at_most = 100 }}\n",
        toml_string(&hostile("rule-title")),
        toml_string(&(hostile("rule-explain") + " {value}")),
        toml_string(&hostile("self-title")),
        toml_string(&(hostile("self-explain") + " {value}")),
    );
    let rules = vault.write_file("rules \u{1b}[2J\u{9b}.toml", rules_text);
    let rules = rules.to_str().expect("a UTF-8 path").to_string();
    let run = |user: &User, args: &[&str]| {
        let mut cmd = vault.as_user(user);
        cmd.args(["--rules", &rules]).args(args);
        cmd.outcome()
    };
    let both = |found: &mut Findings, user: &User, args: &[&str], tags: &[&str]| {
        let what = format!("{} {}", user.login, args.join(" "));
        found.check(&what, &run(user, args), false, tags);
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        found.check(
            &format!("{what} --json"),
            &run(user, &json_args),
            true,
            tags,
        );
    };

    // The roster: one person imported from CSV, one added by hand (reporting to the first).
    let csv = format!(
        "employee_id,name,unit,supervisor_id\nE9,\"{}\",\"{}\",E4\n",
        hostile("name-csv"),
        hostile("unit-csv")
    );
    let import = vault.import_cmd(csv, &[]).outcome();
    found.check("people import", &import, false, &[]);
    let added = run(
        &admin,
        &[
            "people",
            "add",
            "E10",
            "--name",
            &hostile("name-add"),
            "--unit",
            &hostile("unit-add"),
            "--supervisor",
            "E9",
        ],
    );
    found.check("people add", &added, false, &[]);
    let h9 = vault.add_user("h9", "employee", Some("E9"));

    // The catalog: every text field of a resource, then an edit.
    let mut add_resource = vec!["resources", "add", "hostile-aid"];
    let fields: Vec<(String, String)> = [
        "name",
        "kind",
        "contact",
        "hours",
        "confidentiality",
        "description",
    ]
    .iter()
    .map(|f| (format!("--{f}"), hostile(&format!("res-{f}"))))
    .collect();
    for (flag, value) in &fields {
        add_resource.push(flag);
        add_resource.push(value);
    }
    add_resource.extend(["--helps-with", "financial"]);
    found.check(
        "resources add",
        &run(&team.coord, &add_resource),
        false,
        &[],
    );
    let edit = run(
        &team.coord,
        &[
            "--json",
            "resources",
            "edit",
            "hostile-aid",
            "--hours",
            &hostile("res-hours-edit"),
        ],
    );
    found.check("resources edit", &edit, true, &["res-hours-edit"]);

    // A check-in (then an edit of its notes), a referral and a coordinator's event note.
    let follow_up = days_ago(-7);
    let add_checkin = [
        "checkin",
        "add",
        "E9",
        "--wellbeing",
        "2",
        "--stressor",
        "financial.strain",
        "--note",
        &hostile("note"),
        "--follow-up",
        &follow_up,
    ];
    let recorded = run(&team.lead, &add_checkin);
    found.check("checkin add", &recorded, false, &["res-name"]);
    let checkin_id = vault.checkins(&team.lead, "E9")[0]["id"]
        .as_i64()
        .expect("a check-in id")
        .to_string();
    let edited = run(
        &team.lead,
        &[
            "checkin",
            "edit",
            &checkin_id,
            "--note",
            &hostile("note-edit"),
        ],
    );
    found.check("checkin edit", &edited, false, &[]);
    let referral_id = vault
        .add_referral(
            &team.lead,
            "E9",
            "hostile-aid",
            "given",
            &["--reason", &hostile("reason")],
        )
        .to_string();
    let set = run(
        &team.coord,
        &[
            "referral",
            "set",
            &referral_id,
            "--status",
            "accepted",
            "--note",
            &hostile("event"),
        ],
    );
    found.check("referral set", &set, false, &[]);

    // Prompts from the hostile rules, one acknowledged with a hostile note; a self-check
    // that raises the hostile rule for the person alone.
    found.check("rules run", &run(&admin, &["rules", "run"]), false, &[]);
    let take = run(
        &h9,
        &["selfcheck", "take", "who5", "--answers", "1,1,1,1,1"],
    );
    found.check("selfcheck take", &take, false, &[]);
    let listed = run(&team.lead, &["--json", "prompts", "list"]).json();
    let prompt_id = listed
        .as_array()
        .and_then(|list| list.iter().find(|p| p["employee"] == "E9"))
        .and_then(|p| p["id"].as_i64())
        .expect("a prompt for E9")
        .to_string();
    let ack = run(
        &team.lead,
        &["prompts", "ack", &prompt_id, "--note", &hostile("ack")],
    );
    found.check("prompts ack", &ack, false, &[]);

    // Everything that prints them, plain and as JSON.
    let table: Vec<(&User, Vec<&str>, Vec<&str>)> = vec![
        (
            &admin,
            vec!["people", "list"],
            vec!["name-csv", "unit-csv", "name-add", "unit-add"],
        ),
        (
            &admin,
            vec!["people", "show", "E9"],
            vec!["name-csv", "unit-csv"],
        ),
        (
            &admin,
            vec!["people", "show", "E10"],
            vec!["name-add", "name-csv"],
        ),
        (&admin, vec!["audit", "list"], vec![]),
        (&admin, vec!["rules", "check", &rules], vec![]),
        (&admin, vec!["rules", "test", &rules], vec![]),
        (
            &team.lead,
            vec!["people", "list"],
            vec!["name-csv", "name-add"],
        ),
        (&team.lead, vec!["checkin", "list", "E9"], vec!["note-edit"]),
        (
            &team.lead,
            vec!["checkin", "show", &checkin_id],
            vec!["note", "note-edit"],
        ),
        (&team.lead, vec!["referral", "list"], vec![]),
        (
            &team.lead,
            vec!["referral", "show", &referral_id],
            vec!["reason", "event"],
        ),
        (
            &team.lead,
            vec!["resources", "suggest", "E9"],
            vec!["res-name", "res-contact", "res-hours-edit"],
        ),
        (
            &team.lead,
            vec!["prompts", "list", "--all"],
            vec!["rule-explain"],
        ),
        (&team.coord, vec!["referral", "queue"], vec!["res-name"]),
        (
            &team.coord,
            vec!["resources", "list"],
            vec!["res-name", "res-contact", "res-hours-edit"],
        ),
        (
            &team.coord,
            vec!["resources", "show", "hostile-aid"],
            vec![
                "res-name",
                "res-kind",
                "res-contact",
                "res-hours-edit",
                "res-confidentiality",
                "res-description",
            ],
        ),
        (&team.coord, vec!["report", "engagement"], vec!["unit-csv"]),
        (&h9, vec!["checkin", "list", "E9"], vec!["note-edit"]),
        (&h9, vec!["referral", "show", &referral_id], vec!["reason"]),
        (
            &h9,
            vec!["people", "show", "E9"],
            vec!["name-csv", "unit-csv"],
        ),
        (&h9, vec!["audit", "mine"], vec![]),
        (&h9, vec!["export", "mine"], vec!["note-edit", "reason"]),
        (&h9, vec!["prompts", "list"], vec!["self-explain"]),
    ];
    for (user, args, tags) in &table {
        both(&mut found, user, args, tags);
    }
    // The engagement report as JSON by its own flag, and as CSV explicitly.
    let report = run(&team.coord, &["report", "engagement", "--format", "json"]);
    found.check(
        "report engagement --format json",
        &report,
        true,
        &["unit-csv"],
    );

    assert!(found.0.is_empty(), "{}", found.0.join("\n\n"));

    // Stored as written: the exact text comes back in JSON.
    let people = vault.people_json();
    assert!(json_has(&people, &hostile("name-csv")), "{people:#}");
    assert!(json_has(&people, &hostile("unit-add")), "{people:#}");
}

#[test]
fn a_hostile_vault_name_reaches_no_terminal_raw() {
    let vault = crate::common::TestVault::empty();
    let init = vault
        .init_here()
        .args(["--name", &hostile("vault")])
        .outcome();
    let mut found = Findings::default();
    found.check("init", &init, false, &[]);
    let admin = User::admin();
    for json in [false, true] {
        let mut cmd = vault.as_user(&admin);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.args(["audit", "list"]).outcome();
        found.check("audit list", &out, json, &["vault"]);
    }
    assert!(found.0.is_empty(), "{}", found.0.join("\n\n"));
}

//! Several `steady` processes writing one vault at once: two supervisors recording
//! check-ins and a coordinator working referrals. Nothing acknowledged may be lost.

use std::collections::{BTreeMap, BTreeSet};
use std::thread;

use crate::common::{Outcome, RunExt, Team, TestVault, User, sorted_ids};

/// Check-ins each supervisor records while the others write.
const CHECKINS_EACH: usize = 30;
/// Referrals the coordinator moves all the way to `closed` (four writes each).
const REFERRALS: usize = 8;

/// A failed run's stderr must never be SQLite's own words; with a 10 s busy timeout and
/// short transactions every run here should succeed.
fn assert_ok(outcome: &Outcome, what: &str) {
    let lower = outcome.stderr.to_lowercase();
    assert!(
        !lower.contains("locked") && !lower.contains("busy"),
        "{what}: the lock reached the user: {}",
        outcome.stderr
    );
    assert_eq!(outcome.code, Some(0), "{what}: {outcome:#?}");
}

/// Records `CHECKINS_EACH` check-ins as `user`, cycling over `people` and ratings that
/// raise and clear prompts; returns the ids each acknowledged run printed, by person.
fn record_checkins(vault: &TestVault, user: &User, people: &[&str]) -> BTreeMap<String, Vec<i64>> {
    let mut ids: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for i in 0..CHECKINS_EACH {
        let emp = people[i % people.len()];
        let wellbeing = (1 + i % 5).to_string();
        let mut cmd = vault.json_cmd(
            user,
            &[
                "checkin",
                "add",
                emp,
                "--wellbeing",
                &wellbeing,
                "--stressor",
                "work.shifts",
            ],
        );
        cmd.timeout(std::time::Duration::from_secs(120));
        let outcome = cmd.outcome();
        assert_ok(&outcome, &format!("{} checkin {i}", user.login));
        let id = outcome.json()["id"].as_i64().expect("a check-in id");
        ids.entry(emp.to_string()).or_default().push(id);
    }
    ids
}

/// Moves each referral through accepted → contacted → in_progress → closed, one write at a
/// time, interleaving referrals so every step competes with the supervisors' writes.
fn work_referrals(vault: &TestVault, coord: &User, referrals: &[i64]) {
    for step in ["accepted", "contacted", "in_progress", "closed"] {
        for id in referrals {
            let mut args = vec!["--status", step];
            if step == "closed" {
                args.extend(["--outcome", "completed"]);
            }
            let mut cmd = vault.set_referral(coord, *id, &args);
            cmd.timeout(std::time::Duration::from_secs(120));
            assert_ok(&cmd.outcome(), &format!("referral {id} to {step}"));
        }
    }
}

#[test]
fn supervisors_and_a_coordinator_writing_at_once_lose_nothing() {
    let team = Team::new();
    let vault = &team.vault;
    let referrals: Vec<i64> = (0..REFERRALS)
        .map(|_| vault.add_referral(&team.sup, "E8", "eap", "given", &[]))
        .collect();

    let (sup_ids, lead_ids) = thread::scope(|scope| {
        let sup = scope.spawn(|| record_checkins(vault, &team.sup, &["E4", "E6", "E8"]));
        let lead = scope.spawn(|| record_checkins(vault, &team.lead, &["E6", "E8"]));
        let coord = scope.spawn(|| work_referrals(vault, &team.coord, &referrals));
        coord.join().expect("the coordinator finished");
        (
            sup.join().expect("the first supervisor finished"),
            lead.join().expect("the second supervisor finished"),
        )
    });

    // Every acknowledged check-in is there, once, and ids were never handed out twice.
    let mut all = BTreeSet::new();
    for (author, ids) in [(&team.sup, &sup_ids), (&team.lead, &lead_ids)] {
        for (emp, written) in ids {
            let listed = sorted_ids(&vault.checkins(author, emp));
            for id in written {
                assert!(
                    listed.contains(id),
                    "check-in {id} of {emp} by {} was lost",
                    author.login
                );
                assert!(all.insert(*id), "check-in id {id} was acknowledged twice");
            }
        }
    }
    assert_eq!(all.len(), 2 * CHECKINS_EACH);

    // Every referral reached `closed`, with one event per move.
    for id in &referrals {
        let shown = vault.referral(&team.coord, *id);
        assert_eq!(shown["referral"]["status"], "closed", "{shown}");
        let events = shown["events"].as_array().map(Vec::len).unwrap_or(0);
        assert!(events >= 4, "referral {id} lost a move: {shown}");
    }

    // The partial unique index held: no rule is live twice for one person.
    for user in [&team.sup, &team.lead] {
        let listed = vault.json_cmd(user, &["prompts", "list"]).succeeds().json();
        let mut seen = BTreeSet::new();
        for prompt in listed.as_array().expect("a list of prompts") {
            let key = (prompt["rule"].to_string(), prompt["employee"].to_string());
            assert!(seen.insert(key.clone()), "two live prompts for {key:?}");
        }
    }
    vault.admin().args(["audit", "verify"]).succeeds();
}

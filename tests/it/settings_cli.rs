//! The idle-lock minutes as a vault setting from the command line: any account reads it,
//! admins alone change it, within 1 to 60, each change audited.

use crate::common::{RunExt, Team};

#[test]
fn the_lock_minutes_are_read_by_all_set_by_admins_within_range_and_audited() {
    let team = Team::new();
    let vault = &team.vault;
    for user in team.everyone() {
        let got = vault
            .as_user(user)
            .args(["config", "get", "app.lock_minutes"])
            .succeeds()
            .stdout();
        assert_eq!(got, "15\n", "{}", user.login);
    }
    for user in [&team.sup, &team.coord, &team.emp] {
        let line = vault
            .as_user(user)
            .args(["config", "set", "app.lock_minutes", "5"])
            .outcome()
            .one_clear_line(4);
        assert!(line.contains("admins"), "{line}");
    }
    for bad in ["0", "61", "five", "-3"] {
        let line = vault
            .admin()
            .args(["config", "set", "app.lock_minutes", bad])
            .outcome()
            .one_clear_line(5);
        assert!(line.contains("from 1 to 60"), "{line}");
    }
    vault
        .admin()
        .args(["config", "set", "app.lock_minutes", "5"])
        .succeeds();
    let got = vault
        .as_user(&team.emp)
        .args(["config", "get", "app.lock_minutes"])
        .succeeds()
        .stdout();
    assert_eq!(got, "5\n");
    let changes: Vec<_> = vault
        .audit_entries()
        .into_iter()
        .filter(|e| e["action"] == "config.set")
        .collect();
    assert_eq!(
        changes.len(),
        1,
        "a refused change is not written: {changes:?}"
    );
    assert_eq!(changes[0]["detail"], "app.lock_minutes 15 → 5");
}

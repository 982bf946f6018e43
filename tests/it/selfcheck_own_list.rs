//! A person's own self-check history never opens what others shared: a coordinator who
//! is also an employee reads their own list without an audit entry about anyone else.

use steady::desk::Passphrase;
use steady::desk::{LockedVault, SelfCheckRequest, Session, Unlock, VaultPaths};
use steady::domain::dates::today;
use steady::domain::roster::parse;
use steady::instruments::{Catalog, parse_answers};

fn unlock(paths: &VaultPaths, login: &str) -> Session {
    match LockedVault::open(paths)
        .expect("the vault opens")
        .unlock(login, &Passphrase::new(format!("{login} passphrase one")))
        .expect("the login works")
    {
        Unlock::Ready(session, _) => *session,
        Unlock::MustChange(_) => panic!("no passphrase change expected"),
    }
}

fn take(session: &mut Session, share: bool) {
    let catalog = Catalog::builtin().expect("instruments");
    let who5 = catalog.get("who5").expect("who5");
    let answers = parse_answers(who5, "3,3,2,2,1").expect("answers");
    session
        .take_self_check(&SelfCheckRequest {
            instrument: "who5",
            answers: &answers,
            share,
            contribute: false,
            taken_on: today(),
        })
        .expect("taken");
}

fn opens(admin: &Session) -> usize {
    admin
        .audit_entries(1000)
        .expect("audit")
        .iter()
        .filter(|e| e.action == "selfcheck.open")
        .count()
}

#[test]
fn my_own_list_opens_nothing_shared_by_others() {
    let (_dir, paths, mut admin) = crate::common::library_vault();
    let rows = parse(b"employee_id,name,unit,supervisor_id\nE1,One,North,\nC1,Coord,North,\n")
        .expect("roster");
    admin
        .import_roster_rows(&rows, false, &mut steady::desk::Unwatched)
        .expect("import");
    crate::common::add_library_accounts(
        &mut admin,
        &[
            ("emp", "employee", "E1"),
            ("coord", "coordinator,employee", "C1"),
        ],
    );
    take(&mut unlock(&paths, "emp"), true);
    let mut coord = unlock(&paths, "coord");
    take(&mut coord, false);

    let mine = coord.my_self_checks().expect("own list");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].record().owner, "coord");
    assert_eq!(
        opens(&admin),
        0,
        "reading one's own list reads no one else's"
    );

    // The coordinator's full list does open the shared one, and says so.
    assert_eq!(coord.self_checks().expect("list").checks.len(), 2);
    assert_eq!(opens(&admin), 1);

    // An account with no self-checks of its own is refused, not shown someone else's.
    assert!(admin.my_self_checks().is_err());
}

//! The synthetic workforce: names, units and a chain of command of any size, the same for
//! the same seed.

use super::*;

pub(super) const GIVEN: &[&str] = &[
    "Ada", "Amir", "Ana", "Bea", "Caleb", "Carmen", "Dana", "Deshawn", "Elena", "Emeka", "Farah",
    "Felix", "Grace", "Hector", "Ines", "Ivan", "Jada", "Jonah", "Kai", "Keiko", "Leon", "Lucia",
    "Malik", "Maren", "Nadia", "Noor", "Omar", "Olga", "Priya", "Quinn", "Rafael", "Rosa", "Samir",
    "Sofia", "Tariq", "Tess", "Uma", "Victor", "Wen", "Xavier", "Yara", "Zane",
];

pub(super) const FAMILY: &[&str] = &[
    "Abara",
    "Baptiste",
    "Blackwood",
    "Castellanos",
    "Daley",
    "Eriksen",
    "Fitzgerald",
    "Gallo",
    "Haddad",
    "Ishikawa",
    "Jovanovic",
    "Kowalski",
    "Lin",
    "Mbeki",
    "Novak",
    "Okafor",
    "Pruitt",
    "Quintero",
    "Rahman",
    "Sandoval",
    "Tanaka",
    "Underwood",
    "Vantongeren",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zamora",
    "Brennan",
    "Delacroix",
    "Esposito",
    "Guerrero",
    "Holm",
    "Iyer",
    "Keller",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Ortega",
    "Petrov",
    "Reyes",
    "Schultz",
    "Thorne",
];

pub(super) const PLACES: &[&str] = &[
    "Harbor",
    "Northgate",
    "Riverside",
    "Eastfield",
    "Westbrook",
    "Hillcrest",
    "Lakeshore",
    "Southport",
    "Cedar",
    "Granite",
    "Mill",
    "Oakridge",
    "Pinecrest",
    "Summit",
    "Valley",
    "Bayview",
];

pub(super) const BUREAUS: &[&str] = &[
    "Patrol Bureau",
    "Investigations Bureau",
    "Support Services Bureau",
    "Training Bureau",
    "Special Operations Bureau",
    "Community Bureau",
    "Professional Standards Bureau",
    "Technology Bureau",
];

pub(super) const KINDS: &[&str] = &[
    "Station",
    "Precinct",
    "Patrol",
    "Investigations",
    "Traffic",
    "Support",
];

/// How many people each supervisor leads; a span of 8 gives six or seven levels at 60,000.
pub(super) const SPAN: usize = 8;

/// The people of a synthetic agency, top of the chain first. People at depth 2 each
/// lead a unit; everyone below them belongs to it.
pub fn workforce(people: usize, seed: u64) -> Vec<RosterRow> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut rows: Vec<RosterRow> = Vec::with_capacity(people);
    let mut depth_of: Vec<usize> = Vec::with_capacity(people);
    let mut unit_names: Vec<String> = Vec::new();
    for index in 0..people {
        // Breadth-first: person i reports to person (i - 1) / SPAN, so every level fills
        // before the next begins and the tree stays balanced.
        let supervisor = supervisor_index(index);
        let depth = supervisor.map_or(0, |s| depth_of[s] + 1);
        depth_of.push(depth);
        let unit = match depth {
            0 => "Office of the Chief".to_string(),
            1 => BUREAUS[(index - 1) % BUREAUS.len()].to_string(),
            2 => {
                let name = unit_name(unit_names.len());
                unit_names.push(name.clone());
                name
            }
            _ => rows[supervisor.unwrap_or(0)].unit.clone(),
        };
        let given = GIVEN[rng.gen_range(0..GIVEN.len())];
        let family = FAMILY[rng.gen_range(0..FAMILY.len())];
        rows.push(RosterRow {
            line: index as u64 + 2,
            employee_id: format!("E{:05}", index + 1),
            name: format!("{family}, {given}"),
            unit,
            supervisor_id: supervisor.map(|s| format!("E{:05}", s + 1)),
        });
    }
    rows
}

pub(super) fn unit_name(n: usize) -> String {
    let place = PLACES[n % PLACES.len()];
    let kind = KINDS[(n / PLACES.len()) % KINDS.len()];
    let round = n / (PLACES.len() * KINDS.len());
    if round == 0 {
        format!("{place} {kind}")
    } else {
        format!("{place} {kind} {}", round + 1)
    }
}

/// The index of person `index`'s supervisor in a [`workforce`] (none for the top).
pub fn supervisor_index(index: usize) -> Option<usize> {
    (index > 0).then(|| (index - 1) / SPAN)
}

/// Depth of each of the first `people` in the chain (0 = the top).
pub fn depths(people: usize) -> Vec<usize> {
    let mut depth: Vec<usize> = Vec::with_capacity(people);
    for i in 0..people {
        depth.push(supervisor_index(i).map_or(0, |s| depth[s] + 1));
    }
    depth
}

/// Whether `person` is somewhere below `root` in a [`workforce`].
pub fn is_below(person: usize, root: usize) -> bool {
    let mut current = person;
    while let Some(up) = supervisor_index(current) {
        if up == root {
            return true;
        }
        current = up;
    }
    false
}

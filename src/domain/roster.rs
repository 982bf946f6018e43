//! The roster CSV (`employee_id,name,unit,supervisor_id`): parsing, validation and the
//! import plan. Every error is collected with its line number; nothing here writes.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::Person;
use super::text::sanitize;

pub const HEADER: [&str; 4] = ["employee_id", "name", "unit", "supervisor_id"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterRow {
    pub line: u64,
    pub employee_id: String,
    pub name: String,
    pub unit: String,
    pub supervisor_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RosterError {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn error(line: u64, message: impl Into<String>) -> RosterError {
    RosterError {
        line,
        message: message.into(),
    }
}

/// Employee ids are printed everywhere and used on the command line: keep them plain.
pub fn validate_employee_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("employee id is empty".into());
    }
    if id.chars().count() > 64 || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!(
            "employee id '{}' must be at most 64 characters with no spaces or control characters",
            sanitize(id)
        ));
    }
    Ok(())
}

pub fn validate_person_fields(name: &str, unit: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.trim().is_empty() {
        problems.push("name is empty".to_string());
    } else if name.chars().count() > 200 {
        problems.push("name is longer than 200 characters".to_string());
    }
    if unit.trim().is_empty() {
        problems.push("unit is empty".to_string());
    } else if unit.chars().count() > 120 {
        problems.push("unit is longer than 120 characters".to_string());
    }
    problems
}

/// Parses a roster file. Returns every row, or every problem found (never just the first).
pub fn parse(bytes: &[u8]) -> Result<Vec<RosterRow>, Vec<RosterError>> {
    let parsed = parse_collecting(bytes);
    if parsed.errors.is_empty() {
        Ok(parsed.rows)
    } else {
        Err(parsed.errors)
    }
}

/// Parses and checks a roster file against the people already in the vault, reporting
/// every problem at once: those of single lines and those of the chain of command.
pub fn parse_and_plan(bytes: &[u8], existing: &[Person]) -> Result<ImportPlan, Vec<RosterError>> {
    let mut parsed = parse_collecting(bytes);
    match plan_with(&parsed.rows, existing, &parsed.ids_with_problems) {
        Ok(plan) if parsed.errors.is_empty() => Ok(plan),
        Ok(_) => Err(parsed.errors),
        Err(more) => {
            parsed.errors.extend(more);
            parsed.errors.sort_by_key(|e| e.line);
            Err(parsed.errors)
        }
    }
}

/// What a parse found: the rows without problems, and every problem.
struct Parsed {
    rows: Vec<RosterRow>,
    errors: Vec<RosterError>,
    /// Employee ids of rows left out for a problem of their own: naming one of them as a
    /// supervisor is not a second problem.
    ids_with_problems: HashSet<String>,
}

fn parse_collecting(bytes: &[u8]) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut first_line_for: HashMap<String, u64> = HashMap::new();
    let mut ids_with_problems = HashSet::new();
    let mut saw_header = false;
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                errors.push(error(line, format!("cannot read this line as CSV: {e}")));
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines are harmless
        }
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let Ok(fields) = fields else {
            errors.push(error(
                line,
                "not valid UTF-8; save the file as UTF-8 and retry",
            ));
            saw_header = true;
            continue;
        };
        let fields: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
        if !saw_header {
            saw_header = true;
            let header: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
            if header != HEADER {
                errors.push(error(
                    line,
                    format!(
                        "the first line must be the header '{}' (found '{}')",
                        HEADER.join(","),
                        sanitize(&fields.join(","))
                    ),
                ));
            }
            continue;
        }
        if fields.len() != HEADER.len() {
            if let Some(id) = fields.first() {
                ids_with_problems.insert(id.to_string());
            }
            errors.push(error(
                line,
                format!("expected 4 columns, found {}", fields.len()),
            ));
            continue;
        }
        let (id, name, unit, supervisor) = (fields[0], fields[1], fields[2], fields[3]);
        let mut row_ok = true;
        if let Err(message) = validate_employee_id(id) {
            errors.push(error(line, message));
            row_ok = false;
        }
        for message in validate_person_fields(name, unit) {
            errors.push(error(line, message));
            row_ok = false;
        }
        if !supervisor.is_empty() {
            if let Err(message) = validate_employee_id(supervisor) {
                errors.push(error(line, format!("supervisor: {message}")));
                row_ok = false;
            } else if supervisor == id {
                errors.push(error(line, format!("{id} cannot be their own supervisor")));
                row_ok = false;
            }
        }
        if !id.is_empty() {
            if let Some(first) = first_line_for.get(id) {
                errors.push(error(
                    line,
                    format!(
                        "employee id {} appears again (first on line {first})",
                        sanitize(id)
                    ),
                ));
                row_ok = false;
            } else {
                first_line_for.insert(id.to_string(), line);
            }
        }
        if !row_ok {
            ids_with_problems.insert(id.to_string());
        } else {
            rows.push(RosterRow {
                line,
                employee_id: id.to_string(),
                name: name.to_string(),
                unit: unit.to_string(),
                supervisor_id: (!supervisor.is_empty()).then(|| supervisor.to_string()),
            });
        }
    }
    if !saw_header {
        errors.push(error(
            1,
            format!(
                "the file is empty; expected the header '{}'",
                HEADER.join(",")
            ),
        ));
    }
    errors.sort_by_key(|e| e.line);
    Parsed {
        rows,
        errors,
        ids_with_problems,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportPlan {
    pub add: Vec<Person>,
    pub update: Vec<Person>,
    pub unchanged: usize,
    /// Active people in the vault that the file does not mention.
    pub not_in_file: Vec<String>,
}

/// Checks the rows against the people already in the vault (supervisors may be existing
/// people; the merged chain of command must have no loops) and plans the changes.
pub fn plan(rows: &[RosterRow], existing: &[Person]) -> Result<ImportPlan, Vec<RosterError>> {
    plan_with(rows, existing, &HashSet::new())
}

/// As [`plan`], where `also_in_file` are ids on lines of the file that had problems.
fn plan_with(
    rows: &[RosterRow],
    existing: &[Person],
    also_in_file: &HashSet<String>,
) -> Result<ImportPlan, Vec<RosterError>> {
    let existing_by_id: HashMap<&str, &Person> = existing
        .iter()
        .map(|p| (p.employee_id.as_str(), p))
        .collect();
    let in_file: HashSet<&str> = rows.iter().map(|r| r.employee_id.as_str()).collect();
    let mut errors = Vec::new();

    for row in rows {
        if let Some(sup) = &row.supervisor_id
            && !in_file.contains(sup.as_str())
            && !also_in_file.contains(sup)
            && !existing_by_id.contains_key(sup.as_str())
        {
            errors.push(error(
                row.line,
                format!(
                    "supervisor {} is not in the file or the vault",
                    sanitize(sup)
                ),
            ));
        }
    }

    // The chain of command after the import: the file overrides the vault.
    let mut supervisor_of: HashMap<&str, Option<&str>> = existing
        .iter()
        .map(|p| (p.employee_id.as_str(), p.supervisor_id.as_deref()))
        .collect();
    for row in rows {
        supervisor_of.insert(&row.employee_id, row.supervisor_id.as_deref());
    }
    let line_of: HashMap<&str, u64> = rows
        .iter()
        .map(|r| (r.employee_id.as_str(), r.line))
        .collect();
    for cycle in find_cycles(&supervisor_of) {
        let line = cycle
            .iter()
            .filter_map(|id| line_of.get(id).copied())
            .min()
            .unwrap_or(1);
        let mut path: Vec<String> = cycle.iter().map(|id| sanitize(id).into_owned()).collect();
        path.push(path[0].clone());
        errors.push(error(
            line,
            format!("the chain of command loops: {}", path.join(" → ")),
        ));
    }

    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(errors);
    }

    let mut plan = ImportPlan::default();
    for row in rows {
        let person = Person {
            employee_id: row.employee_id.clone(),
            name: row.name.clone(),
            unit: row.unit.clone(),
            supervisor_id: row.supervisor_id.clone(),
            active: true,
        };
        match existing_by_id.get(row.employee_id.as_str()) {
            None => plan.add.push(person),
            Some(old) if **old == person => plan.unchanged += 1,
            Some(_) => plan.update.push(person),
        }
    }
    plan.not_in_file = existing
        .iter()
        .filter(|p| p.active && !in_file.contains(p.employee_id.as_str()))
        .map(|p| p.employee_id.clone())
        .collect();
    Ok(plan)
}

/// Every loop in a supervisor graph, each once, starting from its smallest id.
pub fn find_cycles<'a>(supervisor_of: &HashMap<&'a str, Option<&'a str>>) -> Vec<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Walking,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut cycles = Vec::new();
    let mut ids: Vec<&str> = supervisor_of.keys().copied().collect();
    ids.sort_unstable();
    for start in ids {
        if marks.contains_key(start) {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut current = Some(start);
        while let Some(id) = current {
            match marks.get(id) {
                Some(Mark::Done) => break,
                Some(Mark::Walking) => {
                    let from = path.iter().position(|p| *p == id).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    let smallest = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, id)| **id)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(smallest);
                    cycles.push(cycle);
                    break;
                }
                None => {
                    marks.insert(id, Mark::Walking);
                    path.push(id);
                    current = supervisor_of.get(id).copied().flatten();
                }
            }
        }
        for id in path {
            marks.insert(id, Mark::Done);
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, sup: Option<&str>) -> Person {
        Person {
            employee_id: id.into(),
            name: format!("Name {id}"),
            unit: "North".into(),
            supervisor_id: sup.map(Into::into),
            active: true,
        }
    }

    #[test]
    fn a_clean_file_parses_with_line_numbers() {
        let rows = parse(
            b"\xef\xbb\xbfemployee_id,name,unit,supervisor_id\nE1,\"Lin, J.\",North,\nE2,Ana,North,E1\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Lin, J.");
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].supervisor_id.as_deref(), Some("E1"));
    }

    #[test]
    fn every_row_error_is_reported_with_its_line() {
        let file = b"employee_id,name,unit,supervisor_id\n\
E1,Ana,North,\n\
E1,Bo,North,\n\
E3,,North,E1\n\
E4,Cy,North\n\
E5,D\xff,North,E1\n\
E6,Ed,,E6\n";
        let errors = parse(file).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 7], "{errors:?}");
        assert!(
            errors[0]
                .message
                .contains("appears again (first on line 2)")
        );
        assert!(errors[1].message.contains("name is empty"));
        assert!(errors[2].message.contains("expected 4 columns, found 3"));
        assert!(errors[3].message.contains("UTF-8"));
    }

    #[test]
    fn a_missing_header_or_empty_file_is_an_error() {
        assert!(
            parse(b"").unwrap_err()[0]
                .message
                .contains("the file is empty")
        );
        let errors = parse(b"E1,Ana,North,\n").unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("header"));
    }

    #[test]
    fn unknown_supervisors_and_loops_are_found_across_file_and_vault() {
        let rows = parse(
            b"employee_id,name,unit,supervisor_id\nE2,B,N,E3\nE3,C,N,E2\nE4,D,N,E9\nE5,E,N,E1\n",
        )
        .unwrap();
        let existing = vec![person("E1", Some("E5"))];
        let errors = plan(&rows, &existing).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(text.contains(&"line 2: the chain of command loops: E2 → E3 → E2".to_string()));
        assert!(
            text.contains(&"line 4: supervisor E9 is not in the file or the vault".to_string())
        );
        assert!(text.contains(&"line 5: the chain of command loops: E1 → E5 → E1".to_string()));
        assert_eq!(errors.len(), 3);
    }

    #[test]
    fn reimport_plans_adds_updates_and_reports_people_not_in_the_file() {
        let existing = vec![
            person("E1", None),
            person("E2", Some("E1")),
            person("E3", None),
        ];
        let rows = parse(b"employee_id,name,unit,supervisor_id\nE1,Name E1,North,\nE2,Name E2,South,E1\nE4,New,South,E2\n").unwrap();
        let plan = plan(&rows, &existing).unwrap();
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].unit, "South");
        assert_eq!(plan.add.len(), 1);
        assert_eq!(plan.not_in_file, vec!["E3".to_string()]);
    }

    #[test]
    fn a_long_chain_is_walked_without_recursion() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("E{i}")).collect();
        let mut graph: HashMap<&str, Option<&str>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            graph.insert(id, (i > 0).then(|| ids[i - 1].as_str()));
        }
        assert!(find_cycles(&graph).is_empty());
        graph.insert(&ids[0], Some(&ids[99_999]));
        assert_eq!(find_cycles(&graph).len(), 1);
    }
}

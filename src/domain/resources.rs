//! The resource catalog: resources, the seed file, and suggestions ranked by what was
//! flagged. Pure; the vault's copy is kept by the store.

use serde::{Deserialize, Serialize};

use super::stressors::{StressorCatalog, StressorFlag};
use super::text::sanitize;

const RESOURCES_TOML: &str = include_str!("../../assets/resources.toml");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub contact: String,
    pub hours: String,
    pub confidentiality: String,
    #[serde(default)]
    pub description: String,
    /// Stressor category ids or whole groups.
    #[serde(default)]
    pub helps_with: Vec<String>,
    /// Shown on the help-now screen.
    #[serde(default)]
    pub crisis: bool,
    #[serde(default, skip_deserializing)]
    pub retired: bool,
}

impl Resource {
    /// Whether this resource helps with `category` (named itself, or its group).
    pub fn helps_with(&self, category: &str) -> bool {
        let group = category.split('.').next().unwrap_or(category);
        self.helps_with.iter().any(|h| h == category || h == group)
    }

    /// Checks the fields a coordinator types; returns every problem.
    pub fn validate(&self, stressors: &StressorCatalog) -> Result<(), String> {
        let mut problems = Vec::new();
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            problems.push(format!(
                "resource id '{}' must be 1–40 lower-case letters, digits or '-'",
                sanitize(&self.id)
            ));
        }
        for (field, value) in [
            ("name", &self.name),
            ("kind", &self.kind),
            ("contact", &self.contact),
            ("hours", &self.hours),
            ("confidentiality", &self.confidentiality),
        ] {
            if value.trim().is_empty() {
                problems.push(format!("{field} is empty"));
            }
        }
        for h in &self.helps_with {
            if !stressors.is_category_or_group(h) {
                problems.push(format!(
                    "helps_with: '{}' is not a stressor category or group",
                    sanitize(h)
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    resource: Vec<Resource>,
}

/// The catalog a new vault starts with.
pub fn seed() -> Result<Vec<Resource>, String> {
    parse_seed(RESOURCES_TOML)
}

pub fn parse_seed(text: &str) -> Result<Vec<Resource>, String> {
    let file: SeedFile = toml::from_str(text).map_err(|e| format!("resources.toml: {e}"))?;
    let stressors = StressorCatalog::builtin();
    for resource in &file.resource {
        resource
            .validate(&stressors)
            .map_err(|e| format!("resources.toml, resource {}: {e}", resource.id))?;
    }
    Ok(file.resource)
}

/// Active resources that help with what was flagged, best first: each flag adds its
/// severity's weight to every resource that helps with it; ties go by name.
pub fn suggest<'a>(resources: &'a [Resource], flags: &[StressorFlag]) -> Vec<&'a Resource> {
    let mut scored: Vec<(u32, &Resource)> = resources
        .iter()
        .filter(|r| !r.retired)
        .map(|r| {
            let score = flags
                .iter()
                .filter(|f| r.helps_with(&f.category))
                .map(|f| f.severity.weight())
                .sum();
            (score, r)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|(a, ra), (b, rb)| b.cmp(a).then_with(|| ra.name.cmp(&rb.name)));
    scored.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stressors::Severity;

    fn flag(category: &str, severity: Severity) -> StressorFlag {
        StressorFlag {
            category: category.into(),
            severity,
        }
    }

    #[test]
    fn the_seed_has_the_agreed_resources_and_crisis_lines() {
        let seed = seed().unwrap();
        let ids: Vec<&str> = seed.iter().map(|r| r.id.as_str()).collect();
        for id in [
            "911",
            "988",
            "copline",
            "crisis-text-line",
            "eap",
            "peer-support",
            "chaplaincy",
            "mentoring",
            "training",
            "resiliency",
            "financial-counselling",
        ] {
            assert!(ids.contains(&id), "{id}");
        }
        let lifeline = seed.iter().find(|r| r.id == "988").unwrap();
        assert!(lifeline.crisis && lifeline.contact.contains("988"));
        assert!(
            seed.iter()
                .find(|r| r.id == "copline")
                .unwrap()
                .contact
                .contains("1-800-267-5463")
        );
        assert!(
            seed.iter()
                .find(|r| r.id == "crisis-text-line")
                .unwrap()
                .contact
                .contains("741741")
        );
    }

    #[test]
    fn suggestions_rank_by_what_was_flagged_and_how_much() {
        let seed = seed().unwrap();
        let flags = [
            flag("financial.strain", Severity::High),
            flag("health.sleep", Severity::Low),
        ];
        let ids: Vec<&str> = suggest(&seed, &flags)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        // Financial counselling and the EAP both help with money (weight 3); the EAP also
        // helps with sleep (health group), so it ranks first.
        assert_eq!(&ids[..2], &["eap", "financial-counselling"]);
        assert!(ids.contains(&"resiliency"));
        assert!(!ids.contains(&"chaplaincy"));
        assert!(suggest(&seed, &[]).is_empty());
    }

    #[test]
    fn retired_resources_are_never_suggested() {
        let mut seed = seed().unwrap();
        for r in &mut seed {
            r.retired = r.id == "eap";
        }
        let ids: Vec<&str> = suggest(&seed, &[flag("financial.strain", Severity::High)])
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(ids, vec!["financial-counselling"]);
    }

    #[test]
    fn validation_names_every_problem() {
        let mut r = seed().unwrap().remove(0);
        r.id = "Bad Id".into();
        r.contact = " ".into();
        r.helps_with = vec!["work.boredom".into()];
        let problems = r.validate(&StressorCatalog::builtin()).unwrap_err();
        assert!(problems.contains("resource id"));
        assert!(problems.contains("contact is empty"));
        assert!(problems.contains("work.boredom"));
    }
}

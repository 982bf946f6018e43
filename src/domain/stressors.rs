//! Stressor categories (from `assets/stressors.toml`) and flag severities.
//! Pure: parses the embedded catalog and stressor arguments; no I/O.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::text::sanitize;

const STRESSORS_TOML: &str = include_str!("../../assets/stressors.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Moderate,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Moderate => "moderate",
            Severity::High => "high",
        }
    }

    /// How much a flag of this severity counts when ranking resources.
    pub fn weight(self) -> u32 {
        match self {
            Severity::Low => 1,
            Severity::Moderate => 2,
            Severity::High => 3,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "low" => Ok(Severity::Low),
            "moderate" => Ok(Severity::Moderate),
            "high" => Ok(Severity::High),
            other => Err(format!(
                "'{}' is not a severity (low, moderate or high)",
                sanitize(other)
            )),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Group {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub description: String,
}

impl Category {
    /// The group part of the id: `work` for `work.workload`.
    pub fn group(&self) -> &str {
        self.id.split('.').next().unwrap_or(&self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StressorCatalog {
    #[serde(rename = "group")]
    pub groups: Vec<Group>,
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

impl StressorCatalog {
    pub fn builtin() -> Self {
        // The embedded file is checked by a unit test; an empty catalog is the only
        // fallback that cannot grant anything.
        Self::from_toml(STRESSORS_TOML).unwrap_or(StressorCatalog {
            groups: Vec::new(),
            categories: Vec::new(),
        })
    }

    pub fn from_toml(text: &str) -> Result<Self, String> {
        let catalog: StressorCatalog =
            toml::from_str(text).map_err(|e| format!("stressors.toml: {e}"))?;
        for category in &catalog.categories {
            if !catalog.groups.iter().any(|g| g.id == category.group()) {
                return Err(format!(
                    "stressors.toml: category {} names no known group",
                    category.id
                ));
            }
        }
        Ok(catalog)
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Whether `id` names a category or a whole group.
    pub fn is_category_or_group(&self, id: &str) -> bool {
        self.get(id).is_some() || self.groups.iter().any(|g| g.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.id.as_str()).collect()
    }
}

/// One stressor flagged on a check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StressorFlag {
    pub category: String,
    pub severity: Severity,
}

/// Parses `CAT[:low|moderate|high]` (moderate by default) against the catalog.
pub fn parse_flag(catalog: &StressorCatalog, text: &str) -> Result<StressorFlag, String> {
    let (category, severity) = match text.trim().split_once(':') {
        Some((c, s)) => (c.trim(), s.parse()?),
        None => (text.trim(), Severity::Moderate),
    };
    if catalog.get(category).is_none() {
        return Err(format!(
            "'{}' is not a stressor category; known: {}",
            sanitize(category),
            catalog.ids().join(", ")
        ));
    }
    Ok(StressorFlag {
        category: category.to_string(),
        severity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_has_exactly_the_agreed_ids() {
        let catalog = StressorCatalog::from_toml(STRESSORS_TOML).unwrap();
        assert_eq!(
            catalog.ids(),
            vec![
                "work.workload",
                "work.shifts",
                "work.critical_incident",
                "work.conflict",
                "home.family",
                "home.caregiving",
                "health.physical",
                "health.sleep",
                "health.mental",
                "financial.strain",
                "societal.pressure",
                "unforeseen.event",
                "unforeseen.bereavement",
            ]
        );
        assert!(catalog.categories.iter().all(|c| !c.description.is_empty()));
    }

    #[test]
    fn flags_parse_with_a_moderate_default() {
        let catalog = StressorCatalog::builtin();
        assert_eq!(
            parse_flag(&catalog, "health.sleep").unwrap().severity,
            Severity::Moderate
        );
        assert_eq!(
            parse_flag(&catalog, "work.shifts:high").unwrap().severity,
            Severity::High
        );
        assert!(
            parse_flag(&catalog, "work.shifts:severe")
                .unwrap_err()
                .contains("severity")
        );
        assert!(
            parse_flag(&catalog, "work.boredom")
                .unwrap_err()
                .contains("not a stressor")
        );
    }
}

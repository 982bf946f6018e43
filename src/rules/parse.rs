//! Reading a rules file: TOML into checked rules, with every problem reported on the
//! line it is on (unknown kinds, categories or resources, bad windows, duplicate ids).

use std::collections::HashSet;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::{Audience, Condition, EventKind, Rule, RuleSet, Severity, Since};
use crate::domain::resources;
use crate::domain::stressors::StressorCatalog;
use crate::domain::text::sanitize;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RuleError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What rule files may refer to: stressor categories and groups, resource ids.
pub struct Known {
    pub stressors: StressorCatalog,
    pub resources: Vec<String>,
    pub instruments: Vec<String>,
}

impl Known {
    /// The built-in stressor catalog and the seed resource catalog.
    pub fn builtin() -> Self {
        Self {
            stressors: StressorCatalog::builtin(),
            resources: resources::seed()
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.id)
                .collect(),
            instruments: crate::instruments::Catalog::builtin()
                .map(|c| c.ids().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    severity: Spanned<String>,
    audience: Spanned<Vec<String>>,
    #[serde(default)]
    suggest: Vec<Spanned<String>>,
    explain: String,
    when: Spanned<toml::Value>,
    #[serde(default)]
    escalate: Option<Spanned<RawEscalate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalate {
    severity: String,
    when: toml::Value,
}

/// Longest window a rule may look back: ten years.
const MAX_DAYS: i64 = 3650;

struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn of(&self, offset: usize) -> usize {
        self.0[..offset.min(self.0.len())].matches('\n').count() + 1
    }
}

/// Parses and checks a rules file; returns every problem, each with its line.
pub fn parse(text: &str, known: &Known) -> Result<RuleSet, Vec<RuleError>> {
    let lines = Lines(text);
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        vec![RuleError {
            line: e.span().map_or(1, |s| lines.of(s.start)),
            message: e.message().trim().to_string(),
        }]
    })?;
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for spanned in raw.rule {
        let rule_line = lines.of(spanned.span().start);
        let raw = spanned.into_inner();
        let mut problem = |offset: usize, message: String| {
            errors.push(RuleError {
                line: lines.of(offset),
                message,
            })
        };
        let id = raw.id.get_ref().trim().to_string();
        if id.is_empty() {
            problem(raw.id.span().start, "a rule needs an id".into());
        } else if !seen.insert(id.clone()) {
            problem(
                raw.id.span().start,
                format!("duplicate rule id '{}'", sanitize(&id)),
            );
        }
        let severity = Severity::parse(raw.severity.get_ref());
        if severity.is_none() {
            problem(
                raw.severity.span().start,
                format!(
                    "'{}' is not a severity (info, attention or urgent)",
                    sanitize(raw.severity.get_ref())
                ),
            );
        }
        let mut audience = Vec::new();
        for a in raw.audience.get_ref() {
            match Audience::parse(a) {
                Some(a) => audience.push(a),
                None => problem(
                    raw.audience.span().start,
                    format!(
                        "'{}' is not an audience (supervisor_chain, mentor, coordinator or self)",
                        sanitize(a)
                    ),
                ),
            }
        }
        if raw.audience.get_ref().is_empty() {
            problem(raw.audience.span().start, "a rule needs an audience".into());
        }
        if audience.contains(&Audience::OwnSession) && audience.len() > 1 {
            problem(
                raw.audience.span().start,
                "a rule for 'self' is for the person alone and cannot name other audiences".into(),
            );
        }
        for s in &raw.suggest {
            if !known.resources.iter().any(|r| r == s.get_ref()) {
                problem(
                    s.span().start,
                    format!("unknown resource '{}'", sanitize(s.get_ref())),
                );
            }
        }
        let when_line = raw.when.span().start;
        let when = condition(raw.when.get_ref(), known)
            .map_err(|m| problem(when_line, m))
            .ok();
        let private = audience == [Audience::OwnSession];
        if when
            .as_ref()
            .is_some_and(|w| w.reads_self_checks() != private)
        {
            problem(
                when_line,
                if private {
                    "a rule for 'self' must read the person's self-checks (kind = \"selfcheck\")"
                } else {
                    "self-check conditions are only for rules whose audience is [\"self\"]: self-checks are sealed to their owner"
                }
                .into(),
            );
        }
        let escalate = match raw.escalate {
            None => Some(None),
            Some(esc) => {
                let offset = esc.span().start;
                let esc = esc.into_inner();
                let sev = Severity::parse(&esc.severity);
                if sev.is_none() {
                    problem(
                        offset,
                        format!("escalate: '{}' is not a severity", sanitize(&esc.severity)),
                    );
                }
                let cond = condition(&esc.when, known)
                    .map_err(|m| problem(offset, format!("escalate: {m}")))
                    .ok();
                match (sev, cond) {
                    (Some(s), Some(c)) => Some(Some((s, c))),
                    _ => None,
                }
            }
        };
        if let (Some(severity), Some(when), Some(escalate)) = (severity, when, escalate) {
            rules.push(Rule {
                id,
                title: raw.title,
                severity,
                audience,
                suggest: raw.suggest.into_iter().map(|s| s.into_inner()).collect(),
                explain: raw.explain,
                when,
                escalate,
                line: rule_line,
            });
        }
    }
    if errors.is_empty() {
        Ok(RuleSet { rules })
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Reads one condition table; the message names what is wrong.
fn condition(value: &toml::Value, known: &Known) -> Result<Condition, String> {
    let table = value.as_table().ok_or_else(|| {
        "a condition must be a table such as { kind = \"latest\", at_most = 2 }".to_string()
    })?;
    for combinator in ["all", "any"] {
        if let Some(list) = table.get(combinator) {
            if table.len() != 1 {
                return Err(format!("'{combinator}' must stand alone in its table"));
            }
            let items = list
                .as_array()
                .ok_or_else(|| format!("'{combinator}' takes a list of conditions"))?;
            if items.is_empty() {
                return Err(format!("'{combinator}' needs at least one condition"));
            }
            let parsed = items
                .iter()
                .map(|c| condition(c, known))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(if combinator == "all" {
                Condition::All(parsed)
            } else {
                Condition::Any(parsed)
            });
        }
    }
    let fields = Fields { table };
    let kind = fields.text("kind")?.ok_or(
        "a condition needs a kind (count, latest, decline, below_usual, absent or referral_stale), or all/any",
    )?;
    let condition = match kind {
        "count" => {
            fields.only(&[
                "kind",
                "event",
                "category",
                "severity",
                "within_days",
                "at_least",
            ])?;
            let event = match fields.text("event")?.unwrap_or("stressor") {
                "checkin" => {
                    if fields.text("category")?.is_some() || fields.text("severity")?.is_some() {
                        return Err(
                            "category and severity apply to event = \"stressor\" only".into()
                        );
                    }
                    EventKind::Checkin
                }
                "stressor" => {
                    let category = fields.text("category")?.map(str::to_string);
                    if let Some(c) = &category
                        && !known.stressors.is_category_or_group(c)
                    {
                        return Err(format!("unknown stressor category '{}'", sanitize(c)));
                    }
                    let severity = fields.text("severity")?.map(|s| s.parse()).transpose()?;
                    EventKind::Stressor { category, severity }
                }
                other => {
                    return Err(format!(
                        "unknown event '{}' (stressor or checkin)",
                        sanitize(other)
                    ));
                }
            };
            Condition::Count {
                event,
                within_days: fields.days("within_days")?,
                at_least: fields.positive("at_least")? as usize,
            }
        }
        "latest" => {
            fields.only(&["kind", "at_most", "last", "within_days"])?;
            let at_most = fields.positive("at_most")?;
            if at_most > 5 {
                return Err("at_most is a wellbeing rating: 1 to 5".into());
            }
            let last = fields.optional_positive("last")?.unwrap_or(1);
            if last > 12 {
                return Err("last must be 1 to 12".into());
            }
            Condition::Latest {
                at_most: at_most as u8,
                last: last as usize,
                within_days: fields.days("within_days")?,
            }
        }
        "decline" => {
            fields.only(&["kind", "ratings", "within_days", "min_drop"])?;
            let ratings = fields.positive("ratings")?;
            if !(2..=12).contains(&ratings) {
                return Err("ratings must be 2 to 12".into());
            }
            let min_drop = fields.positive("min_drop")?;
            if min_drop > 4 {
                return Err("min_drop is in wellbeing points: 1 to 4".into());
            }
            Condition::Decline {
                ratings: ratings as usize,
                within_days: fields.days("within_days")?,
                min_drop: min_drop as u8,
            }
        }
        "below_usual" => {
            fields.only(&["kind", "by", "within_days", "usual_days"])?;
            // Whole or half points: 1, 1.5, 2 …
            let by = match table.get("by") {
                Some(toml::Value::Integer(n)) => Some(*n as f64),
                Some(toml::Value::Float(x)) => Some(*x),
                _ => None,
            }
            .filter(|x| (0.5..=4.0).contains(x) && (x * 2.0).fract() == 0.0)
            .ok_or("by is in wellbeing points, whole or half: 0.5 to 4")?;
            Condition::BelowUsual {
                by_tenths: (by * 10.0).round() as i64,
                within_days: fields.days("within_days")?,
                usual_days: fields.days("usual_days")?,
            }
        }
        "absent" => {
            let more_than_days = fields.days("more_than_days")?;
            let within_days = fields.days("within_days")?;
            if within_days <= more_than_days {
                return Err("within_days (the lookback) must be longer than more_than_days".into());
            }
            match fields.text("after_category")? {
                None => {
                    fields.only(&["kind", "more_than_days", "within_days"])?;
                    Condition::Absent {
                        more_than_days,
                        within_days,
                    }
                }
                Some(category) => {
                    fields.only(&["kind", "after_category", "more_than_days", "within_days"])?;
                    if known.stressors.get(category).is_none() {
                        return Err(format!(
                            "unknown stressor category '{}'",
                            sanitize(category)
                        ));
                    }
                    Condition::AbsentAfter {
                        category: category.to_string(),
                        more_than_days,
                        within_days,
                    }
                }
            }
        }
        "referral_stale" => {
            fields.only(&[
                "kind",
                "statuses",
                "consent",
                "since",
                "more_than_days",
                "within_days",
            ])?;
            let statuses = table
                .get("statuses")
                .and_then(|v| v.as_array())
                .ok_or("statuses must be a list such as [\"proposed\"]")?
                .iter()
                .map(|s| {
                    s.as_str()
                        .ok_or_else(|| "statuses must be words".to_string())
                        .and_then(|s| s.parse())
                })
                .collect::<Result<Vec<_>, String>>()?;
            if statuses.is_empty()
                || statuses
                    .iter()
                    .any(|s: &crate::domain::referral::Status| !s.is_open())
            {
                return Err(
                    "statuses must name open statuses (proposed, accepted, contacted, in_progress)"
                        .into(),
                );
            }
            let since = match fields.text("since")?.unwrap_or("created") {
                "created" => Since::Created,
                "last_event" => Since::LastEvent,
                other => {
                    return Err(format!(
                        "since must be created or last_event, not '{}'",
                        sanitize(other)
                    ));
                }
            };
            Condition::ReferralStale {
                statuses,
                consent: fields.text("consent")?.map(|c| c.parse()).transpose()?,
                since,
                more_than_days: fields.days("more_than_days")?,
                within_days: fields.days("within_days")?,
            }
        }
        "selfcheck" => {
            fields.only(&["kind", "instrument", "last", "percent_at_most"])?;
            let instrument = fields.text("instrument")?.ok_or("instrument is required")?;
            if !known.instruments.iter().any(|i| i == instrument) {
                return Err(format!("unknown instrument '{}'", sanitize(instrument)));
            }
            let last = fields.positive("last")?;
            if last > 12 {
                return Err("last must be 1 to 12".into());
            }
            let percent = fields.positive("percent_at_most")?;
            if percent > 100 {
                return Err("percent_at_most must be 1 to 100".into());
            }
            Condition::SelfCheck {
                instrument: instrument.to_string(),
                last: last as usize,
                percent_at_most: percent as u32,
            }
        }
        other => {
            return Err(format!(
                "unknown condition kind '{}' (count, latest, decline, below_usual, absent, referral_stale or selfcheck)",
                sanitize(other)
            ));
        }
    };
    Ok(condition)
}

struct Fields<'a> {
    table: &'a toml::Table,
}

impl Fields<'_> {
    fn only(&self, allowed: &[&str]) -> Result<(), String> {
        match self.table.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(format!(
                "unexpected field '{}' (expected {})",
                sanitize(k),
                allowed[1..].join(", ")
            )),
            None => Ok(()),
        }
    }

    fn text(&self, key: &str) -> Result<Option<&str>, String> {
        match self.table.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| format!("{key} must be text")),
        }
    }

    fn positive(&self, key: &str) -> Result<i64, String> {
        match self.table.get(key).map(|v| v.as_integer()) {
            None => Err(format!("{key} is required")),
            Some(Some(n)) if n >= 1 => Ok(n),
            Some(_) => Err(format!("{key} must be a whole number of at least 1")),
        }
    }

    fn optional_positive(&self, key: &str) -> Result<Option<i64>, String> {
        match self.table.get(key) {
            None => Ok(None),
            Some(_) => self.positive(key).map(Some),
        }
    }

    fn days(&self, key: &str) -> Result<i64, String> {
        let n = self.positive(key)?;
        if n > MAX_DAYS {
            return Err(format!("{key} must be at most {MAX_DAYS} days"));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<String> {
        match parse(text, &Known::builtin()) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    const GOOD: &str = r#"
[[rule]]
id = "a"
title = "A"
severity = "info"
audience = ["supervisor_chain"]
explain = "x"
when = { kind = "latest", at_most = 2, within_days = 90 }
"#;

    #[test]
    fn the_default_rules_parse_with_the_agreed_ids() {
        let rules = RuleSet::builtin().unwrap();
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "low-wellbeing",
                "below-usual",
                "declining-wellbeing",
                "stressor-cluster",
                "high-severity-stressors",
                "critical-incident-followup",
                "checkin-overdue",
                "referral-unreviewed",
                "referral-stalled",
                "self-low-wellbeing"
            ]
        );
        let coordinator_only: Vec<&str> = rules
            .rules
            .iter()
            .filter(|r| r.audience == [Audience::Coordinator])
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            coordinator_only,
            ["referral-unreviewed", "referral-stalled"]
        );
    }

    #[test]
    fn a_good_file_has_no_errors() {
        assert!(check(GOOD).is_empty());
    }

    #[test]
    fn each_error_kind_is_reported_on_its_line() {
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "unknown kind",
                r#"when = { kind = "sometimes" }"#,
                8,
                "unknown condition kind 'sometimes'",
            ),
            (
                "unknown category",
                r#"when = { kind = "count", category = "work.boredom", within_days = 30, at_least = 1 }"#,
                8,
                "unknown stressor category 'work.boredom'",
            ),
            (
                "bad window",
                r#"when = { kind = "count", within_days = 0, at_least = 1 }"#,
                8,
                "within_days must be a whole number of at least 1",
            ),
            (
                "huge window",
                r#"when = { kind = "absent", more_than_days = 99999, within_days = 9 }"#,
                8,
                "at most 3650",
            ),
            (
                "bad severity word",
                r#"when = { kind = "count", severity = "extreme", within_days = 3, at_least = 1 }"#,
                8,
                "not a severity",
            ),
            (
                "stray field",
                r#"when = { kind = "latest", at_most = 2, within_days = 3, days = 3 }"#,
                8,
                "unexpected field 'days'",
            ),
        ];
        for (what, when, line, message) in cases {
            let text = GOOD.replace(
                r#"when = { kind = "latest", at_most = 2, within_days = 90 }"#,
                when,
            );
            let errors = check(&text);
            assert_eq!(errors.len(), 1, "{what}: {errors:?}");
            assert_eq!(
                errors[0],
                format!("line {line}: {}", errors[0].split_once(": ").unwrap().1),
                "{what}"
            );
            assert!(errors[0].contains(message), "{what}: {errors:?}");
            assert!(
                errors[0].starts_with(&format!("line {line}:")),
                "{what}: {errors:?}"
            );
        }
    }

    #[test]
    fn unknown_resources_duplicates_and_bad_words_are_all_listed() {
        let text = format!(
            "{GOOD}\n[[rule]]\nid = \"a\"\ntitle = \"A\"\nseverity = \"severe\"\naudience = [\"boss\"]\nsuggest = [\"spa-day\"]\nexplain = \"x\"\nwhen = {{ kind = \"decline\", ratings = 3, within_days = 90, min_drop = 2 }}\n"
        );
        let errors = check(&text);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("line 11:") && e.contains("duplicate rule id 'a'")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("line 13:") && e.contains("'severe' is not a severity")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("line 14:") && e.contains("'boss' is not an audience")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("line 15:") && e.contains("unknown resource 'spa-day'")),
            "{errors:?}"
        );
    }

    #[test]
    fn self_checks_are_read_only_by_rules_for_the_person_alone() {
        let shared = GOOD.replace(
            r#"when = { kind = "latest", at_most = 2, within_days = 90 }"#,
            r#"when = { kind = "selfcheck", instrument = "who5", last = 2, percent_at_most = 50 }"#,
        );
        let errors = check(&shared);
        assert!(
            errors[0].starts_with("line 8:") && errors[0].contains("sealed to their owner"),
            "{errors:?}"
        );
        let private_without = GOOD.replace(
            r#"audience = ["supervisor_chain"]"#,
            r#"audience = ["self"]"#,
        );
        assert!(check(&private_without)[0].contains("must read the person's self-checks"));
        let unknown = shared
            .replace(
                r#"audience = ["supervisor_chain"]"#,
                r#"audience = ["self"]"#,
            )
            .replace("who5", "mood9");
        assert!(check(&unknown)[0].contains("unknown instrument 'mood9'"));
    }

    #[test]
    fn toml_syntax_errors_carry_their_line() {
        let errors = check("[[rule]]\nid = \"a\"\ntitle = \n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("line 3:"), "{errors:?}");
    }

    #[test]
    fn combinators_nest() {
        let text = GOOD.replace(
            r#"when = { kind = "latest", at_most = 2, within_days = 90 }"#,
            r#"when = { all = [ { kind = "latest", at_most = 2, within_days = 90 }, { any = [ { kind = "decline", ratings = 2, within_days = 90, min_drop = 1 }, { kind = "absent", more_than_days = 10, within_days = 90 } ] } ] }"#,
        );
        let rules = parse(&text, &Known::builtin()).unwrap();
        assert!(
            matches!(&rules.rules[0].when, Condition::All(items) if matches!(&items[1], Condition::Any(inner) if inner.len() == 2))
        );
    }
}

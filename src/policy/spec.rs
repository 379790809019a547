//! Policy description files: `docs-corpus/policy/policies.toml` (facts, verdicts, rules with their
//! citations and quotes) and `docs-corpus/policy/examples.toml` (worked examples), parsed raw and then
//! validated into [`PolicySpec`]s. Every error names the file and the key.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::framework::parse_str_value;
use super::model::{
    Cite, ConflictSpec, Example, FactDefault, FactSpec, FactType, InterpretationSpec, NoteSpec,
    PolicySpec, RuleSpec, SpecError, Tone, VerdictSpec, NEED_MORE_FACTS, NOT_ADDRESSED,
};

/// Path of the policy descriptions inside `docs-corpus/`.
pub const POLICIES_FILE: &str = "policy/policies.toml";
/// Path of the worked examples inside `docs-corpus/`.
pub const EXAMPLES_FILE: &str = "policy/examples.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    policy_version: String,
    #[serde(default)]
    policy: Vec<RawPolicy>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    id: String,
    title: String,
    description: String,
    #[serde(default)]
    fact: Vec<RawFact>,
    #[serde(default)]
    verdict: Vec<RawVerdict>,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    interpretation: Vec<RawInterpretation>,
    #[serde(default)]
    note: Vec<RawNote>,
    #[serde(default)]
    conflict: Vec<RawConflict>,
    #[serde(default)]
    date_fact: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    detail: String,
    label: String,
    #[serde(default)]
    format: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConflict {
    when: toml::Table,
    says: String,
    cites: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterpretation {
    id: String,
    about: String,
    reading: String,
    cites: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    name: String,
    label: String,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    value_labels: Vec<String>,
    /// `"tables"`: the values and labels come from the policy's tables (filled when it is bound).
    #[serde(default)]
    values_from: Option<String>,
    help: String,
    default: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerdict {
    id: String,
    label: String,
    tone: String,
    description: String,
    summary: String,
    #[serde(default)]
    rests_on: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    says: String,
    cites: String,
    quote: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExamples {
    #[serde(default)]
    example: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    policy: String,
    name: String,
    explanation: String,
    facts: toml::Table,
}

fn is_snake(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Parses and validates a policy description file.
pub fn parse_policies(file: &str, text: &str) -> Result<Vec<PolicySpec>, SpecError> {
    let raw: RawFile =
        toml::from_str(text).map_err(|e| SpecError::new(file, "(file)", e.to_string()))?;
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (n, p) in raw.policy.into_iter().enumerate() {
        let key = format!("policy[{n}]");
        if !is_snake(&p.id) {
            return Err(SpecError::new(
                file,
                format!("{key}.id"),
                format!("`{}` is not a snake_case id", p.id),
            ));
        }
        if !ids.insert(p.id.clone()) {
            return Err(SpecError::new(
                file,
                format!("{key}.id"),
                format!("duplicate policy id `{}`", p.id),
            ));
        }
        let key = format!("policy.{}", p.id);
        for (field, value) in [("title", &p.title), ("description", &p.description)] {
            if value.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    format!("{key}.{field}"),
                    "must not be empty",
                ));
            }
        }
        let mut facts = Vec::new();
        for f in p.fact {
            let fkey = format!("{key}.fact.{}", f.name);
            if !is_snake(&f.name) {
                return Err(SpecError::new(file, fkey, "fact name must be snake_case"));
            }
            if facts.iter().any(|x: &FactSpec| x.name == f.name) {
                return Err(SpecError::new(file, fkey, "duplicate fact"));
            }
            let ty = match f.ty.as_str() {
                "bool" => FactType::Bool,
                "date" => FactType::Date,
                "datetime" => FactType::DateTime,
                "enum" if f.values_from.is_some() => {
                    if f.values_from.as_deref() != Some("tables") {
                        return Err(SpecError::new(file, format!("{fkey}.values_from"), "the only source is \"tables\""));
                    }
                    if !f.values.is_empty() || !f.value_labels.is_empty() {
                        return Err(SpecError::new(file, format!("{fkey}.values"), "values come from the tables (values_from)"));
                    }
                    FactType::Enum(Vec::new())
                }
                "enum" => {
                    if f.values.is_empty() {
                        return Err(SpecError::new(file, format!("{fkey}.values"), "an enum needs values"));
                    }
                    let unique: BTreeSet<&String> = f.values.iter().collect();
                    if unique.len() != f.values.len() {
                        return Err(SpecError::new(file, format!("{fkey}.values"), "duplicate value"));
                    }
                    FactType::Enum(f.values.clone())
                }
                "string" => FactType::String,
                "list_of_dates" => FactType::ListOfDates,
                "country" => FactType::Country,
                "time_zone" => FactType::TimeZone,
                other => {
                    return Err(SpecError::new(
                        file,
                        format!("{fkey}.type"),
                        format!("unknown type `{other}`; expected bool, date, datetime, enum, string, list_of_dates, country or time_zone"),
                    ))
                }
            };
            if !matches!(ty, FactType::Enum(_)) && !f.values.is_empty() {
                return Err(SpecError::new(
                    file,
                    format!("{fkey}.values"),
                    "only an enum has values",
                ));
            }
            match &ty {
                FactType::Enum(values) if f.value_labels.len() != values.len() => {
                    return Err(SpecError::new(
                        file,
                        format!("{fkey}.value_labels"),
                        format!(
                            "needs one label per value ({} values, {} labels)",
                            values.len(),
                            f.value_labels.len()
                        ),
                    ))
                }
                FactType::Enum(_) => {}
                _ if !f.value_labels.is_empty() => {
                    return Err(SpecError::new(
                        file,
                        format!("{fkey}.value_labels"),
                        "only an enum has value labels",
                    ))
                }
                _ => {}
            }
            if f.value_labels.iter().any(|l| l.trim().is_empty()) {
                return Err(SpecError::new(
                    file,
                    format!("{fkey}.value_labels"),
                    "a value label must not be empty",
                ));
            }
            if f.label.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    format!("{fkey}.label"),
                    "must not be empty",
                ));
            }
            if f.help.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    format!("{fkey}.help"),
                    "must not be empty",
                ));
            }
            let default = match f.default {
                None => None,
                Some(d) if d == "today" && ty == FactType::Date => Some(FactDefault::Today),
                Some(d) => Some(FactDefault::Value(d)),
            };
            let spec = FactSpec {
                name: f.name,
                label: f.label,
                ty,
                value_labels: f.value_labels,
                help: f.help,
                default,
            };
            let deferred = matches!(&spec.ty, FactType::Enum(v) if v.is_empty());
            if let (Some(FactDefault::Value(d)), false) = (&spec.default, deferred) {
                if let Err(e) = parse_str_value(&spec, d) {
                    return Err(SpecError::new(file, format!("{fkey}.default"), e.message));
                }
            }
            facts.push(spec);
        }
        let mut verdicts: Vec<VerdictSpec> = Vec::new();
        for v in p.verdict {
            let vkey = format!("{key}.verdict.{}", v.id);
            if !is_snake(&v.id) || (v.id == NEED_MORE_FACTS && v.tone != "undecided") {
                return Err(SpecError::new(
                    file,
                    vkey,
                    format!("verdict ids are snake_case, and `{NEED_MORE_FACTS}` (added by the framework unless a policy words its own) is undecided"),
                ));
            }
            if v.label.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    format!("{vkey}.label"),
                    "must not be empty",
                ));
            }
            if verdicts.iter().any(|x| x.id == v.id) {
                return Err(SpecError::new(file, vkey, "duplicate verdict"));
            }
            if v.summary.trim().is_empty() || v.description.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    vkey,
                    "description and summary must not be empty",
                ));
            }
            let Some(tone) = Tone::parse(&v.tone) else {
                return Err(SpecError::new(
                    file,
                    format!("{vkey}.tone"),
                    format!("unknown tone `{}`; expected favourable, unfavourable, informational, silent or undecided", v.tone),
                ));
            };
            verdicts.push(VerdictSpec {
                id: v.id,
                label: v.label,
                tone,
                description: v.description,
                summary: v.summary,
                rests_on: v.rests_on,
            });
        }
        if verdicts.iter().all(|v| v.id == NOT_ADDRESSED) {
            return Err(SpecError::new(
                file,
                format!("{key}.verdict"),
                "a policy needs verdicts",
            ));
        }
        add_framework_verdicts(&mut verdicts);
        let mut rules: Vec<RuleSpec> = Vec::new();
        for r in p.rule {
            let rkey = format!("{key}.rule.{}", r.id);
            match r.id.split_once('.') {
                Some((prefix, rest)) if prefix == p.id && is_snake(rest) => {}
                _ => {
                    return Err(SpecError::new(
                        file,
                        rkey,
                        format!("rule ids are `{}.snake_case_name`", p.id),
                    ))
                }
            }
            if rules.iter().any(|x| x.id == r.id) {
                return Err(SpecError::new(file, rkey, "duplicate rule"));
            }
            let Some((doc, anchor)) = r
                .cites
                .split_once('#')
                .filter(|(d, a)| d.ends_with(".md") && !a.is_empty())
            else {
                return Err(SpecError::new(
                    file,
                    format!("{rkey}.cites"),
                    format!("`{}` is not `doc.md#anchor`", r.cites),
                ));
            };
            if r.quote.trim().is_empty() || r.says.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    rkey,
                    "says and quote must not be empty",
                ));
            }
            rules.push(RuleSpec {
                cites: Cite {
                    doc: doc.to_string(),
                    anchor: anchor.to_string(),
                },
                id: r.id,
                says: r.says,
                quote: r.quote,
                policy_version: raw.policy_version.clone(),
            });
        }
        for v in &verdicts {
            if let Some(r) = v
                .rests_on
                .iter()
                .find(|r| !rules.iter().any(|x| &x.id == *r))
            {
                return Err(SpecError::new(
                    file,
                    format!("{key}.verdict.{}.rests_on", v.id),
                    format!("no rule `{r}` in this policy"),
                ));
            }
        }
        let mut interpretations: Vec<InterpretationSpec> = Vec::new();
        for i in p.interpretation {
            let ikey = format!("{key}.interpretation.{}", i.id);
            match i.id.split_once('.') {
                Some((prefix, rest)) if prefix == p.id && is_snake(rest) => {}
                _ => {
                    return Err(SpecError::new(
                        file,
                        ikey,
                        format!("interpretation ids are `{}.snake_case_name`", p.id),
                    ))
                }
            }
            if interpretations.iter().any(|x| x.id == i.id) {
                return Err(SpecError::new(file, ikey, "duplicate interpretation"));
            }
            if i.about.trim().is_empty() || i.reading.trim().is_empty() {
                return Err(SpecError::new(
                    file,
                    ikey,
                    "about and reading must not be empty",
                ));
            }
            let cites = parse_cite(&i.cites).ok_or_else(|| {
                SpecError::new(
                    file,
                    format!("{ikey}.cites"),
                    format!("`{}` is not `doc.md#anchor`", i.cites),
                )
            })?;
            interpretations.push(InterpretationSpec {
                id: i.id,
                about: i.about,
                reading: i.reading,
                cites,
            });
        }
        let mut notes = Vec::new();
        for (n, note) in p.note.into_iter().enumerate() {
            let nkey = format!("{key}.note[{n}]");
            if note.label.trim().is_empty() || !is_snake(&note.detail) {
                return Err(SpecError::new(
                    file,
                    nkey,
                    "a note needs a snake_case detail and a label",
                ));
            }
            let format = note.format.unwrap_or_else(|| "{}".to_string());
            if format.matches("{}").count() != 1 {
                return Err(SpecError::new(
                    file,
                    format!("{nkey}.format"),
                    "must hold `{}` once",
                ));
            }
            notes.push(NoteSpec {
                detail: note.detail,
                label: note.label,
                format,
            });
        }
        let mut conflicts = Vec::new();
        for (n, c) in p.conflict.into_iter().enumerate() {
            let ckey = format!("{key}.conflict[{n}]");
            let when = match serde_json::to_value(&c.when) {
                Ok(serde_json::Value::Object(map)) if map.len() >= 2 => map,
                _ => {
                    return Err(SpecError::new(
                        file,
                        format!("{ckey}.when"),
                        "needs two or more facts with their values",
                    ))
                }
            };
            for (name, value) in &when {
                let Some(fact) = facts.iter().find(|f| &f.name == name) else {
                    return Err(SpecError::new(
                        file,
                        format!("{ckey}.when.{name}"),
                        "no such fact in this policy",
                    ));
                };
                if let Err(e) = super::framework::parse_json_value(fact, value) {
                    return Err(SpecError::new(
                        file,
                        format!("{ckey}.when.{name}"),
                        e.message,
                    ));
                }
            }
            let cites = parse_cite(&c.cites).ok_or_else(|| {
                SpecError::new(
                    file,
                    format!("{ckey}.cites"),
                    format!("`{}` is not `doc.md#anchor`", c.cites),
                )
            })?;
            if c.says.trim().is_empty() {
                return Err(SpecError::new(file, ckey, "says must not be empty"));
            }
            conflicts.push(ConflictSpec {
                when,
                says: c.says,
                cites,
            });
        }
        let date_fact = p.date_fact.clone();
        if let Some(f) = &date_fact {
            match facts.iter().find(|x| &x.name == f).map(|x| &x.ty) {
                Some(FactType::Date | FactType::DateTime) => {}
                _ => {
                    return Err(SpecError::new(
                        file,
                        format!("{key}.date_fact"),
                        format!("`{f}` is not a date or datetime fact of this policy"),
                    ))
                }
            }
        }
        out.push(PolicySpec {
            id: p.id,
            title: p.title,
            description: p.description,
            facts,
            verdicts,
            rules,
            interpretations,
            notes,
            conflicts,
            examples: Vec::new(),
            date_fact,
            policy_version: raw.policy_version.clone(),
        });
    }
    Ok(out)
}

/// `doc.md#anchor` → [`Cite`].
pub fn parse_cite(text: &str) -> Option<Cite> {
    let (doc, anchor) = text
        .split_once('#')
        .filter(|(d, a)| d.ends_with(".md") && !a.is_empty())?;
    Some(Cite {
        doc: doc.to_string(),
        anchor: anchor.to_string(),
    })
}

/// Adds the verdicts every policy has: `not_addressed` (unless the description words its own) and
/// `need_more_facts`, last.
pub fn add_framework_verdicts(verdicts: &mut Vec<VerdictSpec>) {
    if !verdicts.iter().any(|v| v.id == NOT_ADDRESSED) {
        verdicts.push(VerdictSpec {
            id: NOT_ADDRESSED.to_string(),
            label: "Not addressed by the policy".to_string(),
            tone: Tone::Silent,
            description: "The policy does not speak to this case; the reasons cite the nearest passages.".to_string(),
            summary: "The support policy does not address this case, so supportkb gives no verdict; the reasons cite the nearest passages.".to_string(),
            rests_on: Vec::new(),
        });
    } else if let Some(i) = verdicts.iter().position(|v| v.id == NOT_ADDRESSED) {
        let v = verdicts.remove(i);
        verdicts.push(v);
    }
    if let Some(i) = verdicts.iter().position(|v| v.id == NEED_MORE_FACTS) {
        let v = verdicts.remove(i);
        verdicts.push(v);
        return;
    }
    verdicts.push(VerdictSpec {
        id: NEED_MORE_FACTS.to_string(),
        label: "More facts needed".to_string(),
        tone: Tone::Undecided,
        description:
            "The facts given do not decide the question yet; the missing facts are listed."
                .to_string(),
        summary: "More facts are needed to answer this question.".to_string(),
        rests_on: Vec::new(),
    });
}

/// Parses the examples file into examples per policy id (each example's facts as JSON).
pub fn parse_examples(file: &str, text: &str) -> Result<BTreeMap<String, Vec<Example>>, SpecError> {
    let raw: RawExamples =
        toml::from_str(text).map_err(|e| SpecError::new(file, "(file)", e.to_string()))?;
    let mut out: BTreeMap<String, Vec<Example>> = BTreeMap::new();
    for (n, e) in raw.example.into_iter().enumerate() {
        let facts = match serde_json::to_value(&e.facts) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => {
                return Err(SpecError::new(
                    file,
                    format!("example[{n}].facts"),
                    "facts must be a table of values",
                ))
            }
        };
        if e.name.trim().is_empty() || e.explanation.trim().is_empty() {
            return Err(SpecError::new(
                file,
                format!("example[{n}]"),
                "name and explanation must not be empty",
            ));
        }
        out.entry(e.policy).or_default().push(Example {
            name: e.name,
            facts,
            explanation: e.explanation,
        });
    }
    Ok(out)
}

/// Checks that a policy's logic and its description agree: the facts in this order, exactly these
/// rules, these interpretations and these verdicts (besides the framework's `need_more_facts` and
/// `not_addressed`, which every policy has).
pub fn check_binding(
    file: &str,
    spec: &PolicySpec,
    facts: &[&str],
    rules: &[&str],
    interpretations: &[&str],
    verdicts: &[&str],
) -> Result<(), SpecError> {
    let key = format!("policy.{}", spec.id);
    let names: Vec<&str> = spec.facts.iter().map(|f| f.name.as_str()).collect();
    if names != facts {
        return Err(SpecError::new(
            file,
            format!("{key}.fact"),
            format!(
                "the logic expects facts [{}] in this order, the file has [{}]",
                facts.join(", "),
                names.join(", ")
            ),
        ));
    }
    let described: BTreeSet<&str> = spec.rules.iter().map(|r| r.id.as_str()).collect();
    let used: BTreeSet<&str> = rules.iter().copied().collect();
    if let Some(r) = used.difference(&described).next() {
        return Err(SpecError::new(
            file,
            format!("{key}.rule"),
            format!("the logic uses rule `{r}`, which is not described"),
        ));
    }
    if let Some(r) = described.difference(&used).next() {
        return Err(SpecError::new(
            file,
            format!("{key}.rule.{r}"),
            "described but never used by the logic",
        ));
    }
    let described: BTreeSet<&str> = spec.interpretations.iter().map(|r| r.id.as_str()).collect();
    let used: BTreeSet<&str> = interpretations.iter().copied().collect();
    if let Some(r) = used.difference(&described).next() {
        return Err(SpecError::new(
            file,
            format!("{key}.interpretation"),
            format!("the logic uses the reading `{r}`, which is not described"),
        ));
    }
    if let Some(r) = described.difference(&used).next() {
        return Err(SpecError::new(
            file,
            format!("{key}.interpretation.{r}"),
            "described but never used by the logic",
        ));
    }
    let framework = |v: &&str| *v != NEED_MORE_FACTS && *v != NOT_ADDRESSED;
    let described: BTreeSet<&str> = spec
        .verdicts
        .iter()
        .map(|v| v.id.as_str())
        .filter(framework)
        .collect();
    let used: BTreeSet<&str> = verdicts.iter().copied().filter(framework).collect();
    if described != used {
        return Err(SpecError::new(
            file,
            format!("{key}.verdict"),
            format!(
                "the logic reaches [{}], the file describes [{}]",
                used.into_iter().collect::<Vec<_>>().join(", "),
                described.into_iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(())
}

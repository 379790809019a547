//! Yes/no answers and enumeration values in people's words: a value's id, its label, the words in
//! brackets of its label, and the synonyms of `docs-corpus/policy/value-synonyms.toml`.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::policy::{FactSpec, FactType, Registry, SpecError};

use super::words::key;

/// Path of the value synonyms inside `docs-corpus/`.
pub const VALUE_SYNONYMS_FILE: &str = "policy/value-synonyms.toml";

/// Words that mean "yes" for a yes/no fact.
const YES: [&str; 6] = ["yes", "y", "true", "yep", "yeah", "correct"];
/// Words that mean "no".
const NO: [&str; 5] = ["no", "n", "false", "nope", "not"];
/// Words that mean "unknown", for every fact.
pub const UNKNOWN: [&str; 7] = [
    "unknown",
    "don t know",
    "dont know",
    "do not know",
    "not sure",
    "no idea",
    "unsure",
];

/// Whether `text` says the value is unknown ("unknown", "don't know").
pub fn is_unknown(text: &str) -> bool {
    let k = key(text);
    UNKNOWN.contains(&k.as_str())
}

/// A yes/no answer; `None` when the words are neither.
pub fn yes_no(text: &str) -> Option<bool> {
    let k = key(text);
    if YES.contains(&k.as_str()) {
        Some(true)
    } else if NO.contains(&k.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The synonyms file, validated against the embedded policies: fact → value → folded phrases.
#[derive(Debug, Default)]
pub struct ValueSynonyms {
    by_fact: HashMap<String, BTreeMap<String, Vec<String>>>,
}

impl ValueSynonyms {
    /// The embedded synonyms, validated on first use.
    pub fn embedded() -> Result<&'static ValueSynonyms, SpecError> {
        static TABLE: OnceLock<Result<ValueSynonyms, SpecError>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                let text = crate::corpus::embedded_file(VALUE_SYNONYMS_FILE).ok_or_else(|| {
                    SpecError::new(
                        VALUE_SYNONYMS_FILE,
                        "(file)",
                        "not embedded in docs-corpus/",
                    )
                })?;
                let registry = Registry::embedded()?;
                let facts: Vec<&FactSpec> = registry
                    .specs()
                    .into_iter()
                    .flat_map(|s| &s.facts)
                    .collect();
                ValueSynonyms::parse(VALUE_SYNONYMS_FILE, text, &facts)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses the file; every fact must be one of `facts` (by name) and every value one of the values
    /// of a fact of that name.
    pub fn parse(file: &str, text: &str, facts: &[&FactSpec]) -> Result<ValueSynonyms, SpecError> {
        let raw: BTreeMap<String, BTreeMap<String, Vec<String>>> =
            toml::from_str(text).map_err(|e| SpecError::new(file, "(file)", e.to_string()))?;
        let mut by_fact = HashMap::new();
        for (fact, values) in raw {
            let known: Vec<&String> = facts
                .iter()
                .filter(|f| f.name == fact)
                .flat_map(|f| match &f.ty {
                    FactType::Enum(values) => values.iter().collect(),
                    _ => Vec::new(),
                })
                .collect();
            if known.is_empty() {
                return Err(SpecError::new(
                    file,
                    fact.as_str(),
                    "no policy has an enumeration fact of this name",
                ));
            }
            let mut folded = BTreeMap::new();
            for (value, phrases) in values {
                if !known.contains(&&value) {
                    return Err(SpecError::new(
                        file,
                        format!("{fact}.{value}"),
                        format!(
                            "not a value of `{fact}` (values: {})",
                            known
                                .iter()
                                .map(|v| v.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                let mut keys = Vec::with_capacity(phrases.len());
                for (i, p) in phrases.iter().enumerate() {
                    let k = key(p);
                    if k.is_empty() {
                        return Err(SpecError::new(
                            file,
                            format!("{fact}.{value}[{i}]"),
                            "a phrase needs a letter or digit",
                        ));
                    }
                    keys.push(p.clone());
                }
                folded.insert(value, keys);
            }
            by_fact.insert(fact, folded);
        }
        Ok(ValueSynonyms { by_fact })
    }

    /// Every phrase that names a value of `spec` (an enumeration), as written, with the value's index:
    /// id, label, words in brackets of the label, the label without them, and the synonyms.
    pub fn phrases(&self, spec: &FactSpec) -> Vec<(String, usize)> {
        let FactType::Enum(values) = &spec.ty else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            out.push((value.replace('_', " "), i));
            let label = spec.value_label(value);
            out.push((label.to_string(), i));
            if let Some((before, rest)) = label.split_once('(') {
                out.push((before.trim().to_string(), i));
                out.push((rest.trim_end_matches(')').to_string(), i));
            }
            if let Some(synonyms) = self.by_fact.get(&spec.name).and_then(|m| m.get(value)) {
                out.extend(synonyms.iter().map(|s| (s.clone(), i)));
            }
        }
        out.retain(|(k, _)| !key(k).is_empty());
        out.sort();
        out.dedup();
        out
    }

    /// The value of `spec` that `text` names exactly (after folding), by index: a value's own id wins
    /// (an edition's `critical` severity over the synonym "critical" of another value); otherwise a
    /// phrase naming two values is no match.
    pub fn value_of(&self, spec: &FactSpec, text: &str) -> Option<usize> {
        let k = key(text);
        if let FactType::Enum(values) = &spec.ty {
            if let Some(i) = values.iter().position(|v| key(&v.replace('_', " ")) == k) {
                return Some(i);
            }
        }
        let mut found = self
            .phrases(spec)
            .into_iter()
            .filter(|(p, _)| key(p) == k)
            .map(|(_, i)| i);
        let first = found.next()?;
        found.all(|i| i == first).then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(policy: &str, name: &str) -> &'static FactSpec {
        let spec = Registry::embedded().unwrap().get(policy).unwrap().spec();
        &spec.facts[spec.fact_index(name).unwrap()]
    }

    #[test]
    fn embedded_synonyms_are_valid_and_name_values() {
        let s = ValueSynonyms::embedded().unwrap();
        let plan = fact("response_time", "plan");
        let FactType::Enum(values) = &plan.ty else {
            panic!()
        };
        let named = |t: &str| s.value_of(plan, t).map(|i| values[i].as_str());
        assert_eq!(named("ProDirect"), Some("prodirect"));
        assert_eq!(named("pro direct"), Some("prodirect"));
        assert_eq!(named("Professional Direct"), Some("prodirect"));
        assert_eq!(named("Unified"), Some("unified_enterprise"));
        assert_eq!(named("gold"), None);
        let severity = fact("response_time", "severity");
        assert_eq!(s.value_of(severity, "sev b"), Some(1));
        assert_eq!(s.value_of(severity, "a"), Some(0));
        assert_eq!(s.value_of(severity, "critical"), Some(0));
        let language = fact("response_time", "language");
        let FactType::Enum(langs) = &language.ty else {
            panic!()
        };
        assert_eq!(
            s.value_of(language, "Japanese").map(|i| langs[i].as_str()),
            Some("ja")
        );
        assert_eq!(
            s.value_of(language, "german").map(|i| langs[i].as_str()),
            Some("de")
        );
    }

    #[test]
    fn synonyms_for_unknown_values_are_refused() {
        let plan = fact("response_time", "plan");
        let e = ValueSynonyms::parse("v.toml", "[plan]\ngold = [\"gold\"]\n", &[plan]).unwrap_err();
        assert_eq!(e.key, "plan.gold");
        let e = ValueSynonyms::parse("v.toml", "[nope]\nx = [\"y\"]\n", &[plan]).unwrap_err();
        assert_eq!(e.key, "nope");
    }

    #[test]
    fn yes_no_and_unknown() {
        assert_eq!(yes_no("Yes"), Some(true));
        assert_eq!(yes_no("N"), Some(false));
        assert_eq!(yes_no("maybe"), None);
        assert!(is_unknown("Don't know"));
        assert!(is_unknown("UNKNOWN"));
    }
}

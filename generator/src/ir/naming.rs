//! Type names: derived from where a schema sits (component, parent type, property), made
//! unique in one place so that the same spec always yields the same names.

use heck::ToUpperCamelCase;
use std::collections::BTreeSet;

/// `["acs", "credentials", "create"]` -> `AcsCredentialsCreate`.
pub fn pascal(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(&part.to_upper_camel_case());
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// A crude English singular, good enough for property names of arrays
/// (`warnings` -> `warning`, `entries` -> `entry`, `addresses` -> `address`).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    format!("{word}_item")
}

/// The set of type names handed out so far.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    /// Hands out `wanted`, or `wanted2`, `wanted3`, ... if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        (2..)
            .map(|n| format!("{wanted}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_joins_and_guards_digits() {
        assert_eq!(
            pascal(&["acs", "credentials", "create"]),
            "AcsCredentialsCreate"
        );
        assert_eq!(pascal(&["1"]), "T1");
    }

    #[test]
    fn singular_handles_common_plurals() {
        assert_eq!(singular("warnings"), "warning");
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status_item");
    }

    #[test]
    fn claim_suffixes_collisions() {
        let mut names = Names::default();
        assert_eq!(names.claim("A"), "A");
        assert_eq!(names.claim("A"), "A2");
        assert_eq!(names.claim("A"), "A3");
    }
}

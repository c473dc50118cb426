//! The one uniquifier: every name that must differ from others in one scope (the crate's
//! type names, a struct's fields, an enum's variants, a module's constants) is made unique
//! here, the same way: as wanted, else an alternative the caller offers, else followed by
//! 2, 3, ... Used by the analysis for type and union-variant names
//! ([`crate::ir::naming`]) and by [`super::Symbols`] for every other Rust name.

use std::collections::BTreeSet;

/// The names handed out in one scope so far.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are taken already.
    pub fn with_reserved<'n>(reserved: impl IntoIterator<Item = &'n str>) -> Self {
        Scope {
            taken: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// Hands out `wanted`, or `wanted2`, `wanted3`, ... if it is taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        self.claim_or(wanted, || None)
    }

    /// Hands out `wanted`; if it is taken, `alternative()` (when it gives one that is
    /// free); else `wanted2`, `wanted3`, ...
    pub fn claim_or(
        &mut self,
        wanted: &str,
        alternative: impl FnOnce() -> Option<String>,
    ) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        if let Some(alternative) = alternative() {
            if self.taken.insert(alternative.clone()) {
                return alternative;
            }
        }
        (2..)
            .map(|n| format!("{wanted}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_names_get_a_number_from_two() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("A"), "A");
        assert_eq!(scope.claim("A"), "A2");
        assert_eq!(scope.claim("A"), "A3");
        assert_eq!(scope.claim("A2"), "A22");
    }

    #[test]
    fn reserved_names_are_taken_and_an_alternative_comes_before_a_number() {
        let mut scope = Scope::with_reserved(["Unknown"]);
        assert!(scope.contains("Unknown"));
        assert_eq!(scope.claim("Unknown"), "Unknown2");
        assert_eq!(scope.claim_or("B", || Some("BSpecial".into())), "B");
        assert_eq!(scope.claim_or("B", || Some("BSpecial".into())), "BSpecial");
        assert_eq!(scope.claim_or("B", || Some("BSpecial".into())), "B2");
        assert_eq!(scope.claim_or("B", || None), "B3");
    }
}

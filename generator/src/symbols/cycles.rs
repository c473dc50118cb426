//! Cycles: which references between named types lie on a cycle of types holding one
//! another by value. Such a cycle has no finite size in Rust; where to break it (a `Box`)
//! is [`super::layout`]'s decision, made from these facts.
//!
//! A type holds another by value through a struct field (nullable or not, not through an
//! array or a map, which allocate), a tagged-union variant's struct, an untagged variant
//! that is a named type, or an alias. The edge `owner -> target` is on a cycle when
//! `target` leads back to `owner` through such edges.

use crate::ir::{Api, TypeKind, TypeRef, VariantShape};
use std::collections::{BTreeMap, BTreeSet};

/// The by-value edges of an [`Api`]'s types that lie on a cycle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cycles {
    edges: BTreeSet<(String, String)>,
}

impl Cycles {
    /// Finds the edges of `api`'s types that lie on a cycle.
    pub fn of(api: &Api) -> Cycles {
        let edges: BTreeMap<&str, BTreeSet<&str>> = api
            .types
            .iter()
            .map(|(name, def)| (name.as_str(), by_value(&def.kind).into_iter().collect()))
            .collect();
        let mut cyclic = BTreeSet::new();
        for (owner, targets) in &edges {
            for target in targets {
                if reaches(&edges, target, owner) {
                    cyclic.insert((owner.to_string(), target.to_string()));
                }
            }
        }
        Cycles { edges: cyclic }
    }

    /// Whether `owner` holding `target` by value is part of a cycle.
    pub fn on_cycle(&self, owner: &str, target: &str) -> bool {
        self.edges
            .contains(&(owner.to_string(), target.to_string()))
    }

    /// Every edge on a cycle, as (owner, target), in name order.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str)> {
        self.edges.iter().map(|(o, t)| (o.as_str(), t.as_str()))
    }
}

/// The named types a type of this kind holds by value.
/// Whether `to` can be reached from `from` along `edges` (`from` itself counts).
pub(super) fn reaches(edges: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            stack.extend(edges.get(n).into_iter().flatten().copied());
        }
    }
    false
}

fn by_value(kind: &TypeKind) -> Vec<&str> {
    let mut targets = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                if let TypeRef::Named(t) = field.ty.non_null() {
                    targets.push(t.as_str());
                }
            }
        }
        TypeKind::TaggedUnion { variants, .. } => {
            targets.extend(variants.iter().map(|v| v.ty.as_str()))
        }
        TypeKind::Union { variants } => {
            for v in variants {
                if let VariantShape::Type(TypeRef::Named(t)) = &v.shape {
                    targets.push(t.as_str());
                }
            }
        }
        TypeKind::Alias(TypeRef::Named(t)) => targets.push(t.as_str()),
        _ => {}
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build::build;
    use crate::ir::test_schemas as schemas;
    use serde_json::json;

    fn cycles_of(schemas_json: serde_json::Value) -> Vec<(String, String)> {
        let doc = schemas(schemas_json);
        let (api, _) = build(&doc, "/").expect("builds");
        Cycles::of(&api)
            .edges()
            .map(|(o, t)| (o.to_string(), t.to_string()))
            .collect()
    }

    fn edge(owner: &str, target: &str) -> (String, String) {
        (owner.to_string(), target.to_string())
    }

    #[test]
    fn a_struct_holding_itself_is_a_cycle_and_so_is_a_nullable_field() {
        let cycles = cycles_of(json!({
            "node": { "type": "object", "properties": {
                "parent": { "$ref": "#/components/schemas/node" },
                "name": { "type": "string" },
            }},
            "maybe": { "type": "object", "properties": {
                "next": { "allOf": [{ "$ref": "#/components/schemas/maybe" }], "nullable": true },
            }},
        }));
        assert_eq!(cycles, [edge("Maybe", "Maybe"), edge("Node", "Node")]);
    }

    #[test]
    fn arrays_and_maps_break_cycles() {
        let cycles = cycles_of(json!({
            "tree": { "type": "object", "properties": {
                "children": { "type": "array", "items": { "$ref": "#/components/schemas/tree" } },
                "by_name": { "type": "object",
                    "additionalProperties": { "$ref": "#/components/schemas/tree" } },
            }},
        }));
        assert!(cycles.is_empty(), "{cycles:?}");
    }

    #[test]
    fn cycles_through_unions_and_aliases_mark_each_edge_on_them_and_no_other() {
        let cycles = cycles_of(json!({
            "expr": { "anyOf": [
                { "$ref": "#/components/schemas/not" },
                { "type": "string" },
            ]},
            "not": { "type": "object", "properties": {
                "operand": { "$ref": "#/components/schemas/alias" },
                "leaf": { "$ref": "#/components/schemas/leaf" },
            }},
            "alias": { "$ref": "#/components/schemas/expr" },
            "leaf": { "type": "object", "properties": { "x": { "type": "string" } } },
        }));
        assert_eq!(
            cycles,
            [
                edge("Alias", "Expr"),
                edge("Expr", "Not"),
                edge("Not", "Alias")
            ]
        );
    }

    #[test]
    fn on_cycle_answers_for_one_edge() {
        let doc = schemas(json!({
            "node": { "type": "object", "properties": {
                "parent": { "$ref": "#/components/schemas/node" },
                "leaf": { "$ref": "#/components/schemas/leaf" },
            }},
            "leaf": { "type": "object", "properties": { "x": { "type": "string" } } },
        }));
        let (api, _) = build(&doc, "/").expect("builds");
        let cycles = Cycles::of(&api);
        assert!(cycles.on_cycle("Node", "Node"));
        assert!(!cycles.on_cycle("Node", "Leaf"));
        assert!(!cycles.on_cycle("Leaf", "Node"));
    }
}

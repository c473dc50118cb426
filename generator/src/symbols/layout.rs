//! Layout: which fields and variants hold their value in a `Box`. Two reasons:
//!
//! - a cycle of types holding one another by value ([`super::cycles`]) has no finite size:
//!   one edge of each cycle is boxed, chosen in this order: a type holding itself, then an
//!   optional field, then a union's variant, then a required field (an alias cannot be);
//! - a union whose largest variant is much larger than the others: all its named payloads
//!   are boxed (see [`BOX_VARIANT_ABOVE`]), from an upper bound of each type's size.

use super::cycles::{reaches, Cycles};
use crate::ir::{Api, Field, TypeKind, TypeRef, VariantShape};
use std::collections::{BTreeMap, BTreeSet};

/// A union variant whose payload is larger than this (estimated, in bytes) holds it in a
/// `Box`, so that the enum is not as large as its largest variant. It is clippy's
/// `large_enum_variant` threshold: the estimate never undercounts, so no enum of unboxed
/// variants differs by more than this between its two largest.
pub const BOX_VARIANT_ABOVE: usize = 200;

/// The size of `serde_json::Value` as the generated crate builds it (a `BTreeMap` for
/// objects; `serde_json`'s `preserve_order` feature, which nothing in its dependency tree
/// enables, would make it 80).
const JSON: usize = 32;

/// What is boxed, by IR type name (the caller keys it by type id).
#[derive(Debug, Default)]
pub struct Layout {
    /// owner -> targets: `owner` holds each target in a `Box` (its fields of that type, or
    /// its variant holding it). See [`Layout::boxes`].
    pub boxed_edges: BTreeMap<String, BTreeSet<String>>,
    /// Unions whose named payloads are all boxed, for size.
    pub boxed_unions: BTreeSet<String>,
}

impl Layout {
    pub fn of(api: &Api) -> Layout {
        let boxed_edges = break_cycles(api, &Cycles::of(api));
        let mut sizes = Sizes {
            api,
            boxed_edges: &boxed_edges,
            memo: BTreeMap::new(),
        };
        let boxed_unions = api
            .types
            .iter()
            .filter(|(name, def)| match &def.kind {
                TypeKind::TaggedUnion { .. } | TypeKind::Union { .. } => sizes.boxes_variants(name),
                _ => false,
            })
            .map(|(name, _)| name.clone())
            .collect();
        Layout {
            boxed_edges,
            boxed_unions,
        }
    }

    /// Whether `owner` holds `target` in a `Box`.
    pub fn boxes(&self, owner: &str, target: &str) -> bool {
        boxes(&self.boxed_edges, owner, target)
    }
}

fn boxes(edges: &BTreeMap<String, BTreeSet<String>>, owner: &str, target: &str) -> bool {
    edges
        .get(owner)
        .is_some_and(|targets| targets.contains(target))
}

/// One edge of every cycle, by the preference in the module docs: each edge in that order
/// is boxed when its target still leads back to its owner without the edges boxed so far.
/// Every cycle then holds a box: its last edge in the order would otherwise have been
/// boxed.
fn break_cycles(api: &Api, cycles: &Cycles) -> BTreeMap<String, BTreeSet<String>> {
    let rank = |owner: &str, target: &str| -> Option<u8> {
        if owner == target {
            return Some(0);
        }
        match &api.types.get(owner)?.kind {
            TypeKind::Struct(s) => {
                let optional = s.fields.iter().any(|f| {
                    f.ty.non_null() == &TypeRef::Named(target.to_string())
                        && (!f.required || f.ty.is_nullable())
                });
                Some(if optional { 1 } else { 3 })
            }
            TypeKind::TaggedUnion { .. } | TypeKind::Union { .. } => Some(2),
            _ => None,
        }
    };
    let mut candidates: Vec<(u8, &str, &str)> = cycles
        .edges()
        .filter_map(|(o, t)| rank(o, t).map(|r| (r, o, t)))
        .collect();
    candidates.sort();
    let mut kept: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (o, t) in cycles.edges() {
        kept.entry(o).or_default().insert(t);
    }
    let mut boxed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, owner, target) in candidates {
        if reaches(&kept, target, owner) {
            if let Some(targets) = kept.get_mut(owner) {
                targets.remove(target);
            }
            boxed
                .entry(owner.to_string())
                .or_default()
                .insert(target.to_string());
        }
    }
    boxed
}

/// Upper bounds of the sizes in bytes of the types' Rust layouts on a 64-bit target.
struct Sizes<'a> {
    api: &'a Api,
    boxed_edges: &'a BTreeMap<String, BTreeSet<String>>,
    memo: BTreeMap<String, usize>,
}

impl Sizes<'_> {
    fn is_boxed(&self, owner: &str, target: &TypeRef) -> bool {
        matches!(target, TypeRef::Named(t) if boxes(self.boxed_edges, owner, t))
    }

    /// Whether the variants of the union `name` hold their named payloads in a `Box`: all
    /// of them when one is large, so that the enum stays small and its variants read alike.
    fn boxes_variants(&mut self, name: &str) -> bool {
        let payloads: Vec<TypeRef> = match self.api.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::TaggedUnion { variants, .. }) => variants
                .iter()
                .map(|v| TypeRef::Named(v.ty.clone()))
                .collect(),
            Some(TypeKind::Union { variants }) => variants
                .iter()
                .filter_map(|v| match &v.shape {
                    VariantShape::Type(t @ TypeRef::Named(_)) => Some(t.clone()),
                    _ => None,
                })
                .collect(),
            _ => return false,
        };
        payloads.iter().any(|t| {
            !self.is_boxed(name, t) && self.size_of(t, &mut BTreeSet::new()) > BOX_VARIANT_ABOVE
        })
    }

    /// Types being measured further up (`visiting`) count as a `Box`.
    fn size_of(&mut self, t: &TypeRef, visiting: &mut BTreeSet<String>) -> usize {
        match t {
            TypeRef::String | TypeRef::Array(_) | TypeRef::Map(_) => 24,
            // An instant (12 bytes) and its text (`Box<str>`).
            TypeRef::Timestamp => 32,
            TypeRef::Integer | TypeRef::Number => 8,
            TypeRef::Boolean => 1,
            TypeRef::Json => JSON,
            TypeRef::Nullable(inner) => self.option_size_of(inner, visiting),
            TypeRef::Named(name) => {
                if let Some(size) = self.memo.get(name) {
                    return *size;
                }
                if !visiting.insert(name.clone()) {
                    return 8;
                }
                let size = self.named_size_of(name, visiting);
                visiting.remove(name);
                self.memo.insert(name.clone(), size);
                size
            }
        }
    }

    fn option_size_of(&mut self, t: &TypeRef, visiting: &mut BTreeSet<String>) -> usize {
        let size = self.size_of(t, visiting);
        match t {
            // A niche (capacity, pointer or tag) holds `None`.
            TypeRef::String
            | TypeRef::Timestamp
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Json => size,
            TypeRef::Boolean => 1,
            TypeRef::Nullable(_) => size + 8,
            TypeRef::Named(name)
                if matches!(
                    self.api.types.get(name).map(|d| &d.kind),
                    Some(TypeKind::StringEnum { .. })
                ) =>
            {
                size
            }
            _ => size + 8,
        }
    }

    fn fields_size_of(
        &mut self,
        owner: &str,
        fields: &[Field],
        visiting: &mut BTreeSet<String>,
    ) -> usize {
        let mut total = 0;
        for field in fields {
            let inner = field.ty.non_null();
            let optional = !field.required || field.ty.is_nullable();
            total += match (self.is_boxed(owner, inner), optional) {
                (true, _) => 8,
                (false, true) => self.option_size_of(inner, visiting),
                (false, false) => self.size_of(inner, visiting),
            };
        }
        total
    }

    fn named_size_of(&mut self, name: &str, visiting: &mut BTreeSet<String>) -> usize {
        let api = self.api;
        let Some(def) = api.types.get(name) else {
            return 8;
        };
        let round = |n: usize| n.div_ceil(8) * 8;
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut total = self.fields_size_of(name, &s.fields, visiting);
                if let Some(one_of) = &s.one_of {
                    total += self.size_of(&TypeRef::Named(one_of.ty.clone()), visiting) + 8;
                }
                round(total)
            }
            // Known values and `Unknown(String)`, whose capacity niche holds the rest.
            TypeKind::StringEnum { .. } => 24,
            TypeKind::TaggedUnion { variants, .. } => {
                let sizes: Vec<usize> = variants
                    .iter()
                    .map(|v| {
                        let t = TypeRef::Named(v.ty.clone());
                        if self.is_boxed(name, &t) {
                            8
                        } else {
                            self.size_of(&t, visiting)
                        }
                    })
                    .collect();
                let boxed = sizes.iter().any(|s| *s > BOX_VARIANT_ABOVE);
                let largest = if boxed {
                    8
                } else {
                    sizes.into_iter().max().unwrap_or(0)
                };
                round(largest.max(JSON)) + 8
            }
            TypeKind::Union { variants } => {
                let sizes: Vec<(bool, usize)> = variants
                    .iter()
                    .map(|v| match &v.shape {
                        VariantShape::Type(t) if self.is_boxed(name, t) => (false, 8),
                        VariantShape::Type(t) => {
                            (matches!(t, TypeRef::Named(_)), self.size_of(t, visiting))
                        }
                        VariantShape::Fields(fields) => {
                            (false, self.fields_size_of(name, fields, visiting))
                        }
                    })
                    .collect();
                let boxed = sizes
                    .iter()
                    .any(|(named, s)| *named && *s > BOX_VARIANT_ABOVE);
                let largest = sizes
                    .into_iter()
                    .map(|(named, s)| if named && boxed { 8 } else { s })
                    .fold(JSON, usize::max);
                round(largest) + 8
            }
            TypeKind::Alias(target) => self.size_of(target, visiting),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build::build;
    use crate::ir::test_schemas as schemas;
    use serde_json::json;

    fn layout_of(schemas_json: serde_json::Value) -> Layout {
        let (api, _) = build(&schemas(schemas_json), "/").expect("builds");
        Layout::of(&api)
    }

    fn edges(layout: &Layout) -> Vec<(&str, &str)> {
        layout
            .boxed_edges
            .iter()
            .flat_map(|(o, targets)| targets.iter().map(|t| (o.as_str(), t.as_str())))
            .collect()
    }

    #[test]
    fn a_cycle_of_two_structs_is_broken_once_at_the_optional_field() {
        let layout = layout_of(json!({
            "folder": { "type": "object", "required": ["readme"], "properties": {
                "readme": { "$ref": "#/components/schemas/file" },
            }},
            "file": { "type": "object", "properties": {
                "folder": { "$ref": "#/components/schemas/folder" },
            }},
        }));
        assert_eq!(edges(&layout), [("File", "Folder")]);
    }

    #[test]
    fn a_type_holding_itself_is_boxed_there_and_a_union_at_its_variant() {
        let layout = layout_of(json!({
            "node": { "type": "object", "properties": {
                "parent": { "$ref": "#/components/schemas/node" },
            }},
            "expr": { "oneOf": [
                { "type": "number" },
                { "$ref": "#/components/schemas/pair" },
            ]},
            "pair": { "type": "object", "required": ["left", "right"], "properties": {
                "left": { "$ref": "#/components/schemas/expr" },
                "right": { "$ref": "#/components/schemas/expr" },
            }},
        }));
        assert_eq!(edges(&layout), [("Expr", "Pair"), ("Node", "Node")]);
    }

    #[test]
    fn an_alias_on_a_cycle_is_never_the_boxed_edge() {
        let layout = layout_of(json!({
            "expr": { "anyOf": [
                { "$ref": "#/components/schemas/not" },
                { "type": "string" },
            ]},
            "not": { "type": "object", "required": ["operand"], "properties": {
                "operand": { "$ref": "#/components/schemas/alias" },
            }},
            "alias": { "$ref": "#/components/schemas/expr" },
        }));
        assert_eq!(edges(&layout), [("Expr", "Not")]);
    }

    #[test]
    fn a_union_with_one_large_variant_boxes_its_payloads() {
        let mut large = serde_json::Map::new();
        for i in 0..12 {
            large.insert(format!("f{i}"), json!({ "type": "string" }));
        }
        let layout = layout_of(json!({
            "big": { "type": "object", "properties": large },
            "small": { "type": "object", "properties": { "x": { "type": "string" } } },
            "either": { "anyOf": [
                { "$ref": "#/components/schemas/big" },
                { "$ref": "#/components/schemas/small" },
            ]},
        }));
        assert_eq!(layout.boxed_unions.iter().collect::<Vec<_>>(), ["Either"]);
    }
}

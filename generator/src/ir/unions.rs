//! Unions: what a `oneOf` / `anyOf` becomes. In order of preference:
//!
//! 1. members that are all string enums: one string enum of all their values;
//! 2. members that are all objects with one property that each fixes to a different
//!    string (the `discriminator`'s property when the spec names one): a
//!    [`super::TypeKind::TaggedUnion`] on that property, a struct per variant;
//! 3. anything else: an untagged [`super::TypeKind::Union`], told apart by shape and by
//!    the constants each member fixes, its variants named by those constants, by their
//!    component, by their fields or by their JSON type (see [`super::naming`]).
//!
//! A discriminator that does not tell the members apart gives a warning, and rule 3.

use super::build::{Builder, Ctx, Result};
use super::naming;
use super::objects::ObjectView;
use super::refs::Node;
use super::{Docs, EnumValue, Struct, TaggedVariant, TypeKind, UnionVariant, VariantShape};
use crate::error::Pointer;
use openapiv3::{SchemaKind, Type};

impl<'a> Builder<'a> {
    /// The members of a `oneOf`/`anyOf` schema (following `$ref`s), if it is one.
    pub(super) fn union_members(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
    ) -> Result<Option<Vec<Node<'a>>>> {
        let (schema, _, _) = self.resolve_node(node, pointer)?;
        Ok(match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => Some(one_of.iter().map(Node::plain).collect()),
            SchemaKind::AnyOf { any_of } => Some(any_of.iter().map(Node::plain).collect()),
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                Some(any.one_of.iter().map(Node::plain).collect())
            }
            _ => None,
        })
    }

    /// A `oneOf`/`anyOf`. `inline_fields` makes object variants hold their fields in place
    /// (request selectors, which are only ever serialized).
    pub(super) fn union(
        &mut self,
        members: &[Node<'a>],
        discriminator: Option<&str>,
        ctx: &Ctx,
        inline_fields: bool,
    ) -> Result<TypeKind> {
        let mut resolved = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let pointer = ctx.pointer.push("oneOf").push(&index.to_string());
            let (schema, _, component) = self.resolve_node(*member, &pointer)?;
            resolved.push((*member, schema, pointer, component));
        }

        // A union of string enums is one string enum. A member of one value is how the
        // spec documents that value (OpenAPI 3.0 has no per-value docs): its description and
        // lifecycle flags become the value's.
        let all_strings = !resolved.is_empty()
            && resolved.iter().all(|(_, s, _, _)| {
                matches!(&s.schema_kind, SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty())
            });
        if all_strings {
            let mut values: Vec<EnumValue> = Vec::new();
            for (_, schema, pointer, _) in &resolved {
                let SchemaKind::Type(Type::String(st)) = &schema.schema_kind else {
                    continue;
                };
                let members: Vec<&String> = st.enumeration.iter().flatten().collect();
                let docs = if members.len() == 1 {
                    self.docs(&schema.schema_data, pointer, None)
                } else {
                    Docs::default()
                };
                for value in members {
                    if !values.iter().any(|v| &v.value == value) {
                        values.push(EnumValue {
                            value: value.clone(),
                            docs: docs.clone(),
                        });
                    }
                }
            }
            return Ok(TypeKind::StringEnum { values });
        }

        // Tagged: every member an object with a distinct constant in one property.
        let mut views = Vec::new();
        for (node, _, pointer, _) in &resolved {
            match self.object_view(*node, pointer, &mut Vec::new())? {
                Some(view) if view.one_of.is_none() => views.push(view),
                _ => break,
            }
        }
        if !inline_fields && views.len() == resolved.len() && !views.is_empty() {
            if let Some((tag, values)) = self.find_tag(&views, discriminator) {
                let mut variants = Vec::new();
                for ((view, value), (node, _, pointer, _)) in
                    views.iter().zip(values).zip(&resolved)
                {
                    let name = self
                        .names
                        .claim(&naming::tagged_variant_type(&ctx.name(), &value));
                    let variant_ctx = ctx.child(name.clone(), pointer.clone());
                    let fields = self.fields(view, &name, &variant_ctx, Some(&tag))?;
                    let docs = match node {
                        Node::Schema(s) => self.docs(&s.schema_data, pointer, None),
                        Node::Ref(_) => Docs::default(),
                    };
                    self.define(
                        &name,
                        docs.clone(),
                        TypeKind::Struct(Struct {
                            fields,
                            one_of: None,
                        }),
                        &variant_ctx,
                    );
                    variants.push(TaggedVariant {
                        tag_value: value,
                        ty: name,
                        docs,
                    });
                }
                return Ok(TypeKind::TaggedUnion { tag, variants });
            }
        }
        if discriminator.is_some() {
            self.warn(
                &ctx.pointer.push("discriminator"),
                "the discriminator does not tell the members apart; decoded by shape instead",
            );
        }

        // Untagged: told apart by shape, and by the constants each member fixes.
        let member_views: Vec<Option<ObjectView<'a>>> = resolved
            .iter()
            .map(|(node, _, pointer, _)| self.object_view(*node, pointer, &mut Vec::new()))
            .collect::<Result<_>>()?;
        let constants: Vec<Vec<(String, String)>> = member_views
            .iter()
            .map(|view| match view {
                Some(view) => view
                    .properties
                    .iter()
                    .filter_map(|(name, node, pointer)| {
                        self.constant(*node, pointer).map(|c| (name.clone(), c))
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let naming_properties = naming_properties(&constants);
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut taken = naming::Scope::default();
        for (index, ((node, schema, pointer, component), view)) in
            resolved.iter().zip(member_views).enumerate()
        {
            let member_constants = constants[index].clone();
            let mut base = match (component, &view) {
                (Some(c), _) => self.component_names[*c].clone(),
                (None, Some(_)) if !naming_properties.is_empty() => {
                    naming::variant_from_constants(naming_properties.iter().filter_map(|p| {
                        member_constants
                            .iter()
                            .find(|(n, _)| n == p)
                            .map(|(_, v)| v.as_str())
                    }))
                }
                (None, Some(view)) => {
                    let all: Vec<&String> = view.properties.iter().map(|(n, _, _)| n).collect();
                    naming::variant_from_fields(&view.required, &all)
                }
                (None, None) => {
                    let json_type = match &schema.schema_kind {
                        SchemaKind::Type(Type::String(_)) => "string",
                        SchemaKind::Type(Type::Number(_)) => "number",
                        SchemaKind::Type(Type::Integer(_)) => "integer",
                        SchemaKind::Type(Type::Boolean(_)) => "boolean",
                        SchemaKind::Type(Type::Array(_)) => "array",
                        _ => "",
                    };
                    naming::variant_from_json_type(json_type)
                        .unwrap_or_else(|| naming::numbered_variant(index))
                }
            };
            if base.is_empty() {
                base = naming::numbered_variant(index);
            }
            let base = naming::unique_variant(&mut taken, base, || {
                view.as_ref().and_then(|v| self.constant_property(v))
            });
            let docs = match node {
                Node::Schema(s) => self.docs(&s.schema_data, pointer, None),
                Node::Ref(_) => Docs::default(),
            };
            let variant_ctx = ctx.child(naming::variant_type(&ctx.name(), &base), pointer.clone());
            let shape = match (&view, inline_fields) {
                (Some(view), true) => VariantShape::Fields(self.fields(
                    view,
                    &variant_ctx.name(),
                    &variant_ctx,
                    None,
                )?),
                _ => VariantShape::Type(self.type_ref(*node, &variant_ctx)?),
            };
            variants.push(UnionVariant {
                name: base,
                constants: member_constants,
                shape,
                docs,
            });
        }
        Ok(TypeKind::Union { variants })
    }

    /// A property that every view requires and holds a distinct single string constant in.
    fn find_tag(
        &self,
        views: &[ObjectView<'a>],
        discriminator: Option<&str>,
    ) -> Option<(String, Vec<String>)> {
        let candidates: Vec<String> = match discriminator {
            Some(d) => vec![d.to_string()],
            None => views[0]
                .properties
                .iter()
                .map(|(n, _, _)| n.clone())
                .collect(),
        };
        'candidate: for tag in candidates {
            let mut values = Vec::new();
            for view in views {
                let Some((_, node, pointer)) = view.property(&tag) else {
                    continue 'candidate;
                };
                match self.constant(*node, pointer) {
                    Some(value) if !values.contains(&value) => values.push(value),
                    _ => continue 'candidate,
                }
            }
            return Some((tag, values));
        }
        None
    }

    /// The one string a schema allows (`enum` of one value), if it allows only one.
    fn constant(&self, node: Node<'a>, pointer: &Pointer) -> Option<String> {
        let (schema, _, _) = self.resolve_node(node, pointer).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The first constant among an object's properties.
    fn constant_property(&self, view: &ObjectView<'a>) -> Option<String> {
        view.properties
            .iter()
            .find_map(|(_, node, pointer)| self.constant(*node, pointer))
    }
}

/// The constant properties every member has, with values that differ between members:
/// they name the variants (`action_type` + `status` -> `LockDoorPending`). `constants`
/// holds each member's (property, constant) pairs.
fn naming_properties(constants: &[Vec<(String, String)>]) -> Vec<String> {
    constants
        .first()
        .map(|first| {
            first
                .iter()
                .map(|(name, _)| name.clone())
                .filter(|name| {
                    let values: Vec<Option<&String>> = constants
                        .iter()
                        .map(|c| c.iter().find(|(n, _)| n == name).map(|(_, v)| v))
                        .collect();
                    values.iter().all(Option::is_some) && values.iter().any(|v| *v != values[0])
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{convert, schemas, type_def};
    use crate::ir::TypeRef;
    use serde_json::json;

    fn constant(value: &str) -> serde_json::Value {
        json!({ "type": "string", "enum": [value] })
    }

    #[test]
    fn a_union_of_string_enums_is_one_string_enum() {
        let doc = schemas(json!({
            "mode": { "oneOf": [
                { "type": "string", "enum": ["a", "b"] },
                { "type": "string", "enum": ["b", "c"] },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "mode");
        let TypeKind::StringEnum { values } = &type_def(&builder, "Mode").kind else {
            panic!("a string enum");
        };
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["a", "b", "c"]);
    }

    #[test]
    fn objects_with_a_distinct_constant_are_a_tagged_union_on_that_property() {
        let doc = schemas(json!({
            "warning": { "oneOf": [
                { "type": "object", "description": "Low battery.", "properties": {
                    "created_at": { "type": "string" },
                    "warning_code": constant("low_battery"),
                    "level": { "type": "integer" } } },
                { "type": "object", "properties": {
                    "created_at": { "type": "string" },
                    "warning_code": constant("offline") } },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "warning");
        let TypeKind::TaggedUnion { tag, variants } = &type_def(&builder, "Warning").kind else {
            panic!("a tagged union");
        };
        assert_eq!(tag, "warning_code");
        let tags: Vec<(&str, &str)> = variants
            .iter()
            .map(|v| (v.tag_value.as_str(), v.ty.as_str()))
            .collect();
        assert_eq!(
            tags,
            [
                ("low_battery", "WarningLowBattery"),
                ("offline", "WarningOffline")
            ]
        );
        assert_eq!(
            variants[0].docs.description.as_deref(),
            Some("Low battery.")
        );
        // The variant's struct holds the other fields, not the tag.
        let TypeKind::Struct(low) = &type_def(&builder, "WarningLowBattery").kind else {
            panic!("a struct");
        };
        let fields: Vec<&str> = low.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["created_at", "level"]);
    }

    #[test]
    fn the_discriminator_names_the_tag_even_when_another_property_would_do() {
        let doc = schemas(json!({
            "event": { "discriminator": { "propertyName": "kind" }, "oneOf": [
                { "type": "object", "properties": {
                    "family": constant("x"), "kind": constant("a") } },
                { "type": "object", "properties": {
                    "family": constant("y"), "kind": constant("b") } },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "event");
        let TypeKind::TaggedUnion { tag, .. } = &type_def(&builder, "Event").kind else {
            panic!("a tagged union");
        };
        assert_eq!(tag, "kind");
        assert!(builder.warnings.is_empty());
    }

    #[test]
    fn a_discriminator_that_does_not_tell_members_apart_warns_and_decodes_by_shape() {
        let doc = schemas(json!({
            "event": { "discriminator": { "propertyName": "kind" }, "oneOf": [
                { "type": "object", "properties": { "kind": constant("a"), "x": { "type": "string" } } },
                { "type": "object", "properties": { "kind": constant("a"), "y": { "type": "string" } } },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "event");
        assert!(matches!(
            type_def(&builder, "Event").kind,
            TypeKind::Union { .. }
        ));
        assert_eq!(
            builder.warnings[0].pointer,
            "#/components/schemas/event/discriminator"
        );
    }

    #[test]
    fn untagged_variants_are_named_by_component_constants_fields_or_json_type() {
        let doc = schemas(json!({
            "pin": { "type": "object", "properties": { "code": { "type": "string" } } },
            "value": { "anyOf": [
                { "$ref": "#/components/schemas/pin" },
                { "type": "object", "required": ["device_id"], "properties": {
                    "device_id": { "type": "string" }, "note": { "type": "string" } } },
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
                { "not": {} },
            ]},
            "attempt": { "oneOf": [
                { "type": "object", "properties": {
                    "action_type": constant("LOCK_DOOR"), "status": constant("pending") } },
                { "type": "object", "properties": {
                    "action_type": constant("LOCK_DOOR"), "status": constant("success"),
                    "result": { "type": "object", "properties": { "x": { "type": "string" } } } } },
                { "type": "object", "properties": {
                    "action_type": constant("UNLOCK_DOOR"), "status": constant("pending") } },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "value");
        let TypeKind::Union { variants } = &type_def(&builder, "Value").kind else {
            panic!("a union");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Pin", "DeviceId", "String", "Array", "Variant5"]);
        assert_eq!(
            variants[0].shape,
            VariantShape::Type(TypeRef::Named("Pin".into()))
        );

        convert(&mut builder, "attempt");
        let TypeKind::Union { variants } = &type_def(&builder, "Attempt").kind else {
            panic!("a union: no property holds a distinct constant in every member");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        // Both constants differ between some members, so both name the variants.
        assert_eq!(
            names,
            ["LockDoorPending", "LockDoorSuccess", "UnlockDoorPending"]
        );
        assert_eq!(
            variants[1].constants,
            [
                ("action_type".to_string(), "LOCK_DOOR".to_string()),
                ("status".to_string(), "success".to_string())
            ]
        );
        // Inline types in a variant are named after the union and the variant.
        type_def(&builder, "AttemptLockDoorSuccess");
        type_def(&builder, "AttemptLockDoorSuccessResult");
    }

    #[test]
    fn variants_named_alike_are_told_apart_by_a_constant_or_a_number() {
        let doc = schemas(json!({
            "value": { "oneOf": [
                { "type": "object", "properties": { "a": { "type": "string" } } },
                { "type": "object", "required": ["a"], "properties": {
                    "a": { "type": "string" }, "kind": constant("special") } },
                { "type": "object", "properties": { "a": { "type": "integer" } } },
            ]},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "value");
        let TypeKind::Union { variants } = &type_def(&builder, "Value").kind else {
            panic!("a union");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["A", "ASpecial", "A2"]);
    }

    #[test]
    fn union_members_follow_references_to_a_one_of() {
        let doc = schemas(json!({
            "choice": { "oneOf": [{ "type": "string" }, { "type": "integer" }] },
            "text": { "type": "string" },
        }));
        let builder = Builder::new(&doc);
        let members = builder
            .union_members(Node::Ref("#/components/schemas/choice"), &Pointer::root())
            .unwrap();
        assert_eq!(members.map(|m| m.len()), Some(2));
        let none = builder
            .union_members(Node::Ref("#/components/schemas/text"), &Pointer::root())
            .unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn naming_properties_are_the_constants_every_member_has_with_differing_values() {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        let constants = vec![
            vec![pair("type", "x"), pair("status", "a"), pair("only", "1")],
            vec![pair("type", "x"), pair("status", "b")],
        ];
        assert_eq!(naming_properties(&constants), ["status"]);
        assert!(naming_properties(&[]).is_empty());
    }
}

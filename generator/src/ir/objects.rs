//! Objects: an object schema's properties, after following `$ref`s and merging `allOf`
//! ([`ObjectView`]), and the struct they become. Answers:
//!
//! - which fields a struct has (every property of the object and of its `allOf` members;
//!   a later member's property replaces an earlier one of the same name);
//! - why a field is optional (it is in no `required` list of the object or its members;
//!   a field that may be `null` is [`super::TypeRef::Nullable`] besides, see
//!   [`super::schemas`]);
//! - where a struct's `oneOf` comes from (an `allOf` member that is a `oneOf`, or a
//!   `oneOf` beside the properties); the selector it becomes is
//!   [`super::parameters`]' business.

use super::build::{Builder, Ctx, Result, MAX_TYPE_DEPTH};
use super::constraints::constraints_of;
use super::docs::format_of;
use super::refs::{component_pointer, Node};
use super::{Constraints, Docs, Field, Struct, TypeKind};
use crate::error::{GenerateError, Pointer};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

/// An object's properties after following `$ref`s and merging `allOf`.
#[derive(Debug, Default)]
pub(super) struct ObjectView<'a> {
    /// Name, schema and pointer of each property, in the order first declared.
    pub properties: Vec<(String, Node<'a>, Pointer)>,
    pub required: Vec<String>,
    /// The members of a `oneOf` merged in, and where it is.
    pub one_of: Option<(Vec<Node<'a>>, Pointer)>,
}

impl<'a> ObjectView<'a> {
    fn add_property(&mut self, name: &str, node: Node<'a>, pointer: Pointer) {
        if let Some(existing) = self.properties.iter_mut().find(|(n, _, _)| n == name) {
            existing.1 = node;
            existing.2 = pointer;
        } else {
            self.properties.push((name.to_string(), node, pointer));
        }
    }

    pub fn add_required(&mut self, names: &[String]) {
        for name in names {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
    }

    /// Adds a property unless one of that name is there already; whether it did.
    pub fn add_missing_property(&mut self, name: &str, node: Node<'a>, pointer: Pointer) -> bool {
        let missing = self.properties.iter().all(|(n, _, _)| n != name);
        if missing {
            self.add_property(name, node, pointer);
        }
        missing
    }

    pub fn property(&self, name: &str) -> Option<&(String, Node<'a>, Pointer)> {
        self.properties.iter().find(|(n, _, _)| n == name)
    }
}

/// An object schema's properties, required names, `allOf` and `oneOf` members.
type ObjectParts<'a> = (
    Option<&'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>>,
    &'a [String],
    &'a [ReferenceOr<Schema>],
    &'a [ReferenceOr<Schema>],
);

impl<'a> Builder<'a> {
    /// Properties of an object-like schema, following `$ref`s and merging `allOf`.
    /// `None` when the schema is not object-like.
    pub(super) fn object_view(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
        stack: &mut Vec<&'a str>,
    ) -> Result<Option<ObjectView<'a>>> {
        let depth = self.view_depth.get();
        if depth >= MAX_TYPE_DEPTH {
            return Err(GenerateError::spec(
                pointer.as_str(),
                format!("`allOf`s and references nest more than {MAX_TYPE_DEPTH} levels deep here; the generator does not follow them further"),
            ));
        }
        self.view_depth.set(depth + 1);
        let result = self.object_view_inner(node, pointer, stack);
        self.view_depth.set(depth);
        result
    }

    fn object_view_inner(
        &self,
        node: Node<'a>,
        pointer: &Pointer,
        stack: &mut Vec<&'a str>,
    ) -> Result<Option<ObjectView<'a>>> {
        let (schema, pointer) = match node {
            Node::Schema(s) => (s, pointer.clone()),
            Node::Ref(reference) => {
                let (name, target) = self.resolve(reference, pointer)?;
                if stack.contains(&name) {
                    let mut chain: Vec<&str> = stack.clone();
                    chain.push(name);
                    return Err(GenerateError::spec(
                        pointer.as_str(),
                        format!("$ref cycle: {}", chain.join(" -> ")),
                    ));
                }
                stack.push(name);
                let target_pointer = component_pointer(name);
                let view = self.object_view(Node::plain(target), &target_pointer, stack);
                stack.pop();
                return view;
            }
        };
        let mut view = ObjectView::default();
        let (properties, required, all_of, one_of): ObjectParts<'a> = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), &o.required, &[], &[]),
            SchemaKind::AllOf { all_of } => (None, &[], all_of, &[]),
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || any.typ.as_deref() == Some("object") =>
            {
                (
                    Some(&any.properties),
                    &any.required,
                    &any.all_of,
                    &any.one_of,
                )
            }
            _ => return Ok(None),
        };
        if let Some(properties) = properties {
            for (name, prop) in properties {
                view.add_property(
                    name,
                    Node::boxed(prop),
                    pointer.push("properties").push(name),
                );
            }
            view.add_required(required);
        }
        for (index, member) in all_of.iter().enumerate() {
            let member_pointer = pointer.push("allOf").push(&index.to_string());
            let node = Node::plain(member);
            if let Some(member_view) = self.object_view(node, &member_pointer, stack)? {
                for (name, node, p) in member_view.properties {
                    view.add_property(&name, node, p);
                }
                view.add_required(&member_view.required);
                if let Some(one_of) = member_view.one_of {
                    set_one_of(&mut view, one_of, &member_pointer)?;
                }
            } else if let Some(members) = self.union_members(node, &member_pointer)? {
                set_one_of(
                    &mut view,
                    (members, member_pointer.clone()),
                    &member_pointer,
                )?;
            } else {
                return Err(GenerateError::spec(
                    member_pointer.as_str(),
                    "an `allOf` member that is neither an object nor a `oneOf` of objects cannot be merged",
                ));
            }
        }
        if !one_of.is_empty() {
            let one_of_pointer = pointer.push("oneOf");
            set_one_of(
                &mut view,
                (
                    one_of.iter().map(Node::plain).collect(),
                    one_of_pointer.clone(),
                ),
                &one_of_pointer,
            )?;
        }
        Ok(Some(view))
    }

    /// Whether `node` is an object with no properties and no `oneOf`: `{}` in a `oneOf`
    /// means "none of the others".
    pub(super) fn is_empty_object(&self, node: Node<'a>, pointer: &Pointer) -> bool {
        matches!(
            self.object_view(node, pointer, &mut Vec::new()),
            Ok(Some(view)) if view.properties.is_empty() && view.one_of.is_none()
        )
    }

    /// The fields of `view` (but the one named `skip`), their inline types named after
    /// `parent` and the property.
    pub(super) fn fields(
        &mut self,
        view: &ObjectView<'a>,
        parent: &str,
        ctx: &Ctx,
        skip: Option<&str>,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        for (name, node, pointer) in &view.properties {
            if Some(name.as_str()) == skip {
                continue;
            }
            let field_ctx = ctx.property(parent, name, pointer);
            let ty = self.type_ref(*node, &field_ctx)?;
            let docs = match node {
                Node::Schema(s) => {
                    let kind = self.json_kind(&ty);
                    let mut docs = self.docs(&s.schema_data, pointer, kind);
                    docs.format = format_of(s);
                    docs
                }
                Node::Ref(_) => Docs::default(),
            };
            let constraints = match node {
                Node::Schema(s) => constraints_of(s),
                Node::Ref(_) => Constraints::default(),
            };
            fields.push(Field {
                name: name.clone(),
                ty,
                required: view.required.contains(name),
                docs,
                constraints,
            });
        }
        Ok(fields)
    }

    /// The struct `view` becomes. `parent` is the prefix for the names of inline children
    /// (request structs use the endpoint's name without the `Request` suffix).
    pub(super) fn struct_from_view(
        &mut self,
        view: ObjectView<'a>,
        ctx: &Ctx,
        parent: &str,
    ) -> Result<TypeKind> {
        let fields = self.fields(&view, parent, ctx, None)?;
        let one_of = match &view.one_of {
            None => None,
            Some((members, pointer)) => Some(self.selector(members, pointer, ctx, parent)?),
        };
        Ok(TypeKind::Struct(Struct { fields, one_of }))
    }
}

/// Merges a `oneOf` into `view`; an object can hold one.
fn set_one_of<'a>(
    view: &mut ObjectView<'a>,
    one_of: (Vec<Node<'a>>, Pointer),
    pointer: &Pointer,
) -> Result<()> {
    if view.one_of.is_some() {
        return Err(GenerateError::spec(
            pointer.as_str(),
            "an object that merges two `oneOf`s cannot be represented",
        ));
    }
    view.one_of = Some(one_of);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{convert, schemas, type_def};
    use crate::ir::TypeRef;
    use serde_json::json;

    fn view_of<'a>(builder: &Builder<'a>, reference: &'a str) -> Result<Option<ObjectView<'a>>> {
        builder.object_view(Node::Ref(reference), &Pointer::root(), &mut Vec::new())
    }

    fn names(view: &ObjectView<'_>) -> Vec<String> {
        view.properties.iter().map(|(n, _, _)| n.clone()).collect()
    }

    #[test]
    fn all_of_members_are_merged_in_order_with_their_required_names() {
        let doc = schemas(json!({
            "base": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string" }, "name": { "type": "string" } } },
            "thing": { "allOf": [
                { "$ref": "#/components/schemas/base" },
                { "type": "object", "required": ["size"], "properties": {
                    "size": { "type": "integer" }, "name": { "type": "integer" } } },
            ]},
        }));
        let builder = Builder::new(&doc);
        let view = view_of(&builder, "#/components/schemas/thing")
            .unwrap()
            .expect("an object");
        assert_eq!(names(&view), ["id", "name", "size"]);
        assert_eq!(view.required, ["id", "size"]);
        // The later member's `name` replaces the earlier one, where it was declared.
        assert_eq!(
            view.property("name").unwrap().2.as_str(),
            "#/components/schemas/thing/allOf/1/properties/name"
        );
    }

    #[test]
    fn required_names_make_fields_required_and_the_rest_optional() {
        let doc = schemas(json!({
            "thing": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string" },
                "note": { "type": "string", "nullable": true },
            }},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        assert_eq!(
            thing
                .fields
                .iter()
                .map(|f| (f.name.as_str(), f.required))
                .collect::<Vec<_>>(),
            [("id", true), ("note", false)]
        );
        assert_eq!(
            thing.fields[1].ty,
            TypeRef::Nullable(Box::new(TypeRef::String))
        );
    }

    #[test]
    fn a_one_of_member_of_all_of_is_kept_as_the_views_one_of() {
        let doc = schemas(json!({
            "body": { "allOf": [
                { "type": "object", "properties": { "limit": { "type": "integer" } } },
                { "oneOf": [
                    { "type": "object", "properties": { "a": { "type": "string" } } },
                    { "type": "object", "properties": { "b": { "type": "string" } } },
                ]},
            ]},
        }));
        let builder = Builder::new(&doc);
        let view = view_of(&builder, "#/components/schemas/body")
            .unwrap()
            .expect("an object");
        assert_eq!(names(&view), ["limit"]);
        let (members, pointer) = view.one_of.expect("a oneOf");
        assert_eq!(members.len(), 2);
        assert_eq!(pointer.as_str(), "#/components/schemas/body/allOf/1");
    }

    #[test]
    fn two_one_ofs_in_one_object_are_an_error() {
        let doc = schemas(json!({
            "choice": { "oneOf": [{ "type": "string" }, { "type": "integer" }] },
            "body": { "allOf": [
                { "$ref": "#/components/schemas/choice" },
                { "$ref": "#/components/schemas/choice" },
            ]},
        }));
        let builder = Builder::new(&doc);
        let error = view_of(&builder, "#/components/schemas/body")
            .expect_err("fails")
            .to_string();
        assert!(error.contains("merges two `oneOf`s"), "{error}");
        assert!(
            error.contains("#/components/schemas/body/allOf/1"),
            "{error}"
        );
    }

    #[test]
    fn an_all_of_member_that_is_no_object_is_an_error_naming_it() {
        let doc = schemas(json!({
            "body": { "allOf": [
                { "type": "object", "properties": { "a": { "type": "string" } } },
                { "type": "string" },
            ]},
        }));
        let builder = Builder::new(&doc);
        let error = view_of(&builder, "#/components/schemas/body")
            .expect_err("fails")
            .to_string();
        assert!(
            error.contains("#/components/schemas/body/allOf/1"),
            "{error}"
        );
        assert!(error.contains("cannot be merged"), "{error}");
    }

    #[test]
    fn an_all_of_that_reaches_itself_is_a_cycle_error() {
        let doc = schemas(json!({
            "a": { "allOf": [{ "$ref": "#/components/schemas/b" }] },
            "b": { "allOf": [{ "$ref": "#/components/schemas/a" }] },
        }));
        let builder = Builder::new(&doc);
        let error = view_of(&builder, "#/components/schemas/a")
            .expect_err("fails")
            .to_string();
        assert!(error.contains("$ref cycle: a -> b -> a"), "{error}");
    }

    #[test]
    fn non_objects_have_no_view_and_empty_objects_are_told_apart() {
        let doc = schemas(json!({
            "text": { "type": "string" },
            "empty": { "type": "object", "properties": {} },
            "full": { "type": "object", "properties": { "a": { "type": "string" } } },
        }));
        let builder = Builder::new(&doc);
        assert!(view_of(&builder, "#/components/schemas/text")
            .unwrap()
            .is_none());
        let empty = Node::Ref("#/components/schemas/empty");
        let full = Node::Ref("#/components/schemas/full");
        assert!(builder.is_empty_object(empty, &Pointer::root()));
        assert!(!builder.is_empty_object(full, &Pointer::root()));
    }

    #[test]
    fn field_docs_and_formats_come_from_the_property_schema() {
        let doc = schemas(json!({
            "thing": { "type": "object", "properties": {
                "at": { "type": "string", "format": "date-time", "description": "When." },
                "other": { "$ref": "#/components/schemas/other" },
            }},
            "other": { "type": "string", "description": "Not the field's." },
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        assert_eq!(thing.fields[0].docs.description.as_deref(), Some("When."));
        assert_eq!(thing.fields[0].docs.format.as_deref(), Some("date-time"));
        // A reference's docs belong to the type it names.
        assert_eq!(thing.fields[1].docs, Docs::default());
    }
}

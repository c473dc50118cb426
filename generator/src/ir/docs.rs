//! Docs: the [`Docs`] of endpoints, types, fields and variants. Answers:
//!
//! - where a title comes from (an operation's title extension, else its `summary` unless
//!   that is only the path; a schema's `title`);
//! - why something is deprecated, undocumented or a draft (`deprecated: true`, or the
//!   lifecycle extensions of [`super::conventions`], with `true` or a note);
//! - why a `default` is documented or dropped with a warning (it must be a value of the
//!   schema's JSON type, and not a `$ref`);
//! - which format hint is shown (`format`, else `pattern`).
//!
//! Blank titles, descriptions and notes count as none.

use super::build::Builder;
use super::conventions::{DEPRECATED, DRAFT, TITLE, UNDOCUMENTED};
use super::{Docs, TypeKind, TypeRef};
use crate::error::Pointer;
use openapiv3::{Operation, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// The JSON type of objects, as [`Builder::docs`] expects it.
pub(super) const OBJECT: &str = "object";

impl<'a> Builder<'a> {
    /// The docs of an operation on `path`.
    pub(super) fn operation_docs(&self, op: &Operation, path: &str) -> Docs {
        let mut docs = Docs {
            title: ext_text(&op.extensions, TITLE),
            description: op.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: ext_flag(&op.extensions, DEPRECATED)
                .or_else(|| op.deprecated.then(|| "Deprecated.".to_string())),
            undocumented: ext_flag(&op.extensions, UNDOCUMENTED),
            draft: ext_flag(&op.extensions, DRAFT),
            default: None,
            format: None,
        };
        if docs.title.is_none() {
            docs.title = op.summary.clone().filter(|s| s != path);
        }
        docs
    }

    /// The docs of a schema at `pointer`. `expected` is the JSON type its values have, when
    /// known: a `default` of another type is dropped with a warning.
    pub(super) fn docs(
        &mut self,
        data: &SchemaData,
        pointer: &Pointer,
        expected: Option<&str>,
    ) -> Docs {
        let default = match (&data.default, expected) {
            (None, _) => None,
            (Some(value), None) if value.get("$ref").is_some() => {
                let shown = serde_json::to_string(value).unwrap_or_default();
                self.warn(
                    &pointer.push("default"),
                    format!(
                        "ignored a `default` that is a reference, not a value: {}",
                        truncate(&shown, 80)
                    ),
                );
                None
            }
            (Some(value), Some(kind)) if !json_matches(value, kind) => {
                let shown = serde_json::to_string(value).unwrap_or_default();
                self.warn(
                    &pointer.push("default"),
                    format!(
                        "ignored a `default` that is not {}: {}",
                        article(kind),
                        truncate(&shown, 80)
                    ),
                );
                None
            }
            (Some(value), _) => Some(value.clone()),
        };
        Docs {
            title: data.title.clone().filter(|t| !t.trim().is_empty()),
            description: data.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: ext_flag(&data.extensions, DEPRECATED)
                .or_else(|| data.deprecated.then(|| "Deprecated.".to_string())),
            undocumented: ext_flag(&data.extensions, UNDOCUMENTED),
            draft: ext_flag(&data.extensions, DRAFT),
            default,
            format: None,
        }
    }

    /// The JSON type a value of `ty` has, when it is one.
    pub(super) fn json_kind(&self, ty: &TypeRef) -> Option<&'static str> {
        match ty.non_null() {
            TypeRef::String | TypeRef::Timestamp => Some("string"),
            TypeRef::Boolean => Some("boolean"),
            TypeRef::Integer | TypeRef::Number => Some("number"),
            TypeRef::Array(_) => Some("array"),
            TypeRef::Map(_) => Some(OBJECT),
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => Some(OBJECT),
                Some(TypeKind::StringEnum { .. }) => Some("string"),
                Some(TypeKind::Alias(target)) if target.named() != Some(name) => {
                    let target = target.clone();
                    self.json_kind(&target)
                }
                _ => None,
            },
            TypeRef::Json | TypeRef::Nullable(_) => None,
        }
    }
}

/// The format hint of a string schema: its `format` (`datetime` spelled `date-time`), else
/// its `pattern`.
pub(super) fn format_of(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let format = match &s.format {
                VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}").to_lowercase()),
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            let format = format.map(|f| {
                if f == "datetime" {
                    "date-time".to_string()
                } else {
                    f
                }
            });
            match (format, &s.pattern) {
                (Some(f), _) => Some(f),
                (None, Some(p)) => Some(format!("pattern `{p}`")),
                (None, None) => None,
            }
        }
        _ => None,
    }
}

/// A text extension, when it is a string that is not blank.
fn ext_text(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    extensions
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

/// An `x-*` flag that is either a message string or `true`.
fn ext_flag(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    key: &str,
) -> Option<String> {
    match extensions.get(key) {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(serde_json::Value::String(_)) | Some(serde_json::Value::Bool(true)) => {
            Some(String::new())
        }
        _ => None,
    }
}

fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

fn json_matches(value: &serde_json::Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "array" => value.is_array(),
        "object" => value.is_object() && value.get("$ref").is_none(),
        _ => true,
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::fixtures::{convert, schemas, type_def};
    use serde_json::json;

    fn schema(value: serde_json::Value) -> Schema {
        serde_json::from_value(value).expect("a schema")
    }

    fn operation(value: serde_json::Value) -> Operation {
        serde_json::from_value(value).expect("an operation")
    }

    #[test]
    fn an_operation_is_titled_by_its_title_extension_else_a_summary_that_is_not_the_path() {
        let doc = schemas(json!({}));
        let builder = Builder::new(&doc);
        let titled = operation(json!({
            "responses": {}, (TITLE): "List Things", "summary": "/things/list",
        }));
        assert_eq!(
            builder
                .operation_docs(&titled, "/things/list")
                .title
                .as_deref(),
            Some("List Things")
        );
        let summarized = operation(json!({ "responses": {}, "summary": "Lists things" }));
        assert_eq!(
            builder
                .operation_docs(&summarized, "/things/list")
                .title
                .as_deref(),
            Some("Lists things")
        );
        let path_only = operation(json!({ "responses": {}, "summary": "/things/list" }));
        assert_eq!(
            builder.operation_docs(&path_only, "/things/list").title,
            None
        );
    }

    #[test]
    fn lifecycle_flags_hold_a_note_or_nothing_and_blank_text_is_none() {
        let doc = schemas(json!({}));
        let builder = Builder::new(&doc);
        let op = operation(json!({
            "responses": {},
            "description": "  ",
            (DEPRECATED): "Use `other` instead.",
            (UNDOCUMENTED): true,
            (DRAFT): "",
        }));
        let docs = builder.operation_docs(&op, "/x");
        assert_eq!(docs.description, None);
        assert_eq!(docs.deprecated.as_deref(), Some("Use `other` instead."));
        assert_eq!(docs.undocumented.as_deref(), Some(""));
        assert_eq!(docs.draft.as_deref(), Some(""));

        let plain = operation(json!({ "responses": {}, "deprecated": true, (DRAFT): false }));
        let docs = builder.operation_docs(&plain, "/x");
        assert_eq!(docs.deprecated.as_deref(), Some("Deprecated."));
        assert_eq!(docs.undocumented, None);
        assert_eq!(docs.draft, None);
    }

    #[test]
    fn schema_lifecycle_extensions_are_read_like_an_operations() {
        let doc = schemas(json!({
            "thing": { "type": "object", "properties": {
                "old": { "type": "string", (DEPRECATED): "Gone soon.", "title": " " },
                "hidden": { "type": "string", (UNDOCUMENTED): "Internal." },
            }},
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "thing");
        let TypeKind::Struct(thing) = &type_def(&builder, "Thing").kind else {
            panic!("a struct");
        };
        let field = |name: &str| &thing.fields.iter().find(|f| f.name == name).unwrap().docs;
        assert_eq!(field("old").deprecated.as_deref(), Some("Gone soon."));
        assert_eq!(field("old").title, None);
        assert_eq!(field("hidden").undocumented.as_deref(), Some("Internal."));
        assert_eq!(field("hidden").deprecated, None);
    }

    #[test]
    fn a_default_of_the_schemas_type_is_kept_and_any_other_dropped_with_a_warning() {
        let doc = schemas(json!({}));
        let mut builder = Builder::new(&doc);
        let at = Pointer::root().push("p");
        let good = schema(json!({ "type": "integer", "default": 3 }));
        let docs = builder.docs(&good.schema_data, &at, Some("number"));
        assert_eq!(docs.default, Some(json!(3)));
        assert!(builder.warnings.is_empty());

        let bad = schema(json!({ "type": "object", "default": "x" }));
        assert_eq!(
            builder.docs(&bad.schema_data, &at, Some(OBJECT)).default,
            None
        );
        assert_eq!(builder.warnings[0].pointer, "#/p/default");
        assert_eq!(
            builder.warnings[0].message,
            "ignored a `default` that is not an object: \"x\""
        );

        let reference = schema(json!({ "default": { "$ref": "#/components/schemas/x" } }));
        assert_eq!(
            builder.docs(&reference.schema_data, &at, None).default,
            None
        );
        assert!(builder.warnings[1]
            .message
            .contains("is a reference, not a value"));

        // Of an unknown type: kept as it is.
        let unknown = schema(json!({ "default": [1] }));
        assert_eq!(
            builder.docs(&unknown.schema_data, &at, None).default,
            Some(json!([1]))
        );
    }

    #[test]
    fn long_defaults_are_shortened_in_warnings() {
        let doc = schemas(json!({}));
        let mut builder = Builder::new(&doc);
        let long = "y".repeat(200);
        let bad = schema(json!({ "type": "boolean", "default": long }));
        builder.docs(&bad.schema_data, &Pointer::root(), Some("boolean"));
        let message = &builder.warnings[0].message;
        assert!(message.starts_with("ignored a `default` that is not a boolean: \"yyy"));
        assert!(message.ends_with("..."), "{message}");
        assert!(message.len() < 140, "{message}");
    }

    #[test]
    fn formats_are_documented_and_patterns_stand_in_for_a_missing_format() {
        let format = |value| format_of(&schema(value));
        assert_eq!(
            format(json!({ "type": "string", "format": "date-time" })).as_deref(),
            Some("date-time")
        );
        assert_eq!(
            format(json!({ "type": "string", "format": "uuid" })).as_deref(),
            Some("uuid")
        );
        assert_eq!(
            format(json!({ "type": "string", "pattern": "^[0-9]+$" })).as_deref(),
            Some("pattern `^[0-9]+$`")
        );
        assert_eq!(format(json!({ "type": "string" })), None);
        assert_eq!(
            format(json!({ "type": "integer", "format": "int64" })),
            None
        );
    }

    #[test]
    fn the_json_kind_of_a_named_type_follows_aliases() {
        let doc = schemas(json!({
            "id": { "type": "string" },
            "alias": { "$ref": "#/components/schemas/id" },
            "thing": { "type": "object", "properties": { "x": { "type": "string" } } },
        }));
        let mut builder = Builder::new(&doc);
        convert(&mut builder, "alias");
        convert(&mut builder, "thing");
        assert_eq!(
            builder.json_kind(&TypeRef::Named("Alias".into())),
            Some("string")
        );
        assert_eq!(
            builder.json_kind(&TypeRef::Named("Thing".into())),
            Some(OBJECT)
        );
        assert_eq!(builder.json_kind(&TypeRef::Json), None);
    }
}

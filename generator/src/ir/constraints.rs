//! Constraints: what a value must be beyond its type, read from its schema. Answers:
//!
//! - which formats are checked (those of [`super::conventions::CHECKED_FORMATS`]; other
//!   formats, such as `float`, only describe the value and are documentation);
//! - which limits a value has: `pattern`, `minLength`/`maxLength`, `minimum`/`maximum`
//!   (OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` make them strict),
//!   `minItems`/`maxItems`;
//! - what an array's items must be, when they are a schema in place (a named item type
//!   carries its own).
//!
//! A `$ref` has none of its own: the component it names carries them (an alias's are on
//! its [`super::TypeDef`]).

use super::conventions::checked_format;
use super::{Bound, Constraints};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// The constraints `schema` declares.
pub(super) fn constraints_of(schema: &Schema) -> Constraints {
    let bound = |value: Option<f64>, exclusive: bool| value.map(|value| Bound { value, exclusive });
    let count = |n: Option<usize>| n.map(|n| n as u64);
    let items = |items: &Option<ReferenceOr<Box<Schema>>>| match items {
        Some(ReferenceOr::Item(item)) => {
            Some(Box::new(constraints_of(item))).filter(|c| !c.is_empty())
        }
        _ => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            format: match &s.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => {
                    checked_format("date-time")
                }
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => {
                    checked_format("date")
                }
                VariantOrUnknownOrEmpty::Unknown(name) => checked_format(name),
                _ => None,
            },
            pattern: s.pattern.clone(),
            min_length: count(s.min_length),
            max_length: count(s.max_length),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: bound(n.minimum, n.exclusive_minimum),
            maximum: bound(n.maximum, n.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(n)) => Constraints {
            minimum: bound(n.minimum.map(|v| v as f64), n.exclusive_minimum),
            maximum: bound(n.maximum.map(|v| v as f64), n.exclusive_maximum),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: count(a.min_items),
            max_items: count(a.max_items),
            items: items(&a.items),
            ..Constraints::default()
        },
        SchemaKind::Any(any) => Constraints {
            format: any.format.as_deref().and_then(checked_format),
            pattern: any.pattern.clone(),
            min_length: count(any.min_length),
            max_length: count(any.max_length),
            minimum: bound(any.minimum, any.exclusive_minimum.unwrap_or(false)),
            maximum: bound(any.maximum, any.exclusive_maximum.unwrap_or(false)),
            min_items: count(any.min_items),
            max_items: count(any.max_items),
            items: items(&any.items),
        },
        _ => Constraints::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Format;
    use serde_json::json;

    fn of(value: serde_json::Value) -> Constraints {
        constraints_of(&serde_json::from_value(value).expect("a schema"))
    }

    #[test]
    fn checked_formats_patterns_and_lengths_of_strings() {
        assert_eq!(
            of(json!({ "type": "string", "format": "uuid" })).format,
            Some(Format::Uuid)
        );
        assert_eq!(
            of(json!({ "type": "string", "format": "date-time" })).format,
            Some(Format::DateTime)
        );
        assert_eq!(
            of(json!({ "type": "string", "format": "email" })).format,
            Some(Format::Email)
        );
        // A format that only describes the value is no constraint.
        assert!(of(json!({ "type": "string", "format": "password" })).is_empty());
        assert!(of(json!({ "type": "number", "format": "float" })).is_empty());
        let code =
            of(json!({ "type": "string", "pattern": "^\\d+$", "minLength": 1, "maxLength": 8 }));
        assert_eq!(code.pattern.as_deref(), Some("^\\d+$"));
        assert_eq!((code.min_length, code.max_length), (Some(1), Some(8)));
    }

    #[test]
    fn number_bounds_are_strict_when_exclusive() {
        let limit = of(
            json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 500 }),
        );
        assert_eq!(
            limit.minimum,
            Some(Bound {
                value: 0.0,
                exclusive: true
            })
        );
        assert_eq!(
            limit.maximum,
            Some(Bound {
                value: 500.0,
                exclusive: false
            })
        );
        let ratio = of(json!({ "type": "number", "minimum": 0.5 }));
        assert_eq!(ratio.minimum.map(|b| b.value), Some(0.5));
    }

    #[test]
    fn arrays_have_item_counts_and_the_constraints_of_inline_items() {
        let ids = of(json!({ "type": "array", "minItems": 1,
            "items": { "type": "string", "format": "uuid" } }));
        assert_eq!(ids.min_items, Some(1));
        assert_eq!(ids.items.expect("items").format, Some(Format::Uuid));
        let named = of(json!({ "type": "array", "items": { "$ref": "#/components/schemas/id" } }));
        assert!(named.is_empty(), "a named item type carries its own");
    }
}

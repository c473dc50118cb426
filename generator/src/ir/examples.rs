//! Examples: a plausible value of a model, for the generated fixtures (feature `testing`).
//! The spec has no `example`s, so the values are made up to satisfy the model's own
//! constraints. Answers:
//!
//! - which fields an example has (the required ones; optional fields are left out);
//! - what a value is: a UUID, date-time, e-mail, URI or digits where the format or pattern
//!   asks for one, the first enum value, the first variant of a union (with the
//!   constants and tag that select it), the least length, bound or item count allowed;
//! - what breaks a cycle of types that hold one another (`null` where nullable, else the
//!   empty object, an empty array).
//!
//! UUIDs are derived from the type and field names, so examples are stable from run to run
//! and two fields of one example differ.

use super::{Api, Constraints, Field, Format, TypeKind, TypeRef, VariantShape};
use serde_json::{Map, Value};

/// The date-time of every example, in the form JavaScript's `toISOString` writes.
const DATE_TIME: &str = "2025-01-01T00:00:00.000Z";

/// How deep an example nests types before it stops at empty values.
const MAX_DEPTH: usize = 8;

/// The example of the named type `name` (a struct, enum, union or alias of `api`).
pub fn example(api: &Api, name: &str) -> Value {
    let mut walk = Walk {
        api,
        stack: Vec::new(),
    };
    walk.named(name, &Constraints::default(), name)
}

struct Walk<'a> {
    api: &'a Api,
    /// Named types being built, further up.
    stack: Vec<&'a str>,
}

impl<'a> Walk<'a> {
    fn named(&mut self, name: &'a str, constraints: &Constraints, seed: &str) -> Value {
        let Some(def) = self.api.types.get(name) else {
            return Value::Null;
        };
        if self.stack.contains(&name) || self.stack.len() >= MAX_DEPTH {
            return match &def.kind {
                TypeKind::StringEnum { values } => first_value(values),
                _ => Value::Object(Map::new()),
            };
        }
        self.stack.push(name);
        let value = match &def.kind {
            TypeKind::Struct(s) => self.object(&s.fields, name),
            TypeKind::StringEnum { values } => first_value(values),
            TypeKind::TaggedUnion { tag, variants } => match variants.first() {
                Some(variant) => {
                    let mut object = match self.named(&variant.ty, &Constraints::default(), name) {
                        Value::Object(object) => object,
                        _ => Map::new(),
                    };
                    object.insert(tag.clone(), Value::String(variant.tag_value.clone()));
                    Value::Object(object)
                }
                None => Value::Object(Map::new()),
            },
            TypeKind::Union { variants } => match variants.first() {
                Some(variant) => {
                    let mut value = match &variant.shape {
                        VariantShape::Type(ty) => self.value(ty, &Constraints::default(), seed),
                        VariantShape::Fields(fields) => self.object(fields, name),
                    };
                    if let Value::Object(object) = &mut value {
                        for (key, constant) in &variant.constants {
                            object.insert(key.clone(), Value::String(constant.clone()));
                        }
                    }
                    value
                }
                None => Value::Null,
            },
            TypeKind::Alias(target) => {
                let own = if constraints.is_empty() {
                    &def.constraints
                } else {
                    constraints
                };
                self.value(target, own, seed)
            }
        };
        self.stack.pop();
        value
    }

    fn object(&mut self, fields: &'a [Field], owner: &str) -> Value {
        let mut object = Map::new();
        for field in fields.iter().filter(|f| f.required) {
            let seed = format!("{owner}.{}", field.name);
            let value = self.value(&field.ty, &field.constraints, &seed);
            object.insert(field.name.clone(), value);
        }
        Value::Object(object)
    }

    fn value(&mut self, ty: &'a TypeRef, constraints: &Constraints, seed: &str) -> Value {
        match ty {
            TypeRef::String => string(constraints, seed),
            // Decoded from this text, a `Timestamp` writes it back as it is.
            TypeRef::Timestamp => Value::String(DATE_TIME.to_string()),
            TypeRef::Integer | TypeRef::Number => number(constraints, ty == &TypeRef::Integer),
            TypeRef::Boolean => Value::Bool(false),
            TypeRef::Json | TypeRef::Map(_) => Value::Object(Map::new()),
            TypeRef::Array(item) => {
                let count = constraints.min_items.unwrap_or(0);
                let item_constraints = constraints.items.as_deref().cloned().unwrap_or_default();
                Value::Array(
                    (0..count)
                        .map(|i| self.value(item, &item_constraints, &format!("{seed}.{i}")))
                        .collect(),
                )
            }
            TypeRef::Nullable(inner) => match inner.named() {
                Some(name) if self.stack.contains(&name) => Value::Null,
                _ => self.value(inner, constraints, seed),
            },
            TypeRef::Named(name) => self.named(name, constraints, seed),
        }
    }
}

fn first_value(values: &[super::EnumValue]) -> Value {
    let value = values
        .iter()
        .find(|v| !v.value.is_empty())
        .or(values.first())
        .map(|v| v.value.clone())
        .unwrap_or_default();
    Value::String(value)
}

/// A string satisfying `constraints`; when nothing says what it is, the words of the
/// field's name (the last part of `seed`, `Owner.field_name`).
fn string(constraints: &Constraints, seed: &str) -> Value {
    let mut text = match (constraints.format, constraints.pattern.as_deref()) {
        (Some(Format::Uuid), _) => uuid(seed),
        (Some(Format::DateTime), _) => DATE_TIME.to_string(),
        (Some(Format::Date), _) => "2025-01-01".to_string(),
        (Some(Format::Time), _) => "09:00:00".to_string(),
        (Some(Format::Email), _) => "jane@example.com".to_string(),
        (Some(Format::Uri), _) => "https://example.com".to_string(),
        (None, Some(pattern)) if pattern.contains(r"\d+") && !pattern.contains(':') => {
            "1234".to_string()
        }
        (None, Some(pattern)) if pattern.contains(':') => "09:00:00".to_string(),
        (None, Some(_)) => "example".to_string(),
        (None, None) => words(seed.rsplit('.').next().unwrap_or(seed)),
    };
    if let Some(min) = constraints.min_length {
        while (text.len() as u64) < min {
            text.push('x');
        }
    }
    if let Some(max) = constraints.max_length {
        text.truncate(max as usize);
    }
    Value::String(text)
}

fn number(constraints: &Constraints, integer: bool) -> Value {
    let mut n = match constraints.minimum {
        Some(bound) if bound.exclusive => bound.value + 1.0,
        Some(bound) => bound.value,
        None => 1.0,
    };
    if let Some(max) = constraints.maximum {
        if n > max.value {
            n = max.value - if max.exclusive { 1.0 } else { 0.0 };
        }
    }
    if integer {
        Value::from(n as i64)
    } else {
        // As an `f64` field writes it back: `1.0`.
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A field name as words: `display_name` -> `Display name`.
fn words(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Example".to_string(),
    }
}

/// A UUID (version 4 layout) derived from `seed` with FNV-1a: stable, and different for
/// different seeds.
fn uuid(seed: &str) -> String {
    let hash = |salt: u64| {
        seed.bytes().fold(0xcbf2_9ce4_8422_2325 ^ salt, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b) = (hash(0), hash(0x9e37_79b9_7f4a_7c15));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build::Builder;
    use crate::ir::fixtures::{convert, schemas};
    use serde_json::json;

    fn api_of(doc: &openapiv3::OpenAPI, component: &str) -> Api {
        let mut builder = Builder::new(doc);
        convert(&mut builder, component);
        Api {
            prefix: "/".into(),
            endpoints: Vec::new(),
            types: builder.types,
        }
    }

    #[test]
    fn required_fields_get_values_that_satisfy_their_constraints_and_optional_ones_none() {
        let doc = schemas(json!({
            "thing": { "type": "object",
                "required": ["id", "at", "code", "kind", "size", "tags", "name", "note", "child"],
                "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "at": { "type": "string", "format": "date-time" },
                    "code": { "type": "string", "pattern": "^\\d+$" },
                    "kind": { "type": "string", "enum": ["pin", "card"] },
                    "size": { "type": "integer", "minimum": 0, "exclusiveMinimum": true },
                    "tags": { "type": "array", "minItems": 1, "items": { "type": "string", "format": "email" } },
                    "name": { "type": "string" },
                    "note": { "type": "string", "nullable": true },
                    "child": { "$ref": "#/components/schemas/thing" },
                    "extra": { "type": "string" },
                },
            },
        }));
        let api = api_of(&doc, "thing");
        let value = example(&api, "Thing");
        let id = value["id"].as_str().expect("an id");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(value["at"], "2025-01-01T00:00:00.000Z");
        assert_eq!(value["code"], "1234");
        assert_eq!(value["kind"], "pin");
        assert_eq!(value["size"], 1);
        assert_eq!(value["tags"], json!(["jane@example.com"]));
        assert_eq!(value["name"], "Name");
        assert_eq!(value["note"], "Note");
        assert!(value.get("extra").is_none(), "optional fields are left out");
        // The cycle stops at an empty object.
        assert_eq!(value["child"], json!({}));
        // Stable, and distinct per field.
        assert_eq!(example(&api, "Thing"), value);
        assert_ne!(uuid("Thing.a"), uuid("Thing.b"));
    }
}

//! The public surface of a generated crate, as a sorted list of one-line records: what a
//! user's code can name and rely on, derived from the [`Api`] (not from the emitted Rust),
//! so that two versions of the spec can be compared ([`crate::api_diff`]) without building
//! either crate. `cargo xtask codegen` writes it beside the crate (`api-surface.txt`).
//!
//! Each record is `kind key: attributes`, and the key is unique:
//!
//! ```text
//! endpoint acs.credentials.get: GET /acs/credentials/get AcsCredentialsGetRequest -> AcsCredential
//! param acs.credentials.get.acs_credential_id: string required
//! type AcsCredential: struct model
//! field AcsCredential.code: string optional nullable
//! type AcsCredentialAccessMethod: enum model open
//! value AcsCredentialAccessMethod.card
//! type AcsCredentialWarning: tagged-union(warning_code) model open
//! variant AcsCredentialWarning.being_deleted: AcsCredentialWarningBeingDeleted
//! variant-field AcsCredentialsListSelector.AcsUserId.acs_user_id: string required
//! ```
//!
//! Types are written as the spec has them: `string`, `integer`, `number`, `boolean`,
//! `json`, `[T]` (array), `map<T>`, `T?` (nullable inside an array or map), or a type
//! name. A field or parameter is `required` or `optional`, and `nullable` when it may be
//! `null`. Returns are `()`, `T`, `optional(T)` (the response may leave it out) or
//! `page(T)`. Flags: `deprecated`, `unstable` (behind the `unstable` cargo feature),
//! `open` (an enum that keeps unknown values in `Unknown`, and is `#[non_exhaustive]`) or
//! `closed`. `model` types are read from responses; `request` types are built by the
//! caller (`new(required..)` and a setter for each optional field). Names of fields,
//! parameters and enum values are the wire names, JSON-quoted when they hold anything
//! but letters, digits, `_` and `-`.

use crate::ir::{
    Api, Docs, Endpoint, Field, Home, Response, TypeDef, TypeKind, TypeRef, VariantShape,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The file `cargo xtask codegen` writes the surface to, relative to the crate.
pub const FILE_NAME: &str = "api-surface.txt";

/// A crate's public surface: records keyed by `kind key`, plus comment lines saying
/// where it came from (ignored when comparing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Comment lines (without their `# `), e.g. the spec and its hash.
    pub header: Vec<String>,
    /// `kind key` -> attributes (possibly empty).
    pub records: BTreeMap<String, String>,
}

/// One record, split up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// `endpoint`, `param`, `type`, `field`, `value`, `variant` or `variant-field`.
    pub kind: &'a str,
    /// What the record is about, e.g. `AcsCredential.code`.
    pub key: &'a str,
    /// The space-separated attributes.
    pub attributes: Vec<&'a str>,
}

impl Record<'_> {
    /// Whether the attributes include `flag`.
    pub fn has(&self, flag: &str) -> bool {
        self.attributes.contains(&flag)
    }

    /// The first attribute (the type, the kind of a type, the method of an endpoint).
    pub fn first(&self) -> &str {
        self.attributes.first().copied().unwrap_or("")
    }
}

/// The comment lines naming where a surface came from: the spec, the prefix, and the hash
/// of the part of the spec that was read (as the generated files' headers name it).
pub fn header(spec_name: &str, prefix: &str, sha256: &str) -> Vec<String> {
    vec![
        "The public API of the generated crate, one record a line: `cargo xtask codegen` writes it, `cargo xtask api-diff` compares two (generator/src/surface.rs says how to read it).".to_string(),
        format!("From {spec_name}, paths under {prefix} (the part read: canonical JSON sha256 {sha256})."),
    ]
}

impl Surface {
    /// The surface of the paths under `prefix` of a parsed document (see
    /// [`crate::load::Source::select`]), analysed without emitting anything, on a thread with
    /// the generator's stack ([`crate::STACK_SIZE`]).
    pub fn from_spec(
        spec: &crate::load::Spec,
        spec_name: &str,
        prefix: &str,
    ) -> Result<Surface, crate::GenerateError> {
        let (api, _) = crate::on_big_stack(|| crate::ir::build::build(&spec.document, prefix))??;
        Ok(Surface::of(&api, header(spec_name, prefix, &spec.sha256)))
    }

    /// The surface of `api`, with `header` as its comment lines.
    pub fn of(api: &Api, header: Vec<String>) -> Surface {
        let mut records = BTreeMap::new();
        let requests: BTreeMap<&str, &Endpoint> = api
            .endpoints
            .iter()
            .map(|e| (e.request.as_str(), e))
            .collect();
        for endpoint in &api.endpoints {
            let id = endpoint_id(endpoint);
            let mut attributes = vec![
                endpoint.method.as_str().to_string(),
                endpoint.path.clone(),
                endpoint.request.clone(),
                "->".to_string(),
                returns(&endpoint.response),
            ];
            flags(&mut attributes, &endpoint.docs);
            if endpoint.docs.undocumented.is_some() {
                attributes.push("unstable".to_string());
            }
            records.insert(format!("endpoint {id}"), attributes.join(" "));
            if let Some(TypeKind::Struct(request)) =
                api.types.get(&endpoint.request).map(|t| &t.kind)
            {
                for field in &request.fields {
                    records.insert(
                        format!("param {id}.{}", wire_name(&field.name)),
                        field_attributes(field),
                    );
                }
                if let Some(one_of) = &request.one_of {
                    let required = if one_of.optional {
                        "optional"
                    } else {
                        "required"
                    };
                    records.insert(
                        format!("param {id}.{}", wire_name(&one_of.field)),
                        format!("{} {required} one-of", one_of.ty),
                    );
                }
            }
        }
        for def in api.types.values() {
            if requests.contains_key(def.name.as_str()) {
                continue; // its fields are the endpoint's `param`s
            }
            type_records(def, &mut records);
        }
        Surface { header, records }
    }

    /// The records, one a line, after the header's comment lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for line in &self.header {
            let _ = writeln!(out, "# {line}");
        }
        let mut records: Vec<(&String, &String)> = self.records.iter().collect();
        records.sort_by_cached_key(|(key, _)| reading_order(key));
        for (key, attributes) in records {
            if attributes.is_empty() {
                let _ = writeln!(out, "{key}");
            } else {
                let _ = writeln!(out, "{key}: {attributes}");
            }
        }
        out
    }

    /// Reads what [`Surface::render`] wrote. Blank lines are skipped; a line that is not a
    /// record gives an error naming its number.
    pub fn parse(text: &str) -> Result<Surface, String> {
        let mut surface = Surface::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                surface.header.push(comment.trim_start().to_string());
                continue;
            }
            let (key, attributes) = split_record(line);
            if !key.contains(' ') {
                return Err(format!(
                    "line {}: `{line}` is not a surface record (`kind key: attributes`)",
                    number + 1
                ));
            }
            if surface
                .records
                .insert(key.to_string(), attributes.to_string())
                .is_some()
            {
                return Err(format!("line {}: `{key}` appears twice", number + 1));
            }
        }
        Ok(surface)
    }

    /// The record under `kind key`, split up.
    pub fn record<'a>(&'a self, full_key: &'a str) -> Option<Record<'a>> {
        self.records
            .get_key_value(full_key)
            .map(|(k, v)| split(k, v))
    }

    /// Every record, split up, in key order.
    pub fn iter(&self) -> impl Iterator<Item = Record<'_>> {
        self.records.iter().map(|(k, v)| split(k, v))
    }
}

/// Endpoints, each followed by its parameters, then types, each followed by its fields,
/// values or variants (and their fields).
fn reading_order(full_key: &str) -> (u8, String, u8, String) {
    let (kind, key) = full_key.split_once(' ').unwrap_or((full_key, ""));
    let owner = |levels: usize| {
        let mut owner = key;
        for _ in 0..levels {
            owner = crate::api_diff::parent_key(owner).unwrap_or(owner);
        }
        owner.to_string()
    };
    match kind {
        "endpoint" => (0, key.to_string(), 0, String::new()),
        "param" => (0, owner(1), 1, key.to_string()),
        "type" => (1, key.to_string(), 0, String::new()),
        "variant-field" => (1, owner(2), 1, key.to_string()),
        _ => (1, owner(1), 1, key.to_string()),
    }
}

fn split<'a>(full_key: &'a str, attributes: &'a str) -> Record<'a> {
    let (kind, key) = full_key.split_once(' ').unwrap_or((full_key, ""));
    Record {
        kind,
        key,
        attributes: attributes.split(' ').filter(|a| !a.is_empty()).collect(),
    }
}

/// Splits a line at the first `: ` outside a JSON-quoted name.
fn split_record(line: &str) -> (&str, &str) {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ':' if !quoted && line[i + 1..].starts_with(' ') => {
                return (&line[..i], &line[i + 2..]);
            }
            _ => {}
        }
    }
    (line, "")
}

/// `acs.credentials.create`: the group path and the method name.
pub fn endpoint_id(endpoint: &Endpoint) -> String {
    let mut parts = endpoint.group.clone();
    parts.push(endpoint.name.clone());
    parts.join(".")
}

/// A wire name as it appears in a key: as is when plain, JSON-quoted otherwise.
pub fn wire_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        name.to_string()
    } else {
        serde_json::Value::String(name.to_string()).to_string()
    }
}

/// A type as one token: `string`, `[T]`, `map<T>`, `T?`, a type name.
pub fn type_token(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_string(),
        TypeRef::Timestamp => "timestamp".to_string(),
        TypeRef::Integer => "integer".to_string(),
        TypeRef::Number => "number".to_string(),
        TypeRef::Boolean => "boolean".to_string(),
        TypeRef::Json => "json".to_string(),
        TypeRef::Array(item) => format!("[{}]", type_token(item)),
        TypeRef::Map(value) => format!("map<{}>", type_token(value)),
        TypeRef::Nullable(inner) => format!("{}?", type_token(inner)),
        TypeRef::Named(name) => name.clone(),
    }
}

fn returns(response: &Response) -> String {
    match response {
        Response::Empty => "()".to_string(),
        Response::Payload {
            ty, required: true, ..
        } => type_token(ty),
        Response::Payload { ty, .. } => format!("optional({})", type_token(ty)),
        Response::Page { item, .. } => format!("page({})", type_token(item)),
    }
}

fn flags(attributes: &mut Vec<String>, docs: &Docs) {
    if docs.deprecated.is_some() {
        attributes.push("deprecated".to_string());
    }
}

/// `type required|optional [nullable] [deprecated]`.
fn field_attributes(field: &Field) -> String {
    let mut attributes = vec![
        type_token(field.ty.non_null()),
        if field.required {
            "required"
        } else {
            "optional"
        }
        .to_string(),
    ];
    if field.ty.is_nullable() {
        attributes.push("nullable".to_string());
    }
    flags(&mut attributes, &field.docs);
    attributes.join(" ")
}

fn type_records(def: &TypeDef, records: &mut BTreeMap<String, String>) {
    let name = &def.name;
    let (role, unstable) = match &def.home {
        Home::Model { .. } => ("model", false),
        Home::Request { unstable, .. } => ("request", *unstable),
    };
    let shape = match &def.kind {
        TypeKind::Struct(_) => "struct".to_string(),
        TypeKind::StringEnum { .. } => "enum".to_string(),
        TypeKind::TaggedUnion { tag, .. } => format!("tagged-union({})", wire_name(tag)),
        TypeKind::Union { .. } => "union".to_string(),
        TypeKind::Alias(target) => format!("alias({})", type_token(target)),
    };
    let mut attributes = vec![shape, role.to_string()];
    // What the emitter makes of each kind: string enums and tagged unions always keep
    // unknown values (`Unknown`, `#[non_exhaustive]`); untagged unions only in models.
    match &def.kind {
        TypeKind::StringEnum { .. } | TypeKind::TaggedUnion { .. } => {
            attributes.push("open".to_string())
        }
        TypeKind::Union { .. } if role == "model" => attributes.push("open".to_string()),
        TypeKind::Union { .. } => attributes.push("closed".to_string()),
        _ => {}
    }
    flags(&mut attributes, &def.docs);
    if unstable {
        attributes.push("unstable".to_string());
    }
    records.insert(format!("type {name}"), attributes.join(" "));
    match &def.kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                records.insert(
                    format!("field {name}.{}", wire_name(&field.name)),
                    field_attributes(field),
                );
            }
            if let Some(one_of) = &s.one_of {
                let required = if one_of.optional {
                    "optional"
                } else {
                    "required"
                };
                records.insert(
                    format!("field {name}.{}", wire_name(&one_of.field)),
                    format!("{} {required} one-of", one_of.ty),
                );
            }
        }
        TypeKind::StringEnum { values } => {
            for value in values {
                let mut attributes = Vec::new();
                flags(&mut attributes, &value.docs);
                records.insert(
                    format!("value {name}.{}", wire_name(&value.value)),
                    attributes.join(" "),
                );
            }
        }
        TypeKind::TaggedUnion { variants, .. } => {
            for variant in variants {
                let mut attributes = vec![variant.ty.clone()];
                flags(&mut attributes, &variant.docs);
                records.insert(
                    format!("variant {name}.{}", wire_name(&variant.tag_value)),
                    attributes.join(" "),
                );
            }
        }
        TypeKind::Union { variants } => {
            for variant in variants {
                let key = format!("{name}.{}", wire_name(&variant.name));
                let mut attributes = match &variant.shape {
                    VariantShape::Type(ty) => vec![type_token(ty)],
                    VariantShape::Fields(fields) => {
                        for field in fields {
                            records.insert(
                                format!("variant-field {key}.{}", wire_name(&field.name)),
                                field_attributes(field),
                            );
                        }
                        vec!["fields".to_string()]
                    }
                };
                for (property, constant) in &variant.constants {
                    attributes.push(format!("{}={}", wire_name(property), wire_name(constant)));
                }
                flags(&mut attributes, &variant.docs);
                records.insert(format!("variant {key}"), attributes.join(" "));
            }
        }
        TypeKind::Alias(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build::build;
    use serde_json::{json, Value};

    // As `ir::fixtures` builds them (private to the analysis).
    fn responds(schema: Value) -> Value {
        json!({ "200": {
            "description": "",
            "content": { "application/json": { "schema": schema } },
        }})
    }

    fn body(schema: Value) -> Value {
        json!({ "content": { "application/json": { "schema": schema } } })
    }

    /// Seam's envelope: `ok` and `properties`, all required.
    fn envelope(properties: Value) -> Value {
        let mut all = properties.as_object().expect("properties").clone();
        all.insert("ok".to_string(), json!({ "type": "boolean" }));
        let required: Vec<&String> = all.keys().collect();
        json!({ "type": "object", "properties": all, "required": required })
    }

    fn surface(mut doc: Value) -> String {
        doc["openapi"] = json!("3.0.0");
        doc["info"] = json!({ "title": "test", "version": "1" });
        let doc = serde_json::from_value(doc).expect("a valid OpenAPI document");
        let (api, _) = build(&doc, "/things").expect("the document analyses");
        Surface::of(&api, vec!["test".to_string()]).render()
    }

    /// `/things/get` (GET, one required and one optional query parameter) returning a
    /// `thing` with an enum, a nullable field and a deprecated one, and `/things/create`
    /// (POST, unstable) with a `oneOf` body.
    fn things() -> Value {
        json!({
            "paths": {
                "/things/get": { "get": {
                    "x-fern-sdk-group-name": ["things"],
                    "x-fern-sdk-method-name": "get",
                    "x-response-key": "thing",
                    "parameters": [
                        { "name": "thing_id", "in": "query", "required": true,
                          "schema": { "type": "string" } },
                        { "name": "with spaces", "in": "query",
                          "schema": { "type": "integer" } },
                    ],
                    "responses": responds(envelope(json!({
                        "thing": { "$ref": "#/components/schemas/thing" }
                    }))),
                }},
                "/things/create": { "post": {
                    "x-fern-sdk-group-name": ["things"],
                    "x-fern-sdk-method-name": "create",
                    "x-response-key": null,
                    "x-undocumented": "Not yet.",
                    "requestBody": body(json!({ "oneOf": [
                        { "type": "object", "properties": { "a": { "type": "string" } },
                          "required": ["a"] },
                        { "type": "object", "properties": { "b": { "type": "boolean" } },
                          "required": ["b"] },
                    ]})),
                    "responses": responds(envelope(json!({}))),
                }},
            },
            "components": { "schemas": { "thing": {
                "type": "object",
                "properties": {
                    "thing_id": { "type": "string" },
                    "kind": { "type": "string", "enum": ["big", "small"] },
                    "note": { "type": "string", "nullable": true },
                    "tags": { "type": "array", "items": { "type": "string", "nullable": true } },
                    "old": { "type": "boolean", "deprecated": true },
                },
                "required": ["thing_id", "kind", "note"],
            }}},
        })
    }

    #[test]
    fn records_endpoints_parameters_fields_values_and_variants() {
        let text = surface(things());
        let expected = r#"# test
endpoint things.create: POST /things/create ThingsCreateRequest -> () unstable
param things.create.selector: ThingsCreateSelector required one-of
endpoint things.get: GET /things/get ThingsGetRequest -> Thing
param things.get."with spaces": integer optional
param things.get.thing_id: string required
type Thing: struct model
field Thing.kind: ThingKind required
field Thing.note: string required nullable
field Thing.old: boolean optional deprecated
field Thing.tags: [string?] optional
field Thing.thing_id: string required
type ThingKind: enum model open
value ThingKind.big
value ThingKind.small
type ThingsCreateSelector: union request closed unstable
variant ThingsCreateSelector.A: fields
variant-field ThingsCreateSelector.A.a: string required
variant ThingsCreateSelector.B: fields
variant-field ThingsCreateSelector.B.b: boolean required
"#;
        assert_eq!(text, expected);
    }

    #[test]
    fn parses_what_it_renders() {
        let text = surface(things());
        let parsed = Surface::parse(&text).expect("parses");
        assert_eq!(parsed.render(), text);
        let record = parsed
            .record("param things.get.\"with spaces\"")
            .expect("the quoted parameter");
        assert_eq!(record.first(), "integer");
        assert!(record.has("optional"));
        let quoted = Surface::parse("value E.\"a: b\": deprecated\n").expect("parses");
        assert!(quoted
            .record("value E.\"a: b\"")
            .expect("quoted key")
            .has("deprecated"));
    }

    #[test]
    fn rejects_lines_that_are_not_records() {
        let error = Surface::parse("# fine\nnonsense\n").expect_err("not a record");
        assert!(error.contains("line 2"), "{error}");
        let error = Surface::parse("type A: struct\ntype A: enum\n").expect_err("twice");
        assert!(error.contains("appears twice"), "{error}");
    }

    #[test]
    fn is_the_same_for_the_same_document() {
        assert_eq!(surface(things()), surface(things()));
    }
}

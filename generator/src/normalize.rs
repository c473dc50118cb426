//! The document as plain JSON, before it is read into the OpenAPI model: constructs of
//! other OpenAPI versions are rewritten into their 3.0 form, keywords the SDK does not need
//! but that carry a value of the wrong type are dropped with a warning, and keywords it does
//! need are checked so that a wrong one gets an error naming it.
//!
//! Rewritten (no warning, these are valid in some published OpenAPI version):
//! - `type: ["string", "null"]` -> `type: "string", nullable: true`; several types ->
//!   `anyOf` with one member per type; `type: "null"` -> `nullable: true`;
//! - a `{ "type": "null" }` member of `oneOf`/`anyOf` -> `nullable: true` on the union (a
//!   union left with one member becomes that member);
//! - `const: v` -> `enum: [v]`; numeric `exclusiveMinimum`/`exclusiveMaximum` -> the 3.0 form;
//! - `true`/`false` as a schema -> `{}` / `{ "not": {} }`;
//! - keywords next to a `$ref` -> `allOf: [{ "$ref": .. }]` next to them, so they are kept.
//!
//! Dropped with a warning (documentation or validation only): `title`, `description`,
//! `format`, `pattern`, `deprecated`, `readOnly`, `writeOnly`, `nullable`, length, size and
//! range limits, `required`/`enum` entries of the wrong type, `discriminator`, invalid
//! `items`/`additionalProperties`, and outside schemas `info`, `servers`, `tags`, `security`,
//! `externalDocs`, `callbacks`, `links`, `examples`, operation summaries and descriptions.

use crate::error::{GenerateError, Pointer, Warning};
use serde_json::{Map, Value};

/// How deeply schemas may nest inside one another before the document is rejected. The
/// Seam document nests about 10 deep; the limit keeps recursion (here and in the analysis)
/// far from the stack's end.
pub const MAX_SCHEMA_DEPTH: usize = 64;

type Result<T> = std::result::Result<T, GenerateError>;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites `doc` in place; returns what was dropped.
pub fn document(doc: &mut Value) -> Result<Vec<Warning>> {
    let mut n = Normalizer {
        warnings: Vec::new(),
    };
    n.document(doc)?;
    Ok(n.warnings)
}

/// One step of [`document`], for a document read in parts (see `load`): run in this
/// order over the parts, the steps rewrite each part as [`document`] rewrites the whole,
/// and give its warnings in its order; where [`document`] fails, the first failing step
/// fails alike.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The document but its members of `paths` (which must be an object) and its
    /// `components`.
    TopLevel,
    /// A member of `paths`, by its name (an `x-` extension is left as it is).
    Path(&'a str),
    /// `components` but the entries of its sections (`schemas` must be an object if
    /// present).
    ComponentsButSections,
    /// A component schema, by its name.
    Schema(&'a str),
    /// The entries of the sections of `components` other than `schemas`.
    ComponentSectionsButSchemas,
}

/// Runs `step` on `value`, the part of the document it names; returns what was dropped.
pub fn step(step: Step<'_>, value: &mut Value) -> Result<Vec<Warning>> {
    let mut n = Normalizer {
        warnings: Vec::new(),
    };
    let components = || Pointer::root().push("components");
    match step {
        Step::TopLevel => n.top_level(value)?,
        Step::Path(path) => n.path(path, value, &Pointer::root().push("paths"))?,
        Step::ComponentsButSections => n.components_but_sections(value, &components())?,
        Step::Schema(name) => n.schema(value, &components().push("schemas").push(name), 0)?,
        Step::ComponentSectionsButSchemas => {
            n.component_sections_but_schemas(value, &components())?
        }
    }
    Ok(n.warnings)
}

struct Normalizer {
    warnings: Vec<Warning>,
}

/// `a string`, `an array`, ... for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn spec_error(pointer: &Pointer, message: impl Into<String>) -> GenerateError {
    GenerateError::spec(pointer.as_str(), message)
}

/// A section of `components` (at `pointer`) that is not a map.
fn section_error(pointer: &Pointer, section: &str, found: &Value) -> GenerateError {
    spec_error(
        &pointer.push(section),
        format!(
            "`{section}` must be an object mapping names to definitions, not {}",
            describe(found)
        ),
    )
}

impl Normalizer {
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.as_str().to_string(),
            message: message.into(),
        });
    }

    /// Drops `key` from `obj` (with a warning) when it does not read as a `T`.
    fn keep_if<T: serde::de::DeserializeOwned>(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        pointer: &Pointer,
        what: &str,
    ) {
        let Some(value) = obj.get(key) else { return };
        if let Err(e) = <T as serde::Deserialize>::deserialize(value) {
            obj.remove(key);
            self.warn(
                &pointer.push(key),
                format!("ignored `{key}`, which is not {what}: {e}"),
            );
        }
    }

    /// Drops `key` (with a warning) unless `valid` accepts its value.
    fn keep_valid(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        pointer: &Pointer,
        what: &str,
        valid: fn(&Value) -> bool,
    ) {
        let Some(value) = obj.get(key) else { return };
        if !valid(value) {
            let found = describe(value);
            obj.remove(key);
            self.warn(
                &pointer.push(key),
                format!("ignored `{key}`: expected {what}, found {found}"),
            );
        }
    }

    /// The whole document, in the order of [`Step`].
    fn document(&mut self, doc: &mut Value) -> Result<()> {
        self.top_level(doc)?;
        let Value::Object(root) = doc else {
            return Ok(()); // reported by the caller
        };
        let pointer = Pointer::root();
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            let paths_pointer = pointer.push("paths");
            for (path, item) in paths.iter_mut() {
                self.path(path, item, &paths_pointer)?;
            }
        }
        if let Some(components) = root.get_mut("components") {
            let pointer = pointer.push("components");
            self.components_but_sections(components, &pointer)?;
            if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
                let schemas_pointer = pointer.push("schemas");
                for (name, schema) in schemas.iter_mut() {
                    self.schema(schema, &schemas_pointer.push(name), 0)?;
                }
            }
            self.component_sections_but_schemas(components, &pointer)?;
        }
        Ok(())
    }

    /// [`Step::TopLevel`].
    fn top_level(&mut self, doc: &mut Value) -> Result<()> {
        let Value::Object(root) = doc else {
            return Ok(()); // reported by the caller
        };
        let pointer = Pointer::root();
        self.keep_if::<openapiv3::Info>(root, "info", &pointer, "an Info object");
        if !root.contains_key("info") {
            root.insert(
                "info".to_string(),
                serde_json::json!({ "title": "", "version": "" }),
            );
        }
        self.keep_if::<Vec<openapiv3::Server>>(root, "servers", &pointer, "a list of servers");
        self.keep_if::<Vec<openapiv3::Tag>>(root, "tags", &pointer, "a list of tags");
        self.keep_if::<Vec<openapiv3::SecurityRequirement>>(
            root,
            "security",
            &pointer,
            "a list of security requirements",
        );
        self.keep_if::<openapiv3::ExternalDocumentation>(
            root,
            "externalDocs",
            &pointer,
            "an External Documentation object",
        );
        match root.get("paths") {
            Some(Value::Object(_)) => Ok(()),
            Some(other) => Err(spec_error(
                &pointer.push("paths"),
                format!(
                    "`paths` must be an object mapping paths to path items, not {}",
                    describe(other)
                ),
            )),
            None => Err(spec_error(
                &pointer,
                "the document has no `paths`, so there is nothing to generate",
            )),
        }
    }

    /// [`Step::Path`]: `item` is the member `path` of the `paths` at `paths_pointer`.
    fn path(&mut self, path: &str, item: &mut Value, paths_pointer: &Pointer) -> Result<()> {
        if path.starts_with("x-") {
            return Ok(());
        }
        self.path_item(item, &paths_pointer.push(path))
    }

    /// [`Step::ComponentsButSections`]: `components` is an object, its maps of security
    /// schemes, examples, links and callbacks read, and its `schemas` an object if any.
    fn components_but_sections(&mut self, components: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = components else {
            return Err(spec_error(
                pointer,
                format!(
                    "`components` must be an object, not {}",
                    describe(components)
                ),
            ));
        };
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::SecurityScheme>>>(
            obj,
            "securitySchemes",
            pointer,
            "a map of security schemes",
        );
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Example>>>(
            obj,
            "examples",
            pointer,
            "a map of examples",
        );
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Link>>>(
            obj,
            "links",
            pointer,
            "a map of links",
        );
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Callback>>>(
            obj,
            "callbacks",
            pointer,
            "a map of callbacks",
        );
        match obj.get("schemas") {
            None | Some(Value::Object(_)) => Ok(()),
            Some(other) => Err(section_error(pointer, "schemas", other)),
        }
    }

    /// [`Step::ComponentSectionsButSchemas`]: the component parameters, request bodies,
    /// responses and headers.
    fn component_sections_but_schemas(
        &mut self,
        components: &mut Value,
        pointer: &Pointer,
    ) -> Result<()> {
        let Value::Object(obj) = components else {
            return Ok(()); // reported by `components_but_sections`
        };
        type Visit = fn(&mut Normalizer, &mut Value, &Pointer) -> Result<()>;
        let sections: [(&str, Visit); 4] = [
            ("parameters", Normalizer::parameter),
            ("requestBodies", Normalizer::request_body),
            ("responses", Normalizer::response),
            ("headers", Normalizer::header),
        ];
        for (section, visit) in sections {
            match obj.get_mut(section) {
                None => {}
                Some(Value::Object(entries)) => {
                    let section_pointer = pointer.push(section);
                    for (name, entry) in entries.iter_mut() {
                        visit(self, entry, &section_pointer.push(name))?;
                    }
                }
                Some(other) => return Err(section_error(pointer, section, other)),
            }
        }
        Ok(())
    }

    fn path_item(&mut self, item: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = item else {
            return Err(spec_error(
                pointer,
                format!("a path item must be an object, not {}", describe(item)),
            ));
        };
        if obj.contains_key("$ref") {
            return Ok(());
        }
        self.keep_if::<Vec<openapiv3::Server>>(obj, "servers", pointer, "a list of servers");
        self.keep_valid(obj, "summary", pointer, "a string", Value::is_string);
        self.keep_valid(obj, "description", pointer, "a string", Value::is_string);
        if let Some(parameters) = obj.get_mut("parameters") {
            self.parameters(parameters, &pointer.push("parameters"))?;
        }
        for method in METHODS {
            if let Some(operation) = obj.get_mut(*method) {
                self.operation(operation, &pointer.push(method))?;
            }
        }
        Ok(())
    }

    fn parameters(&mut self, parameters: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Array(list) = parameters else {
            return Err(spec_error(
                pointer,
                format!(
                    "`parameters` must be an array, not {}",
                    describe(parameters)
                ),
            ));
        };
        for (index, parameter) in list.iter_mut().enumerate() {
            self.parameter(parameter, &pointer.push(&index.to_string()))?;
        }
        Ok(())
    }

    fn operation(&mut self, operation: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = operation else {
            return Err(spec_error(
                pointer,
                format!(
                    "an operation must be an object, not {}",
                    describe(operation)
                ),
            ));
        };
        for key in ["summary", "description", "operationId"] {
            self.keep_valid(obj, key, pointer, "a string", Value::is_string);
        }
        self.keep_valid(obj, "deprecated", pointer, "a boolean", Value::is_boolean);
        self.keep_if::<Vec<String>>(obj, "tags", pointer, "a list of strings");
        self.keep_if::<openapiv3::ExternalDocumentation>(
            obj,
            "externalDocs",
            pointer,
            "an External Documentation object",
        );
        self.keep_if::<Vec<openapiv3::SecurityRequirement>>(
            obj,
            "security",
            pointer,
            "a list of security requirements",
        );
        self.keep_if::<Vec<openapiv3::Server>>(obj, "servers", pointer, "a list of servers");
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Callback>>>(
            obj,
            "callbacks",
            pointer,
            "a map of callbacks",
        );
        if let Some(parameters) = obj.get_mut("parameters") {
            self.parameters(parameters, &pointer.push("parameters"))?;
        }
        if let Some(body) = obj.get_mut("requestBody") {
            self.request_body(body, &pointer.push("requestBody"))?;
        }
        match obj.get_mut("responses") {
            Some(Value::Object(responses)) => {
                let responses_pointer = pointer.push("responses");
                for (code, response) in responses.iter_mut() {
                    if !code.starts_with("x-") {
                        self.response(response, &responses_pointer.push(code))?;
                    }
                }
            }
            Some(other) => {
                return Err(spec_error(
                    &pointer.push("responses"),
                    format!(
                        "`responses` must be an object mapping status codes to responses, not {}",
                        describe(other)
                    ),
                ))
            }
            None => {
                self.warn(
                    pointer,
                    "the operation declares no `responses`; its SDK method returns nothing",
                );
                obj.insert("responses".to_string(), Value::Object(Map::new()));
            }
        }
        Ok(())
    }

    fn parameter(&mut self, parameter: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = parameter else {
            return Err(spec_error(
                pointer,
                format!("a parameter must be an object, not {}", describe(parameter)),
            ));
        };
        if obj.contains_key("$ref") {
            return Ok(());
        }
        self.keep_valid(obj, "description", pointer, "a string", Value::is_string);
        self.keep_valid(obj, "deprecated", pointer, "a boolean", Value::is_boolean);
        self.keep_valid(obj, "required", pointer, "a boolean", Value::is_boolean);
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Example>>>(
            obj,
            "examples",
            pointer,
            "a map of examples",
        );
        if let Some(schema) = obj.get_mut("schema") {
            self.schema(schema, &pointer.push("schema"), 0)?;
        }
        if let Some(content) = obj.get_mut("content") {
            self.content(content, &pointer.push("content"))?;
        }
        Ok(())
    }

    fn header(&mut self, header: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = header else {
            return Err(spec_error(
                pointer,
                format!("a header must be an object, not {}", describe(header)),
            ));
        };
        if obj.contains_key("$ref") {
            return Ok(());
        }
        self.keep_valid(obj, "description", pointer, "a string", Value::is_string);
        if let Some(schema) = obj.get_mut("schema") {
            self.schema(schema, &pointer.push("schema"), 0)?;
        }
        Ok(())
    }

    fn request_body(&mut self, body: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = body else {
            return Err(spec_error(
                pointer,
                format!("a request body must be an object, not {}", describe(body)),
            ));
        };
        if obj.contains_key("$ref") {
            return Ok(());
        }
        self.keep_valid(obj, "description", pointer, "a string", Value::is_string);
        self.keep_valid(obj, "required", pointer, "a boolean", Value::is_boolean);
        match obj.get_mut("content") {
            Some(content) => self.content(content, &pointer.push("content")),
            None => {
                obj.insert("content".to_string(), Value::Object(Map::new()));
                self.warn(pointer, "the request body declares no `content`; ignored");
                Ok(())
            }
        }
    }

    fn response(&mut self, response: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(obj) = response else {
            return Err(spec_error(
                pointer,
                format!("a response must be an object, not {}", describe(response)),
            ));
        };
        if obj.contains_key("$ref") {
            return Ok(());
        }
        match obj.get("description") {
            Some(Value::String(_)) => {}
            Some(other) => {
                let found = describe(other);
                obj.insert("description".to_string(), Value::String(String::new()));
                self.warn(
                    &pointer.push("description"),
                    format!("ignored `description`: expected a string, found {found}"),
                );
            }
            None => {
                // Required by OpenAPI, but only documentation.
                obj.insert("description".to_string(), Value::String(String::new()));
            }
        }
        self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Link>>>(
            obj,
            "links",
            pointer,
            "a map of links",
        );
        if let Some(Value::Object(headers)) = obj.get_mut("headers") {
            let headers_pointer = pointer.push("headers");
            for (name, header) in headers.iter_mut() {
                self.header(header, &headers_pointer.push(name))?;
            }
        } else {
            self.keep_valid(obj, "headers", pointer, "an object", Value::is_object);
        }
        if let Some(content) = obj.get_mut("content") {
            self.content(content, &pointer.push("content"))?;
        }
        Ok(())
    }

    fn content(&mut self, content: &mut Value, pointer: &Pointer) -> Result<()> {
        let Value::Object(media_types) = content else {
            return Err(spec_error(
                pointer,
                format!(
                    "`content` must be an object mapping media types to their schemas, not {}",
                    describe(content)
                ),
            ));
        };
        for (media_type, media) in media_types.iter_mut() {
            let media_pointer = pointer.push(media_type);
            let Value::Object(obj) = media else {
                return Err(spec_error(
                    &media_pointer,
                    format!(
                        "a media type object must be an object, not {}",
                        describe(media)
                    ),
                ));
            };
            self.keep_if::<indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Example>>>(
                obj,
                "examples",
                &media_pointer,
                "a map of examples",
            );
            self.keep_if::<indexmap::IndexMap<String, openapiv3::Encoding>>(
                obj,
                "encoding",
                &media_pointer,
                "a map of encodings",
            );
            if let Some(schema) = obj.get_mut("schema") {
                self.schema(schema, &media_pointer.push("schema"), 0)?;
            }
        }
        Ok(())
    }

    fn schema(&mut self, schema: &mut Value, pointer: &Pointer, depth: usize) -> Result<()> {
        if depth > MAX_SCHEMA_DEPTH {
            return Err(spec_error(
                pointer,
                format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here; the generator does not follow them further"),
            ));
        }
        match schema {
            Value::Bool(true) => {
                *schema = Value::Object(Map::new());
                return Ok(());
            }
            Value::Bool(false) => {
                *schema = serde_json::json!({ "not": {} });
                return Ok(());
            }
            Value::Object(_) => {}
            other => {
                return Err(spec_error(
                    pointer,
                    format!("a schema must be an object, not {}", describe(other)),
                ))
            }
        }
        let Value::Object(obj) = schema else {
            return Ok(());
        };
        if let Some(reference) = obj.get("$ref") {
            if !reference.is_string() {
                return Err(spec_error(
                    &pointer.push("$ref"),
                    format!("`$ref` must be a string, not {}", describe(reference)),
                ));
            }
            if obj.len() == 1 {
                return Ok(());
            }
            // Keywords next to a `$ref` (allowed by OpenAPI 3.1, ignored by 3.0): keep
            // them by making the reference an `allOf` member.
            let reference = obj.remove("$ref").unwrap_or(Value::Null);
            let member = serde_json::json!({ "$ref": reference });
            match obj.get_mut("allOf") {
                Some(Value::Array(all_of)) => all_of.insert(0, member),
                _ => {
                    obj.insert("allOf".to_string(), Value::Array(vec![member]));
                }
            }
        }
        self.schema_type(obj, pointer)?;
        self.schema_keywords(obj, pointer);

        // Sub-schemas.
        for key in ["oneOf", "anyOf"] {
            self.union_members(obj, key, pointer, depth)?;
        }
        match obj.get_mut("allOf") {
            None => {}
            Some(Value::Array(members)) => {
                let all_of_pointer = pointer.push("allOf");
                for (index, member) in members.iter_mut().enumerate() {
                    self.schema(member, &all_of_pointer.push(&index.to_string()), depth + 1)?;
                }
            }
            Some(other) => {
                return Err(spec_error(
                    &pointer.push("allOf"),
                    format!(
                        "`allOf` must be an array of schemas, not {}",
                        describe(other)
                    ),
                ))
            }
        }
        if let Some(not) = obj.get_mut("not") {
            self.schema(not, &pointer.push("not"), depth + 1)?;
        }
        match obj.get_mut("items") {
            None => {}
            Some(Value::Array(items)) if items.len() == 1 => {
                let only = items.remove(0);
                obj.insert("items".to_string(), only);
            }
            Some(Value::Object(_)) => {}
            Some(Value::Bool(true)) => {
                obj.remove("items");
            }
            Some(other) => {
                let found = describe(other);
                obj.remove("items");
                self.warn(
                    &pointer.push("items"),
                    format!(
                        "ignored `items`: expected a schema, found {found}; the items are any JSON"
                    ),
                );
            }
        }
        if let Some(items) = obj.get_mut("items") {
            self.schema(items, &pointer.push("items"), depth + 1)?;
        }
        match obj.get_mut("properties") {
            None => {}
            Some(Value::Object(properties)) => {
                let properties_pointer = pointer.push("properties");
                for (name, property) in properties.iter_mut() {
                    self.schema(property, &properties_pointer.push(name), depth + 1)?;
                }
            }
            Some(other) => {
                return Err(spec_error(
                    &pointer.push("properties"),
                    format!(
                        "`properties` must be an object mapping names to schemas, not {}",
                        describe(other)
                    ),
                ))
            }
        }
        match obj.get_mut("additionalProperties") {
            None | Some(Value::Bool(_)) => {}
            Some(value @ Value::Object(_)) => {
                self.schema(value, &pointer.push("additionalProperties"), depth + 1)?;
            }
            Some(other) => {
                let found = describe(other);
                obj.remove("additionalProperties");
                self.warn(
                    &pointer.push("additionalProperties"),
                    format!("ignored `additionalProperties`: expected a schema or a boolean, found {found}"),
                );
            }
        }
        Ok(())
    }

    /// `type` arrays and `type: "null"` into 3.0's `type` + `nullable`.
    fn schema_type(&mut self, obj: &mut Map<String, Value>, pointer: &Pointer) -> Result<()> {
        let names: Vec<String> = match obj.get("type") {
            None => return Ok(()),
            // The 3.0 form already: nothing to rewrite.
            Some(Value::String(name)) if name != "null" => return Ok(()),
            Some(Value::String(name)) => vec![name.clone()],
            Some(Value::Array(items)) => {
                let mut names = Vec::new();
                for item in items {
                    match item {
                        Value::String(name) => {
                            if !names.contains(name) {
                                names.push(name.clone());
                            }
                        }
                        other => {
                            return Err(spec_error(
                                &pointer.push("type"),
                                format!(
                                    "`type` must be a string or an array of strings; it holds {}",
                                    describe(other)
                                ),
                            ))
                        }
                    }
                }
                names
            }
            Some(other) => {
                return Err(spec_error(
                    &pointer.push("type"),
                    format!(
                        "`type` must be a string such as \"object\" or \"string\", not {}",
                        describe(other)
                    ),
                ))
            }
        };
        let nullable = names.iter().any(|n| n == "null");
        let names: Vec<String> = names.into_iter().filter(|n| n != "null").collect();
        if nullable {
            obj.insert("nullable".to_string(), Value::Bool(true));
        }
        match names.as_slice() {
            [] => {
                obj.remove("type");
            }
            [one] => {
                obj.insert("type".to_string(), Value::String(one.clone()));
            }
            several => {
                if obj.contains_key("oneOf") || obj.contains_key("anyOf") {
                    obj.remove("type");
                    self.warn(
                        &pointer.push("type"),
                        "ignored a list of types next to `oneOf`/`anyOf`",
                    );
                    return Ok(());
                }
                // One `anyOf` member per type, each with the keywords that apply to it.
                let mut members = Vec::new();
                for name in several {
                    let keys: &[&str] = match name.as_str() {
                        "string" => &["format", "pattern", "minLength", "maxLength"],
                        "number" | "integer" => &[
                            "format",
                            "minimum",
                            "maximum",
                            "exclusiveMinimum",
                            "exclusiveMaximum",
                            "multipleOf",
                        ],
                        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
                        "object" => &[
                            "properties",
                            "required",
                            "additionalProperties",
                            "minProperties",
                            "maxProperties",
                        ],
                        _ => &[],
                    };
                    let mut member = Map::new();
                    member.insert("type".to_string(), Value::String(name.clone()));
                    for key in keys {
                        if let Some(value) = obj.get(*key) {
                            member.insert(key.to_string(), value.clone());
                        }
                    }
                    if let Some(Value::Array(values)) = obj.get("enum") {
                        let fits: Vec<Value> = values
                            .iter()
                            .filter(|v| json_type_fits(v, name))
                            .cloned()
                            .collect();
                        if !fits.is_empty() {
                            member.insert("enum".to_string(), Value::Array(fits));
                        }
                    }
                    members.push(Value::Object(member));
                }
                for key in [
                    "type",
                    "format",
                    "pattern",
                    "minLength",
                    "maxLength",
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "items",
                    "minItems",
                    "maxItems",
                    "uniqueItems",
                    "properties",
                    "required",
                    "additionalProperties",
                    "minProperties",
                    "maxProperties",
                    "enum",
                ] {
                    obj.remove(key);
                }
                obj.insert("anyOf".to_string(), Value::Array(members));
            }
        }
        Ok(())
    }

    /// Keywords that only document or validate: a wrong value is dropped with a warning.
    fn schema_keywords(&mut self, obj: &mut Map<String, Value>, pointer: &Pointer) {
        if let Some(value) = obj.remove("const") {
            obj.entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
        for (key, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = obj.get(key).cloned() {
                obj.insert(bound.to_string(), Value::Number(n));
                obj.insert(key.to_string(), Value::Bool(true));
            }
        }
        // Most schemas hold only valid keywords: one pass over their members finds out,
        // before the keywords are looked up one by one, in order, for the warnings.
        let all_valid = obj
            .iter()
            .all(|(key, value)| keyword_check(key).is_none_or(|(_, valid)| valid(value)));
        if !all_valid {
            for key in CHECKED_KEYWORDS {
                if let Some((what, valid)) = keyword_check(key) {
                    self.keep_valid(obj, key, pointer, what, valid);
                }
            }
        }
        self.keep_if::<openapiv3::ExternalDocumentation>(
            obj,
            "externalDocs",
            pointer,
            "an External Documentation object",
        );
        self.keep_if::<openapiv3::Discriminator>(
            obj,
            "discriminator",
            pointer,
            "a Discriminator object (`propertyName` and an optional `mapping` of strings)",
        );
        match obj.get_mut("required") {
            None => {}
            Some(Value::Array(names)) => {
                let before = names.len();
                names.retain(Value::is_string);
                if names.len() < before {
                    self.warn(
                        &pointer.push("required"),
                        "ignored entries of `required` that are not property names (strings)",
                    );
                }
            }
            Some(other) => {
                let found = describe(other);
                obj.remove("required");
                self.warn(
                    &pointer.push("required"),
                    format!(
                        "ignored `required`: expected an array of property names, found {found}"
                    ),
                );
            }
        }
        let declared = obj.get("type").and_then(Value::as_str).map(str::to_string);
        match obj.get_mut("enum") {
            None => {}
            Some(Value::Array(values)) => {
                if let Some(declared) = declared {
                    let before = values.len();
                    values.retain(|v| v.is_null() || json_type_fits(v, &declared));
                    if values.len() < before {
                        self.warn(
                            &pointer.push("enum"),
                            format!("ignored values of `enum` that are not of type `{declared}`"),
                        );
                    }
                }
            }
            Some(other) => {
                let found = describe(other);
                obj.remove("enum");
                self.warn(
                    &pointer.push("enum"),
                    format!("ignored `enum`: expected an array of values, found {found}"),
                );
            }
        }
    }

    /// `oneOf`/`anyOf`: a `{ "type": "null" }` member makes the union nullable, and a union
    /// of one member is that member.
    fn union_members(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        pointer: &Pointer,
        depth: usize,
    ) -> Result<()> {
        let union_pointer = pointer.push(key);
        let members = match obj.get_mut(key) {
            None => return Ok(()),
            Some(Value::Array(members)) => std::mem::take(members),
            Some(other) => {
                return Err(spec_error(
                    &union_pointer,
                    format!(
                        "`{key}` must be an array of schemas, not {}",
                        describe(other)
                    ),
                ))
            }
        };
        let mut kept = Vec::with_capacity(members.len());
        let mut nullable = false;
        for (index, mut member) in members.into_iter().enumerate() {
            if is_null_schema(&member) {
                nullable = true;
                continue;
            }
            self.schema(
                &mut member,
                &union_pointer.push(&index.to_string()),
                depth + 1,
            )?;
            kept.push(member);
        }
        if nullable {
            obj.insert("nullable".to_string(), Value::Bool(true));
        }
        let others = ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| *k != key && obj.contains_key(*k));
        if nullable && kept.len() == 1 && !others {
            obj.remove(key);
            obj.insert("allOf".to_string(), Value::Array(kept));
        } else if nullable && kept.is_empty() {
            obj.remove(key);
        } else {
            obj.insert(key.to_string(), Value::Array(kept));
        }
        Ok(())
    }
}

/// The documentation and validation keywords of a schema that are dropped (with a
/// warning) when their value is of the wrong type, in the order they are checked.
const CHECKED_KEYWORDS: [&str; 20] = [
    "title",
    "description",
    "format",
    "pattern",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minimum",
    "maximum",
    "multipleOf",
];

/// What a checked keyword must be (for the warning), and the check.
type Check = (&'static str, fn(&Value) -> bool);

/// What a keyword of [`CHECKED_KEYWORDS`] must be, and the check; `None` for the others.
fn keyword_check(key: &str) -> Option<Check> {
    match key {
        "title" | "description" | "format" | "pattern" => Some(("a string", Value::is_string)),
        "nullable" | "deprecated" | "readOnly" | "writeOnly" | "uniqueItems"
        | "exclusiveMinimum" | "exclusiveMaximum" => Some(("a boolean", Value::is_boolean)),
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            Some(("a non-negative integer", Value::is_u64))
        }
        "minimum" | "maximum" | "multipleOf" => Some(("a number", Value::is_number)),
        _ => None,
    }
}

/// `{ "type": "null" }` (also as `["null"]` or `enum: [null]`): a union member saying the
/// value may be null.
fn is_null_schema(value: &Value) -> bool {
    let Value::Object(obj) = value else {
        return false;
    };
    let null_type = match obj.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => false,
    };
    let null_enum = obj.get("type").is_none()
        && matches!(obj.get("enum"), Some(Value::Array(vs)) if vs.len() == 1 && vs[0].is_null());
    let structural = [
        "properties",
        "items",
        "allOf",
        "oneOf",
        "anyOf",
        "$ref",
        "additionalProperties",
    ]
    .iter()
    .any(|k| obj.contains_key(*k));
    (null_type || null_enum) && !structural
}

fn json_type_fits(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalize(schema: Value) -> (Value, Vec<Warning>) {
        let mut doc = json!({
            "openapi": "3.0.0",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": { "s": schema } }
        });
        let warnings = document(&mut doc).expect("normalizes");
        (doc["components"]["schemas"]["s"].clone(), warnings)
    }

    #[test]
    fn type_arrays_become_nullable_or_any_of() {
        let (s, w) = normalize(json!({ "type": ["string", "null"], "format": "uuid" }));
        assert_eq!(
            s,
            json!({ "type": "string", "nullable": true, "format": "uuid" })
        );
        assert!(w.is_empty());
        let (s, _) = normalize(json!({ "type": ["string", "integer"], "minimum": 1 }));
        assert_eq!(
            s,
            json!({ "anyOf": [{ "type": "string" }, { "type": "integer", "minimum": 1 }] })
        );
    }

    #[test]
    fn null_union_members_make_the_union_nullable() {
        let (s, _) = normalize(
            json!({ "oneOf": [{ "$ref": "#/components/schemas/x" }, { "type": "null" }] }),
        );
        assert_eq!(
            s,
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/x" }] })
        );
    }

    #[test]
    fn keywords_next_to_a_ref_are_kept() {
        let (s, _) = normalize(json!({ "$ref": "#/components/schemas/x", "nullable": true }));
        assert_eq!(
            s,
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/x" }] })
        );
    }

    #[test]
    fn wrong_documentation_keywords_are_dropped_with_a_warning() {
        let (s, w) = normalize(json!({ "type": "string", "description": 5, "maxLength": "x" }));
        assert_eq!(s, json!({ "type": "string" }));
        let pointers: Vec<&str> = w.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/s/description",
                "#/components/schemas/s/maxLength"
            ]
        );
    }

    #[test]
    fn wrong_structural_keywords_are_errors() {
        let mut doc = json!({
            "openapi": "3.0.0",
            "paths": {},
            "components": { "schemas": { "s": { "type": 5 } } }
        });
        let err = document(&mut doc).unwrap_err();
        assert_eq!(err.pointer(), Some("#/components/schemas/s/type"));
    }
}

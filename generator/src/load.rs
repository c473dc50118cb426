//! Reading the OpenAPI document, JSON or YAML: bytes -> [`openapiv3::OpenAPI`], with
//! errors that say where the document is wrong. Constructs of other OpenAPI versions are
//! rewritten and documentation keywords of the wrong type dropped on the way (see
//! [`crate::normalize`]); what was dropped comes back as [`Spec::warnings`].
//!
//! Two steps: [`read_file`] / [`read_as`] check the whole file's syntax and that it is an
//! OpenAPI 3.0 document, keeping its members as text ([`Source`]); [`Source::select`]
//! parses, hashes and types only the part a prefix reads, so that generating a few paths
//! does not pay for the rest (or stop at its defects); it reads that part in parts, on
//! several threads (module `parts`), and whole only to say where a document is wrong.
//! [`load_file`] and [`parse_as`] select everything.

mod members;
mod parts;

use crate::error::{GenerateError, Pointer, Warning};
use crate::select::Prefix;
use members::{Members, Node};
use openapiv3::OpenAPI;
use std::collections::BTreeSet;
use std::path::Path;

/// A parsed document and the hash of the bytes it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub document: OpenAPI,
    /// Lower-case hex sha256 of the canonical JSON form (compact, keys sorted) of the part
    /// of the document that was read (see [`Source::select`]; for `/`, the whole document),
    /// so that the JSON and YAML forms of one document hash alike.
    pub sha256: String,
    /// What was ignored while reading the document.
    pub warnings: Vec<Warning>,
}

/// How a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// By the file's extension; `None` when it says nothing.
    pub fn from_path(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Syntax::Json),
            "yaml" | "yml" => Some(Syntax::Yaml),
            _ => None,
        }
    }

    /// By the content: JSON documents start with `{`.
    pub fn sniff(bytes: &[u8]) -> Syntax {
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Syntax::Json,
            _ => Syntax::Yaml,
        }
    }
}

/// A document whose syntax was checked and that says it is OpenAPI 3.0, before it is
/// checked against OpenAPI's shapes. Its members are kept as text, to be parsed when
/// [`Source::select`] reads them.
#[derive(Debug, Clone)]
pub struct Source {
    members: Members,
}

impl Source {
    /// The part of the document that generating the paths under `prefix` reads, checked
    /// and typed: those paths (as [`crate::select::Prefix`] selects them), every component schema they reach through `$ref`s
    /// (transitively), and everything else but the other paths and schemas. `/` keeps the
    /// whole document. What lies outside is not parsed, so its defects neither stop the
    /// generation nor warn, and its size costs no more than a syntax check.
    ///
    /// [`Spec::sha256`] hashes that part, so that a change elsewhere in the document
    /// changes nothing generated from it.
    pub fn select(self, prefix: &str) -> Result<Spec, GenerateError> {
        crate::on_big_stack(|| self.select_on_this_thread(prefix))?
    }

    fn select_on_this_thread(self, prefix: &str) -> Result<Spec, GenerateError> {
        let prefix = Prefix::new(prefix);
        let members = if prefix.is_everything() {
            self.members
        } else {
            selected(self.members, &prefix)?
        };
        if let Some(spec) = parts::read(&members) {
            return Ok(spec);
        }
        // Not shaped as the parts reader needs, or some part does not read: read whole,
        // to say where the document is wrong.
        spec_of(Node::Map(members).to_value(&Pointer::root())?)
    }
}

/// The members that generating the paths under `prefix` reads (see [`Source::select`]).
/// A `paths`, `components` or `components.schemas` that is not a map is kept whole, for
/// the checks to report.
fn selected(members: Members, prefix: &Prefix) -> Result<Members, GenerateError> {
    let root = Pointer::root();
    let mut kept = Members::new();
    // The component schemas, when they are a map: kept once something reaches them.
    let mut schemas: Option<Members> = None;
    for (key, node) in members {
        let node = match key.as_str() {
            "paths" => match node.into_members() {
                Ok(paths) => Node::Map(
                    paths
                        .into_iter()
                        .filter(|(path, _)| path.starts_with("x-") || prefix.selects(path))
                        .collect(),
                ),
                Err(node) => node,
            },
            "components" => match node.into_members() {
                Ok(mut components) => {
                    if let Some(node) = components.remove("schemas") {
                        let node = match node.into_members() {
                            Ok(members) => {
                                schemas = Some(members);
                                Node::Map(Members::new())
                            }
                            Err(node) => node,
                        };
                        components.insert("schemas".to_string(), node);
                    }
                    Node::Map(components)
                }
                Err(node) => node,
            },
            _ => node,
        };
        kept.insert(key, node);
    }
    if let Some(mut schemas) = schemas {
        // Everything kept so far is where references start from.
        let mut reached = BTreeSet::new();
        let mut pending = Vec::new();
        collect_member_refs(&kept, &root, &mut reached, &mut pending)?;
        let at = root.push("components").push("schemas");
        let mut kept_schemas = Members::new();
        while let Some(name) = pending.pop() {
            if let Some(node) = schemas.remove(&name) {
                let schema = node.to_value(&at.push(&name))?;
                collect_schema_refs(&schema, &mut reached, &mut pending);
                kept_schemas.insert(name, node);
            }
        }
        if let Some(Node::Map(components)) = kept.get_mut("components") {
            components.insert("schemas".to_string(), Node::Map(kept_schemas));
        }
    }
    Ok(kept)
}

/// [`collect_schema_refs`] over every member of `members` (at `at`), parsed one by one.
fn collect_member_refs(
    members: &Members,
    at: &Pointer,
    reached: &mut BTreeSet<String>,
    pending: &mut Vec<String>,
) -> Result<(), GenerateError> {
    for (key, node) in members {
        let at = at.push(key);
        match node {
            Node::Map(members) => collect_member_refs(members, &at, reached, pending)?,
            Node::Text(_) => {
                let value = node.to_value(&at)?;
                match (key.as_str(), &value) {
                    ("$ref", serde_json::Value::String(reference)) => {
                        note_schema_ref(reference, reached, pending)
                    }
                    _ => collect_schema_refs(&value, reached, pending),
                }
            }
        }
    }
    Ok(())
}

/// The part read, hashed and typed.
fn spec_of(document: serde_json::Value) -> Result<Spec, GenerateError> {
    let sha256 = canonical_sha256(&document)?;
    let (document, warnings) = parse_value(document)?;
    Ok(Spec {
        document,
        sha256,
        warnings,
    })
}

/// Adds the component schemas that `$ref`s inside `value` name to `reached`, and the ones
/// new there to `pending`. Iterative, so that nesting depth costs no stack.
fn collect_schema_refs(
    value: &serde_json::Value,
    reached: &mut BTreeSet<String>,
    pending: &mut Vec<String>,
) {
    use serde_json::Value;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match (key.as_str(), child) {
                        ("$ref", Value::String(reference)) => {
                            note_schema_ref(reference, reached, pending)
                        }
                        _ => stack.push(child),
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// Adds the component schema that `reference` names, if any, to `reached`, and to
/// `pending` if it is new there.
fn note_schema_ref(reference: &str, reached: &mut BTreeSet<String>, pending: &mut Vec<String>) {
    if let Some(rest) = reference.strip_prefix("#/components/schemas/") {
        // The schema's name is the first segment (a reference may point further into it).
        let segment = rest.split('/').next().unwrap_or(rest);
        let name = segment.replace("~1", "/").replace("~0", "~");
        if reached.insert(name.clone()) {
            pending.push(name);
        }
    }
}

/// Reads the document at `path`, JSON or YAML by its extension or else its content.
pub fn read_file(path: &Path) -> Result<Source, GenerateError> {
    let bytes = std::fs::read(path).map_err(|source| GenerateError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let syntax = Syntax::from_path(path).unwrap_or_else(|| Syntax::sniff(&bytes));
    read_as(&bytes, syntax)
}

/// Reads a document written in `syntax`: parses it, hashes it, and checks that it is an
/// OpenAPI 3.0 document at all.
pub fn read_as(bytes: &[u8], syntax: Syntax) -> Result<Source, GenerateError> {
    crate::on_big_stack(|| read_on_this_thread(bytes, syntax))?
}

/// Reads and parses the whole document at `path`.
pub fn load_file(path: &Path) -> Result<Spec, GenerateError> {
    read_file(path)?.select("/")
}

/// Parses a whole document, JSON or YAML by its content.
pub fn parse(bytes: &[u8]) -> Result<Spec, GenerateError> {
    parse_as(bytes, Syntax::sniff(bytes))
}

/// The document as plain JSON data, read as `syntax`, with syntax errors that give the
/// line and column.
pub fn to_json_value(bytes: &[u8], syntax: Syntax) -> Result<serde_json::Value, GenerateError> {
    match syntax {
        Syntax::Json => serde_json::from_slice(bytes).map_err(|e| GenerateError::Parse {
            pointer: "#".to_string(),
            message: format!("not valid JSON: {e}"),
        }),
        Syntax::Yaml => serde_yaml_ng::from_slice(bytes).map_err(|e| GenerateError::Parse {
            pointer: "#".to_string(),
            message: format!("not valid YAML: {e}"),
        }),
    }
}

/// Parses a whole document written in `syntax` (on a thread with a stack deep enough for
/// any document the depth limits let through; see [`crate::STACK_SIZE`]).
pub fn parse_as(bytes: &[u8], syntax: Syntax) -> Result<Spec, GenerateError> {
    read_as(bytes, syntax)?.select("/")
}

fn read_on_this_thread(bytes: &[u8], syntax: Syntax) -> Result<Source, GenerateError> {
    let members = match syntax {
        Syntax::Json => members::read_document(bytes)?,
        // YAML is read whole (it is rare), then as the JSON it stands for, so that both
        // forms of a document read alike.
        Syntax::Yaml => {
            let value = to_json_value(bytes, Syntax::Yaml)?;
            let json = serde_json::to_vec(&value).map_err(|e| GenerateError::Parse {
                pointer: "#".to_string(),
                message: format!("cannot represent the document as JSON: {e}"),
            })?;
            members::read_document(&json)?
        }
    };
    check_header(&members)?;
    Ok(Source { members })
}

/// An `openapi` version of 3.0.x, and not a Swagger document.
fn check_header(members: &Members) -> Result<(), GenerateError> {
    if let Some(version) = members.get("swagger") {
        return Err(GenerateError::Parse {
            pointer: "#/swagger".to_string(),
            message: format!(
                "Swagger {} documents are not supported; an OpenAPI 3.0 document is needed",
                version.text().unwrap_or("")
            ),
        });
    }
    match members.get("openapi").and_then(Node::as_string) {
        None => Err(GenerateError::Parse {
            pointer: "#/openapi".to_string(),
            message: "not an OpenAPI document: the `openapi` version string is missing".to_string(),
        }),
        Some(version) if !version.starts_with("3.0") => Err(GenerateError::Parse {
            pointer: "#/openapi".to_string(),
            message: format!("OpenAPI version {version} is not supported; 3.0.x is"),
        }),
        Some(_) => Ok(()),
    }
}

fn parse_value(mut value: serde_json::Value) -> Result<(OpenAPI, Vec<Warning>), GenerateError> {
    use serde::Deserialize;
    let warnings = crate::normalize::document(&mut value)?;
    // ...then into the OpenAPI model. Tracking the path costs time on every value, so it
    // is done only when the document turns out not to read, to say where.
    if let Ok(document) = OpenAPI::deserialize(&value) {
        return Ok((document, warnings));
    }
    match serde_path_to_error::deserialize(&value) {
        Ok(document) => Ok((document, warnings)),
        Err(e) => {
            let tokens = path_tokens(e.path());
            let (tokens, message) = locate(&value, tokens, e.inner().to_string());
            let mut pointer = Pointer::root();
            for token in &tokens {
                pointer = pointer.push(token);
            }
            Err(GenerateError::Parse {
                pointer: pointer.as_str().to_string(),
                message: format!("not a valid OpenAPI 3.0 document: {message}"),
            })
        }
    }
}

/// serde reports a mistake inside a `$ref`-or-object position (an untagged enum) as "data
/// did not match any variant" at the position itself, and one inside a map with flattened
/// extensions (`paths`, `responses`) at the map. Reading the value there again as the object
/// the position holds, or else each of its entries, finds the mistake and says what it is.
fn locate(
    document: &serde_json::Value,
    tokens: Vec<String>,
    message: String,
) -> (Vec<String>, String) {
    let mut tokens = tokens;
    let mut message = message;
    let mut what = "object";
    // Each round descends one level or stops; the bound is a second guard.
    for _ in 0..256 {
        let Some(value) = lookup(document, &tokens) else {
            break;
        };
        match value.get("$ref") {
            Some(serde_json::Value::String(_)) => break,
            Some(_) => {
                tokens.push("$ref".to_string());
                message = "`$ref` must be a string".to_string();
                break;
            }
            None => {}
        }
        // Read as what the position holds, for a path inside it...
        if let Some((kind, Err((path, inner)))) = reread(&tokens, value) {
            what = kind;
            if !path.is_empty() {
                tokens.extend(path);
                message = inner;
                continue;
            }
            if !inner.contains(UNTAGGED) {
                message = inner;
            }
        }
        // ...or find the entry inside it that does not read.
        let entries: Vec<(String, &serde_json::Value)> = match value {
            serde_json::Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => Vec::new(),
        };
        let failing = entries.into_iter().find_map(|(key, entry)| {
            if entry.get("$ref").is_some_and(serde_json::Value::is_string) {
                return None; // a reference, which reads
            }
            let mut child = tokens.clone();
            child.push(key);
            match reread(&child, entry) {
                Some((kind, Err((_, inner)))) => Some((child, kind, inner)),
                _ => None,
            }
        });
        match failing {
            Some((child, kind, inner)) => {
                tokens = child;
                what = kind;
                message = inner;
            }
            None => break,
        }
    }
    if message.contains(UNTAGGED) {
        message = format!("not a valid {what}");
    }
    (tokens, message)
}

const UNTAGGED: &str = "did not match any variant";

fn lookup<'v>(document: &'v serde_json::Value, tokens: &[String]) -> Option<&'v serde_json::Value> {
    tokens.iter().try_fold(document, |v, t| match v {
        serde_json::Value::Object(o) => o.get(t),
        serde_json::Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

type Reread = Result<(), (Vec<String>, String)>;

/// Reads `value` as the OpenAPI object that the position `tokens` holds, if it is known.
fn reread(tokens: &[String], value: &serde_json::Value) -> Option<(&'static str, Reread)> {
    fn read<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Reread {
        serde_path_to_error::deserialize::<_, T>(value)
            .map(|_| ())
            .map_err(|e| (path_tokens(e.path()), e.inner().to_string()))
    }
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let last = tokens.last().map(String::as_str);
    let parent = tokens
        .len()
        .checked_sub(2)
        .and_then(|i| tokens.get(i))
        .map(String::as_str);
    let first = tokens.first().map(String::as_str);
    Some(match (parent, last) {
        (Some("schemas" | "properties" | "allOf" | "oneOf" | "anyOf"), _)
        | (_, Some("schema" | "items" | "not" | "additionalProperties")) => {
            ("schema", read::<openapiv3::Schema>(value))
        }
        (Some("paths"), _) if tokens.len() == 2 => {
            ("path item", read::<openapiv3::PathItem>(value))
        }
        (_, Some(method))
            if first == Some("paths") && tokens.len() == 3 && METHODS.contains(&method) =>
        {
            ("operation", read::<openapiv3::Operation>(value))
        }
        (Some("parameters"), _) => ("parameter", read::<openapiv3::Parameter>(value)),
        (_, Some("requestBody")) => ("request body", read::<openapiv3::RequestBody>(value)),
        (Some("requestBodies"), _) => ("request body", read::<openapiv3::RequestBody>(value)),
        (_, Some("responses")) if first == Some("paths") => {
            ("responses object", read::<openapiv3::Responses>(value))
        }
        (Some("responses"), _) => ("response", read::<openapiv3::Response>(value)),
        (Some("content"), _) => ("media type", read::<openapiv3::MediaType>(value)),
        (Some("headers"), _) => ("header", read::<openapiv3::Header>(value)),
        (Some("examples"), _) => ("example", read::<openapiv3::Example>(value)),
        (Some("links"), _) => ("link", read::<openapiv3::Link>(value)),
        (Some("securitySchemes"), _) => {
            ("security scheme", read::<openapiv3::SecurityScheme>(value))
        }
        (Some("callbacks"), _) => ("callback", read::<openapiv3::Callback>(value)),
        _ => return None,
    })
}

fn path_tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// Lower-case hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// Lower-case hex sha256 of the canonical JSON form of `document` (compact, keys sorted:
/// `serde_json`'s own form of a [`serde_json::Value`]), written straight into the hasher
/// rather than into a buffer as large as the document.
fn canonical_sha256(document: &serde_json::Value) -> Result<String, GenerateError> {
    use sha2::Digest;
    struct Hashing(sha2::Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // serde_json writes many small pieces; a buffer hands the hasher whole blocks.
    let mut writer = std::io::BufWriter::with_capacity(64 * 1024, Hashing(sha2::Sha256::new()));
    serde_json::to_writer(&mut writer, document).map_err(|e| GenerateError::Parse {
        pointer: "#".to_string(),
        message: format!("cannot represent the document as JSON: {e}"),
    })?;
    let hashing = writer.into_inner().map_err(|e| GenerateError::Parse {
        pointer: "#".to_string(),
        message: format!("cannot represent the document as JSON: {}", e.error()),
    })?;
    Ok(hex(&hashing.0.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_part_keeps_its_paths_and_the_schemas_they_reach() {
        let document = json!({
            "openapi": "3.0.0",
            "info": { "title": "t", "version": "1" },
            "paths": {
                "/a/get": { "post": { "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/a~1b" } } } } } } },
                "/ab/get": { "post": { "responses": { "200": { "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/other" } } } } } } },
                "x-extension": {}
            },
            "components": { "schemas": {
                "a/b": { "type": "object", "properties": {
                    "c": { "$ref": "#/components/schemas/c/properties/d" } } },
                "c": { "type": "object", "properties": {
                    "d": { "type": "array", "items": { "$ref": "#/components/schemas/e" } } } },
                "e": { "type": "string" },
                "other": { "type": "string" }
            } }
        });
        let bytes = serde_json::to_vec(&document).expect("JSON");
        let part = read_as(&bytes, Syntax::Json)
            .expect("reads")
            .select("/a")
            .expect("selects")
            .document;
        let paths: Vec<&String> = part.paths.paths.keys().collect();
        assert_eq!(paths, ["/a/get"], "`/ab` is not under `/a`");
        assert!(part.paths.extensions.contains_key("x-extension"));
        let schemas: Vec<&String> = part
            .components
            .as_ref()
            .expect("components")
            .schemas
            .keys()
            .collect();
        assert_eq!(schemas, ["a/b", "c", "e"]);
    }

    #[test]
    fn the_syntax_of_parts_not_read_is_still_checked() {
        let text = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {}, "/b": {"get": [1, 2,]}}}"#;
        let error = read_as(text.as_bytes(), Syntax::Json).expect_err("a trailing comma");
        let message = error.to_string();
        assert!(message.contains("not valid JSON"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn members_that_are_not_maps_are_read_whole_and_reported() {
        for (text, pointer) in [
            (
                r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": 42}"#,
                "#/paths",
            ),
            (
                r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {},
                    "components": {"schemas": [1]}}"#,
                "#/components/schemas",
            ),
        ] {
            let error = read_as(text.as_bytes(), Syntax::Json)
                .expect("reads")
                .select("/a")
                .expect_err("not a map");
            let message = error.to_string();
            assert!(message.contains(pointer), "{message}");
        }
    }
}

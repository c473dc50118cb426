//! Reading the OpenAPI document, JSON or YAML: bytes -> [`openapiv3::OpenAPI`], with
//! errors that say where the document is wrong.

use crate::error::GenerateError;
use openapiv3::OpenAPI;
use std::path::Path;

/// A parsed document and the hash of the bytes it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub document: OpenAPI,
    /// Lower-case hex sha256 of the document's canonical JSON form (compact, keys sorted),
    /// so that the JSON and YAML forms of one document hash alike.
    pub sha256: String,
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

/// Reads and parses the document at `path`.
pub fn load_file(path: &Path) -> Result<Spec, GenerateError> {
    let bytes = std::fs::read(path).map_err(|source| GenerateError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let syntax = Syntax::from_path(path).unwrap_or_else(|| Syntax::sniff(&bytes));
    parse_as(&bytes, syntax)
}

/// Parses a document, JSON or YAML by its content.
pub fn parse(bytes: &[u8]) -> Result<Spec, GenerateError> {
    parse_as(bytes, Syntax::sniff(bytes))
}

/// Parses a document written in `syntax`.
pub fn parse_as(bytes: &[u8], syntax: Syntax) -> Result<Spec, GenerateError> {
    // First as plain data, so that syntax errors report line and column...
    let value: serde_json::Value = match syntax {
        Syntax::Json => serde_json::from_slice(bytes).map_err(|e| GenerateError::Parse {
            pointer: "#".to_string(),
            message: format!("not valid JSON: {e}"),
        })?,
        Syntax::Yaml => serde_yaml_ng::from_slice(bytes).map_err(|e| GenerateError::Parse {
            pointer: "#".to_string(),
            message: format!("not valid YAML: {e}"),
        })?,
    };
    let canonical = serde_json::to_vec(&value).map_err(|e| GenerateError::Parse {
        pointer: "#".to_string(),
        message: format!("cannot represent the document as JSON: {e}"),
    })?;
    let sha256 = sha256_hex(&canonical);
    let document = parse_value(value)?;
    check_version(&document)?;
    Ok(Spec { document, sha256 })
}

fn parse_value(value: serde_json::Value) -> Result<OpenAPI, GenerateError> {
    if !value.is_object() {
        return Err(GenerateError::Parse {
            pointer: "#".to_string(),
            message: "not an OpenAPI document: the top level is not an object".to_string(),
        });
    }
    if let Some(version) = value.get("swagger") {
        return Err(GenerateError::Parse {
            pointer: "#/swagger".to_string(),
            message: format!(
                "Swagger {version} documents are not supported; an OpenAPI 3.0 document is needed"
            ),
        });
    }
    match value.get("openapi") {
        Some(serde_json::Value::String(_)) => {}
        _ => {
            return Err(GenerateError::Parse {
                pointer: "#/openapi".to_string(),
                message: "not an OpenAPI document: the `openapi` version string is missing"
                    .to_string(),
            })
        }
    }
    // ...then into the OpenAPI model, so that shape errors report where they are.
    serde_path_to_error::deserialize(value).map_err(|e| GenerateError::Parse {
        pointer: path_to_pointer(e.path()),
        message: format!("not a valid OpenAPI 3.0 document: {}", e.inner()),
    })
}

fn check_version(document: &OpenAPI) -> Result<(), GenerateError> {
    if document.openapi.starts_with("3.0") {
        Ok(())
    } else {
        Err(GenerateError::Parse {
            pointer: "#/openapi".to_string(),
            message: format!(
                "OpenAPI version {} is not supported; 3.0.x is",
                document.openapi
            ),
        })
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = crate::error::Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(&index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer.push("?"),
        };
    }
    pointer.as_str().to_string()
}

/// Lower-case hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

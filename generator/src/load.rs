//! Reading the OpenAPI document: bytes -> [`openapiv3::OpenAPI`], with errors that say
//! where the document is wrong.

use crate::error::GenerateError;
use openapiv3::OpenAPI;
use std::path::Path;

/// A parsed document and the hash of the bytes it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub document: OpenAPI,
    /// Lower-case hex sha256 of the document's bytes.
    pub sha256: String,
}

/// Reads and parses the document at `path`.
pub fn load_file(path: &Path) -> Result<Spec, GenerateError> {
    let bytes = std::fs::read(path).map_err(|source| GenerateError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&bytes)
}

/// Parses a document from JSON bytes.
pub fn parse(bytes: &[u8]) -> Result<Spec, GenerateError> {
    let sha256 = sha256_hex(bytes);
    let document = parse_json(bytes)?;
    check_version(&document)?;
    Ok(Spec { document, sha256 })
}

fn parse_json(bytes: &[u8]) -> Result<OpenAPI, GenerateError> {
    // First as plain JSON, so that syntax errors report line and column...
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| GenerateError::Parse {
        pointer: "#".to_string(),
        message: format!("not valid JSON: {e}"),
    })?;
    if !value.is_object() {
        return Err(GenerateError::Parse {
            pointer: "#".to_string(),
            message: "not an OpenAPI document: the top level is not an object".to_string(),
        });
    }
    if let Some(version) = value.get("swagger") {
        return Err(GenerateError::Parse {
            pointer: "#/swagger".to_string(),
            message: format!("Swagger {version} documents are not supported; an OpenAPI 3.0 document is needed"),
        });
    }
    match value.get("openapi") {
        Some(serde_json::Value::String(_)) => {}
        _ => {
            return Err(GenerateError::Parse {
                pointer: "#/openapi".to_string(),
                message: "not an OpenAPI document: the `openapi` version string is missing".to_string(),
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
            message: format!("OpenAPI version {} is not supported; 3.0.x is", document.openapi),
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
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

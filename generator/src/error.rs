//! Errors and warnings of the generator. Each names where in the document it arose, as a
//! JSON pointer (`#/paths/~1acs~1credentials~1create/post/requestBody`).

use std::path::PathBuf;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The spec file could not be read.
    #[error("cannot read spec {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The document is not well-formed JSON, or not an OpenAPI 3.0 document.
    #[error("{pointer}: {message}")]
    Parse { pointer: String, message: String },
    /// `rustfmt` could not be run on the output.
    #[error("formatting the generated code: {message}")]
    Format { message: String },
    /// The operating system refused a resource (the generator's thread).
    #[error("{message}")]
    System { message: String },
    /// The document parsed but describes something the generator cannot turn into an SDK.
    #[error("{pointer}: {message}")]
    Spec { pointer: String, message: String },
}

impl GenerateError {
    pub(crate) fn spec(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        GenerateError::Spec {
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// The JSON pointer the error is about, when there is one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            GenerateError::Read { .. }
            | GenerateError::Format { .. }
            | GenerateError::System { .. } => None,
            GenerateError::Parse { pointer, .. } | GenerateError::Spec { pointer, .. } => {
                Some(pointer)
            }
        }
    }
}

/// Something in the spec that was ignored or worked around; generation went on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {}: {}", self.pointer, self.message)
    }
}

/// Builds JSON pointers (RFC 6901, in URI fragment form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// Appends one reference token, escaping `~` and `/`.
    pub fn push(&self, token: &str) -> Self {
        // One allocation: pointers are made for every schema the analysis visits.
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len() + 8);
        pointer.push_str(&self.0);
        pointer.push('/');
        if !token.contains(['~', '/']) {
            pointer.push_str(token);
            return Pointer(pointer);
        }
        for c in token.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
        Pointer(pointer)
    }

    /// The pointer with its last reference token replaced by `token`.
    pub fn sibling(&self, token: &str) -> Self {
        match self.0.rfind('/') {
            Some(i) if i > 0 => Pointer(self.0[..i].to_string()).push(token),
            _ => self.push(token),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses a local reference (`#/components/schemas/x`) back into its tokens.
    pub fn tokens(reference: &str) -> Option<Vec<String>> {
        let rest = reference.strip_prefix('#')?;
        if rest.is_empty() {
            return Some(Vec::new());
        }
        let rest = rest.strip_prefix('/')?;
        Some(
            rest.split('/')
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect(),
        )
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        let p = Pointer::root()
            .push("paths")
            .push("/acs/credentials/create")
            .push("a~b");
        assert_eq!(p.as_str(), "#/paths/~1acs~1credentials~1create/a~0b");
        assert_eq!(
            Pointer::tokens(p.as_str()).unwrap(),
            vec!["paths", "/acs/credentials/create", "a~b"]
        );
    }
}

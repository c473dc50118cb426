//! A credential that never shows itself in `Debug` output or messages.

use std::borrow::Cow;
use std::fmt;

use crate::runtime::error::{truncate, MESSAGE_LIMIT};

/// An API key or personal access token.
///
/// It has no `Display` implementation, and its `Debug` output is `Secret([redacted])`, so
/// formatting a client, a builder or an error can never print it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Box<str>);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Secret(value.into_boxed_str())
    }

    /// The secret itself, for the one place that needs it: the `Authorization` header.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret replaced by `[redacted]`, in case a
    /// server or proxy echoes the credential back in an error body.
    pub(crate) fn redact_from<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.0.is_empty() || !text.contains(&*self.0) {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.replace(&*self.0, "[redacted]"))
        }
    }

    /// `bytes` with every occurrence of the secret overwritten by `*`s of the same length,
    /// so that offsets into it stay valid and any window cut from it shows no part of
    /// the secret.
    pub(crate) fn mask_in<'a>(&self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        let needle = self.0.as_bytes();
        if needle.is_empty() || bytes.len() < needle.len() {
            return Cow::Borrowed(bytes);
        }
        let mut masked: Option<Vec<u8>> = None;
        let mut index = 0;
        while index + needle.len() <= bytes.len() {
            if &bytes[index..index + needle.len()] == needle {
                let out = masked.get_or_insert_with(|| bytes.to_vec());
                out[index..index + needle.len()].fill(b'*');
                index += needle.len();
            } else {
                index += 1;
            }
        }
        masked.map_or(Cow::Borrowed(bytes), Cow::Owned)
    }

    /// `error`, or when its message quotes the secret (`serde_json` quotes a string of the
    /// wrong type) or is long, an error with that message redacted and cut to
    /// [`MESSAGE_LIMIT`] bytes. The message keeps the line and column `error` named.
    pub(crate) fn redact_error(&self, error: serde_json::Error) -> serde_json::Error {
        let message = error.to_string();
        match self.redact_from(&message) {
            Cow::Borrowed(_) if message.len() <= MESSAGE_LIMIT => error,
            redacted => {
                let mut text = truncate(&redacted, MESSAGE_LIMIT);
                if text.len() < redacted.len() && error.line() > 0 {
                    text.push_str(&format!(
                        " at line {} column {}",
                        error.line(),
                        error.column()
                    ));
                }
                serde::de::Error::custom(text)
            }
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

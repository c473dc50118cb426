//! Sending and printing: the response's payload (not its envelope) as JSON on stdout,
//! indented on a terminal and compact otherwise or with `--json`; every item of every
//! page one JSON value a line with `--all`, written as pages arrive; errors on stderr
//! with Seam's error type, message and request id (a JSON object with `--json`).

use crate::sdk::{Call, Endpoint, Error, Paginator, Response, Seam};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::io::{IsTerminal, Write};
use std::pin::Pin;

/// Where output goes and how it looks.
pub(crate) struct Printer {
    /// `--json`: compact output, errors as JSON.
    pub json: bool,
    pretty: bool,
}

impl Printer {
    pub(crate) fn new(json: bool) -> Printer {
        Printer {
            json,
            pretty: !json && std::io::stdout().is_terminal(),
        }
    }

    /// Writes one JSON value and a newline; a closed pipe (`| head`) ends the output
    /// quietly.
    fn value(&self, out: &mut impl Write, value: &Value) -> std::io::Result<()> {
        let text = if self.pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }
        .map_err(std::io::Error::other)?;
        writeln!(out, "{text}")
    }
}

type Step<'a> = Pin<Box<dyn Future<Output = Result<Option<Value>, Error>> + Send + 'a>>;

/// The items of a walk over every page, one at a time.
pub trait Items: Send {
    fn next(&mut self) -> Step<'_>;
}

impl Items for Paginator<Value> {
    fn next(&mut self) -> Step<'_> {
        Box::pin(self.next_item())
    }
}

/// A call under way, and what of its response is printed.
pub enum Outcome {
    /// Nothing but `ok`: nothing is printed.
    Empty(Call<Response>),
    /// The payload under `key`; with `required: false`, `null` when it is missing.
    Payload {
        call: Call<Response>,
        key: &'static str,
        required: bool,
    },
    /// One page: its items as an array.
    Page {
        call: Call<Response>,
        key: &'static str,
        pagination_key: &'static str,
    },
    /// Every item of every page.
    All(Box<dyn Items>),
}

impl Outcome {
    /// Every page of a list endpoint, as the SDK's `list_all` walks it: `start` is the
    /// request's own cursor, and `set_cursor` puts the next one into the request.
    pub fn all<R>(
        seam: &Seam,
        endpoint: &'static Endpoint,
        request: R,
        start: Option<String>,
        key: &'static str,
        pagination_key: &'static str,
        set_cursor: fn(&mut R, String),
    ) -> Outcome
    where
        R: Serialize + Clone + Send + Sync + 'static,
    {
        let client = seam.clone();
        let paginator = Paginator::new(endpoint, start, move |cursor| {
            let client = client.clone();
            let mut request = request.clone();
            if let Some(cursor) = cursor {
                set_cursor(&mut request, cursor);
            }
            async move {
                client
                    .call(endpoint, &request)
                    .await?
                    .page(key, pagination_key)
            }
        });
        Outcome::All(Box::new(paginator))
    }

    /// Sends the request and prints what the response carries.
    pub(crate) async fn print(self, printer: &Printer) -> Result<(), Error> {
        let stdout = std::io::stdout();
        let value = match self {
            Outcome::Empty(call) => {
                call.await?.empty()?;
                return Ok(());
            }
            Outcome::Payload {
                call,
                key,
                required: true,
            } => call.await?.payload::<Value>(key)?,
            Outcome::Payload { call, key, .. } => call
                .await?
                .optional_payload::<Value>(key)?
                .unwrap_or(Value::Null),
            Outcome::Page {
                call,
                key,
                pagination_key,
            } => Value::Array(call.await?.page::<Value>(key, pagination_key)?.items),
            Outcome::All(mut items) => {
                let line = Printer {
                    json: printer.json,
                    pretty: false,
                };
                while let Some(item) = items.next().await? {
                    let mut out = stdout.lock();
                    if line
                        .value(&mut out, &item)
                        .and_then(|()| out.flush())
                        .is_err()
                    {
                        return Ok(());
                    }
                }
                return Ok(());
            }
        };
        let _ = printer.value(&mut stdout.lock(), &value);
        Ok(())
    }
}

/// Prints `error` on stderr: Seam's error type, message and request id for an API error.
pub(crate) fn print_error(printer: &Printer, error: &Error) {
    if printer.json {
        let mut object = serde_json::Map::new();
        match error.api_error() {
            Some(api) => {
                object.insert("type".into(), api.kind.clone().into());
                object.insert("message".into(), api.message.clone().into());
                object.insert("status".into(), api.status.into());
                object.insert("request_id".into(), api.request_id.clone().into());
                if !api.validation_errors.is_empty() {
                    let errors = serde_json::to_value(&api.validation_errors).unwrap_or_default();
                    object.insert("validation_errors".into(), errors);
                }
            }
            None => {
                object.insert("type".into(), error.kind().into());
                object.insert("message".into(), error.to_string().into());
                object.insert("status".into(), error.status().into());
                object.insert("request_id".into(), error.request_id().into());
            }
        }
        eprintln!("{}", serde_json::json!({ "error": object }));
    } else {
        eprintln!("error: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn printed(pretty: bool, value: &Value) -> String {
        let printer = Printer {
            json: !pretty,
            pretty,
        };
        let mut out = Vec::new();
        printer.value(&mut out, value).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn a_value_is_printed_compact_or_indented_and_ends_its_line() {
        let value = json!({ "a": [1] });
        assert_eq!(printed(false, &value), "{\"a\":[1]}\n");
        assert_eq!(printed(true, &value), "{\n  \"a\": [\n    1\n  ]\n}\n");
    }
}

//! Turns a request's parameters into query-string pairs for `GET` and `DELETE` requests.
//!
//! The rules match what the Seam API parses:
//! - nested object keys are joined with dots: `{"a": {"b": 1}}` becomes `a.b=1`;
//! - arrays repeat their key: `{"ids": [1, 2]}` becomes `ids=1&ids=2`; an array element
//!   that is itself an object or an array is sent as its JSON text;
//! - `null` values are left out, as are empty arrays and objects;
//! - booleans are `true`/`false`, numbers are rendered as JSON renders them and strings
//!   are sent as they are.
//!
//! Percent-encoding is left to `reqwest`.

use serde_json::Value;

/// Why a request's parameters could not be put in a query string.
pub(crate) const NOT_AN_OBJECT: &str =
    "the parameters of a GET or DELETE request must serialize to a JSON object";

/// The query-string pairs for `parameters`, in key order. `null` gives no pairs; any
/// other value that is not an object is an error.
pub(crate) fn to_query_pairs(parameters: &Value) -> Result<Vec<(String, String)>, &'static str> {
    let mut pairs = Vec::new();
    match parameters {
        Value::Null => {}
        Value::Object(object) => {
            for (key, value) in object {
                push_value(&mut pairs, key.clone(), value);
            }
        }
        _ => return Err(NOT_AN_OBJECT),
    }
    Ok(pairs)
}

fn push_value(pairs: &mut Vec<(String, String)>, key: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(object) => {
            for (child, value) in object {
                push_value(pairs, format!("{key}.{child}"), value);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) => {
                        pairs.push((key.clone(), item.to_string()))
                    }
                    scalar => pairs.push((key.clone(), scalar_text(scalar))),
                }
            }
        }
        scalar => pairs.push((key, scalar_text(scalar))),
    }
}

/// The text of a string, number or boolean.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

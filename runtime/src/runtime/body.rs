//! How `POST`, `PUT` and `PATCH` parameters become the JSON body: as Seam's official
//! JavaScript SDK writes them (`JSON.stringify`), numbers included.
//!
//! `serde_json` writes an `f64` with a fraction part even when it is integral (`10.0`)
//! and its exponents without a sign (`1e21`); JavaScript has one number type and writes
//! `10` and `1e+21` (ECMA-262 `Number::toString`). So every float is written in that
//! form, by the same code that writes it in a query string. Non-finite numbers are
//! `null`, as in JavaScript (`serde_json` does this before asking the formatter).

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::runtime::query::{f32_text, number_text};

/// `parameters` as the JSON body (`{}` for parameters that serialize to `null`).
pub(crate) fn json_body<P: Serialize + ?Sized>(
    parameters: &P,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut json = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::with_formatter(&mut json, JsNumbers);
    parameters.serialize(&mut serializer)?;
    if json == b"null" {
        json = b"{}".to_vec();
    }
    Ok(json)
}

/// `serde_json`'s compact formatter (the trait's defaults), with floats written as
/// ECMAScript writes them.
struct JsNumbers;

impl Formatter for JsNumbers {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(number_text(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        writer.write_all(f32_text(value).as_bytes())
    }
}

//! Turns a request's parameters into the query string of a `GET` or `DELETE` request,
//! byte for byte as Seam's official SDKs write it: [`query_string`] says how.
//!
//! The parameters go through a `serde` serializer of our own rather than through
//! `serde_json::Value`, which turns NaN and the infinities into `null` (the standard
//! refuses them; `null` would be sent as `key=`).

use serde::ser::{self, Impossible, Serialize};

/// The query string (without the leading `?`) that a `GET` or `DELETE` request with
/// `parameters` sends: empty when the parameters give no pair (`null`, `{}`, members that
/// are all left out), otherwise the pairs per Seam's standard followed by `_strict=true`.
///
/// The standard is the npm package `@seamapi/url-search-params-serializer` (3.0.3), and
/// `_strict=true` is added as `@seamapi/http` adds it, so that the API parses the query as
/// the exact inverse of the standard. The parameters are serialized with `serde`, as for
/// a JSON body, and each value is written as that body would hold it:
/// - a string as itself (`""` is left out); a boolean as `true`/`false`;
/// - a floating-point number as ECMAScript's `Number::prototype.toString` writes it
///   (`10.0` → `10`, `1e21` → `1e+21`, `1e-7` → `1e-7`, `-0.0` → `0`); an integer type as
///   its exact digits (as a JavaScript `bigint`);
/// - `null` (a `None` that is serialized, `()`) as `key=`;
/// - an object as one pair per member, its keys joined with dots (`a.b=1`); an empty
///   object gives no pair;
/// - an array as its key repeated (`ids=1&ids=2`); an empty array as `key=`.
///
/// The pairs are sorted by key in UTF-16 code-unit order (a stable sort: the values of a
/// repeated key keep their order) and written as `URLSearchParams` writes them:
/// `application/x-www-form-urlencoded`, a space as `+`.
///
/// # Errors
///
/// When `parameters` is not an object or `null`, or holds a value the standard refuses
/// (NaN or an infinity, an array holding `null`, `""`, an array or an object, a key
/// containing a dot); the message names the parameter. Also when `parameters`' own
/// `Serialize` implementation fails.
pub fn query_string<P: Serialize + ?Sized>(parameters: &P) -> Result<String, serde_json::Error> {
    let mut pairs = Vec::new();
    parameters.serialize(TopLevel { pairs: &mut pairs })?;
    if pairs.is_empty() {
        return Ok(String::new());
    }
    // `URLSearchParams.sort()`: stable, by UTF-16 code units of the names.
    pairs.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    // `URLSearchParams.set("_strict", "true")`: replaces the first pair of that name and
    // drops the others, or appends one.
    match pairs.iter().position(|(name, _)| name == STRICT) {
        Some(first) => {
            pairs[first].1 = "true".to_owned();
            let mut index = 0;
            pairs.retain(|(name, _)| {
                index += 1;
                index - 1 == first || name != STRICT
            });
        }
        None => pairs.push((STRICT.to_owned(), "true".to_owned())),
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        query.append_pair(name, value);
    }
    Ok(query.finish())
}

/// The parameter the official SDKs add to every non-empty query.
const STRICT: &str = "_strict";

/// Why the parameters could not be put in a query string at all.
pub(crate) const NOT_AN_OBJECT: &str =
    "the parameters of a GET or DELETE request must serialize to an object (or null, for none)";

type Pairs = Vec<(String, String)>;

fn refuse(name: &str, why: &str) -> serde_json::Error {
    ser::Error::custom(format_args!(
        "the query parameter `{name}` cannot be sent: {why}"
    ))
}

/// The shortest decimal digits of a finite `f64` that read back as it, ties between two
/// candidates broken towards the even one (ECMA-262 `Number::toString`, step 5), as
/// `ryu` (the formatter `serde_json` uses) finds them, laid out as `Number::toString`
/// lays them out. Rust's own `{}`/`{:e}` picks the same digits except in such ties
/// (`880145055585075.25` → `…75.3`, where ECMAScript writes `…75.2`).
pub(crate) fn number_text(value: f64) -> String {
    ecmascript_layout(ryu::Buffer::new().format_finite(value))
}

/// As [`number_text`], for an `f32`: its own shortest digits, as a JSON body holds it.
pub(crate) fn f32_text(value: f32) -> String {
    ecmascript_layout(ryu::Buffer::new().format_finite(value))
}

/// A finite number written in decimal (`-1.25e-7`, `10.0`, `0.001`) laid out per
/// ECMA-262 `Number::toString(x)`, radix 10: with `k` significant digits `s` and
/// `x = s × 10^(n−k)`, plain digits while `n ≤ 21`, `0.000ddd` while `n > −6`, else
/// `d.ddde±x`.
fn ecmascript_layout(decimal: &str) -> String {
    let (negative, rest) = match decimal.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, decimal),
    };
    let (mantissa, exponent) = rest.split_once(['e', 'E']).unwrap_or((rest, "0"));
    let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // value = 0.(integer fraction) × 10^n
    let mut n = exponent.parse::<i32>().unwrap_or(0) + integer.len() as i32;
    let all = format!("{integer}{fraction}");
    let leading = all.len() - all.trim_start_matches('0').len();
    n -= leading as i32;
    let digits = all.trim_start_matches('0').trim_end_matches('0');
    if digits.is_empty() {
        return "0".to_owned(); // +0 and -0 alike
    }
    let k = digits.len() as i32;
    let mut text = String::with_capacity(digits.len() + 8);
    if negative {
        text.push('-');
    }
    if k <= n && n <= 21 {
        text.push_str(digits);
        text.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        text.push_str(&digits[..n as usize]);
        text.push('.');
        text.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        text.push_str("0.");
        text.extend(std::iter::repeat_n('0', (-n) as usize));
        text.push_str(digits);
    } else {
        text.push_str(&digits[..1]);
        if k > 1 {
            text.push('.');
            text.push_str(&digits[1..]);
        }
        text.push('e');
        text.push(if n - 1 < 0 { '-' } else { '+' });
        text.push_str(&(n - 1).abs().to_string());
    }
    text
}

fn float_text(
    name: &str,
    value: f64,
    text: impl FnOnce() -> String,
) -> Result<String, serde_json::Error> {
    if value.is_nan() {
        Err(refuse(name, "NaN is not a number a query string can carry"))
    } else if value.is_infinite() {
        Err(refuse(
            name,
            "an infinity is not a number a query string can carry",
        ))
    } else {
        Ok(text())
    }
}

fn join(prefix: Option<&str>, key: &str) -> Result<String, serde_json::Error> {
    if key.contains('.') {
        let shown = match prefix {
            Some(prefix) => format!("{prefix}.{key}"),
            None => key.to_owned(),
        };
        return Err(refuse(
            &shown,
            "its name contains a dot, which the query string uses between nested keys",
        ));
    }
    Ok(match prefix {
        Some(prefix) => format!("{prefix}.{key}"),
        None => key.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------
// The parameters: an object (struct or map), or null for none.
// ---------------------------------------------------------------------------------------

struct TopLevel<'a> {
    pairs: &'a mut Pairs,
}

fn not_an_object() -> serde_json::Error {
    ser::Error::custom(NOT_AN_OBJECT)
}

macro_rules! refuse_scalars {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Result<(), serde_json::Error> {
            Err(not_an_object())
        })*
    };
}

impl<'a> ser::Serializer for TopLevel<'a> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    refuse_scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8],
    );

    fn serialize_none(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), serde_json::Error> {
        Err(not_an_object())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let name = join(None, variant)?;
        value.serialize(Value {
            pairs: self.pairs,
            name,
        })
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(not_an_object())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(not_an_object())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, serde_json::Error> {
        Ok(Object::new(self.pairs, None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, serde_json::Error> {
        Ok(Object::new(self.pairs, None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Object<'a>, serde_json::Error> {
        Ok(Object::new(self.pairs, Some(join(None, variant)?)))
    }
}

// ---------------------------------------------------------------------------------------
// An object's members, at the top level or nested (`prefix` is its dot path).
// ---------------------------------------------------------------------------------------

struct Object<'a> {
    pairs: &'a mut Pairs,
    prefix: Option<String>,
    /// The dot path of the member whose key `serialize_key` read.
    pending: Option<String>,
}

impl<'a> Object<'a> {
    fn new(pairs: &'a mut Pairs, prefix: Option<String>) -> Self {
        Object {
            pairs,
            prefix,
            pending: None,
        }
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        key: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let name = join(self.prefix.as_deref(), key)?;
        self.member_named(name, value)
    }

    fn member_named<T: Serialize + ?Sized>(
        &mut self,
        name: String,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(Value {
            pairs: self.pairs,
            name,
        })
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), serde_json::Error> {
        let key = key.serialize(KeyText {
            prefix: self.prefix.as_deref(),
        })?;
        self.pending = Some(join(self.prefix.as_deref(), &key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let name = self.pending.take().ok_or_else(|| {
            <serde_json::Error as ser::Error>::custom("a map value came without its key")
        })?;
        self.member_named(name, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Object<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.member(key, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// A map key: a string, or a scalar written as JSON writes it as a key.
// ---------------------------------------------------------------------------------------

struct KeyText<'a> {
    prefix: Option<&'a str>,
}

impl KeyText<'_> {
    fn refuse(&self) -> serde_json::Error {
        refuse(
            self.prefix.unwrap_or("(the parameters)"),
            "an object key must be a string, a number or a boolean",
        )
    }
}

macro_rules! key_as_text {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<String, serde_json::Error> {
            Ok(value.to_string())
        })*
    };
}

impl ser::Serializer for KeyText<'_> {
    type Ok = String;
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<String, serde_json::Error>;
    type SerializeTuple = Impossible<String, serde_json::Error>;
    type SerializeTupleStruct = Impossible<String, serde_json::Error>;
    type SerializeTupleVariant = Impossible<String, serde_json::Error>;
    type SerializeMap = Impossible<String, serde_json::Error>;
    type SerializeStruct = Impossible<String, serde_json::Error>;
    type SerializeStructVariant = Impossible<String, serde_json::Error>;

    key_as_text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char,
        serialize_str: &str,
    );

    fn serialize_f32(self, value: f32) -> Result<String, serde_json::Error> {
        let name = self.prefix.unwrap_or("(the parameters)");
        float_text(name, value.into(), || f32_text(value))
    }
    fn serialize_f64(self, value: f64) -> Result<String, serde_json::Error> {
        let name = self.prefix.unwrap_or("(the parameters)");
        float_text(name, value, || number_text(value))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_none(self) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_unit(self) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, serde_json::Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, serde_json::Error> {
        Err(self.refuse())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(self.refuse())
    }
}

// ---------------------------------------------------------------------------------------
// A member's value, named by its dot path.
// ---------------------------------------------------------------------------------------

struct Value<'a> {
    pairs: &'a mut Pairs,
    name: String,
}

impl Value<'_> {
    fn push(self, text: String) -> Result<(), serde_json::Error> {
        self.pairs.push((self.name, text));
        Ok(())
    }
}

macro_rules! value_as_text {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<(), serde_json::Error> {
            self.push(value.to_string())
        })*
    };
}

impl<'a> ser::Serializer for Value<'a> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Array<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    value_as_text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char,
    );

    fn serialize_f32(self, value: f32) -> Result<(), serde_json::Error> {
        let text = float_text(&self.name, value.into(), || f32_text(value))?;
        self.push(text)
    }
    fn serialize_f64(self, value: f64) -> Result<(), serde_json::Error> {
        let text = float_text(&self.name, value, || number_text(value))?;
        self.push(text)
    }
    fn serialize_str(self, value: &str) -> Result<(), serde_json::Error> {
        if value.is_empty() {
            return Ok(()); // the standard leaves `""` out
        }
        self.push(value.to_owned())
    }
    fn serialize_bytes(self, value: &[u8]) -> Result<(), serde_json::Error> {
        // As `serde_json` writes bytes: an array of numbers.
        let mut array = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut array, byte)?;
        }
        ser::SerializeSeq::end(array)
    }
    fn serialize_none(self) -> Result<(), serde_json::Error> {
        self.push(String::new())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        self.push(String::new())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        self.push(String::new())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), serde_json::Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        // `{"variant": value}`, as `serde_json` writes it.
        let name = join(Some(&self.name), variant)?;
        value.serialize(Value {
            pairs: self.pairs,
            name,
        })
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Array<'a>, serde_json::Error> {
        Ok(Array {
            pairs: self.pairs,
            name: self.name,
            values: Vec::new(),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Array<'a>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Array<'a>, serde_json::Error> {
        Ok(Array {
            name: join(Some(&self.name), variant)?,
            pairs: self.pairs,
            values: Vec::new(),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, serde_json::Error> {
        Ok(Object::new(self.pairs, Some(self.name)))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>, serde_json::Error> {
        Ok(Object::new(self.pairs, Some(self.name)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Object<'a>, serde_json::Error> {
        let prefix = join(Some(&self.name), variant)?;
        Ok(Object::new(self.pairs, Some(prefix)))
    }
}

// ---------------------------------------------------------------------------------------
// An array: its key repeated, one pair per element; `key=` when empty.
// ---------------------------------------------------------------------------------------

struct Array<'a> {
    pairs: &'a mut Pairs,
    name: String,
    values: Vec<String>,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        let text = value.serialize(Element { name: &self.name })?;
        self.values.push(text);
        Ok(())
    }

    fn finish(self) -> Result<(), serde_json::Error> {
        if self.values.is_empty() {
            self.pairs.push((self.name, String::new()));
        } else {
            let name = self.name;
            self.pairs
                .extend(self.values.into_iter().map(|value| (name.clone(), value)));
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Array<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Array<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Array<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Array<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        self.finish()
    }
}

// ---------------------------------------------------------------------------------------
// An array element: a string (not `""`), a number or a boolean; anything else is refused.
// ---------------------------------------------------------------------------------------

struct Element<'a> {
    name: &'a str,
}

impl Element<'_> {
    fn refuse_null(&self) -> serde_json::Error {
        refuse(self.name, "an array holding null cannot be sent")
    }
    fn refuse_nested(&self) -> serde_json::Error {
        refuse(
            self.name,
            "an array holding an array or an object cannot be sent",
        )
    }
}

impl ser::Serializer for Element<'_> {
    type Ok = String;
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<String, serde_json::Error>;
    type SerializeTuple = Impossible<String, serde_json::Error>;
    type SerializeTupleStruct = Impossible<String, serde_json::Error>;
    type SerializeTupleVariant = Impossible<String, serde_json::Error>;
    type SerializeMap = Impossible<String, serde_json::Error>;
    type SerializeStruct = Impossible<String, serde_json::Error>;
    type SerializeStructVariant = Impossible<String, serde_json::Error>;

    key_as_text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char,
    );

    fn serialize_f32(self, value: f32) -> Result<String, serde_json::Error> {
        float_text(self.name, value.into(), || f32_text(value))
    }
    fn serialize_f64(self, value: f64) -> Result<String, serde_json::Error> {
        float_text(self.name, value, || number_text(value))
    }
    fn serialize_str(self, value: &str) -> Result<String, serde_json::Error> {
        if value.is_empty() {
            return Err(refuse(self.name, "an array holding \"\" cannot be sent"));
        }
        Ok(value.to_owned())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_none(self) -> Result<String, serde_json::Error> {
        Err(self.refuse_null())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, serde_json::Error> {
        Err(self.refuse_null())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, serde_json::Error> {
        Err(self.refuse_null())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, serde_json::Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, serde_json::Error> {
        Err(self.refuse_nested())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        Err(self.refuse_nested())
    }
}

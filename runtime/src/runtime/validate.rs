//! Request checks as Seam makes them (feature `testing`): a request's parameters, as JSON,
//! against a static description of what the endpoint accepts ([`ObjectShape`], generated
//! per endpoint from the spec), giving Seam's `invalid_input` error body when they break
//! it.
//!
//! What is checked: required parameters, the one-of parameter groups (selectors), types,
//! `null` where the spec does not allow it, enum values, the formats the API checks
//! (`uuid`, `date-time`, `date`, `time`, `email`, `uri`), patterns, string lengths,
//! number bounds and array lengths. Parameters the spec does not declare are let through,
//! as the API and Prism do. Messages are worded as the API's validator (zod) words them,
//! `validation_errors` has its shape (`{"_errors": [..], "param": {"_errors": [..]}}`).

use std::fmt;
use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value};

/// What an endpoint accepts: an object of named parameters (a request), or a nested
/// object parameter.
#[derive(Debug)]
pub struct ObjectShape {
    /// The parameters, each required or optional.
    pub fields: &'static [Field],
    /// A choice of parameter groups of which exactly one is sent (Seam's "give
    /// `acs_user_id` or `user_identity_id`"), if the object has one.
    pub selector: Option<&'static Selector>,
}

/// One named parameter of an [`ObjectShape`].
#[derive(Debug)]
pub struct Field {
    /// The name on the wire.
    pub name: &'static str,
    /// Whether leaving it out is an error.
    pub required: bool,
    /// What its value must be.
    pub shape: Shape,
}

impl Field {
    /// A parameter that must be sent.
    pub const fn required(name: &'static str, shape: Shape) -> Field {
        Field {
            name,
            required: true,
            shape,
        }
    }

    /// A parameter that may be left out.
    pub const fn optional(name: &'static str, shape: Shape) -> Field {
        Field {
            name,
            required: false,
            shape,
        }
    }
}

/// Groups of parameters of which a request sends exactly one (each group's required
/// parameters, and no parameter of another group).
#[derive(Debug)]
pub struct Selector {
    /// Whether a request must send one group (else sending none is valid too).
    pub required: bool,
    /// The groups.
    pub choices: &'static [&'static [Field]],
}

/// What a value must be.
#[derive(Debug)]
pub enum Shape {
    /// Any JSON value.
    Any,
    /// `true` or `false`.
    Boolean,
    /// A string, with the checks of a [`StringShape`].
    String(&'static StringShape),
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A number with an integral value, within bounds.
    Integer(&'static NumberShape),
    /// A number, within bounds.
    Number(&'static NumberShape),
    /// An array.
    Array(&'static ArrayShape),
    /// An object with any keys, each value of this shape.
    Map(&'static Shape),
    /// An object of named parameters.
    Object(&'static ObjectShape),
    /// `null`, or a value of this shape.
    Nullable(&'static Shape),
    /// A value of at least one of these shapes.
    AnyOf(&'static [Shape]),
    /// An object whose `tag` property says which shape the rest of it has.
    Tagged(&'static TaggedShape),
}

impl Shape {
    /// Any string.
    pub const STRING: Shape = Shape::String(&StringShape::ANY);
    /// A UUID (`format: uuid`).
    pub const UUID: Shape = Shape::String(&StringShape::format(Format::Uuid));
    /// An RFC 3339 date and time (`format: date-time`).
    pub const DATE_TIME: Shape = Shape::String(&StringShape::format(Format::DateTime));
    /// Any integer.
    pub const INTEGER: Shape = Shape::Integer(&NumberShape::ANY);
    /// Any number.
    pub const NUMBER: Shape = Shape::Number(&NumberShape::ANY);
}

/// The checks of a string.
#[derive(Debug)]
pub struct StringShape {
    /// A format the API checks.
    pub format: Option<Format>,
    /// A regular expression (ECMAScript syntax) the string must match somewhere; `^`/`$`
    /// anchor it. A pattern this runtime cannot compile is not checked.
    pub pattern: Option<&'static str>,
    /// The least number of characters (UTF-16 code units, as JavaScript counts).
    pub min_length: Option<u64>,
    /// The most characters.
    pub max_length: Option<u64>,
}

impl StringShape {
    /// No check beyond being a string.
    pub const ANY: StringShape = StringShape {
        format: None,
        pattern: None,
        min_length: None,
        max_length: None,
    };

    /// A string of `format`, with no other check.
    pub const fn format(format: Format) -> StringShape {
        StringShape {
            format: Some(format),
            ..StringShape::ANY
        }
    }
}

/// A string format the API checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `8-4-4-4-12` hexadecimal digits.
    Uuid,
    /// RFC 3339 `date-time`: `2025-07-01T10:40:00Z`, `2025-07-01T10:40:00.5+02:00`.
    DateTime,
    /// RFC 3339 `full-date`: `2025-07-01`.
    Date,
    /// RFC 3339 `partial-time`, zone optional: `10:40:00`.
    Time,
    /// An e-mail address.
    Email,
    /// An absolute URI (with a scheme).
    Uri,
}

/// The bounds of a number.
#[derive(Debug)]
pub struct NumberShape {
    /// The least value.
    pub minimum: Option<Bound>,
    /// The greatest value.
    pub maximum: Option<Bound>,
}

impl NumberShape {
    /// Unbounded.
    pub const ANY: NumberShape = NumberShape {
        minimum: None,
        maximum: None,
    };
}

/// One bound of a number.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// The bound.
    pub value: f64,
    /// Whether the bound itself is out (`>` rather than `>=`).
    pub exclusive: bool,
}

/// The checks of an array.
#[derive(Debug)]
pub struct ArrayShape {
    /// What each item must be.
    pub items: Shape,
    /// The least number of items.
    pub min_items: Option<u64>,
    /// The most items.
    pub max_items: Option<u64>,
}

impl ArrayShape {
    /// An array of any length whose items are `items`.
    pub const fn of(items: Shape) -> ArrayShape {
        ArrayShape {
            items,
            min_items: None,
            max_items: None,
        }
    }
}

/// An object told apart by a tag property.
#[derive(Debug)]
pub struct TaggedShape {
    /// The property naming the variant.
    pub tag: &'static str,
    /// Each tag value and the shape of the object's other properties.
    pub variants: &'static [(&'static str, &'static ObjectShape)],
}

/// One thing wrong with a request: where (the parameter's path, array indices as
/// numbers) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The path of the parameter, empty for the request as a whole.
    pub path: Vec<String>,
    /// What is wrong, as the API says it (`Required`, `Invalid uuid`, ...).
    pub message: String,
}

/// Why a request is invalid: every [`Issue`] found. `Display` gives the message the API
/// would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    /// The issues, in the order the parameters were checked.
    pub issues: Vec<Issue>,
}

impl InvalidInput {
    /// The parameters named by the issues, as dotted paths (`""` for the request as a
    /// whole), as [`ApiError::validation_errors`](crate::runtime::ApiError::validation_errors)
    /// keys them.
    pub fn parameters(&self) -> Vec<String> {
        self.issues
            .iter()
            .map(|issue| issue.path.join("."))
            .collect()
    }

    /// `validation_errors` as the API sends it: zod's formatted error,
    /// `{"_errors": [..], "param": {"_errors": [..], "nested": {..}}}`.
    pub fn validation_errors(&self) -> Value {
        let mut root = errors_node();
        for issue in &self.issues {
            let mut node = &mut root;
            for key in &issue.path {
                let Value::Object(map) = node else { break };
                node = map.entry(key.clone()).or_insert_with(errors_node);
            }
            if let Some(Value::Array(messages)) = node.get_mut("_errors") {
                messages.push(Value::String(issue.message.clone()));
            }
        }
        root
    }

    /// The error body Seam answers an invalid request with (HTTP 400):
    /// `{"error": {"type": "invalid_input", "message": .., "validation_errors": {..},
    /// "request_id": ..}, "ok": false}`, `request_id` only when given.
    pub fn to_body(&self, request_id: Option<&str>) -> Value {
        let mut error = Map::new();
        error.insert("type".into(), Value::String("invalid_input".into()));
        error.insert("message".into(), Value::String(self.to_string()));
        error.insert("validation_errors".into(), self.validation_errors());
        if let Some(id) = request_id {
            error.insert("request_id".into(), Value::String(id.into()));
        }
        let mut body = Map::new();
        body.insert("error".into(), Value::Object(error));
        body.insert("ok".into(), Value::Bool(false));
        Value::Object(body)
    }
}

fn errors_node() -> Value {
    let mut map = Map::new();
    map.insert("_errors".into(), Value::Array(Vec::new()));
    Value::Object(map)
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let describe = |issue: &Issue| {
            let path = issue.path.join(".");
            if path.is_empty() {
                issue.message.clone()
            } else if issue.message == "Required" {
                format!("{path} is required")
            } else {
                format!("{} for \"{path}\"", issue.message)
            }
        };
        match &self.issues[..] {
            [one] => f.write_str(&describe(one)),
            issues => {
                let all: Vec<String> = issues.iter().map(describe).collect();
                write!(f, "{} Input Errors: {}", issues.len(), all.join(", "))
            }
        }
    }
}

impl std::error::Error for InvalidInput {}

impl ObjectShape {
    /// Checks a request's parameters (the JSON body, or the query parameters as a JSON
    /// object of typed values, see [`query_value`](Self::query_value)).
    pub fn check(&self, request: &Value) -> Result<(), InvalidInput> {
        let mut issues = Vec::new();
        let mut path = Vec::new();
        check_object(self, request, &mut path, &mut issues);
        if issues.is_empty() {
            Ok(())
        } else {
            Err(InvalidInput { issues })
        }
    }

    /// The parameters of a query string, its pairs decoded, as the JSON object the API
    /// reads from them (the inverse of Seam's URL-search-params standard): a dotted key
    /// is a nested object, a repeated key an array (`key=` alone: `[]`), and each value
    /// is read as the declared type (`true`, `10`, `key=` as `null` where that is
    /// allowed). Values of undeclared or mistyped parameters stay strings, so that
    /// [`check`](Self::check) names them.
    pub fn query_value(&self, pairs: &[(String, String)]) -> Value {
        let mut root = Map::new();
        'pairs: for (key, text) in pairs {
            let segments: Vec<&str> = key.split('.').collect();
            let Some((last, parents)) = segments.split_last() else {
                continue;
            };
            let mut object = &mut root;
            let mut shape = Some(self);
            for segment in parents {
                shape = shape.and_then(|o| object_field(o, segment)).and_then(|f| {
                    match non_null(&f.shape) {
                        Shape::Object(o) => Some(*o),
                        _ => None,
                    }
                });
                let entry = object
                    .entry((*segment).to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(next) = entry else {
                    continue 'pairs;
                };
                object = next;
            }
            let field = shape.and_then(|o| object_field(o, last));
            let value = query_scalar(field.map(|f| &f.shape), text);
            match object.get_mut(*last) {
                Some(Value::Array(items)) => match value {
                    Value::Array(more) => items.extend(more),
                    other => items.push(other),
                },
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
                None => {
                    object.insert((*last).to_owned(), value);
                }
            }
        }
        Value::Object(root)
    }
}

fn object_field<'s>(object: &'s ObjectShape, name: &str) -> Option<&'s Field> {
    object.fields.iter().find(|f| f.name == name).or_else(|| {
        object
            .selector
            .into_iter()
            .flat_map(|s| s.choices.iter())
            .flat_map(|choice| choice.iter())
            .find(|f| f.name == name)
    })
}

fn non_null(shape: &Shape) -> &Shape {
    match shape {
        Shape::Nullable(inner) => non_null(inner),
        other => other,
    }
}

/// One query value read as `shape` declares it.
fn query_scalar(shape: Option<&Shape>, text: &str) -> Value {
    let Some(shape) = shape else {
        return Value::String(text.to_owned());
    };
    match shape {
        Shape::Nullable(_) if text.is_empty() => Value::Null,
        Shape::Nullable(inner) => query_scalar(Some(inner), text),
        Shape::Array(_) if text.is_empty() => Value::Array(Vec::new()),
        Shape::Array(array) => Value::Array(vec![query_scalar(Some(&array.items), text)]),
        Shape::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        Shape::Integer(_) | Shape::Number(_) => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && !text.trim().is_empty())
            .and_then(|n| {
                if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
                    Some(Value::from(n as i64))
                } else {
                    serde_json::Number::from_f64(n).map(Value::Number)
                }
            })
            .unwrap_or_else(|| Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    }
}

fn issue(issues: &mut Vec<Issue>, path: &[String], message: String) {
    issues.push(Issue {
        path: path.to_vec(),
        message,
    });
}

/// zod's name of a value's type, as in `Expected string, received number`.
fn received(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn wrong_type(issues: &mut Vec<Issue>, path: &[String], expected: &str, value: &Value) {
    issue(
        issues,
        path,
        format!("Expected {expected}, received {}", received(value)),
    );
}

fn check_object(
    shape: &ObjectShape,
    value: &Value,
    path: &mut Vec<String>,
    issues: &mut Vec<Issue>,
) {
    let Value::Object(object) = value else {
        return wrong_type(issues, path, "object", value);
    };
    check_fields(shape.fields, object, path, issues);
    if let Some(selector) = shape.selector {
        check_selector(selector, object, path, issues);
    }
}

fn check_fields(
    fields: &[Field],
    object: &Map<String, Value>,
    path: &mut Vec<String>,
    issues: &mut Vec<Issue>,
) {
    for field in fields {
        path.push(field.name.to_owned());
        match object.get(field.name) {
            Some(value) => check_value(&field.shape, value, path, issues),
            None if field.required => issue(issues, path, "Required".to_owned()),
            None => {}
        }
        path.pop();
    }
}

fn check_selector(
    selector: &Selector,
    object: &Map<String, Value>,
    path: &mut Vec<String>,
    issues: &mut Vec<Issue>,
) {
    let in_any_choice = |key: &str| {
        selector
            .choices
            .iter()
            .any(|choice| choice.iter().any(|f| f.name == key))
    };
    let sent: Vec<&str> = object
        .keys()
        .map(String::as_str)
        .filter(|key| in_any_choice(key))
        .collect();
    let chosen = selector.choices.iter().find(|choice| {
        choice
            .iter()
            .all(|f| !f.required || object.contains_key(f.name))
            && sent.iter().all(|key| choice.iter().any(|f| f.name == *key))
    });
    match chosen {
        Some(choice) => check_fields(choice, object, path, issues),
        None if sent.is_empty() && !selector.required => {}
        None => {
            let alternatives: Vec<String> = selector
                .choices
                .iter()
                .map(|choice| {
                    choice
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            let sent = if sent.is_empty() {
                "none".to_owned()
            } else {
                sent.join(", ")
            };
            issue(
                issues,
                path,
                format!(
                    "Invalid input: expected exactly one of {}; received {sent}",
                    alternatives.join(" | ")
                ),
            );
        }
    }
}

fn check_value(shape: &Shape, value: &Value, path: &mut Vec<String>, issues: &mut Vec<Issue>) {
    match shape {
        Shape::Any => {}
        Shape::Nullable(inner) => {
            if !value.is_null() {
                check_value(inner, value, path, issues);
            }
        }
        Shape::Boolean => {
            if !value.is_boolean() {
                wrong_type(issues, path, "boolean", value);
            }
        }
        Shape::String(string) => match value {
            Value::String(text) => check_string(string, text, path, issues),
            _ => wrong_type(issues, path, "string", value),
        },
        Shape::Enum(values) => match value {
            Value::String(text) if values.contains(&text.as_str()) => {}
            Value::String(text) => {
                let expected: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
                issue(
                    issues,
                    path,
                    format!(
                        "Invalid enum value. Expected {}, received '{text}'",
                        expected.join(" | ")
                    ),
                );
            }
            _ => wrong_type(issues, path, "string", value),
        },
        Shape::Integer(number) => match value.as_f64() {
            Some(n) if n.fract() != 0.0 => {
                issue(issues, path, "Expected integer, received float".to_owned())
            }
            Some(n) => check_bounds(number, n, path, issues),
            None => wrong_type(issues, path, "number", value),
        },
        Shape::Number(number) => match value.as_f64() {
            Some(n) => check_bounds(number, n, path, issues),
            None => wrong_type(issues, path, "number", value),
        },
        Shape::Array(array) => {
            let Value::Array(items) = value else {
                return wrong_type(issues, path, "array", value);
            };
            let count = items.len() as u64;
            if let Some(min) = array.min_items.filter(|min| count < *min) {
                issue(
                    issues,
                    path,
                    format!("Array must contain at least {min} element(s)"),
                );
            }
            if let Some(max) = array.max_items.filter(|max| count > *max) {
                issue(
                    issues,
                    path,
                    format!("Array must contain at most {max} element(s)"),
                );
            }
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                check_value(&array.items, item, path, issues);
                path.pop();
            }
        }
        Shape::Map(values) => {
            let Value::Object(object) = value else {
                return wrong_type(issues, path, "object", value);
            };
            for (key, item) in object {
                path.push(key.clone());
                check_value(values, item, path, issues);
                path.pop();
            }
        }
        Shape::Object(object) => check_object(object, value, path, issues),
        Shape::AnyOf(shapes) => {
            let fits = shapes.iter().any(|shape| {
                let mut inner = Vec::new();
                check_value(shape, value, &mut path.clone(), &mut inner);
                inner.is_empty()
            });
            if !fits {
                issue(issues, path, "Invalid input".to_owned());
            }
        }
        Shape::Tagged(tagged) => {
            let Value::Object(object) = value else {
                return wrong_type(issues, path, "object", value);
            };
            let tag = object.get(tagged.tag).and_then(Value::as_str);
            match tagged.variants.iter().find(|(name, _)| Some(*name) == tag) {
                Some((_, variant)) => check_object(variant, value, path, issues),
                None => {
                    let expected: Vec<String> = tagged
                        .variants
                        .iter()
                        .map(|(v, _)| format!("'{v}'"))
                        .collect();
                    path.push(tagged.tag.to_owned());
                    issue(
                        issues,
                        path,
                        format!(
                            "Invalid discriminator value. Expected {}",
                            expected.join(" | ")
                        ),
                    );
                    path.pop();
                }
            }
        }
    }
}

fn check_string(shape: &StringShape, text: &str, path: &[String], issues: &mut Vec<Issue>) {
    let length = text.encode_utf16().count() as u64;
    if let Some(min) = shape.min_length.filter(|min| length < *min) {
        issue(
            issues,
            path,
            format!("String must contain at least {min} character(s)"),
        );
    }
    if let Some(max) = shape.max_length.filter(|max| length > *max) {
        issue(
            issues,
            path,
            format!("String must contain at most {max} character(s)"),
        );
    }
    if let Some(format) = shape.format {
        if !format.accepts(text) {
            issue(issues, path, format!("Invalid {}", format.zod_name()));
        }
    }
    if let Some(pattern) = shape.pattern {
        if matches_pattern(pattern, text) == Some(false) {
            issue(issues, path, "Invalid".to_owned());
        }
    }
}

fn check_bounds(shape: &NumberShape, n: f64, path: &[String], issues: &mut Vec<Issue>) {
    if let Some(min) = shape.minimum {
        if n < min.value || (min.exclusive && n == min.value) {
            let relation = if min.exclusive {
                "greater than"
            } else {
                "greater than or equal to"
            };
            issue(
                issues,
                path,
                format!("Number must be {relation} {}", js_number(min.value)),
            );
        }
    }
    if let Some(max) = shape.maximum {
        if n > max.value || (max.exclusive && n == max.value) {
            let relation = if max.exclusive {
                "less than"
            } else {
                "less than or equal to"
            };
            issue(
                issues,
                path,
                format!("Number must be {relation} {}", js_number(max.value)),
            );
        }
    }
}

/// A bound as JavaScript prints it (`0`, not `0.0`).
fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl Format {
    /// The word zod's messages use: `Invalid uuid`, `Invalid datetime`.
    fn zod_name(self) -> &'static str {
        match self {
            Format::Uuid => "uuid",
            Format::DateTime => "datetime",
            Format::Date => "date",
            Format::Time => "time",
            Format::Email => "email",
            Format::Uri => "url",
        }
    }

    /// Whether `text` is of this format, as Prism's validator (ajv-formats, full mode)
    /// reads it.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Format::Uuid => is_uuid(text),
            Format::DateTime => is_date_time(text),
            Format::Date => is_date(text),
            Format::Time => is_time(text, false),
            Format::Email => matches_pattern(EMAIL, text) == Some(true),
            Format::Uri => matches_pattern(URI, text) == Some(true),
        }
    }
}

/// ajv-formats' `email` (full).
const EMAIL: &str = r"(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";
/// ajv-formats' `uri` (fast): a scheme, then no white space.
const URI: &str = r"(?i)^(?:[a-z][a-z0-9+\-.]*:)(?:/?/)?[^\s]*$";

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(year), digits(month), digits(day)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `hh:mm:ss[.fraction][z|±hh[[:]mm]]`, the zone required when `zoned`.
fn is_time(text: &str, zoned: bool) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || bytes[2] != b':' || bytes[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (
        digits(&text[0..2]),
        digits(&text[3..5]),
        digits(&text[6..8]),
    ) else {
        return false;
    };
    let mut rest = &text[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    let zone_ok = match rest.as_bytes().first() {
        None => !zoned,
        Some(b'z' | b'Z') => rest.len() == 1,
        Some(b'+' | b'-') => {
            let offset = &rest[1..];
            match offset.len() {
                2 => digits(offset).is_some(),
                4 => digits(offset).is_some(),
                5 => {
                    offset.as_bytes()[2] == b':'
                        && digits(&offset[..2]).is_some()
                        && digits(&offset[3..]).is_some()
                }
                _ => false,
            }
        }
        Some(_) => false,
    };
    let clock_ok = (hour <= 23 && minute <= 59 && second <= 59)
        || (hour == 23 && minute == 59 && second == 60);
    zone_ok && clock_ok
}

fn is_date_time(text: &str) -> bool {
    let parts: Vec<&str> = text
        .split(|c: char| c == 't' || c == 'T' || c.is_whitespace())
        .collect();
    matches!(parts[..], [date, time] if is_date(date) && is_time(time, true))
}

/// Compiled patterns, by pattern: a spec has a handful, each compiled once per process.
type PatternCache = Vec<(&'static str, Option<regex_lite::Regex>)>;
static PATTERNS: Mutex<PatternCache> = Mutex::new(Vec::new());

/// Whether `text` matches `pattern`; `None` when the pattern does not compile here (it is
/// then not checked).
fn matches_pattern(pattern: &'static str, text: &str) -> Option<bool> {
    let mut cache = PATTERNS.lock().unwrap_or_else(PoisonError::into_inner);
    let index = match cache.iter().position(|(p, _)| *p == pattern) {
        Some(index) => index,
        None => {
            cache.push((pattern, regex_lite::Regex::new(pattern).ok()));
            cache.len() - 1
        }
    };
    cache[index].1.as_ref().map(|regex| regex.is_match(text))
}

//! From the parameters as JSON (the `--raw` object with the flags set into it) to the
//! SDK's request types: [`FromJson`] checks each value against the Rust type the SDK
//! holds it in, and [`Params`] takes an object's members one by one, so that a missing
//! required parameter or one the command does not know is an error naming its flag.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// A usage error: a bad flag or parameter, found before anything is sent (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// The flag a parameter path is given with, as error messages name it.
pub(crate) fn flag(path: &str) -> String {
    format!("--{path}")
}

/// What kind of JSON value `value` is, for error messages.
fn what(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", Value::String(cut(s))),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// At most 60 characters of `s`, for messages.
fn cut(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((end, _)) => format!("{}...", &s[..end]),
        None => s.to_string(),
    }
}

fn expected(path: &str, expected: &str, value: &Value) -> Usage {
    Usage(format!(
        "invalid value for {}: expected {expected}, got {}",
        flag(path),
        what(value)
    ))
}

/// A value the SDK's request types hold, read from JSON; `path` is the parameter's dotted
/// path (`visionline_metadata.card_format`), for errors.
pub trait FromJson: Sized {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage>;
}

impl FromJson for String {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(expected(path, "a string", &other)),
        }
    }
}

impl FromJson for crate::sdk::Timestamp {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::String(s) => s
                .parse()
                .map_err(|e| Usage(format!("invalid value for {}: {e}", flag(path)))),
            other => Err(expected(path, "an RFC 3339 timestamp", &other)),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(expected(path, "true or false", &other)),
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value.as_i64() {
            Some(n) => Ok(n),
            None => Err(expected(path, "an integer", &value)),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value.as_f64() {
            Some(n) => Ok(n),
            None => Err(expected(path, "a number", &value)),
        }
    }
}

impl FromJson for Value {
    fn from_json(value: Value, _path: &str) -> Result<Self, Usage> {
        Ok(value)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    /// `null` is `None`: an explicit `null` for a nullable parameter.
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other, path).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        T::from_json(value, path).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item, &format!("{path}[{i}]")))
                .collect(),
            other => Err(expected(path, "an array", &other)),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value, path: &str) -> Result<Self, Usage> {
        match value {
            Value::Object(members) => members
                .into_iter()
                .map(|(key, item)| {
                    let item = T::from_json(item, &format!("{path}.{key}"))?;
                    Ok((key, item))
                })
                .collect(),
            other => Err(expected(path, "an object", &other)),
        }
    }
}

/// A string enum's value, checked against the values the spec lists (`known`); the SDK's
/// open enums convert from any `&str`.
pub fn enum_value<T: for<'s> From<&'s str>>(
    value: Value,
    path: &str,
    known: &[&str],
) -> Result<T, Usage> {
    match &value {
        Value::String(s) if known.contains(&s.as_str()) => Ok(T::from(s.as_str())),
        _ => Err(expected(
            path,
            &format!("one of {}", known.join(", ")),
            &value,
        )),
    }
}

/// A value of a type the SDK decodes with serde (a model), checked by its `Deserialize`.
pub fn deserialized<T: serde::de::DeserializeOwned>(value: Value, path: &str) -> Result<T, Usage> {
    serde_json::from_value(value)
        .map_err(|e| Usage(format!("invalid value for {}: {e}", flag(path))))
}

/// One branch of a `oneOf` choice of parameters: the parameters it takes and which of
/// them it requires.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub params: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// The members of a JSON object, taken one by one as the request is built.
#[derive(Debug)]
pub struct Params {
    members: Map<String, Value>,
    /// The dotted path of the object (`""` for the request itself).
    path: String,
}

impl Params {
    /// The members of `value`, which must be an object.
    pub fn new(value: Value, path: &str) -> Result<Params, Usage> {
        match value {
            Value::Object(members) => Ok(Params {
                members,
                path: path.to_string(),
            }),
            other => Err(expected(path, "an object", &other)),
        }
    }

    fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// The required parameter `name`.
    pub fn required<T: FromJson>(&mut self, name: &str) -> Result<T, Usage> {
        let path = self.path_of(name);
        match self.members.remove(name) {
            Some(value) => T::from_json(value, &path),
            None => Err(Usage(format!(
                "the required parameter {} is missing",
                flag(&path)
            ))),
        }
    }

    /// The optional parameter `name`: `None` when it is not given.
    pub fn optional<T: FromJson>(&mut self, name: &str) -> Result<Option<T>, Usage> {
        let path = self.path_of(name);
        match self.members.remove(name) {
            Some(value) => T::from_json(value, &path).map(Some),
            None => Ok(None),
        }
    }

    /// Which of `variants` the parameters given choose: the first that takes every one
    /// of them that any variant takes, and whose required ones are all given. `None` when
    /// none is given and `optional`.
    pub fn choose(&self, variants: &[Variant], optional: bool) -> Result<Option<usize>, Usage> {
        let mut given: Vec<&str> = Vec::new();
        for variant in variants {
            for name in variant.params {
                if self.members.contains_key(*name) && !given.contains(name) {
                    given.push(name);
                }
            }
        }
        if given.is_empty() && optional {
            return Ok(None);
        }
        let chosen = variants.iter().position(|v| {
            given.iter().all(|g| v.params.contains(g))
                && v.required.iter().all(|r| given.contains(r))
        });
        match chosen {
            Some(index) => Ok(Some(index)),
            None => {
                let choices: Vec<String> = variants
                    .iter()
                    .map(|v| {
                        v.required
                            .iter()
                            .map(|r| flag(&self.path_of(r)))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .filter(|c| !c.is_empty())
                    .collect();
                let given: Vec<String> = given.iter().map(|g| flag(&self.path_of(g))).collect();
                let given = if given.is_empty() {
                    "none of them".to_string()
                } else {
                    given.join(", ")
                };
                Err(Usage(format!(
                    "give exactly one of these sets of parameters: {} (given: {given})",
                    choices.join(" | ")
                )))
            }
        }
    }

    /// Fails when a member was not taken: a parameter the command does not have.
    pub fn finish(self) -> Result<(), Usage> {
        match self.members.keys().next() {
            None => Ok(()),
            Some(name) => Err(Usage(format!(
                "unknown parameter {}",
                flag(&self.path_of(name))
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message<T: std::fmt::Debug>(result: Result<T, Usage>) -> String {
        result.expect_err("refused").0
    }

    #[test]
    fn scalars_are_checked_against_the_type_the_sdk_holds_them_in() {
        assert_eq!(String::from_json(json!("a"), "s"), Ok("a".to_string()));
        assert_eq!(bool::from_json(json!(false), "b"), Ok(false));
        assert_eq!(i64::from_json(json!(-3), "n"), Ok(-3));
        assert_eq!(f64::from_json(json!(2), "x"), Ok(2.0));
        assert_eq!(
            message(i64::from_json(json!("5"), "limit")),
            r#"invalid value for --limit: expected an integer, got the string "5""#
        );
        assert_eq!(
            message(i64::from_json(json!(1.5), "limit")),
            "invalid value for --limit: expected an integer, got the number 1.5"
        );
        assert_eq!(
            message(bool::from_json(json!("true"), "on")),
            r#"invalid value for --on: expected true or false, got the string "true""#
        );
        assert_eq!(
            message(String::from_json(json!({}), "s")),
            "invalid value for --s: expected a string, got an object"
        );
        // Long strings are cut in messages.
        let long = "x".repeat(100);
        let cut = message(i64::from_json(json!(long), "n"));
        assert!(
            cut.ends_with(&format!("\"{}...\"", "x".repeat(60))),
            "{cut}"
        );
    }

    #[test]
    fn null_is_none_and_nested_values_are_named_by_their_path() {
        assert_eq!(Option::<i64>::from_json(Value::Null, "n"), Ok(None));
        assert_eq!(Option::<i64>::from_json(json!(1), "n"), Ok(Some(1)));
        assert_eq!(
            message(Vec::<i64>::from_json(json!([1, "x"]), "ids")),
            r#"invalid value for --ids[1]: expected an integer, got the string "x""#
        );
        assert_eq!(
            message(Vec::<i64>::from_json(json!(1), "ids")),
            "invalid value for --ids: expected an array, got the number 1"
        );
        assert_eq!(
            BTreeMap::<String, bool>::from_json(json!({ "k": true }), "tags"),
            Ok(BTreeMap::from([("k".to_string(), true)]))
        );
        assert_eq!(
            message(BTreeMap::<String, bool>::from_json(
                json!({ "k": 1 }),
                "tags"
            )),
            "invalid value for --tags.k: expected true or false, got the number 1"
        );
        assert_eq!(Box::<bool>::from_json(json!(true), "b"), Ok(Box::new(true)));
        assert_eq!(Value::from_json(json!([null]), "j"), Ok(json!([null])));
    }

    #[test]
    fn timestamps_are_rfc_3339() {
        let at = crate::sdk::Timestamp::from_json(json!("2024-03-01T10:40:00Z"), "at");
        assert_eq!(
            at.map(|t| t.to_string()).as_deref(),
            Ok("2024-03-01T10:40:00Z")
        );
        let bad = message(crate::sdk::Timestamp::from_json(json!("2024-13-01"), "at"));
        assert!(bad.starts_with("invalid value for --at: "), "{bad}");
        assert_eq!(
            message(crate::sdk::Timestamp::from_json(json!(5), "at")),
            "invalid value for --at: expected an RFC 3339 timestamp, got the number 5"
        );
    }

    #[test]
    fn enums_take_the_listed_values_and_models_their_deserialize() {
        let known = &["code", "card"];
        assert_eq!(
            enum_value::<String>(json!("card"), "access_method", known),
            Ok("card".to_string())
        );
        assert_eq!(
            message(enum_value::<String>(json!("pin"), "access_method", known)),
            r#"invalid value for --access_method: expected one of code, card, got the string "pin""#
        );
        assert_eq!(
            deserialized::<BTreeMap<String, i64>>(json!({ "a": 1 }), "m"),
            Ok(BTreeMap::from([("a".to_string(), 1)]))
        );
        let bad = message(deserialized::<BTreeMap<String, i64>>(
            json!({ "a": "x" }),
            "m",
        ));
        assert!(
            bad.starts_with("invalid value for --m: invalid type"),
            "{bad}"
        );
    }

    #[test]
    fn params_are_taken_one_by_one_and_errors_name_their_flag() {
        let mut params = Params::new(
            json!({ "card_format": "x", "extra": 1 }),
            "visionline_metadata",
        )
        .expect("an object");
        assert_eq!(
            message(params.required::<i64>("card_format")),
            r#"invalid value for --visionline_metadata.card_format: expected an integer, got the string "x""#
        );
        assert_eq!(
            message(params.required::<i64>("card_format")),
            "the required parameter --visionline_metadata.card_format is missing"
        );
        assert_eq!(params.optional::<bool>("override"), Ok(None));
        assert_eq!(
            message(params.finish()),
            "unknown parameter --visionline_metadata.extra"
        );

        let mut top = Params::new(json!({ "acs_user_id": "u" }), "").expect("an object");
        assert_eq!(top.optional("acs_user_id"), Ok(Some("u".to_string())));
        assert_eq!(top.finish(), Ok(()));
        assert_eq!(
            message(Params::new(json!([]), "meta")),
            "invalid value for --meta: expected an object, got an array"
        );
    }

    #[test]
    fn a_choice_of_parameters_is_the_variant_that_takes_every_one_given() {
        let variants = [
            Variant {
                params: &["acs_user_id"],
                required: &["acs_user_id"],
            },
            Variant {
                params: &["acs_system_id", "acs_user_id"],
                required: &["acs_system_id"],
            },
        ];
        let choose = |given: Value, optional: bool| {
            let params = Params::new(given, "").expect("an object");
            params.choose(&variants, optional)
        };
        assert_eq!(choose(json!({ "acs_user_id": "u" }), false), Ok(Some(0)));
        assert_eq!(
            choose(json!({ "acs_user_id": "u", "acs_system_id": "s" }), false),
            Ok(Some(1))
        );
        assert_eq!(choose(json!({ "acs_system_id": "s" }), false), Ok(Some(1)));
        assert_eq!(choose(json!({}), true), Ok(None));
        assert_eq!(
            message(choose(json!({}), false)),
            "give exactly one of these sets of parameters: --acs_user_id | --acs_system_id (given: none of them)"
        );
        let only_optional = [Variant {
            params: &["a", "b"],
            required: &["a"],
        }];
        let params = Params::new(json!({ "b": 1 }), "").expect("an object");
        assert_eq!(
            message(params.choose(&only_optional, false)),
            "give exactly one of these sets of parameters: --a (given: --b)"
        );
    }
}

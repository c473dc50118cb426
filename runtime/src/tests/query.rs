//! How `GET` and `DELETE` parameters become query-string pairs (today's rules, in
//! `runtime/query.rs`; percent-encoding is `reqwest`'s, see `client`). Keys in these
//! inputs are in sorted order, so the expectations hold whatever order `serde_json`'s
//! maps keep.

use serde_json::{json, Value};

use crate::runtime::query::{to_query_pairs, NOT_AN_OBJECT};

fn pairs(parameters: Value) -> Vec<(String, String)> {
    to_query_pairs(&parameters).expect("an object")
}

fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[test]
fn scalars_are_sent_as_text() {
    assert_eq!(
        pairs(json!({"a": "x y&z=1", "b": 42, "c": -1.5, "d": true, "e": false, "f": ""})),
        expected(&[
            ("a", "x y&z=1"),
            ("b", "42"),
            ("c", "-1.5"),
            ("d", "true"),
            ("e", "false"),
            ("f", ""),
        ])
    );
}

#[test]
fn nested_objects_join_their_keys_with_dots() {
    assert_eq!(
        pairs(json!({"a": {"b": 1, "c": {"d": "x"}}, "e": "y"})),
        expected(&[("a.b", "1"), ("a.c.d", "x"), ("e", "y")])
    );
}

#[test]
fn arrays_repeat_their_key() {
    assert_eq!(
        pairs(json!({"ids": ["1", "2", "3"], "n": [1, true]})),
        expected(&[
            ("ids", "1"),
            ("ids", "2"),
            ("ids", "3"),
            ("n", "1"),
            ("n", "true")
        ])
    );
    assert_eq!(
        pairs(json!({"a": {"ids": ["x", "y"]}})),
        expected(&[("a.ids", "x"), ("a.ids", "y")])
    );
}

#[test]
fn objects_and_arrays_inside_arrays_are_sent_as_json() {
    assert_eq!(
        pairs(json!({"a": [{"b": 1}, [2, 3]]})),
        expected(&[("a", r#"{"b":1}"#), ("a", "[2,3]")])
    );
}

#[test]
fn nulls_and_empty_containers_are_left_out() {
    assert_eq!(
        pairs(json!({"a": null, "b": [], "c": {}, "d": [null, "x", null], "e": {"f": null}})),
        expected(&[("d", "x")])
    );
    assert!(pairs(json!({})).is_empty());
}

#[test]
fn null_parameters_give_no_pairs() {
    assert!(pairs(Value::Null).is_empty());
}

#[test]
fn parameters_that_are_not_an_object_are_an_error() {
    for parameters in [json!([1, 2]), json!("text"), json!(3), json!(true)] {
        assert_eq!(
            to_query_pairs(&parameters),
            Err(NOT_AN_OBJECT),
            "{parameters}"
        );
    }
}

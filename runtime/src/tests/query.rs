//! How `GET` and `DELETE` parameters become the query string (`runtime/query.rs`): one
//! test per rule of Seam's standard (`@seamapi/url-search-params-serializer`), expected
//! strings as the reference writes them. The differential test against the reference
//! itself, run in Node, is `tests/tests/suite/wire_query.rs`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::runtime::query::{query_string, NOT_AN_OBJECT};

fn query<P: Serialize + ?Sized>(parameters: &P) -> String {
    query_string(parameters).expect("an encodable query")
}

fn refusal<P: Serialize + ?Sized>(parameters: &P) -> String {
    query_string(parameters)
        .expect_err("a refused query")
        .to_string()
}

#[test]
fn pairs_are_sorted_and_strict_comes_last() {
    assert_eq!(
        query(&json!({"name": "Dax", "age": 27, "isAdmin": true, "tags": ["cars", "planes"]})),
        "age=27&isAdmin=true&name=Dax&tags=cars&tags=planes&_strict=true"
    );
}

#[test]
fn no_pair_means_no_query_and_no_strict() {
    assert_eq!(query(&json!({})), "");
    assert_eq!(query(&json!(null)), "");
    assert_eq!(query(&()), "");
    assert_eq!(query(&json!({"a": "", "b": {}, "c": {"d": {}}})), "");
}

#[test]
fn null_and_the_empty_array_are_key_equals() {
    assert_eq!(
        query(&json!({"a": null, "b": [], "c": {"d": null}})),
        "a=&b=&c.d=&_strict=true"
    );
    #[derive(Serialize)]
    struct Cursor {
        page_cursor: Option<String>,
    }
    assert_eq!(
        query(&Cursor { page_cursor: None }),
        "page_cursor=&_strict=true"
    );
}

#[test]
fn numbers_are_written_as_ecmascript_writes_them() {
    let cases: &[(f64, &str)] = &[
        (10.0, "10"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e%2B21"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-6, "0.000001"),
        (1.5e-7, "1.5e-7"),
        (-2.5e-300, "-2.5e-300"),
        (f64::MAX, "1.7976931348623157e%2B308"),
        (5e-324, "5e-324"),
        // 880145055585075.25 exactly, between two shortest candidates: ECMAScript takes
        // the even one (Rust's `{}` gives …75.3).
        (f64::from_bits(0x4309_03e5_eb1c_999a), "880145055585075.2"),
    ];
    for (number, text) in cases {
        assert_eq!(
            query(&json!({"n": number})),
            format!("n={text}&_strict=true")
        );
    }
    assert_eq!(
        query(&json!({"n": u64::MAX})),
        "n=18446744073709551615&_strict=true"
    );
    assert_eq!(
        query(&BTreeMap::from([("n", 0.1f32)])),
        "n=0.1&_strict=true"
    );
}

#[test]
fn nested_objects_are_dot_paths_and_arrays_repeat_their_key() {
    assert_eq!(
        query(&json!({"foo": "a", "bar": {"baz": "b", "fizz": [1, 2]}})),
        "bar.baz=b&bar.fizz=1&bar.fizz=2&foo=a&_strict=true"
    );
    assert_eq!(
        query(&json!({"t": [1, "x", true]})),
        "t=1&t=x&t=true&_strict=true"
    );
}

#[test]
fn values_are_form_urlencoded() {
    assert_eq!(
        query(&json!({"q": "a b&c=d+é/~*-._", "k y": "1"})),
        "k+y=1&q=a+b%26c%3Dd%2B%C3%A9%2F%7E*-._&_strict=true"
    );
}

#[test]
fn keys_sort_by_utf16_code_units() {
    // U+FF5E sorts after U+1F600 in UTF-16 (0xD83D < 0xFF5E), before it in UTF-8.
    assert_eq!(
        query(&json!({"\u{ff5e}": 1, "\u{1f600}": 2})),
        "%F0%9F%98%80=2&%EF%BD%9E=1&_strict=true"
    );
}

#[test]
fn a_strict_parameter_is_overwritten_in_place() {
    assert_eq!(
        query(&json!({"_strict": ["no", "x"], "a": 1, "z": 2})),
        "_strict=true&a=1&z=2"
    );
}

#[test]
fn refusals_name_the_parameter() {
    let cases = [
        (json!({"a": {"b": [null]}}), "`a.b`"),
        (json!({"a": [""]}), "`a`"),
        (json!({"a": ["x", [1]]}), "`a`"),
        (json!({"a": [{"b": 1}]}), "`a`"),
        (json!({"a": {"b.c": 1}}), "`a.b.c`"),
        (json!({"a.b": null}), "`a.b`"),
    ];
    for (parameters, name) in cases {
        let message = refusal(&parameters);
        assert!(message.contains(name), "{parameters}: {message}");
    }
    for number in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let message = refusal(&BTreeMap::from([("limit", number)]));
        assert!(message.contains("`limit`"), "{message}");
        let message = refusal(&BTreeMap::from([("ids", vec![1.0, number])]));
        assert!(message.contains("`ids`"), "{message}");
    }
}

#[test]
fn parameters_that_are_not_an_object_are_refused() {
    for parameters in [json!([1, 2]), json!("text"), json!(3), json!(true)] {
        assert_eq!(refusal(&parameters), NOT_AN_OBJECT, "{parameters}");
    }
}

//! The query string `seam-sdk` sends (`seam_sdk::query_string`, what `Seam::call` puts
//! after the `?` of every `GET` and `DELETE`) against the reference implementation of
//! Seam's standard, run in Node: `@seamapi/url-search-params-serializer` 3.0.3 (the
//! version `@seamapi/http` 2.32.0 installs) and `@seamapi/http`'s own serializer, which
//! adds `_strict=true` (both pinned in `tests/package.json`; `tests/reference/query.mjs`).
//!
//! Three sets of cases, all answered by ONE `node` process: hand-built cases for every
//! rule of the standard's README, random nested parameter objects from a fixed seed, and
//! floats (every power of ten and of two in range, with their neighbours, subnormals,
//! random bit patterns, short decimals). Each must be byte-identical to what
//! `@seamapi/http` sends, or both sides must refuse it.

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use seam_sdk_tests::servers::run_node_batch;

/// A parameter value as JavaScript holds it: unlike `serde_json::Value`, it can be NaN,
/// an infinity or `-0`, and its object keys keep their order.
#[derive(Debug, Clone, PartialEq)]
enum Js {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Array(Vec<Js>),
    Object(Vec<(String, Js)>),
}

impl Serialize for Js {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Js::Null => serializer.serialize_none(),
            Js::Bool(value) => serializer.serialize_bool(*value),
            Js::Int(value) => serializer.serialize_i64(*value),
            Js::Float(value) => serializer.serialize_f64(*value),
            Js::Str(value) => serializer.serialize_str(value),
            Js::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Js::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl Js {
    /// The case line for `reference/query.mjs`: JSON, floats as `{"$f64": "<bits>"}`.
    fn write_line(&self, out: &mut String) {
        match self {
            Js::Null => out.push_str("null"),
            Js::Bool(value) => write!(out, "{value}").unwrap(),
            Js::Int(value) => {
                assert!(
                    value.unsigned_abs() <= 1 << 53,
                    "{value} is not exact in JS"
                );
                write!(out, "{value}").unwrap()
            }
            Js::Float(value) => write!(out, r#"{{"$f64":"{:016x}"}}"#, value.to_bits()).unwrap(),
            Js::Str(value) => out.push_str(&serde_json::to_string(value).unwrap()),
            Js::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_line(out);
                }
                out.push(']');
            }
            Js::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap());
                    out.push(':');
                    value.write_line(out);
                }
                out.push('}');
            }
        }
    }

    /// From JSON (integers stay integers, other numbers are floats; key order kept only
    /// as `serde_json` keeps it, which the standard's sort makes irrelevant).
    fn from_json(value: &Value) -> Js {
        match value {
            Value::Null => Js::Null,
            Value::Bool(value) => Js::Bool(*value),
            Value::Number(number) => match number.as_i64() {
                Some(int) => Js::Int(int),
                None => Js::Float(number.as_f64().unwrap()),
            },
            Value::String(text) => Js::Str(text.clone()),
            Value::Array(items) => Js::Array(items.iter().map(Js::from_json).collect()),
            Value::Object(members) => Js::Object(
                members
                    .iter()
                    .map(|(key, value)| (key.clone(), Js::from_json(value)))
                    .collect(),
            ),
        }
    }
}

fn object(members: Vec<(&str, Js)>) -> Js {
    Js::Object(
        members
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------

/// Every rule of the standard's README, its edges, and what the SDK's requests hold.
fn hand_built() -> Vec<Js> {
    let mut cases: Vec<Js> = [
        // The README's examples.
        json!({"name": "Dax", "age": 27, "isAdmin": true, "tags": ["cars", "planes"]}),
        json!({"foo": null}),
        json!({"foo": "", "bar": 1}),
        json!({"foo": true, "bar": false}),
        json!({"foo": [1, 2]}),
        json!({"foo": [1]}),
        json!({"foo": []}),
        json!({"foo": "a", "bar": {"baz": "b", "fizz": [1, 2]}}),
        json!({"foo": {}, "bar": {"baz": {}}, "fizz": 1}),
        // Empty and null parameters.
        json!({}),
        json!({"a": ""}),
        json!({"a": {}}),
        json!({"a": {"b": {"c": {}}}}),
        json!({"a": {"b": ""}}),
        json!({"a": {"b": null}}),
        json!({"a": {"b": []}}),
        json!({"a": null, "b": [], "c": ""}),
        // Strings: form encoding of every ASCII character and some beyond.
        json!({"s": " !\"#$%&'()*+,-./0123456789:;<=>?@"}),
        json!({"s": "ABCXYZ[\\]^_`abcxyz{|}~\u{7f}"}),
        json!({"s": "\u{1}\t\n\r"}),
        json!({"s": "é日本語😀\u{ff5e}\u{e000}\u{10ffff}"}),
        json!({"s": "a+b", "t": "a b", "u": "a%20b"}),
        json!({"s": "=&=&"}),
        json!({"s": " "}),
        json!({"s": "null"}),
        json!({"s": "true"}),
        json!({"s": "0"}),
        // Keys: encoded, sorted by UTF-16 code units, stable for repeated keys.
        json!({"b": 1, "a": 2, "c": 3}),
        json!({"B": 1, "a": 2, "_": 3, "1": 4, "~": 5}),
        json!({"key with space": 1, "key&=": 2, "é": 3}),
        json!({"\u{ff5e}": 1, "\u{1f600}": 2, "\u{e000}": 3, "\u{ffff}": 4}),
        json!({"10": 1, "9": 2, "1": 3, "a": 4}),
        json!({"": 1}),
        json!({"": {"": 1}}),
        json!({"a": {"": 1}}),
        json!({"ab": 1, "a": {"b": 2, "c": 3}, "a-b": 4}),
        json!({"z": [3, 1, 2], "a": [9, 8]}),
        json!({"a": {"z": 1, "y": [2, 1]}, "A": 0}),
        json!({"__proto__x": 1, "constructor": 2, "toString": 3}),
        // Booleans and null inside objects.
        json!({"a": {"b": true, "c": false, "d": null}}),
        // Arrays: mixed scalars (tuples), long, of strings needing encoding.
        json!({"t": [1, "x", true, false, 2.5]}),
        json!({"t": ["a b", "c&d", "é"]}),
        json!({"t": (0..30).collect::<Vec<_>>()}),
        json!({"a": {"b": {"c": ["x", "y"]}}}),
        json!({"t": ["null"]}),
        json!({"t": [" "]}),
        // `_strict` given by the caller: overwritten in place.
        json!({"_strict": false}),
        json!({"_strict": ["a", "b"], "a": 1}),
        json!({"_strict": null}),
        json!({"_strict": ""}),
        json!({"_strict": "", "a": 1}),
        json!({"a": {"_strict": 1}}),
        // Refused: arrays holding null, "", arrays or objects.
        json!({"a": [null]}),
        json!({"a": [1, null]}),
        json!({"a": [""]}),
        json!({"a": ["x", ""]}),
        json!({"a": ["", null]}),
        json!({"a": [[]]}),
        json!({"a": [[1, 2]]}),
        json!({"a": [1, [2]]}),
        json!({"a": [{}]}),
        json!({"a": [{"b": 1}]}),
        json!({"a": {"b": [null]}}),
        // Refused: keys containing a dot, wherever they are and whatever they hold.
        json!({"a.b": 1}),
        json!({"a.b": null}),
        json!({"a.b": {}}),
        json!({"a.b": ""}),
        json!({"a": {"b.c": 1}}),
        json!({".": 1}),
        json!({"a": {"b": {"c.": []}}}),
        // Numbers: integers, floats, ECMAScript layout.
        json!({"n": 0}),
        json!({"n": -1}),
        json!({"n": 10.0}),
        json!({"n": 10.5}),
        json!({"n": 0.1}),
        json!({"n": 1e21}),
        json!({"n": 1e20}),
        json!({"n": 123456789012345680000.0}),
        json!({"n": 1e-6}),
        json!({"n": 1e-7}),
        json!({"n": 1.5e-7}),
        json!({"n": 0.000001234}),
        json!({"n": -1e300}),
        json!({"n": 9007199254740992i64}),
        json!({"n": -9007199254740992i64}),
        json!({"n": 9007199254740993.0}),
        json!({"n": [1.5, -0.25, 1e-10, 3]}),
        // What the SDK's own requests hold.
        json!({"acs_credential_id": "00000000-0000-4000-8000-000000000001"}),
        json!({"acs_user_id": "00000000-0000-4000-8000-000000000001", "limit": 10.0,
               "created_before": "2024-03-01T10:40:00.000Z", "is_multi_phone_sync_credential": true,
               "page_cursor": "cursor/with+chars=", "search": "front door"}),
        json!({"page_cursor": null, "limit": 500}),
    ]
    .iter()
    .map(Js::from_json)
    .collect();

    // What JSON cannot carry.
    let special = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        f64::from_bits(1),
        f64::MIN_POSITIVE,
        f64::MAX,
        0.1 + 0.2,
    ];
    for number in special {
        cases.push(object(vec![("n", Js::Float(number))]));
        cases.push(object(vec![(
            "n",
            Js::Array(vec![Js::Int(1), Js::Float(number)]),
        )]));
        cases.push(object(vec![(
            "a",
            object(vec![("b", Js::Float(number)), ("c", Js::Str("x".into()))]),
        )]));
    }
    cases
}

/// splitmix64: a fixed, dependency-free stream of random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const KEY_PARTS: &[&str] = &[
    "a",
    "b",
    "z",
    "A",
    "_",
    "id",
    "acs_user_id",
    "limit",
    "0",
    "10",
    "9",
    " ",
    "é",
    "日",
    "😀",
    "\u{ff5e}",
    "\u{e000}",
    "&",
    "=",
    "+",
    "%",
    "-",
    "~",
    "*",
    "/",
    "?",
    "#",
    "'",
];

const TEXTS: &[&str] = &[
    "",
    "x",
    "hello world",
    "a&b=c",
    "100%",
    "1+1",
    "é",
    "日本",
    "😀",
    "\u{ff5e}",
    "~*-._",
    "null",
    "true",
    "0",
    " ",
    "line\nbreak",
    "quote\"'",
    "<>",
    "#hash",
    "slash/back\\",
];

fn random_key(rng: &mut Rng) -> String {
    let parts = 1 + rng.below(3);
    let mut key = String::new();
    for _ in 0..parts {
        let part: &&str = rng.pick(KEY_PARTS);
        key.push_str(part);
    }
    match rng.below(200) {
        0 => key.push('.'), // refused
        1 => key.clear(),   // the empty key is allowed
        _ => {}
    }
    key
}

fn random_float(rng: &mut Rng) -> f64 {
    match rng.below(10) {
        0 => f64::from_bits(rng.next()), // anything, NaN and infinities included
        1..=4 => (rng.below(2_000_001) as f64 - 1_000_000.0) / 10f64.powi(rng.below(8) as i32),
        5 => rng.below(1000) as f64 * 10f64.powi(rng.below(40) as i32 - 20),
        _ => (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * 1000.0,
    }
}

fn random_scalar(rng: &mut Rng) -> Js {
    match rng.below(6) {
        0 => Js::Bool(rng.below(2) == 0),
        1 => Js::Int(rng.below(1 << 54) as i64 - (1 << 53)),
        2 => Js::Int(rng.below(1000) as i64 - 10),
        3 => Js::Float(random_float(rng)),
        _ => Js::Str((*rng.pick(TEXTS)).to_owned()),
    }
}

fn random_value(rng: &mut Rng, depth: u32) -> Js {
    match rng.below(if depth >= 3 { 8 } else { 11 }) {
        0 => Js::Null,
        1..=5 => random_scalar(rng),
        6 | 7 => {
            let len = rng.below(5);
            let items = (0..len)
                .map(|_| match rng.below(40) {
                    0 => Js::Null,           // refused
                    1 => Js::Array(vec![]),  // refused
                    2 => Js::Object(vec![]), // refused
                    _ => match random_scalar(rng) {
                        Js::Str(text) if text.is_empty() && rng.below(4) != 0 => {
                            Js::Str("y".into())
                        }
                        scalar => scalar, // "" (rarely) refused
                    },
                })
                .collect();
            Js::Array(items)
        }
        _ => random_object(rng, depth + 1),
    }
}

fn random_object(rng: &mut Rng, depth: u32) -> Js {
    let len = rng.below(if depth == 0 { 7 } else { 4 });
    let mut members: Vec<(String, Js)> = Vec::new();
    for _ in 0..len {
        let key = random_key(rng);
        if members.iter().any(|(existing, _)| *existing == key) {
            continue;
        }
        let value = random_value(rng, depth);
        members.push((key, value));
    }
    Js::Object(members)
}

const RANDOM_OBJECTS: usize = 4_000;

fn random_objects() -> Vec<Js> {
    let mut rng = Rng(0x5EA3_0013);
    (0..RANDOM_OBJECTS)
        .map(|_| random_object(&mut rng, 0))
        .collect()
}

fn floats() -> Vec<f64> {
    let mut floats = Vec::new();
    let with_neighbours = |floats: &mut Vec<f64>, x: f64| {
        for bits in [x.to_bits().wrapping_sub(1), x.to_bits(), x.to_bits() + 1] {
            floats.push(f64::from_bits(bits));
            floats.push(-f64::from_bits(bits));
        }
    };
    // Every power of ten in range (the double nearest to it), and of two.
    for exponent in -323..=308 {
        let x: f64 = format!("1e{exponent}").parse().unwrap();
        with_neighbours(&mut floats, x);
    }
    for exponent in -1074..=1023 {
        with_neighbours(&mut floats, 2f64.powi(exponent));
    }
    // The layout's boundaries.
    for x in [
        1e21,
        999999999999999900000.0,
        1e-6,
        1e-7,
        9007199254740992.0,
        1.0,
        0.5,
    ] {
        with_neighbours(&mut floats, x);
    }
    floats.extend([
        0.0,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MAX,
        f64::MIN,
    ]);
    let mut rng = Rng(0xF10A7);
    // Subnormals.
    for _ in 0..5_000 {
        floats.push(f64::from_bits(rng.below(1 << 52) | (rng.below(2) << 63)));
    }
    // Short decimals: the digits a person writes.
    for _ in 0..10_000 {
        let digits = rng.below(1_000_000_000);
        floats.push(digits as f64 / 10f64.powi(rng.below(12) as i32));
    }
    // Random bit patterns.
    for _ in 0..30_000 {
        floats.push(f64::from_bits(rng.next()));
    }
    floats
}

// ---------------------------------------------------------------------------------------
// One node run for all cases
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Reference {
    /// The standard's output and `@seamapi/http`'s (the standard plus `_strict=true`).
    Ok {
        standard: String,
        http: String,
    },
    Refused(String),
}

struct Run {
    hand_built: Vec<(Js, Reference)>,
    random: Vec<(Js, Reference)>,
    floats: Vec<(Js, Reference)>,
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let hand_built = hand_built();
        let random = random_objects();
        let floats: Vec<Js> = floats()
            .into_iter()
            .map(|x| object(vec![("x", Js::Float(x))]))
            .collect();
        let mut input = String::new();
        for case in hand_built.iter().chain(&random).chain(&floats) {
            case.write_line(&mut input);
            input.push('\n');
        }
        let output = run_node_batch("reference/query.mjs", &[], input.into_bytes());
        let mut results = output.lines().map(|line| {
            let result: Value = serde_json::from_str(line).expect("a JSON result line");
            match (&result["standard"], &result["http"], &result["error"]) {
                (Value::String(standard), Value::String(http), _) => Reference::Ok {
                    standard: standard.clone(),
                    http: http.clone(),
                },
                (_, _, Value::String(error)) => Reference::Refused(error.clone()),
                _ => panic!("unexpected result line: {line}"),
            }
        });
        let mut take = |cases: Vec<Js>| -> Vec<(Js, Reference)> {
            cases
                .into_iter()
                .map(|case| (case, results.next().expect("one result per case")))
                .collect()
        };
        let run = Run {
            hand_built: take(hand_built),
            random: take(random),
            floats: take(floats),
        };
        assert!(results.next().is_none(), "more results than cases");
        run
    })
}

/// Every case where `seam_sdk::query_string` and the reference disagree, described.
fn disagreements(cases: &[(Js, Reference)]) -> Vec<String> {
    let mut found = Vec::new();
    for (case, reference) in cases {
        let ours = seam_sdk::query_string(case).map_err(|error| error.to_string());
        let agree = match (&ours, reference) {
            (Ok(ours), Reference::Ok { http, .. }) => ours == http,
            (Err(_), Reference::Refused(_)) => true,
            _ => false,
        };
        if !agree {
            let mut line = String::new();
            case.write_line(&mut line);
            found.push(format!(
                "{line}\n    ours:      {ours:?}\n    reference: {reference:?}"
            ));
        }
    }
    found
}

fn assert_agree(what: &str, cases: &[(Js, Reference)], minimum: usize) {
    assert!(cases.len() >= minimum, "{what}: only {} cases", cases.len());
    let found = disagreements(cases);
    assert!(
        found.is_empty(),
        "{what}: {} of {} cases differ from @seamapi/http, e.g.:\n{}",
        found.len(),
        cases.len(),
        found
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn hand_built_cases_match_the_reference_byte_for_byte() {
    assert_agree("hand-built cases", &run().hand_built, 100);
}

#[test]
fn random_nested_objects_match_the_reference_byte_for_byte() {
    let cases = &run().random;
    assert_agree("random objects", cases, RANDOM_OBJECTS);
    // The random cases reach every kind of outcome, not only the easy ones.
    let refused = cases
        .iter()
        .filter(|(_, reference)| matches!(reference, Reference::Refused(_)))
        .count();
    let empty = cases
        .iter()
        .filter(|(_, reference)| matches!(reference, Reference::Ok { http, .. } if http.is_empty()))
        .count();
    assert!(
        refused >= 100 && refused <= cases.len() / 3,
        "{refused} refused"
    );
    assert!(empty >= 100, "{empty} empty");
}

#[test]
fn floats_match_the_reference_byte_for_byte() {
    assert_agree("floats", &run().floats, 50_000);
}

#[test]
fn the_official_sdk_sends_the_standard_plus_strict() {
    // What the differential test compares with is `@seamapi/http`'s serializer; this
    // pins its relation to the standard: `_strict=true` appended to any non-empty query
    // (or set in place when the caller passed `_strict`).
    let run = run();
    for (case, reference) in run.hand_built.iter().chain(&run.random) {
        let Reference::Ok { standard, http } = reference else {
            continue;
        };
        if standard.is_empty() {
            assert_eq!(http, "", "{case:?}");
        } else if !standard.split('&').any(|pair| pair.starts_with("_strict=")) {
            assert_eq!(*http, format!("{standard}&_strict=true"), "{case:?}");
        }
    }
}

//! Mutated specs never make the generator panic or hang: it returns `Ok`, or an error that
//! names a JSON pointer and says what is wrong.
//!
//! Each case takes today's spec cut down to `/acs/credentials` (its 11 paths and the 4
//! schemas they reach, about 80 KB) and applies one to four random mutations: drop a key,
//! drop a `required` entry, replace a value by one of another JSON type, break a `$ref`
//! (dangling, non-local, self-referencing, not a string), add an unknown `x-*` extension,
//! nest a schema up to 100 levels deep, set `type` to odd values (`null`, lists, unknown
//! names), or give two operations one SDK method name. The generator runs on a thread with
//! a 2 MiB stack (a test thread's) under a time limit, with panics caught; a panic, a
//! hang or an unclear error fails the test and prints the mutations that caused it.
//!
//! 300 cases by default, from a fixed seed (`PROPTEST_CASES` and `PROPTEST_RNG_SEED`
//! override both); `SEAM_FUZZ_TRACE=1` prints each case's mutations and error.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use seam_sdk_tests::generated_crate::{spec_subset, workspace_root};
use serde_json::{json, Value};
use std::sync::mpsc;
use std::time::Duration;

/// A value of some JSON type, to put in place of another.
#[derive(Debug, Clone)]
enum Replacement {
    Null,
    Bool(bool),
    Number(i64),
    Text(u8),
    EmptyArray,
    EmptyObject,
    Strings,
    Schema,
}

impl Replacement {
    fn value(&self) -> Value {
        match self {
            Replacement::Null => Value::Null,
            Replacement::Bool(b) => json!(b),
            Replacement::Number(n) => json!(n),
            Replacement::Text(i) => json!(
                [
                    "",
                    "object",
                    "string",
                    "x",
                    "#/components/schemas/acs_credential",
                    "1",
                    "-"
                ][*i as usize % 7]
            ),
            Replacement::EmptyArray => json!([]),
            Replacement::EmptyObject => json!({}),
            Replacement::Strings => json!(["a", "b"]),
            Replacement::Schema => {
                json!({ "type": "object", "properties": { "z": { "type": "integer" } }, "required": ["z"] })
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    DropKey { node: usize, key: usize },
    DropRequired { node: usize, entry: usize },
    Replace { node: usize, with: Replacement },
    BreakRef { node: usize, how: u8 },
    AddExtension { node: usize, with: Replacement },
    Nest { node: usize, depth: usize, how: u8 },
    SetType { node: usize, to: u8 },
    SameMethodName { from: usize, to: usize },
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        Just(Replacement::Null),
        any::<bool>().prop_map(Replacement::Bool),
        (-3i64..100).prop_map(Replacement::Number),
        any::<u8>().prop_map(Replacement::Text),
        Just(Replacement::EmptyArray),
        Just(Replacement::EmptyObject),
        Just(Replacement::Strings),
        Just(Replacement::Schema),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let node = 0usize..100_000;
    prop_oneof![
        (node.clone(), 0usize..64).prop_map(|(node, key)| Mutation::DropKey { node, key }),
        (node.clone(), 0usize..16).prop_map(|(node, entry)| Mutation::DropRequired { node, entry }),
        (node.clone(), replacement()).prop_map(|(node, with)| Mutation::Replace { node, with }),
        (node.clone(), any::<u8>()).prop_map(|(node, how)| Mutation::BreakRef { node, how }),
        (node.clone(), replacement())
            .prop_map(|(node, with)| Mutation::AddExtension { node, with }),
        (node.clone(), 1usize..100, any::<u8>()).prop_map(|(node, depth, how)| Mutation::Nest {
            node,
            depth,
            how
        }),
        (node.clone(), any::<u8>()).prop_map(|(node, to)| Mutation::SetType { node, to }),
        (node.clone(), node).prop_map(|(from, to)| Mutation::SameMethodName { from, to }),
    ]
}

/// JSON pointers of every value in `doc` that `keep` accepts.
fn pointers(doc: &Value, keep: &dyn Fn(&str, &Value) -> bool) -> Vec<String> {
    fn walk(v: &Value, at: String, keep: &dyn Fn(&str, &Value) -> bool, out: &mut Vec<String>) {
        if keep(&at, v) {
            out.push(at.clone());
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let token = k.replace('~', "~0").replace('/', "~1");
                    walk(child, format!("{at}/{token}"), keep, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{i}"), keep, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, String::new(), keep, &mut out);
    out
}

fn pick(list: &[String], index: usize) -> Option<String> {
    (!list.is_empty()).then(|| list[index % list.len()].clone())
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::DropKey { node, key } => {
            let objects = pointers(doc, &|_, v| v.as_object().is_some_and(|o| !o.is_empty()));
            if let Some(Value::Object(map)) =
                pick(&objects, *node).and_then(|p| doc.pointer_mut(&p))
            {
                let name = map.keys().nth(key % map.len()).cloned().unwrap_or_default();
                map.remove(&name);
            }
        }
        Mutation::DropRequired { node, entry } => {
            let lists = pointers(doc, &|p, v| p.ends_with("/required") && v.is_array());
            if let Some(Value::Array(items)) = pick(&lists, *node).and_then(|p| doc.pointer_mut(&p))
            {
                if !items.is_empty() {
                    let at = entry % items.len();
                    items.remove(at);
                }
            }
        }
        Mutation::Replace { node, with } => {
            let all = pointers(doc, &|p, _| !p.is_empty());
            if let Some(target) = pick(&all, *node).and_then(|p| doc.pointer_mut(&p)) {
                *target = with.value();
            }
        }
        Mutation::BreakRef { node, how } => {
            let refs = pointers(doc, &|p, _| p.ends_with("/$ref"));
            if let Some(target) = pick(&refs, *node).and_then(|p| doc.pointer_mut(&p)) {
                *target = match how % 5 {
                    0 => json!("#/components/schemas/does_not_exist"),
                    1 => json!("other.json#/components/schemas/acs_credential"),
                    2 => json!("#/paths/~1acs~1credentials~1get"),
                    3 => json!(7),
                    _ => json!("#/components/schemas/acs_credential"),
                };
            }
            if how % 7 == 6 {
                // A component that is a reference to itself.
                if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
                    schemas.insert(
                        "pagination".to_string(),
                        json!({ "$ref": "#/components/schemas/pagination" }),
                    );
                }
            }
        }
        Mutation::AddExtension { node, with } => {
            let objects = pointers(doc, &|_, v| v.is_object());
            if let Some(Value::Object(map)) =
                pick(&objects, *node).and_then(|p| doc.pointer_mut(&p))
            {
                map.insert("x-fuzz-unknown".to_string(), with.value());
            }
        }
        Mutation::Nest { node, depth, how } => {
            let schemas = pointers(doc, &|p, v| {
                v.is_object()
                    && (p.contains("/properties/")
                        || p.ends_with("/schema")
                        || p.ends_with("/items"))
            });
            if let Some(target) = pick(&schemas, *node).and_then(|p| doc.pointer_mut(&p)) {
                let mut value = target.take();
                for _ in 0..*depth {
                    value = match how % 6 {
                        0 => json!({ "type": "array", "items": value }),
                        1 => json!({ "type": "object", "properties": { "x": value } }),
                        2 => json!({ "allOf": [value] }),
                        3 => json!({ "oneOf": [value, { "type": "string" }] }),
                        4 => json!({ "anyOf": [value] }),
                        _ => json!({ "type": "object", "additionalProperties": value }),
                    };
                }
                *target = value;
            }
        }
        Mutation::SetType { node, to } => {
            let schemas = pointers(doc, &|_, v| v.get("type").is_some());
            if let Some(Value::Object(map)) =
                pick(&schemas, *node).and_then(|p| doc.pointer_mut(&p))
            {
                let ty = match to % 9 {
                    0 => json!("null"),
                    1 => json!(["string", "null"]),
                    2 => json!(["string", "integer", "object"]),
                    3 => json!("tuple"),
                    4 => json!("integer"),
                    5 => json!("object"),
                    6 => json!("array"),
                    7 => json!([]),
                    _ => json!("boolean"),
                };
                map.insert("type".to_string(), ty);
            }
        }
        Mutation::SameMethodName { from, to } => {
            let names = pointers(doc, &|p, v| {
                p.ends_with("/x-fern-sdk-method-name") && v.is_string()
            });
            let (Some(from), Some(to)) = (pick(&names, *from), pick(&names, *to)) else {
                return;
            };
            let name = doc.pointer(&from).cloned().unwrap_or(Value::Null);
            if let Some(target) = doc.pointer_mut(&to) {
                *target = name;
            }
        }
    }
}

/// What one generation came to.
enum Outcome {
    Generated,
    Refused {
        pointer: Option<String>,
        message: String,
    },
    Panicked(String),
    Hung,
}

fn generate_guarded(bytes: Vec<u8>) -> Outcome {
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("generate".to_string())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let config = seam_generator::Config {
                rustfmt: false,
                ..seam_generator::Config::default()
            };
            let result = std::panic::catch_unwind(|| seam_generator::generate(&bytes, &config));
            let outcome = match result {
                Ok(Ok(_)) => Outcome::Generated,
                Ok(Err(e)) => Outcome::Refused {
                    pointer: e.pointer().map(str::to_string),
                    message: e.to_string(),
                },
                Err(panic) => Outcome::Panicked(
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".to_string()),
                ),
            };
            let _ = send.send(outcome);
        })
        .expect("spawn the generator thread");
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(outcome) => {
            let _ = spawned.join();
            outcome
        }
        Err(_) => Outcome::Hung,
    }
}

#[test]
fn mutated_specs_give_ok_or_a_clear_error() {
    let bytes = std::fs::read(workspace_root().join("spec/openapi.json")).expect("spec readable");
    let spec: Value = serde_json::from_slice(&bytes).expect("spec is JSON");
    let base = spec_subset(&spec, "/acs/credentials");

    let mut config = Config {
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 300;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x5ea1_5eed);
    }
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let counts = std::cell::RefCell::new((0usize, 0usize, 0usize));
    let started = std::time::Instant::now();
    let result = runner.run(&prop::collection::vec(mutation(), 1..=4), |mutations| {
        let mut doc = base.clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        let bytes = serde_json::to_vec(&doc).expect("serializes");
        if std::env::var_os("SEAM_FUZZ_TRACE").is_some() {
            eprintln!("case: {mutations:?}");
        }
        counts.borrow_mut().0 += 1;
        match generate_guarded(bytes) {
            Outcome::Generated => counts.borrow_mut().1 += 1,
            Outcome::Refused { pointer, message } => {
                counts.borrow_mut().2 += 1;
                if std::env::var_os("SEAM_FUZZ_TRACE").is_some() {
                    eprintln!("refused: {message}");
                }
                let Some(pointer) = pointer else {
                    return Err(TestCaseError::fail(format!(
                        "an error without a JSON pointer: {message} (mutations: {mutations:?})"
                    )));
                };
                prop_assert!(
                    pointer.starts_with('#') && message.starts_with(&pointer),
                    "the error does not lead with its pointer: {message} (mutations: {mutations:?})"
                );
                let what = message[pointer.len()..].trim_start_matches(':').trim();
                prop_assert!(
                    what.len() > 10 && !message.contains("did not match any variant"),
                    "the error does not say what is wrong: {message} (mutations: {mutations:?})"
                );
            }
            Outcome::Panicked(message) => {
                return Err(TestCaseError::fail(format!(
                    "the generator panicked: {message} (mutations: {mutations:?})"
                )))
            }
            Outcome::Hung => {
                return Err(TestCaseError::fail(format!(
                    "the generator did not finish within 60 s (mutations: {mutations:?})"
                )))
            }
        }
        Ok(())
    });
    let (ran, generated, refused) = *counts.borrow();
    eprintln!(
        "{ran} generations ({cases} cases plus shrinking) in {:.1} s: {generated} generated, {refused} refused with a clear error",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(ran >= cases as usize, "only {ran} cases ran");
    assert!(
        generated > 0 && refused > 0,
        "the mutations should both pass and fail"
    );
}

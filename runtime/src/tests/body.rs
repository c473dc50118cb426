//! How `POST`, `PUT` and `PATCH` parameters become the JSON body (`runtime/body.rs`):
//! numbers as JavaScript's `JSON.stringify` writes them, the expected bytes as Node writes
//! them for the same values.

use serde::Serialize;
use serde_json::json;

use crate::runtime::body::json_body;

fn body<P: Serialize + ?Sized>(parameters: &P) -> String {
    String::from_utf8(json_body(parameters).expect("encodes")).expect("UTF-8")
}

#[derive(Serialize)]
struct Numbers {
    limit: f64,
    nested: Vec<f64>,
    count: i64,
}

#[test]
fn integral_floats_are_written_as_integers_like_javascript() {
    let parameters = Numbers {
        limit: 10.0,
        nested: vec![-0.0, -3.0, 0.5, 9_007_199_254_740_992.0, 1e21, 1.5e-7],
        count: 7,
    };
    // node -e 'console.log(JSON.stringify({limit:10,nested:[-0,-3,0.5,2**53,1e21,1.5e-7],count:7}))'
    assert_eq!(
        body(&parameters),
        r#"{"limit":10,"nested":[0,-3,0.5,9007199254740992,1e+21,1.5e-7],"count":7}"#
    );
}

#[test]
fn fractions_large_numbers_and_non_finite_ones() {
    #[derive(Serialize)]
    struct Floats(f64, f64, f64, f64, f64, f64);
    let parameters = Floats(0.1 + 0.2, 1.5e300, f64::NAN, -2.25, f64::INFINITY, 2e20);
    // node -e 'console.log(JSON.stringify([0.1+0.2,1.5e300,NaN,-2.25,Infinity,2e20]))'
    assert_eq!(
        body(&parameters),
        "[0.30000000000000004,1.5e+300,null,-2.25,null,200000000000000000000]"
    );
}

#[test]
fn parameters_that_serialize_to_null_are_an_empty_object() {
    assert_eq!(body(&()), "{}");
    assert_eq!(body(&json!({})), "{}");
}

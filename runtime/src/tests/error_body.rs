//! Error responses: Seam's error bodies (type, message, data, `invalid_input`'s messages
//! per parameter), bodies from anything else, no body at all, and the [`Error`] accessors.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;

use super::{api_error, secret, GET};
use crate::runtime::error::{truncate, ApiError};
use crate::runtime::Error;

#[test]
fn a_seam_error_body_gives_type_message_and_data() {
    let error = api_error(
        404,
        r#"{"error": {"type": "thing_not_found", "message": "Thing not found", "data": {"thing_id": "t1"}}, "ok": false}"#,
    );
    assert_eq!(error.endpoint, GET);
    assert_eq!(error.status, 404);
    assert_eq!(error.kind.as_deref(), Some("thing_not_found"));
    assert_eq!(error.message, "Thing not found");
    assert_eq!(error.data, Some(json!({"thing_id": "t1"})));
    assert_eq!(error.request_id.as_deref(), Some("req_1"));
    assert!(error.validation_errors.is_empty());
    assert!(error.body.contains("thing_not_found"));
    assert_eq!(
        error.to_string(),
        "GET /things/get failed with HTTP 404 thing_not_found: Thing not found (request id req_1)"
    );
}

#[test]
fn null_data_is_no_data() {
    let error = api_error(
        400,
        r#"{"error": {"type": "x", "message": "m", "data": null}}"#,
    );
    assert_eq!(error.data, None);
}

#[test]
fn invalid_input_gives_the_messages_of_each_parameter() {
    let error = api_error(
        400,
        r#"{"error": {"type": "invalid_input", "message": "Invalid input", "validation_errors": {
            "_errors": ["Unrecognized key: 'bogus'"],
            "acs_user_id": {"_errors": ["Required"]},
            "access_schedule": {"_errors": [], "starts_at": {"_errors": ["Invalid date", "Too early"]}},
            "ids": {"0": {"_errors": [{"code": "too_small"}]}}
        }}, "ok": false}"#,
    );
    let expected: BTreeMap<String, Vec<String>> = [
        ("", vec!["Unrecognized key: 'bogus'"]),
        (
            "access_schedule.starts_at",
            vec!["Invalid date", "Too early"],
        ),
        ("acs_user_id", vec!["Required"]),
        ("ids.0", vec![r#"{"code":"too_small"}"#]),
    ]
    .into_iter()
    .map(|(path, messages)| {
        let messages = messages.into_iter().map(str::to_owned).collect();
        (path.to_owned(), messages)
    })
    .collect();
    assert_eq!(error.validation_errors, expected);
    assert_eq!(
        error.to_string(),
        "GET /things/get failed with HTTP 400 invalid_input: Invalid input \
         [Unrecognized key: 'bogus'; access_schedule.starts_at: Invalid date, Too early; \
         acs_user_id: Required; ids.0: {\"code\":\"too_small\"}] (request id req_1)"
    );
}

#[test]
fn malformed_validation_errors_are_skipped() {
    let error = api_error(
        400,
        r#"{"error": {"type": "invalid_input", "message": "m", "validation_errors": {"a": {"_errors": "Required"}, "b": 3}}}"#,
    );
    assert!(error.validation_errors.is_empty(), "{error:?}");
    let error = api_error(
        400,
        r#"{"error": {"type": "invalid_input", "message": "m", "validation_errors": ["x"]}}"#,
    );
    assert!(error.validation_errors.is_empty(), "{error:?}");
}

#[test]
fn bodiless_responses_get_the_reason_phrase() {
    for (status, reason) in [
        (400, "Bad Request"),
        (401, "Unauthorized"),
        (503, "Service Unavailable"),
    ] {
        for body in ["", "  \n"] {
            let error = api_error(status, body);
            assert_eq!(error.kind, None);
            assert_eq!(error.message, reason, "HTTP {status} {body:?}");
            assert_eq!(error.data, None);
        }
    }
    assert_eq!(
        api_error(599, "").message,
        "no error details in the response"
    );
}

#[test]
fn unauthorized_says_what_to_check() {
    let error = Error::Unauthorized(Box::new(api_error(401, "")));
    assert_eq!(
        error.to_string(),
        "GET /things/get failed with HTTP 401: Unauthorized (request id req_1); check the API key or personal access token"
    );
}

#[test]
fn a_body_that_is_not_json_is_the_message() {
    let error = api_error(502, "  <html><body>Bad Gateway</body></html>\n");
    assert_eq!(error.kind, None);
    assert_eq!(error.message, "<html><body>Bad Gateway</body></html>");
    assert_eq!(error.body, "  <html><body>Bad Gateway</body></html>\n");
    let error = api_error(500, "\u{0}\u{ff}oops");
    assert_eq!(error.message, "\u{0}\u{ff}oops");
}

#[test]
fn invalid_utf8_is_shown_lossily() {
    let error = ApiError::from_response(GET, 500, None, None, b"bad \xff byte", &secret());
    assert_eq!(error.message, "bad \u{fffd} byte");
}

#[test]
fn other_json_error_shapes_give_their_message() {
    for (body, message) in [
        (r#"{"error": "boom"}"#, "boom"),
        (r#"{"message": "rate limited"}"#, "rate limited"),
        (
            r#"{"title": "Not Found", "detail": "no route"}"#,
            "no route",
        ),
        (r#"{"title": "Not Found"}"#, "Not Found"),
        (r#"{"error": {"message": "no type"}}"#, "no type"),
    ] {
        let error = api_error(404, body);
        assert_eq!(error.kind, None, "{body}");
        assert_eq!(error.message, message, "{body}");
    }
}

#[test]
fn json_without_a_message_shows_the_body() {
    for body in [
        r#"{"error": {"type": "x"}}"#,
        r#"{"code": 7}"#,
        "[1, 2]",
        "42",
    ] {
        assert_eq!(api_error(500, body).message, body);
    }
    assert_eq!(
        api_error(500, r#"{"error": {"type": "x"}}"#)
            .kind
            .as_deref(),
        Some("x")
    );
}

#[test]
fn long_bodies_are_kept_whole_and_shown_cut_to_about_1_kib() {
    let body = format!(
        r#"{{"error": {{"type": "x", "message": "m"}}, "padding": "{}"}}"#,
        "p".repeat(4_000)
    );
    let error = api_error(500, &body);
    assert_eq!(error.body, body);
    assert_eq!(error.message, "m");
    let debug = format!("{error:?}");
    assert!(debug.len() < 1_500, "{}", debug.len());
    assert!(debug.contains("[cut: 4055 bytes in all]"), "{debug}");
    let text = "t".repeat(3_000);
    let error = api_error(500, &text);
    assert_eq!(error.message.len(), 1024 + '…'.len_utf8());
    assert_eq!(error.body, text);
}

#[test]
fn truncation_respects_character_boundaries() {
    assert_eq!(truncate("short", 10), "short");
    assert_eq!(truncate("exactly", 7), "exactly");
    assert_eq!(truncate("€€€", 4), "€…");
    assert_eq!(truncate("€€€", 6), "€€…");
    assert_eq!(truncate("€", 0), "…");
}

#[test]
fn the_error_accessors_read_every_variant() {
    let api = Error::Api(Box::new(ApiError::from_response(
        GET,
        429,
        Some("req_9".into()),
        Some(Duration::from_secs(3)),
        br#"{"error": {"type": "rate_limited", "message": "slow down"}}"#,
        &secret(),
    )));
    assert_eq!(api.status(), Some(429));
    assert_eq!(api.request_id(), Some("req_9"));
    assert_eq!(api.kind(), Some("rate_limited"));
    assert_eq!(api.endpoint(), Some(GET));
    assert_eq!(
        api.api_error().and_then(|api| api.retry_after),
        Some(Duration::from_secs(3))
    );
    assert!(api.is_retryable());

    let invalid = Error::InvalidResponse {
        endpoint: GET,
        status: 200,
        request_id: Some("req_2".into()),
        message: "no thing".into(),
    };
    assert_eq!(invalid.status(), Some(200));
    assert_eq!(invalid.request_id(), Some("req_2"));
    assert_eq!(invalid.kind(), None);
    assert!(invalid.api_error().is_none());

    let timeout = Error::Timeout {
        endpoint: GET,
        timeout: Duration::from_secs(1),
    };
    assert_eq!(timeout.status(), None);
    assert_eq!(timeout.request_id(), None);
    assert_eq!(timeout.endpoint(), Some(GET));
    assert_eq!(
        timeout.to_string(),
        "GET /things/get timed out: no complete response within 1s"
    );

    let config = Error::Config("no credentials".into());
    assert_eq!(config.endpoint(), None);
    assert_eq!(
        config.to_string(),
        "invalid Seam client configuration: no credentials"
    );
}

#[test]
fn a_huge_message_is_shown_cut_with_a_note_and_kept_whole() {
    let message = "m".repeat(5 * 1024 * 1024);
    let body = json!({"error": {"type": "x", "message": message}}).to_string();
    let error = Error::Api(Box::new(api_error(500, &body)));
    let shown = error.to_string();
    assert!(shown.len() < 1_200, "{} bytes", shown.len());
    assert!(shown.contains("… [cut: 5242880 bytes in all]"), "{shown}");
    assert!(format!("{error:?}").len() < 4_000);
    assert_eq!(error.api_error().unwrap().message.len(), 5 * 1024 * 1024);
    eprintln!("5 MiB error.message: Display {} bytes", shown.len());
}

#[test]
fn thousands_of_validation_errors_show_the_first_ten() {
    let fields: serde_json::Map<String, serde_json::Value> = (0..20_000)
        .map(|i| (format!("field_{i:05}"), json!({"_errors": ["Required"]})))
        .collect();
    let body = json!({"error": {"type": "invalid_input", "message": "Invalid input", "validation_errors": fields}})
        .to_string();
    let error = api_error(400, &body);
    assert_eq!(error.validation_errors.len(), 20_000);
    let shown = error.to_string();
    assert!(shown.len() < 1_000, "{} bytes", shown.len());
    assert!(
        shown.ends_with(
            "field_00009: Required; and 19990 more invalid parameters] (request id req_1)"
        ),
        "{shown}"
    );
    eprintln!("20,000 validation errors: Display {} bytes", shown.len());
}

#[test]
fn control_characters_and_ansi_escapes_are_escaped() {
    let body = json!({"error": {
        "type": "bad\ntype",
        "message": "line one\nline two\r\n\u{1b}[31mred\u{1b}[0m \u{202e}reversed\ttab",
        "validation_errors": {"a\u{7}": {"_errors": ["x\u{1b}]0;title\u{7}"]}},
    }})
    .to_string();
    let error = api_error(400, &body);
    let shown = error.to_string();
    assert_eq!(
        shown,
        "GET /things/get failed with HTTP 400 bad\\ntype: line one\\nline two\\r\\n\\u{1b}[31mred\\u{1b}[0m \
         \\u{202e}reversed\\ttab [a\\u{7}: x\\u{1b}]0;title\\u{7}] (request id req_1)"
    );
    assert!(!shown.chars().any(char::is_control));
    assert!(!format!("{error:?}").chars().any(char::is_control));
}

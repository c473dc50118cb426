//! One-pass decoding of Seam's envelopes (`{"thing": {..}, "ok": true}`): the payload,
//! an optional payload, a page, or nothing; missing and `null` keys; bodies that are not
//! what was expected.

use serde::Deserialize;

use super::{secret, GET, LIST};
use crate::runtime::response::Response;
use crate::runtime::{Endpoint, Error, Page};

#[derive(Debug, PartialEq, Deserialize)]
struct Thing {
    id: String,
}

fn thing(id: &str) -> Thing {
    Thing { id: id.to_owned() }
}

fn response(endpoint: Endpoint, body: &str) -> Response {
    Response::new(
        endpoint,
        200,
        Some("req_1".to_owned()),
        Default::default(),
        body.as_bytes().to_vec(),
        secret(),
    )
}

/// The message of an [`Error::InvalidResponse`], after checking what it names.
fn invalid_response(error: Error) -> String {
    match error {
        Error::InvalidResponse {
            endpoint,
            status,
            request_id,
            message,
        } => {
            assert_eq!(endpoint, GET);
            assert_eq!(status, 200);
            assert_eq!(request_id.as_deref(), Some("req_1"));
            message
        }
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
}

/// The `body` quoted by an [`Error::Decode`], after checking what it names.
fn decode_error(error: Error) -> (String, String) {
    let display = error.to_string();
    match error {
        Error::Decode {
            endpoint,
            status,
            request_id,
            body,
            ..
        } => {
            assert_eq!(endpoint.path, "/things/get");
            assert_eq!(status, 200);
            assert_eq!(request_id.as_deref(), Some("req_1"));
            (display, body)
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[test]
fn the_payload_is_the_value_under_its_key() {
    let first = response(GET, r#"{"thing": {"id": "t1"}, "ok": true}"#);
    assert_eq!(first.payload::<Thing>("thing").unwrap(), thing("t1"));
    let last = response(GET, r#"{"ok": true, "thing": {"id": "t2"}}"#);
    assert_eq!(last.payload::<Thing>("thing").unwrap(), thing("t2"));
}

#[test]
fn other_keys_are_skipped_whatever_they_hold() {
    // Nothing else is decoded: values that fit no type, or `Thing` least of all, are fine.
    let body = r#"{"warnings": [{"deep": [1, {"x": null}]}], "id": 3, "thing": {"id": "t1", "extra": [true]}, "ok": true}"#;
    assert_eq!(
        response(GET, body).payload::<Thing>("thing").unwrap(),
        thing("t1")
    );
}

#[test]
fn a_missing_or_null_payload_is_an_invalid_response() {
    for body in [r#"{"ok": true}"#, r#"{"thing": null, "ok": true}"#, "{}"] {
        let error = response(GET, body).payload::<Thing>("thing").unwrap_err();
        assert_eq!(
            invalid_response(error),
            "the response body has no `thing`",
            "{body}"
        );
    }
}

#[test]
fn an_optional_payload_may_be_missing_or_null() {
    let optional = |body: &str| response(GET, body).optional_payload::<Thing>("thing");
    assert_eq!(optional(r#"{"ok": true}"#).unwrap(), None);
    assert_eq!(optional(r#"{"thing": null}"#).unwrap(), None);
    assert_eq!(
        optional(r#"{"thing": {"id": "t1"}}"#).unwrap(),
        Some(thing("t1"))
    );
    // Present but wrong is still an error.
    let (display, _) = decode_error(optional(r#"{"thing": 5}"#).unwrap_err());
    assert!(display.contains("invalid type: integer `5`"), "{display}");
}

#[test]
fn a_payload_of_the_wrong_type_is_a_decode_error_with_its_place() {
    let body = "{\n  \"ok\": true,\n  \"thing\": {\"id\": 7}\n}";
    let error = response(GET, body).payload::<Thing>("thing").unwrap_err();
    let (display, quoted) = decode_error(error);
    assert!(
        display.starts_with("GET /things/get returned HTTP 200 with a body that could not be decoded: invalid type: integer `7`, expected a string at line 3 column"),
        "{display}"
    );
    assert!(quoted.contains(r#""id": 7"#), "{quoted}");
}

#[test]
fn bodies_that_are_not_one_json_object_are_decode_errors() {
    for body in [
        "",
        "[]",
        "null",
        "\"thing\"",
        r#"{"thing": {"id": "t1"}"#,
        r#"{"thing": {"id": "t1"}} trailing"#,
        "<html>Bad Gateway</html>",
    ] {
        let error = response(GET, body).payload::<Thing>("thing").unwrap_err();
        decode_error(error);
    }
}

#[test]
fn the_quoted_body_is_a_window_around_the_error() {
    let filler = "x".repeat(5_000);
    let body =
        format!(r#"{{"padding": "{filler}", "thing": {{"id": false}}, "more": "{filler}"}}"#);
    let error = response(GET, &body).payload::<Thing>("thing").unwrap_err();
    let (_, quoted) = decode_error(error);
    assert!(quoted.contains(r#""id": false"#), "{quoted}");
    assert!(quoted.starts_with('…') && quoted.ends_with('…'), "{quoted}");
    // 512 bytes of the body and the two ellipses.
    assert_eq!(quoted.len(), 512 + 2 * '…'.len_utf8());
}

#[test]
fn empty_accepts_no_body_or_an_object_not_saying_ok_false() {
    for body in [
        "",
        " \n",
        "{}",
        r#"{"ok": true}"#,
        r#"{"ok": null, "x": [1]}"#,
    ] {
        response(GET, body).empty().unwrap();
    }
}

#[test]
fn empty_rejects_ok_false_and_bodies_that_are_not_json() {
    let error = response(GET, r#"{"ok": false, "error": {"type": "x"}}"#)
        .empty()
        .unwrap_err();
    assert_eq!(invalid_response(error), "the body says `\"ok\": false`");
    for body in ["<html><body>Bad gateway</body></html>", "not json", "[1]"] {
        let error = response(GET, body).empty().unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{body}: {error:?}");
    }
}

fn page(body: &str) -> Result<Page<Thing>, Error> {
    response(LIST, body).page("things", "pagination")
}

#[test]
fn a_page_has_the_items_and_the_next_cursor() {
    let page = page(
        r#"{"things": [{"id": "a"}, {"id": "b"}], "pagination": {"next_page_cursor": "c2", "has_next_page": true, "next_page_url": "https://x"}, "ok": true}"#,
    )
    .unwrap();
    assert_eq!(page.items, vec![thing("a"), thing("b")]);
    assert_eq!(page.next_page_cursor.as_deref(), Some("c2"));
    assert!(page.has_next_page);
}

#[test]
fn without_a_pagination_object_a_page_is_the_last() {
    for body in [
        r#"{"things": [{"id": "a"}]}"#,
        r#"{"things": [{"id": "a"}], "pagination": null}"#,
    ] {
        let page = page(body).unwrap();
        assert_eq!(page.items, vec![thing("a")], "{body}");
        assert_eq!(page.next_page_cursor, None, "{body}");
        assert!(!page.has_next_page, "{body}");
    }
}

#[test]
fn has_next_page_defaults_to_whether_there_is_a_cursor() {
    let with_cursor = page(r#"{"things": [], "pagination": {"next_page_cursor": "c2"}}"#).unwrap();
    assert!(with_cursor.has_next_page);
    for pagination in [
        r#"{}"#,
        r#"{"next_page_cursor": null}"#,
        r#"{"next_page_cursor": ""}"#,
    ] {
        let body = format!(r#"{{"things": [], "pagination": {pagination}}}"#);
        let page = page(&body).unwrap();
        assert_eq!(page.next_page_cursor, None, "{pagination}");
        assert!(!page.has_next_page, "{pagination}");
    }
}

#[test]
fn the_server_says_whether_there_is_a_next_page() {
    let last =
        page(r#"{"things": [], "pagination": {"next_page_cursor": "c2", "has_next_page": false}}"#)
            .unwrap();
    assert!(!last.has_next_page);
    assert_eq!(last.next_page_cursor.as_deref(), Some("c2"));
}

#[test]
fn missing_or_null_items_are_an_invalid_response() {
    for body in [
        r#"{"pagination": {"next_page_cursor": "c2"}}"#,
        r#"{"things": null, "pagination": null}"#,
    ] {
        match page(body).unwrap_err() {
            Error::InvalidResponse { message, .. } => {
                assert_eq!(message, "the response body has no `things`", "{body}")
            }
            other => panic!("{body}: expected InvalidResponse, got {other:?}"),
        }
    }
}

#[test]
fn a_malformed_pagination_object_is_a_decode_error() {
    let error = page(r#"{"things": [], "pagination": {"has_next_page": "yes"}}"#).unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[test]
fn the_response_tells_what_it_answers() {
    let answer = response(GET, r#"{"ok": true}"#);
    assert_eq!(answer.endpoint(), GET);
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.request_id(), Some("req_1"));
    assert_eq!(answer.body(), br#"{"ok": true}"#);
}

#[test]
fn a_huge_value_of_the_wrong_type_gives_a_bounded_message() {
    // serde quotes the whole string it did not expect.
    let body = format!(r#"{{"thing": "{}\n"}}"#, "s".repeat(1024 * 1024));
    let error = response(GET, &body).payload::<Thing>("thing").unwrap_err();
    let shown = error.to_string();
    assert!(shown.len() < 3_000, "{} bytes", shown.len());
    assert!(format!("{error:?}").len() < 3_000);
    assert!(!shown.chars().any(char::is_control));
}

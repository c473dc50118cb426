//! The credential never shows: not in the `Debug` of the client, its builder or a
//! response, not in any error's `Display` or `Debug`, not even when a server echoes it.

use std::borrow::Cow;

use super::{api_error, secret, GET, SECRET};
use crate::runtime::response::Response;
use crate::runtime::secret::Secret;
use crate::runtime::{Error, Seam, SeamBuilder};

fn assert_hidden(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
    // Nor a recognizable part of it.
    assert!(
        !text.contains(&SECRET[5..20]),
        "{what} shows part of the secret: {text}"
    );
}

#[test]
fn a_secret_debugs_as_redacted() {
    assert_eq!(format!("{:?}", secret()), "Secret([redacted])");
    assert_eq!(format!("{:#?}", secret()), "Secret([redacted])");
    assert_eq!(secret().expose(), SECRET);
}

#[test]
fn redact_from_replaces_every_occurrence() {
    let text = format!("key {SECRET} and again {SECRET}{SECRET}.");
    assert_eq!(
        secret().redact_from(&text),
        "key [redacted] and again [redacted][redacted]."
    );
    assert!(matches!(
        secret().redact_from("nothing here"),
        Cow::Borrowed(_)
    ));
    // An empty secret leaves everything as it is.
    let empty = Secret::new(String::new());
    assert_eq!(empty.redact_from("abc"), "abc");
}

#[test]
fn mask_in_keeps_the_length_and_hides_every_byte_of_the_secret() {
    let body = format!("[{SECRET}|{SECRET}{SECRET}]");
    let masked = secret().mask_in(body.as_bytes()).into_owned();
    assert_eq!(masked.len(), body.len());
    let stars = "*".repeat(SECRET.len());
    assert_eq!(
        String::from_utf8(masked).unwrap(),
        format!("[{stars}|{stars}{stars}]")
    );
    assert!(matches!(secret().mask_in(b"clean"), Cow::Borrowed(_)));
    assert!(matches!(secret().mask_in(b"short"), Cow::Borrowed(_)));
    let empty = Secret::new(String::new());
    assert!(matches!(empty.mask_in(b"abc"), Cow::Borrowed(_)));
}

#[test]
fn an_error_body_that_echoes_the_secret_is_redacted_everywhere() {
    let body = format!(
        r#"{{"error": {{"type": "invalid_input", "message": "bad key {SECRET}", "data": {{"key": "{SECRET}"}}, "validation_errors": {{"api_key": {{"_errors": ["{SECRET} is revoked"]}}}}}}}}"#
    );
    let error = api_error(400, &body);
    assert_eq!(error.message, "bad key [redacted]");
    assert_eq!(
        error.validation_errors["api_key"],
        vec!["[redacted] is revoked".to_owned()]
    );
    assert_hidden("ApiError::body", &error.body);
    assert_hidden("ApiError::data", &format!("{:?}", error.data));
    let error = Error::Api(Box::new(error));
    assert_hidden("Display", &error.to_string());
    assert_hidden("Debug", &format!("{error:?}"));
}

#[test]
fn a_non_json_body_that_echoes_the_secret_is_redacted() {
    let error = api_error(401, &format!("Bearer {SECRET} rejected"));
    assert_eq!(error.message, "Bearer [redacted] rejected");
    let error = Error::Unauthorized(Box::new(error));
    assert_hidden("Display", &error.to_string());
    assert_hidden("Debug", &format!("{error:?}"));
}

#[test]
fn a_decode_error_near_an_echoed_secret_masks_it() {
    // The secret sits right where decoding fails, and across the edge of the quoted
    // window: masking happens before the window is cut.
    let padding = "p".repeat(300);
    for body in [
        format!(r#"{{"thing": {{"id": 1, "key": "{SECRET}"}}}}"#),
        format!(r#"{{"key": "{SECRET}", "thing": {{"id": 1}}}}"#),
        format!(r#"{{"thing": {{"id": 1}}, "pad": "{padding}{SECRET}"}}"#),
        format!(r#"{{"pad": "{SECRET}{padding}", "thing": {{"id": 1}}}}"#),
    ] {
        let response = Response::new(
            GET,
            200,
            None,
            Default::default(),
            body.into_bytes(),
            secret(),
        );
        let error = response.payload::<String>("thing").unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        assert_hidden("Display", &error.to_string());
        assert_hidden("Debug", &format!("{error:?}"));
    }
}

#[test]
fn a_decode_error_about_the_echoed_secret_itself_redacts_it() {
    // serde_json quotes a string of the wrong type in its message.
    let body = format!("{{\n\"thing\": \"{SECRET}\"}}");
    let response = Response::new(
        GET,
        200,
        None,
        Default::default(),
        body.into_bytes(),
        secret(),
    );
    let error = response.payload::<u32>("thing").unwrap_err();
    let display = error.to_string();
    assert_hidden("Display", &display);
    assert_hidden("Debug", &format!("{error:?}"));
    assert!(
        display.contains(r#"invalid type: string "[redacted]", expected u32 at line 2 column"#),
        "{display}"
    );
}

#[test]
fn a_response_debugs_without_its_body() {
    let body = format!(r#"{{"key": "{SECRET}"}}"#);
    let length = body.len();
    let response = Response::new(
        GET,
        200,
        Some("req_1".into()),
        Default::default(),
        body.into_bytes(),
        secret(),
    );
    assert_eq!(
        format!("{response:?}"),
        format!(
            r#"Response {{ endpoint: GET /things/get, status: 200, request_id: Some("req_1"), body_len: {length}, .. }}"#
        )
    );
}

#[test]
fn clients_and_builders_debug_without_the_credential() {
    let api_key = SeamBuilder::new().api_key(SECRET);
    assert_hidden("SeamBuilder (API key)", &format!("{api_key:?}"));
    let client = api_key.build().expect("a valid key");
    assert_hidden("Seam (API key)", &format!("{client:?}"));
    assert_hidden("Seam (API key, pretty)", &format!("{client:#?}"));

    let token = Seam::builder().personal_access_token(SECRET, "ws_1");
    assert_hidden("SeamBuilder (token)", &format!("{token:?}"));
    let client = token.build().expect("a valid token");
    let debug = format!("{client:?}");
    assert_hidden("Seam (token)", &debug);
    assert!(
        debug.contains("personal access token") && debug.contains("ws_1"),
        "{debug}"
    );
}

#[test]
fn configuration_errors_do_not_quote_the_credential() {
    let bad = format!("{SECRET} \n");
    for error in [
        Seam::new(bad.clone()).unwrap_err(),
        Seam::builder()
            .personal_access_token(bad.clone(), "ws_1")
            .build()
            .unwrap_err(),
        Seam::builder()
            .api_key(SECRET)
            .personal_access_token(SECRET, "ws_1")
            .build()
            .unwrap_err(),
        SeamBuilder::from_env_with(|name| match name {
            "SEAM_API_KEY" | "SEAM_PERSONAL_ACCESS_TOKEN" => Some(SECRET.to_owned()),
            _ => None,
        })
        .unwrap_err(),
    ] {
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_hidden("Display", &error.to_string());
        assert_hidden("Debug", &format!("{error:?}"));
    }
}

//! No secret in any `Display` or `Debug`, whatever the server echoes: a server that puts
//! the API key in every place it can (headers, the request id, error bodies, messages,
//! types, validation errors, data, values of the wrong type, page cursors, the URL of the
//! next request) while the client meets every error variant.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::{CREATE, GET, LIST, SECRET};
use crate::runtime::{Endpoint, Error, HttpMethod, Page, Paginator, RetryPolicy, Seam};

/// Echoes the key into every header it sets and every string of `body`.
fn echoing(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("seam-request-id", format!("req {SECRET}").as_str())
        .insert_header("x-echo", format!("Bearer {SECRET}").as_str())
        .insert_header("set-cookie", format!("session={SECRET}").as_str())
        .insert_header("retry-after", "0")
        .set_body_json(body)
}

fn echoed_error_body() -> serde_json::Value {
    json!({
        "ok": false,
        "error": {
            "type": format!("type_{SECRET}"),
            "message": format!("your key Bearer {SECRET} is\nwrong \u{1b}[31m{SECRET}"),
            "data": {"key": SECRET},
            "validation_errors": {
                SECRET: {"_errors": [format!("bad {SECRET}")]},
                "_errors": [SECRET],
            },
        },
    })
}

fn client(server: &MockServer) -> Seam {
    Seam::builder()
        .api_key(SECRET)
        .endpoint(server.uri())
        .max_body_size(64 * 1024)
        .timeout(Duration::from_millis(200))
        .total_timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the key: {text}");
    assert!(!text.contains('\u{1b}'), "{what} has a raw escape: {text}");
}

/// Checks the error's `Display`, `Debug` and every source's, and returns its variant.
fn check(error: &Error) -> &'static str {
    assert_clean("Display", &error.to_string());
    assert_clean("Debug", &format!("{error:?}"));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_clean("a source's Display", &cause.to_string());
        assert_clean("a source's Debug", &format!("{cause:?}"));
        source = cause.source();
    }
    if let Some(id) = error.request_id() {
        assert_clean("request_id()", id);
    }
    match error {
        Error::Unauthorized(_) => "Unauthorized",
        Error::Api(_) => "Api",
        Error::Timeout { .. } => "Timeout",
        Error::DeadlineExceeded { .. } => "DeadlineExceeded",
        Error::ResponseTooLarge { .. } => "ResponseTooLarge",
        Error::Transport { .. } => "Transport",
        Error::Decode { .. } => "Decode",
        Error::InvalidResponse { .. } => "InvalidResponse",
        Error::Pagination { .. } => "Pagination",
        Error::Config(_) => "Config",
        Error::Encode { .. } => "Encode",
        Error::Timestamp(_) => "Timestamp",
    }
}

/// Answers `list` pages whose cursor is the key, every time.
struct SameCursor;

impl Respond for SameCursor {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        echoing(
            200,
            json!({"things": [1], "pagination": {"next_page_cursor": SECRET, "has_next_page": true}}),
        )
    }
}

static PATH_ECHO: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/things/slow",
};

#[tokio::test]
async fn no_error_variant_shows_the_key_a_server_echoes_anywhere() {
    let server = MockServer::start().await;
    let body = echoed_error_body();
    Mock::given(path("/things/create"))
        .respond_with(echoing(401, body.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/get"))
        .respond_with(echoing(400, body))
        .mount(&server)
        .await;
    Mock::given(path("/things/slow"))
        .respond_with(echoing(200, json!({})).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(path("/things/list"))
        .respond_with(SameCursor)
        .mount(&server)
        .await;
    Mock::given(path("/things/wrong"))
        .respond_with(echoing(200, json!({"thing": format!("Bearer {SECRET}")})))
        .mount(&server)
        .await;
    Mock::given(path("/things/big"))
        .respond_with(echoing(200, json!({"thing": SECRET.repeat(10_000)})))
        .mount(&server)
        .await;
    Mock::given(path("/things/empty"))
        .respond_with(echoing(
            200,
            json!({"ok": false, "error": {"message": SECRET}}),
        ))
        .mount(&server)
        .await;
    let seam = client(&server);
    let endpoint = |path: &'static str| -> &'static Endpoint {
        Box::leak(Box::new(Endpoint {
            method: HttpMethod::Get,
            path,
        }))
    };
    // Parameters carrying the key end up in the query string of the URL.
    let parameters = json!({"page_cursor": SECRET});
    let mut seen = Vec::new();

    seen.push(check(&seam.call(&CREATE, &parameters).await.unwrap_err()));
    seen.push(check(&seam.call(&GET, &parameters).await.unwrap_err()));
    // Timeout: one attempt of 200 ms; DeadlineExceeded: the total of 300 ms.
    seen.push(check(
        &seam
            .call(&PATH_ECHO, &parameters)
            .max_retries(0)
            .await
            .unwrap_err(),
    ));
    seen.push(check(
        &seam
            .call(&PATH_ECHO, &parameters)
            .timeout(Duration::from_secs(1))
            .await
            .unwrap_err(),
    ));
    seen.push(check(
        &seam
            .call(endpoint("/things/big"), &parameters)
            .await
            .unwrap_err(),
    ));
    // Transport: nothing listens there; the URL with the key is in reqwest's error.
    let closed = Seam::builder()
        .api_key(SECRET)
        .endpoint("http://127.0.0.1:1")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    seen.push(check(&closed.call(&GET, &parameters).await.unwrap_err()));
    // Decode: serde quotes the value of the wrong type.
    let response = seam
        .call(endpoint("/things/wrong"), &parameters)
        .await
        .unwrap();
    assert_clean("Response Debug", &format!("{response:?}"));
    assert_clean("metadata Debug", &format!("{:?}", response.metadata()));
    seen.push(check(&response.payload::<Vec<u32>>("thing").unwrap_err()));
    seen.push(check(&response.payload::<Vec<u32>>("missing").unwrap_err()));
    let response = seam
        .call(endpoint("/things/empty"), &parameters)
        .await
        .unwrap();
    let error = response.empty().unwrap_err();
    assert!(matches!(error, Error::InvalidResponse { .. }));
    check(&error);
    // Pagination: the cursor is the key, twice.
    let client = seam.clone();
    let mut pages = Paginator::new(&LIST, Some(SECRET.to_owned()), move |cursor| {
        let call = client.call(&LIST, &json!({"page_cursor": cursor}));
        async move { call.await?.page::<u32>("things", "pagination") }
    });
    let first: Page<u32> = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.items, [1]);
    assert_clean("Paginator Debug", &format!("{pages:?}"));
    seen.push(check(&pages.next_page().await.unwrap_err()));
    // Config: a key with a space is refused without being quoted.
    seen.push(check(
        &Seam::builder()
            .api_key(format!("{SECRET} x"))
            .build()
            .unwrap_err(),
    ));
    // Encode: query parameters that are not an object.
    seen.push(check(&seam.call(&GET, &[SECRET]).await.unwrap_err()));
    // Timestamp: made from the caller's own text, before any request (none echoes it).
    seen.push(check(&Error::from(
        "tomorrow".parse::<crate::runtime::Timestamp>().unwrap_err(),
    )));
    assert_clean("Seam Debug", &format!("{seam:?}"));
    assert_clean("Call Debug", &format!("{:?}", seam.call(&GET, &parameters)));

    seen.sort_unstable();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "Api",
            "Config",
            "DeadlineExceeded",
            "Decode",
            "Encode",
            "InvalidResponse",
            "Pagination",
            "ResponseTooLarge",
            "Timeout",
            "Timestamp",
            "Transport",
            "Unauthorized"
        ],
        "every variant was made"
    );
}

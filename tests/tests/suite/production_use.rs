//! The README's "Production use", through the generated `seam-sdk` against wiremock: the
//! one-line call still works, per-call options (timeout, deadline, retries) apply to one
//! call only, `with_metadata` returns the status, request id and headers of a success,
//! an endpoint that returns nothing rejects a `200` with `"ok": false` or an HTML body,
//! and a walk keeps the items read before a page that fails to decode.

use std::time::{Duration, Instant};

use seam_sdk::acs::credentials::{
    AcsCredentialsDeleteRequest, AcsCredentialsGetRequest, AcsCredentialsListRequest,
};
use seam_sdk::{Error, RetryPolicy, Seam};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "seam_testkey_PRODUCTION_7e57";

fn client(server: &MockServer) -> Seam {
    Seam::builder()
        .api_key(KEY)
        .endpoint(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .expect("a valid configuration")
}

fn credential(id: &str) -> Value {
    json!({
        "acs_credential_id": id,
        "acs_system_id": "sys_1",
        "access_method": "code",
        "created_at": "2025-01-01T00:00:00.000Z",
        "display_name": id,
        "errors": [],
        "warnings": [],
        "is_managed": true,
        "workspace_id": "ws_1",
    })
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

#[tokio::test]
async fn per_call_options_and_metadata_keep_the_one_line_call() {
    let server = MockServer::start().await;
    Mock::given(path("/acs/credentials/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req_42")
                .set_body_json(json!({"acs_credential": credential("c1"), "ok": true})),
        )
        .mount(&server)
        .await;
    let seam = client(&server);
    let credentials = seam.acs().credentials();

    let plain = credentials
        .get(AcsCredentialsGetRequest::new("c1"))
        .await
        .expect("the one-line call");
    assert_eq!(plain.acs_credential_id, "c1");

    let (credential, metadata) = credentials
        .get(AcsCredentialsGetRequest::new("c1"))
        .timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(10))
        .max_retries(0)
        .with_metadata()
        .await
        .expect("a call with options");
    assert_eq!(credential.acs_credential_id, "c1");
    assert_eq!(metadata.status(), 200);
    assert_eq!(metadata.request_id(), Some("req_42"));
    assert_eq!(metadata.headers()["content-type"], "application/json");
    assert!(!format!("{metadata:?}").contains(KEY));
}

#[tokio::test]
async fn a_per_call_deadline_bounds_retries_of_a_failing_server() {
    let server = MockServer::start().await;
    Mock::given(path("/acs/credentials/get"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let seam = client(&server);
    let started = Instant::now();
    let error = seam
        .acs()
        .credentials()
        .get(AcsCredentialsGetRequest::new("c1"))
        .deadline(Instant::now() + Duration::from_secs(2))
        .await
        .unwrap_err();
    // A 30 s wait does not fit in 2 s: the server's error, at once, after one request.
    assert_eq!(error.status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn an_endpoint_returning_nothing_rejects_ok_false_and_html() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(query_param("acs_credential_id", "ok_false"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"ok": false, "error": {"type": "x"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(query_param("acs_credential_id", "html"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Welcome to the captive portal</body></html>"),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(query_param("acs_credential_id", "fine"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let credentials = client(&server);
    let credentials = credentials.acs().credentials();
    let error = credentials
        .delete(AcsCredentialsDeleteRequest::new("ok_false"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "DELETE /acs/credentials/delete returned HTTP 200 with an unexpected body: the body says `\"ok\": false`"
    );
    let error = credentials
        .delete(AcsCredentialsDeleteRequest::new("html"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    credentials
        .delete(AcsCredentialsDeleteRequest::new("fine"))
        .await
        .expect("ok: true");
}

#[tokio::test]
async fn a_page_that_fails_to_decode_leaves_the_items_already_read() {
    let server = MockServer::start().await;
    Mock::given(path("/acs/credentials/list"))
        .and(query_param("page_cursor", "p2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"acs_credentials": [{"acs_credential_id": 7}], "ok": true})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/acs/credentials/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "acs_credentials": [credential("c1"), credential("c2")],
            "pagination": {"next_page_cursor": "p2", "has_next_page": true},
            "ok": true,
        })))
        .mount(&server)
        .await;
    let seam = client(&server);
    let mut pages = seam
        .acs()
        .credentials()
        .list_all(AcsCredentialsListRequest::new());
    let mut items = Vec::new();
    let error = pages.collect_into(&mut items).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    let ids: Vec<&str> = items.iter().map(|c| c.acs_credential_id.as_str()).collect();
    assert_eq!(ids, ["c1", "c2"]);
    assert_eq!(
        pages.next_cursor(),
        Some("p2"),
        "the walk stays at the failed page"
    );
}

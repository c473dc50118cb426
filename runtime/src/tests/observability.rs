//! What a caller can observe: a `tracing` span per call (endpoint, attempts, status,
//! request id), events for responses and retry waits, a span per page, none of them
//! showing the key; and the status, request id and headers of a success, through
//! `with_metadata`, without changing what the plain call returns.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::capturing;
use super::{GET, LIST, SECRET};
use crate::runtime::{Paginator, RetryPolicy, Seam};

fn client(server: &MockServer) -> Seam {
    Seam::builder()
        .api_key(SECRET)
        .endpoint(server.uri())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(2)))
        .build()
        .unwrap()
}

#[test]
fn a_call_has_a_span_with_its_endpoint_attempts_status_and_request_id_and_no_secret() {
    let (dispatch, capture) = capturing();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::dispatcher::with_default(&dispatch, || {
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/things/get"))
                .respond_with(
                    ResponseTemplate::new(503)
                        .insert_header("seam-request-id", format!("req_{SECRET}").as_str()),
                )
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/things/get"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .insert_header("seam-request-id", "req_2")
                        .set_body_json(json!({"thing": 1, "ok": true})),
                )
                .mount(&server)
                .await;
            Mock::given(path("/things/list"))
                .respond_with(ResponseTemplate::new(200).set_body_json(
                    json!({"things": [1, 2], "pagination": {"has_next_page": false}}),
                ))
                .mount(&server)
                .await;
            let seam = client(&server);
            let value: u32 = seam
                .call(&GET, &json!({"page_cursor": SECRET}))
                .await
                .unwrap()
                .payload("thing")
                .unwrap();
            assert_eq!(value, 1);
            let client = seam.clone();
            let items = Paginator::new(&LIST, None, move |_| {
                let call = client.call(&LIST, &());
                async move { call.await?.page::<u32>("things", "pagination") }
            })
            .collect_all()
            .await
            .unwrap();
            assert_eq!(items, [1, 2]);
        });
    });
    let text = capture.text();
    assert!(!text.contains(SECRET), "{text}");
    for expected in [
        "span seam.call: endpoint=GET /things/get",
        "record: attempts=1",
        "record: status=503",
        "record: request_id=req_[redacted]",
        "retrying",
        "wait_ms=",
        "record: attempts=2",
        "record: status=200",
        "record: request_id=req_2",
        "span seam.page: endpoint=GET /things/list page=1",
        "record: items=2",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:{text}");
    }
}

#[tokio::test]
async fn with_metadata_returns_the_status_request_id_and_headers_beside_the_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("seam-request-id", "req_7")
                .insert_header("x-rate-limit-remaining", "41")
                .insert_header("set-cookie", format!("s={SECRET}").as_str())
                .insert_header("x-echo", SECRET)
                .set_body_json(json!({"thing": 5})),
        )
        .mount(&server)
        .await;
    let seam = client(&server);
    let (value, metadata) = seam
        .call(&GET, &())
        .decode(|response| response.payload::<u32>("thing"))
        .with_metadata()
        .await
        .unwrap();
    assert_eq!(value, 5);
    assert_eq!(metadata.status(), 201);
    assert_eq!(metadata.request_id(), Some("req_7"));
    assert_eq!(metadata.headers()["x-rate-limit-remaining"], "41");
    let debug = format!("{metadata:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(
        debug.contains(r#""x-rate-limit-remaining": "41""#),
        "{debug}"
    );
    assert!(debug.contains(r#""set-cookie": "[redacted]""#), "{debug}");
    assert!(debug.contains(r#""x-echo": "[redacted]""#), "{debug}");
}

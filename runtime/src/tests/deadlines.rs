//! Time is bounded: a per-attempt timeout, an overall deadline covering retries and
//! waits, `Retry-After` never waited past the deadline, past dates falling back to the
//! backoff, per-call overrides, and errors a retry cannot fix sent once.

use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::RawServer;
use super::{GET, SECRET};
use crate::runtime::{Error, RetryPolicy, Seam, SeamBuilder};

fn builder(url: &str) -> SeamBuilder {
    Seam::builder().api_key(SECRET).endpoint(url).retry_policy(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(200)),
    )
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

async fn silent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_total_timeout_bounds_a_silent_server_retries_included() {
    let server = silent_server().await;
    let seam = builder(&server.uri())
        .timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_millis(800))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = seam.call(&GET, &()).await.unwrap_err();
    let elapsed = started.elapsed();
    // Two timed-out attempts with a backoff between, then the deadline cuts the third.
    assert!(
        matches!(error, Error::DeadlineExceeded { attempts: 3, budget, .. } if budget == Duration::from_millis(800))
            || matches!(error, Error::Timeout { .. }),
        "{error:?}"
    );
    assert!(elapsed < Duration::from_millis(1_000), "{elapsed:?}");
    eprintln!(
        "silent server, timeout 300 ms, total 800 ms: {elapsed:?}, {} requests, {error}",
        requests(&server).await
    );
}

#[tokio::test]
async fn a_per_call_deadline_and_timeout_override_the_client() {
    let server = silent_server().await;
    let seam = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    let error = seam
        .call(&GET, &())
        .deadline(Instant::now() + Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::DeadlineExceeded { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(
        error.to_string(),
        format!(
            "GET /things/get did not complete within its deadline of {:?} (1 attempt(s))",
            match error {
                Error::DeadlineExceeded { budget, .. } => budget,
                _ => unreachable!(),
            }
        )
    );

    let started = Instant::now();
    let error = seam
        .call(&GET, &())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(100)),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(400));
    assert_eq!(requests(&server).await, 2, "max_retries(0) sends once");
}

#[tokio::test]
async fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "999999"))
        .mount(&server)
        .await;
    let seam = builder(&server.uri())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = seam.call(&GET, &()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        error.api_error().unwrap().retry_after,
        Some(Duration::from_secs(999_999))
    );
    assert_eq!(requests(&server).await, 1);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    eprintln!("Retry-After 999999: {elapsed:?}, 1 request");
}

#[tokio::test]
async fn a_retry_after_date_in_the_past_falls_back_to_the_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"),
        )
        .mount(&server)
        .await;
    let seam = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    let error = seam.call(&GET, &()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.api_error().unwrap().retry_after, None);
    assert_eq!(requests(&server).await, 3);
    // Backoffs of 50..100 ms and 100..200 ms.
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    eprintln!("Retry-After in the past: 3 requests in {elapsed:?}");
}

#[test]
fn a_response_head_too_large_is_not_retried() {
    let server = RawServer::start(
        format!("HTTP/1.1 200 OK\r\nx-filler: {}", "h".repeat(1024 * 1024)),
        0,
        false,
    );
    let seam = builder(&server.url).build().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let error = runtime.block_on(seam.call(&GET, &()).send()).unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!error.is_retryable(), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn per_call_retry_policies_apply_to_that_call_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": {"type": "x"}})))
        .mount(&server)
        .await;
    let seam = Seam::builder()
        .api_key(SECRET)
        .endpoint(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    seam.call(&GET, &())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 3);
    seam.call(&GET, &()).await.unwrap_err();
    assert_eq!(requests(&server).await, 4);
}

#[test]
fn zero_timeouts_and_body_limits_are_configuration_errors() {
    for (builder, what) in [
        (
            builder("http://127.0.0.1:1").total_timeout(Duration::ZERO),
            "total timeout",
        ),
        (
            builder("http://127.0.0.1:1").connect_timeout(Duration::ZERO),
            "connect timeout",
        ),
        (
            builder("http://127.0.0.1:1").timeout(Duration::ZERO),
            "timeout",
        ),
    ] {
        let error = builder.build().unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("invalid Seam client configuration: the {what} must be longer than zero")
        );
    }
    assert!(matches!(
        builder("http://127.0.0.1:1").max_body_size(0).build(),
        Err(Error::Config(_))
    ));
}

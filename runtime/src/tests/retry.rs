//! When a failed request is tried again, and how long the client waits first.

use std::time::Duration;

use super::{api_error, GET};
use crate::runtime::{Error, HttpMethod, RetryPolicy};

fn api(status: u16) -> Error {
    Error::Api(Box::new(api_error(status, "")))
}

fn timeout() -> Error {
    Error::Timeout {
        endpoint: GET,
        timeout: Duration::from_secs(1),
    }
}

#[test]
fn the_default_policy_retries_idempotent_requests_twice_from_500_ms() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries, 2);
    assert_eq!(policy.initial_backoff, Duration::from_millis(500));
    assert_eq!(policy.max_backoff, Duration::from_secs(10));
    assert_eq!(policy.max_retry_after, Duration::from_secs(60));
    assert!(!policy.retry_non_idempotent);
    assert_eq!(RetryPolicy::new(), policy);
    assert_eq!(RetryPolicy::none(), policy.max_retries(0));
}

#[test]
fn setters_change_one_field_each() {
    let policy = RetryPolicy::none()
        .max_retries(4)
        .initial_backoff(Duration::from_millis(200))
        .max_backoff(Duration::from_secs(3))
        .max_retry_after(Duration::from_secs(5))
        .retry_non_idempotent(true);
    assert_eq!(policy.max_retries, 4);
    assert_eq!(policy.initial_backoff, Duration::from_millis(200));
    assert_eq!(policy.max_backoff, Duration::from_secs(3));
    assert_eq!(policy.max_retry_after, Duration::from_secs(5));
    assert!(policy.retry_non_idempotent);
}

#[test]
fn get_put_and_delete_are_idempotent_post_and_patch_are_not() {
    assert!(HttpMethod::Get.is_idempotent());
    assert!(HttpMethod::Put.is_idempotent());
    assert!(HttpMethod::Delete.is_idempotent());
    assert!(!HttpMethod::Post.is_idempotent());
    assert!(!HttpMethod::Patch.is_idempotent());
}

#[test]
fn retryable_errors_are_timeouts_429_and_5xx_but_501() {
    for status in [429, 500, 502, 503, 599] {
        assert!(api(status).is_retryable(), "HTTP {status}");
    }
    assert!(timeout().is_retryable());
    for status in [400, 404, 409, 422, 501, 600] {
        assert!(!api(status).is_retryable(), "HTTP {status}");
    }
    let unauthorized = Error::Unauthorized(Box::new(api_error(401, "")));
    assert!(!unauthorized.is_retryable());
    assert!(!Error::Config("bad".into()).is_retryable());
    let pagination = Error::Pagination {
        endpoint: GET,
        message: "repeated".into(),
    };
    assert!(!pagination.is_retryable());
}

#[tokio::test]
async fn a_refused_connection_is_retryable_a_request_that_cannot_be_built_is_not() {
    // A port that was free a moment ago: connecting to it is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port();
    let http = reqwest::Client::new();
    let refused = http
        .get(format!("http://127.0.0.1:{port}/"))
        .send()
        .await
        .expect_err("nothing listens there");
    let refused = Error::Transport {
        endpoint: GET,
        source: refused,
    };
    assert!(refused.is_retryable(), "{refused}");

    let unbuildable = http
        .get("http://exa mple.com/")
        .build()
        .expect_err("a space is not allowed in a host");
    let unbuildable = Error::Transport {
        endpoint: GET,
        source: unbuildable,
    };
    assert!(!unbuildable.is_retryable(), "{unbuildable}");
}

#[test]
fn should_retry_needs_a_retry_left_an_idempotent_method_and_a_retryable_error() {
    let policy = RetryPolicy::default();
    assert!(policy.should_retry(HttpMethod::Get, 0, &api(503)));
    assert!(policy.should_retry(HttpMethod::Delete, 1, &timeout()));
    assert!(policy.should_retry(HttpMethod::Put, 1, &api(429)));
    // Out of retries.
    assert!(!policy.should_retry(HttpMethod::Get, 2, &api(503)));
    assert!(!RetryPolicy::none().should_retry(HttpMethod::Get, 0, &api(503)));
    // Never a POST or PATCH by default...
    assert!(!policy.should_retry(HttpMethod::Post, 0, &api(503)));
    assert!(!policy.should_retry(HttpMethod::Patch, 0, &timeout()));
    // ...unless the policy opts in.
    let eager = policy.clone().retry_non_idempotent(true);
    assert!(eager.should_retry(HttpMethod::Post, 0, &api(503)));
    assert!(eager.should_retry(HttpMethod::Patch, 1, &timeout()));
    // A client error is final.
    assert!(!eager.should_retry(HttpMethod::Get, 0, &api(400)));
}

/// Every delay `policy` picks for `retries_done` over many draws lies in `[low, high]`.
fn assert_delays_between(policy: &RetryPolicy, retries_done: u32, low: Duration, high: Duration) {
    for _ in 0..200 {
        let delay = policy.delay(retries_done, None);
        assert!(
            (low..=high).contains(&delay),
            "retry {retries_done}: {delay:?} outside {low:?}..={high:?}"
        );
    }
}

#[test]
fn backoff_doubles_with_jitter_between_half_and_all() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(60));
    for retries_done in 0..6 {
        let full = Duration::from_millis(100 * (1 << retries_done));
        assert_delays_between(&policy, retries_done, full / 2, full);
    }
}

#[test]
fn backoff_is_jittered() {
    let policy = RetryPolicy::default().initial_backoff(Duration::from_secs(1));
    let delays: std::collections::HashSet<Duration> =
        (0..50).map(|_| policy.delay(0, None)).collect();
    assert!(delays.len() > 1, "50 draws gave one delay: {delays:?}");
}

#[test]
fn backoff_is_capped_without_overflowing() {
    let policy = RetryPolicy::default()
        .initial_backoff(Duration::from_secs(1))
        .max_backoff(Duration::from_secs(8));
    let cap = Duration::from_secs(8);
    for retries_done in [3, 4, 31, 32, 64, u32::MAX] {
        assert_delays_between(&policy, retries_done, cap / 2, cap);
    }
    let huge = RetryPolicy::default()
        .initial_backoff(Duration::MAX)
        .max_backoff(Duration::MAX);
    assert!(huge.delay(u32::MAX, None) >= Duration::MAX / 2);
}

#[test]
fn a_zero_backoff_never_waits() {
    let policy = RetryPolicy::default().initial_backoff(Duration::ZERO);
    assert_delays_between(&policy, 0, Duration::ZERO, Duration::ZERO);
    assert_delays_between(&policy, 5, Duration::ZERO, Duration::ZERO);
}

#[test]
fn retry_after_replaces_the_backoff_up_to_its_cap() {
    let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(30));
    assert_eq!(
        policy.delay(0, Some(Duration::from_secs(3))),
        Duration::from_secs(3)
    );
    // Even a wait shorter than the backoff would be.
    assert_eq!(policy.delay(5, Some(Duration::ZERO)), Duration::ZERO);
    assert_eq!(
        policy.delay(0, Some(Duration::from_secs(31))),
        Duration::from_secs(30)
    );
    assert_eq!(
        policy.delay(0, Some(Duration::MAX)),
        Duration::from_secs(30)
    );
}

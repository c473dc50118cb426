//! Response bodies are read as a stream, up to a limit: an oversized success fails with
//! `ResponseTooLarge` (at once when its `Content-Length` says so), an error body is read
//! only as far as its own limit, and a call's peak memory stays under twice the limit.

use std::time::{Duration, Instant};

use super::support::{peak_memory, RawServer};
use super::{GET, SECRET};
use crate::runtime::{Error, RetryPolicy, Seam, DEFAULT_MAX_BODY_SIZE};

const MIB: usize = 1024 * 1024;

fn client(url: &str, limit: usize) -> Seam {
    Seam::builder()
        .api_key(SECRET)
        .endpoint(url)
        .max_body_size(limit)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(10)),
        )
        .build()
        .expect("a valid configuration")
}

#[test]
fn the_default_limit_fits_a_large_page() {
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 32 * MIB);
}

#[test]
fn a_success_larger_than_its_content_length_says_is_refused_before_reading() {
    // 1 GiB announced; the server writes until the client hangs up.
    let server = RawServer::start(
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nseam-request-id: req_9", 1u64 << 30),
        1 << 30,
        false,
    );
    let seam = client(&server.url, 4 * MIB);
    let started = Instant::now();
    let (result, peak) = peak_memory(seam.call(&GET, &()).send());
    let elapsed = started.elapsed();
    let error = result.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge { limit, content_length: Some(length), status: 200, .. }
                if *limit == 4 * MIB && *length == 1 << 30
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "GET /things/get returned HTTP 200 with a body larger than the limit of 4194304 bytes \
         (Content-Length 1073741824); raise SeamBuilder::max_body_size if this is expected"
    );
    assert_eq!(error.request_id(), Some("req_9"));
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1, "not retried");
    assert!(peak < MIB, "peak {peak} bytes");
    eprintln!("content-length 1 GiB, limit 4 MiB: peak {peak} bytes, {elapsed:?}");
}

#[test]
fn a_chunked_success_over_the_limit_stops_at_the_limit_under_twice_its_memory() {
    // 1 GiB without a Content-Length: the limit is found while reading.
    let server = RawServer::start(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked"
            .to_owned(),
        1 << 30,
        true,
    );
    let limit = 4 * MIB;
    let seam = client(&server.url, limit);
    let started = Instant::now();
    let (result, peak) = peak_memory(seam.call(&GET, &()).send());
    let elapsed = started.elapsed();
    let error = result.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::ResponseTooLarge {
                content_length: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests(), 1, "not retried");
    assert!(peak < 2 * limit, "peak {peak} bytes, limit {limit}");
    // The client stopped reading: far less than the 1 GiB was sent.
    assert!(server.body_bytes_sent() < 64 * MIB as u64);
    eprintln!(
        "chunked 1 GiB, limit 4 MiB: peak {peak} bytes ({:.2}x the limit), {elapsed:?}, {} bytes sent",
        peak as f64 / limit as f64,
        server.body_bytes_sent()
    );
}

#[test]
fn a_body_at_the_limit_is_read() {
    let server = RawServer::start(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096".to_owned(),
        4096,
        false,
    );
    let seam = client(&server.url, 4096);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let response = runtime
        .block_on(seam.call(&GET, &()).send())
        .expect("exactly the limit");
    assert_eq!(response.body().len(), 4096);
}

#[test]
fn a_huge_error_body_is_read_only_up_to_its_limit_on_every_attempt() {
    // A 1 GiB `503` on a GET, retried twice: each attempt reads 64 KiB at most.
    let server = RawServer::start(
        format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: {}",
            1u64 << 30
        ),
        1 << 30,
        false,
    );
    let seam = client(&server.url, 4 * MIB);
    let started = Instant::now();
    let (result, peak) = peak_memory(seam.call(&GET, &()).send());
    let elapsed = started.elapsed();
    let error = result.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 503);
    assert!(api.body_truncated);
    assert_eq!(api.body.len(), 64 * 1024);
    assert_eq!(server.requests(), 3, "a 503 is still retried");
    assert!(peak < 2 * MIB, "peak {peak} bytes");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    eprintln!("1 GiB 503, 3 attempts: peak {peak} bytes, {elapsed:?}");
}

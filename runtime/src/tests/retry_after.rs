//! The `Retry-After` forms the client understands: whole or decimal seconds and HTTP
//! dates; anything else is ignored (the backoff applies), and the policy caps the wait.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::runtime::retry::parse_retry_after;
use crate::runtime::RetryPolicy;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
}

/// The wait `value` asks for is `epoch_seconds - now`, give or take the clock ticking
/// during the test.
fn assert_waits_until(value: &str, epoch_seconds: u64) {
    let before = now();
    let wait = parse_retry_after(value)
        .unwrap_or_else(|| panic!("{value:?} is an HTTP date"))
        .as_secs();
    let after = now();
    assert!(
        (epoch_seconds - after..=epoch_seconds - before).contains(&wait),
        "{value:?}: waits {wait} s, expected {} s",
        epoch_seconds - before
    );
}

#[test]
fn whole_seconds() {
    assert_eq!(parse_retry_after("0"), Some(Duration::ZERO));
    assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
    assert_eq!(parse_retry_after("007"), Some(Duration::from_secs(7)));
}

#[test]
fn seconds_too_large_for_a_u64_wait_as_long_as_possible() {
    assert_eq!(
        parse_retry_after("18446744073709551616"),
        Some(Duration::MAX)
    );
    assert_eq!(
        parse_retry_after("99999999999999999999999999999"),
        Some(Duration::MAX)
    );
}

#[test]
fn decimal_seconds() {
    assert_eq!(parse_retry_after("1.5"), Some(Duration::from_millis(1500)));
    assert_eq!(parse_retry_after("0.25"), Some(Duration::from_millis(250)));
}

#[test]
fn negative_or_non_finite_seconds_are_ignored() {
    for value in ["-1", "-0.5", "inf", "NaN", "-inf"] {
        assert_eq!(parse_retry_after(value), None, "{value:?}");
    }
}

#[test]
fn a_past_http_date_asks_for_nothing_so_the_backoff_applies() {
    assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), None);
    assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT"), None);
}

#[test]
fn a_future_http_date_waits_until_then() {
    // Epoch seconds from Python's `calendar.timegm`.
    assert_waits_until("Thu, 01 Jan 2099 00:00:00 GMT", 4_070_908_800);
    assert_waits_until("Tue, 29 Feb 2028 12:00:00 GMT", 1_835_438_400);
    assert_waits_until("Mon, 01 Mar 2100 00:00:00 GMT", 4_107_542_400);
    assert_waits_until("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799);
    // Surrounding whitespace is ignored; the weekday is not checked.
    assert_waits_until("  Mon, 01 Jan 2099 00:00:00 GMT ", 4_070_908_800);
}

#[test]
fn garbage_is_ignored() {
    for value in [
        "",
        "   ",
        "soon",
        "1 minute",
        "0x10",
        "Sun, 06 Nov 2094 08:49:37 UTC",
        "Sun, 06 Nov 2094 08:49:37",
        "06 Nov 2094 08:49:37 GMT",
        "Sun, 06 Nov 2094 08:49 GMT",
        "Sun, 06 Nov 2094 08:49:37:00 GMT",
        "Sun, 06 Nov 2094 08:49:37 GMT trailing",
        "Sun, 06 Foo 2094 08:49:37 GMT",
        "Sun, 06 nov 2094 08:49:37 GMT",
        "Sun, 32 Nov 2094 08:49:37 GMT",
        "Sun, 00 Nov 2094 08:49:37 GMT",
        "Sun, 06 Nov 2094 24:00:00 GMT",
        "Sun, 06 Nov 2094 08:60:00 GMT",
        "Sun, 06 Nov 2094 08:49:61 GMT",
        "Sun, 06 Nov 1969 08:49:37 GMT",
        "Sun, 06 Nov 10000 08:49:37 GMT",
        "Sun, xx Nov 2094 08:49:37 GMT",
    ] {
        assert_eq!(parse_retry_after(value), None, "{value:?}");
    }
}

#[test]
fn the_policy_caps_what_retry_after_asks_for() {
    let policy = RetryPolicy::default();
    let wait = |value: &str| policy.delay(0, parse_retry_after(value));
    assert_eq!(wait("2"), Duration::from_secs(2));
    assert_eq!(wait("86400"), Duration::from_secs(60));
    assert_eq!(wait("99999999999999999999999"), Duration::from_secs(60));
    assert_eq!(
        wait("Fri, 31 Dec 9999 23:59:59 GMT"),
        Duration::from_secs(60)
    );
    let strict = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
    assert_eq!(
        strict.delay(0, parse_retry_after("30")),
        Duration::from_secs(5)
    );
}

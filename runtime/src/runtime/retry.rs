//! When and how long to wait before trying a failed request again.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::runtime::endpoint::HttpMethod;
use crate::runtime::error::Error;

/// Which failed requests the client sends again, and how long it waits in between.
///
/// A request is retried when it timed out, the connection failed, or the API answered
/// `429 Too Many Requests` or a `5xx` status but `501 Not Implemented` (see
/// [`Error::is_retryable`]), and only if its method is idempotent
/// (`GET`, `PUT`, `DELETE`) unless [`retry_non_idempotent`](Self::retry_non_idempotent)
/// is set: by default a `POST` or `PATCH` is never sent twice.
///
/// Between attempts the client waits an exponentially growing backoff with jitter (between
/// half and all of `initial_backoff * 2^n`, at most `max_backoff`), or what the response's
/// `Retry-After` header asks for (seconds or an HTTP date), at most `max_retry_after`.
///
/// Start from [`RetryPolicy::default`] (or [`none`](Self::none)) and change what differs
/// with the setters, such as `RetryPolicy::default().max_retries(4)`; hand it to
/// [`SeamBuilder::retry_policy`](crate::runtime::SeamBuilder::retry_policy).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// How many times a request is retried after its first attempt (default 2).
    pub max_retries: u32,
    /// The backoff before the first retry, doubled for each later one (default 500 ms).
    pub initial_backoff: Duration,
    /// The longest backoff (default 10 s).
    pub max_backoff: Duration,
    /// The longest wait a `Retry-After` header can ask for; longer requests are cut to
    /// this (default 60 s).
    pub max_retry_after: Duration,
    /// Whether `POST` and `PATCH` requests are retried too (default `false`). Only set
    /// this if sending such a request twice is harmless for your use.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy: 2 retries of idempotent requests, starting at 500 ms.
    pub fn new() -> Self {
        RetryPolicy::default()
    }

    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Sets how many times a request is retried after its first attempt.
    #[must_use]
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Sets the backoff before the first retry.
    #[must_use]
    pub fn initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the longest backoff.
    #[must_use]
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets the longest wait a `Retry-After` header can ask for.
    #[must_use]
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Sets whether `POST` and `PATCH` requests are retried too.
    #[must_use]
    pub fn retry_non_idempotent(mut self, retry_non_idempotent: bool) -> Self {
        self.retry_non_idempotent = retry_non_idempotent;
        self
    }

    /// Whether a request that failed with `error` after `retries_done` retries is tried
    /// again.
    pub(crate) fn should_retry(
        &self,
        method: HttpMethod,
        retries_done: u32,
        error: &Error,
    ) -> bool {
        retries_done < self.max_retries
            && (method.is_idempotent() || self.retry_non_idempotent)
            && error.is_retryable()
    }

    /// How long to wait before retry number `retries_done + 1`.
    pub(crate) fn delay(&self, retries_done: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_retry_after),
            None => self.backoff(retries_done),
        }
    }

    /// Exponential backoff with "equal jitter": between half and all of
    /// `initial_backoff * 2^retries_done`, capped at `max_backoff`.
    fn backoff(&self, retries_done: u32) -> Duration {
        let factor = 1u32.checked_shl(retries_done).unwrap_or(u32::MAX);
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let half = full / 2;
        let half_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half.saturating_add(Duration::from_nanos(fastrand::u64(0..=half_nanos)))
    }
}

/// The wait a `Retry-After` header value asks for: whole (or decimal) seconds, or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`). `None` when the value is neither, or a
/// date that is not in the future (the client then uses its backoff).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        // All digits: seconds, even when too large for a u64.
        return Some(
            value
                .parse()
                .map(Duration::from_secs)
                .unwrap_or(Duration::MAX),
        );
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = parse_http_date(value)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    // A date that is already past asks for nothing usable (clocks differ): back off.
    (date > now).then(|| Duration::from_secs(date - now))
}

/// Seconds since the Unix epoch of an IMF-fixdate, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<u64> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next().filter(|weekday| weekday.ends_with(','))?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut time = parts.next()?.split(':');
    let hour: u64 = time.next()?.parse().ok()?;
    let minute: u64 = time.next()?.parse().ok()?;
    let second: u64 = time.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() || time.next().is_some() {
        return None;
    }
    if !(1970..=9999).contains(&year)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_since_epoch(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Days from 1970-01-01 to the given date (from Howard Hinnant's `days_from_civil`), for
/// years from 1970 on.
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year - era * 400;
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).saturating_sub(719_468)
}

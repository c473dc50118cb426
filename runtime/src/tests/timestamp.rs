//! `Timestamp`: the text it was made from is what it serializes; an instant is written as
//! JavaScript's `Date.prototype.toISOString`; RFC 3339 or a clear error; equality by
//! instant; decoding errors that say where.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::GET;
use crate::runtime::response::Response;
use crate::runtime::{query_string, Error, Timestamp, TimestampError};

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn hash(timestamp: &Timestamp) -> u64 {
    let mut hasher = DefaultHasher::new();
    timestamp.hash(&mut hasher);
    hasher.finish()
}

#[test]
fn parsed_text_is_kept_as_written() {
    for text in [
        "2024-03-01T10:40:00Z",
        "2024-03-01T10:40:00.000Z",
        "2024-03-01T11:40:00.123456789+01:00",
        "2024-03-01t10:40:00z",
        "2024-03-01T10:40:00-00:00",
    ] {
        let timestamp = ts(text);
        assert_eq!(timestamp.as_str(), text);
        assert_eq!(timestamp.to_string(), text);
        assert_eq!(
            serde_json::to_string(&timestamp).unwrap(),
            format!("\"{text}\"")
        );
        assert_eq!(Timestamp::try_from(text).unwrap().as_str(), text);
        assert_eq!(Timestamp::try_from(text.to_owned()).unwrap().as_str(), text);
    }
    assert_eq!(
        format!("{:?}", ts("2024-03-01T10:40:00Z")),
        r#"Timestamp("2024-03-01T10:40:00Z")"#
    );
}

#[test]
fn an_instant_is_written_as_a_javascript_date() {
    let instant = Utc.with_ymd_and_hms(2024, 3, 1, 10, 40, 0).unwrap();
    assert_eq!(
        Timestamp::from(instant).as_str(),
        "2024-03-01T10:40:00.000Z"
    );
    // A Date holds whole milliseconds: finer digits are dropped, toward the past.
    let fine = instant + chrono::Duration::nanoseconds(123_999_999);
    let timestamp = Timestamp::from(fine);
    assert_eq!(timestamp.as_str(), "2024-03-01T10:40:00.123Z");
    assert_eq!(
        timestamp.to_datetime(),
        ts("2024-03-01T10:40:00.123Z").to_datetime()
    );
    let before_epoch = DateTime::from_timestamp_millis(-1).unwrap();
    assert_eq!(
        Timestamp::from(before_epoch).as_str(),
        "1969-12-31T23:59:59.999Z"
    );
    let system = SystemTime::UNIX_EPOCH + Duration::from_millis(1_709_289_600_007);
    assert_eq!(Timestamp::from(system).as_str(), "2024-03-01T10:40:00.007Z");
    assert_eq!(Timestamp::default().as_str(), "1970-01-01T00:00:00.000Z");
    let now = Timestamp::now();
    assert_eq!(now.as_str().len(), "2024-03-01T10:40:00.000Z".len());
    assert_eq!(ts(now.as_str()), now);
}

#[test]
fn equality_ordering_and_hashing_go_by_instant() {
    let a = ts("2024-03-01T10:40:00Z");
    let b = ts("2024-03-01T10:40:00.000Z");
    let c = ts("2024-03-01T11:40:00+01:00");
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(hash(&a), hash(&b));
    assert_eq!(hash(&a), hash(&c));
    let later = ts("2024-03-01T10:40:00.001Z");
    assert_ne!(a, later);
    assert!(a < later);
    assert!(ts("2024-03-01T10:40:00+01:00") < a);
    assert_eq!(
        DateTime::<Utc>::from(&c),
        Utc.with_ymd_and_hms(2024, 3, 1, 10, 40, 0).unwrap()
    );
}

#[test]
fn anything_but_rfc_3339_is_a_clear_error() {
    for (text, reason) in [
        ("", "premature end of input"),
        ("2024-03-01", "premature end of input"),
        ("2024-03-01T10:40:00", "premature end of input"),
        ("2024-03-01T10:40Z", "premature end of input"),
        ("20240301T104000Z", "premature end of input"),
        ("2024-03-01T10:40:00+0100", "invalid characters"),
        ("2024-02-30T10:40:00Z", "out of range"),
        ("2024-03-01T10:40:00Z trailing", "trailing input"),
        ("March 1st", "premature end of input"),
    ] {
        let error: TimestampError = text.parse::<Timestamp>().unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("invalid date-time `{text}`: ")),
            "{message}"
        );
        assert!(message.contains(reason), "{text}: {message}");
        assert!(message.contains("expected RFC 3339"), "{message}");
    }
}

#[test]
fn a_rejected_input_is_shown_escaped_and_cut() {
    let hostile = format!("\u{1b}[31m{}", "9".repeat(10_000));
    let message = Timestamp::parse(&hostile).unwrap_err().to_string();
    assert!(!message.contains('\u{1b}'), "{message}");
    assert!(
        message.starts_with("invalid date-time `\\u{1b}[31m999"),
        "{message}"
    );
    assert!(message.contains("[cut: 10005 bytes in all]"), "{message}");
    assert!(message.len() < 300, "{} bytes", message.len());
}

#[test]
fn a_parse_error_converts_into_the_crate_error() {
    fn start(text: &str) -> Result<Timestamp, Error> {
        Ok(text.parse::<Timestamp>()?)
    }
    let error = start("tomorrow").unwrap_err();
    assert!(matches!(error, Error::Timestamp(_)), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("invalid date-time `tomorrow`"));
    assert_eq!(error.status(), None);
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Thing {
    id: String,
    created_at: Timestamp,
    ends_at: Option<Timestamp>,
}

#[test]
fn decoding_keeps_the_text_and_round_trips() {
    let json = r#"{"id":"t1","created_at":"2024-03-01T11:40:00.5+01:00","ends_at":null}"#;
    let thing: Thing = serde_json::from_str(json).unwrap();
    assert_eq!(thing.created_at, ts("2024-03-01T10:40:00.500Z"));
    assert_eq!(serde_json::to_string(&thing).unwrap(), json);
    // From an owned string too (serde_json::Value hands out `String`s).
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let thing: Thing = serde_json::from_value(value).unwrap();
    assert_eq!(thing.created_at.as_str(), "2024-03-01T11:40:00.5+01:00");
}

#[test]
fn a_bad_timestamp_in_a_response_names_the_field_and_the_input() {
    let body = r#"{"thing": {"id": "t1", "created_at": "yesterday"}, "ok": true}"#;
    let response = Response::new(
        GET,
        200,
        Some("req_1".to_owned()),
        Default::default(),
        body.as_bytes().to_vec(),
        super::secret(),
    );
    let error = response.payload::<Thing>("thing").unwrap_err();
    let display = error.to_string();
    match error {
        Error::Decode { body, .. } => {
            assert!(body.contains("\"created_at\": \"yesterday\""), "{body}")
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(
        display.contains("invalid date-time `yesterday`"),
        "{display}"
    );
    assert!(display.contains("column"), "{display}");
    // Not a string at all.
    let error = serde_json::from_str::<Thing>(r#"{"id":"t1","created_at":17}"#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected an RFC 3339 date-time string"),
        "{error}"
    );
}

#[test]
fn a_query_string_carries_the_text() {
    #[derive(Serialize)]
    struct Params {
        since: Timestamp,
        until: Timestamp,
    }
    let params = Params {
        since: ts("2024-03-01T11:40:00+01:00"),
        until: Timestamp::from(Utc.with_ymd_and_hms(2024, 3, 2, 0, 0, 0).unwrap()),
    };
    assert_eq!(
        query_string(&params).unwrap(),
        "since=2024-03-01T11%3A40%3A00%2B01%3A00&until=2024-03-02T00%3A00%3A00.000Z&_strict=true"
    );
}

/// The generator's layout estimate (`symbols/layout.rs`) counts a timestamp as 32 bytes,
/// and an `Option` of one as no larger.
#[test]
#[cfg(target_pointer_width = "64")]
fn a_timestamp_is_32_bytes_and_its_option_too() {
    assert_eq!(std::mem::size_of::<Timestamp>(), 32);
    assert_eq!(std::mem::size_of::<Option<Timestamp>>(), 32);
}

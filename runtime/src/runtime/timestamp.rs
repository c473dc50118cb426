//! [`Timestamp`]: a `format: date-time` value, parsed, that keeps the text it came with.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::runtime::text::bounded;

/// How much of a rejected input a [`TimestampError`] shows, in bytes.
const SHOWN: usize = 64;

/// An instant, from a `format: date-time` string of the API ([RFC 3339]), that keeps the
/// text it was made from.
///
/// - Decoded from a response, or parsed from a string (`"2024-03-01T10:40:00Z".parse()`,
///   [`Timestamp::parse`], `TryFrom<&str>`, `TryFrom<String>`), it serializes and
///   displays exactly that text: what the server sent, what you wrote. A string that is
///   not RFC 3339 is a [`TimestampError`], before anything is sent.
/// - Built from an instant (`From<chrono::DateTime<Utc>>`, `From<SystemTime>`,
///   [`Timestamp::now`]),
///   it is written as Seam's official JavaScript SDK sends a `Date` (its `toISOString`):
///   UTC, milliseconds, always three digits, `2024-03-01T10:40:00.000Z`. Like a `Date`, it
///   holds whole milliseconds: finer digits of the instant are dropped (toward the past).
///
/// Equality, ordering and hashing compare the instant alone: `2024-03-01T10:40:00Z`,
/// `2024-03-01T10:40:00.000Z` and `2024-03-01T11:40:00+01:00` are equal and hash alike,
/// although each serializes as written; compare [`as_str`](Self::as_str) for the text.
/// [`Default`] is the Unix epoch, `1970-01-01T00:00:00.000Z` (what a required field that
/// a server leaves out decodes to).
///
/// [RFC 3339]: https://www.rfc-editor.org/rfc/rfc3339#section-5.6
#[derive(Clone)]
pub struct Timestamp {
    instant: DateTime<Utc>,
    text: Box<str>,
}

impl Timestamp {
    /// The current time (the system clock), as an instant-built timestamp.
    pub fn now() -> Self {
        Self::from(SystemTime::now())
    }

    /// Parses an RFC 3339 date-time (`2024-03-01T10:40:00Z`, `2024-03-01T11:40:00.5+01:00`),
    /// keeping `text` as it is.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        Ok(Self {
            instant: instant_of(text)?,
            text: Box::from(text),
        })
    }

    /// The text this timestamp serializes as.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant, in UTC (the offset the text was written with is in
    /// [`as_str`](Self::as_str)).
    pub fn to_datetime(&self) -> DateTime<Utc> {
        self.instant
    }
}

/// The instant an RFC 3339 date-time names.
fn instant_of(text: &str) -> Result<DateTime<Utc>, TimestampError> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(instant) => Ok(instant.with_timezone(&Utc)),
        Err(reason) => Err(TimestampError {
            input: bounded(text, SHOWN).to_string(),
            reason,
        }),
    }
}

/// Builds a timestamp from an instant, written as Seam's JavaScript SDK writes a `Date`:
/// `2024-03-01T10:40:00.000Z`, with the instant cut to whole milliseconds.
impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        let millis = instant.timestamp_millis();
        let instant = DateTime::from_timestamp_millis(millis).unwrap_or(instant);
        Self {
            text: instant
                .to_rfc3339_opts(SecondsFormat::Millis, true)
                .into_boxed_str(),
            instant,
        }
    }
}

/// Builds a timestamp from a system time, as `From<DateTime<Utc>>` does.
impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        Self::from(DateTime::<Utc>::from(time))
    }
}

impl From<Timestamp> for DateTime<Utc> {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.instant
    }
}

impl From<&Timestamp> for DateTime<Utc> {
    fn from(timestamp: &Timestamp) -> Self {
        timestamp.instant
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, TimestampError> {
        Self::parse(text)
    }
}

impl TryFrom<&str> for Timestamp {
    type Error = TimestampError;

    fn try_from(text: &str) -> Result<Self, TimestampError> {
        Self::parse(text)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = TimestampError;

    fn try_from(text: String) -> Result<Self, TimestampError> {
        Ok(Self {
            instant: instant_of(&text)?,
            text: text.into_boxed_str(),
        })
    }
}

/// The Unix epoch. Cheap (no formatting): serde calls it for every model it decodes, as
/// the models take a missing field from their `Default`.
impl Default for Timestamp {
    fn default() -> Self {
        Self {
            instant: DateTime::<Utc>::UNIX_EPOCH,
            text: Box::from("1970-01-01T00:00:00.000Z"),
        }
    }
}

/// The text, as it serializes.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", &*self.text)
    }
}

/// The same instant, whatever the text.
impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for Timestamp {}

/// By instant, as equality.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The instant alone, so that equal timestamps hash alike.
impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

/// The text, as a JSON string (or a query-string value).
impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// A JSON string holding an RFC 3339 date-time; anything else is an error naming the
/// input and what is wrong with it (serde adds where: line and column).
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Timestamp, E> {
                Timestamp::try_from(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

/// A string that is not an RFC 3339 date-time: what was wrong, and the input (control
/// characters escaped, cut after 64 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    input: String,
    reason: chrono::ParseError,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date-time `{}`: {}; expected RFC 3339, such as `2024-03-01T10:40:00Z` or \
             `2024-03-01T11:40:00.000+01:00`",
            self.input, self.reason
        )
    }
}

impl std::error::Error for TimestampError {}

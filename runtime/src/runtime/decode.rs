//! Decoding helpers the generated models use, public so that your own types can decode
//! the same way (for example the models of an endpoint you call with
//! [`Seam::call`](crate::runtime::Seam::call)).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, Visitor};

/// Deserializes a JSON string into any type built from a `&str`, such as the SDK's string
/// enums, which keep values they do not know in an `Unknown` variant. The string is
/// borrowed from the input when the deserializer can lend it, so known values cost no
/// allocation; anything but a string is an error.
///
/// Fits serde's `deserialize_with` attribute, and a `Deserialize` implementation:
/// `fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
/// decode::string(deserializer) }`.
pub fn string<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StringVisitor<T>(PhantomData<fn() -> T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for StringVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(StringVisitor(PhantomData))
}

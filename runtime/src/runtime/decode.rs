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

/// Implements an open string enum's conversions, for an enum declared as the SDK's models
/// declare theirs: unit variants for the values it lists, and `Unknown(String)`, which
/// keeps any other value as sent (so that a value the API adds later decodes instead of
/// failing). `impl_open_enum!(Mode { Auto: "auto", Manual: "manual" })` gives `Mode`:
///
/// - `as_str`, the value as sent on the wire;
/// - `From<&str>`, from a wire value (`Unknown` for a value not listed);
/// - `Default`, the value the empty string decodes to (the variant listed as `""`, else
///   `Unknown("")`), so that a required field a response leaves out decodes like `""`;
/// - `Display` (the wire value), and `Serialize` and `Deserialize` as a JSON string
///   (decoded with [`string`], which borrows the input where it can).
#[macro_export]
macro_rules! impl_open_enum {
    ($name:ident { $( $variant:ident: $wire:literal ),* $(,)? }) => {
        #[allow(deprecated)]
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::default::Default for $name {
            /// The value the empty string decodes to.
            fn default() -> Self {
                Self::from("")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::decode::string(deserializer)
            }
        }
    };
}

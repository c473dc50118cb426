//! Small helpers the generated models call when decoding.

/// Decodes a string-valued enum from a borrowed or owned string without allocating for
/// known values.
pub(crate) fn deserialize_str<'de, D, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor<T>(fn(&str) -> T);

    impl<T> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }

    deserializer.deserialize_str(Visitor(from))
}

/// Whether `value` is an object with every one of `keys`. Used by untagged unions, which
/// not every part of the API has.
#[allow(dead_code)]
pub(crate) fn has_keys(value: &serde_json::Value, keys: &[&str]) -> bool {
    value
        .as_object()
        .is_some_and(|object| keys.iter().all(|key| object.contains_key(*key)))
}

/// Whether `value` is an object whose `key`s hold exactly these string values. Used by
/// untagged unions whose members fix some properties to constants.
#[allow(dead_code)]
pub(crate) fn has_constants(value: &serde_json::Value, pairs: &[(&str, &str)]) -> bool {
    pairs.iter().all(|(key, expected)| {
        value.get(*key).and_then(serde_json::Value::as_str) == Some(*expected)
    })
}

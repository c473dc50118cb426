//! Names: every name the analysis derives (types from where a schema sits: component,
//! parent type, property; SDK groups and methods from the path or the spec's names;
//! union variants from what tells them apart), and the one place where type names are
//! made unique, so that the same spec always yields the same names.
//!
//! The analysis passes decide *which* types and methods exist and call these functions to
//! name them; how a name is spelled in Rust (keywords, case of identifiers) is
//! [`crate::emit`]'s.

pub use crate::symbols::scope::Scope;
use crate::symbols::spelling::is_snake_case;
use crate::symbols::spelling::push_upper_camel;
use heck::ToSnakeCase;
use std::borrow::Cow;

/// `["acs", "credentials", "create"]` -> `AcsCredentialsCreate`.
pub fn pascal(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        push_upper_camel(part, &mut out);
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

/// `parent` followed by [`pascal`] of `part`, in one allocation: the analysis names a
/// type after its parent for every property and variant it meets.
fn after_parent(parent: &str, part: &str) -> String {
    let mut out = String::with_capacity(parent.len() + part.len() + 1);
    out.push_str(parent);
    let start = out.len();
    push_upper_camel(part, &mut out);
    if out.len() == start || out.as_bytes()[start].is_ascii_digit() {
        out.insert(start, 'T');
    }
    out
}

/// A crude English singular, good enough for property names of arrays
/// (`warnings` -> `warning`, `entries` -> `entry`, `addresses` -> `address`).
pub fn singular(word: &str) -> Cow<'_, str> {
    if let Some(stem) = word.strip_suffix("ies") {
        return Cow::Owned([stem, "y"].concat());
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if word.ends_with(suffix) {
            return Cow::Borrowed(&word[..word.len() - 2]);
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return Cow::Borrowed(&word[..word.len() - 1]);
    }
    Cow::Owned([word, "_item"].concat())
}

/// `"acsCredentials"` -> `acs_credentials`: group and method names, and path segments.
pub fn snake(s: &str) -> String {
    // Most names are snake case already, which heck would return as they are.
    if is_snake_case(s) {
        s.to_string()
    } else {
        s.to_snake_case()
    }
}

// ---------------------------------------------------------------- SDK groups and methods

/// The snake-case segments of a path, empty ones left out: `/acs/credentials/list` ->
/// `["acs", "credentials", "list"]`.
pub fn path_segments(path: &str) -> Vec<String> {
    path.split('/')
        .map(snake)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The group of an endpoint the spec does not name: its path's segments but the last.
pub fn group_from_path(segments: &[String]) -> Vec<String> {
    segments[..segments.len().saturating_sub(1)].to_vec()
}

/// The method name of an endpoint the spec does not name: its path's last segment
/// (`call` for `/`).
pub fn method_from_path(segments: &[String]) -> String {
    segments
        .last()
        .cloned()
        .unwrap_or_else(|| "call".to_string())
}

/// The method name given to an endpoint named after its path when that name is taken:
/// `health` sent with GET -> `get_health`.
pub fn method_with_http_method(http_method: &str, name: &str) -> String {
    format!("{}_{name}", http_method.to_ascii_lowercase())
}

/// The method that walks every page of the paginated method `name`.
pub fn paginator_method(name: &str) -> String {
    format!("{name}_all")
}

// ---------------------------------------------------------------- types

/// The type of a component schema: `acs_credential` -> `AcsCredential`.
pub fn component_type(component: &str) -> String {
    pascal(&[component])
}

/// The stem of an endpoint's types: its group and method, `AcsCredentialsCreate`.
pub fn endpoint_stem(group: &[String], method: &str) -> String {
    let mut parts: Vec<&str> = group.iter().map(String::as_str).collect();
    parts.push(method);
    pascal(&parts)
}

/// The `models` file that the inline types of an endpoint's response go to:
/// `acs_credentials_create`.
pub fn response_module(group: &[String], method: &str) -> String {
    let mut parts: Vec<&str> = group.iter().map(String::as_str).collect();
    parts.push(method);
    parts.join("_")
}

/// An endpoint's request struct: `AcsCredentialsCreateRequest`.
pub fn request_type(stem: &str) -> String {
    format!("{stem}Request")
}

/// The type of the pagination object of an endpoint's response.
pub fn pagination_type(stem: &str) -> String {
    format!("{stem}Pagination")
}

/// An inline type at property `property` of `parent` (a field, or the payload under a
/// response key): `AcsCredential` + `visionline_metadata` -> `AcsCredentialVisionlineMetadata`.
pub fn property_type(parent: &str, property: &str) -> String {
    after_parent(parent, property)
}

/// The items of an array at property `property` of `parent`, named in the singular:
/// `AcsCredential` + `warnings` -> `AcsCredentialWarning`.
pub fn property_item_type(parent: &str, property: &str) -> String {
    after_parent(parent, &singular(property))
}

/// The items of an array named `array` that sits at no property: `{array}Item`.
pub fn item_type(array: &str) -> String {
    [array, "Item"].concat()
}

/// The values of a map named `map`: `{map}Value`.
pub fn map_value_type(map: &str) -> String {
    [map, "Value"].concat()
}

/// The union holding the `oneOf` choice merged into the struct `parent` (see
/// [`super::OneOf`]): `{parent}Selector`.
pub fn selector_type(parent: &str) -> String {
    [parent, "Selector"].concat()
}

/// The struct field that holds a merged `oneOf` choice.
pub const SELECTOR_FIELD: &str = "selector";

/// The struct of a tagged union's variant: the union's name and the tag value,
/// `ActionAttemptLockDoor`.
pub fn tagged_variant_type(union: &str, tag_value: &str) -> String {
    after_parent(union, tag_value)
}

/// An inline type inside the variant `variant` of the union `union`.
pub fn variant_type(union: &str, variant: &str) -> String {
    [union, variant].concat()
}

// ---------------------------------------------------------------- union variants

/// A variant named by the constants that tell it apart (`LOCK_DOOR`, `pending` ->
/// `LockDoorPending`).
pub fn variant_from_constants<'v>(values: impl IntoIterator<Item = &'v str>) -> String {
    values
        .into_iter()
        .map(|v| pascal(&[&v.to_lowercase()]))
        .collect()
}

/// A variant named by its fields: the required ones, else all (`device_id` and
/// `acs_user_id` -> `DeviceIdAndAcsUserId`).
pub fn variant_from_fields(required: &[String], all: &[&String]) -> String {
    let names: Vec<&String> = if required.is_empty() {
        all.to_vec()
    } else {
        required.iter().collect()
    };
    names
        .iter()
        .map(|n| pascal(&[n]))
        .collect::<Vec<_>>()
        .join("And")
}

/// A variant holding a value of a JSON type (`"string"` -> `String`), `None` for other
/// kinds.
pub fn variant_from_json_type(json_type: &str) -> Option<String> {
    match json_type {
        "string" | "number" | "integer" | "boolean" | "array" => Some(pascal(&[json_type])),
        _ => None,
    }
}

/// A variant with nothing to be named after: `Variant1`, `Variant2`, ... by position.
pub fn numbered_variant(index: usize) -> String {
    format!("Variant{}", index + 1)
}

/// Makes the variant name `wanted` unique among those `taken` in one union: as it is, or
/// followed by the variant's first constant (`constant`), or by 2, 3, ...
pub fn unique_variant(
    taken: &mut Scope,
    wanted: String,
    constant: impl FnOnce() -> Option<String>,
) -> String {
    taken.claim_or(&wanted, || {
        constant().map(|c| format!("{wanted}{}", pascal(&[&c])))
    })
}

/// The type names handed out so far (made unique by the one uniquifier,
/// [`crate::symbols::scope::Scope`]).
pub type Names = Scope;

#[cfg(test)]
mod tests {
    use super::*;
    use heck::ToUpperCamelCase;

    #[test]
    fn pascal_joins_and_guards_digits() {
        assert_eq!(
            pascal(&["acs", "credentials", "create"]),
            "AcsCredentialsCreate"
        );
        assert_eq!(pascal(&["1"]), "T1");
    }

    #[test]
    fn snake_case_words_are_spelled_as_heck_spells_them() {
        for word in [
            "visionline_metadata",
            "a",
            "a__b",
            "_leading",
            "trailing_",
            "___",
            "1st_try",
            "v2",
            "ab_1c_2",
            "x_y_z",
        ] {
            let mut ours = String::new();
            push_upper_camel(word, &mut ours);
            assert_eq!(ours, word.to_upper_camel_case(), "{word}");
        }
        // Not snake case: heck's own word splitting.
        assert_eq!(
            pascal(&["acsCredential", "HTTPServer", "née-x"]),
            "AcsCredentialHttpServerNéeX"
        );
    }

    #[test]
    fn singular_handles_common_plurals() {
        assert_eq!(singular("warnings"), "warning");
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "status_item");
    }

    #[test]
    fn groups_and_methods_come_from_snake_case_path_segments() {
        let segments = path_segments("/acs/credentialPools//list_all/");
        assert_eq!(segments, ["acs", "credential_pools", "list_all"]);
        assert_eq!(group_from_path(&segments), ["acs", "credential_pools"]);
        assert_eq!(method_from_path(&segments), "list_all");
        assert!(group_from_path(&[]).is_empty());
        assert_eq!(method_from_path(&[]), "call");
        assert_eq!(method_with_http_method("GET", "health"), "get_health");
        assert_eq!(paginator_method("list"), "list_all");
    }

    #[test]
    fn endpoint_types_are_named_after_group_and_method() {
        let group = vec!["acs".to_string(), "credentials".to_string()];
        let stem = endpoint_stem(&group, "list");
        assert_eq!(stem, "AcsCredentialsList");
        assert_eq!(request_type(&stem), "AcsCredentialsListRequest");
        assert_eq!(selector_type(&stem), "AcsCredentialsListSelector");
        assert_eq!(pagination_type(&stem), "AcsCredentialsListPagination");
        assert_eq!(response_module(&group, "list"), "acs_credentials_list");
    }

    #[test]
    fn inline_types_are_named_after_their_parent_and_property() {
        assert_eq!(component_type("acs_credential"), "AcsCredential");
        assert_eq!(
            property_type("AcsCredential", "visionline_metadata"),
            "AcsCredentialVisionlineMetadata"
        );
        assert_eq!(
            property_item_type("AcsCredential", "warnings"),
            "AcsCredentialWarning"
        );
        assert_eq!(item_type("Devices"), "DevicesItem");
        assert_eq!(map_value_type("Labels"), "LabelsValue");
        assert_eq!(
            tagged_variant_type("Warning", "low_battery"),
            "WarningLowBattery"
        );
        assert_eq!(variant_type("Value", "Pin"), "ValuePin");
    }

    #[test]
    fn union_variants_are_named_by_constants_fields_or_json_type() {
        assert_eq!(
            variant_from_constants(["LOCK_DOOR", "pending"]),
            "LockDoorPending"
        );
        let (a, b) = ("device_id".to_string(), "note".to_string());
        assert_eq!(
            variant_from_fields(std::slice::from_ref(&a), &[&a, &b]),
            "DeviceId"
        );
        assert_eq!(variant_from_fields(&[], &[&a, &b]), "DeviceIdAndNote");
        assert_eq!(
            variant_from_json_type("integer").as_deref(),
            Some("Integer")
        );
        assert_eq!(variant_from_json_type("object"), None);
        assert_eq!(numbered_variant(0), "Variant1");
    }

    #[test]
    fn variant_names_are_made_unique_by_a_constant_then_a_number() {
        let mut taken = Scope::default();
        assert_eq!(unique_variant(&mut taken, "A".into(), || None), "A");
        assert_eq!(
            unique_variant(&mut taken, "A".into(), || Some("special".into())),
            "ASpecial"
        );
        assert_eq!(
            unique_variant(&mut taken, "A".into(), || Some("special".into())),
            "A2"
        );
        assert_eq!(unique_variant(&mut taken, "A".into(), || None), "A3");
    }
}

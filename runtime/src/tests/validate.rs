//! Request checks (feature `testing`): each rule of `validate.rs` on a small request shape
//! written like the generated ones, the error body it gives, and query strings read back
//! as typed JSON.

use serde_json::{json, Value};

use crate::runtime::validate::{
    ArrayShape, Bound, Field, Format, NumberShape, ObjectShape, Selector, Shape, StringShape,
    TaggedShape,
};

static METADATA: ObjectShape = ObjectShape {
    fields: &[
        Field::optional("auto_join", Shape::Boolean),
        Field::optional("card_ids", Shape::Array(&ArrayShape::of(Shape::UUID))),
    ],
    selector: None,
};

/// Like `/acs/credentials/create`, with a limit of each kind besides.
static CREATE: ObjectShape = ObjectShape {
    fields: &[
        Field::required("access_method", Shape::Enum(&["code", "card"])),
        Field::optional(
            "code",
            Shape::String(&StringShape {
                pattern: Some(r"^\d+$"),
                ..StringShape::ANY
            }),
        ),
        Field::optional("ends_at", Shape::DATE_TIME),
        Field::optional(
            "search",
            Shape::String(&StringShape {
                min_length: Some(1),
                max_length: Some(4),
                ..StringShape::ANY
            }),
        ),
        Field::optional(
            "limit",
            Shape::Integer(&NumberShape {
                minimum: Some(Bound {
                    value: 0.0,
                    exclusive: true,
                }),
                maximum: Some(Bound {
                    value: 500.0,
                    exclusive: false,
                }),
            }),
        ),
        Field::optional("ratio", Shape::NUMBER),
        Field::optional("page_cursor", Shape::Nullable(&Shape::STRING)),
        Field::optional(
            "entrance_ids",
            Shape::Array(&ArrayShape {
                items: Shape::UUID,
                min_items: Some(1),
                max_items: Some(2),
            }),
        ),
        Field::optional("metadata", Shape::Object(&METADATA)),
        Field::optional("labels", Shape::Map(&Shape::STRING)),
        Field::optional("email", Shape::String(&StringShape::format(Format::Email))),
        Field::optional(
            "either",
            Shape::AnyOf(&[Shape::Boolean, Shape::Enum(&["x"])]),
        ),
        Field::optional("event", Shape::Tagged(&EVENT)),
        Field::optional("anything", Shape::Any),
    ],
    selector: None,
};

static EVENT: TaggedShape = TaggedShape {
    tag: "kind",
    variants: &[("opened", &OPENED), ("closed", &CLOSED)],
};
static OPENED: ObjectShape = ObjectShape {
    fields: &[Field::required("door_id", Shape::UUID)],
    selector: None,
};
static CLOSED: ObjectShape = ObjectShape {
    fields: &[],
    selector: None,
};

/// Like `/acs/credentials/list`: a selector of which choosing none is valid.
static LIST: ObjectShape = ObjectShape {
    fields: &[Field::optional("limit", Shape::NUMBER)],
    selector: Some(&Selector {
        required: false,
        choices: &[
            &[Field::required("acs_user_id", Shape::UUID)],
            &[Field::required("acs_system_id", Shape::UUID)],
            &[
                Field::required("acs_user_id", Shape::UUID),
                Field::required("acs_system_id", Shape::UUID),
            ],
            &[Field::required("user_identity_id", Shape::UUID)],
        ],
    }),
};

/// The same selector, one group required (`/acs/credentials/unmanaged/list`).
static UNMANAGED_LIST: ObjectShape = ObjectShape {
    fields: &[],
    selector: Some(&Selector {
        required: true,
        choices: &[
            &[Field::required("acs_user_id", Shape::UUID)],
            &[Field::required("user_identity_id", Shape::UUID)],
        ],
    }),
};

const UUID: &str = "33333333-3333-3333-3333-333333333333";

/// The paths and messages of `shape.check(request)`'s issues (none when it passes).
fn issues(shape: &ObjectShape, request: Value) -> Vec<(String, String)> {
    match shape.check(&request) {
        Ok(()) => Vec::new(),
        Err(invalid) => invalid
            .issues
            .into_iter()
            .map(|issue| (issue.path.join("."), issue.message))
            .collect(),
    }
}

fn one(path: &str, message: &str) -> Vec<(String, String)> {
    vec![(path.to_owned(), message.to_owned())]
}

#[test]
fn a_request_with_every_parameter_valid_passes() {
    let request = json!({
        "access_method": "code",
        "code": "0123",
        "ends_at": "2025-07-01T10:40:00.123+02:00",
        "search": "door",
        "limit": 500,
        "ratio": 0.5,
        "page_cursor": null,
        "entrance_ids": [UUID],
        "metadata": { "auto_join": true, "card_ids": [], "undeclared": 1 },
        "labels": { "a": "b" },
        "email": "jane@example.com",
        "either": "x",
        "event": { "kind": "opened", "door_id": UUID },
        "anything": [null, {}],
        "undeclared": "let through, as the API does",
    });
    assert_eq!(issues(&CREATE, request), []);
    assert_eq!(issues(&CREATE, json!({ "access_method": "card" })), []);
}

#[test]
fn a_missing_required_parameter_is_required() {
    assert_eq!(issues(&CREATE, json!({})), one("access_method", "Required"));
    assert_eq!(
        issues(&OPENED, json!({ "door_id": null })),
        one("door_id", "Expected string, received null")
    );
}

#[test]
fn types_are_named_as_zod_names_them() {
    let cases = [
        (
            json!({ "code": 1234 }),
            "code",
            "Expected string, received number",
        ),
        (
            json!({ "limit": "10" }),
            "limit",
            "Expected number, received string",
        ),
        (
            json!({ "limit": 1.5 }),
            "limit",
            "Expected integer, received float",
        ),
        (
            json!({ "metadata": [] }),
            "metadata",
            "Expected object, received array",
        ),
        (
            json!({ "metadata": { "auto_join": "yes" } }),
            "metadata.auto_join",
            "Expected boolean, received string",
        ),
        (
            json!({ "entrance_ids": UUID }),
            "entrance_ids",
            "Expected array, received string",
        ),
        (
            json!({ "labels": { "a": false } }),
            "labels.a",
            "Expected string, received boolean",
        ),
        (
            json!({ "ends_at": null }),
            "ends_at",
            "Expected string, received null",
        ),
    ];
    for (mut request, path, message) in cases {
        request["access_method"] = json!("code");
        assert_eq!(
            issues(&CREATE, request.clone()),
            one(path, message),
            "{request}"
        );
    }
    assert_eq!(
        issues(&CREATE, json!("not an object")),
        one("", "Expected object, received string")
    );
}

#[test]
fn enum_values_formats_and_patterns_are_checked() {
    let cases = [
        (
            json!({ "access_method": "pin" }),
            "access_method",
            "Invalid enum value. Expected 'code' | 'card', received 'pin'",
        ),
        (json!({ "code": "12a4" }), "code", "Invalid"),
        (json!({ "code": "" }), "code", "Invalid"),
        (
            json!({ "ends_at": "2025-07-01" }),
            "ends_at",
            "Invalid datetime",
        ),
        (
            json!({ "ends_at": "2025-02-29T10:00:00Z" }),
            "ends_at",
            "Invalid datetime",
        ),
        (
            json!({ "ends_at": "2025-07-01T10:40:00" }),
            "ends_at",
            "Invalid datetime",
        ),
        (
            json!({ "ends_at": "2025-07-01T24:00:00Z" }),
            "ends_at",
            "Invalid datetime",
        ),
        (
            json!({ "entrance_ids": ["not-a-uuid"] }),
            "entrance_ids.0",
            "Invalid uuid",
        ),
        (
            json!({ "metadata": { "card_ids": [UUID, "x"] } }),
            "metadata.card_ids.1",
            "Invalid uuid",
        ),
        (json!({ "email": "jane" }), "email", "Invalid email"),
        (json!({ "either": "y" }), "either", "Invalid input"),
        (
            json!({ "event": { "kind": "opened" } }),
            "event.door_id",
            "Required",
        ),
        (
            json!({ "event": { "kind": "ajar" } }),
            "event.kind",
            "Invalid discriminator value. Expected 'opened' | 'closed'",
        ),
    ];
    for (mut request, path, message) in cases {
        if request.get("access_method").is_none() {
            request["access_method"] = json!("code");
        }
        assert_eq!(
            issues(&CREATE, request.clone()),
            one(path, message),
            "{request}"
        );
    }
}

#[test]
fn date_times_are_read_as_rfc_3339_with_a_zone() {
    for good in [
        "2024-02-29T10:00:00Z",
        "2025-07-01t10:40:00z",
        "2025-07-01 10:40:00+0200",
        "2025-07-01T10:40:00.692-02",
        "2016-12-31T23:59:60Z",
    ] {
        assert!(Format::DateTime.accepts(good), "{good}");
    }
    for bad in [
        "2025-13-01T10:00:00Z",
        "2025-07-01T10:00Z",
        "2025-07-01T10:00:00.Z",
        "2025-07-01T10:00:00+2",
        "25-07-01T10:00:00Z",
        "2025-07-01T10:00:00Z ",
        "",
    ] {
        assert!(!Format::DateTime.accepts(bad), "{bad}");
    }
    assert!(Format::Uuid.accepts("ABCDEF01-2345-6789-abcd-ef0123456789"));
    assert!(!Format::Uuid.accepts("abcdef01-2345-6789-abcd-ef012345678"));
    assert!(Format::Uri.accepts("https://example.com/a?b"));
    assert!(!Format::Uri.accepts("example.com"));
    assert!(Format::Date.accepts("2024-02-29") && !Format::Date.accepts("2023-02-29"));
    assert!(Format::Time.accepts("10:40:00") && !Format::Time.accepts("10:60:00"));
}

#[test]
fn lengths_and_bounds_are_checked_as_javascript_counts() {
    let cases = [
        (
            json!({ "search": "" }),
            "search",
            "String must contain at least 1 character(s)",
        ),
        (
            json!({ "search": "doors" }),
            "search",
            "String must contain at most 4 character(s)",
        ),
        (
            json!({ "limit": 0 }),
            "limit",
            "Number must be greater than 0",
        ),
        (
            json!({ "limit": 501 }),
            "limit",
            "Number must be less than or equal to 500",
        ),
        (
            json!({ "entrance_ids": [] }),
            "entrance_ids",
            "Array must contain at least 1 element(s)",
        ),
        (
            json!({ "entrance_ids": [UUID, UUID, UUID] }),
            "entrance_ids",
            "Array must contain at most 2 element(s)",
        ),
    ];
    for (mut request, path, message) in cases {
        request["access_method"] = json!("code");
        assert_eq!(
            issues(&CREATE, request.clone()),
            one(path, message),
            "{request}"
        );
    }
    // Two UTF-16 code units, as JavaScript's `length` counts an emoji.
    assert_eq!(
        issues(
            &CREATE,
            json!({ "access_method": "code", "search": "🚪🚪🚪" })
        ),
        one("search", "String must contain at most 4 character(s)")
    );
    assert_eq!(
        issues(&CREATE, json!({ "access_method": "code", "search": "ééé" })),
        []
    );
}

#[test]
fn a_selector_takes_exactly_one_group_or_none_when_optional() {
    for good in [
        json!({}),
        json!({ "acs_user_id": UUID }),
        json!({ "acs_system_id": UUID, "limit": 1 }),
        json!({ "acs_user_id": UUID, "acs_system_id": UUID }),
        json!({ "user_identity_id": UUID }),
    ] {
        assert_eq!(issues(&LIST, good.clone()), [], "{good}");
    }
    let both = issues(
        &LIST,
        json!({ "acs_user_id": UUID, "user_identity_id": UUID }),
    );
    assert_eq!(both.len(), 1);
    assert_eq!(both[0].0, "");
    assert_eq!(
        both[0].1,
        "Invalid input: expected exactly one of acs_user_id | acs_system_id | acs_user_id and acs_system_id | user_identity_id; received acs_user_id, user_identity_id"
    );
    // The chosen group's values are checked like any parameter.
    assert_eq!(
        issues(&LIST, json!({ "acs_user_id": "nope" })),
        one("acs_user_id", "Invalid uuid")
    );

    let none = issues(&UNMANAGED_LIST, json!({}));
    assert_eq!(none.len(), 1);
    assert!(none[0].1.ends_with("received none"), "{none:?}");
    assert_eq!(
        issues(&UNMANAGED_LIST, json!({ "user_identity_id": UUID })),
        []
    );
}

#[test]
fn the_error_body_is_seams_invalid_input_with_zods_validation_errors() {
    let invalid = CREATE
        .check(&json!({ "code": "x", "metadata": { "card_ids": ["y"] } }))
        .expect_err("invalid");
    assert_eq!(
        invalid.parameters(),
        ["access_method", "code", "metadata.card_ids.0"]
    );
    assert_eq!(
        invalid.to_body(Some("request1")),
        json!({
            "error": {
                "type": "invalid_input",
                "message": "3 Input Errors: access_method is required, Invalid for \"code\", Invalid uuid for \"metadata.card_ids.0\"",
                "validation_errors": {
                    "_errors": [],
                    "access_method": { "_errors": ["Required"] },
                    "code": { "_errors": ["Invalid"] },
                    "metadata": { "_errors": [], "card_ids": { "_errors": [], "0": { "_errors": ["Invalid uuid"] } } },
                },
                "request_id": "request1",
            },
            "ok": false,
        })
    );
    let single = CREATE.check(&json!({})).expect_err("invalid");
    assert_eq!(single.to_string(), "access_method is required");
    assert!(single.to_body(None)["error"].get("request_id").is_none());
}

#[test]
fn the_body_parses_back_into_an_api_error_naming_each_parameter() {
    let invalid = CREATE
        .check(&json!({ "access_method": 1, "ends_at": "soon" }))
        .expect_err("invalid");
    let body = invalid.to_body(Some("req_1")).to_string();
    let error = super::api_error(400, &body);
    assert_eq!(error.kind.as_deref(), Some("invalid_input"));
    assert_eq!(
        error.validation_errors.keys().collect::<Vec<_>>(),
        ["access_method", "ends_at"]
    );
    assert_eq!(error.validation_errors["ends_at"], ["Invalid datetime"]);
}

#[test]
fn a_query_string_reads_back_as_the_declared_types() {
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let value = CREATE.query_value(&pairs(&[
        ("access_method", "code"),
        ("limit", "10"),
        ("ratio", "0.5"),
        ("page_cursor", ""),
        ("entrance_ids", UUID),
        ("entrance_ids", UUID),
        ("metadata.auto_join", "true"),
        ("metadata.card_ids", ""),
        ("undeclared", "1"),
    ]));
    assert_eq!(
        value,
        json!({
            "access_method": "code",
            "limit": 10,
            "ratio": 0.5,
            "page_cursor": null,
            "entrance_ids": [UUID, UUID],
            "metadata": { "auto_join": true, "card_ids": [] },
            "undeclared": "1",
        })
    );
    assert_eq!(CREATE.check(&value), Ok(()));
    // What does not read as the declared type stays a string, and is named.
    let value = CREATE.query_value(&pairs(&[("access_method", "code"), ("limit", "ten")]));
    assert_eq!(
        issues(&CREATE, value),
        one("limit", "Expected number, received string")
    );
    let value = LIST.query_value(&pairs(&[("acs_user_id", UUID)]));
    assert_eq!(value, json!({ "acs_user_id": UUID }));
}

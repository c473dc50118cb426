//! The analysis handles the spec's traps for `/acs/credentials`: paths offered with two
//! methods, `allOf` + `oneOf` bodies, discriminated unions, `x-response-key: null`,
//! pagination, and lifecycle flags. Each trap on its own, with a snapshot of what it
//! emits, is in `traps.rs`; this module checks that the real document takes those paths.

use seam_generator::ir::{Api, Endpoint, HttpMethod, Response, TypeKind, TypeRef, VariantShape};
use seam_generator::{generate_file, Config};
use std::path::Path;

fn api() -> Api {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json");
    let config = Config {
        rustfmt: false,
        ..Config::default()
    };
    generate_file(&spec, &config).expect("spec generates").api
}

fn endpoint<'a>(api: &'a Api, group: &[&str], name: &str) -> &'a Endpoint {
    api.endpoints
        .iter()
        .find(|e| e.group == group && e.name == name)
        .unwrap_or_else(|| panic!("no endpoint {}.{name}", group.join(".")))
}

#[test]
fn every_credentials_endpoint_becomes_a_method() {
    let api = api();
    let names: Vec<String> = api
        .endpoints
        .iter()
        .map(|e| format!("{}.{}", e.group.join("."), e.name))
        .collect();
    assert_eq!(
        names,
        [
            "acs.credentials.assign",
            "acs.credentials.create",
            "acs.credentials.create_offline_code",
            "acs.credentials.delete",
            "acs.credentials.get",
            "acs.credentials.list",
            "acs.credentials.list_accessible_entrances",
            "acs.credentials.unassign",
            "acs.credentials.update",
            "acs.credentials.unmanaged.get",
            "acs.credentials.unmanaged.list",
        ]
    );
}

#[test]
fn the_semantic_method_wins_put_patch_get_delete_post() {
    let api = api();
    let credentials = ["acs", "credentials"];
    let expect = [
        ("create", HttpMethod::Post),
        ("assign", HttpMethod::Patch),
        ("unassign", HttpMethod::Patch),
        ("update", HttpMethod::Patch),
        ("delete", HttpMethod::Delete),
        ("get", HttpMethod::Get),
        ("list", HttpMethod::Get),
        ("list_accessible_entrances", HttpMethod::Get),
    ];
    for (name, method) in expect {
        assert_eq!(endpoint(&api, &credentials, name).method, method, "{name}");
    }
    assert_eq!(
        endpoint(&api, &credentials, "assign").offered_methods,
        [HttpMethod::Post, HttpMethod::Patch]
    );
}

#[test]
fn list_parameters_come_from_the_post_body_with_its_one_of() {
    let api = api();
    let list = endpoint(&api, &["acs", "credentials"], "list");
    let TypeKind::Struct(request) = &api.types[&list.request].kind else {
        panic!("the list request is a struct");
    };
    let fields: Vec<&str> = request.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        fields,
        [
            "created_before",
            "is_multi_phone_sync_credential",
            "limit",
            "page_cursor",
            "search"
        ]
    );
    let limit = request.fields.iter().find(|f| f.name == "limit").unwrap();
    assert_eq!(limit.docs.default, Some(serde_json::json!(500)));
    let one_of = request.one_of.as_ref().expect("the oneOf is kept");
    assert!(
        one_of.optional,
        "the spec's empty-object branch makes the choice optional"
    );
    let TypeKind::Union { variants } = &api.types[&one_of.ty].kind else {
        panic!("the selector is a union");
    };
    let shapes: Vec<(String, Vec<String>)> = variants
        .iter()
        .map(|v| match &v.shape {
            VariantShape::Fields(fields) => (
                v.name.clone(),
                fields.iter().map(|f| f.name.clone()).collect(),
            ),
            VariantShape::Type(_) => panic!("request variants hold their fields"),
        })
        .collect();
    assert_eq!(
        shapes,
        [
            ("AcsUserId".to_string(), vec!["acs_user_id".to_string()]),
            ("AcsSystemId".to_string(), vec!["acs_system_id".to_string()]),
            (
                "AcsUserIdAndAcsSystemId".to_string(),
                vec!["acs_system_id".to_string(), "acs_user_id".to_string()]
            ),
            (
                "UserIdentityId".to_string(),
                vec!["user_identity_id".to_string()]
            ),
        ]
    );
}

#[test]
fn responses_unwrap_the_envelope_by_response_key() {
    let api = api();
    let credentials = ["acs", "credentials"];
    assert_eq!(
        endpoint(&api, &credentials, "create").response,
        Response::Payload {
            key: "acs_credential".into(),
            ty: TypeRef::Named("AcsCredential".into()),
            required: true
        }
    );
    // x-response-key is null, yet servers send the credential: optional, never an error.
    for name in ["assign", "unassign", "update"] {
        assert_eq!(
            endpoint(&api, &credentials, name).response,
            Response::Payload {
                key: "acs_credential".into(),
                ty: TypeRef::Named("AcsCredential".into()),
                required: false
            },
            "{name}"
        );
    }
    assert_eq!(
        endpoint(&api, &credentials, "delete").response,
        Response::Empty
    );
    assert_eq!(
        endpoint(&api, &credentials, "list").response,
        Response::Page {
            key: "acs_credentials".into(),
            item: TypeRef::Named("AcsCredential".into()),
            pagination_key: "pagination".into(),
            cursor_param: "page_cursor".into(),
        }
    );
}

#[test]
fn discriminated_warnings_become_a_tagged_union() {
    let api = api();
    let TypeKind::TaggedUnion { tag, variants } = &api.types["AcsCredentialWarning"].kind else {
        panic!("warnings are a tagged union");
    };
    assert_eq!(tag, "warning_code");
    assert!(variants
        .iter()
        .any(|v| v.tag_value == "waiting_to_be_issued"));
}

#[test]
fn nullable_fields_are_marked_and_models_are_reached() {
    let api = api();
    for model in [
        "AcsCredential",
        "AcsEntrance",
        "UnmanagedAcsCredential",
        "Pagination",
    ] {
        assert!(api.types.contains_key(model), "{model} is generated");
    }
    let TypeKind::Struct(credential) = &api.types["AcsCredential"].kind else {
        panic!("AcsCredential is a struct");
    };
    let code = credential.fields.iter().find(|f| f.name == "code").unwrap();
    assert_eq!(code.ty, TypeRef::Nullable(Box::new(TypeRef::String)));
}

#[test]
fn undocumented_endpoints_are_flagged() {
    let api = api();
    let undocumented: Vec<String> = api
        .endpoints
        .iter()
        .filter(|e| e.docs.undocumented.is_some())
        .map(|e| format!("{}.{}", e.group.join("."), e.name))
        .collect();
    assert_eq!(
        undocumented,
        [
            "acs.credentials.create_offline_code",
            "acs.credentials.unmanaged.get",
            "acs.credentials.unmanaged.list"
        ]
    );
}

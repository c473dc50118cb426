//! The generated request checks (`seam_sdk::testing::validate_request`, feature `testing`)
//! agree with Prism, which validates requests against the spec:
//!
//! - every request the contract tests (`e2e_prism_contract`) send and Prism accepts passes
//!   the checks ([`assert_passes`], called from its `Ctx::accepted`), and every request
//!   those tests expect Prism to refuse is refused by the checks too ([`assert_refused`]);
//! - a corpus of invalid requests across every `/acs/credentials` endpoint (missing
//!   required parameters, wrong types, `null` where not nullable, bad enum values,
//!   patterns, UUID and date-time formats, limits, no selector group and two of them):
//!   Prism refuses each (HTTP 400 with `sl-violations`), and so do the checks, naming the
//!   parameter Prism names.
//!
//! Prism here is the binary's shared static one, whose spec copy turns request-body
//! `oneOf`s into `anyOf`s (see `tests/src/servers.rs`) and so lets two selector groups
//! through; the corpus entries about selector groups go to a Prism that keeps the `oneOf`
//! ([`PrismServer::start_strict`], started once by the corpus test).

use std::collections::BTreeSet;

use seam_sdk::testing::{check_request, request_shape};
use seam_sdk::{Endpoint, HttpMethod};
use seam_sdk_tests::http;
use seam_sdk_tests::prism::{self, Exchange};
use seam_sdk_tests::servers::{uuid, PrismServer, DEFAULT_PRISM_PREFIX};
use serde_json::{json, Value};

const TOKEN: &str = "seam_test_token_request_checks";

/// The endpoint and the parameters an exchange carried, as the checks read them: the
/// JSON body, or the query string read back as typed JSON.
fn wire_request(exchange: &Exchange) -> (Endpoint, Value) {
    let endpoint = endpoint(&exchange.method, exchange.path());
    let shape = request_shape(&endpoint)
        .unwrap_or_else(|| panic!("no request shape for {}", exchange.endpoint()));
    let parameters = match endpoint.method {
        HttpMethod::Get | HttpMethod::Delete => shape.query_value(&exchange.parameter_pairs()),
        _ => exchange.body_json().unwrap_or_else(|| json!({})),
    };
    (endpoint, parameters)
}

fn endpoint(method: &str, path: &str) -> Endpoint {
    let method = match method {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        other => panic!("unexpected method {other}"),
    };
    // An `Endpoint` holds a `'static` path; a test leaks the few it makes.
    Endpoint {
        method,
        path: Box::leak(path.to_owned().into_boxed_str()),
    }
}

/// A request Prism accepted passes the checks.
pub(crate) fn assert_passes(what: &str, exchange: &Exchange) {
    let (endpoint, parameters) = wire_request(exchange);
    if let Err(invalid) = check_request(&endpoint, &parameters) {
        panic!(
            "{what}: Prism accepted the request, the request checks refuse it: {invalid}\nparameters as checked: {parameters}\n{}",
            exchange.describe()
        );
    }
}

/// A request Prism refused (with `violations`) is refused by the checks, which name a
/// parameter Prism names.
pub(crate) fn assert_refused(what: &str, exchange: &Exchange, violations: &Value) {
    let (endpoint, parameters) = wire_request(exchange);
    assert_refused_alike(what, &endpoint, &parameters, violations);
}

/// The parameters Prism's `sl-violations` name, as dotted paths (`""` for the request as a
/// whole): the location after `body`/`query`, or for a missing property the one its
/// message names.
fn prism_parameters(violations: &Value) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for violation in violations.as_array().into_iter().flatten() {
        let location: Vec<&str> = violation["location"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .skip_while(|part| !matches!(*part, "body" | "query"))
            .skip(1)
            .collect();
        let mut path = location.join(".");
        let message = violation["message"].as_str().unwrap_or_default();
        const REQUIRED: &str = "must have required property '";
        if let Some(at) = message.find(REQUIRED) {
            let property = message[at + REQUIRED.len()..].trim_end_matches('\'');
            path = if path.is_empty() {
                property.to_owned()
            } else {
                format!("{path}.{property}")
            };
        }
        named.insert(path);
    }
    named
}

fn assert_refused_alike(what: &str, endpoint: &Endpoint, parameters: &Value, violations: &Value) {
    let invalid = check_request(endpoint, parameters).err().unwrap_or_else(|| {
        panic!(
            "{what}: Prism refused {endpoint} {parameters}, the request checks let it through\nsl-violations: {violations}"
        )
    });
    let ours: BTreeSet<String> = invalid.parameters().into_iter().collect();
    let prisms = prism_parameters(violations);
    assert!(
        prisms.iter().any(|p| ours.contains(p)),
        "{what}: {endpoint} {parameters}: Prism names {prisms:?}, the request checks {ours:?} ({invalid})\nsl-violations: {violations}"
    );
}

/// One invalid request: where it goes, its JSON body, and the parameter it breaks.
struct Case {
    what: &'static str,
    method: &'static str,
    path: &'static str,
    body: Value,
    /// Whether it needs the Prism that keeps `oneOf` (two selector groups).
    strict: bool,
}

fn case(what: &'static str, method: &'static str, path: &'static str, body: Value) -> Case {
    Case {
        what,
        method,
        path,
        body,
        strict: false,
    }
}

/// The corpus: at least one case of each kind of rule, on every endpoint.
fn corpus() -> Vec<Case> {
    let id = uuid(1);
    let create = |extra: Value| {
        let mut body = json!({ "access_method": "code", "acs_user_id": uuid(2) });
        for (k, v) in extra.as_object().expect("an object") {
            body[k] = v.clone();
        }
        body
    };
    const CREATE: &str = "/acs/credentials/create";
    const OFFLINE: &str = "/acs/credentials/create_offline_code";
    const ASSIGN: &str = "/acs/credentials/assign";
    const UNASSIGN: &str = "/acs/credentials/unassign";
    const UPDATE: &str = "/acs/credentials/update";
    const GET: &str = "/acs/credentials/get";
    const DELETE: &str = "/acs/credentials/delete";
    const ENTRANCES: &str = "/acs/credentials/list_accessible_entrances";
    const LIST: &str = "/acs/credentials/list";
    const UNMANAGED_GET: &str = "/acs/credentials/unmanaged/get";
    const UNMANAGED_LIST: &str = "/acs/credentials/unmanaged/list";
    let mut cases = vec![
        case("create: nothing", "POST", CREATE, json!({})),
        case(
            "create: access_method missing",
            "POST",
            CREATE,
            json!({ "acs_user_id": uuid(2) }),
        ),
        case(
            "create: access_method not listed",
            "POST",
            CREATE,
            create(json!({ "access_method": "pin" })),
        ),
        case(
            "create: access_method a number",
            "POST",
            CREATE,
            create(json!({ "access_method": 1 })),
        ),
        case(
            "create: access_method null",
            "POST",
            CREATE,
            create(json!({ "access_method": null })),
        ),
        case(
            "create: access_method upper case",
            "POST",
            CREATE,
            create(json!({ "access_method": "CODE" })),
        ),
        case(
            "create: code with a letter",
            "POST",
            CREATE,
            create(json!({ "code": "12a4" })),
        ),
        case(
            "create: code with a space",
            "POST",
            CREATE,
            create(json!({ "code": "12 34" })),
        ),
        case(
            "create: code empty",
            "POST",
            CREATE,
            create(json!({ "code": "" })),
        ),
        case(
            "create: code a number",
            "POST",
            CREATE,
            create(json!({ "code": 1234 })),
        ),
        case(
            "create: code null",
            "POST",
            CREATE,
            create(json!({ "code": null })),
        ),
        case(
            "create: acs_user_id not a UUID",
            "POST",
            CREATE,
            create(json!({ "acs_user_id": "nope" })),
        ),
        case(
            "create: acs_user_id a digit short",
            "POST",
            CREATE,
            create(json!({ "acs_user_id": "33333333-3333-3333-3333-33333333333" })),
        ),
        case(
            "create: acs_user_id with a non-hex digit",
            "POST",
            CREATE,
            create(json!({ "acs_user_id": "g3333333-3333-3333-3333-333333333333" })),
        ),
        case(
            "create: acs_system_id a number",
            "POST",
            CREATE,
            create(json!({ "acs_system_id": 7 })),
        ),
        case(
            "create: starts_at a date",
            "POST",
            CREATE,
            create(json!({ "starts_at": "2024-03-01" })),
        ),
        case(
            "create: starts_at words",
            "POST",
            CREATE,
            create(json!({ "starts_at": "tomorrow" })),
        ),
        case(
            "create: ends_at without a zone",
            "POST",
            CREATE,
            create(json!({ "ends_at": "2024-03-01T10:40:00" })),
        ),
        case(
            "create: ends_at in month 13",
            "POST",
            CREATE,
            create(json!({ "ends_at": "2024-13-01T10:40:00Z" })),
        ),
        case(
            "create: ends_at on February 30",
            "POST",
            CREATE,
            create(json!({ "ends_at": "2024-02-30T10:40:00Z" })),
        ),
        case(
            "create: ends_at null",
            "POST",
            CREATE,
            create(json!({ "ends_at": null })),
        ),
        case(
            "create: allowed_acs_entrance_ids a string",
            "POST",
            CREATE,
            create(json!({ "allowed_acs_entrance_ids": id })),
        ),
        case(
            "create: allowed_acs_entrance_ids holding no UUID",
            "POST",
            CREATE,
            create(json!({ "allowed_acs_entrance_ids": [uuid(3), "nope"] })),
        ),
        case(
            "create: is_multi_phone_sync_credential a string",
            "POST",
            CREATE,
            create(json!({ "is_multi_phone_sync_credential": "yes" })),
        ),
        case(
            "create: credential_manager_acs_system_id not a UUID",
            "POST",
            CREATE,
            create(json!({ "credential_manager_acs_system_id": "x" })),
        ),
        case(
            "create: user_identity_id an array",
            "POST",
            CREATE,
            create(json!({ "user_identity_id": [uuid(4)] })),
        ),
        case(
            "create: visionline_metadata a string",
            "POST",
            CREATE,
            create(json!({ "visionline_metadata": "x" })),
        ),
        case(
            "create: visionline_metadata.card_format not listed",
            "POST",
            CREATE,
            create(json!({ "visionline_metadata": { "card_format": "mifare" } })),
        ),
        case(
            "create: visionline_metadata.card_function_type not listed",
            "POST",
            CREATE,
            create(json!({ "visionline_metadata": { "card_function_type": "boss" } })),
        ),
        case(
            "create: visionline_metadata.joiner_acs_credential_ids holding no UUID",
            "POST",
            CREATE,
            create(json!({ "visionline_metadata": { "joiner_acs_credential_ids": ["x"] } })),
        ),
        case(
            "create: assa_abloy_vostio_metadata.auto_join a string",
            "POST",
            CREATE,
            create(json!({ "assa_abloy_vostio_metadata": { "auto_join": "true" } })),
        ),
        case(
            "create: salto_space_metadata.assign_new_key a number",
            "POST",
            CREATE,
            create(json!({ "salto_space_metadata": { "assign_new_key": 1 } })),
        ),
        case(
            "create: hotek_metadata null",
            "POST",
            CREATE,
            create(json!({ "hotek_metadata": null })),
        ),
        case("create_offline_code: nothing", "POST", OFFLINE, json!({})),
        case(
            "create_offline_code: allowed_acs_entrance_id missing",
            "POST",
            OFFLINE,
            json!({ "acs_user_id": id }),
        ),
        case(
            "create_offline_code: is_one_time_use a string",
            "POST",
            OFFLINE,
            json!({ "acs_user_id": id, "allowed_acs_entrance_id": uuid(2), "is_one_time_use": "no" }),
        ),
        case(
            "create_offline_code: starts_at at hour 25",
            "POST",
            OFFLINE,
            json!({ "acs_user_id": id, "allowed_acs_entrance_id": uuid(2), "starts_at": "2024-03-01T25:00:00Z" }),
        ),
        case("assign: nothing", "PATCH", ASSIGN, json!({})),
        case(
            "assign: acs_credential_id not a UUID",
            "PATCH",
            ASSIGN,
            json!({ "acs_credential_id": "x" }),
        ),
        case(
            "assign: acs_credential_id null",
            "PATCH",
            ASSIGN,
            json!({ "acs_credential_id": null }),
        ),
        case(
            "assign: acs_user_id not a UUID",
            "PATCH",
            ASSIGN,
            json!({ "acs_credential_id": id, "acs_user_id": "x" }),
        ),
        case("unassign: nothing", "PATCH", UNASSIGN, json!({})),
        case(
            "unassign: user_identity_id an array",
            "PATCH",
            UNASSIGN,
            json!({ "acs_credential_id": id, "user_identity_id": [] }),
        ),
        case("update: nothing", "PATCH", UPDATE, json!({})),
        case(
            "update: acs_credential_id a number",
            "PATCH",
            UPDATE,
            json!({ "acs_credential_id": 1 }),
        ),
        case(
            "update: code of letters",
            "PATCH",
            UPDATE,
            json!({ "acs_credential_id": id, "code": "abcd" }),
        ),
        case(
            "update: code null",
            "PATCH",
            UPDATE,
            json!({ "acs_credential_id": id, "code": null }),
        ),
        case(
            "update: ends_at without seconds",
            "PATCH",
            UPDATE,
            json!({ "acs_credential_id": id, "ends_at": "2024-03-01T10:40Z" }),
        ),
        case("get: nothing", "POST", GET, json!({})),
        case(
            "get: acs_credential_id not a UUID",
            "POST",
            GET,
            json!({ "acs_credential_id": "x" }),
        ),
        case(
            "get: acs_credential_id an array",
            "POST",
            GET,
            json!({ "acs_credential_id": [id] }),
        ),
        case("delete: nothing", "POST", DELETE, json!({})),
        case(
            "delete: acs_credential_id not a UUID",
            "POST",
            DELETE,
            json!({ "acs_credential_id": "1" }),
        ),
        case(
            "list_accessible_entrances: nothing",
            "POST",
            ENTRANCES,
            json!({}),
        ),
        case(
            "list_accessible_entrances: acs_credential_id a boolean",
            "POST",
            ENTRANCES,
            json!({ "acs_credential_id": true }),
        ),
        case(
            "list: limit a string",
            "POST",
            LIST,
            json!({ "limit": "10" }),
        ),
        case(
            "list: created_before not a date-time",
            "POST",
            LIST,
            json!({ "created_before": "soon" }),
        ),
        case("list: search empty", "POST", LIST, json!({ "search": "" })),
        case(
            "list: is_multi_phone_sync_credential a string",
            "POST",
            LIST,
            json!({ "is_multi_phone_sync_credential": "true" }),
        ),
        case(
            "list: page_cursor a number",
            "POST",
            LIST,
            json!({ "page_cursor": 5 }),
        ),
        case("unmanaged/get: nothing", "POST", UNMANAGED_GET, json!({})),
        case(
            "unmanaged/get: acs_credential_id not a UUID",
            "POST",
            UNMANAGED_GET,
            json!({ "acs_credential_id": "x" }),
        ),
        case(
            "unmanaged/list: no selector group",
            "POST",
            UNMANAGED_LIST,
            json!({}),
        ),
        case(
            "unmanaged/list: no selector group, only search",
            "POST",
            UNMANAGED_LIST,
            json!({ "search": "lobby" }),
        ),
        case(
            "unmanaged/list: the selector's acs_user_id not a UUID",
            "POST",
            UNMANAGED_LIST,
            json!({ "acs_user_id": "nope" }),
        ),
        case(
            "unmanaged/list: search empty",
            "POST",
            UNMANAGED_LIST,
            json!({ "acs_user_id": id, "search": "" }),
        ),
    ];
    for (what, path, body) in [
        (
            "unmanaged/list: two selector groups (acs_user_id, user_identity_id)",
            UNMANAGED_LIST,
            json!({ "acs_user_id": id, "user_identity_id": uuid(2) }),
        ),
        (
            "unmanaged/list: two selector groups (acs_system_id, user_identity_id)",
            UNMANAGED_LIST,
            json!({ "acs_system_id": id, "user_identity_id": uuid(2) }),
        ),
        (
            "list: two selector groups (acs_user_id, user_identity_id)",
            LIST,
            json!({ "acs_user_id": id, "user_identity_id": uuid(2) }),
        ),
    ] {
        cases.push(Case {
            strict: true,
            ..case(what, "POST", path, body)
        });
    }
    cases
}

/// Every corpus request is refused by Prism (400, `sl-violations`) and by the request
/// checks, which name a parameter Prism names.
#[test]
fn invalid_requests_prism_refuses_are_refused_by_the_checks_alike() {
    let shared = prism::shared_prism(false);
    let cases = corpus();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let strict = cases
        .iter()
        .any(|c| c.strict)
        .then(|| PrismServer::start_strict(DEFAULT_PRISM_PREFIX));
    let mut covered = BTreeSet::new();
    for case in &cases {
        let base = match (&strict, case.strict) {
            (Some(server), true) => server.base_url(),
            _ => shared.base_url().to_owned(),
        };
        let body = serde_json::to_vec(&case.body).expect("JSON");
        let response = http::send(
            case.method,
            &format!("{base}{}", case.path),
            Some(TOKEN),
            Some(&body),
        );
        let violations = prism::violations(&response).unwrap_or_else(|| {
            panic!(
                "{}: Prism did not refuse {} {} {}: HTTP {}",
                case.what, case.method, case.path, case.body, response.status
            )
        });
        assert!(
            matches!(response.status, 400 | 422),
            "{}: HTTP {}",
            case.what,
            response.status
        );
        assert_refused_alike(
            case.what,
            &endpoint(case.method, case.path),
            &case.body,
            &violations,
        );
        covered.insert(case.path);
    }
    let all: BTreeSet<String> = prism::spec_paths(DEFAULT_PRISM_PREFIX)
        .into_iter()
        .collect();
    let covered: BTreeSet<String> = covered.into_iter().map(str::to_owned).collect();
    assert_eq!(covered, all, "every endpoint has invalid requests");
    eprintln!(
        "{} invalid requests refused by Prism and the request checks alike",
        cases.len()
    );
}

/// The same requests made valid pass both: the corpus tests the rules, not a blanket
/// refusal (each is the corpus case's endpoint with only its required parameters).
#[test]
fn the_corpus_endpoints_accept_a_valid_request_in_both() {
    let shared = prism::shared_prism(false);
    let id = uuid(1);
    let valid = [
        (
            "POST",
            "/acs/credentials/create",
            json!({ "access_method": "code", "acs_user_id": id, "code": "0042", "ends_at": "2024-03-01T10:40:00.5+01:00" }),
        ),
        (
            "POST",
            "/acs/credentials/create_offline_code",
            json!({ "acs_user_id": id, "allowed_acs_entrance_id": uuid(2) }),
        ),
        (
            "PATCH",
            "/acs/credentials/assign",
            json!({ "acs_credential_id": id, "acs_user_id": uuid(2), "user_identity_id": uuid(3) }),
        ),
        (
            "PATCH",
            "/acs/credentials/update",
            json!({ "acs_credential_id": "not a UUID here", "code": "7" }),
        ),
        (
            "POST",
            "/acs/credentials/list",
            json!({ "limit": 10, "page_cursor": null, "search": "a" }),
        ),
        (
            "POST",
            "/acs/credentials/unmanaged/list",
            json!({ "acs_system_id": id, "acs_user_id": uuid(2) }),
        ),
    ];
    for (method, path, body) in valid {
        let bytes = serde_json::to_vec(&body).expect("JSON");
        let response = http::send(
            method,
            &format!("{}{path}", shared.base_url()),
            Some(TOKEN),
            Some(&bytes),
        );
        assert!(
            response.status == 200 && prism::violations(&response).is_none(),
            "{method} {path} {body}: HTTP {}, {}",
            response.status,
            prism::describe_violations(&response)
        );
        assert_eq!(
            check_request(&endpoint(method, path), &body),
            Ok(()),
            "{method} {path} {body}"
        );
    }
}

/// What the mock client checks is the typed request serialized (`serde_json::to_value`),
/// not the wire form: requests built with the SDK pass in that form too, and a bad value
/// set through a setter is named.
#[test]
fn typed_requests_serialized_are_checked_like_the_wire() {
    use seam_sdk::acs::credentials::{
        AcsCredentialsCreateRequest, AcsCredentialsListRequest, AcsCredentialsListSelector,
        AcsCredentialsUpdateRequest,
    };
    use seam_sdk::models::AcsCredentialAccessMethod;

    let check = |method: HttpMethod, path: &'static str, request: Value| {
        check_request(&Endpoint { method, path }, &request).map_err(|invalid| invalid.parameters())
    };
    let create = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id(uuid(1))
        .code("0042")
        .starts_at(
            "2025-07-01T10:40:00+02:00"
                .parse::<seam_sdk::Timestamp>()
                .expect("RFC 3339"),
        );
    let value = serde_json::to_value(&create).expect("serializes");
    assert_eq!(
        check(HttpMethod::Post, "/acs/credentials/create", value),
        Ok(())
    );

    let list = AcsCredentialsListRequest::new()
        .limit(10)
        .page_cursor_null()
        .selector(AcsCredentialsListSelector::UserIdentityId {
            user_identity_id: uuid(2),
        });
    let value = serde_json::to_value(&list).expect("serializes");
    assert_eq!(value["page_cursor"], Value::Null);
    assert_eq!(
        check(HttpMethod::Get, "/acs/credentials/list", value),
        Ok(())
    );

    // (A timestamp that is no date-time cannot be built: `Timestamp` parses.)
    let bad = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::from("pin"))
        .code("four")
        .acs_system_id("system 1");
    let value = serde_json::to_value(&bad).expect("serializes");
    assert_eq!(
        check(HttpMethod::Post, "/acs/credentials/create", value),
        Err(vec![
            "access_method".to_owned(),
            "acs_system_id".to_owned(),
            "code".to_owned()
        ])
    );
    let update = AcsCredentialsUpdateRequest::new("any text: this id has no format").code("7");
    let value = serde_json::to_value(&update).expect("serializes");
    assert_eq!(
        check(HttpMethod::Patch, "/acs/credentials/update", value),
        Ok(())
    );
}

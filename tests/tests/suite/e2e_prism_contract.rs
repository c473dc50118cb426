//! Contract tests: every request the generated SDK sends is one that Prism, validating
//! requests against `spec/openapi.json`, accepts.
//!
//! The SDK talks to one static Prism shared by this binary's tests, through a
//! [`RecordingProxy`] that records each exchange: a test sees the exact request the SDK sent
//! and Prism's `sl-violations` header, which the SDK's `ApiError` does not carry (it has the
//! status, message and body of an error response, and Prism's 400s have an empty body). A
//! rejected request fails the test with the violations and the request as sent.
//!
//! Covered: every method with no optional parameter and with every optional parameter
//! (both checked field by field against the spec), every variant of both list selectors,
//! every sample request of `/work/shared/seam-docs/`, and negative controls proving that a
//! violation does fail (and is shown).

use std::collections::{BTreeMap, BTreeSet};
use std::future::IntoFuture;
use std::time::Duration;

use seam_sdk::acs::credentials::unmanaged::{
    AcsCredentialsUnmanagedGetRequest, AcsCredentialsUnmanagedListRequest,
    AcsCredentialsUnmanagedListSelector,
};
use seam_sdk::acs::credentials::{
    AcsCredentialsAssignRequest, AcsCredentialsCreateAssaAbloyVostioMetadata,
    AcsCredentialsCreateHotekMetadata, AcsCredentialsCreateOfflineCodeRequest,
    AcsCredentialsCreateRequest, AcsCredentialsCreateSaltoSpaceMetadata,
    AcsCredentialsCreateVisionlineMetadata, AcsCredentialsDeleteRequest, AcsCredentialsGetRequest,
    AcsCredentialsListAccessibleEntrancesRequest, AcsCredentialsListRequest,
    AcsCredentialsListSelector, AcsCredentialsUnassignRequest, AcsCredentialsUpdateRequest,
};
use seam_sdk::models::{
    AcsCredentialAccessMethod, AcsCredentialVisionlineMetadataCardFunctionType,
};
use seam_sdk::{RetryPolicy, Seam, Timestamp};
use seam_sdk_tests::http;
use seam_sdk_tests::prism::{self, BodyShape, Exchange, RecordingProxy};
use seam_sdk_tests::servers::uuid;
use serde_json::{json, Value};

const TOKEN: &str = "seam_test_token_prism_contract";
const PREFIX: &str = "/acs/credentials";
const LIST: &str = "/acs/credentials/list";
const UNMANAGED_LIST: &str = "/acs/credentials/unmanaged/list";
const DATE_TIME: &str = "2025-07-01T03:45:02.692Z";

/// The SDK pointed at the shared static Prism through a recording proxy.
struct Ctx {
    proxy: RecordingProxy,
    seam: Seam,
}

impl Ctx {
    fn new() -> Ctx {
        let prism = prism::shared_prism(false);
        let proxy = RecordingProxy::start(prism.base_url());
        let seam = Seam::builder()
            .endpoint(proxy.base_url())
            .api_key(TOKEN)
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Ctx { proxy, seam }
    }

    /// Awaits one SDK call and checks that it sent exactly one request, that Prism accepted
    /// it (2xx, no `sl-violations`) and that the SDK decoded the answer; panics with the
    /// violations and the request as sent otherwise.
    async fn accepted<T>(
        &self,
        what: &str,
        call: impl IntoFuture<Output = Result<T, seam_sdk::Error>>,
    ) -> (T, Exchange) {
        let result = call.await;
        let exchange = self.proxy.single(what);
        if !exchange.accepted() {
            panic!(
                "{what}: Prism rejected the request the SDK sent (SDK error: {}).\n{}",
                result.err().map(|e| e.to_string()).unwrap_or_default(),
                exchange.describe()
            );
        }
        crate::e2e_prism_request_checks::assert_passes(what, &exchange);
        match result {
            Ok(value) => (value, exchange),
            Err(e) => panic!(
                "{what}: Prism accepted the request, but the SDK failed: {e}\n{}",
                exchange.describe()
            ),
        }
    }

    /// Awaits one SDK call that must be rejected with a 400, and returns Prism's violations.
    async fn rejected<T: std::fmt::Debug>(
        &self,
        what: &str,
        call: impl IntoFuture<Output = Result<T, seam_sdk::Error>>,
    ) -> (seam_sdk::Error, Value) {
        let result = call.await;
        let exchange = self.proxy.single(what);
        let error = result.expect_err(&format!(
            "{what}: the SDK call succeeded; expected a 400\n{}",
            exchange.describe()
        ));
        assert_eq!(error.status(), Some(400), "{what}: {error}");
        let violations = exchange
            .violations()
            .unwrap_or_else(|| panic!("{what}: no sl-violations\n{}", exchange.describe()));
        crate::e2e_prism_request_checks::assert_refused(what, &exchange, &violations);
        (error, violations)
    }
}

/// A timestamp parsed from its text (sent as that text).
fn timestamp(text: &str) -> Timestamp {
    text.parse().expect("an RFC 3339 date-time")
}

/// The parameters a request carried: its JSON body, or its query string as an object of
/// strings (for `GET`/`DELETE`).
fn sent_parameters(exchange: &Exchange) -> Value {
    match exchange.method.as_str() {
        "GET" | "DELETE" => {
            assert!(
                exchange.body.is_none(),
                "{} sent a body:\n{}",
                exchange.endpoint(),
                exchange.describe()
            );
            let mut object = serde_json::Map::new();
            for (k, v) in exchange.parameter_pairs() {
                object.insert(k, Value::String(v));
            }
            Value::Object(object)
        }
        _ => {
            assert!(
                !exchange.target.contains('?'),
                "{} sent a query string:\n{}",
                exchange.endpoint(),
                exchange.describe()
            );
            exchange.body_json().unwrap_or_else(|| {
                panic!(
                    "{} sent no body:\n{}",
                    exchange.endpoint(),
                    exchange.describe()
                )
            })
        }
    }
}

fn sent_fields(exchange: &Exchange) -> BTreeSet<String> {
    match exchange.method.as_str() {
        "GET" | "DELETE" => prism::query_fields(&exchange.parameter_pairs()),
        _ => prism::body_fields(&sent_parameters(exchange)),
    }
}

/// The SDK uses the spec's own non-`POST` method of each path.
fn assert_declared_method(exchange: &Exchange) {
    let item = &prism::spec()["paths"][exchange.path()];
    assert!(
        item.get(exchange.method.to_ascii_lowercase()).is_some(),
        "{}: the spec does not declare this method for the path",
        exchange.endpoint()
    );
}

fn assert_every_path_covered(exchanges: &[(String, Exchange)]) {
    let covered: BTreeSet<String> = exchanges.iter().map(|(_, e)| e.path().to_owned()).collect();
    let all: BTreeSet<String> = prism::spec_paths(PREFIX).into_iter().collect();
    assert_eq!(covered, all, "paths covered vs. paths in the spec");
}

fn all_list_selectors() -> Vec<(&'static str, Option<AcsCredentialsListSelector>)> {
    vec![
        ("no selector", None),
        (
            "AcsUserId",
            Some(AcsCredentialsListSelector::AcsUserId {
                acs_user_id: uuid(21),
            }),
        ),
        (
            "AcsSystemId",
            Some(AcsCredentialsListSelector::AcsSystemId {
                acs_system_id: uuid(22),
            }),
        ),
        (
            "AcsUserIdAndAcsSystemId",
            Some(AcsCredentialsListSelector::AcsUserIdAndAcsSystemId {
                acs_system_id: uuid(22),
                acs_user_id: uuid(21),
            }),
        ),
        (
            "UserIdentityId",
            Some(AcsCredentialsListSelector::UserIdentityId {
                user_identity_id: uuid(23),
            }),
        ),
    ]
}

fn all_unmanaged_selectors() -> Vec<(&'static str, AcsCredentialsUnmanagedListSelector)> {
    vec![
        (
            "AcsUserId",
            AcsCredentialsUnmanagedListSelector::AcsUserId {
                acs_user_id: uuid(31),
            },
        ),
        (
            "AcsSystemId",
            AcsCredentialsUnmanagedListSelector::AcsSystemId {
                acs_system_id: uuid(32),
            },
        ),
        (
            "AcsUserIdAndAcsSystemId",
            AcsCredentialsUnmanagedListSelector::AcsUserIdAndAcsSystemId {
                acs_system_id: uuid(32),
                acs_user_id: uuid(31),
            },
        ),
        (
            "UserIdentityId",
            AcsCredentialsUnmanagedListSelector::UserIdentityId {
                user_identity_id: uuid(33),
            },
        ),
    ]
}

fn full_list_request(selector: Option<AcsCredentialsListSelector>) -> AcsCredentialsListRequest {
    let request = AcsCredentialsListRequest::new()
        .created_before(timestamp(DATE_TIME))
        .is_multi_phone_sync_credential(true)
        .limit(10.0)
        .page_cursor("cursor with spaces & symbols/=?")
        .search("front door");
    match selector {
        Some(selector) => request.selector(selector),
        None => request,
    }
}

/// Every optional parameter of `create`, nested ones and deprecated ones included.
#[allow(deprecated)]
fn full_create_request() -> AcsCredentialsCreateRequest {
    AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::MobileKey)
        .acs_system_id(uuid(2))
        .acs_user_id(uuid(3))
        .allowed_acs_entrance_ids([uuid(4), uuid(5)])
        .assa_abloy_vostio_metadata(
            AcsCredentialsCreateAssaAbloyVostioMetadata::new()
                .auto_join(true)
                .join_all_guest_acs_entrances(false)
                .override_all_guest_acs_entrances(true)
                .override_guest_acs_entrance_ids([uuid(6)]),
        )
        .code("123456")
        .credential_manager_acs_system_id(uuid(7))
        .ends_at(timestamp("2025-07-04T10:40:00Z"))
        .hotek_metadata(
            AcsCredentialsCreateHotekMetadata::new()
                .auto_join(true)
                .r#override(false),
        )
        .is_multi_phone_sync_credential(true)
        .salto_space_metadata(
            AcsCredentialsCreateSaltoSpaceMetadata::new()
                .assign_new_key(true)
                .update_current_key(false),
        )
        .starts_at(timestamp("2025-07-01T10:40:00+02:00"))
        .user_identity_id(uuid(8))
        .visionline_metadata(
            AcsCredentialsCreateVisionlineMetadata::new()
                .assa_abloy_credential_service_mobile_endpoint_id(uuid(9))
                .auto_join(false)
                .card_format("rfid48".into())
                .card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Staff)
                .is_override_key(true)
                .joiner_acs_credential_ids([uuid(10), uuid(11)])
                .r#override(true),
        )
}

/// Every method, with only the parameters `new(..)` requires: Prism accepts each request,
/// and each sends exactly the spec's required fields (plus, for the unmanaged list, the one
/// selector alternative it must pick), nothing more.
#[tokio::test]
async fn every_method_with_no_optional_parameter_is_accepted() {
    let ctx = Ctx::new();
    let credentials = ctx.seam.acs().credentials();
    let unmanaged = credentials.unmanaged();
    let mut sent: Vec<(String, Exchange)> = Vec::new();

    macro_rules! call {
        ($what:expr, $call:expr) => {{
            let (_, exchange) = ctx.accepted($what, $call).await;
            sent.push(($what.to_owned(), exchange));
        }};
    }
    call!(
        "assign",
        credentials.assign(AcsCredentialsAssignRequest::new(uuid(1)))
    );
    call!(
        "create",
        credentials.create(AcsCredentialsCreateRequest::new(
            AcsCredentialAccessMethod::Code
        ))
    );
    call!(
        "create_offline_code",
        credentials.create_offline_code(AcsCredentialsCreateOfflineCodeRequest::new(
            uuid(2),
            uuid(3)
        ))
    );
    call!(
        "delete",
        credentials.delete(AcsCredentialsDeleteRequest::new(uuid(1)))
    );
    call!(
        "get",
        credentials.get(AcsCredentialsGetRequest::new(uuid(1)))
    );
    call!("list", credentials.list(AcsCredentialsListRequest::new()));
    call!(
        "list_accessible_entrances",
        credentials
            .list_accessible_entrances(AcsCredentialsListAccessibleEntrancesRequest::new(uuid(1)))
    );
    call!(
        "unassign",
        credentials.unassign(AcsCredentialsUnassignRequest::new(uuid(1)))
    );
    call!(
        "update",
        credentials.update(AcsCredentialsUpdateRequest::new(uuid(1)))
    );
    call!(
        "unmanaged().get",
        unmanaged.get(AcsCredentialsUnmanagedGetRequest::new(uuid(1)))
    );
    call!(
        "unmanaged().list",
        unmanaged.list(AcsCredentialsUnmanagedListRequest::new(
            AcsCredentialsUnmanagedListSelector::AcsUserId {
                acs_user_id: uuid(4)
            }
        ))
    );

    for (what, exchange) in &sent {
        assert_declared_method(exchange);
        let shape = BodyShape::of_post(exchange.path());
        let minimal = shape
            .minimal_fields(&sent_parameters(exchange))
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", exchange.describe()));
        assert_eq!(
            sent_fields(exchange),
            minimal,
            "{what}: fields sent vs. the spec's required fields\n{}",
            exchange.describe()
        );
    }
    assert_every_path_covered(&sent);
    eprintln!("{} minimal requests accepted", sent.len());
}

/// Every method, with every optional parameter set (nested, deprecated and undocumented
/// ones included), and for the lists every selector variant: Prism accepts each request,
/// and per path the fields sent are exactly the fields the spec declares.
#[tokio::test]
async fn every_method_with_every_optional_parameter_is_accepted() {
    let ctx = Ctx::new();
    let credentials = ctx.seam.acs().credentials();
    let unmanaged = credentials.unmanaged();
    let mut sent: Vec<(String, Exchange)> = Vec::new();

    macro_rules! call {
        ($what:expr, $call:expr) => {{
            let what: String = $what.into();
            let (_, exchange) = ctx.accepted(&what, $call).await;
            sent.push((what, exchange));
        }};
    }
    call!(
        "assign",
        credentials.assign(
            AcsCredentialsAssignRequest::new(uuid(1))
                .acs_user_id(uuid(2))
                .user_identity_id(uuid(3))
        )
    );
    call!("create", credentials.create(full_create_request()));
    call!(
        "create_offline_code",
        credentials.create_offline_code(
            AcsCredentialsCreateOfflineCodeRequest::new(uuid(2), uuid(3))
                .ends_at(timestamp("2025-07-04T10:40:00Z"))
                .is_one_time_use(true)
                .starts_at(timestamp(DATE_TIME))
        )
    );
    // These four have no optional parameter.
    call!(
        "delete",
        credentials.delete(AcsCredentialsDeleteRequest::new(uuid(1)))
    );
    call!(
        "get",
        credentials.get(AcsCredentialsGetRequest::new(uuid(1)))
    );
    call!(
        "list_accessible_entrances",
        credentials
            .list_accessible_entrances(AcsCredentialsListAccessibleEntrancesRequest::new(uuid(1)))
    );
    call!(
        "unmanaged().get",
        unmanaged.get(AcsCredentialsUnmanagedGetRequest::new(uuid(1)))
    );
    for (name, selector) in all_list_selectors() {
        call!(
            format!("list ({name})"),
            credentials.list(full_list_request(selector))
        );
    }
    call!(
        "unassign",
        credentials.unassign(
            AcsCredentialsUnassignRequest::new(uuid(1))
                .acs_user_id(uuid(2))
                .user_identity_id(uuid(3))
        )
    );
    call!(
        "update",
        credentials.update(
            AcsCredentialsUpdateRequest::new(uuid(1))
                .code("0042")
                .ends_at(timestamp("2030-01-01T00:00:00Z"))
        )
    );
    for (name, selector) in all_unmanaged_selectors() {
        call!(
            format!("unmanaged().list ({name})"),
            unmanaged.list(AcsCredentialsUnmanagedListRequest::new(selector).search("lobby"))
        );
    }

    let mut fields_by_path: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (what, exchange) in &sent {
        assert_declared_method(exchange);
        let shape = BodyShape::of_post(exchange.path());
        shape
            .check_selectors(&sent_parameters(exchange))
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", exchange.describe()));
        fields_by_path
            .entry(exchange.path().to_owned())
            .or_default()
            .extend(sent_fields(exchange));
    }
    for (path, fields) in &fields_by_path {
        let declared = BodyShape::of_post(path).declared;
        assert_eq!(
            fields,
            &declared,
            "{path}: fields sent with every optional parameter set vs. fields the spec declares \
             (missing: {:?}; undeclared: {:?})",
            declared.difference(fields).collect::<Vec<_>>(),
            fields.difference(&declared).collect::<Vec<_>>()
        );
        eprintln!("{path}: all {} declared fields sent", declared.len());
    }
    assert_every_path_covered(&sent);
    eprintln!("{} full requests accepted", sent.len());
}

/// The list endpoints, selector by selector, with no and with every other parameter.
///
/// `GET /acs/credentials/list` and `GET /acs/credentials/unmanaged/list` declare no query
/// parameters, so Prism does not validate (nor reject) anything in their query strings: the
/// SDK's `GET` is accepted whatever it carries. To contract-check the parameters anyway, the
/// same request object is also serialized as a JSON body and sent with the raw client to
/// the `POST` variant of the path, whose body schema declares them; the test also checks
/// that the `GET`'s query string carries exactly those parameters. For
/// `/acs/credentials/list` Prism's check of the selector is void (its test spec turns the
/// body's `oneOf` into `anyOf`, and the `{}` alternative accepts any selector), so the
/// selector is also checked here against the real spec's alternatives
/// ([`BodyShape::check_selectors`]: exactly one alternative's properties, UUIDs).
#[tokio::test]
async fn every_list_selector_is_accepted_and_its_parameters_validated() {
    let ctx = Ctx::new();
    let prism = prism::shared_prism(false);
    let credentials = ctx.seam.acs().credentials();
    let mut checked = 0;

    let check = |what: &str, exchange: &Exchange, parameters: &Value, expected_branch: usize| {
        assert_eq!(exchange.method, "GET", "{what}");
        assert!(exchange.body.is_none(), "{what}: GET with a body");
        let mut sent = exchange.parameter_pairs();
        sent.sort();
        assert_eq!(
            sent,
            prism::expected_query_pairs(parameters),
            "{what}: the query string does not carry the request's parameters\n{}",
            exchange.describe()
        );
        let post = http::post_json(
            &format!("{}{}", prism.base_url(), exchange.path()),
            Some(TOKEN),
            parameters,
        );
        assert!(
            post.status == 200 && post.header("sl-violations").is_none(),
            "{what}: Prism rejects the list parameters as a POST {} body {parameters}: HTTP {}\nsl-violations: {}",
            exchange.path(),
            post.status,
            prism::describe_violations(&post)
        );
        let branches = BodyShape::of_post(exchange.path())
            .check_selectors(parameters)
            .unwrap_or_else(|e| panic!("{what}: {e}; body {parameters}"));
        assert_eq!(branches, [expected_branch], "{what}: selector alternative");
    };

    // The spec lists the alternatives in the order of the SDK's variants; the list's
    // fifth alternative is `{}` (no selector).
    for (index, (name, selector)) in all_list_selectors().into_iter().enumerate() {
        let branch = if selector.is_none() { 4 } else { index - 1 };
        let minimal = match selector.clone() {
            Some(s) => AcsCredentialsListRequest::new().selector(s),
            None => AcsCredentialsListRequest::new(),
        };
        for (kind, request) in [("minimal", minimal), ("full", full_list_request(selector))] {
            let what = format!("list ({name}, {kind})");
            let parameters = serde_json::to_value(&request).expect("serialize");
            let (page, exchange) = ctx.accepted(&what, credentials.list(request)).await;
            assert!(
                !page.items.is_empty(),
                "{what}: the static example has one item"
            );
            check(&what, &exchange, &parameters, branch);
            checked += 1;
        }
    }
    for (branch, (name, selector)) in all_unmanaged_selectors().into_iter().enumerate() {
        for (kind, request) in [
            (
                "minimal",
                AcsCredentialsUnmanagedListRequest::new(selector.clone()),
            ),
            (
                "full",
                AcsCredentialsUnmanagedListRequest::new(selector).search("lobby"),
            ),
        ] {
            let what = format!("unmanaged().list ({name}, {kind})");
            let parameters = serde_json::to_value(&request).expect("serialize");
            let (_, exchange) = ctx
                .accepted(&what, credentials.unmanaged().list(request))
                .await;
            check(&what, &exchange, &parameters, branch);
            checked += 1;
        }
    }

    // Negative controls: the checks above do reject a bad selector.
    let bad = json!({ "acs_user_id": "nope" });
    let weak = http::post_json(&format!("{}{LIST}", prism.base_url()), Some(TOKEN), &bad);
    assert_eq!(
        weak.status, 200,
        "Prism's anyOf copy of the list body accepts a bad selector (known weakening)"
    );
    assert!(BodyShape::of_post(LIST).check_selectors(&bad).is_err());
    assert!(BodyShape::of_post(LIST)
        .check_selectors(&json!({ "acs_user_id": uuid(1), "user_identity_id": uuid(2) }))
        .is_err());
    let strict = http::post_json(
        &format!("{}{UNMANAGED_LIST}", prism.base_url()),
        Some(TOKEN),
        &bad,
    );
    assert_eq!(
        strict.status, 400,
        "the unmanaged list body has no `{{}}` alternative"
    );
    eprintln!("{checked} list requests accepted, and their parameters validated as POST bodies");
}

/// The sample requests of Seam's documentation (`/work/shared/seam-docs/`), written with the
/// SDK: Prism accepts each, and the SDK sends exactly the sample's JSON.
///
/// Where a sample breaks the current spec, the closest valid request is used and the change
/// is noted: 001 (an older revision) sends no `access_method`, which is now required; 002's
/// API-reference request has `"code": "text"`, which the spec's pattern `^\d+$` forbids (see
/// [`prism_violations_fail_and_are_shown`]); 003's PHP, C# and Go tabs use
/// `66666666-6666-6666-6666-66666666`, which is not a UUID (its Python, cURL and JavaScript
/// tabs use `66666666-6666-6666-6666-666666666666`, used here).
#[tokio::test]
async fn docs_sample_requests_are_accepted() {
    let ctx = Ctx::new();
    let credentials = ctx.seam.acs().credentials();
    let user = "33333333-3333-3333-3333-333333333333";
    let id = "123e4567-e89b-12d3-a456-426614174000";

    let creates: Vec<(&str, AcsCredentialsCreateRequest, Value)> = vec![
        (
            "000/002: mobile key, multi-phone sync, entrances, starts_at/ends_at",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::MobileKey)
                .acs_user_id(user)
                .allowed_acs_entrance_ids([
                    "55555555-5555-5555-5555-555555555555",
                    "55555555-5555-5555-5555-000000000000",
                ])
                .credential_manager_acs_system_id("88888888-8888-8888-8888-888888888888")
                .is_multi_phone_sync_credential(true)
                .starts_at(timestamp("2024-03-01T10:40:00Z"))
                .ends_at(timestamp("2024-03-04T10:40:00Z")),
            json!({
                "acs_user_id": user,
                "access_method": "mobile_key",
                "allowed_acs_entrance_ids": [
                    "55555555-5555-5555-5555-555555555555",
                    "55555555-5555-5555-5555-000000000000"
                ],
                "credential_manager_acs_system_id": "88888888-8888-8888-8888-888888888888",
                "is_multi_phone_sync_credential": true,
                "starts_at": "2024-03-01T10:40:00Z",
                "ends_at": "2024-03-04T10:40:00Z"
            }),
        ),
        (
            "001: PIN code (cURL; access_method added, now required)",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                .acs_user_id("efaeae64-e471-4e1f-a621-f518c624d99c")
                .code("669781"),
            json!({
                "access_method": "code",
                "acs_user_id": "efaeae64-e471-4e1f-a621-f518c624d99c",
                "code": "669781"
            }),
        ),
        (
            "002: PIN code",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                .acs_user_id(user)
                .code("824759"),
            json!({ "acs_user_id": user, "access_method": "code", "code": "824759" }),
        ),
        (
            "002: key card",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Card)
                .acs_user_id(user)
                .code("123456"),
            json!({ "acs_user_id": user, "access_method": "card", "code": "123456" }),
        ),
        (
            "002: API-reference request, every parameter (code \"text\" -> \"1234\")",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                .credential_manager_acs_system_id(id)
                .acs_user_id(id)
                .user_identity_id(id)
                .acs_system_id(id)
                .code("1234")
                .is_multi_phone_sync_credential(false)
                .allowed_acs_entrance_ids([id])
                .visionline_metadata(
                    AcsCredentialsCreateVisionlineMetadata::new()
                        .card_format("TLCode".into())
                        .card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Guest)
                        .r#override(true)
                        .auto_join(true)
                        .joiner_acs_credential_ids([id]),
                )
                .assa_abloy_vostio_metadata(
                    AcsCredentialsCreateAssaAbloyVostioMetadata::new()
                        .auto_join(true)
                        .override_all_guest_acs_entrances(true)
                        .join_all_guest_acs_entrances(true)
                        .override_guest_acs_entrance_ids([id]),
                )
                .salto_space_metadata(
                    AcsCredentialsCreateSaltoSpaceMetadata::new()
                        .assign_new_key(true)
                        .update_current_key(true),
                )
                .starts_at(timestamp(DATE_TIME))
                .ends_at(timestamp(DATE_TIME)),
            json!({
                "credential_manager_acs_system_id": id,
                "acs_user_id": id,
                "user_identity_id": id,
                "acs_system_id": id,
                "access_method": "code",
                "code": "1234",
                "is_multi_phone_sync_credential": false,
                "allowed_acs_entrance_ids": [id],
                "visionline_metadata": {
                    "card_format": "TLCode",
                    "card_function_type": "guest",
                    "override": true,
                    "auto_join": true,
                    "joiner_acs_credential_ids": [id]
                },
                "assa_abloy_vostio_metadata": {
                    "auto_join": true,
                    "override_all_guest_acs_entrances": true,
                    "join_all_guest_acs_entrances": true,
                    "override_guest_acs_entrance_ids": [id]
                },
                "salto_space_metadata": { "assign_new_key": true, "update_current_key": true },
                "starts_at": DATE_TIME,
                "ends_at": DATE_TIME
            }),
        ),
        (
            "002: by user_identity_id + acs_system_id, no acs_user_id",
            AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Card)
                .user_identity_id(id)
                .acs_system_id("88888888-8888-8888-8888-888888888888")
                .code("123456"),
            json!({
                "access_method": "card",
                "user_identity_id": id,
                "acs_system_id": "88888888-8888-8888-8888-888888888888",
                "code": "123456"
            }),
        ),
    ];
    let mut accepted = 0;
    for (what, request, expected) in creates {
        let (credential, exchange) = ctx.accepted(what, credentials.create(request)).await;
        assert_eq!(exchange.endpoint(), "POST /acs/credentials/create");
        assert_eq!(
            exchange.body_json(),
            Some(expected),
            "{what}: the SDK did not send the sample's JSON"
        );
        assert!(!credential.acs_credential_id.is_empty());
        accepted += 1;
    }

    let assigns = [
        (
            "003: assign to an access system user",
            AcsCredentialsAssignRequest::new("66666666-6666-6666-6666-666666666666")
                .acs_user_id(user),
            json!({ "acs_credential_id": "66666666-6666-6666-6666-666666666666", "acs_user_id": user }),
        ),
        (
            "004: assign to a user identity",
            AcsCredentialsAssignRequest::new("59c9af06-7881-46d2-8d9b-3eda964c058b")
                .user_identity_id("1082e2e8-ecbd-4ef1-aa61-a805f7ae2f01"),
            json!({
                "acs_credential_id": "59c9af06-7881-46d2-8d9b-3eda964c058b",
                "user_identity_id": "1082e2e8-ecbd-4ef1-aa61-a805f7ae2f01"
            }),
        ),
    ];
    for (what, request, expected) in assigns {
        let (credential, exchange) = ctx.accepted(what, credentials.assign(request)).await;
        assert_eq!(exchange.endpoint(), "PATCH /acs/credentials/assign");
        assert_eq!(exchange.body_json(), Some(expected), "{what}");
        assert!(
            credential.is_some(),
            "{what}: the static example has a credential"
        );
        accepted += 1;
    }
    eprintln!("{accepted} documentation sample requests accepted");
}

/// Negative controls: a request that breaks the spec is rejected, and the test sees why.
///
/// The SDK's error for Prism's 400 is `Error::Api` with status 400 and an empty body (Prism
/// puts the reason in the `sl-violations` header, and `ApiError` has no headers), so the
/// reason comes from the recording proxy.
#[tokio::test]
async fn prism_violations_fail_and_are_shown() {
    let ctx = Ctx::new();
    let credentials = ctx.seam.acs().credentials();

    // 002's API-reference sample sends `"code": "text"`.
    let (error, violations) = ctx
        .rejected(
            "create with code \"text\"",
            credentials.create(
                AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                    .acs_user_id(uuid(1))
                    .code("text"),
            ),
        )
        .await;
    assert_eq!(violations[0]["code"], "pattern", "{violations}");
    assert_eq!(
        violations[0]["location"],
        json!(["request", "body", "code"])
    );
    let api = error.api_error().expect("an API error");
    assert_eq!(api.body, "", "Prism's 400 has an empty body");

    // 003's PHP, C# and Go samples: not a UUID.
    let (_, violations) = ctx
        .rejected(
            "assign with 66666666-6666-6666-6666-66666666",
            credentials.assign(
                AcsCredentialsAssignRequest::new("66666666-6666-6666-6666-66666666")
                    .acs_user_id("33333333-3333-3333-3333-333333333333"),
            ),
        )
        .await;
    assert_eq!(violations[0]["code"], "format", "{violations}");
    assert_eq!(
        violations[0]["location"],
        json!(["request", "body", "acs_credential_id"])
    );

    // Query parameters of GET and DELETE are validated too.
    let (_, violations) = ctx
        .rejected(
            "get with a bad id",
            credentials.get(AcsCredentialsGetRequest::new("nope")),
        )
        .await;
    assert_eq!(
        violations[0]["location"],
        json!(["request", "query", "acs_credential_id"])
    );
    let (_, violations) = ctx
        .rejected(
            "delete with a bad id",
            credentials.delete(AcsCredentialsDeleteRequest::new("nope")),
        )
        .await;
    assert_eq!(
        violations[0]["location"],
        json!(["request", "query", "acs_credential_id"])
    );
}

//! Decoding tests: responses that Prism generates at random from the spec (dynamic mode,
//! `-d`) decode into the SDK's models, and each decoded model re-serializes to the JSON that
//! was received, so no declared field is lost.
//!
//! For each endpoint, the SDK method is called [`samples`] times (default 50) against one
//! dynamic Prism shared by this binary's tests, through a [`RecordingProxy`]. The proxy
//! fetches every response with `seam_sdk_tests::http` and records its raw bytes, so each
//! sample checks, on the very same response:
//! 1. the SDK call succeeds (its one-pass envelope decoding works on random data);
//! 2. the payload (the value under the response's key, e.g. `acs_credential`), decoded with
//!    `serde_json` into the SDK's public model type, re-serializes to JSON equal to the
//!    payload as received, up to [`prism::normalize_response`] (an optional nullable
//!    property received as `null` is absent after the round trip; properties no schema
//!    declares, which Prism invents, are not compared); the first difference fails the test
//!    with its path;
//! 3. the SDK's return value equals that directly decoded model.
//!
//! Prism runs with `--errors`, so a generated response that breaks its own schema would be
//! a 500, not a sample.

use std::future::Future;
use std::time::Duration;

use seam_sdk::acs::credentials::unmanaged::{
    AcsCredentialsUnmanagedGetRequest, AcsCredentialsUnmanagedListRequest,
    AcsCredentialsUnmanagedListSelector,
};
use seam_sdk::acs::credentials::{
    AcsCredentialsAssignRequest, AcsCredentialsCreateOfflineCodeRequest,
    AcsCredentialsCreateRequest, AcsCredentialsDeleteRequest, AcsCredentialsGetRequest,
    AcsCredentialsListAccessibleEntrancesRequest, AcsCredentialsListRequest,
    AcsCredentialsUnassignRequest, AcsCredentialsUpdateRequest,
};
use seam_sdk::models::{
    AcsCredential, AcsCredentialAccessMethod, AcsEntrance, Pagination, UnmanagedAcsCredential,
};
use seam_sdk::{Page, RetryPolicy, Seam};
use seam_sdk_tests::prism::{self, Normalized, RecordingProxy};
use seam_sdk_tests::servers::uuid;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const TOKEN: &str = "seam_test_token_prism_decoding";

/// Responses per endpoint: 50, or `SEAM_PRISM_SAMPLES` (at least 50).
fn samples() -> u64 {
    std::env::var("SEAM_PRISM_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
        .max(50)
}

/// What one endpoint's samples covered.
#[derive(Debug, Default)]
struct Tally {
    /// Responses received, decoded by the SDK and checked.
    responses: usize,
    /// Models decoded and round-tripped (a list response holds several, or none).
    models: usize,
    normalized: Normalized,
}

/// The SDK pointed at the shared dynamic Prism through a recording proxy.
struct Ctx {
    proxy: RecordingProxy,
    seam: Seam,
}

impl Ctx {
    fn new() -> Ctx {
        let proxy = RecordingProxy::start(prism::shared_prism(true).base_url());
        let seam = Seam::builder()
            .endpoint(proxy.base_url())
            .api_key(TOKEN)
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Ctx { proxy, seam }
    }

    /// Calls the SDK [`samples`] times with `call`, and checks each response with `check`,
    /// which gets the SDK's return value and the response body as received.
    async fn sample<Out, Fut>(
        &self,
        endpoint: &str,
        call: impl Fn(Seam, u64) -> Fut,
        check: impl Fn(Out, &Value, &mut Tally) -> Result<(), String>,
    ) -> Tally
    where
        Fut: Future<Output = Result<Out, seam_sdk::Error>>,
    {
        let mut tally = Tally::default();
        for i in 0..samples() {
            let result = call(self.seam.clone(), i).await;
            let exchange = self.proxy.single(endpoint);
            assert_eq!(exchange.endpoint(), endpoint);
            assert!(
                exchange.accepted(),
                "{endpoint} sample {i}: Prism did not answer 200 without violations\n{}",
                exchange.describe()
            );
            let out = result.unwrap_or_else(|e| {
                panic!(
                    "{endpoint} sample {i}: the SDK failed on a response Prism generated from the \
                     spec: {e}\n{}",
                    exchange.describe()
                )
            });
            let body = exchange.response.json();
            if let Err(e) = check(out, &body, &mut tally) {
                panic!("{endpoint} sample {i}: {e}\nresponse body: {body}");
            }
            tally.responses += 1;
        }
        eprintln!(
            "{endpoint}: {} responses decoded by the SDK; {} models round-tripped; {} optional \
             nullable nulls normalized; {} undeclared (Prism-invented) properties ignored",
            tally.responses,
            tally.models,
            tally.normalized.nulls_removed,
            tally.normalized.undeclared_removed
        );
        assert!(tally.responses as u64 >= samples().min(50));
        assert_eq!(
            tally.normalized.undeclared_removed, 0,
            "{endpoint}: the test spec tells Prism not to invent properties, so every received \
             property must be a declared one"
        );
        tally
    }
}

/// Decodes `payload` into `T` with `serde_json`, re-serializes it, and compares the result
/// with `payload` normalized by [`prism::normalize_response`] against `schema` (the
/// payload's schema in the spec); `Err` names the first difference.
fn round_trip<T: DeserializeOwned + Serialize>(
    payload: &Value,
    schema: &Value,
    at: &str,
    tally: &mut Tally,
) -> Result<T, String> {
    let decoded: T = serde_json::from_value(payload.clone()).map_err(|e| {
        format!(
            "{at} does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    })?;
    let reserialized = serde_json::to_value(&decoded)
        .map_err(|e| format!("{at}: the decoded model does not serialize: {e}"))?;
    let mut normalized = Normalized::default();
    let expected = prism::normalize_response(payload, schema, at, &mut normalized)?;
    if let Some(difference) = prism::first_difference(&expected, &reserialized, at) {
        return Err(format!(
            "decoding into {} and re-serializing changed the payload: {difference}",
            std::any::type_name::<T>()
        ));
    }
    tally.normalized += normalized;
    Ok(decoded)
}

fn same<T: PartialEq + std::fmt::Debug>(sdk: &T, direct: &T, what: &str) -> Result<(), String> {
    if sdk == direct {
        Ok(())
    } else {
        Err(format!(
            "the SDK returned a different {what} than decoding the payload directly:\nSDK:    {sdk:?}\ndirect: {direct:?}"
        ))
    }
}

/// For the endpoints returning one `acs_credential`: the payload round-trips, and the SDK's
/// value equals it.
fn one_credential(
    method: &'static str,
    path: &'static str,
) -> impl Fn(AcsCredential, &Value, &mut Tally) -> Result<(), String> {
    let schema = prism::response_property_schema(method, path, "acs_credential");
    move |sdk, body, tally| {
        let direct: AcsCredential =
            round_trip(&body["acs_credential"], schema, "$.acs_credential", tally)?;
        tally.models += 1;
        same(&sdk, &direct, "credential")
    }
}

/// As [`one_credential`], for the endpoints whose SDK method returns an `Option` (the API
/// does not promise the payload; Prism always sends it, since the schema requires it).
fn optional_credential(
    method: &'static str,
    path: &'static str,
) -> impl Fn(Option<AcsCredential>, &Value, &mut Tally) -> Result<(), String> {
    let one = one_credential(method, path);
    move |sdk, body, tally| match sdk {
        Some(sdk) => one(sdk, body, tally),
        None => Err("the SDK returned None for a response with an acs_credential".into()),
    }
}

#[tokio::test]
async fn get_responses_round_trip() {
    let path = "/acs/credentials/get";
    Ctx::new()
        .sample(
            "GET /acs/credentials/get",
            |seam, i| async move {
                let request = AcsCredentialsGetRequest::new(uuid(i));
                seam.acs().credentials().get(request).await
            },
            one_credential("get", path),
        )
        .await;
}

#[tokio::test]
async fn create_responses_round_trip() {
    Ctx::new()
        .sample(
            "POST /acs/credentials/create",
            |seam, i| async move {
                let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                    .acs_user_id(uuid(i))
                    .code("1234");
                seam.acs().credentials().create(request).await
            },
            one_credential("post", "/acs/credentials/create"),
        )
        .await;
}

#[tokio::test]
async fn create_offline_code_responses_round_trip() {
    Ctx::new()
        .sample(
            "POST /acs/credentials/create_offline_code",
            |seam, i| async move {
                let request = AcsCredentialsCreateOfflineCodeRequest::new(uuid(i), uuid(i + 1));
                seam.acs().credentials().create_offline_code(request).await
            },
            one_credential("post", "/acs/credentials/create_offline_code"),
        )
        .await;
}

#[tokio::test]
async fn assign_responses_round_trip() {
    Ctx::new()
        .sample(
            "PATCH /acs/credentials/assign",
            |seam, i| async move {
                let request = AcsCredentialsAssignRequest::new(uuid(i)).acs_user_id(uuid(i + 1));
                seam.acs().credentials().assign(request).await
            },
            optional_credential("patch", "/acs/credentials/assign"),
        )
        .await;
}

#[tokio::test]
async fn unassign_responses_round_trip() {
    Ctx::new()
        .sample(
            "PATCH /acs/credentials/unassign",
            |seam, i| async move {
                let request =
                    AcsCredentialsUnassignRequest::new(uuid(i)).user_identity_id(uuid(i + 1));
                seam.acs().credentials().unassign(request).await
            },
            optional_credential("patch", "/acs/credentials/unassign"),
        )
        .await;
}

#[tokio::test]
async fn update_responses_round_trip() {
    Ctx::new()
        .sample(
            "PATCH /acs/credentials/update",
            |seam, i| async move {
                let request = AcsCredentialsUpdateRequest::new(uuid(i)).code("0042");
                seam.acs().credentials().update(request).await
            },
            optional_credential("patch", "/acs/credentials/update"),
        )
        .await;
}

/// `delete` has no payload (`{"ok": true}` plus whatever Prism invents): the SDK must accept
/// every generated body.
#[tokio::test]
async fn delete_responses_are_accepted() {
    Ctx::new()
        .sample(
            "DELETE /acs/credentials/delete",
            // Prism draws `ok` at random; `"ok": false` must be an error, not a success.
            |seam, i| async move {
                let request = AcsCredentialsDeleteRequest::new(uuid(i));
                Ok(seam.acs().credentials().delete(request).await)
            },
            |result: Result<(), seam_sdk::Error>, body, _| match (body.get("ok"), result) {
                (Some(Value::Bool(true)), Ok(())) => Ok(()),
                (Some(Value::Bool(false)), Err(seam_sdk::Error::InvalidResponse { .. })) => Ok(()),
                (ok, result) => Err(format!("`ok` is {ok:?} and the SDK returned {result:?}")),
            },
        )
        .await;
}

/// The list: its items round-trip, its `pagination` round-trips into
/// `models::Pagination`, and the SDK's `Page` carries the same items and cursor.
#[tokio::test]
async fn list_responses_round_trip() {
    let path = "/acs/credentials/list";
    let items_schema = prism::response_property_schema("get", path, "acs_credentials");
    let pagination_schema = prism::response_property_schema("get", path, "pagination");
    let tally = Ctx::new()
        .sample(
            "GET /acs/credentials/list",
            |seam, i| async move {
                let request = AcsCredentialsListRequest::new().limit((i % 20 + 1) as f64);
                seam.acs().credentials().list(request).await
            },
            |page: Page<AcsCredential>, body, tally| {
                let items: Vec<AcsCredential> = round_trip(
                    &body["acs_credentials"],
                    items_schema,
                    "$.acs_credentials",
                    tally,
                )?;
                let pagination: Pagination = round_trip(
                    &body["pagination"],
                    pagination_schema,
                    "$.pagination",
                    tally,
                )?;
                tally.models += items.len() + 1;
                same(&page.items, &items, "list of credentials")?;
                let cursor = pagination.next_page_cursor.filter(|c| !c.is_empty());
                same(&page.next_page_cursor, &cursor, "next_page_cursor")?;
                same(
                    &page.has_next_page,
                    &pagination.has_next_page,
                    "has_next_page",
                )
            },
        )
        .await;
    assert!(
        tally.models > tally.responses,
        "Prism generated no list items"
    );
}

#[tokio::test]
async fn list_accessible_entrances_responses_round_trip() {
    let path = "/acs/credentials/list_accessible_entrances";
    let schema = prism::response_property_schema("get", path, "acs_entrances");
    let tally = Ctx::new()
        .sample(
            "GET /acs/credentials/list_accessible_entrances",
            |seam, i| async move {
                let request = AcsCredentialsListAccessibleEntrancesRequest::new(uuid(i));
                seam.acs()
                    .credentials()
                    .list_accessible_entrances(request)
                    .await
            },
            |sdk: Vec<AcsEntrance>, body, tally| {
                let direct: Vec<AcsEntrance> =
                    round_trip(&body["acs_entrances"], schema, "$.acs_entrances", tally)?;
                tally.models += direct.len();
                same(&sdk, &direct, "list of entrances")
            },
        )
        .await;
    assert!(tally.models > 0, "Prism generated no entrances");
}

#[tokio::test]
async fn unmanaged_get_responses_round_trip() {
    let path = "/acs/credentials/unmanaged/get";
    let schema = prism::response_property_schema("get", path, "acs_credential");
    Ctx::new()
        .sample(
            "GET /acs/credentials/unmanaged/get",
            |seam, i| async move {
                let request = AcsCredentialsUnmanagedGetRequest::new(uuid(i));
                seam.acs().credentials().unmanaged().get(request).await
            },
            |sdk: UnmanagedAcsCredential, body, tally| {
                let direct: UnmanagedAcsCredential =
                    round_trip(&body["acs_credential"], schema, "$.acs_credential", tally)?;
                tally.models += 1;
                same(&sdk, &direct, "unmanaged credential")
            },
        )
        .await;
}

#[tokio::test]
async fn unmanaged_list_responses_round_trip() {
    let path = "/acs/credentials/unmanaged/list";
    let schema = prism::response_property_schema("get", path, "acs_credentials");
    let tally = Ctx::new()
        .sample(
            "GET /acs/credentials/unmanaged/list",
            |seam, i| async move {
                let request = AcsCredentialsUnmanagedListRequest::new(
                    AcsCredentialsUnmanagedListSelector::AcsSystemId {
                        acs_system_id: uuid(i),
                    },
                );
                seam.acs().credentials().unmanaged().list(request).await
            },
            |sdk: Vec<UnmanagedAcsCredential>, body, tally| {
                let direct: Vec<UnmanagedAcsCredential> =
                    round_trip(&body["acs_credentials"], schema, "$.acs_credentials", tally)?;
                tally.models += direct.len();
                same(&sdk, &direct, "list of unmanaged credentials")
            },
        )
        .await;
    assert!(tally.models > 0, "Prism generated no unmanaged credentials");
}

// ---------------------------------------------------------------------------------------
// The normalization and the comparison themselves (no server)
// ---------------------------------------------------------------------------------------

fn credential_schema() -> &'static Value {
    prism::response_property_schema("get", "/acs/credentials/get", "acs_credential")
}

fn minimal_credential() -> Value {
    json!({
        "access_method": "code",
        "acs_credential_id": uuid(1),
        "acs_system_id": uuid(2),
        "connected_account_id": uuid(3),
        "created_at": "2025-07-01T03:45:02.692Z",
        "display_name": "Front door",
        "errors": [],
        "warnings": [],
        "is_managed": true,
        "workspace_id": uuid(4)
    })
}

/// Only an optional *and* nullable property received as `null` is removed; the flags come
/// from the spec (`code` is optional and nullable, `acs_user_id` optional but not nullable,
/// `pagination.next_page_cursor` nullable but required).
#[test]
fn normalization_removes_only_optional_nullable_nulls() {
    let mut value = minimal_credential();
    value["code"] = Value::Null;
    value["issued_at"] = Value::Null;
    let mut stats = Normalized::default();
    let normalized =
        prism::normalize_response(&value, credential_schema(), "$", &mut stats).unwrap();
    assert_eq!(normalized, minimal_credential());
    assert_eq!(stats.nulls_removed, 2);

    // Optional but not nullable: kept, so the round trip (which drops it) must fail.
    let mut value = minimal_credential();
    value["acs_user_id"] = Value::Null;
    let mut tally = Tally::default();
    let error = round_trip::<AcsCredential>(&value, credential_schema(), "$", &mut tally)
        .expect_err("a null in a non-nullable property is a difference");
    assert!(error.contains("$.acs_user_id"), "{error}");

    // Required and nullable: kept, and the model writes it back.
    let pagination =
        json!({ "has_next_page": false, "next_page_cursor": null, "next_page_url": null });
    let schema = prism::response_property_schema("get", "/acs/credentials/list", "pagination");
    let mut stats = Normalized::default();
    assert_eq!(
        prism::normalize_response(&pagination, schema, "$", &mut stats).unwrap(),
        pagination
    );
    assert_eq!(stats, Normalized::default());
    round_trip::<Pagination>(&pagination, schema, "$", &mut Tally::default()).unwrap();
}

/// Properties no schema declares are removed (and counted), inside `oneOf` branches too:
/// a warning's branch is picked by its `warning_code` discriminator. A warning whose code
/// no branch declares cannot be normalized precisely, and is an error.
#[test]
fn normalization_removes_undeclared_properties_and_follows_discriminators() {
    let mut value = minimal_credential();
    value["invented"] = json!(1);
    value["errors"] = json!([{ "error_code": "x", "message": "m", "created_at": "2025-07-01T03:45:02.692Z", "extra": true }]);
    value["warnings"] = json!([{ "warning_code": "being_deleted", "message": "m", "created_at": "2025-07-01T03:45:02.692Z", "extra": [1] }]);
    let mut stats = Normalized::default();
    let normalized =
        prism::normalize_response(&value, credential_schema(), "$", &mut stats).unwrap();
    assert_eq!(stats.undeclared_removed, 3);
    assert!(normalized.get("invented").is_none());
    assert!(normalized["errors"][0].get("extra").is_none());
    assert!(normalized["warnings"][0].get("extra").is_none());
    assert_eq!(normalized["warnings"][0]["warning_code"], "being_deleted");
    round_trip::<AcsCredential>(&value, credential_schema(), "$", &mut Tally::default()).unwrap();

    value["warnings"][0]["warning_code"] = json!("no_such_warning");
    let error = prism::normalize_response(&value, credential_schema(), "$", &mut stats)
        .expect_err("no branch");
    assert!(error.contains("$.warnings[0]"), "{error}");
}

#[test]
fn first_difference_names_the_path() {
    let received = json!({ "a": [{ "b": 1, "c": "x" }], "n": 5 });
    assert_eq!(
        prism::first_difference(
            &received,
            &json!({ "a": [{ "b": 1, "c": "x" }], "n": 5.0 }),
            "$"
        ),
        None,
        "numbers compare by value"
    );
    let lost = prism::first_difference(&received, &json!({ "a": [{ "b": 1 }], "n": 5 }), "$");
    assert!(
        lost.as_deref()
            .unwrap()
            .starts_with("$.a[0].c: received \"x\""),
        "{lost:?}"
    );
    let changed = prism::first_difference(
        &received,
        &json!({ "a": [{ "b": 2, "c": "x" }], "n": 5 }),
        "$",
    );
    assert!(
        changed.as_deref().unwrap().starts_with("$.a[0].b:"),
        "{changed:?}"
    );
    let added = prism::first_difference(
        &received,
        &json!({ "a": [{ "b": 1, "c": "x" }], "n": 5, "z": null }),
        "$",
    );
    assert!(added.as_deref().unwrap().starts_with("$.z:"), "{added:?}");
}

//! Parity with Seam's official JavaScript SDK on the wire: every `/acs/credentials` call,
//! with no optional parameter and with every one, made through `seam-sdk` and through
//! `@seamapi/http` 2.32.0 (pinned in `tests/package.json`; `tests/reference/wire.mjs`)
//! against one loopback recorder (`wiremock`, answering `{"ok": true}` to everything).
//! Each pair of requests must have the same method, path and query string (byte for
//! byte) and the same JSON body, compared as parsed JSON values: the JS SDK writes an
//! object's keys in the order its caller gave them, ours in the struct's field order.
//!
//! The JavaScript side is given the parameters of each Rust request as `serde_json`
//! serializes them, but for the timestamps the Rust side builds from an instant
//! (`Timestamp::from(SystemTime)`): the JavaScript side gets those as a `Date` of the same
//! millisecond, as its users pass them (timestamps parsed from a string go as that
//! string on both sides); a check against `spec/openapi.json` proves that the "every one"
//! calls, together, set every request property the spec lists for their endpoint.
//! `create_offline_code` and `unmanaged/{get,list}` (`x-undocumented`, `unstable`
//! here) have no method in `@seamapi/http`: they go through its own `SeamHttpRequest`,
//! with the method `seam-sdk` uses, which checks the serialization but not that choice.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use seam_sdk::acs::credentials::unmanaged::{
    AcsCredentialsUnmanagedGetRequest, AcsCredentialsUnmanagedListRequest,
    AcsCredentialsUnmanagedListSelector,
};
use seam_sdk::acs::credentials::{
    AcsCredentialsAssignRequest, AcsCredentialsCreateAssaAbloyVostioMetadata,
    AcsCredentialsCreateHotekMetadata, AcsCredentialsCreateOfflineCodeRequest,
    AcsCredentialsCreateRequest, AcsCredentialsCreateSaltoSpaceMetadata,
    AcsCredentialsCreateVisionlineMetadata, AcsCredentialsCreateVisionlineMetadataCardFormat,
    AcsCredentialsDeleteRequest, AcsCredentialsGetRequest,
    AcsCredentialsListAccessibleEntrancesRequest, AcsCredentialsListRequest,
    AcsCredentialsListSelector, AcsCredentialsUnassignRequest, AcsCredentialsUpdateRequest,
};
use seam_sdk::models::{
    AcsCredentialAccessMethod, AcsCredentialVisionlineMetadataCardFunctionType,
};
use seam_sdk::{RetryPolicy, Seam, Timestamp};
use seam_sdk_tests::servers::{run_node_batch, spec_path, uuid};

/// The API key both SDKs send (`@seamapi/http` accepts only keys that look like one).
const API_KEY: &str = "seam_test_parity_key";

/// One call, as the JavaScript side makes it.
#[derive(Debug, Serialize)]
struct JsCall {
    path: &'static str,
    /// For an endpoint `@seamapi/http` has no method for: the method to send it with.
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'static str>,
    parameters: Value,
    /// Top-level parameters the JavaScript side gets as `new Date(milliseconds)` instead.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    dates: BTreeMap<&'static str, u64>,
    /// Whether this call sets every optional parameter (for the spec coverage check).
    #[serde(skip)]
    every_optional: bool,
}

#[derive(Default)]
struct Calls(Vec<JsCall>);

impl Calls {
    fn record<P: Serialize>(&mut self, path: &'static str, parameters: &P, every_optional: bool) {
        self.push(path, None, parameters, every_optional);
    }

    /// As [`Calls::record`], with `dates` (parameter, milliseconds since the epoch) given
    /// to the JavaScript side as a `Date`.
    fn record_dates<P: Serialize>(
        &mut self,
        path: &'static str,
        parameters: &P,
        every_optional: bool,
        dates: &[(&'static str, u64)],
    ) {
        self.push(path, None, parameters, every_optional);
        if let Some(call) = self.0.last_mut() {
            call.dates = dates.iter().copied().collect();
        }
    }

    fn record_undocumented<P: Serialize>(
        &mut self,
        path: &'static str,
        method: &'static str,
        parameters: &P,
        every_optional: bool,
    ) {
        self.push(path, Some(method), parameters, every_optional);
    }

    fn push<P: Serialize>(
        &mut self,
        path: &'static str,
        method: Option<&'static str>,
        parameters: &P,
        every_optional: bool,
    ) {
        self.0.push(JsCall {
            path,
            method,
            parameters: serde_json::to_value(parameters).expect("parameters serialize"),
            dates: BTreeMap::new(),
            every_optional,
        });
    }
}

/// Makes every call through `seam-sdk` (outcomes ignored: the recorder's `{"ok": true}`
/// lacks most payloads) and returns the same calls for the JavaScript side, in order.
// "Every optional parameter" includes the deprecated ones.
#[allow(deprecated)]
async fn rust_calls(seam: &Seam) -> Vec<JsCall> {
    let credentials = seam.acs().credentials();
    let mut calls = Calls::default();
    let (credential, user, system, identity) = (uuid(1), uuid(2), uuid(3), uuid(4));
    // Instants, as a user holding a `Date` (JavaScript) or a `SystemTime` (Rust) has them.
    let (start_ms, end_ms): (u64, u64) = (1_709_289_600_123, 1_709_548_800_000);
    let instant = |ms: u64| Timestamp::from(SystemTime::UNIX_EPOCH + Duration::from_millis(ms));
    // Strings, parsed on the Rust side, passed as they are on the JavaScript side.
    let start_text: Timestamp = "2024-03-01T11:40:00+01:00".parse().expect("RFC 3339");
    let end_text: Timestamp = "2024-03-04T10:40:00Z".parse().expect("RFC 3339");

    let request = AcsCredentialsAssignRequest::new(&credential);
    calls.record("/acs/credentials/assign", &request, false);
    let _ = credentials.assign(request).await;
    let request = AcsCredentialsAssignRequest::new(&credential)
        .acs_user_id(&user)
        .user_identity_id(&identity);
    calls.record("/acs/credentials/assign", &request, true);
    let _ = credentials.assign(request).await;

    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code);
    calls.record("/acs/credentials/create", &request, false);
    let _ = credentials.create(request).await;
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::MobileKey)
        .acs_system_id(&system)
        .acs_user_id(&user)
        .allowed_acs_entrance_ids([uuid(5), uuid(6)])
        .assa_abloy_vostio_metadata(
            AcsCredentialsCreateAssaAbloyVostioMetadata::new()
                .auto_join(true)
                .join_all_guest_acs_entrances(false)
                .override_all_guest_acs_entrances(true)
                .override_guest_acs_entrance_ids([uuid(7)]),
        )
        .code("824759")
        .credential_manager_acs_system_id(uuid(8))
        .ends_at(instant(end_ms))
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
        .starts_at(instant(start_ms))
        .user_identity_id(&identity)
        .visionline_metadata(
            AcsCredentialsCreateVisionlineMetadata::new()
                .assa_abloy_credential_service_mobile_endpoint_id(uuid(9))
                .auto_join(false)
                .card_format(AcsCredentialsCreateVisionlineMetadataCardFormat::Rfid48)
                .card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Staff)
                .is_override_key(true)
                .joiner_acs_credential_ids([uuid(10), uuid(11)])
                .r#override(true),
        );
    calls.record_dates(
        "/acs/credentials/create",
        &request,
        true,
        &[("starts_at", start_ms), ("ends_at", end_ms)],
    );
    let _ = credentials.create(request).await;

    let request = AcsCredentialsCreateOfflineCodeRequest::new(&user, uuid(5));
    calls.record_undocumented(
        "/acs/credentials/create_offline_code",
        "POST",
        &request,
        false,
    );
    let _ = credentials.create_offline_code(request).await;
    let request = AcsCredentialsCreateOfflineCodeRequest::new(&user, uuid(5))
        .ends_at(end_text.clone())
        .is_one_time_use(true)
        .starts_at(start_text.clone());
    calls.record_undocumented(
        "/acs/credentials/create_offline_code",
        "POST",
        &request,
        true,
    );
    let _ = credentials.create_offline_code(request).await;

    let request = AcsCredentialsDeleteRequest::new(&credential);
    calls.record("/acs/credentials/delete", &request, true);
    let _ = credentials.delete(request).await;

    let request = AcsCredentialsGetRequest::new(&credential);
    calls.record("/acs/credentials/get", &request, true);
    let _ = credentials.get(request).await;

    let request = AcsCredentialsListRequest::new();
    calls.record("/acs/credentials/list", &request, false);
    let _ = credentials.list(request).await;
    let request = AcsCredentialsListRequest::new()
        .selector(AcsCredentialsListSelector::AcsUserIdAndAcsSystemId {
            acs_system_id: system.clone(),
            acs_user_id: user.clone(),
        })
        .created_before(instant(start_ms))
        .is_multi_phone_sync_credential(false)
        .limit(10)
        .page_cursor("cursor/with+chars= and é")
        .search("front door");
    calls.record_dates(
        "/acs/credentials/list",
        &request,
        true,
        &[("created_before", start_ms)],
    );
    let _ = credentials.list(request).await;
    for selector in [
        AcsCredentialsListSelector::AcsUserId {
            acs_user_id: user.clone(),
        },
        AcsCredentialsListSelector::AcsSystemId {
            acs_system_id: system.clone(),
        },
        AcsCredentialsListSelector::UserIdentityId {
            user_identity_id: identity.clone(),
        },
    ] {
        let request = AcsCredentialsListRequest::new()
            .selector(selector)
            .limit(0.5);
        calls.record("/acs/credentials/list", &request, true);
        let _ = credentials.list(request).await;
    }

    // An explicit `null` (`page_cursor=`), distinct from leaving the cursor out.
    let request = AcsCredentialsListRequest::new().page_cursor_null();
    calls.record("/acs/credentials/list", &request, false);
    let _ = credentials.list(request).await;

    let request = AcsCredentialsListAccessibleEntrancesRequest::new(&credential);
    calls.record("/acs/credentials/list_accessible_entrances", &request, true);
    let _ = credentials.list_accessible_entrances(request).await;

    let request = AcsCredentialsUnassignRequest::new(&credential);
    calls.record("/acs/credentials/unassign", &request, false);
    let _ = credentials.unassign(request).await;
    let request = AcsCredentialsUnassignRequest::new(&credential)
        .acs_user_id(&user)
        .user_identity_id(&identity);
    calls.record("/acs/credentials/unassign", &request, true);
    let _ = credentials.unassign(request).await;

    let request = AcsCredentialsUpdateRequest::new(&credential);
    calls.record("/acs/credentials/update", &request, false);
    let _ = credentials.update(request).await;
    let request = AcsCredentialsUpdateRequest::new(&credential)
        .code("1234")
        .ends_at(instant(end_ms));
    calls.record_dates(
        "/acs/credentials/update",
        &request,
        true,
        &[("ends_at", end_ms)],
    );
    let _ = credentials.update(request).await;

    let unmanaged = credentials.unmanaged();
    let request = AcsCredentialsUnmanagedGetRequest::new(&credential);
    calls.record_undocumented("/acs/credentials/unmanaged/get", "GET", &request, true);
    let _ = unmanaged.get(request).await;
    let request =
        AcsCredentialsUnmanagedListRequest::new(AcsCredentialsUnmanagedListSelector::AcsUserId {
            acs_user_id: user.clone(),
        });
    calls.record_undocumented("/acs/credentials/unmanaged/list", "GET", &request, false);
    let _ = unmanaged.list(request).await;
    for selector in [
        AcsCredentialsUnmanagedListSelector::AcsUserIdAndAcsSystemId {
            acs_system_id: system.clone(),
            acs_user_id: user.clone(),
        },
        AcsCredentialsUnmanagedListSelector::UserIdentityId {
            user_identity_id: identity.clone(),
        },
    ] {
        let request = AcsCredentialsUnmanagedListRequest::new(selector).search("lobby & co");
        calls.record_undocumented("/acs/credentials/unmanaged/list", "GET", &request, true);
        let _ = unmanaged.list(request).await;
    }
    calls.0
}

/// What is compared of one request.
#[derive(Debug, PartialEq)]
struct Wire {
    method: String,
    path: String,
    query: Option<String>,
    /// The body parsed as JSON; `None` for no body.
    body: Option<Value>,
}

impl Wire {
    fn of(request: &Request) -> Wire {
        Wire {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            body: (!request.body.is_empty()).then(|| {
                serde_json::from_slice(&request.body).unwrap_or_else(|error| {
                    panic!("{} sent a body that is not JSON ({error})", request.url)
                })
            }),
        }
    }
}

/// Every request property the spec lists for `path` (its `POST` body, through `allOf`,
/// `oneOf` and `anyOf`).
fn spec_properties(spec: &Value, path: &str) -> BTreeSet<String> {
    fn collect(schema: &Value, out: &mut BTreeSet<String>) {
        if let Some(properties) = schema["properties"].as_object() {
            out.extend(properties.keys().cloned());
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for part in schema[key].as_array().into_iter().flatten() {
                collect(part, out);
            }
        }
    }
    let pointer = format!(
        "/paths/{}/post/requestBody/content/application~1json/schema",
        path.replace('~', "~0").replace('/', "~1")
    );
    let schema = spec
        .pointer(&pointer)
        .unwrap_or_else(|| panic!("the spec has no {pointer}"));
    let mut out = BTreeSet::new();
    collect(schema, &mut out);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_credentials_call_matches_the_official_sdk_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let seam = Seam::builder()
        .api_key(API_KEY)
        .endpoint(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");

    let calls = rust_calls(&seam).await;
    let ours: Vec<Wire> = server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(Wire::of)
        .collect();
    assert_eq!(ours.len(), calls.len(), "one request per seam-sdk call");

    let input = serde_json::to_vec(&json!({
        "endpoint": server.uri(),
        "apiKey": API_KEY,
        "calls": calls,
    }))
    .unwrap();
    let outcomes =
        tokio::task::spawn_blocking(move || run_node_batch("reference/wire.mjs", &[], input))
            .await
            .expect("node ran");
    let recorded = server.received_requests().await.expect("recording is on");
    let theirs: Vec<Wire> = recorded[ours.len()..].iter().map(Wire::of).collect();
    assert_eq!(
        theirs.len(),
        calls.len(),
        "one request per @seamapi/http call; its outcomes:\n{outcomes}"
    );

    let mut differences = Vec::new();
    for ((call, ours), theirs) in calls.iter().zip(&ours).zip(&theirs) {
        if ours != theirs {
            differences.push(format!(
                "{} {}:\n  seam-sdk:      {ours:?}\n  @seamapi/http: {theirs:?}",
                call.path, call.parameters
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} calls differ:\n{}",
        differences.len(),
        calls.len(),
        differences.join("\n")
    );

    // The wire carries what each endpoint's spec asks for: a query string for GET and
    // DELETE (with `_strict=true`), a JSON body otherwise.
    for wire in &ours {
        match wire.method.as_str() {
            "GET" | "DELETE" => {
                assert!(wire.body.is_none(), "{wire:?}");
                let query = wire.query.as_deref().unwrap_or("");
                assert!(
                    query.is_empty() || query.ends_with("_strict=true"),
                    "{wire:?}"
                );
            }
            _ => assert!(wire.body.as_ref().is_some_and(Value::is_object), "{wire:?}"),
        }
    }

    // Every endpoint is called, and the "every optional parameter" calls together set
    // every request property the spec lists for it.
    let spec: Value =
        serde_json::from_slice(&std::fs::read(spec_path()).expect("read the spec")).unwrap();
    let mut set: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for call in calls.iter().filter(|call| call.every_optional) {
        let keys = call
            .parameters
            .as_object()
            .expect("an object")
            .keys()
            .cloned();
        set.entry(call.path).or_default().extend(keys);
    }
    let endpoints: Vec<&str> = spec["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|path| path.starts_with("/acs/credentials/"))
        .collect();
    for path in endpoints {
        let expected = spec_properties(&spec, path);
        let covered = set.get(path).cloned().unwrap_or_default();
        assert_eq!(
            covered, expected,
            "{path}: properties set by the calls vs the spec"
        );
    }
}

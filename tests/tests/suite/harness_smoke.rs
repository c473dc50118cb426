//! Proves the end-to-end test harness (`seam_sdk_tests::servers`) works, and pins down the
//! wire behaviour of the two servers that the SDK's end-to-end tests rely on (see the
//! `servers` module docs for the full list of findings).

use std::time::{Duration, Instant};

use seam_sdk_tests::http::{self, post_json, send};
use seam_sdk_tests::servers::{self, uuid, FakeSeamServer, PrismServer, DEFAULT_PRISM_PREFIX};
use serde_json::json;

const TOKEN: &str = "seam_test_token_anything_goes";

fn assert_no_violations(r: &http::Response) {
    assert!(
        r.header("sl-violations").is_none(),
        "unexpected sl-violations: {:?}",
        r.header("sl-violations")
    );
}

fn violations(r: &http::Response) -> serde_json::Value {
    let h = r.header("sl-violations").unwrap_or_else(|| {
        panic!(
            "no sl-violations header; status {} body {}",
            r.status,
            r.text()
        )
    });
    serde_json::from_str(h).expect("sl-violations is JSON")
}

#[test]
fn npm_packages_are_installed() {
    servers::ensure_npm_packages();
    servers::ensure_npm_packages(); // second call is a no-op
    let dir = servers::tests_dir();
    assert!(dir
        .join("node_modules/@stoplight/prism-cli/package.json")
        .is_file());
    assert!(dir
        .join("node_modules/@seamapi/fake-seam-connect/package.json")
        .is_file());
}

#[test]
fn prism_test_spec_is_filtered_and_request_bodies_use_any_of() {
    let doc = servers::prism_test_spec(DEFAULT_PRISM_PREFIX);
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/acs/credentials/list"));
    assert!(paths.contains_key("/acs/credentials/unmanaged/get"));
    assert!(
        paths.keys().all(|p| p.starts_with("/acs/credentials/")),
        "{:?}",
        paths.keys()
    );
    assert!(doc["components"]["schemas"]["acs_credential"].is_object());
    let list_body = doc["paths"]["/acs/credentials/list"]["post"]["requestBody"].to_string();
    assert!(!list_body.contains("\"oneOf\""), "{list_body}");
    assert!(list_body.contains("\"anyOf\""), "{list_body}");

    // The real document is untouched (and really has the problematic oneOf).
    let real: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(servers::spec_path()).unwrap()).unwrap();
    assert!(
        real["paths"]["/acs/credentials/list"]["post"]["requestBody"]
            .to_string()
            .contains("\"oneOf\"")
    );
    assert!(real["paths"].as_object().unwrap().len() > paths.len());
}

#[test]
fn prism_static_validates_requests() {
    let prism = PrismServer::start(DEFAULT_PRISM_PREFIX, false);
    eprintln!("prism (static) ready in {:?}", prism.startup_time());
    let base = prism.base_url();
    assert!(base.starts_with("http://127.0.0.1:"));

    // Valid POST /acs/credentials/get: 200 with the spec's example credential.
    let id = uuid(1);
    let ok = post_json(
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        &json!({ "acs_credential_id": id }),
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_no_violations(&ok);
    let body = ok.json();
    assert!(
        body["acs_credential"]["acs_credential_id"].is_string(),
        "{body}"
    );
    // Static mode is deterministic.
    let again = post_json(
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        &json!({ "acs_credential_id": uuid(2) }),
    );
    assert_eq!(again.json(), body);

    // Not a UUID: rejected with 400 + sl-violations (format).
    let bad = post_json(
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        &json!({ "acs_credential_id": "nope" }),
    );
    assert_eq!(bad.status, 400);
    let v = violations(&bad);
    assert_eq!(v[0]["code"], "format", "{v}");
    assert_eq!(
        v[0]["location"],
        json!(["request", "body", "acs_credential_id"])
    );

    // Missing required property.
    let missing = post_json(
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        &json!({}),
    );
    assert_eq!(missing.status, 400);
    assert_eq!(violations(&missing)[0]["code"], "required");

    // No Authorization header: 401 + sl-violations.
    let unauth = post_json(
        &format!("{base}/acs/credentials/get"),
        None,
        &json!({ "acs_credential_id": id }),
    );
    assert_eq!(unauth.status, 401);
    assert_eq!(
        violations(&unauth)[0]["message"],
        "Invalid security scheme used"
    );

    // GET with query string is validated too.
    let get_ok = send(
        "GET",
        &format!("{base}/acs/credentials/get?acs_credential_id={id}"),
        Some(TOKEN),
        None,
    );
    assert_eq!(get_ok.status, 200, "{}", get_ok.text());
    assert!(get_ok.json()["acs_credential"].is_object());
    let get_bad = send(
        "GET",
        &format!("{base}/acs/credentials/get?acs_credential_id=nope"),
        Some(TOKEN),
        None,
    );
    assert_eq!(get_bad.status, 400);
    assert_eq!(
        violations(&get_bad)[0]["location"],
        json!(["request", "query", "acs_credential_id"])
    );
    let get_missing = send(
        "GET",
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        None,
    );
    assert_eq!(get_missing.status, 400);

    // A GET with a JSON body is rejected (415 in sl-violations).
    let get_with_body = send(
        "GET",
        &format!("{base}/acs/credentials/get?acs_credential_id={id}"),
        Some(TOKEN),
        Some(b"{}"),
    );
    assert_eq!(get_with_body.status, 400);
    assert_eq!(violations(&get_with_body)[0]["code"], 415);

    // DELETE with query string.
    let del = send(
        "DELETE",
        &format!("{base}/acs/credentials/delete?acs_credential_id={id}"),
        Some(TOKEN),
        None,
    );
    assert_eq!(del.status, 200, "{}", del.text());
    assert_eq!(del.json(), json!({ "ok": true }));

    // Malformed JSON: Prism 5.14.2 answers 400 at once (no hang).
    let t = Instant::now();
    let malformed = send(
        "POST",
        &format!("{base}/acs/credentials/get"),
        Some(TOKEN),
        Some(b"{bad"),
    );
    assert_eq!(malformed.status, 400, "{}", malformed.text());
    assert_eq!(malformed.json()["error"]["code"], "invalid_json");
    assert!(t.elapsed() < Duration::from_secs(5));

    // Paths outside the prefix are not mocked.
    let other = post_json(&format!("{base}/acs/users/list"), Some(TOKEN), &json!({}));
    assert_eq!(other.status, 404);
}

#[test]
fn prism_accepts_every_list_selector_thanks_to_any_of() {
    let prism = PrismServer::start(DEFAULT_PRISM_PREFIX, false);
    let url = format!("{}/acs/credentials/list", prism.base_url());
    for body in [
        json!({}),
        json!({ "acs_user_id": uuid(1) }),
        json!({ "acs_system_id": uuid(2) }),
        json!({ "acs_user_id": uuid(1), "acs_system_id": uuid(2) }),
        json!({ "user_identity_id": uuid(3), "limit": 2 }),
        json!({ "acs_system_id": uuid(2), "page_cursor": "abc", "search": "front" }),
    ] {
        let r = post_json(&url, Some(TOKEN), &body);
        assert_eq!(
            r.status,
            200,
            "body {body}: {} {:?}",
            r.text(),
            r.header("sl-violations")
        );
        assert_no_violations(&r);
        assert!(r.json()["acs_credentials"].is_array());
    }
    // Still validated where anyOf can check: a wrongly typed shared property.
    let bad = post_json(&url, Some(TOKEN), &json!({ "limit": "ten" }));
    assert_eq!(bad.status, 400);
    // Known weakening: the empty-object branch accepts a bad selector.
    let weak = post_json(&url, Some(TOKEN), &json!({ "acs_user_id": "nope" }));
    assert_eq!(weak.status, 200);
    // GET /acs/credentials/list declares no parameters; Prism ignores any query string.
    let get = send(
        "GET",
        &format!("{url}?acs_user_id=nope&bogus=1"),
        Some(TOKEN),
        None,
    );
    assert_eq!(get.status, 200, "{}", get.text());
    assert_no_violations(&get);
}

#[test]
fn prism_dynamic_generates_payloads() {
    let prism = PrismServer::start(DEFAULT_PRISM_PREFIX, true);
    eprintln!("prism (dynamic) ready in {:?}", prism.startup_time());
    assert!(prism.is_dynamic());
    let url = format!("{}/acs/credentials/get", prism.base_url());
    let a = post_json(&url, Some(TOKEN), &json!({ "acs_credential_id": uuid(1) }));
    let b = post_json(&url, Some(TOKEN), &json!({ "acs_credential_id": uuid(1) }));
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(b.status, 200, "{}", b.text());
    assert_no_violations(&a);
    let (a, b) = (a.json(), b.json());
    assert!(a["acs_credential"]["acs_credential_id"].is_string(), "{a}");
    assert_ne!(
        a["acs_credential"]["acs_credential_id"],
        b["acs_credential"]["acs_credential_id"]
    );
}

#[test]
fn fake_answers_acs_users_and_not_credentials() {
    let fake = FakeSeamServer::start();
    eprintln!("fake ready in {:?}", fake.startup_time());
    let base = fake.base_url();
    assert!(base.starts_with("http://127.0.0.1:"));
    let seed = fake.seed();
    assert_eq!(fake.api_key(), "seam_apikey1_token");
    assert_eq!(seed.acs_system_id, "visionline_acs_system_1");
    assert_eq!(seed.workspace_id, "seed_workspace_1");

    let list = post_json(
        &format!("{base}/acs/users/list"),
        Some(fake.api_key()),
        &json!({}),
    );
    assert_eq!(list.status, 200, "{}", list.text());
    assert!(list.header("seam-request-id").is_some());
    let users = list.json()["acs_users"].as_array().cloned().unwrap();
    assert!(
        users
            .iter()
            .any(|u| u["acs_user_id"] == seed.acs_user_id.as_str()),
        "{users:?}"
    );

    let wrong = post_json(
        &format!("{base}/acs/users/list"),
        Some("seam_wrong_key"),
        &json!({}),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.text(),
        r#"{"error":{"type":"unauthorized","message":"API Key not found"},"ok":false}"#
    );
    let none = post_json(&format!("{base}/acs/users/list"), None, &json!({}));
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["error"]["message"], "No Authorization header");

    let creds = post_json(
        &format!("{base}/acs/credentials/list"),
        Some(fake.api_key()),
        &json!({}),
    );
    assert_eq!(creds.status, 404);
    assert_eq!(creds.text(), "404");

    let systems = post_json(
        &format!("{base}/acs/systems/list"),
        Some(fake.api_key()),
        &json!({}),
    );
    assert_eq!(systems.status, 200);
    let entrances = post_json(
        &format!("{base}/acs/entrances/list"),
        Some(fake.api_key()),
        &json!({}),
    );
    assert_eq!(entrances.status, 200);
    assert_eq!(
        entrances.json()["acs_entrances"][0]["acs_entrance_id"],
        seed.acs_entrance_id.as_str()
    );
}

#[test]
fn fake_http_methods_and_parameter_placement() {
    let fake = FakeSeamServer::start();
    let base = fake.base_url();
    let key = Some(fake.api_key());
    let seed = fake.seed().clone();

    // create: POST only.
    let created = post_json(
        &format!("{base}/acs/users/create"),
        key,
        &json!({ "acs_system_id": seed.acs_system_id, "full_name": "Bob" }),
    );
    assert_eq!(created.status, 200, "{}", created.text());
    let bob = created.json()["acs_user"]["acs_user_id"]
        .as_str()
        .unwrap()
        .to_string();
    let get_create = send(
        "GET",
        &format!(
            "{base}/acs/users/create?acs_system_id={}&full_name=X",
            seed.acs_system_id
        ),
        key,
        None,
    );
    assert_eq!(get_create.status, 405);
    assert_eq!(get_create.json()["error"]["type"], "method_not_allowed");

    // get: GET + query, POST + body, POST + query.
    let g = send(
        "GET",
        &format!("{base}/acs/users/get?acs_user_id={bob}"),
        key,
        None,
    );
    assert_eq!(g.status, 200, "{}", g.text());
    assert_eq!(g.json()["acs_user"]["full_name"], "Bob");
    let p = post_json(
        &format!("{base}/acs/users/get"),
        key,
        &json!({ "acs_user_id": bob }),
    );
    assert_eq!(p.status, 200);
    let pq = post_json(
        &format!("{base}/acs/users/get?acs_user_id={bob}"),
        key,
        &json!({}),
    );
    assert_eq!(pq.status, 200);
    let missing = post_json(&format!("{base}/acs/users/get"), key, &json!({}));
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["error"]["type"], "invalid_input");
    let unknown = send(
        "GET",
        &format!("{base}/acs/users/get?acs_user_id=nope"),
        key,
        None,
    );
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"]["type"], "acs_user_not_found");

    // list: GET + query works too.
    let l = send(
        "GET",
        &format!("{base}/acs/users/list?acs_system_id={}", seed.acs_system_id),
        key,
        None,
    );
    assert_eq!(l.status, 200);
    assert_eq!(l.json()["acs_users"].as_array().unwrap().len(), 2);

    // update: PATCH (or POST) with a JSON body; returns just {"ok":true}.
    let u = send(
        "PATCH",
        &format!("{base}/acs/users/update"),
        key,
        Some(
            json!({ "acs_user_id": bob, "full_name": "Bobby" })
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(u.status, 200, "{}", u.text());
    assert_eq!(u.json(), json!({ "ok": true }));
    let uq = send(
        "PATCH",
        &format!("{base}/acs/users/update?acs_user_id={bob}&full_name=Q"),
        key,
        None,
    );
    assert_eq!(uq.status, 400);

    // delete: DELETE + query (GET is 405).
    let get_delete = send(
        "GET",
        &format!("{base}/acs/users/delete?acs_user_id={bob}"),
        key,
        None,
    );
    assert_eq!(get_delete.status, 405);
    let d = send(
        "DELETE",
        &format!("{base}/acs/users/delete?acs_user_id={bob}"),
        key,
        None,
    );
    assert_eq!(d.status, 200, "{}", d.text());
    let gone = send(
        "GET",
        &format!("{base}/acs/users/get?acs_user_id={bob}"),
        key,
        None,
    );
    assert_eq!(gone.status, 404);

    // Malformed JSON: 400 plain text.
    let malformed = send("POST", &format!("{base}/acs/users/get"), key, Some(b"{bad"));
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.text(), "Invalid JSON");
}

#[test]
fn servers_are_stopped_on_drop() {
    let fake = FakeSeamServer::start();
    let prism = PrismServer::start(DEFAULT_PRISM_PREFIX, false);
    let (fake_pid, fake_url) = (fake.pid(), fake.base_url());
    let (prism_pid, prism_url, spec) = (
        prism.pid(),
        prism.base_url(),
        prism.spec_path().to_path_buf(),
    );
    assert!(spec.is_file());
    drop(fake);
    drop(prism);
    for (pid, url) in [(fake_pid, fake_url), (prism_pid, prism_url)] {
        #[cfg(target_os = "linux")]
        assert!(
            !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            "process {pid} still exists"
        );
        let _ = pid;
        assert!(
            http::request("GET", &format!("{url}/"), &[], None, Duration::from_secs(2)).is_err(),
            "{url} still answers"
        );
    }
    assert!(!spec.exists(), "spec copy {} not removed", spec.display());
}

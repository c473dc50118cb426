//! The client: its configuration, and [`Seam::call`] against a loopback server (wiremock):
//! how parameters travel, what comes back, and which failures are tried again.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{CREATE, GET, SECRET};
use crate::runtime::query::NOT_AN_OBJECT;
use crate::runtime::{Error, RetryPolicy, Seam, SeamBuilder, DEFAULT_ENDPOINT};

fn client(server: &MockServer, retry_policy: RetryPolicy) -> Seam {
    Seam::builder()
        .api_key(SECRET)
        .endpoint(server.uri())
        .retry_policy(retry_policy)
        .build()
        .expect("a valid configuration")
}

/// Two retries, with millisecond backoffs.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

#[tokio::test]
async fn call_sends_get_parameters_in_the_query_string_and_returns_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("seam-request-id", "req_7")
                .set_body_json(json!({"thing": {"id": "t1"}, "ok": true})),
        )
        .mount(&server)
        .await;
    let parameters = json!({"filter": {"kind": "a&b=c"}, "id": "x y/ü", "ids": ["1", "2"]});
    let response = client(&server, RetryPolicy::none())
        .call(&GET, &parameters)
        .await
        .expect("a 200");
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req_7"));
    let thing: Value = response.payload("thing").unwrap();
    assert_eq!(thing, json!({"id": "t1"}));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        query_pairs(request),
        [
            ("filter.kind", "a&b=c"),
            ("id", "x y/ü"),
            ("ids", "1"),
            ("ids", "2"),
            ("_strict", "true")
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
    );
    assert_eq!(
        request.url.query(),
        Some("filter.kind=a%26b%3Dc&id=x+y%2F%C3%BC&ids=1&ids=2&_strict=true")
    );
    assert!(request.body.is_empty());
    assert!(request.headers.get("content-type").is_none());
    let authorization = request.headers.get("authorization").unwrap();
    assert_eq!(authorization.to_str().unwrap(), format!("Bearer {SECRET}"));
}

#[tokio::test]
async fn call_sends_other_parameters_as_a_json_body_and_none_as_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/create"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let seam = client(&server, RetryPolicy::none());
    seam.call(&CREATE, &json!({"name": "n", "tags": ["a"]}))
        .await
        .unwrap()
        .empty()
        .unwrap();
    seam.call(&CREATE, &()).await.unwrap().empty().unwrap();

    let requests = received(&server).await;
    let bodies: Vec<Value> = requests
        .iter()
        .map(|request| serde_json::from_slice(&request.body).unwrap())
        .collect();
    assert_eq!(bodies, [json!({"name": "n", "tags": ["a"]}), json!({})]);
    for request in &requests {
        assert!(request.url.query().is_none());
        let content_type = request.headers.get("content-type").unwrap();
        assert_eq!(content_type.to_str().unwrap(), "application/json");
    }
}

#[tokio::test]
async fn query_parameters_that_are_not_an_object_are_an_encode_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let error = client(&server, RetryPolicy::none())
        .call(&GET, &["a", "b"])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Encode { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!("GET /things/get failed: its parameters could not be encoded: {NOT_AN_OBJECT}")
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn idempotent_calls_are_retried_and_others_are_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let seam = client(&server, fast_retries());
    seam.call(&GET, &()).await.expect("the third attempt");
    let error = seam.call(&CREATE, &()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    let methods: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.method.to_string())
        .collect();
    assert_eq!(methods, ["GET", "GET", "GET", "POST"]);
}

#[tokio::test]
async fn retry_after_replaces_the_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    // A backoff of at least 30 s, which `Retry-After: 0` cuts to nothing.
    let policy = RetryPolicy::default().initial_backoff(Duration::from_secs(60));
    let started = Instant::now();
    client(&server, policy).call(&GET, &()).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_401_is_unauthorized_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let error = client(&server, fast_retries())
        .call(&GET, &())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(received(&server).await.len(), 1);
}

/// The configuration a builder from `variables` ends up with, as `Debug` shows it.
fn from_env(variables: &[(&str, &str)]) -> Result<String, Error> {
    let builder = SeamBuilder::from_env_with(|name| {
        variables
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    })?;
    Ok(format!("{:?}", builder.build()?))
}

#[test]
fn the_environment_names_one_credential_and_optionally_the_endpoint() {
    let key = from_env(&[("SEAM_API_KEY", "seam_k")]).unwrap();
    assert!(key.contains(r#"auth: "API key""#), "{key}");
    assert!(key.contains(DEFAULT_ENDPOINT), "{key}");

    let token = from_env(&[
        ("SEAM_PERSONAL_ACCESS_TOKEN", "seam_at"),
        ("SEAM_WORKSPACE_ID", " ws_1 "),
        ("SEAM_ENDPOINT", "http://127.0.0.1:9/api/"),
    ])
    .unwrap();
    assert!(
        token.contains(r#"auth: "personal access token""#),
        "{token}"
    );
    assert!(token.contains(r#"workspace_id: Some("ws_1")"#), "{token}");
    assert!(
        token.contains(r#"endpoint: "http://127.0.0.1:9/api""#),
        "{token}"
    );

    // An empty or blank value counts as unset.
    let blank_token = from_env(&[
        ("SEAM_API_KEY", "seam_k"),
        ("SEAM_PERSONAL_ACCESS_TOKEN", " "),
    ]);
    assert!(blank_token.is_ok());
}

#[test]
fn the_environment_must_name_exactly_one_usable_credential() {
    for (variables, message) in [
        (
            &[][..],
            "no Seam credentials in the environment: set SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID",
        ),
        (
            &[("SEAM_API_KEY", "")][..],
            "no Seam credentials in the environment",
        ),
        (
            &[("SEAM_API_KEY", "k"), ("SEAM_PERSONAL_ACCESS_TOKEN", "t")][..],
            "both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set",
        ),
        (
            &[("SEAM_PERSONAL_ACCESS_TOKEN", "t")][..],
            "SEAM_PERSONAL_ACCESS_TOKEN is set but SEAM_WORKSPACE_ID is not",
        ),
    ] {
        let error = from_env(variables).unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(error.to_string().contains(message), "{error}");
    }
}

#[test]
fn the_builder_rejects_unusable_settings() {
    let with_key = || Seam::builder().api_key("seam_k");
    for (builder, message) in [
        (Seam::builder(), "no credentials"),
        (Seam::builder().api_key(""), "the API key is empty"),
        (
            Seam::builder().api_key("a b"),
            "the API key contains whitespace or control characters",
        ),
        (
            Seam::builder().personal_access_token("seam_at", " "),
            "the workspace id is empty",
        ),
        (
            with_key().timeout(Duration::ZERO),
            "the timeout must be longer than zero",
        ),
        (with_key().endpoint("not a url"), "is not a valid URL"),
        (
            with_key().endpoint("ftp://example.com"),
            "must be an http:// or https:// URL with a host",
        ),
        (
            with_key().endpoint("https://user:pass@example.com"),
            "must not contain a user name or password",
        ),
        (
            with_key().endpoint("https://example.com/?a=1"),
            "must not have a query string or fragment",
        ),
    ] {
        let error = builder.build().unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(error.to_string().contains(message), "{message}: {error}");
    }
}

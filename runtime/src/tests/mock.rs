//! Mock clients (feature `testing`): rules answer through the client's own pipeline
//! (retries, `Retry-After`, timeouts, error bodies, decoding), records keep the typed
//! requests, and an unmatched call fails naming the request and the rules.

use std::time::Duration;

use serde::Serialize;
use serde_json::{json, Value};

use super::{CREATE, GET};
use crate::runtime::{Call, Error, RetryPolicy, Seam};
use crate::testing::{Fault, MockEndpoint, MockSeam};

/// A typed request, as a generated endpoint method would send it.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct GetThing {
    thing_id: String,
}

fn get_rules(mock: &MockSeam) -> MockEndpoint<'_, GetThing, Value> {
    MockEndpoint::new(mock, &GET, |thing| json!({ "thing": thing, "ok": true }))
}

fn create_rules(mock: &MockSeam) -> MockEndpoint<'_, Value, Value> {
    MockEndpoint::new(mock, &CREATE, |thing| json!({ "thing": thing, "ok": true }))
}

fn get(seam: &Seam, id: &str) -> Call<Value> {
    let request = GetThing {
        thing_id: id.to_owned(),
    };
    seam.call_typed(&GET, request)
        .decode(|response| response.payload("thing"))
}

fn create(seam: &Seam, body: Value) -> Call<Value> {
    seam.call_typed(&CREATE, body)
        .decode(|response| response.payload("thing"))
}

#[tokio::test]
async fn a_rule_answers_matching_typed_requests_and_the_calls_are_recorded() {
    let mock = MockSeam::new();
    get_rules(&mock)
        .when(|request| request.thing_id == "a")
        .respond(json!({ "name": "A" }));
    let seam = mock.client();

    let (thing, metadata) = get(&seam, "a").with_metadata().await.expect("answered");
    assert_eq!(thing, json!({ "name": "A" }));
    assert_eq!(metadata.status(), 200);
    assert!(metadata.request_id().is_some());

    // A GET may be retried, but not when no rule matches: it is tried once.
    let error = get(&seam, "b").await.expect_err("no rule for b");
    assert_eq!(error.status(), Some(501));
    assert_eq!(error.kind(), Some("mock_no_matching_rule"));
    let message = error.api_error().expect("an API error").message.clone();
    assert!(
        message.contains(r#"GET /things/get with {"thing_id":"b"}"#),
        "{message}"
    );
    assert!(
        message.contains("rule 1: GET /things/get requests matching 1 predicate(s)"),
        "{message}"
    );

    let ids: Vec<String> = get_rules(&mock)
        .calls()
        .into_iter()
        .map(|r| r.thing_id)
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(mock.unmatched().len(), 1);
    assert!(mock.retry_waits().is_empty(), "{:?}", mock.retry_waits());
    assert_eq!(
        mock.calls()[0]
            .request::<GetThing>()
            .map(|r| r.thing_id.as_str()),
        Some("a")
    );
}

#[tokio::test]
async fn a_503_then_a_success_is_retried_without_sleeping_and_a_post_is_not() {
    let mock = MockSeam::new();
    let rule = get_rules(&mock).respond_sequence([
        Err(Fault::service_unavailable()),
        Err(Fault::rate_limited(Duration::from_millis(1500))),
        Ok(json!({ "name": "A" })),
    ]);
    let seam = mock.client();
    let started = std::time::Instant::now();
    assert_eq!(
        get(&seam, "a").await.expect("third attempt"),
        json!({ "name": "A" })
    );
    // The default policy's first backoff alone is 250 ms or more: nothing slept.
    assert!(started.elapsed() < Duration::from_millis(200));
    assert_eq!(rule.uses(), 3);
    assert!(rule.is_exhausted());
    let waits = mock.retry_waits();
    assert_eq!(waits.len(), 2);
    assert_eq!(
        waits[1],
        Duration::from_secs(2),
        "Retry-After: 2 (1.5 s rounded up)"
    );

    create_rules(&mock).fail(Fault::service_unavailable());
    let error = create(&mock.client(), json!({ "name": "B" }))
        .await
        .expect_err("503");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.kind(), Some("service_unavailable"));
    assert_eq!(create_rules(&mock).call_count(), 1, "a POST is not retried");
}

#[tokio::test]
async fn seams_error_bodies_become_the_errors_production_returns() {
    let mock = MockSeam::new();
    let rules = || create_rules(&mock).times(1);
    rules().fail(
        Fault::invalid_input("Invalid code")
            .validation_error("code", "must be digits")
            .validation_error("access_schedule.starts_at", "Invalid datetime"),
    );
    rules().fail(Fault::unauthorized());
    rules().fail(Fault::not_found("thing_not_found"));
    rules().fail(Fault::body(502, "<html>Bad gateway</html>"));
    let seam = mock.client();

    let error = create(&seam, json!({})).await.expect_err("400");
    let api = error.api_error().expect("an API error");
    assert_eq!(
        (api.status, api.kind.as_deref()),
        (400, Some("invalid_input"))
    );
    assert_eq!(api.validation_errors["code"], ["must be digits"]);
    assert_eq!(
        api.validation_errors["access_schedule.starts_at"],
        ["Invalid datetime"]
    );
    assert!(api.request_id.is_some());
    assert!(api.body.contains("\"request_id\""));

    let error = create(&seam, json!({})).await.expect_err("401");
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    let error = create(&seam, json!({})).await.expect_err("404");
    assert_eq!(
        (error.status(), error.kind()),
        (Some(404), Some("thing_not_found"))
    );
    let error = create(&seam, json!({})).await.expect_err("502");
    assert_eq!((error.status(), error.kind()), (Some(502), None));
    assert_eq!(
        error.api_error().map(|api| api.message.as_str()),
        Some("<html>Bad gateway</html>")
    );
}

#[tokio::test]
async fn timeouts_and_broken_connections_fail_as_on_the_network_and_are_retried() {
    let mock = MockSeam::new();
    get_rules(&mock).times(2).fail(Fault::timeout());
    get_rules(&mock).times(1).fail(Fault::connection_reset());
    let seam = mock
        .client_builder()
        .retry_policy(RetryPolicy::default().max_retries(1))
        .timeout(Duration::from_secs(7))
        .build()
        .expect("a client");

    let error = get(&seam, "a").await.expect_err("two timeouts");
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_secs(7)),
        "{error:?}"
    );
    let error = get(&seam, "a").max_retries(0).await.expect_err("reset");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        error.to_string().contains("connection reset by peer"),
        "{error}"
    );
    assert_eq!(get_rules(&mock).call_count(), 3);
}

#[tokio::test]
async fn respond_with_computes_the_answer_and_raw_calls_reach_untyped_rules() {
    let mock = MockSeam::new();
    get_rules(&mock).respond_with(|request| {
        if request.thing_id.is_empty() {
            Err(Fault::invalid_input("thing_id is empty").validation_error("thing_id", "Required"))
        } else {
            Ok(json!({ "id": request.thing_id }))
        }
    });
    create_rules(&mock).respond(json!({ "id": "new" }));
    let seam = mock.client();
    assert_eq!(
        get(&seam, "x").await.expect("computed"),
        json!({ "id": "x" })
    );
    let error = get(&seam, "").await.expect_err("refused");
    assert_eq!(error.kind(), Some("invalid_input"));

    // `Seam::call` lends its parameters: rules without predicates still answer it.
    let response = seam
        .call(&CREATE, &json!({ "name": "n" }))
        .await
        .expect("untyped");
    assert_eq!(
        response.payload::<Value>("thing").expect("payload"),
        json!({ "id": "new" })
    );
    let last = mock.calls().pop().expect("recorded");
    assert_eq!(last.parameters, json!({ "name": "n" }));
    assert!(last.request::<Value>().is_none());
    assert!(mock.unused_rules().is_empty());
}

#[tokio::test]
async fn the_request_check_answers_before_the_rules_unless_it_is_turned_off() {
    let mock = MockSeam::new();
    let rule = create_rules(&mock).respond(json!({ "id": "new" }));
    let refused = json!({ "code": "refused" });
    let error = create(&mock.client(), refused.clone())
        .await
        .expect_err("checked");
    let api = error.api_error().expect("an API error");
    assert_eq!(
        (api.status, api.kind.as_deref()),
        (400, Some("invalid_input"))
    );
    assert_eq!(api.validation_errors["code"], ["Invalid"]);
    assert!(api.request_id.is_some());
    assert_eq!(rule.uses(), 0);
    assert!(!mock.calls()[0].matched());

    let unchecked = MockSeam::new().validate_requests(false);
    create_rules(&unchecked).respond(json!({ "id": "new" }));
    let thing = create(&unchecked.client(), refused)
        .await
        .expect("not checked");
    assert_eq!(thing, json!({ "id": "new" }));
}

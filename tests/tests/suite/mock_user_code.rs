//! A user's code tested with nothing but the SDK's mock client (`seam_sdk::testing`, the
//! `testing` feature): no server, no port. The code below is what an application would
//! write (issue a PIN code, tell the front desk what went wrong, list a user's
//! credentials); the tests give it `mock.client()`, a real `Seam`, and check what it did
//! through the mock's records.

use std::time::Duration;

use seam_sdk::acs::credentials::{
    AcsCredentialsCreateRequest, AcsCredentialsGetRequest, AcsCredentialsListRequest,
    AcsCredentialsListSelector,
};
use seam_sdk::models::{AcsCredential, AcsCredentialAccessMethod};
use seam_sdk::testing::{Fault, MockSeam};
use seam_sdk::{Error, Page, Seam};

// ---- the user's code -------------------------------------------------------------------

/// What the front desk is told after asking for a PIN code.
#[derive(Debug, PartialEq)]
enum Issued {
    Pin {
        credential_id: String,
        code: String,
    },
    /// Seam refused the request: one line per invalid parameter.
    Rejected(Vec<String>),
    /// Rate-limited: ask again after this long.
    TryLater(Duration),
}

async fn issue_pin(seam: &Seam, user_id: &str, code: &str) -> Result<Issued, Error> {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id(user_id)
        .code(code);
    match seam.acs().credentials().create(request).await {
        Ok(credential) => Ok(Issued::Pin {
            credential_id: credential.acs_credential_id,
            code: credential.code.unwrap_or_default(),
        }),
        Err(error) if error.kind() == Some("invalid_input") => {
            let api = error.api_error().expect("invalid_input is an API error");
            Ok(Issued::Rejected(
                api.validation_errors
                    .iter()
                    .map(|(parameter, messages)| format!("{parameter}: {}", messages.join(", ")))
                    .collect(),
            ))
        }
        Err(error) if error.status() == Some(429) => Ok(Issued::TryLater(
            error
                .api_error()
                .and_then(|api| api.retry_after)
                .unwrap_or(Duration::from_secs(60)),
        )),
        Err(error) => Err(error),
    }
}

/// The ids of every credential of a user, across all pages.
async fn credential_ids(seam: &Seam, user_id: &str) -> Result<Vec<String>, Error> {
    let request =
        AcsCredentialsListRequest::new().selector(AcsCredentialsListSelector::AcsUserId {
            acs_user_id: user_id.into(),
        });
    let credentials = seam
        .acs()
        .credentials()
        .list_all(request)
        .collect_all()
        .await?;
    Ok(credentials
        .into_iter()
        .map(|credential| credential.acs_credential_id)
        .collect())
}

/// The PIN of a credential, or `None` when it no longer exists.
async fn pin_of(seam: &Seam, credential_id: &str) -> Result<Option<String>, Error> {
    let request = AcsCredentialsGetRequest::new(credential_id);
    match seam.acs().credentials().get(request).await {
        Ok(credential) => Ok(credential.code),
        Err(error) if error.kind() == Some("acs_credential_not_found") => Ok(None),
        Err(error) => Err(error),
    }
}

// ---- the tests ---------------------------------------------------------------------------

const USER: &str = "33333333-3333-3333-3333-333333333333";
// Seam's ids are UUIDs: the mock checks requests as Seam does, so a test uses real ones.
const OTHER_USER: &str = "44444444-4444-4444-4444-444444444444";
const CRED_1: &str = "66666666-6666-6666-6666-000000000001";
const CRED_2: &str = "66666666-6666-6666-6666-000000000002";
const GONE: &str = "66666666-6666-6666-6666-0000000000ff";

/// A credential as Seam returns it, with only what these tests look at: the model's
/// fixture (every required field plausible), then the fields that matter here.
fn credential(id: &str, code: &str) -> AcsCredential {
    let mut credential = AcsCredential::fixture();
    credential.acs_credential_id = id.into();
    credential.acs_user_id = Some(USER.into());
    credential.access_method = AcsCredentialAccessMethod::Code;
    credential.code = Some(code.into());
    credential.display_name = format!("PIN {code}");
    credential
}

#[tokio::test]
async fn a_request_seam_would_refuse_is_refused_before_the_rules_unless_checks_are_off() {
    // A user id that is not a UUID: Seam answers `invalid_input`, and so does the mock,
    // naming the parameter, before any rule sees the request.
    let mock = MockSeam::new();
    let rule = mock
        .acs()
        .credentials()
        .create()
        .respond(credential(CRED_1, "824759"));
    let issued = issue_pin(&mock.client(), "front-desk-typo", "824759")
        .await
        .expect("handled");
    assert_eq!(
        issued,
        Issued::Rejected(vec!["acs_user_id: Invalid uuid".into()])
    );
    assert_eq!(rule.uses(), 0, "the rule never saw the request");

    // A PIN that is not digits breaks the spec's pattern.
    let issued = issue_pin(&mock.client(), USER, "12ab")
        .await
        .expect("handled");
    let Issued::Rejected(lines) = issued else {
        panic!("a bad PIN is refused: {issued:?}");
    };
    assert!(lines[0].starts_with("code: "), "{lines:?}");

    // With the checks off, the rule answers whatever is sent.
    let mock = MockSeam::new().validate_requests(false);
    mock.acs()
        .credentials()
        .create()
        .respond(credential(CRED_1, "824759"));
    let issued = issue_pin(&mock.client(), "front-desk-typo", "824759")
        .await
        .expect("answered");
    assert!(matches!(issued, Issued::Pin { .. }), "{issued:?}");
}

#[tokio::test]
async fn a_pin_is_issued_to_the_user_the_front_desk_named() {
    let mock = MockSeam::new();
    mock.acs()
        .credentials()
        .create()
        .when(|request| request.acs_user_id.as_deref() == Some(USER))
        .respond(credential(CRED_1, "824759"));
    let seam = mock.client();

    let issued = issue_pin(&seam, USER, "824759").await.expect("issued");
    assert_eq!(
        issued,
        Issued::Pin {
            credential_id: CRED_1.into(),
            code: "824759".into()
        }
    );
    let sent = mock.acs().credentials().create().calls();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].code.as_deref(), Some("824759"));
    assert_eq!(sent[0].access_method, AcsCredentialAccessMethod::Code);
    assert_eq!(
        mock.calls()[0].parameters,
        serde_json::json!({ "access_method": "code", "acs_user_id": USER, "code": "824759" })
    );

    // Another user matches no rule: the call fails, naming the request and the rules.
    let error = issue_pin(&seam, OTHER_USER, "1234")
        .await
        .expect_err("no rule for this user");
    assert_eq!(error.kind(), Some("mock_no_matching_rule"));
    let message = &error.api_error().expect("an API error").message;
    assert!(
        message.contains("POST /acs/credentials/create"),
        "{message}"
    );
    assert!(
        message.contains(&format!("\"acs_user_id\":\"{OTHER_USER}\"")),
        "{message}"
    );
    assert!(
        message.contains("rule 1: POST /acs/credentials/create requests matching 1 predicate(s)"),
        "{message}"
    );
    assert_eq!(mock.unmatched().len(), 1);
}

#[tokio::test]
async fn rate_limits_and_refusals_reach_the_front_desk_as_seam_sends_them() {
    let mock = MockSeam::new();
    let rules = || mock.acs().credentials().create();
    rules()
        .times(1)
        .fail(Fault::rate_limited(Duration::from_secs(30)));
    rules()
        .when(|request| request.code.as_deref().is_some_and(|code| code.len() < 4))
        .fail(
            Fault::invalid_input("Invalid input")
                .validation_error("code", "String must contain at least 4 character(s)"),
        );
    rules().respond(credential(CRED_2, "55555"));
    let seam = mock.client();

    // 429: a POST is not retried by the client; the user's code decides.
    assert_eq!(
        issue_pin(&seam, USER, "55555").await.expect("handled"),
        Issued::TryLater(Duration::from_secs(30))
    );
    assert_eq!(
        issue_pin(&seam, USER, "12").await.expect("handled"),
        Issued::Rejected(vec![
            "code: String must contain at least 4 character(s)".into()
        ])
    );
    assert!(matches!(
        issue_pin(&seam, USER, "55555").await.expect("issued"),
        Issued::Pin { .. }
    ));
    assert_eq!(rules().call_count(), 3);
    assert!(mock.retry_waits().is_empty());
}

#[tokio::test]
async fn a_503_then_a_success_is_retried_as_in_production_and_not_found_is_handled() {
    let mock = MockSeam::new();
    let get = || mock.acs().credentials().get();
    get()
        .when(|request| request.acs_credential_id == CRED_1)
        .respond_sequence([
            Err(Fault::service_unavailable()),
            Ok(credential(CRED_1, "824759")),
        ]);
    get().fail(Fault::not_found("acs_credential_not_found"));
    let seam = mock.client();

    assert_eq!(
        pin_of(&seam, CRED_1).await.expect("retried"),
        Some("824759".into())
    );
    assert_eq!(get().call_count(), 2, "the GET was sent twice");
    assert_eq!(
        mock.retry_waits().len(),
        1,
        "one backoff, recorded, not slept"
    );
    assert_eq!(pin_of(&seam, GONE).await.expect("handled"), None);
}

#[tokio::test]
async fn every_page_of_list_all_is_walked() {
    let mock = MockSeam::new();
    mock.acs().credentials().list().respond_with(|request| {
        let (ids, next) = match request.page_cursor.clone().flatten().as_deref() {
            None => (["c1", "c2"], Some("page-2")),
            Some("page-2") => (["c3", "c4"], Some("page-3")),
            Some("page-3") => (["c5", "c6"], None),
            Some(_) => return Err(Fault::invalid_input("unknown cursor")),
        };
        Ok(Page {
            items: ids.iter().map(|id| credential(id, "1111")).collect(),
            next_page_cursor: next.map(str::to_owned),
            has_next_page: next.is_some(),
        })
    });
    let seam = mock.client();

    let ids = credential_ids(&seam, USER).await.expect("three pages");
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5", "c6"]);
    let requests = mock.acs().credentials().list().calls();
    let cursors: Vec<Option<String>> = requests
        .iter()
        .map(|request| request.page_cursor.clone().flatten())
        .collect();
    assert_eq!(
        cursors,
        [None, Some("page-2".into()), Some("page-3".into())]
    );
    assert!(requests.iter().all(|request| request.selector
        == Some(AcsCredentialsListSelector::AcsUserId {
            acs_user_id: USER.into()
        })));
    // A query's parameters are recorded as the JSON they are sent from.
    assert_eq!(
        mock.calls()[1].parameters,
        serde_json::json!({ "acs_user_id": USER, "page_cursor": "page-2" })
    );
}

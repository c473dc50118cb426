//! The README's mock-client example, word for word (the test `readme_quick_start` checks
//! that they agree), so that `cargo test` and clippy compile it.

use std::time::Duration;

use seam_sdk::acs::credentials::AcsCredentialsCreateRequest;
use seam_sdk::models::{AcsCredential, AcsCredentialAccessMethod};
use seam_sdk::testing::{Fault, MockSeam};
use seam_sdk::{Error, Seam};

// The code under test takes the production client.
async fn issue_pin(seam: &Seam, user_id: &str) -> Result<String, Error> {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id(user_id)
        .code("824759");
    let credential = seam.acs().credentials().create(request).await?;
    Ok(credential.acs_credential_id)
}

const USER: &str = "33333333-3333-3333-3333-333333333333";

// In a test of your own: `#[tokio::test] async fn ..`.
#[tokio::main]
async fn main() {
    let mock = MockSeam::new();
    let create = || mock.acs().credentials().create();
    // The first call is rate-limited; then the user's calls get a credential.
    create()
        .times(1)
        .fail(Fault::rate_limited(Duration::from_secs(2)));
    // A model's fixture has every required field; set the ones the test cares about.
    let mut credential = AcsCredential::fixture();
    credential.code = Some("824759".into());
    let credential_id = credential.acs_credential_id.clone();
    create()
        .when(|request| request.acs_user_id.as_deref() == Some(USER))
        .respond(credential);

    let seam = mock.client();
    let error = issue_pin(&seam, USER).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(issue_pin(&seam, USER).await.unwrap(), credential_id);
    // A request Seam would refuse gets Seam's answer, before any rule sees it.
    let error = issue_pin(&seam, "not-a-uuid").await.unwrap_err();
    assert_eq!(error.kind(), Some("invalid_input"));
    // What the code sent, as it typed it.
    let sent = create().calls();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[1].code.as_deref(), Some("824759"));
}

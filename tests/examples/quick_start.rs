//! The README's quick start, word for word (the test `readme_quick_start` checks that
//! they agree), so that `cargo test` and clippy compile it.

use seam_sdk::acs::credentials::{
    AcsCredentialsCreateRequest, AcsCredentialsGetRequest, AcsCredentialsListRequest,
    AcsCredentialsListSelector,
};
use seam_sdk::models::AcsCredentialAccessMethod;
use seam_sdk::{Error, Seam};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN + SEAM_WORKSPACE_ID; SEAM_ENDPOINT optional.
    let seam = Seam::from_env()?;
    let user_id = "33333333-3333-3333-3333-333333333333";

    // A PIN code for one access-system user.
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id(user_id)
        .code("824759");
    let credential = seam.acs().credentials().create(request).await?;
    println!("created {}", credential.acs_credential_id);

    // Every credential of that user, page after page.
    let selector = AcsCredentialsListSelector::AcsUserId {
        acs_user_id: user_id.into(),
    };
    let request = AcsCredentialsListRequest::new().selector(selector);
    let pages = seam.acs().credentials().list_all(request);
    for credential in pages.collect_all().await? {
        println!("{} {:?}", credential.display_name, credential.code);
    }

    // An API error carries Seam's error type (`kind`), the HTTP status and the request id.
    let request = AcsCredentialsGetRequest::new("00000000-0000-0000-0000-000000000000");
    match seam.acs().credentials().get(request).await {
        Ok(credential) => println!("found {}", credential.acs_credential_id),
        Err(error) if error.kind() == Some("acs_credential_not_found") => {
            println!("no such credential (request {:?})", error.request_id());
        }
        Err(error) => return Err(error),
    }
    Ok(())
}

//! Item 3: decoding a 10,000-credential `/acs/credentials/list` body.
//!
//! Three decoders of the same bytes, all through `serde_json::from_slice` and the same
//! envelope shape (`acs_credentials` and `pagination`; `ok` skipped):
//! - the generated models, `Vec<seam_sdk::models::AcsCredential>`;
//! - `serde_json::Value` (the whole body);
//! - a hand-written minimal struct: every field of the schema with a plain type
//!   (`String`, `Option<String>`, `bool`, `Vec<..>`), enums and the warning code as
//!   `String`, `#[derive(Deserialize)]` and nothing else — what someone would write by
//!   hand without a generator.

use serde::Deserialize;

/// The list envelope, generic over the item type.
#[derive(Deserialize)]
pub struct ListBody<T> {
    pub acs_credentials: Vec<T>,
    #[allow(dead_code)]
    pub pagination: Option<Pagination>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Pagination {
    pub has_next_page: bool,
    pub next_page_cursor: Option<String>,
}

/// The hand-written credential.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandCredential {
    pub access_method: String,
    pub acs_credential_id: String,
    pub acs_credential_pool_id: Option<String>,
    pub acs_system_id: String,
    pub acs_user_id: Option<String>,
    pub assa_abloy_vostio_metadata: Option<HandVostio>,
    pub card_number: Option<String>,
    pub code: Option<String>,
    pub connected_account_id: String,
    pub created_at: String,
    pub display_name: String,
    pub ends_at: Option<String>,
    pub errors: Vec<HandError>,
    pub external_type: Option<String>,
    pub external_type_display_name: Option<String>,
    pub is_issued: Option<bool>,
    pub is_latest_desired_state_synced_with_provider: Option<bool>,
    pub is_managed: bool,
    pub is_multi_phone_sync_credential: Option<bool>,
    pub is_one_time_use: Option<bool>,
    pub issued_at: Option<String>,
    pub latest_desired_state_synced_with_provider_at: Option<String>,
    pub parent_acs_credential_id: Option<String>,
    pub starts_at: Option<String>,
    pub user_identity_id: Option<String>,
    pub visionline_metadata: Option<HandVisionline>,
    pub warnings: Vec<HandWarning>,
    pub workspace_id: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandError {
    pub created_at: String,
    pub error_code: String,
    pub message: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandWarning {
    pub created_at: String,
    pub message: String,
    pub warning_code: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandVostio {
    pub auto_join: Option<bool>,
    pub door_names: Option<Vec<String>>,
    pub endpoint_id: Option<String>,
    pub key_id: Option<String>,
    pub key_issuing_request_id: Option<String>,
    pub override_guest_acs_entrance_ids: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct HandVisionline {
    pub auto_join: Option<bool>,
    pub card_function_type: Option<String>,
    pub card_id: Option<String>,
    pub common_acs_entrance_ids: Option<Vec<String>>,
    pub credential_id: Option<String>,
    pub guest_acs_entrance_ids: Option<Vec<String>>,
    pub is_valid: Option<bool>,
    pub joiner_acs_credential_ids: Option<Vec<String>>,
}

pub fn generated(body: &[u8]) -> Vec<seam_sdk::models::AcsCredential> {
    serde_json::from_slice::<ListBody<seam_sdk::models::AcsCredential>>(body)
        .expect("the fixture decodes into the generated models")
        .acs_credentials
}

pub fn hand_written(body: &[u8]) -> Vec<HandCredential> {
    serde_json::from_slice::<ListBody<HandCredential>>(body)
        .expect("the fixture decodes into the hand-written struct")
        .acs_credentials
}

pub fn value(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("the fixture is JSON")
}

/// Checks, before anything is timed, that the fixture means the same to every decoder
/// and that the generated models recognise all of it (no `Unknown` variants), so that
/// the benchmark decodes what a real response holds rather than a fallback path.
pub fn check_fixture(body: &[u8], count: usize) -> Result<(), String> {
    use seam_sdk::models::{AcsCredentialAccessMethod, AcsCredentialWarning};
    let models = generated(body);
    let hand = hand_written(body);
    let value = value(body);
    let values = value["acs_credentials"].as_array().map_or(0, Vec::len);
    if models.len() != count || hand.len() != count || values != count {
        return Err(format!(
            "expected {count} credentials, decoded {} / {} / {values}",
            models.len(),
            hand.len()
        ));
    }
    let mut warnings = 0;
    for (model, hand) in models.iter().zip(&hand) {
        if model.acs_credential_id != hand.acs_credential_id
            || model.warnings.len() != hand.warnings.len()
            || model.errors.len() != hand.errors.len()
            || model.code != hand.code
        {
            return Err(format!(
                "credential {} decodes differently",
                hand.acs_credential_id
            ));
        }
        if matches!(model.access_method, AcsCredentialAccessMethod::Unknown(_)) {
            return Err(format!("unknown access method {:?}", model.access_method));
        }
        for warning in &model.warnings {
            if let AcsCredentialWarning::Unknown(value) = warning {
                return Err(format!("warning decoded as Unknown: {value}"));
            }
            warnings += 1;
        }
    }
    if warnings == 0 {
        return Err("the fixture has no warnings".to_string());
    }
    Ok(())
}

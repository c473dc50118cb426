//! The sample requests and responses of Seam's documentation (`shared/seam-docs/`),
//! expressed with the generated SDK: responses decode into the models, requests serialize
//! to the JSON the docs show.

use seam_sdk::acs::credentials::{
    AcsCredentialsAssignRequest, AcsCredentialsCreateAssaAbloyVostioMetadata,
    AcsCredentialsCreateRequest, AcsCredentialsCreateSaltoSpaceMetadata,
    AcsCredentialsCreateVisionlineMetadata, AcsCredentialsListRequest, AcsCredentialsListSelector,
};
use seam_sdk::models::{
    AcsCredential, AcsCredentialAccessMethod, AcsCredentialExternalType,
    AcsCredentialVisionlineMetadataCardFunctionType, AcsCredentialWarning,
};
use seam_sdk::Timestamp;
use serde_json::json;

fn decode(value: serde_json::Value) -> AcsCredential {
    serde_json::from_value(value).expect("the sample decodes")
}

/// 001: an older revision's PIN-code credential, which lacks fields the spec now requires.
#[test]
fn decodes_a_pin_code_credential() {
    let credential = decode(json!({
        "acs_credential_id": "d3bb3509-b3a6-4101-b697-27626327aa59",
        "acs_user_id": "efaeae64-e471-4e1f-a621-f518c624d99c",
        "code": "669781",
        "acs_system_id": "fc793d86-dcfd-4cfe-859f-0b9c1a5c1360",
        "external_type": "pti_card",
        "external_type_display_name": "PTI card",
        "workspace_id": "398d80b7-3f96-47c2-b85a-6f8ba21d07be",
        "created_at": "2023-09-30T06:29:04.966Z"
    }));
    assert_eq!(
        credential.acs_credential_id,
        "d3bb3509-b3a6-4101-b697-27626327aa59"
    );
    assert_eq!(credential.code.as_deref(), Some("669781"));
    assert_eq!(
        credential.external_type,
        Some(AcsCredentialExternalType::PtiCard)
    );
    assert_eq!(
        credential.external_type_display_name.as_deref(),
        Some("PTI card")
    );
    // Absent required fields decode to empty values rather than failing the call.
    assert!(credential.errors.is_empty() && credential.warnings.is_empty());
    assert_eq!(credential.display_name, "");
}

/// 000: a multi-phone sync mobile key, with `code: null`.
#[test]
fn decodes_a_multi_phone_sync_mobile_key() {
    let credential = decode(json!({
        "acs_credential_id": "99999999-9999-9999-9999-999999999999",
        "acs_user_id": "33333333-3333-3333-3333-333333333333",
        "display_name": "Multi Phone Sync Credential",
        "code": null,
        "acs_system_id": "88888888-8888-8888-8888-888888888888",
        "access_method": "mobile_key",
        "workspace_id": "00000000-0000-0000-0000-000000000000",
        "created_at": "2024-04-12T03:56:22.396Z",
        "is_multi_phone_sync_credential": true
    }));
    assert_eq!(
        credential.access_method,
        AcsCredentialAccessMethod::MobileKey
    );
    assert_eq!(credential.is_multi_phone_sync_credential, Some(true));
    assert_eq!(credential.code, None);
    assert_eq!(credential.display_name, "Multi Phone Sync Credential");
}

/// 002: the API reference's full credential, with Visionline and Vostio metadata and a warning.
#[test]
fn decodes_a_credential_with_visionline_metadata_and_warnings() {
    let credential = decode(json!({
        "acs_credential_id": "123e4567-e89b-12d3-a456-426614174000",
        "acs_user_id": "123e4567-e89b-12d3-a456-426614174000",
        "user_identity_id": "123e4567-e89b-12d3-a456-426614174000",
        "connected_account_id": "123e4567-e89b-12d3-a456-426614174000",
        "acs_credential_pool_id": "123e4567-e89b-12d3-a456-426614174000",
        "acs_system_id": "123e4567-e89b-12d3-a456-426614174000",
        "parent_acs_credential_id": "123e4567-e89b-12d3-a456-426614174000",
        "display_name": "text",
        "code": "text",
        "is_one_time_use": true,
        "card_number": "text",
        "is_issued": true,
        "issued_at": "2025-07-01T03:45:02.692Z",
        "access_method": "code",
        "external_type": "pti_card",
        "external_type_display_name": "text",
        "created_at": "2025-07-01T03:45:02.692Z",
        "workspace_id": "123e4567-e89b-12d3-a456-426614174000",
        "starts_at": "text",
        "ends_at": "text",
        "errors": [{"error_code": "text", "message": "text"}],
        "warnings": [{
            "created_at": "2025-07-01T03:45:02.692Z",
            "message": "text",
            "warning_code": "waiting_to_be_issued"
        }],
        "is_multi_phone_sync_credential": true,
        "is_latest_desired_state_synced_with_provider": true,
        "latest_desired_state_synced_with_provider_at": "2025-07-01T03:45:02.692Z",
        "visionline_metadata": {
            "card_function_type": "guest",
            "joiner_acs_credential_ids": ["123e4567-e89b-12d3-a456-426614174000"],
            "guest_acs_entrance_ids": ["123e4567-e89b-12d3-a456-426614174000"],
            "common_acs_entrance_ids": ["123e4567-e89b-12d3-a456-426614174000"],
            "is_valid": true,
            "auto_join": true,
            "card_id": "text",
            "credential_id": "text"
        },
        "assa_abloy_vostio_metadata": {
            "auto_join": true,
            "override_guest_acs_entrance_ids": ["text"],
            "key_id": "text",
            "key_issuing_request_id": "text",
            "door_names": ["text"],
            "endpoint_id": "text"
        },
        "is_managed": true
    }));
    let visionline = credential
        .visionline_metadata
        .as_ref()
        .expect("visionline metadata");
    assert_eq!(
        visionline.card_function_type,
        Some(AcsCredentialVisionlineMetadataCardFunctionType::Guest)
    );
    assert_eq!(
        visionline.guest_acs_entrance_ids.as_deref(),
        Some(&["123e4567-e89b-12d3-a456-426614174000".to_string()][..])
    );
    assert_eq!(
        credential
            .assa_abloy_vostio_metadata
            .as_ref()
            .and_then(|m| m.key_id.as_deref()),
        Some("text")
    );
    assert_eq!(credential.errors[0].error_code, "text");
    match &credential.warnings[..] {
        [AcsCredentialWarning::WaitingToBeIssued(warning)] => {
            assert_eq!(warning.message, "text");
            assert_eq!(warning.created_at.as_str(), "2025-07-01T03:45:02.692Z");
        }
        other => panic!("expected one waiting_to_be_issued warning, got {other:?}"),
    }
    assert_eq!(credential.warnings[0].tag(), Some("waiting_to_be_issued"));
    assert!(credential.is_managed);
}

/// 004: the assign page's credential carries a warning without a `warning_code`: it is
/// kept, as sent, instead of failing the whole response.
#[test]
fn keeps_a_warning_it_cannot_classify() {
    let credential = decode(json!({
        "acs_credential_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "acs_system_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "connected_account_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "created_at": "2023-11-07T05:31:56Z",
        "display_name": "<string>",
        "errors": [{"error_code": "<string>", "message": "<string>"}],
        "warnings": [{"error_code": "<string>", "message": "<string>", "created_at": "2023-11-07T05:31:56Z"}],
        "workspace_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    }));
    match &credential.warnings[..] {
        [AcsCredentialWarning::Unknown(raw)] => assert_eq!(raw["error_code"], "<string>"),
        other => panic!("expected the raw warning, got {other:?}"),
    }
}

#[test]
fn unknown_enum_values_and_fields_are_accepted() {
    let credential = decode(json!({
        "acs_credential_id": "c",
        "access_method": "retina_scan",
        "external_type": "future_card",
        "brand_new_field": {"nested": true}
    }));
    assert_eq!(
        credential.access_method,
        AcsCredentialAccessMethod::Unknown("retina_scan".into())
    );
    assert_eq!(credential.access_method.as_str(), "retina_scan");
    assert_eq!(
        serde_json::to_value(&credential.external_type).unwrap(),
        json!("future_card")
    );
}

/// A timestamp as a user holding the docs' string makes it.
fn timestamp(text: &str) -> Timestamp {
    text.parse().expect("an RFC 3339 date-time")
}

fn wire(request: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(request).expect("requests serialize")
}

#[test]
fn serializes_a_pin_code_credential() {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id("33333333-3333-3333-3333-333333333333")
        .code("824759");
    assert_eq!(
        wire(&request),
        json!({"access_method": "code", "acs_user_id": "33333333-3333-3333-3333-333333333333", "code": "824759"})
    );
}

#[test]
fn serializes_a_key_card_credential() {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Card)
        .acs_user_id("33333333-3333-3333-3333-333333333333")
        .code("123456");
    assert_eq!(
        wire(&request),
        json!({"access_method": "card", "acs_user_id": "33333333-3333-3333-3333-333333333333", "code": "123456"})
    );
}

#[test]
fn serializes_a_multi_phone_sync_mobile_key_with_entrances_and_validity() {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::MobileKey)
        .acs_user_id("33333333-3333-3333-3333-333333333333")
        .allowed_acs_entrance_ids([
            "55555555-5555-5555-5555-555555555555",
            "55555555-5555-5555-5555-000000000000",
        ])
        .credential_manager_acs_system_id("88888888-8888-8888-8888-888888888888")
        .is_multi_phone_sync_credential(true)
        .starts_at(timestamp("2024-03-01T10:40:00Z"))
        .ends_at(timestamp("2024-03-04T10:40:00Z"));
    assert_eq!(
        wire(&request),
        json!({
            "acs_user_id": "33333333-3333-3333-3333-333333333333",
            "access_method": "mobile_key",
            "allowed_acs_entrance_ids": [
                "55555555-5555-5555-5555-555555555555",
                "55555555-5555-5555-5555-000000000000"
            ],
            "credential_manager_acs_system_id": "88888888-8888-8888-8888-888888888888",
            "is_multi_phone_sync_credential": true,
            "starts_at": "2024-03-01T10:40:00Z",
            "ends_at": "2024-03-04T10:40:00Z"
        })
    );
}

/// 002: by user identity and access system, with every vendor's metadata.
#[test]
fn serializes_vendor_metadata_for_a_user_identity() {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .user_identity_id("123e4567-e89b-12d3-a456-426614174000")
        .acs_system_id("123e4567-e89b-12d3-a456-426614174000")
        .code("1234")
        .visionline_metadata(
            AcsCredentialsCreateVisionlineMetadata::new()
                .card_format("TLCode".into())
                .card_function_type(AcsCredentialVisionlineMetadataCardFunctionType::Guest)
                .r#override(true)
                .auto_join(true)
                .joiner_acs_credential_ids(["123e4567-e89b-12d3-a456-426614174000"]),
        )
        .assa_abloy_vostio_metadata(
            AcsCredentialsCreateAssaAbloyVostioMetadata::new()
                .auto_join(true)
                .override_all_guest_acs_entrances(true)
                .join_all_guest_acs_entrances(true)
                .override_guest_acs_entrance_ids(["123e4567-e89b-12d3-a456-426614174000"]),
        )
        .salto_space_metadata(
            AcsCredentialsCreateSaltoSpaceMetadata::new()
                .assign_new_key(true)
                .update_current_key(true),
        );
    assert_eq!(
        wire(&request),
        json!({
            "access_method": "code",
            "user_identity_id": "123e4567-e89b-12d3-a456-426614174000",
            "acs_system_id": "123e4567-e89b-12d3-a456-426614174000",
            "code": "1234",
            "visionline_metadata": {
                "card_format": "TLCode",
                "card_function_type": "guest",
                "override": true,
                "auto_join": true,
                "joiner_acs_credential_ids": ["123e4567-e89b-12d3-a456-426614174000"]
            },
            "assa_abloy_vostio_metadata": {
                "auto_join": true,
                "override_all_guest_acs_entrances": true,
                "join_all_guest_acs_entrances": true,
                "override_guest_acs_entrance_ids": ["123e4567-e89b-12d3-a456-426614174000"]
            },
            "salto_space_metadata": {"assign_new_key": true, "update_current_key": true}
        })
    );
}

/// 003 and 004: assign to an access system user, or to a user identity.
#[test]
fn serializes_assign_both_ways() {
    let to_user = AcsCredentialsAssignRequest::new("66666666-6666-6666-6666-666666666666")
        .acs_user_id("33333333-3333-3333-3333-333333333333");
    assert_eq!(
        wire(&to_user),
        json!({"acs_credential_id": "66666666-6666-6666-6666-666666666666", "acs_user_id": "33333333-3333-3333-3333-333333333333"})
    );
    let to_identity = AcsCredentialsAssignRequest::new("59c9af06-7881-46d2-8d9b-3eda964c058b")
        .user_identity_id("1082e2e8-ecbd-4ef1-aa61-a805f7ae2f01");
    assert_eq!(
        wire(&to_identity),
        json!({"acs_credential_id": "59c9af06-7881-46d2-8d9b-3eda964c058b", "user_identity_id": "1082e2e8-ecbd-4ef1-aa61-a805f7ae2f01"})
    );
}

#[test]
fn list_selector_flattens_into_the_request() {
    assert_eq!(wire(&AcsCredentialsListRequest::new()), json!({}));
    let by_both = AcsCredentialsListRequest::new()
        .selector(AcsCredentialsListSelector::AcsUserIdAndAcsSystemId {
            acs_user_id: "u".into(),
            acs_system_id: "s".into(),
        })
        .limit(10.0);
    assert_eq!(
        wire(&by_both),
        json!({"acs_user_id": "u", "acs_system_id": "s", "limit": 10.0})
    );
}

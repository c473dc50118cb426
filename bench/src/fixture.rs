//! Response bodies for the decode and request benchmarks, built from the shapes of the
//! sample responses in Seam's docs (`/work/shared/seam-docs/`: the multi-phone-sync mobile
//! key, the PTI PIN code, the full API-reference credential with Visionline metadata, the
//! Vostio card) and completed to `components.schemas.acs_credential`: every required
//! field present, nullable fields sometimes `null`, optional ones sometimes absent, and
//! `warnings`/`errors` arrays with zero to two entries of the spec's kinds.
//!
//! Deterministic: the same count gives the same bytes.

use serde_json::{json, Value};

/// `GET /acs/credentials/list` with `count` credentials, one page.
pub fn list_body(count: usize) -> Vec<u8> {
    let credentials: Vec<Value> = (0..count).map(credential).collect();
    let body = json!({
        "acs_credentials": credentials,
        "pagination": {
            "has_next_page": false,
            "next_page_cursor": null,
            "next_page_url": null,
        },
        "ok": true,
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

/// `GET /acs/credentials/get`: one credential (the rich API-reference shape).
pub fn get_body() -> Vec<u8> {
    let body = json!({ "acs_credential": credential(2), "ok": true });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

/// The id of the credential [`get_body`] returns.
pub fn get_id() -> String {
    uuid(2, 1)
}

/// A UUID-shaped id, different for each (index, salt).
fn uuid(index: usize, salt: u64) -> String {
    let a = splitmix(index as u64 ^ salt.rotate_left(32));
    let b = splitmix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

fn splitmix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An ISO 8601 timestamp, `minutes` after 2025-07-01T00:00Z (within 2025).
fn timestamp(minutes: usize) -> String {
    let minutes = minutes % (180 * 24 * 60);
    let (day, rest) = (minutes / (24 * 60), minutes % (24 * 60));
    let (month, day) = month_day(day);
    format!(
        "2025-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 60,
        rest % 60,
        minutes * 7 % 60,
        minutes * 37 % 1000
    )
}

fn month_day(mut day: usize) -> (usize, usize) {
    for (month, length) in [(7, 31), (8, 31), (9, 30), (10, 31), (11, 30), (12, 31)] {
        if day < length {
            return (month, day + 1);
        }
        day -= length;
    }
    (12, 31)
}

const WARNINGS: [(&str, &str); 6] = [
    (
        "waiting_to_be_issued",
        "Credential is waiting to be issued.",
    ),
    (
        "schedule_externally_modified",
        "The schedule of one of the credential's children was modified externally.",
    ),
    (
        "schedule_modified",
        "The schedule of the credential was modified to avoid creating a credential with a start date in the past.",
    ),
    ("being_deleted", "Credential is being deleted."),
    (
        "unknown_issue_with_acs_credential",
        "An unknown issue occurred while syncing the state of this credential with the provider. This issue may affect the proper functioning of this credential.",
    ),
    (
        "needs_to_be_reissued",
        "Access permissions for the credential have changed. Reissue (re-encode) the credential.",
    ),
];

fn warning(kind: usize, at: usize) -> Value {
    let (code, message) = WARNINGS[kind % WARNINGS.len()];
    json!({ "created_at": timestamp(at), "message": message, "warning_code": code })
}

fn error(at: usize) -> Value {
    json!({
        "created_at": timestamp(at),
        "error_code": "failed_to_issue",
        "message": "The access system rejected the credential: the card encoder is offline.",
    })
}

/// Credential `i`: one of five shapes, with ids, times and codes varying by `i`.
fn credential(i: usize) -> Value {
    let t = 60 * i;
    let mut c = json!({
        "acs_credential_id": uuid(i, 1),
        "acs_system_id": uuid(i % 7, 2),
        "connected_account_id": uuid(i % 7, 3),
        "workspace_id": uuid(0, 4),
        "created_at": timestamp(t),
        "errors": [],
        "warnings": [],
        "is_managed": true,
    });
    let extra = match i % 5 {
        // Docs 000: a multi-phone-sync mobile key.
        0 => json!({
            "acs_user_id": uuid(i, 5),
            "display_name": "Multi Phone Sync Credential",
            "code": null,
            "access_method": "mobile_key",
            "is_multi_phone_sync_credential": true,
            "starts_at": timestamp(t + 30),
            "ends_at": timestamp(t + 4350),
        }),
        // Docs 001: a PIN code on a PTI system.
        1 => json!({
            "acs_user_id": uuid(i, 5),
            "display_name": format!("PIN code {}", 100_000 + i * 7919 % 900_000),
            "code": format!("{:06}", i * 7919 % 1_000_000),
            "access_method": "code",
            "external_type": "pti_card",
            "external_type_display_name": "PTI card",
            "is_one_time_use": false,
            "is_latest_desired_state_synced_with_provider": true,
            "latest_desired_state_synced_with_provider_at": timestamp(t + 2),
            "warnings": if i.is_multiple_of(3) { json!([warning(0, t + 1)]) } else { json!([]) },
        }),
        // Docs 002: the API reference's full credential, Visionline metadata included.
        2 => json!({
            "acs_user_id": uuid(i, 5),
            "user_identity_id": uuid(i, 6),
            "acs_credential_pool_id": uuid(i % 3, 7),
            "parent_acs_credential_id": uuid(i - 1, 1),
            "display_name": format!("Guest card {}", 1000 + i % 9000),
            "code": null,
            "is_one_time_use": false,
            "card_number": format!("{:010}", i * 104_729 % 10_000_000_000),
            "is_issued": true,
            "issued_at": timestamp(t + 5),
            "access_method": "card",
            "external_type": "visionline_card",
            "external_type_display_name": "Visionline Card",
            "starts_at": timestamp(t + 60),
            "ends_at": timestamp(t + 7 * 24 * 60),
            "errors": if i % 4 == 2 { json!([error(t + 6)]) } else { json!([]) },
            "warnings": [warning(i, t + 3), warning(i + 3, t + 4)],
            "is_multi_phone_sync_credential": false,
            "is_latest_desired_state_synced_with_provider": true,
            "latest_desired_state_synced_with_provider_at": timestamp(t + 6),
            "visionline_metadata": {
                "card_function_type": if i.is_multiple_of(2) { "guest" } else { "staff" },
                "joiner_acs_credential_ids": [uuid(i + 1, 1)],
                "guest_acs_entrance_ids": [uuid(i % 11, 8), uuid(i % 13, 8)],
                "common_acs_entrance_ids": [uuid(0, 9)],
                "is_valid": true,
                "auto_join": i.is_multiple_of(2),
                "card_id": format!("{}", 500_000 + i),
                "credential_id": format!("{}", 900_000 + i),
            },
        }),
        // Docs 004: a card on an ASSA ABLOY Vostio system.
        3 => json!({
            "acs_user_id": uuid(i, 5),
            "display_name": format!("Vostio key {}", i),
            "access_method": "mobile_key",
            "external_type": "assa_abloy_vostio_key",
            "external_type_display_name": "Vostio Key",
            "card_number": null,
            "code": null,
            "is_issued": false,
            "issued_at": null,
            "starts_at": timestamp(t + 60),
            "ends_at": timestamp(t + 3 * 24 * 60),
            "warnings": [warning(i, t + 2)],
            "assa_abloy_vostio_metadata": {
                "auto_join": true,
                "door_names": [format!("Room {}", 100 + i % 400), "Main Entrance"],
                "endpoint_id": format!("ep-{}", i),
                "key_id": format!("key-{}", i),
                "key_issuing_request_id": format!("kir-{}", i),
                "override_guest_acs_entrance_ids": [uuid(i % 11, 8)],
            },
        }),
        // A code being removed: warnings and an error, nullable fields null.
        _ => json!({
            "user_identity_id": uuid(i, 6),
            "display_name": format!("Front door code {}", i),
            "code": null,
            "card_number": null,
            "access_method": "code",
            "external_type": "salto_ks_credential",
            "external_type_display_name": "Salto KS Credential",
            "is_one_time_use": i.is_multiple_of(2),
            "is_latest_desired_state_synced_with_provider": null,
            "latest_desired_state_synced_with_provider_at": null,
            "errors": [error(t + 7)],
            "warnings": [warning(3, t + 8), warning(4, t + 9)],
        }),
    };
    let object = c.as_object_mut().expect("an object");
    for (key, value) in extra.as_object().expect("an object") {
        object.insert(key.clone(), value.clone());
    }
    c
}

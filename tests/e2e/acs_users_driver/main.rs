//! Drives a client generated for the `/acs/users` endpoints against Seam's fake
//! (`@seamapi/fake-seam-connect`), and prints one line per checked behaviour:
//! `PASS <check>: <details>` or `FAIL <check>: <details>`. Exits 0 when every check passed,
//! 1 otherwise, 2 when the environment is incomplete.
//!
//! This is the template that `tests/tests/suite/e2e_fake_seam.rs` copies into a temporary
//! crate next to the generated one; `Cargo.toml.in` (in this directory) names the
//! generated crate `sdk`, so this file does not depend on the generated crate's name.
//!
//! Environment:
//! - `SEAM_ENDPOINT`, `SEAM_API_KEY`: the fake's URL and seeded API key (read by the
//!   SDK's own `SeamBuilder::from_env`);
//! - `FAKE_WORKSPACE_ID`, `FAKE_ACS_SYSTEM_ID`, `FAKE_ACS_USER_ID`: seeded ids;
//! - `FAKE_OTHER_WORKSPACE_API_KEY`: the API key of the seeded second workspace.
//!
//! The fake's ids are not UUIDs (`acs_user1`, `visionline_acs_system_1`): the SDK treats
//! ids as strings, so they work as they are.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sdk::acs::users::{
    AcsUsersAddToAccessGroupRequest, AcsUsersCreateRequest, AcsUsersDeleteRequest,
    AcsUsersGetRequest, AcsUsersListRequest, AcsUsersSuspendRequest, AcsUsersUnsuspendRequest,
    AcsUsersUpdateRequest,
};
use sdk::models::AcsUser;
use sdk::{Error, RetryPolicy, Seam, SeamBuilder};

/// The seeded values the scenario needs.
struct Env {
    endpoint: String,
    api_key: String,
    workspace_id: String,
    acs_system_id: String,
    acs_user_id: String,
    other_workspace_api_key: String,
}

impl Env {
    fn read() -> Result<Env, String> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
                .ok_or_else(|| format!("environment variable {name} is not set"))
        };
        Ok(Env {
            endpoint: var("SEAM_ENDPOINT")?,
            api_key: var("SEAM_API_KEY")?,
            workspace_id: var("FAKE_WORKSPACE_ID")?,
            acs_system_id: var("FAKE_ACS_SYSTEM_ID")?,
            acs_user_id: var("FAKE_ACS_USER_ID")?,
            other_workspace_api_key: var("FAKE_OTHER_WORKSPACE_API_KEY")?,
        })
    }
}

/// Counts and prints the outcome of each check.
#[derive(Default)]
struct Report {
    passed: usize,
    failed: usize,
}

impl Report {
    fn check(&mut self, name: &str, outcome: Result<String, String>) -> bool {
        match outcome {
            Ok(details) => {
                self.passed += 1;
                println!("PASS {name}: {details}");
                true
            }
            Err(details) => {
                self.failed += 1;
                println!("FAIL {name}: {details}");
                false
            }
        }
    }
}

/// Fails with `message` unless `condition` holds.
fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if condition {
        Ok(())
    } else {
        Err(message())
    }
}

/// Everything an error says, for failure messages.
fn describe(error: &Error) -> String {
    format!(
        "{error} [variant {}, status {:?}, kind {:?}, request id {:?}]",
        variant(error),
        error.status(),
        error.kind(),
        error.request_id()
    )
}

fn variant(error: &Error) -> &'static str {
    match error {
        Error::Unauthorized(_) => "Unauthorized",
        Error::Api(_) => "Api",
        Error::Timeout { .. } => "Timeout",
        Error::Transport { .. } => "Transport",
        Error::Decode { .. } => "Decode",
        Error::InvalidResponse { .. } => "InvalidResponse",
        Error::Pagination { .. } => "Pagination",
        Error::Config(_) => "Config",
        _ => "other",
    }
}

/// The fake numbers its responses `request1`, `request2`, ...
fn request_number(error: &Error) -> Result<u64, String> {
    let id = error
        .request_id()
        .ok_or_else(|| format!("no seam-request-id: {}", describe(error)))?;
    id.strip_prefix("request")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("unexpected request id {id:?}"))
}

/// Checks that `result` failed with an API error of this HTTP status and Seam error
/// type, carrying the fake's `seam-request-id`; returns the error.
fn expect_api_error<T: std::fmt::Debug>(
    result: Result<T, Error>,
    endpoint: &str,
    status: u16,
    kind: &str,
) -> Result<Error, String> {
    let error = match result {
        Ok(value) => return Err(format!("expected {status} {kind}, got Ok({value:?})")),
        Err(error) => error,
    };
    let api = error
        .api_error()
        .ok_or_else(|| format!("expected an API error, got {}", describe(&error)))?;
    let variant_ok = if status == 401 {
        matches!(error, Error::Unauthorized(_))
    } else {
        matches!(error, Error::Api(_))
    };
    ensure(variant_ok, || {
        format!("wrong variant: {}", describe(&error))
    })?;
    ensure(
        api.status == status && api.kind.as_deref() == Some(kind),
        || format!("expected {status} {kind}: {}", describe(&error)),
    )?;
    ensure(api.endpoint.to_string() == endpoint, || {
        format!("expected endpoint {endpoint}: {}", describe(&error))
    })?;
    ensure(error.to_string().starts_with(endpoint), || {
        format!("Display does not start with the endpoint: {error}")
    })?;
    request_number(&error)?;
    Ok(error)
}

fn summary(user: &AcsUser) -> String {
    format!(
        "acs_user_id={} full_name={:?} acs_system_id={} workspace_id={}",
        user.acs_user_id,
        user.full_name.as_deref().unwrap_or(""),
        user.acs_system_id,
        user.workspace_id
    )
}

/// A loopback server that answers every request with `503 Service Unavailable` and
/// `Retry-After: 0`, counting the requests, for the checks of what is retried.
fn start_unavailable_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if read_request(&stream).is_some() {
                counter.fetch_add(1, Ordering::SeqCst);
                let body =
                    r#"{"error":{"type":"service_unavailable","message":"try later"},"ok":false}"#;
                let response = format!(
                    "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\n\
                     content-type: application/json\r\nconnection: close\r\n\
                     content-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let mut stream = stream;
                let _ = stream.write_all(response.as_bytes());
            }
        }
    });
    (url, count)
}

/// Reads one HTTP request (head and `Content-Length` body); `None` on a broken one.
fn read_request(mut stream: &TcpStream) -> Option<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                let n = stream.read(&mut buf).ok()?;
                if n == 0 {
                    return None;
                }
                data.extend_from_slice(&buf[..n]);
            }
            return Some(());
        }
    }
}

async fn run(env: &Env, report: &mut Report) {
    // The client, configured by the SDK from SEAM_API_KEY and SEAM_ENDPOINT.
    let seam = match SeamBuilder::from_env().and_then(SeamBuilder::build) {
        Ok(seam) => seam,
        Err(error) => {
            report.check("client_from_env", Err(describe(&error)));
            return;
        }
    };
    let debug = format!("{seam:?}");
    report.check(
        "client_from_env",
        ensure(
            debug.contains(&env.endpoint) && !debug.contains(&env.api_key),
            || format!("Debug should show the endpoint but not the key: {debug}"),
        )
        .map(|()| format!("endpoint {}", env.endpoint)),
    );
    let users = seam.acs().users();

    // create (POST, JSON body)
    let created = users
        .create(
            AcsUsersCreateRequest::new(&env.acs_system_id, "Driver User")
                .email_address("driver@example.com")
                .phone_number("+15555550123"),
        )
        .await;
    let created: Result<AcsUser, String> = created.map_err(|e| describe(&e)).and_then(|user| {
        ensure(
            !user.acs_user_id.is_empty()
                && user.acs_user_id != env.acs_user_id
                && user.acs_system_id == env.acs_system_id
                && user.workspace_id == env.workspace_id
                && user.full_name.as_deref() == Some("Driver User")
                && user.email_address.as_deref() == Some("driver@example.com")
                && user.phone_number.as_deref() == Some("+15555550123"),
            || format!("unexpected user: {user:?}"),
        )?;
        Ok(user)
    });
    let created = match created {
        Ok(user) => {
            report.check("create", Ok(summary(&user)));
            user
        }
        Err(details) => {
            report.check("create", Err(details));
            return;
        }
    };
    let id = created.acs_user_id.clone();

    // get (GET, query string)
    let got = users.get(AcsUsersGetRequest::new().acs_user_id(&id)).await;
    report.check(
        "get",
        got.map_err(|e| describe(&e)).and_then(|user| {
            ensure(user == created, || {
                format!("get differs from create: {user:?} vs {created:?}")
            })?;
            Ok(summary(&user))
        }),
    );
    let seeded = users
        .get(AcsUsersGetRequest::new().acs_user_id(&env.acs_user_id))
        .await;
    report.check(
        "get_seeded",
        seeded.map_err(|e| describe(&e)).and_then(|user| {
            ensure(user.acs_user_id == env.acs_user_id, || format!("{user:?}"))?;
            Ok(summary(&user))
        }),
    );

    // list (GET, query string) and list_all
    let listed = users
        .list(AcsUsersListRequest::new().acs_system_id(&env.acs_system_id))
        .await;
    report.check(
        "list",
        listed.map_err(|e| describe(&e)).and_then(|page| {
            let ids: Vec<&str> = page.iter().map(|u| u.acs_user_id.as_str()).collect();
            ensure(
                ids.contains(&id.as_str()) && ids.contains(&env.acs_user_id.as_str()),
                || format!("list lacks {id} or {}: {ids:?}", env.acs_user_id),
            )?;
            // The fake sends no `pagination` (the spec requires it): one page.
            ensure(
                !page.has_next_page && page.next_page_cursor.is_none(),
                || format!("unexpected pagination: {:?}", page.next_page_cursor),
            )?;
            Ok(format!("{} users, no next page", ids.len()))
        }),
    );
    let all = users
        .list_all(AcsUsersListRequest::new().acs_system_id(&env.acs_system_id))
        .collect_all()
        .await;
    report.check(
        "list_all",
        all.map_err(|e| describe(&e)).and_then(|all| {
            ensure(
                all.iter().filter(|u| u.acs_user_id == id).count() == 1,
                || format!("{id} not listed exactly once: {all:?}"),
            )?;
            Ok(format!("{} users", all.len()))
        }),
    );

    // update (PATCH, JSON body): the spec's response has no payload, so `update` returns ().
    let updated: Result<(), Error> = users
        .update(
            AcsUsersUpdateRequest::new()
                .acs_user_id(&id)
                .full_name("Renamed User"),
        )
        .await;
    report.check(
        "update",
        updated
            .map(|()| "Ok(())".to_owned())
            .map_err(|e| describe(&e)),
    );
    let after_update = users.get(AcsUsersGetRequest::new().acs_user_id(&id)).await;
    report.check(
        "get_after_update",
        after_update.map_err(|e| describe(&e)).and_then(|user| {
            ensure(user.full_name.as_deref() == Some("Renamed User"), || {
                format!("full_name not updated: {user:?}")
            })?;
            ensure(user.email_address == created.email_address, || {
                format!("other fields changed: {user:?}")
            })?;
            Ok(summary(&user))
        }),
    );

    // suspend / unsuspend (POST): state visible through get.
    let mut suspension = Vec::new();
    for suspend in [true, false] {
        let result = if suspend {
            users
                .suspend(AcsUsersSuspendRequest::new().acs_user_id(&id))
                .await
        } else {
            users
                .unsuspend(AcsUsersUnsuspendRequest::new().acs_user_id(&id))
                .await
        };
        let state = match result {
            Ok(()) => users
                .get(AcsUsersGetRequest::new().acs_user_id(&id))
                .await
                .map(|user| user.is_suspended)
                .map_err(|e| describe(&e)),
            Err(e) => Err(describe(&e)),
        };
        suspension.push(state);
    }
    report.check(
        "suspend_unsuspend",
        match (&suspension[0], &suspension[1]) {
            (Ok(Some(true)), Ok(Some(false))) => Ok("is_suspended true, then false".to_owned()),
            other => Err(format!("{other:?}")),
        },
    );

    // invalid_input: `acs_user_id` is optional in the generated type (the spec allows
    // other selectors), but the fake requires it.
    let missing = users.get(AcsUsersGetRequest::new()).await;
    report.check(
        "invalid_input_missing_field",
        expect_api_error(missing, "GET /acs/users/get", 400, "invalid_input").and_then(|error| {
            let api = error.api_error().expect("checked");
            let field = api.validation_errors.get("acs_user_id");
            ensure(
                field.map(Vec::as_slice) == Some(&["Required".to_owned()][..]),
                || format!("validation_errors: {:?}", api.validation_errors),
            )?;
            ensure(api.message == "acs_user_id is required", || {
                api.message.clone()
            })?;
            Ok(format!(
                "validation_errors[\"acs_user_id\"]={field:?} request_id={}",
                error.request_id().unwrap_or_default()
            ))
        }),
    );
    let bad_email = users
        .create(
            AcsUsersCreateRequest::new(&env.acs_system_id, "Bad Email")
                .email_address("not-an-email"),
        )
        .await;
    report.check(
        "invalid_input_invalid_field",
        expect_api_error(bad_email, "POST /acs/users/create", 400, "invalid_input").and_then(
            |error| {
                let api = error.api_error().expect("checked");
                let field = api.validation_errors.get("email_address");
                ensure(
                    field.map(Vec::as_slice) == Some(&["Invalid email".to_owned()][..]),
                    || format!("validation_errors: {:?}", api.validation_errors),
                )?;
                ensure(
                    error.to_string().contains("[email_address: Invalid email]"),
                    || format!("Display lacks the field message: {error}"),
                )?;
                Ok(format!(
                    "validation_errors[\"email_address\"]={field:?} request_id={}",
                    error.request_id().unwrap_or_default()
                ))
            },
        ),
    );

    // acs_user_not_found
    let unknown = users
        .get(AcsUsersGetRequest::new().acs_user_id("acs_user_does_not_exist"))
        .await;
    report.check(
        "acs_user_not_found",
        expect_api_error(unknown, "GET /acs/users/get", 404, "acs_user_not_found").map(|error| {
            format!(
                "request_id={} message={:?}",
                error.request_id().unwrap_or_default(),
                error
                    .api_error()
                    .map(|api| api.message.as_str())
                    .unwrap_or_default()
            )
        }),
    );

    // Another workspace's key does not see this workspace's users.
    let other = Seam::builder()
        .api_key(&env.other_workspace_api_key)
        .endpoint(&env.endpoint)
        .build()
        .map_err(|e| describe(&e));
    let isolated = match other {
        Ok(other) => {
            let result = other
                .acs()
                .users()
                .get(AcsUsersGetRequest::new().acs_user_id(&id))
                .await;
            expect_api_error(result, "GET /acs/users/get", 404, "acs_user_not_found")
                .map(|_| "acs_user_not_found in the other workspace".to_owned())
        }
        Err(details) => Err(details),
    };
    report.check("workspace_isolation", isolated);

    // unauthorized, with the request id, and without the key in the error.
    let wrong_key = "seam_apikey_wrong_DRIVER";
    let unauthorized = match Seam::builder()
        .api_key(wrong_key)
        .endpoint(&env.endpoint)
        .build()
    {
        Ok(client) => {
            let result = client.acs().users().list(AcsUsersListRequest::new()).await;
            expect_api_error(result, "GET /acs/users/list", 401, "unauthorized").and_then(|error| {
                let text = format!("{error} {error:?}");
                ensure(!text.contains(wrong_key), || {
                    format!("the key shows in the error: {text}")
                })?;
                Ok(format!(
                    "request_id={} message={:?}",
                    error.request_id().unwrap_or_default(),
                    error
                        .api_error()
                        .map(|api| api.message.as_str())
                        .unwrap_or_default()
                ))
            })
        }
        Err(error) => Err(describe(&error)),
    };
    report.check("unauthorized", unauthorized);

    // The fake answers an update of an unknown user with 500. PATCH is not retried: the
    // next request the fake numbers is the very next one.
    let update_unknown = users
        .update(
            AcsUsersUpdateRequest::new()
                .acs_user_id("acs_user_does_not_exist")
                .full_name("Nobody"),
        )
        .await;
    let not_retried = match expect_api_error(
        update_unknown,
        "PATCH /acs/users/update",
        500,
        "internal_server_error",
    ) {
        Err(details) => Err(details),
        Ok(first) => {
            // Any request now: the fake gives it the next number unless the PATCH was
            // sent again in between.
            let next = users
                .get(AcsUsersGetRequest::new().acs_user_id("acs_user_does_not_exist"))
                .await;
            match next {
                Ok(user) => Err(format!("unexpected user {user:?}")),
                Err(next) => match (request_number(&first), request_number(&next)) {
                    (Ok(a), Ok(b)) if b == a + 1 && first.is_retryable() => Ok(format!(
                        "500 internal_server_error (request{a}), sent once (next is request{b})"
                    )),
                    other => Err(format!(
                        "request numbers {other:?}: was the PATCH replayed?"
                    )),
                },
            }
        }
    };
    report.check("update_unknown_not_retried", not_retried);

    // add_to_access_group (PUT, JSON body): typed error for an unknown group.
    let unknown_group = users
        .add_to_access_group(AcsUsersAddToAccessGroupRequest::new(
            "acs_access_group_does_not_exist",
            &id,
        ))
        .await;
    report.check(
        "add_to_access_group_unknown_group",
        expect_api_error(
            unknown_group,
            "PUT /acs/users/add_to_access_group",
            404,
            "acs_access_group_not_found",
        )
        .map(|error| format!("request_id={}", error.request_id().unwrap_or_default())),
    );

    // delete (DELETE, query string), then the user is gone.
    let deleted: Result<(), Error> = users
        .delete(AcsUsersDeleteRequest::new().acs_user_id(&id))
        .await;
    report.check(
        "delete",
        deleted
            .map(|()| "Ok(())".to_owned())
            .map_err(|e| describe(&e)),
    );
    let gone = users.get(AcsUsersGetRequest::new().acs_user_id(&id)).await;
    report.check(
        "get_after_delete",
        expect_api_error(gone, "GET /acs/users/get", 404, "acs_user_not_found")
            .map(|error| format!("request_id={}", error.request_id().unwrap_or_default())),
    );
    let delete_again = users
        .delete(AcsUsersDeleteRequest::new().acs_user_id(&id))
        .await;
    report.check(
        "delete_unknown",
        expect_api_error(
            delete_again,
            "DELETE /acs/users/delete",
            404,
            "acs_user_not_found",
        )
        .map(|error| format!("request_id={}", error.request_id().unwrap_or_default())),
    );
    let after_delete = users
        .list_all(AcsUsersListRequest::new().acs_system_id(&env.acs_system_id))
        .collect_all()
        .await;
    report.check(
        "list_after_delete",
        after_delete.map_err(|e| describe(&e)).and_then(|all| {
            ensure(all.iter().all(|u| u.acs_user_id != id), || {
                format!("{id} still listed")
            })?;
            ensure(all.iter().any(|u| u.acs_user_id == env.acs_user_id), || {
                format!("the seeded user {} vanished", env.acs_user_id)
            })?;
            Ok(format!("{} users, {id} gone", all.len()))
        }),
    );

    // What is retried, through generated methods, against a server that always answers 503
    // (with `Retry-After: 0`), with the default retry policy.
    let (url, count) = start_unavailable_server();
    let retrying = Seam::builder()
        .api_key("seam_driver_key")
        .endpoint(&url)
        .build();
    let retrying = match retrying {
        Ok(client) => client,
        Err(error) => {
            report.check("retry_client", Err(describe(&error)));
            return;
        }
    };
    let retried = retrying.acs().users();
    let attempts = |before: usize| count.load(Ordering::SeqCst) - before;
    let cases: [(&str, &str, usize); 4] = [
        ("put_retried", "PUT /acs/users/add_to_access_group", 3),
        ("get_retried", "GET /acs/users/get", 3),
        ("post_not_retried", "POST /acs/users/suspend", 1),
        ("patch_not_retried", "PATCH /acs/users/update", 1),
    ];
    for (name, endpoint, expected) in cases {
        let before = count.load(Ordering::SeqCst);
        let result: Result<(), Error> = match name {
            "put_retried" => {
                retried
                    .add_to_access_group(AcsUsersAddToAccessGroupRequest::new("group", "user"))
                    .await
            }
            "get_retried" => retried
                .get(AcsUsersGetRequest::new().acs_user_id("user"))
                .await
                .map(|_| ()),
            "post_not_retried" => {
                retried
                    .suspend(AcsUsersSuspendRequest::new().acs_user_id("user"))
                    .await
            }
            _ => {
                retried
                    .update(AcsUsersUpdateRequest::new().acs_user_id("user"))
                    .await
            }
        };
        let got = attempts(before);
        report.check(
            name,
            match result {
                Err(error) if error.status() == Some(503) && got == expected => Ok(format!(
                    "{endpoint}: {got} attempt(s), then {}",
                    variant(&error)
                )),
                Err(error) => Err(format!(
                    "{endpoint}: {got} attempt(s), expected {expected}: {}",
                    describe(&error)
                )),
                Ok(()) => Err(format!("{endpoint}: unexpectedly succeeded")),
            },
        );
    }
    // Keep the policy in the report: the default, 2 retries.
    let policy = RetryPolicy::default();
    report.check(
        "default_retry_policy",
        ensure(
            policy.max_retries == 2 && !policy.retry_non_idempotent,
            || format!("{policy:?}"),
        )
        .map(|()| "max_retries=2, POST/PATCH not retried".to_owned()),
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let env = match Env::read() {
        Ok(env) => env,
        Err(message) => {
            eprintln!("acs-users-driver: {message}");
            return ExitCode::from(2);
        }
    };
    let mut report = Report::default();
    run(&env, &mut report).await;
    println!("DONE passed={} failed={}", report.passed, report.failed);
    if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

//! The generated CLI (`generated-cli/`, binary `seam`), run as a process:
//!
//! - every CLI sample of Seam's documentation (`shared/seam-docs/`, lines starting with
//!   `seam `) runs as printed, through `sh -c`, and sends byte for byte the request
//!   `seam-sdk` sends for the same parameters (one loopback recorder sees both); so do
//!   the other forms of each flag (repeated, comma list, JSON array, `[a,b]`, kebab alias,
//!   dotted members, `--raw` and stdin, `null`, selector groups);
//! - usage errors name the flag, exit with status 2 and send nothing (as JSON with
//!   `--json`, clap's own too); API errors exit 1 with Seam's error type, message and
//!   request id;
//! - the payload (not the envelope) is printed; `--all` prints every item of every page,
//!   a line each;
//! - every command's request is one that Prism accepts;
//! - `--help` of a few commands is snapshot-tested.

use seam_sdk::acs::credentials::unmanaged::{
    AcsCredentialsUnmanagedListRequest, AcsCredentialsUnmanagedListSelector,
};
use seam_sdk::acs::credentials::{
    AcsCredentialsCreateAssaAbloyVostioMetadata, AcsCredentialsCreateRequest,
    AcsCredentialsCreateVisionlineMetadata, AcsCredentialsCreateVisionlineMetadataCardFormat,
    AcsCredentialsDeleteRequest, AcsCredentialsListRequest, AcsCredentialsListSelector,
};
use seam_sdk::models::AcsCredentialAccessMethod;
use seam_sdk::{RetryPolicy, Seam, Timestamp};
use seam_sdk_tests::cli::{run_seam, run_shell};
use seam_sdk_tests::generated_crate::workspace_root;
use seam_sdk_tests::prism::{self, RecordingProxy};
use seam_sdk_tests::servers::uuid;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;
use std::process::Output;
use wiremock::matchers::{any, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "seam_test_cli_key";

/// A timestamp parsed as the CLI parses a flag's text (it is sent as written).
fn timestamp(text: &str) -> Timestamp {
    text.parse().expect("RFC 3339")
}

/// What is compared of a request: everything that goes on the wire but the headers that
/// name the client.
#[derive(Debug, PartialEq)]
struct Wire {
    method: String,
    path: String,
    query: Option<String>,
    body: String,
    authorization: Option<String>,
}

impl Wire {
    fn of(request: &Request) -> Wire {
        Wire {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            query: request.url.query().map(str::to_owned),
            body: String::from_utf8_lossy(&request.body).into_owned(),
            authorization: request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        }
    }
}

async fn recorder(answer: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    server
}

fn sdk(server: &MockServer) -> Seam {
    Seam::builder()
        .api_key(API_KEY)
        .endpoint(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

fn env(server: &MockServer) -> Vec<(&'static str, String)> {
    vec![
        ("SEAM_API_KEY", API_KEY.to_string()),
        ("SEAM_ENDPOINT", server.uri()),
    ]
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// How the CLI is run for one case.
enum Invocation {
    /// A line for `sh -c`, with `seam` on `PATH`.
    Shell(String),
    /// Arguments, and what to write to stdin.
    Args(Vec<String>, Option<String>),
}

async fn run_cli(server: &MockServer, invocation: Invocation) -> Output {
    let env = env(server);
    tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match invocation {
            Invocation::Shell(line) => run_shell(&line, &env),
            Invocation::Args(args, stdin) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                run_seam(&args, &env, stdin.as_deref())
            }
        }
    })
    .await
    .expect("the CLI ran")
}

fn args(args: &[&str]) -> Invocation {
    Invocation::Args(args.iter().map(|a| a.to_string()).collect(), None)
}

type SdkCall<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// Runs each CLI invocation and the SDK call, and requires each invocation to send
/// exactly the request the SDK sends.
async fn same_as_sdk<'a>(
    server: &MockServer,
    what: &str,
    invocations: Vec<Invocation>,
    call: impl FnOnce() -> SdkCall<'a>,
) {
    let before = requests(server).await.len();
    call().await;
    let all = requests(server).await;
    assert_eq!(all.len(), before + 1, "{what}: the SDK sent one request");
    let expected = Wire::of(&all[before]);
    for (i, invocation) in invocations.into_iter().enumerate() {
        let before = requests(server).await.len();
        let output = run_cli(server, invocation).await;
        let all = requests(server).await;
        assert_eq!(
            all.len(),
            before + 1,
            "{what} (form {i}): the CLI sent one request; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(Wire::of(&all[before]), expected, "{what} (form {i})");
    }
}

/// Every line of the docs that starts with `seam `.
fn docs_cli_samples() -> Vec<String> {
    let dir = std::path::Path::new("/work/shared/seam-docs");
    let dir = if dir.is_dir() {
        dir.to_path_buf()
    } else {
        workspace_root().join("../shared/seam-docs")
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|path| {
            std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .filter(|line| line.starts_with("seam "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_docs_sample_runs_as_printed_and_sends_what_the_sdk_sends() {
    let server = recorder(json!({"ok": true})).await;
    let seam = sdk(&server);
    let samples = docs_cli_samples();
    assert_eq!(samples.len(), 1, "a new sample needs its SDK call here");
    // 000: a multi-phone sync mobile key with entrances and validity.
    same_as_sdk(
        &server,
        "docs 000",
        vec![Invocation::Shell(samples[0].clone())],
        || {
            Box::pin(async {
                let request =
                    AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::MobileKey)
                        .acs_user_id("33333333-3333-3333-3333-333333333333")
                        .allowed_acs_entrance_ids([
                            "55555555-5555-5555-5555-555555555555",
                            "55555555-5555-5555-5555-000000000000",
                        ])
                        .credential_manager_acs_system_id("88888888-8888-8888-8888-888888888888")
                        .is_multi_phone_sync_credential(true)
                        .starts_at(timestamp("2024-03-01T10:40:00Z"))
                        .ends_at(timestamp("2024-03-04T10:40:00Z"));
                let _ = seam.acs().credentials().create(request).await;
            })
        },
    )
    .await;
}

// `is_override_key` is deprecated in the spec, and still a flag.
#[allow(deprecated)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_of_a_flag_sends_what_the_sdk_sends() {
    let server = recorder(json!({"ok": true})).await;
    let seam = sdk(&server);
    let credentials = seam.acs().credentials();
    let (a, b) = (uuid(1), uuid(2));

    // Arrays: repeated (and the kebab alias), a comma list, a JSON array, what a shell
    // leaves of one, and a JSON array in `--raw`.
    let array = |extra: &[&str]| {
        let mut all = vec!["acs", "credentials", "create", "--access_method", "code"];
        all.extend(extra);
        args(&all)
    };
    let json_array = format!("[\"{a}\",\"{b}\"]");
    let bare_array = format!("[{a},{b}]");
    let comma = format!("{a},{b}");
    let raw =
        format!("{{\"access_method\": \"card\", \"allowed_acs_entrance_ids\": {json_array}}}");
    same_as_sdk(
        &server,
        "arrays",
        vec![
            array(&[
                "--allowed_acs_entrance_ids",
                &a,
                "--allowed-acs-entrance-ids",
                &b,
            ]),
            array(&["--allowed_acs_entrance_ids", &comma]),
            array(&["--allowed_acs_entrance_ids", &json_array]),
            array(&["--allowed_acs_entrance_ids", &bare_array]),
            args(&[
                "acs",
                "credentials",
                "create",
                "--raw",
                &raw,
                "--access-method",
                "code",
            ]),
            Invocation::Args(
                [
                    "acs",
                    "credentials",
                    "create",
                    "--raw",
                    "-",
                    "--access_method",
                    "code",
                ]
                .map(String::from)
                .to_vec(),
                Some(raw.clone()),
            ),
        ],
        || {
            Box::pin(async {
                let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
                    .allowed_acs_entrance_ids([&a, &b]);
                let _ = credentials.create(request).await;
            })
        },
    )
    .await;

    // Objects: JSON text, dotted members (which win), bare boolean flags.
    same_as_sdk(
        &server,
        "objects",
        vec![
            args(&[
                "acs",
                "credentials",
                "create",
                "--access_method",
                "card",
                "--visionline_metadata",
                &format!(
                    "{{\"card_format\": \"tlcode\", \"joiner_acs_credential_ids\": [\"{a}\"]}}"
                ),
                "--visionline_metadata.card_format",
                "rfid48",
                "--visionline_metadata.is_override_key",
                "--assa_abloy_vostio_metadata.auto_join",
                "false",
            ]),
            args(&[
                "acs",
                "credentials",
                "create",
                "--access_method=card",
                "--visionline-metadata.card-format=rfid48",
                "--visionline_metadata.joiner_acs_credential_ids",
                &a,
                "--visionline_metadata.is_override_key=true",
                "--assa_abloy_vostio_metadata",
                "{\"auto_join\": false}",
            ]),
        ],
        || {
            Box::pin(async {
                let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Card)
                    .assa_abloy_vostio_metadata(
                        AcsCredentialsCreateAssaAbloyVostioMetadata::new().auto_join(false),
                    )
                    .visionline_metadata(
                        AcsCredentialsCreateVisionlineMetadata::new()
                            .card_format(AcsCredentialsCreateVisionlineMetadataCardFormat::Rfid48)
                            .is_override_key(true)
                            .joiner_acs_credential_ids([&a]),
                    );
                let _ = credentials.create(request).await;
            })
        },
    )
    .await;

    // A query string: a selector group, a number, a bare boolean and an explicit null.
    same_as_sdk(
        &server,
        "list",
        vec![
            args(&[
                "acs",
                "credentials",
                "list",
                "--acs_user_id",
                &a,
                "--acs_system_id",
                &b,
                "--limit",
                "10",
                "--created_before",
                "2024-03-01T11:40:00+01:00",
                "--is_multi_phone_sync_credential",
                "--page_cursor",
                "null",
                "--search",
                "front door & co",
            ]),
            args(&[
                "acs",
                "credentials",
                "list",
                "--raw",
                &format!("{{\"acs_user_id\": \"{a}\", \"page_cursor\": null, \"limit\": 10, \"created_before\": \"2024-03-01T11:40:00+01:00\"}}"),
                "--acs-system-id",
                &b,
                "--is-multi-phone-sync-credential=true",
                "--search=front door & co",
            ]),
        ],
        || {
            Box::pin(async {
                let request = AcsCredentialsListRequest::new()
                    .selector(AcsCredentialsListSelector::AcsUserIdAndAcsSystemId {
                        acs_system_id: b.clone(),
                        acs_user_id: a.clone(),
                    })
                    .limit(10)
                    .created_before(timestamp("2024-03-01T11:40:00+01:00"))
                    .is_multi_phone_sync_credential(true)
                    .page_cursor_null()
                    .search("front door & co");
                let _ = credentials.list(request).await;
            })
        },
    )
    .await;

    same_as_sdk(
        &server,
        "delete",
        vec![args(&[
            "acs",
            "credentials",
            "delete",
            "--acs-credential-id",
            &a,
        ])],
        || {
            Box::pin(async {
                let _ = credentials
                    .delete(AcsCredentialsDeleteRequest::new(&a))
                    .await;
            })
        },
    )
    .await;

    // An unstable command, with the snake-case spelling of its word.
    same_as_sdk(
        &server,
        "unmanaged list",
        vec![args(&[
            "acs",
            "credentials",
            "unmanaged",
            "list",
            "--user_identity_id",
            &a,
            "--search",
            "lobby",
        ])],
        || {
            Box::pin(async {
                let request = AcsCredentialsUnmanagedListRequest::new(
                    AcsCredentialsUnmanagedListSelector::UserIdentityId {
                        user_identity_id: a.clone(),
                    },
                )
                .search("lobby");
                let _ = credentials.unmanaged().list(request).await;
            })
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_name_the_flag_exit_2_and_send_nothing() {
    let server = recorder(json!({"ok": true})).await;
    let id = uuid(1);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "acs",
                "credentials",
                "get",
                "--acs_credential_id",
                &id,
                "--nope",
                "1",
            ],
            "--nope",
        ),
        (
            vec!["acs", "credentials", "create", "--access_method", "bogus"],
            "--access_method",
        ),
        (
            vec![
                "acs",
                "credentials",
                "create",
                "--access_method",
                "code",
                "--is_multi_phone_sync_credential",
                "yes",
            ],
            "--is_multi_phone_sync_credential",
        ),
        (vec!["acs", "credentials", "get"], "--acs_credential_id"),
        (
            vec![
                "acs",
                "credentials",
                "create",
                "--access_method",
                "card",
                "--visionline_metadata",
                "{oops",
            ],
            "--visionline_metadata",
        ),
        (
            vec![
                "acs",
                "credentials",
                "get",
                "--raw",
                "{\"acs_credential_id\":",
            ],
            "--raw",
        ),
        (
            vec![
                "acs",
                "credentials",
                "get",
                "--raw",
                "{\"acs_credential_id\": 5}",
            ],
            "--acs_credential_id",
        ),
        (
            vec![
                "acs",
                "credentials",
                "get",
                "--raw",
                "{\"acs_credential_id\": \"x\", \"extra\": 1}",
            ],
            "--extra",
        ),
        (
            vec!["acs", "credentials", "list", "--limit", "ten"],
            "--limit",
        ),
        (
            vec![
                "acs",
                "credentials",
                "list",
                "--acs_user_id",
                &id,
                "--user_identity_id",
                &id,
            ],
            "--user_identity_id",
        ),
        (
            vec![
                "acs",
                "credentials",
                "create",
                "--access_method",
                "card",
                "--visionline_metadata.card_format",
                "rfid99",
            ],
            "--visionline_metadata.card_format",
        ),
        (vec!["acs", "credentials", "nope"], "nope"),
        (
            vec![
                "acs",
                "credentials",
                "list",
                "--created_before",
                "yesterday",
            ],
            "--created_before",
        ),
        (
            vec![
                "acs",
                "credentials",
                "list",
                "--raw",
                "{\"created_before\": \"2024-13-01\"}",
            ],
            "--created_before",
        ),
    ];
    for (argv, flag) in cases {
        let output = run_cli(&server, args(&argv)).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{argv:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{argv:?}: `{flag}` not named in: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{argv:?}");
    }
    // `--dry-run` checks a valid command and sends nothing either.
    let output = run_cli(
        &server,
        args(&[
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            &id,
            "--dry-run",
        ]),
    )
    .await;
    assert_eq!(output.status.code(), Some(0));
    assert!(
        requests(&server).await.is_empty(),
        "a usage error sent a request"
    );
}

/// With `--json`, every usage error is a JSON object on stderr, clap's own (unknown flag,
/// bad or missing value, missing command or argument) as the runtime's: exit status 2,
/// nothing sent. Without it, clap's are printed as clap prints them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_are_json_with_json_clap_s_own_too() {
    let server = recorder(json!({"ok": true})).await;
    let id = uuid(1);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "acs",
                "credentials",
                "get",
                "--acs_credential_id",
                &id,
                "--nope",
                "1",
                "--json",
            ],
            "unexpected argument '--nope' found",
        ),
        (
            vec![
                "--json",
                "acs",
                "credentials",
                "create",
                "--access_method",
                "bogus",
            ],
            "invalid value 'bogus' for '--access_method <VALUE>'",
        ),
        (
            vec!["acs", "credentials", "get", "--json", "--acs_credential_id"],
            "a value is required for '--acs_credential_id <STRING>'",
        ),
        (vec!["acs", "credentials", "--json"], "seam acs credentials"),
        (
            vec!["completion", "--json"],
            "required arguments were not provided: <shell>",
        ),
        // The runtime's own.
        (
            vec!["acs", "credentials", "get", "--json"],
            "the required parameter --acs_credential_id is missing",
        ),
    ];
    for (argv, named) in cases {
        let output = run_cli(&server, args(&argv)).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{argv:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{argv:?}");
        let error: Value = serde_json::from_str(&stderr)
            .unwrap_or_else(|e| panic!("{argv:?}: stderr is not one JSON value ({e}): {stderr}"));
        assert_eq!(error["error"]["type"], "usage", "{argv:?}: {error}");
        let message = error["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(named) && !message.contains('\n'),
            "{argv:?}: `{named}` not in the message: {error}"
        );
    }
    let plain = run_cli(&server, args(&["acs", "credentials", "get", "--nope"])).await;
    assert_eq!(plain.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&plain.stderr)
        .starts_with("error: unexpected argument '--nope' found"));
    // `--help` is no error: help on stdout, exit 0.
    let help = run_cli(
        &server,
        args(&["acs", "credentials", "get", "--help", "--json"]),
    )
    .await;
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--acs_credential_id"));
    assert!(
        requests(&server).await.is_empty(),
        "a usage error sent a request"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_payload_is_printed_and_api_errors_exit_1_with_type_message_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(query_param("acs_credential_id", uuid(1).as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "acs_credential": {"acs_credential_id": uuid(1), "not_in_the_spec": [1, 2]},
            "ok": true
        })))
        .mount(&server)
        .await;
    Mock::given(query_param("acs_credential_id", uuid(2).as_str()))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("seam-request-id", "req_cli_1")
                .set_body_json(json!({
                    "error": {"type": "acs_credential_not_found", "message": "Credential not found"},
                    "ok": false
                })),
        )
        .mount(&server)
        .await;
    let get = |id: u64, json: bool| {
        let mut argv = vec!["acs".to_string(), "credentials".into(), "get".into()];
        argv.extend(["--acs_credential_id".into(), uuid(id)]);
        if json {
            argv.push("--json".into());
        }
        Invocation::Args(argv, None)
    };

    let output = run_cli(&server, get(1, false)).await;
    assert_eq!(output.status.code(), Some(0));
    // Not a terminal: compact; everything the server sent, not what the model knows.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "{{\"acs_credential_id\":\"{}\",\"not_in_the_spec\":[1,2]}}\n",
            uuid(1)
        )
    );

    let output = run_cli(&server, get(2, false)).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for part in [
        "acs_credential_not_found",
        "Credential not found",
        "req_cli_1",
    ] {
        assert!(stderr.contains(part), "`{part}` not in: {stderr}");
    }
    assert!(!stderr.contains(API_KEY));

    let output = run_cli(&server, get(2, true)).await;
    assert_eq!(output.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&output.stderr).expect("the error is JSON");
    assert_eq!(error["error"]["type"], "acs_credential_not_found");
    assert_eq!(error["error"]["message"], "Credential not found");
    assert_eq!(error["error"]["request_id"], "req_cli_1");
    assert_eq!(error["error"]["status"], 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_prints_every_item_of_every_page_a_line_each() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page_cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "acs_credentials": [{"acs_credential_id": "a"}, {"acs_credential_id": "b"}],
            "pagination": {"next_page_cursor": "second", "has_next_page": true},
            "ok": true
        })))
        .mount(&server)
        .await;
    Mock::given(query_param("page_cursor", "second"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "acs_credentials": [{"acs_credential_id": "c"}],
            "pagination": {"next_page_cursor": null, "has_next_page": false},
            "ok": true
        })))
        .mount(&server)
        .await;
    let output = run_cli(
        &server,
        args(&["acs", "credentials", "list", "--all", "--limit", "2"]),
    )
    .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "{\"acs_credential_id\":\"a\"}\n{\"acs_credential_id\":\"b\"}\n{\"acs_credential_id\":\"c\"}\n"
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].url.query(),
        Some("limit=2&page_cursor=second&_strict=true")
    );

    // Without `--all`: the first page's items, as one array.
    let output = run_cli(&server, args(&["acs", "credentials", "list"])).await;
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "[{\"acs_credential_id\":\"a\"},{\"acs_credential_id\":\"b\"}]\n"
    );
}

#[test]
fn credentials_come_from_flags_or_the_environment_and_are_never_printed() {
    // Nothing is listening on port 9: the call fails after the client was configured.
    let secret = "seam_secret_never_printed";
    let output = run_seam(
        &[
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            "x",
            "--api-key",
            secret,
            "--endpoint",
            "http://127.0.0.1:9",
        ],
        &[],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not connect"), "{stderr}");
    assert!(!stderr.contains(secret));

    let output = run_seam(
        &["acs", "credentials", "get", "--acs_credential_id", "x"],
        &[],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SEAM_API_KEY"));

    let output = run_seam(
        &[
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            "x",
            "--personal-access-token",
            secret,
        ],
        &[("SEAM_API_KEY", "from_the_environment")],
        None,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("SEAM_WORKSPACE_ID"), "{stderr}");
    assert!(!stderr.contains(secret));
}

#[test]
fn help_comes_from_the_spec() {
    let help = |argv: &[&str]| {
        let output = run_seam(argv, &[], None);
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    insta::assert_snapshot!(
        "cli_credentials_group",
        help(&["acs", "credentials", "--help"])
    );
    insta::assert_snapshot!(
        "cli_get_help",
        help(&["acs", "credentials", "get", "--help"])
    );
    insta::assert_snapshot!(
        "cli_list_short_help",
        help(&["acs", "credentials", "list", "-h"])
    );
    let create = help(&["acs", "credentials", "create", "--help"]);
    for part in [
        "Create a Credential for an ACS User",
        "Sends `POST /acs/credentials/create`.",
        "[possible values: code, card, mobile_key, cloud_key]",
        "Default (on the server): false.",
        "--visionline_metadata.card_format <VALUE>",
        "Undocumented: not part of Seam's documented API",
    ] {
        assert!(create.contains(part), "`{part}` not in:\n{create}");
    }
    let bash = help(&["completion", "bash"]);
    assert!(bash.contains("--acs_user_id") && bash.contains("mobile_key"));
}

#[test]
fn every_command_sends_a_request_prism_accepts() {
    let prism = prism::shared_prism(false);
    let proxy = RecordingProxy::start(prism.base_url());
    let endpoint = proxy.base_url();
    let (credential, user, system, entrance) = (uuid(1), uuid(2), uuid(3), uuid(5));
    let time = "2025-07-01T03:45:02.692Z";
    let docs = docs_cli_samples();
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "acs",
            "credentials",
            "assign",
            "--acs_credential_id",
            &credential,
            "--acs_user_id",
            &user,
        ],
        vec![
            "acs",
            "credentials",
            "create",
            "--access_method",
            "code",
            "--acs_user_id",
            &user,
            "--code",
            "824759",
        ],
        vec![
            "acs",
            "credentials",
            "create",
            "--access_method",
            "card",
            "--user_identity_id",
            &user,
            "--acs_system_id",
            &system,
            "--allowed_acs_entrance_ids",
            &entrance,
            "--visionline_metadata.card_format",
            "rfid48",
            "--visionline_metadata.is_override_key",
            "--salto_space_metadata.assign_new_key",
            "--starts_at",
            time,
            "--ends_at",
            time,
        ],
        vec![
            "acs",
            "credentials",
            "create-offline-code",
            "--acs_user_id",
            &user,
            "--allowed_acs_entrance_id",
            &entrance,
            "--is_one_time_use",
        ],
        vec![
            "acs",
            "credentials",
            "delete",
            "--acs_credential_id",
            &credential,
        ],
        vec![
            "acs",
            "credentials",
            "get",
            "--acs_credential_id",
            &credential,
        ],
        vec!["acs", "credentials", "list"],
        vec![
            "acs",
            "credentials",
            "list",
            "--acs_system_id",
            &system,
            "--limit",
            "5",
            "--search",
            "door",
        ],
        vec![
            "acs",
            "credentials",
            "list-accessible-entrances",
            "--acs_credential_id",
            &credential,
        ],
        vec![
            "acs",
            "credentials",
            "unassign",
            "--acs_credential_id",
            &credential,
            "--user_identity_id",
            &user,
        ],
        vec![
            "acs",
            "credentials",
            "update",
            "--acs_credential_id",
            &credential,
            "--code",
            "1234",
            "--ends_at",
            time,
        ],
        vec![
            "acs",
            "credentials",
            "unmanaged",
            "get",
            "--acs_credential_id",
            &credential,
        ],
        vec![
            "acs",
            "credentials",
            "unmanaged",
            "list",
            "--acs_user_id",
            &user,
        ],
    ];
    let env = [
        ("SEAM_API_KEY", API_KEY),
        ("SEAM_ENDPOINT", endpoint.as_str()),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for argv in &commands {
        let output = run_seam(argv, &env, None);
        let exchange = proxy.single(&argv.join(" "));
        assert!(
            exchange.accepted(),
            "{argv:?}: Prism rejected the request:\n{}",
            exchange.describe()
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{argv:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        seen.insert(exchange.path().to_string());
    }
    for line in &docs {
        let output = run_shell(line, &env);
        let exchange = proxy.single(line);
        assert!(exchange.accepted(), "{line}: {}", exchange.describe());
        assert_eq!(output.status.code(), Some(0), "{line}");
    }
    // Every endpoint was run.
    let spec_paths = prism::spec_paths("/acs/credentials");
    for path in spec_paths {
        assert!(seen.contains(&path), "no command ran {path}");
    }
}

//! Starts the two loopback-only test servers the end-to-end tests run the SDK against:
//!
//! * [`PrismServer`]: `@stoplight/prism-cli` mocking (a filtered test copy of)
//!   `spec/openapi.json`, validating every request against the spec;
//! * [`FakeSeamServer`]: `@seamapi/fake-seam-connect`, Seam's own stateful in-memory fake.
//!
//! Both are npm packages pinned in `tests/package.json` / `tests/package-lock.json`;
//! [`ensure_npm_packages`] runs `npm ci` in `tests/` when `tests/node_modules` is missing or
//! older than the lock file (once per process, serialised across processes by a file
//! lock, so parallel test binaries under nextest do not race). Node.js (`node`, and `npm`
//! when an install is needed) must be on `PATH`, version >= 18.20.1 (prism-cli 5.14.2 is
//! the newest Prism that supports Node 18/20; 5.15+ needs Node >= 24.14); without it the
//! tests panic with a message saying so, they are never skipped.
//!
//! Each server binds `127.0.0.1` on a free port, is started with `node` directly (no
//! npx/shell wrapper, one process per server), logs stdout+stderr to a temp file, and is
//! stopped (SIGTERM, then SIGKILL) when the handle is dropped, panics included. The node
//! scripts in `tests/servers/` also exit by themselves when their stdin (a pipe held by
//! the test process) closes, so a test process killed with SIGKILL leaves no server
//! behind. When a handle is dropped during a panic, the tail of the server log is printed
//! to stderr and the log file is kept.
//!
//! ```no_run
//! use seam_sdk_tests::servers::{FakeSeamServer, PrismServer};
//! let prism = PrismServer::start("/acs/credentials", false); // static examples
//! let fake = FakeSeamServer::start();
//! let endpoint = prism.base_url(); // "http://127.0.0.1:<port>", no trailing slash
//! let (fake_url, key) = (fake.base_url(), fake.api_key());
//! let user = &fake.seed().acs_user_id;
//! ```
//!
//! # Prism (`PrismServer`)
//!
//! Command: `node tests/servers/prism.mjs mock <filtered spec> --host 127.0.0.1 --port P
//! --errors [-d]` (`prism.mjs` runs prism-cli's own `dist/index.js` in-process).
//!
//! **The spec Prism serves is a test copy, not `spec/openapi.json` itself.** It is written
//! to a unique file in `std::env::temp_dir()` (removed on drop) and differs from the real
//! document in two ways:
//! 1. only the paths equal to or under the given prefix are kept (all `components` are
//!    kept); this also makes start-up fast (~1.3 s for `/acs/credentials`, vs ~2.2 s with
//!    `NODE_ENV=production`, which is therefore not set for Prism);
//! 2. inside every operation's `requestBody`, each `oneOf` is renamed `anyOf`. Reason: the
//!    `/acs/credentials/list` body is `allOf[oneOf[{acs_user_id}, {acs_system_id},
//!    {acs_user_id, acs_system_id}, {user_identity_id}, {}], {limit, ...}]`; the empty-object
//!    branch matches every object, so with `oneOf` Prism answers 400 "must match exactly one
//!    schema in oneOf" to every body that names a selector (`{"acs_user_id": uuid}` matches
//!    two branches); only `{}` passes. With `anyOf` every valid body passes. The price: the
//!    list body's selector is no longer checked at all (`{"acs_user_id": "nope"}` passes,
//!    because the `{}` branch accepts it). Response schemas are not rewritten.
//!
//! Flags and what Prism 5.14.2 does (verified):
//! * Request validation is always on in mock mode, `--errors` or not: a request that
//!   violates the spec gets **400** (the spec declares a 400 response; Prism would use 422
//!   if it did not) with an `sl-violations` header, a JSON array of
//!   `{location, severity, code, message}`, and an empty body. Missing/non-Bearer
//!   `Authorization` gets **401** with `sl-violations` (`"Invalid security scheme used"`).
//!   **Any** `Bearer <anything>` token is accepted.
//! * `--errors` (which we pass) only adds: a *response* that violates the response schema
//!   (Prism's own example/generated payload) becomes a 500 `application/problem+json`
//!   instead of a 200 with an `sl-violations` header. None of the `/acs/credentials/*`
//!   responses violate their schema (static, and 150 dynamic requests checked), so this
//!   just makes a bad mock fail loudly.
//! * `-d` (dynamic, `start(_, true)`): bodies generated from the schema with
//!   json-schema-faker, random per request; static mode (default) returns the spec's
//!   examples, identical on every call (e.g. `acs_credential_id`
//!   `beaa48f0-a3a5-46e0-86b4-b877fdd674fa` for get/list/update).
//! * Every `format: uuid` field (all the `*_id` request fields) must be a UUID, in JSON
//!   bodies and query strings alike, else 400 (`code: "format"`); see [`uuid`].
//! * Extra (unknown) body properties are accepted.
//! * Malformed JSON with `Content-Type: application/json` does **not** hang 5.14.2: it gets
//!   400 `{"error":{"code":"invalid_json","message":"Invalid JSON"}}` (no `sl-violations`).
//!   Still, use timeouts on every request (the [`crate::http`] helpers do).
//! * A POST without `Content-Type: application/json` gets 400 with `sl-violations`
//!   code 415 "Supported content types: application/json".
//! * GET/DELETE: the spec declares `GET` for `get`, `list`, `list_accessible_entrances`,
//!   `unmanaged/get`, `unmanaged/list`, `DELETE` for `delete`, `PATCH` for `assign`,
//!   `unassign`, `update`; POST exists for all. `GET /acs/credentials/get?acs_credential_id=<uuid>`
//!   → 200; bad uuid → 400 (`location: ["request","query","acs_credential_id"]`); missing →
//!   400 "Request query must have required property". `GET /acs/credentials/list` declares
//!   **no** parameters, and Prism does **not** validate or reject unknown query parameters:
//!   `?acs_user_id=nope&bogus=1` → 200. A GET **with a body** is rejected: 400, 415 "No
//!   supported content types, but request included a non-empty body" — so an SDK must not
//!   send a JSON body (not even `{}`) with GET/DELETE. `DELETE
//!   /acs/credentials/delete?acs_credential_id=<uuid>` → 200 `{"ok":true}`.
//! * Query parameters on a POST are ignored (the body is what is validated).
//! * Unknown path → 404 problem+json `NO_PATH_MATCHED_ERROR`; undeclared method → 405
//!   `NO_METHOD_MATCHED_ERROR`. `Prefer: code=401` forces a declared status (empty body).
//!
//! # fake-seam-connect (`FakeSeamServer`)
//!
//! Command: `NODE_ENV=production node tests/servers/fake-seam.mjs --port 0`; the script does
//! `createFake()`, `await fake.seed()`, adds one ACS user and one entrance (granted to that
//! user) on the seeded Visionline system, then `fake.startServer({ port, baseUrl })` and
//! prints `SEAM_FAKE_READY {json}` (parsed into [`FakeSeed`]). `startServer` has no host
//! option (it calls `server.listen(port, cb)`, i.e. all interfaces), so the script wraps
//! `http.Server.prototype.listen` during the call to inject `127.0.0.1`, and checks the
//! bound address.
//!
//! What the fake (1.86.0) does (verified; `POST` always works, JSON body needs
//! `Content-Type: application/json` or it answers 400 `invalid_content_type`):
//! * It does **not** implement `/acs/credentials/*`: 404 with the plain-text body `404`
//!   (no JSON, no `seam-request-id`). It implements `/acs/users/*`, `/acs/systems/*`,
//!   `/acs/entrances/*` (and `/_fake/*` helpers, e.g. `GET /_fake/database`).
//! * Auth: API key as `Authorization: Bearer seam_apikey1_token`
//!   ([`FakeSeamServer::api_key`]). Wrong key → 401
//!   `{"error":{"type":"unauthorized","message":"API Key not found"},"ok":false}`; no
//!   header → 401 `{"error":{"type":"unauthorized","message":"No Authorization header"},"ok":false}`.
//!   Every response carries `seam-request-id: request<N>`.
//! * Methods per endpoint (others → 405 `{"error":{"type":"method_not_allowed","message":"only POST accepted"},"ok":false}`):
//!   - `/acs/users/create`: POST only (GET/PUT → 405).
//!   - `/acs/users/get`: GET or POST; parameters accepted from the query string **or** the
//!     JSON body on either method (`GET ?acs_user_id=..` works; so does
//!     `POST ?acs_user_id=..` with `{}` body, and GET with a JSON body).
//!   - `/acs/users/list`: GET or POST, query or body. No pagination (no `pagination` key,
//!     `limit` ignored); `acs_system_id` filters, `user_identity_id` is ignored.
//!   - `/acs/users/update`: PATCH or POST, JSON body only (PATCH with only query params →
//!     400 invalid_input "Expected object, received string"). Returns `{"ok":true}` only.
//!     Unknown user → **500** `internal_server_error` "Could not find acs_user with acs_user_id".
//!   - `/acs/users/delete`: DELETE or POST (GET → 405 "only DELETE,POST accepted");
//!     `DELETE ?acs_user_id=..` and `DELETE` with a JSON body both work. Returns the deleted
//!     `acs_user`; unknown → 404 `acs_user_not_found`.
//! * Missing required param → 400 `{"error":{"type":"invalid_input","message":"acs_user_id is
//!   required","validation_errors":{..}},"ok":false}`; unknown user on get → 404
//!   `acs_user_not_found`; malformed JSON → 400 plain text `Invalid JSON`. Unknown body
//!   properties are accepted.
//! * IDs are not UUIDs (`acs_user1`, `acs_entrance1`, `visionline_acs_system_1`, ...), so
//!   fake IDs cannot be sent to Prism and vice versa.

use std::ffi::OsString;
use std::fs::{self, File};
use std::io::Read;
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::http;

/// How long a server may take to become ready before the test panics.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// The paths Prism mocks unless told otherwise (the part of the API the SDK covers).
pub const DEFAULT_PRISM_PREFIX: &str = "/acs/credentials";

/// The oldest Node.js the pinned packages support (prism-cli 5.14.2: `>=18.20.1`).
const MIN_NODE: (u64, u64, u64) = (18, 20, 1);

/// `tests/` (where package.json, node_modules and servers/ live).
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real OpenAPI document, `spec/openapi.json`.
pub fn spec_path() -> PathBuf {
    tests_dir().join("..").join("spec").join("openapi.json")
}

/// The version of the checked-in crate, as `spec/codegen.toml` sets it (`cargo xtask
/// codegen` bumps it when the generated API changes).
pub fn checked_in_version() -> String {
    let path = tests_dir().join("..").join("spec").join("codegen.toml");
    let config = std::fs::read_to_string(&path).expect("spec/codegen.toml is readable");
    config
        .lines()
        .find_map(|line| {
            let value = line.trim().strip_prefix("version")?.trim_start();
            Some(value.strip_prefix('=')?.trim().trim_matches('"').to_owned())
        })
        .expect("spec/codegen.toml sets `version`")
}

/// A valid (version 4 shaped) UUID string derived from `n`, for `format: uuid` fields:
/// `uuid(1)` is `"00000000-0000-4000-8000-000000000001"`.
pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{:012x}", n & 0xffff_ffff_ffff)
}

// ---------------------------------------------------------------------------------------
// npm packages
// ---------------------------------------------------------------------------------------

/// Makes sure `tests/node_modules` matches `tests/package-lock.json`, running `npm ci`
/// when `node_modules/.package-lock.json` is missing or older than `package-lock.json`
/// (or a package is missing). Cheap after the first call in a process; safe to call from
/// many threads and processes at once (an exclusive `flock` on a file in the temp dir
/// serialises installs). Panics if Node.js/npm is missing or too old, or `npm ci` fails.
pub fn ensure_npm_packages() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        check_node();
        let dir = tests_dir();
        if node_modules_fresh(&dir) {
            return;
        }
        let _lock = InstallLock::acquire(&dir);
        if node_modules_fresh(&dir) {
            return; // another process installed while we waited
        }
        let started = Instant::now();
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "could not run `npm ci` in {} ({e}). Node.js with npm is required for the \
                     end-to-end tests: install Node.js >= {}.{}.{} and put `node` and `npm` on PATH.",
                    dir.display(),
                    MIN_NODE.0,
                    MIN_NODE.1,
                    MIN_NODE.2
                )
            });
        if !out.status.success() {
            panic!(
                "`npm ci` in {} failed ({}):\n--- stdout ---\n{}\n--- stderr ---\n{}",
                dir.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            node_modules_fresh(&dir),
            "`npm ci` in {} succeeded but node_modules is still incomplete",
            dir.display()
        );
        eprintln!("seam-sdk-tests: `npm ci` took {:?}", started.elapsed());
    });
}

fn node_modules_fresh(dir: &Path) -> bool {
    let mtime = |p: PathBuf| fs::metadata(p).and_then(|m| m.modified()).ok();
    let (Some(installed), Some(lock)) = (
        mtime(dir.join("node_modules/.package-lock.json")),
        mtime(dir.join("package-lock.json")),
    ) else {
        return false;
    };
    installed >= lock
        && dir
            .join("node_modules/@stoplight/prism-cli/dist/index.js")
            .is_file()
        && dir
            .join("node_modules/@seamapi/fake-seam-connect/package.json")
            .is_file()
        && dir
            .join("node_modules/@seamapi/http/package.json")
            .is_file()
        && dir
            .join("node_modules/@seamapi/url-search-params-serializer/package.json")
            .is_file()
}

/// Runs `node <script> <args..>` (a path relative to `tests/`, e.g.
/// `reference/query.mjs`) once, with `input` on its stdin, and returns its stdout; panics
/// with its stderr if it fails or runs longer than [`STARTUP_TIMEOUT`]. For batch
/// scripts that answer many cases in one process (one process per case would cost
/// ~50 ms of Node start-up each).
pub fn run_node_batch(script: &str, args: &[&str], input: Vec<u8>) -> String {
    ensure_npm_packages();
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(tests_dir())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `node {script}` ({e})"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        // An error here (the script exited early) shows in its status and stderr below.
        let _ = stdin.write_all(&input);
    });
    let (done, wait) = std::sync::mpsc::channel();
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        if wait.recv_timeout(STARTUP_TIMEOUT).is_err() {
            #[cfg(unix)]
            // SAFETY: signalling our own child, which `wait_with_output` has not reaped
            // (it is still running: no message came through the channel).
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        }
    });
    let output = child.wait_with_output().expect("wait for node");
    let _ = done.send(());
    let _ = watchdog.join();
    let _ = writer.join();
    assert!(
        output.status.success(),
        "`node {script}` failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("node writes UTF-8")
}

fn check_node() {
    let out = Command::new("node").arg("--version").output();
    let version = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        Ok(o) => panic!(
            "`node --version` failed ({}): {}. Node.js >= {}.{}.{} is required for the end-to-end tests.",
            o.status,
            String::from_utf8_lossy(&o.stderr),
            MIN_NODE.0,
            MIN_NODE.1,
            MIN_NODE.2
        ),
        Err(e) => panic!(
            "Node.js is required for the end-to-end tests but `node` could not be run ({e}). \
             Install Node.js >= {}.{}.{} (with npm) and put it on PATH; the tests start \
             @stoplight/prism-cli and @seamapi/fake-seam-connect from tests/node_modules.",
            MIN_NODE.0,
            MIN_NODE.1,
            MIN_NODE.2
        ),
    };
    let parts: Vec<u64> = version
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let v = (
        parts.first().copied().unwrap_or(0),
        parts.get(1).copied().unwrap_or(0),
        parts.get(2).copied().unwrap_or(0),
    );
    assert!(
        v >= MIN_NODE,
        "Node.js {version} is too old for the end-to-end tests; need >= {}.{}.{}",
        MIN_NODE.0,
        MIN_NODE.1,
        MIN_NODE.2
    );
}

/// An exclusive advisory lock on `<temp>/seam-sdk-tests-npm-<hash of tests dir>.lock`,
/// released when dropped or when the process dies.
struct InstallLock {
    _file: File,
}

impl InstallLock {
    fn acquire(dir: &Path) -> InstallLock {
        let path = std::env::temp_dir().join(format!(
            "seam-sdk-tests-npm-{:016x}.lock",
            fnv1a(dir.to_string_lossy().as_bytes())
        ));
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("cannot open lock file {}: {e}", path.display()));
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            loop {
                // SAFETY: flock on a file descriptor we own; blocks until granted.
                let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
                if rc == 0 {
                    break;
                }
                let err = std::io::Error::last_os_error();
                if err.kind() != std::io::ErrorKind::Interrupted {
                    panic!("flock({}) failed: {err}", path.display());
                }
            }
        }
        InstallLock { _file: file }
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------
// Filtered spec for Prism
// ---------------------------------------------------------------------------------------

fn full_spec() -> &'static serde_json::Value {
    static SPEC: OnceLock<serde_json::Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = spec_path();
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    })
}

/// Builds the test copy of `spec/openapi.json` that [`PrismServer`] serves: only the paths
/// equal to or under `prefix` (`"/"` or `""` keeps all) plus every `components` entry, with
/// each `oneOf` inside an operation's `requestBody` renamed `anyOf` (see the module docs
/// for why), and json-schema-faker told not to invent undeclared properties
/// (`x-json-schema-faker: {fillProperties: false}`). Panics if no path matches.
pub fn prism_test_spec(prefix: &str) -> serde_json::Value {
    prism_test_spec_with(prefix, false)
}

/// [`prism_test_spec`], or with every request body's `oneOf` kept as the spec has it
/// (`keep_one_of`), for [`PrismServer::start_strict`].
pub fn prism_test_spec_with(prefix: &str, keep_one_of: bool) -> serde_json::Value {
    let full = full_spec().as_object().expect("spec is a JSON object");
    let prefix = prefix.trim_end_matches('/');
    // Clone everything but `paths`, then only the matching path items (cloning the whole
    // 4 MB document is slow in debug builds).
    let mut doc: serde_json::Map<String, serde_json::Value> = full
        .iter()
        .filter(|(k, _)| k.as_str() != "paths")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut paths: serde_json::Map<String, serde_json::Value> = full
        .get("paths")
        .and_then(|p| p.as_object())
        .expect("spec has a `paths` object")
        .iter()
        .filter(|(path, _)| {
            prefix.is_empty() || path.as_str() == prefix || path.starts_with(&format!("{prefix}/"))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert!(
        !paths.is_empty(),
        "no path in {} is equal to or under {prefix:?}",
        spec_path().display()
    );
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            if let Some(body) = op.get_mut("requestBody").filter(|_| !keep_one_of) {
                one_of_to_any_of(body);
            }
        }
    }
    doc.insert("paths".to_string(), serde_json::Value::Object(paths));
    // Dynamic mode would otherwise invent properties no schema declares, which no model
    // can keep; with this, every generated property is a declared one.
    doc.insert(
        "x-json-schema-faker".to_string(),
        serde_json::json!({ "fillProperties": false }),
    );
    serde_json::Value::Object(doc)
}

/// Renames `oneOf` to `anyOf` in every schema object below `v`, leaving property *names*
/// (keys of `properties`) alone.
fn one_of_to_any_of(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(one_of) = map.remove("oneOf") {
                if map.contains_key("anyOf") {
                    // Keep both constraints: move ours into an allOf entry.
                    let all = map
                        .entry("allOf")
                        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                    if let Some(all) = all.as_array_mut() {
                        all.push(serde_json::json!({ "anyOf": one_of }));
                    }
                } else {
                    map.insert("anyOf".to_string(), one_of);
                }
            }
            for (key, child) in map.iter_mut() {
                if key == "properties" {
                    if let Some(props) = child.as_object_mut() {
                        props.values_mut().for_each(one_of_to_any_of);
                    }
                } else {
                    one_of_to_any_of(child);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(one_of_to_any_of),
        _ => {}
    }
}

/// Writes [`prism_test_spec`]`(prefix)` to a new unique file in the temp dir.
pub fn write_prism_test_spec(prefix: &str) -> PathBuf {
    write_prism_test_spec_with(prefix, false)
}

fn write_prism_test_spec_with(prefix: &str, keep_one_of: bool) -> PathBuf {
    remove_orphaned_spec_copies();
    let doc = prism_test_spec_with(prefix, keep_one_of);
    let path = unique_temp_path("prism-spec", "json");
    let bytes = serde_json::to_vec(&doc).expect("serialise spec");
    fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Deletes spec copies left in the temp dir by test processes that were killed before
/// they could drop their `PrismServer` (best effort, Linux only: checks `/proc/<pid>`).
fn remove_orphaned_spec_copies() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: OnceLock<()> = OnceLock::new();
        ONCE.get_or_init(|| {
            let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
                return;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let Some(rest) = name.strip_prefix("seam-sdk-tests-") else {
                    continue;
                };
                if !name.ends_with("-prism-spec.json") {
                    continue;
                }
                let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
                    continue;
                };
                if !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = fs::remove_file(entry.path());
                }
            }
        });
    }
}

fn unique_temp_path(what: &str, ext: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "seam-sdk-tests-{}-{}-{nanos:09}-{what}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

// ---------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------

/// A `node` child process whose stdout+stderr go to a temp log file and whose stdin is a
/// pipe we hold (the scripts exit when it closes). Stopped on drop.
struct NodeProcess {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    log_path: PathBuf,
}

impl NodeProcess {
    fn spawn(name: &'static str, args: Vec<OsString>, envs: &[(&str, &str)]) -> NodeProcess {
        let log_path = unique_temp_path(name, "log");
        let log = File::create(&log_path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", log_path.display()));
        let log2 = log.try_clone().expect("clone log file handle");
        let mut child = Command::new("node")
            .args(&args)
            .current_dir(tests_dir())
            .envs(envs.iter().copied())
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log2))
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start `node {}` ({e}); Node.js >= {}.{}.{} is required for the end-to-end tests",
                    args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" "),
                    MIN_NODE.0,
                    MIN_NODE.1,
                    MIN_NODE.2
                )
            });
        let stdin = child.stdin.take();
        NodeProcess {
            name,
            child,
            stdin,
            log_path,
        }
    }

    fn log(&self) -> String {
        let mut s = Vec::new();
        if let Ok(mut f) = File::open(&self.log_path) {
            let _ = f.read_to_end(&mut s);
        }
        String::from_utf8_lossy(&s).into_owned()
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stop(&mut self) {
        drop(self.stdin.take());
        if self.exited().is_some() {
            return;
        }
        #[cfg(unix)]
        {
            // SAFETY: signalling our own, not yet reaped, child by its pid.
            unsafe {
                libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
            }
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if self.exited().is_some() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn fail(&mut self, what: &str) -> ! {
        let status = self.exited();
        self.stop();
        panic!(
            "{} {what} (exit status: {status:?}); log {}:\n{}",
            self.name,
            self.log_path.display(),
            self.log()
        );
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            let log = self.log();
            let mut start = log.len().saturating_sub(4000);
            while !log.is_char_boundary(start) {
                start += 1;
            }
            let tail = &log[start..];
            eprintln!(
                "--- {} log (kept at {}), last lines ---\n{tail}\n--- end of {} log ---",
                self.name,
                self.log_path.display(),
                self.name
            );
        } else {
            let _ = fs::remove_file(&self.log_path);
        }
    }
}

fn free_loopback_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

// ---------------------------------------------------------------------------------------
// Prism
// ---------------------------------------------------------------------------------------

/// A running Prism mock server on `127.0.0.1` (see the module docs for what it checks).
/// Stopped, and its spec copy deleted, on drop.
pub struct PrismServer {
    process: NodeProcess,
    port: u16,
    spec: PathBuf,
    dynamic: bool,
    startup: Duration,
}

impl PrismServer {
    /// Starts Prism on a test copy of the spec holding the paths under `prefix` (normally
    /// [`DEFAULT_PRISM_PREFIX`]), in dynamic mode (`-d`, random payloads) if `dynamic`,
    /// else static (the spec's examples). Blocks until it answers HTTP (~1.4 s);
    /// panics, showing its log, if it is not up within [`STARTUP_TIMEOUT`].
    pub fn start(prefix: &str, dynamic: bool) -> PrismServer {
        PrismServer::start_with(prefix, dynamic, false)
    }

    /// A static Prism on a test copy that keeps every request body's `oneOf` (item 2 of
    /// the module docs undone): it checks a selector strictly, "exactly one group", and
    /// so also refuses valid `/acs/credentials/list` bodies that name a selector.
    pub fn start_strict(prefix: &str) -> PrismServer {
        PrismServer::start_with(prefix, false, true)
    }

    fn start_with(prefix: &str, dynamic: bool, keep_one_of: bool) -> PrismServer {
        ensure_npm_packages();
        let started = Instant::now();
        let spec = write_prism_test_spec_with(prefix, keep_one_of);
        let deadline = started + STARTUP_TIMEOUT;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let port = free_loopback_port();
            let mut args: Vec<OsString> = vec![
                "servers/prism.mjs".into(),
                "mock".into(),
                spec.clone().into(),
                "--host".into(),
                "127.0.0.1".into(),
                "--port".into(),
                port.to_string().into(),
                "--errors".into(),
            ];
            if dynamic {
                args.push("--dynamic".into());
            }
            // Not NODE_ENV=production: it makes Prism start ~0.9 s slower.
            let mut process = NodeProcess::spawn("prism", args, &[]);
            let url = format!("http://127.0.0.1:{port}/__seam_sdk_tests_probe");
            loop {
                if process.exited().is_some() {
                    if attempt < 4 && process.log().contains("EADDRINUSE") {
                        break; // lost the port race: retry with another port
                    }
                    let _ = fs::remove_file(&spec);
                    process.fail("exited before it was ready");
                }
                if Instant::now() > deadline {
                    let _ = fs::remove_file(&spec);
                    process.fail(&format!(
                        "did not answer on port {port} within {STARTUP_TIMEOUT:?}"
                    ));
                }
                // Prism answers an unknown path with a 404 problem+json naming itself; this
                // also proves it is our Prism on that port, not some other listener.
                if let Ok(r) = http::request("GET", &url, &[], None, Duration::from_secs(2)) {
                    if r.status == 404 && r.text().contains("stoplight.io/prism") {
                        return PrismServer {
                            process,
                            port,
                            spec,
                            dynamic,
                            startup: started.elapsed(),
                        };
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The filtered test copy of the spec Prism serves.
    pub fn spec_path(&self) -> &Path {
        &self.spec
    }

    pub fn is_dynamic(&self) -> bool {
        self.dynamic
    }

    /// Time from `start` being called until Prism answered.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// Process id of the `node` process running Prism.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Everything Prism logged so far (request log and validation violations included).
    pub fn log(&self) -> String {
        self.process.log()
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        self.process.stop();
        let _ = fs::remove_file(&self.spec);
    }
}

// ---------------------------------------------------------------------------------------
// fake-seam-connect
// ---------------------------------------------------------------------------------------

/// The IDs and keys `tests/servers/fake-seam.mjs` seeded (from its ready line).
#[derive(Debug, Clone)]
pub struct FakeSeed {
    /// `seam_apikey1_token`, for `seed_workspace_1` (where everything below lives).
    pub api_key: String,
    /// `seam_apikey2_token`, for the empty `seed_workspace_2`.
    pub other_workspace_api_key: String,
    pub workspace_id: String,
    pub other_workspace_id: String,
    /// `visionline_acs_system_1`.
    pub acs_system_id: String,
    /// An ACS user on that system (`acs_user1`), "Seeded ACS User".
    pub acs_user_id: String,
    /// An entrance on that system (`acs_entrance1`) the user has access to.
    pub acs_entrance_id: String,
    pub connected_account_id: String,
    pub device_id: String,
    /// The whole ready-line JSON.
    pub raw: serde_json::Value,
}

/// A running `@seamapi/fake-seam-connect` on `127.0.0.1`, freshly seeded (state is per
/// server, so each test can start its own). Stopped on drop.
pub struct FakeSeamServer {
    process: NodeProcess,
    port: u16,
    seed: FakeSeed,
    startup: Duration,
}

const FAKE_READY: &str = "SEAM_FAKE_READY ";

impl FakeSeamServer {
    /// Starts the fake and waits for its ready line (~0.5 s); panics, showing its log, if
    /// it is not up within [`STARTUP_TIMEOUT`].
    pub fn start() -> FakeSeamServer {
        ensure_npm_packages();
        let started = Instant::now();
        let deadline = started + STARTUP_TIMEOUT;
        let mut process = NodeProcess::spawn(
            "fake-seam-connect",
            vec!["servers/fake-seam.mjs".into(), "--port".into(), "0".into()],
            &[("NODE_ENV", "production")],
        );
        loop {
            let log = process.log();
            if let Some(line) = log.lines().find_map(|l| l.strip_prefix(FAKE_READY)) {
                let raw: serde_json::Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("bad ready line from fake-seam.mjs ({e}): {line}"));
                let s = |k: &str| -> String {
                    raw.get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or_else(|| panic!("ready line lacks {k:?}: {line}"))
                        .to_string()
                };
                let port = raw
                    .get("port")
                    .and_then(|p| p.as_u64())
                    .and_then(|p| u16::try_from(p).ok())
                    .unwrap_or_else(|| panic!("ready line lacks a port: {line}"));
                let seed = FakeSeed {
                    api_key: s("api_key"),
                    other_workspace_api_key: s("other_workspace_api_key"),
                    workspace_id: s("workspace_id"),
                    other_workspace_id: s("other_workspace_id"),
                    acs_system_id: s("acs_system_id"),
                    acs_user_id: s("acs_user_id"),
                    acs_entrance_id: s("acs_entrance_id"),
                    connected_account_id: s("connected_account_id"),
                    device_id: s("device_id"),
                    raw: raw.clone(),
                };
                return FakeSeamServer {
                    process,
                    port,
                    seed,
                    startup: started.elapsed(),
                };
            }
            if process.exited().is_some() {
                process.fail("exited before it was ready");
            }
            if Instant::now() > deadline {
                process.fail(&format!("printed no ready line within {STARTUP_TIMEOUT:?}"));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// `http://127.0.0.1:<port>` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The seeded API key (`seam_apikey1_token`), sent as `Authorization: Bearer <key>`.
    pub fn api_key(&self) -> &str {
        &self.seed.api_key
    }

    /// All seeded IDs.
    pub fn seed(&self) -> &FakeSeed {
        &self.seed
    }

    /// Time from `start` being called until the ready line.
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// Process id of the `node` process running the fake.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Everything the fake logged so far.
    pub fn log(&self) -> String {
        self.process.log()
    }
}

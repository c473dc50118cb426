//! The paginator against Prism's endless list: in static mode, `GET /acs/credentials/list`
//! always answers the spec's example, one credential with
//! `"pagination": {"has_next_page": true, "next_page_cursor": "string", ..}`, whatever the
//! cursor sent. A paginator that trusted `has_next_page` would loop forever; the SDK's must
//! stop with `Error::Pagination`, naming the endpoint (not the cursor: a server's text), after the
//! second page (the first page was requested without a cursor, the second with `"string"`,
//! which Prism then returns again). Every walk is bounded by a tokio timeout, so a looping
//! paginator fails the test instead of hanging it.
//!
//! Also here: the checks that the shared Prism of a test binary (`prism::shared_prism`, a
//! `static` that is never dropped) dies with the binary.

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use futures_util::StreamExt;
use seam_sdk::acs::credentials::{AcsCredentialsListRequest, AcsCredentialsListSelector};
use seam_sdk::{Error, HttpMethod, RetryPolicy, Seam};
use seam_sdk_tests::prism::{self, Exchange, RecordingProxy};
use seam_sdk_tests::servers::uuid;

const TOKEN: &str = "seam_test_token_prism_pagination";
/// The cursor of the spec's example pagination object.
const CURSOR: &str = "string";
/// Far more than the few requests a walk needs; only a looping paginator reaches it.
const WALK_TIMEOUT: Duration = Duration::from_secs(30);

struct Ctx {
    proxy: RecordingProxy,
    seam: Seam,
}

impl Ctx {
    fn new() -> Ctx {
        let proxy = RecordingProxy::start(prism::shared_prism(false).base_url());
        let seam = Seam::builder()
            .endpoint(proxy.base_url())
            .api_key(TOKEN)
            .retry_policy(RetryPolicy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        Ctx { proxy, seam }
    }

    /// The requests of the walk so far; each must have been accepted by Prism.
    fn requests(&self) -> Vec<Exchange> {
        let exchanges = self.proxy.take();
        for exchange in &exchanges {
            assert!(exchange.accepted(), "{}", exchange.describe());
            assert_eq!(exchange.endpoint(), "GET /acs/credentials/list");
        }
        exchanges
    }
}

fn page_cursors(exchanges: &[Exchange]) -> Vec<Option<String>> {
    exchanges
        .iter()
        .map(|e| {
            e.query_pairs()
                .into_iter()
                .find(|(k, _)| k == "page_cursor")
                .map(|(_, v)| v)
        })
        .collect()
}

/// Checks that `error` is the repeated-cursor error of `GET /acs/credentials/list`.
fn assert_repeated_cursor(error: &Error) {
    match error {
        Error::Pagination {
            endpoint, message, ..
        } => {
            assert_eq!(endpoint.method, HttpMethod::Get);
            assert_eq!(endpoint.path, "/acs/credentials/list");
            assert!(
                message.contains("already used page cursor")
                    && !message.contains(&format!("{CURSOR:?}")),
                "the message should say the cursor repeated, without quoting it: {message}"
            );
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(
        shown.contains("GET /acs/credentials/list") && shown.contains("already used page cursor"),
        "{shown}"
    );
    assert_eq!(error.status(), None);
    assert!(!error.is_retryable());
}

/// Page by page: two pages, then `Error::Pagination`, and no third request. The request's
/// other parameters are sent with every page.
#[tokio::test]
async fn next_page_stops_with_a_pagination_error_when_the_cursor_repeats() {
    let ctx = Ctx::new();
    let system = uuid(7);
    let request = AcsCredentialsListRequest::new()
        .selector(AcsCredentialsListSelector::AcsSystemId {
            acs_system_id: system.clone(),
        })
        .limit(1.0);
    let mut pages = ctx.seam.acs().credentials().list_all(request);

    let walk = async {
        let mut fetched = 0;
        let error = loop {
            match pages.next_page().await {
                Ok(Some(page)) => {
                    fetched += 1;
                    assert!(page.has_next_page, "page {fetched}");
                    assert_eq!(page.next_page_cursor.as_deref(), Some(CURSOR));
                    assert_eq!(page.items.len(), 1, "the spec's example list has one item");
                    if fetched == 1 {
                        assert_eq!(pages.next_cursor(), Some(CURSOR));
                        assert!(!pages.is_done());
                    }
                }
                Ok(None) => panic!("the walk ended without an error after {fetched} pages"),
                Err(error) => break error,
            }
            assert!(
                fetched < 10,
                "{fetched} pages and still going: the paginator loops"
            );
        };
        (fetched, error)
    };
    let (fetched, error) = tokio::time::timeout(WALK_TIMEOUT, walk)
        .await
        .expect("the paginator did not stop");
    assert_eq!(
        fetched, 2,
        "pages fetched before the repeated cursor was noticed"
    );
    assert_repeated_cursor(&error);
    assert!(pages.is_done());
    assert_eq!(pages.next_cursor(), None);

    let requests = ctx.requests();
    assert_eq!(
        requests.len(),
        2,
        "one request per page, none after the repeat"
    );
    assert_eq!(page_cursors(&requests), [None, Some(CURSOR.to_owned())]);
    for exchange in &requests {
        let pairs = exchange.parameter_pairs();
        assert!(
            pairs.contains(&("acs_system_id".into(), system.clone())),
            "{pairs:?}"
        );
        assert!(pairs.contains(&("limit".into(), "1".into())), "{pairs:?}");
    }

    // Asking again repeats the error without a request.
    let again = tokio::time::timeout(WALK_TIMEOUT, pages.next_page())
        .await
        .expect("next_page after the error");
    assert_repeated_cursor(&again.expect_err("the walk is over"));
    assert!(ctx.requests().is_empty());
    eprintln!("next_page: {fetched} pages, 2 requests, then: {error}");
}

#[tokio::test]
async fn collect_all_stops_with_a_pagination_error() {
    let ctx = Ctx::new();
    let all = ctx
        .seam
        .acs()
        .credentials()
        .list_all(AcsCredentialsListRequest::new())
        .collect_all();
    let result = tokio::time::timeout(WALK_TIMEOUT, all)
        .await
        .expect("collect_all did not stop");
    assert_repeated_cursor(&result.expect_err("an endless list cannot be collected"));
    assert_eq!(
        page_cursors(&ctx.requests()),
        [None, Some(CURSOR.to_owned())],
        "pages fetched by collect_all"
    );
}

/// The item stream yields the items of both pages, then the error, then ends.
#[tokio::test]
async fn into_stream_yields_both_pages_then_the_error_then_ends() {
    let ctx = Ctx::new();
    let stream = ctx
        .seam
        .acs()
        .credentials()
        .list_all(AcsCredentialsListRequest::new())
        .into_stream();
    let results = tokio::time::timeout(WALK_TIMEOUT, stream.take(100).collect::<Vec<_>>())
        .await
        .expect("the stream did not end");
    assert_eq!(results.len(), 3, "two items, one error: {results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_repeated_cursor(results[2].as_ref().expect_err("the third is the error"));
    assert_eq!(ctx.requests().len(), 2);
}

/// A walk resumed from a saved cursor starts at it, so the first answer already repeats it:
/// one page, then the error.
#[tokio::test]
async fn a_walk_resumed_at_the_cursor_stops_after_one_page() {
    let ctx = Ctx::new();
    let mut pages = ctx
        .seam
        .acs()
        .credentials()
        .list_all(AcsCredentialsListRequest::new().page_cursor(CURSOR));
    let walk = async {
        let first = pages.next_page().await.expect("page 1").expect("a page");
        assert_eq!(first.items.len(), 1);
        assert!(
            pages.is_done(),
            "the answer repeats the cursor this walk started at"
        );
        pages.next_page().await.expect_err("the cursor repeated")
    };
    let error = tokio::time::timeout(WALK_TIMEOUT, walk)
        .await
        .expect("the paginator did not stop");
    assert_repeated_cursor(&error);
    assert_eq!(page_cursors(&ctx.requests()), [Some(CURSOR.to_owned())]);
}

// ---------------------------------------------------------------------------------------
// The shared Prism dies with its test binary
// ---------------------------------------------------------------------------------------

const PROBE_ENV: &str = "SEAM_PRISM_EXIT_PROBE";

/// The child-process half of [`shared_prism_stops_when_its_test_binary_exits`]: with
/// `SEAM_PRISM_EXIT_PROBE` set, it starts this binary's shared static Prism, prints its pid
/// and spec copy, and then returns (`exit`) or sleeps until killed (`hang`). Without the
/// variable it does nothing.
#[test]
fn shared_prism_exit_probe() {
    let Ok(mode) = std::env::var(PROBE_ENV) else {
        return;
    };
    let prism = prism::shared_prism(false);
    println!(
        "PROBE_PRISM {} {}",
        prism.pid(),
        prism.spec_path().display()
    );
    std::io::stdout().flush().expect("flush");
    if mode == "hang" {
        std::thread::sleep(Duration::from_secs(120));
    }
}

/// This test binary's [`shared_prism_exit_probe`], running in a child process (killed on
/// drop, should the test fail while it hangs).
#[cfg(target_os = "linux")]
struct Probe {
    child: std::process::Child,
    mode: &'static str,
}

#[cfg(target_os = "linux")]
impl Probe {
    fn start(mode: &'static str) -> Probe {
        use std::process::{Command, Stdio};
        let child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                // The probe's name as libtest knows it: its path in the suite binary.
                probe_test_name().as_str(),
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(PROBE_ENV, mode)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the probe");
        Probe { child, mode }
    }

    /// Waits for the probe's Prism; returns its pid and spec copy.
    fn prism(&mut self) -> (u32, std::path::PathBuf) {
        let stdout = self.child.stdout.take().expect("probe stdout");
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let line = lines
            .by_ref()
            // libtest prints `test shared_prism_exit_probe ... ` on the same line first.
            .find_map(|line| {
                line.find("PROBE_PRISM ")
                    .map(|start| line[start..].to_owned())
            })
            .unwrap_or_else(|| panic!("the probe ({}) printed no PROBE_PRISM line", self.mode));
        // Keep reading, or the probe's next write to stdout fails (EPIPE) and it exits with
        // status 101.
        std::thread::spawn(move || lines.for_each(drop));
        let mut parts = line.split(' ').skip(1);
        let pid = parts.next().and_then(|p| p.parse().ok()).expect("pid");
        let spec = parts.next().expect("spec path").into();
        (pid, spec)
    }
}

#[cfg(target_os = "linux")]
impl Drop for Probe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `e2e_prism_pagination::shared_prism_exit_probe`: the probe's path below the suite's root.
#[cfg(target_os = "linux")]
fn probe_test_name() -> String {
    let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
    format!("{module}::shared_prism_exit_probe")
}

/// Whether process `pid` is still running (a zombie, awaiting its reaper, is not).
#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

#[cfg(target_os = "linux")]
fn gone_within(pid: u32, limit: Duration) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if !running(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    !running(pid)
}

/// A shared Prism lives in a `static`, which is never dropped. When its test binary exits
/// normally, the `atexit` hook stops it and removes its spec copy; when the binary is
/// killed (SIGKILL: no `atexit`), Prism sees its stdin close and exits by itself.
#[cfg(target_os = "linux")]
#[test]
fn shared_prism_stops_when_its_test_binary_exits() {
    // Both probes start their Prism at the same time.
    let mut exiting = Probe::start("exit");
    let mut killed = Probe::start("hang");

    let (pid, spec) = exiting.prism();
    let status = exiting.child.wait().expect("wait for the probe");
    assert!(status.success(), "the probe failed: {status}");
    assert!(
        gone_within(pid, Duration::from_secs(10)),
        "Prism (pid {pid}) outlived its test binary's normal exit"
    );
    assert!(!spec.exists(), "{} was not removed", spec.display());

    let (pid, spec) = killed.prism();
    assert!(running(pid));
    let probe_pid = killed.child.id();
    killed.child.kill().expect("SIGKILL the probe");
    killed.child.wait().expect("reap the probe");
    assert!(
        gone_within(pid, Duration::from_secs(10)),
        "Prism (pid {pid}) outlived its SIGKILLed test binary"
    );
    // No atexit ran, so the spec copy and Prism's log are left behind (`servers` sweeps
    // orphaned spec copies on its next start, not logs): remove them now.
    let _ = std::fs::remove_file(spec);
    let prefix = format!("seam-sdk-tests-{probe_pid}-");
    for entry in std::fs::read_dir(std::env::temp_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) && name.ends_with("-prism.log") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

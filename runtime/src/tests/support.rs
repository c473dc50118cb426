//! What the hardening tests share: a raw loopback HTTP server for answers wiremock cannot
//! give (a body that never ends, a head too large), a per-thread allocation counter for
//! peak memory, and a `tracing` subscriber that keeps every field it is shown.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Counts the bytes live on each thread, so that a test running a current-thread tokio
/// runtime measures its own call's peak whatever other tests do at the same time.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

// SAFETY: every call is forwarded to `System` unchanged; the counting touches only
// const-initialized thread-locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc(layout);
        if !pointer.is_null() {
            track(layout.size() as isize);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout);
        track(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(pointer, layout, new_size);
        if !new.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `future` on a current-thread runtime on this thread and returns its output and
/// the peak of bytes allocated on this thread meanwhile (above what was live before).
pub(super) fn peak_memory<F: std::future::Future>(future: F) -> (F::Output, usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    LIVE.with(|live| live.set(0));
    PEAK.with(|peak| peak.set(0));
    let output = runtime.block_on(future);
    let peak = PEAK.with(Cell::get);
    (output, usize::try_from(peak).unwrap_or(0))
}

/// A loopback server answering every connection with `head` (the status line and
/// headers, without the blank line) and then `body_bytes` bytes of `x` (sent in 64 KiB
/// pieces, as a chunked body when `chunked`), or until the client hangs up.
pub(super) struct RawServer {
    pub(super) url: String,
    requests: Arc<AtomicUsize>,
    sent: Arc<AtomicU64>,
}

impl RawServer {
    pub(super) fn start(head: String, body_bytes: u64, chunked: bool) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let requests = Arc::new(AtomicUsize::new(0));
        let sent = Arc::new(AtomicU64::new(0));
        let (count, total) = (Arc::clone(&requests), Arc::clone(&sent));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let (head, count, total) = (head.clone(), Arc::clone(&count), Arc::clone(&total));
                std::thread::spawn(move || {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    count.fetch_add(1, Ordering::SeqCst);
                    if stream
                        .write_all(format!("{head}\r\n\r\n").as_bytes())
                        .is_err()
                    {
                        return;
                    }
                    let piece = vec![b'x'; 64 * 1024];
                    let mut left = body_bytes;
                    while left > 0 {
                        let n = left.min(piece.len() as u64) as usize;
                        let written = if chunked {
                            stream
                                .write_all(format!("{n:x}\r\n").as_bytes())
                                .and_then(|()| stream.write_all(&piece[..n]))
                                .and_then(|()| stream.write_all(b"\r\n"))
                        } else {
                            stream.write_all(&piece[..n])
                        };
                        if written.is_err() {
                            return;
                        }
                        total.fetch_add(n as u64, Ordering::SeqCst);
                        left -= n as u64;
                    }
                    if chunked {
                        let _ = stream.write_all(b"0\r\n\r\n");
                    }
                });
            }
        });
        RawServer {
            url,
            requests,
            sent,
        }
    }

    /// How many requests arrived.
    pub(super) fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// How many body bytes the server managed to write (the client's socket buffers
    /// take some it never read).
    pub(super) fn body_bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

/// A dispatch to a new [`Capture`], to set as the default around the code under test.
///
/// `tracing` decides whether a callsite is interesting when it is first hit; while only
/// one dispatcher exists it asks the hitting thread's default, so a callsite first hit by
/// another test, on another thread, would stay off for this one. A second dispatcher,
/// kept alive for the whole run, makes it ask every registered dispatcher instead.
pub(super) fn capturing() -> (tracing::Dispatch, Capture) {
    static SECOND: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    SECOND.get_or_init(|| tracing::Dispatch::new(Capture::default()));
    let capture = Capture::default();
    (tracing::Dispatch::new(capture.clone()), capture)
}

/// A `tracing` subscriber that writes the name and every field of every span and event
/// into one text.
#[derive(Clone, Default)]
pub(super) struct Capture(Arc<Mutex<String>>);

impl Capture {
    pub(super) fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

static NEXT_SPAN: AtomicU64 = AtomicU64::new(1);

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = self.0.lock().unwrap();
        let _ = write!(text, "\nspan {}:", span.metadata().name());
        span.record(&mut Fields(&mut text));
        tracing::span::Id::from_u64(NEXT_SPAN.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str("\nrecord:");
        values.record(&mut Fields(&mut text));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str("\nevent:");
        event.record(&mut Fields(&mut text));
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

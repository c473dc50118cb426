//! Pages of list endpoints, and following them from cursor to cursor.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::future::Future;
use std::hash::BuildHasher;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};

use futures_util::stream::{self, Stream};
use tracing::Instrument;

use crate::runtime::endpoint::Endpoint;
use crate::runtime::error::Error;

/// One page of a list endpoint's results.
///
/// It dereferences to a slice of the items and iterates over them, so
/// `for item in &page` and `page.len()` work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The cursor of the next page, to pass as the request's `page_cursor`; `None` on
    /// the last page.
    pub next_page_cursor: Option<String>,
    /// Whether the server says there are more pages.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// The items, without the cursor.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            items: Vec::new(),
            next_page_cursor: None,
            has_next_page: false,
        }
    }
}

impl<T> Deref for Page<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> DerefMut for Page<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Page<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

/// The most pages a [`Paginator`] fetches unless [`Paginator::max_pages`] says otherwise:
/// 100,000 (at Seam's page sizes, millions of items).
pub const DEFAULT_MAX_PAGES: u64 = 100_000;

type FetchFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Option<String>) -> FetchFuture<T> + Send>;

/// Follows the pages of a list endpoint, one request per page, as the `list_all`
/// methods return it.
///
/// Read it page by page ([`next_page`](Self::next_page)), item by item
/// ([`next_item`](Self::next_item)), as a [`Stream`] ([`into_stream`](Self::into_stream),
/// [`into_pages`](Self::into_pages)), or all at once ([`collect_all`](Self::collect_all)).
/// It stops after the page whose `has_next_page` is false (or absent, with no cursor).
/// It fails with [`Error::Pagination`], instead of looping forever, when the server
/// returns a cursor that this walk already used (detected in constant memory, within a
/// few pages of the cycle's length), says there is a next page but sends no cursor, or
/// the walk reaches [`max_pages`](Self::max_pages) pages ([`DEFAULT_MAX_PAGES`] unless set).
///
/// A failed request leaves the paginator where it was: calling [`next_page`](Self::next_page)
/// again retries the same page, and [`collect_into`](Self::collect_into) keeps the items
/// read before the failure. The streams end after their first error.
///
/// To resume later, save [`next_cursor`](Self::next_cursor) after a page and pass it as the
/// `page_cursor` of a new request. The [crate] documentation shows a walk.
pub struct Paginator<T> {
    endpoint: &'static Endpoint,
    // Only ever reached through `&mut self` (`get_mut`, no locking); the mutex makes the
    // paginator `Sync` although the boxed closure is only `Send`.
    fetch: Mutex<Fetch<T>>,
    /// The cursor of the next request (`None` for the first page of a fresh walk).
    cursor: Option<String>,
    state: State,
    /// Repeated cursors, found in constant memory.
    cycle: CycleDetector,
    /// Pages fetched so far, and the most allowed.
    pages: u64,
    max_pages: u64,
    /// Items of the current page not yet returned by `next_item`.
    buffered: std::vec::IntoIter<T>,
}

enum State {
    /// Another page can be fetched with `cursor`.
    More,
    /// The last page was returned.
    Done,
    /// The walk cannot go on; the message says why.
    Broken(String),
}

/// Brent's cycle detection over the sequence of cursors, by 64-bit keyed hash: one saved
/// hash and two counters, whatever the number or size of the cursors. A cycle of length
/// `λ` entered after `μ` pages is reported within about `μ + 2λ` pages.
struct CycleDetector {
    hasher: RandomState,
    /// The hash of the cursor saved at the last power of two.
    saved: Option<u64>,
    /// Steps since `saved` was taken, and the current power of two.
    steps: u64,
    power: u64,
}

impl CycleDetector {
    fn new() -> Self {
        CycleDetector {
            hasher: RandomState::new(),
            saved: None,
            steps: 0,
            power: 1,
        }
    }

    /// Records the next cursor; `true` when it closes a cycle.
    fn repeats(&mut self, cursor: &str) -> bool {
        let hash = self.hasher.hash_one(cursor);
        if self.saved == Some(hash) {
            return true;
        }
        self.steps += 1;
        if self.saved.is_none() || self.steps == self.power {
            self.saved = Some(hash);
            self.steps = 0;
            self.power = self.power.saturating_mul(2);
        }
        false
    }
}

impl<T: Send + 'static> Paginator<T> {
    /// A paginator whose first request uses `start_cursor` and whose `fetch` loads the
    /// page at a cursor (`None`: the first page). `endpoint` is named in its errors.
    ///
    /// The generated `list_all` methods are built on it; so can a walk over a list
    /// endpoint this crate does not include, with a `fetch` that sets the request's
    /// cursor, calls [`Seam::call`](crate::runtime::Seam::call) and decodes the answer
    /// with [`Response::page`](crate::runtime::Response::page).
    pub fn new<F, Fut>(
        endpoint: &'static Endpoint,
        start_cursor: Option<String>,
        mut fetch: F,
    ) -> Self
    where
        F: FnMut(Option<String>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
    {
        Paginator {
            endpoint,
            fetch: Mutex::new(Box::new(move |cursor| {
                Box::pin(fetch(cursor)) as FetchFuture<T>
            })),
            cycle: {
                let mut cycle = CycleDetector::new();
                if let Some(start) = &start_cursor {
                    cycle.repeats(start);
                }
                cycle
            },
            cursor: start_cursor,
            state: State::More,
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            buffered: Vec::new().into_iter(),
        }
    }

    /// The most pages this walk fetches ([`DEFAULT_MAX_PAGES`] unless set); the request
    /// for one more fails with [`Error::Pagination`].
    #[must_use]
    pub fn max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The next page, or `None` once the last page was returned. Items already handed
    /// out by [`next_item`](Self::next_item) from the current page are not repeated.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        match &self.state {
            State::More => {}
            State::Done => return Ok(None),
            State::Broken(message) => return Err(self.broken(message.clone())),
        }
        if self.pages >= self.max_pages {
            let message = format!(
                "stopped after {} pages, the limit (Paginator::max_pages)",
                self.pages
            );
            self.state = State::Broken(message.clone());
            return Err(self.broken(message));
        }
        let span = tracing::debug_span!(
            "seam.page",
            endpoint = %self.endpoint,
            page = self.pages + 1,
            items = tracing::field::Empty,
        );
        let request = {
            let fetch = self.fetch.get_mut().unwrap_or_else(PoisonError::into_inner);
            fetch(self.cursor.clone())
        };
        let page = request.instrument(span.clone()).await?;
        span.record("items", page.items.len());
        self.pages += 1;

        self.buffered = Vec::new().into_iter();
        self.cursor = None;
        match (page.next_page_cursor.as_deref(), page.has_next_page) {
            (Some(next), true) => {
                if self.cycle.repeats(next) {
                    self.state = State::Broken(format!(
                        "the server returned an already used page cursor after page {}; \
                         stopping instead of looping",
                        self.pages
                    ));
                } else {
                    self.cursor = page.next_page_cursor.clone();
                }
            }
            (None, true) => {
                self.state = State::Broken(format!(
                    "page {} says there is a next page but has no cursor to it",
                    self.pages
                ));
            }
            (_, false) => self.state = State::Done,
        }
        Ok(Some(page))
    }

    /// The next item, fetching the next page when the current one is used up; `None`
    /// once every page was read.
    pub async fn next_item(&mut self) -> Result<Option<T>, Error> {
        loop {
            if let Some(item) = self.buffered.next() {
                return Ok(Some(item));
            }
            match self.next_page().await? {
                Some(page) => self.buffered = page.items.into_iter(),
                None => return Ok(None),
            }
        }
    }

    /// Every remaining item, fetching every remaining page. On failure the items read
    /// so far are dropped; [`collect_into`](Self::collect_into) keeps them.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        self.collect_into(&mut items).await?;
        Ok(items)
    }

    /// Appends every remaining item to `items`, fetching every remaining page. When a
    /// page fails, `items` keeps what was read before it, and the paginator stays at the
    /// failed page (calling this again resumes there).
    pub async fn collect_into(&mut self, items: &mut Vec<T>) -> Result<(), Error> {
        items.extend(std::mem::replace(
            &mut self.buffered,
            Vec::new().into_iter(),
        ));
        while let Some(page) = self.next_page().await? {
            items.extend(page.items);
        }
        Ok(())
    }

    /// The remaining items as a stream, which ends after the last item or the first
    /// error.
    pub fn into_stream(self) -> impl Stream<Item = Result<T, Error>> + Send {
        stream::try_unfold(self, |mut paginator| async move {
            Ok(paginator.next_item().await?.map(|item| (item, paginator)))
        })
    }

    /// The remaining pages as a stream, which ends after the last page or the first
    /// error.
    pub fn into_pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send {
        stream::try_unfold(self, |mut paginator| async move {
            Ok(paginator.next_page().await?.map(|page| (page, paginator)))
        })
    }

    /// The cursor the next request will be sent with: save it after a page to resume the
    /// walk later (as the `page_cursor` of a new request). `None` before the first page
    /// of a walk that did not start at a cursor, and after the last page.
    pub fn next_cursor(&self) -> Option<&str> {
        match self.state {
            State::More => self.cursor.as_deref(),
            State::Done | State::Broken(_) => None,
        }
    }

    /// Whether the walk is over: the last page was returned, or it cannot go on (a
    /// repeated cursor, a missing one, the page limit).
    pub fn is_done(&self) -> bool {
        !matches!(self.state, State::More)
    }

    /// How many pages were fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }

    fn broken(&self, message: String) -> Error {
        Error::Pagination {
            endpoint: *self.endpoint,
            message,
        }
    }
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::More => "more",
            State::Done => "done",
            State::Broken(_) => "broken",
        };
        // The cursor is the server's text and may be long: its length only.
        f.debug_struct("Paginator")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("next_cursor_len", &self.cursor.as_ref().map(String::len))
            .field("state", &state)
            .field("pages", &self.pages)
            .field("max_pages", &self.max_pages)
            .field("buffered_items", &self.buffered.len())
            .finish_non_exhaustive()
    }
}

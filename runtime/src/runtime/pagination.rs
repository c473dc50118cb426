//! Pages of list endpoints, and following them from cursor to cursor.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};

use futures_util::stream::{self, Stream};

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

type FetchFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Option<String>) -> FetchFuture<T> + Send>;

/// Follows the pages of a list endpoint, one request per page, as the `list_all`
/// methods return it.
///
/// Read it page by page ([`next_page`](Self::next_page)), item by item
/// ([`next_item`](Self::next_item)), as a [`Stream`] ([`into_stream`](Self::into_stream),
/// [`into_pages`](Self::into_pages)), or all at once ([`collect_all`](Self::collect_all)).
/// It stops after the page whose `has_next_page` is false or that has no cursor. When
/// the server returns a cursor that this walk already used, it stops with
/// [`Error::Pagination`] instead of looping forever.
///
/// A failed request leaves the paginator where it was: calling [`next_page`](Self::next_page)
/// again retries the same page. The streams end after their first error.
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
    /// Every cursor a request of this walk was sent with.
    used: HashSet<String>,
    /// Items of the current page not yet returned by `next_item`.
    buffered: std::vec::IntoIter<T>,
}

enum State {
    /// Another page can be fetched with `cursor`.
    More,
    /// The last page was returned.
    Done,
    /// The server returned this cursor, which was already used.
    Repeated(String),
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
            cursor: start_cursor,
            state: State::More,
            used: HashSet::new(),
            buffered: Vec::new().into_iter(),
        }
    }

    /// The next page, or `None` once the last page was returned. Items already handed
    /// out by [`next_item`](Self::next_item) from the current page are not repeated.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>, Error> {
        match &self.state {
            State::More => {}
            State::Done => return Ok(None),
            State::Repeated(cursor) => return Err(self.repeated(cursor)),
        }
        let cursor = self.cursor.clone();
        let request = {
            let fetch = self.fetch.get_mut().unwrap_or_else(PoisonError::into_inner);
            fetch(cursor.clone())
        };
        let page = request.await?;

        if let Some(cursor) = cursor {
            self.used.insert(cursor);
        }
        self.buffered = Vec::new().into_iter();
        match &page.next_page_cursor {
            Some(next) if page.has_next_page => {
                if self.used.contains(next) {
                    self.state = State::Repeated(next.clone());
                    self.cursor = None;
                } else {
                    self.cursor = Some(next.clone());
                }
            }
            _ => {
                self.state = State::Done;
                self.cursor = None;
            }
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

    /// Every remaining item, fetching every remaining page.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items: Vec<T> =
            std::mem::replace(&mut self.buffered, Vec::new().into_iter()).collect();
        while let Some(page) = self.next_page().await? {
            items.extend(page.items);
        }
        Ok(items)
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
            State::Done | State::Repeated(_) => None,
        }
    }

    /// Whether the walk is over: the last page was returned, or the server repeated a
    /// cursor.
    pub fn is_done(&self) -> bool {
        !matches!(self.state, State::More)
    }

    fn repeated(&self, cursor: &str) -> Error {
        Error::Pagination {
            endpoint: *self.endpoint,
            message: format!(
                "the server returned the page cursor {cursor:?} again; stopping instead of looping"
            ),
        }
    }
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::More => "more",
            State::Done => "done",
            State::Repeated(_) => "repeated cursor",
        };
        f.debug_struct("Paginator")
            .field("endpoint", &format_args!("{}", self.endpoint))
            .field("next_cursor", &self.cursor)
            .field("state", &state)
            .field("buffered_items", &self.buffered.len())
            .finish_non_exhaustive()
    }
}

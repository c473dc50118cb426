//! When a walk over pages stops: the last page, a page without a cursor, a cursor the
//! walk already used (which would loop forever), and errors, which leave the walk where
//! it was. The pages come from a script, not a server.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;

use super::LIST;
use crate::runtime::{Error, Page, Paginator};

/// One scripted answer: the page's items and cursor, with `has_next_page` set to whether
/// there is a cursor; or a failure.
enum Answer {
    Page(Vec<u32>, Option<&'static str>),
    PageSaying(Vec<u32>, Option<&'static str>, bool),
    Fail,
}

/// The cursors a paginator requested pages with, in order.
type Requested = Arc<Mutex<Vec<Option<String>>>>;

/// A paginator over `answers`, given in order, and the cursors it requested.
fn scripted(start: Option<&str>, answers: Vec<Answer>) -> (Paginator<u32>, Requested) {
    let requested = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&requested);
    let mut answers: VecDeque<Answer> = answers.into();
    let paginator = Paginator::new(&LIST, start.map(str::to_owned), move |cursor| {
        log.lock().unwrap().push(cursor);
        let answer = answers.pop_front().expect("no more requests than answers");
        async move {
            let page = |items, cursor: Option<&str>, has_next_page| Page {
                items,
                next_page_cursor: cursor.map(str::to_owned),
                has_next_page,
            };
            match answer {
                Answer::Page(items, cursor) => Ok(page(items, cursor, cursor.is_some())),
                Answer::PageSaying(items, cursor, more) => Ok(page(items, cursor, more)),
                Answer::Fail => Err(Error::Pagination {
                    endpoint: LIST,
                    message: "scripted failure".into(),
                }),
            }
        }
    });
    (paginator, requested)
}

fn cursors(requested: &Mutex<Vec<Option<String>>>) -> Vec<Option<String>> {
    requested.lock().unwrap().clone()
}

fn some(cursor: &str) -> Option<String> {
    Some(cursor.to_owned())
}

#[tokio::test]
async fn a_walk_follows_the_cursors_to_the_last_page() {
    let (mut pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1, 2], Some("c1")),
            Answer::Page(vec![3], Some("c2")),
            Answer::Page(vec![4], None),
        ],
    );
    assert_eq!(pages.next_cursor(), None);
    assert!(!pages.is_done());
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [1, 2]);
    assert_eq!(pages.next_cursor(), Some("c1"));
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [3]);
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [4]);
    assert!(pages.is_done());
    assert_eq!(pages.next_cursor(), None);
    assert!(pages.next_page().await.unwrap().is_none());
    assert!(pages.next_page().await.unwrap().is_none());
    assert_eq!(cursors(&requested), [None, some("c1"), some("c2")]);
}

#[tokio::test]
async fn a_page_that_says_there_is_no_next_page_is_the_last_whatever_its_cursor() {
    let (pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1], Some("c1")),
            Answer::PageSaying(vec![2], Some("c2"), false),
        ],
    );
    assert_eq!(pages.collect_all().await.unwrap(), [1, 2]);
    assert_eq!(cursors(&requested), [None, some("c1")]);
}

#[tokio::test]
async fn a_next_page_without_a_cursor_is_an_error_after_the_items_read() {
    let (mut pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1], Some("c1")),
            Answer::PageSaying(vec![2], None, true),
        ],
    );
    let mut items = Vec::new();
    let error = pages.collect_into(&mut items).await.unwrap_err();
    assert_eq!(items, [1, 2]);
    assert_eq!(
        error.to_string(),
        "GET /things/list pagination failed: page 2 says there is a next page but has no cursor to it"
    );
    assert!(pages.is_done());
    assert_eq!(cursors(&requested), [None, some("c1")]);
}

#[tokio::test]
async fn a_repeated_cursor_stops_the_walk_with_an_error() {
    let (mut pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1], Some("c1")),
            Answer::Page(vec![2], Some("c2")),
            Answer::Page(vec![3], Some("c1")),
        ],
    );
    for expected in [[1], [2], [3]] {
        assert_eq!(pages.next_page().await.unwrap().unwrap().items, expected);
    }
    assert!(pages.is_done());
    assert_eq!(pages.next_cursor(), None);
    for _ in 0..2 {
        let error = pages.next_page().await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "GET /things/list pagination failed: the server returned an already used page \
             cursor after page 3; stopping instead of looping"
        );
    }
    // Nothing more was requested.
    assert_eq!(cursors(&requested), [None, some("c1"), some("c2")]);
}

#[tokio::test]
async fn a_walk_resumes_at_its_start_cursor_which_counts_as_used() {
    let (mut pages, requested) = scripted(
        Some("saved"),
        vec![
            Answer::Page(vec![5], Some("c6")),
            Answer::Page(vec![6], Some("saved")),
        ],
    );
    assert_eq!(pages.next_cursor(), Some("saved"));
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [5]);
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [6]);
    assert!(matches!(
        pages.next_page().await,
        Err(Error::Pagination { .. })
    ));
    assert_eq!(cursors(&requested), [some("saved"), some("c6")]);
}

#[tokio::test]
async fn a_failed_page_leaves_the_walk_where_it_was() {
    let (mut pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1], Some("c1")),
            Answer::Fail,
            Answer::Page(vec![2], None),
        ],
    );
    pages.next_page().await.unwrap();
    assert!(pages.next_page().await.is_err());
    assert!(!pages.is_done());
    assert_eq!(pages.next_cursor(), Some("c1"));
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [2]);
    assert_eq!(cursors(&requested), [None, some("c1"), some("c1")]);
}

#[tokio::test]
async fn items_come_one_by_one_across_pages_and_empty_pages() {
    let (mut pages, _) = scripted(
        None,
        vec![
            Answer::Page(vec![1, 2], Some("c1")),
            Answer::Page(vec![], Some("c2")),
            Answer::Page(vec![3], None),
        ],
    );
    let mut items = Vec::new();
    while let Some(item) = pages.next_item().await.unwrap() {
        items.push(item);
    }
    assert_eq!(items, [1, 2, 3]);
}

#[tokio::test]
async fn collect_all_keeps_what_next_item_left_on_the_page() {
    let (mut pages, _) = scripted(
        None,
        vec![
            Answer::Page(vec![1, 2, 3], Some("c1")),
            Answer::Page(vec![4], None),
        ],
    );
    assert_eq!(pages.next_item().await.unwrap(), Some(1));
    assert_eq!(pages.collect_all().await.unwrap(), [2, 3, 4]);
}

#[tokio::test]
async fn next_page_drops_what_next_item_left() {
    let (mut pages, _) = scripted(
        None,
        vec![
            Answer::Page(vec![1, 2], Some("c1")),
            Answer::Page(vec![3], None),
        ],
    );
    assert_eq!(pages.next_item().await.unwrap(), Some(1));
    assert_eq!(pages.next_page().await.unwrap().unwrap().items, [3]);
    assert_eq!(pages.next_item().await.unwrap(), None);
}

#[tokio::test]
async fn the_streams_end_after_the_first_error() {
    let (pages, _) = scripted(
        None,
        vec![Answer::Page(vec![1, 2], Some("c1")), Answer::Fail],
    );
    let mut items = Box::pin(pages.into_stream());
    assert_eq!(items.try_next().await.unwrap(), Some(1));
    assert_eq!(items.try_next().await.unwrap(), Some(2));
    assert!(items.try_next().await.is_err());
    assert_eq!(items.try_next().await.unwrap(), None);

    let (pages, _) = scripted(
        None,
        vec![
            Answer::Page(vec![1], Some("c1")),
            Answer::Page(vec![2], None),
        ],
    );
    let pages: Vec<Page<u32>> = pages.into_pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].items, [2]);
}

#[test]
fn a_paginator_can_move_between_and_be_shared_across_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Paginator<u32>>();
}

#[test]
fn a_paginator_debugs_its_position() {
    let (pages, _) = scripted(Some("c9"), Vec::new());
    assert_eq!(
        format!("{pages:?}"),
        r#"Paginator { endpoint: GET /things/list, next_cursor_len: Some(2), state: "more", pages: 0, max_pages: 100000, buffered_items: 0, .. }"#
    );
}

#[test]
fn a_page_reads_like_its_items() {
    let mut page = Page {
        items: vec![1, 2],
        next_page_cursor: Some("c".to_owned()),
        has_next_page: true,
    };
    assert_eq!(page.len(), 2);
    page[0] = 7;
    assert_eq!((&page).into_iter().copied().collect::<Vec<_>>(), [7, 2]);
    for item in &mut page {
        *item += 1;
    }
    assert_eq!(page.clone().into_iter().collect::<Vec<_>>(), [8, 3]);
    assert_eq!(page.into_items(), [8, 3]);
    let empty: Page<u32> = Page::default();
    assert!(empty.is_empty() && empty.next_page_cursor.is_none() && !empty.has_next_page);
}

/// A paginator whose server answers every page with a new cursor of `cursor_len` bytes,
/// forever, or (with `cycle`) with cursors that come back every `cycle` pages.
fn endless(cursor_len: usize, cycle: Option<u64>) -> (Paginator<u32>, Arc<Mutex<u64>>) {
    let count = Arc::new(Mutex::new(0u64));
    let seen = Arc::clone(&count);
    let paginator = Paginator::new(&LIST, None, move |_| {
        let n = {
            let mut count = seen.lock().unwrap();
            *count += 1;
            *count
        };
        async move {
            let id = cycle.map_or(n, |length| n % length);
            let mut cursor = format!("{id:020}");
            cursor.extend(std::iter::repeat_n('c', cursor_len.saturating_sub(20)));
            Ok(Page {
                items: vec![1],
                next_page_cursor: Some(cursor),
                has_next_page: true,
            })
        }
    });
    (paginator, count)
}

#[tokio::test]
async fn a_server_that_never_stops_is_followed_up_to_max_pages() {
    let (pages, requests) = endless(32, None);
    let mut pages = pages.max_pages(1_000);
    let mut items = Vec::new();
    let error = pages.collect_into(&mut items).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "GET /things/list pagination failed: stopped after 1000 pages, the limit (Paginator::max_pages)"
    );
    assert_eq!(items.len(), 1_000, "the items read are kept");
    assert_eq!(*requests.lock().unwrap(), 1_000);
    assert_eq!(pages.pages_fetched(), 1_000);
    // It stays stopped.
    pages.next_page().await.unwrap_err();
    assert_eq!(*requests.lock().unwrap(), 1_000);
}

#[tokio::test]
async fn a_long_cycle_of_cursors_is_found_within_a_few_times_its_length() {
    for length in [1, 2, 3, 100, 1_000, 4_097] {
        let (mut pages, requests) = endless(32, Some(length));
        let mut items = Vec::new();
        let error = pages.collect_into(&mut items).await.unwrap_err();
        assert!(
            error.to_string().contains("already used page cursor"),
            "{error}"
        );
        let made = *requests.lock().unwrap();
        assert!(made <= 3 * length + 2, "cycle of {length}: {made} requests");
    }
}

#[test]
fn following_large_cursors_takes_constant_memory() {
    // 16 KiB cursors, 5,000 pages: the cursors seen are not kept.
    let (pages, _) = endless(16 * 1024, None);
    let mut pages = pages.max_pages(5_000);
    let (result, peak) = super::support::peak_memory(async move {
        while let Some(page) = pages.next_page().await? {
            drop(page);
        }
        Ok::<_, Error>(())
    });
    result.unwrap_err();
    assert!(peak < 256 * 1024, "peak {peak} bytes");
    eprintln!("5,000 pages with 16 KiB cursors: peak {peak} bytes");
}

#[tokio::test]
async fn collect_into_keeps_the_items_read_before_a_failed_page_and_resumes_there() {
    let (mut pages, requested) = scripted(
        None,
        vec![
            Answer::Page(vec![1, 2], Some("c1")),
            Answer::Fail,
            Answer::Page(vec![3], None),
        ],
    );
    let mut items = Vec::new();
    pages.collect_into(&mut items).await.unwrap_err();
    assert_eq!(items, [1, 2]);
    pages.collect_into(&mut items).await.unwrap();
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(cursors(&requested), [None, some("c1"), some("c1")]);
}

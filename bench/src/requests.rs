//! Item 4: round trips to a loopback server, the generated client against raw `reqwest`;
//! and a `create` call answered by the mock client (`seam_sdk::testing`), against the same
//! call through `reqwest` to the loopback server.
//!
//! The server is hyper (HTTP/1.1, keep-alive) on `127.0.0.1:0`, on its own thread with
//! its own single-threaded tokio runtime; it returns canned bodies, so what differs
//! between the two clients is only client-side work. The clients run on another
//! single-threaded runtime and make sequential calls over one kept-alive connection.
//!
//! Both sides send the same request (method, URL, query, the SDK's headers, a 30 s
//! per-request timeout) with `reqwest` 0.12 clients configured alike (no redirects, the
//! SDK's user agent), read the whole body, check the status and decode the payload into
//! the same generated model. What the generated client does on top is its own: it
//! serializes the request struct straight to Seam's query string (`query_string`), clones the
//! request so that it could retry, reads `seam-request-id` and `Retry-After`, and decodes
//! the envelope with its one-pass visitor; raw `reqwest` uses `.query(&[..])` and a
//! `#[derive(Deserialize)]` envelope struct.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION};
use seam_sdk::acs::credentials::{
    AcsCredentialsCreateRequest, AcsCredentialsGetRequest, AcsCredentialsListRequest,
};
use seam_sdk::models::{AcsCredential, AcsCredentialAccessMethod};
use seam_sdk::testing::MockSeam;
use serde::Deserialize;

use crate::decode::ListBody;

const API_KEY: &str = "seam_bench_0123456789abcdef";
const USER_AGENT: &str = concat!("seamapi-rust/", "0.1.0");

/// Starts the server on its own thread (left running until the process exits) and
/// returns its address.
pub fn start_server(get_body: Vec<u8>, list_body: Vec<u8>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.set_nonblocking(true).expect("non-blocking socket");
    let addr = listener.local_addr().expect("local address");
    let get_body = Bytes::from(get_body);
    let list_body = Bytes::from(list_body);
    std::thread::Builder::new()
        .name("loopback-server".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let get_body = get_body.clone();
                    let list_body = list_body.clone();
                    let service = hyper::service::service_fn(move |request: Request<_>| {
                        let body = match request.uri().path() {
                            "/acs/credentials/get" | "/acs/credentials/create" => {
                                Some(get_body.clone())
                            }
                            "/acs/credentials/list" => Some(list_body.clone()),
                            _ => None,
                        };
                        async move {
                            let response = match body {
                                Some(body) => Response::builder()
                                    .status(200)
                                    .header("content-type", "application/json")
                                    .header("seam-request-id", "req_bench")
                                    .body(Full::new(body)),
                                None => Response::builder()
                                    .status(404)
                                    .body(Full::new(Bytes::from_static(b"{}"))),
                            };
                            Ok::<_, Infallible>(response.expect("a valid response"))
                        }
                    });
                    tokio::spawn(async move {
                        let io = hyper_util::rt::TokioIo::new(stream);
                        let _ = hyper::server::conn::http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(io, service)
                            .await;
                    });
                }
            });
        })
        .expect("spawn the server thread");
    addr
}

/// The generated client, pointed at the server.
pub fn generated_client(addr: SocketAddr) -> seam_sdk::Seam {
    seam_sdk::Seam::builder()
        .endpoint(format!("http://{addr}"))
        .api_key(API_KEY)
        .build()
        .expect("a valid configuration")
}

/// Raw `reqwest`, sending what the generated client sends.
pub struct Raw {
    client: reqwest::Client,
    base: String,
    headers: HeaderMap,
}

#[derive(Deserialize)]
struct GetBody {
    acs_credential: AcsCredential,
}

impl Raw {
    pub fn new(addr: SocketAddr) -> Raw {
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a reqwest client");
        let mut headers = HeaderMap::new();
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {API_KEY}")).expect("a header value");
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(
            HeaderName::from_static("seam-sdk-name"),
            HeaderValue::from_static(seam_sdk::SDK_NAME),
        );
        headers.insert(
            HeaderName::from_static("seam-sdk-version"),
            HeaderValue::from_static(seam_sdk::SDK_VERSION),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Raw {
            client,
            base: format!("http://{addr}"),
            headers,
        }
    }

    async fn fetch(&self, path: &str, query: &[(&str, &str)]) -> Bytes {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .headers(self.headers.clone())
            .timeout(Duration::from_secs(30));
        if !query.is_empty() {
            request = request.query(query);
        }
        let response = request.send().await.expect("the loopback server answers");
        assert!(
            response.status().is_success(),
            "status {}",
            response.status()
        );
        response.bytes().await.expect("the body arrives")
    }

    pub async fn get(&self, id: &str) -> AcsCredential {
        let body = self
            .fetch(
                "/acs/credentials/get",
                &[("acs_credential_id", id), ("_strict", "true")],
            )
            .await;
        serde_json::from_slice::<GetBody>(&body)
            .expect("the canned credential decodes")
            .acs_credential
    }

    pub async fn list(&self) -> Vec<AcsCredential> {
        let body = self.fetch("/acs/credentials/list", &[]).await;
        serde_json::from_slice::<ListBody<AcsCredential>>(&body)
            .expect("the canned list decodes")
            .acs_credentials
    }
}

pub async fn generated_get(seam: &seam_sdk::Seam, id: &str) -> AcsCredential {
    seam.acs()
        .credentials()
        .get(AcsCredentialsGetRequest::new(id))
        .await
        .expect("the generated client gets the canned credential")
}

pub async fn generated_list(seam: &seam_sdk::Seam) -> Vec<AcsCredential> {
    seam.acs()
        .credentials()
        .list(AcsCredentialsListRequest::new())
        .await
        .expect("the generated client lists the canned credentials")
        .into_items()
}

/// A mock whose `create` rule answers with `credential` for the user [`create`] names, as
/// a user's test would set it up.
pub fn mock(credential: AcsCredential) -> MockSeam {
    let mock = MockSeam::new();
    mock.acs()
        .credentials()
        .create()
        .when(|request| request.acs_user_id.as_deref() == Some(CREATE_USER))
        .respond(credential);
    mock
}

const CREATE_USER: &str = "33333333-3333-3333-3333-333333333333";

/// One `create` call (a PIN code for a user): the request built and serialized, sent
/// (checked and answered by a mock, or over loopback), the response decoded.
pub async fn create(seam: &seam_sdk::Seam) -> AcsCredential {
    let request = AcsCredentialsCreateRequest::new(AcsCredentialAccessMethod::Code)
        .acs_user_id(CREATE_USER)
        .code("824759");
    seam.acs()
        .credentials()
        .create(request)
        .await
        .expect("the create call is answered")
}

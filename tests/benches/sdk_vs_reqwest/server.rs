//! A minimal HTTP/1.1 server on 127.0.0.1 serving canned GModStore bodies.
//!
//! It runs on its own thread and runtime (so its allocations never count against the client
//! measured on the bench's thread) and stops when dropped.
//!
//! Routes:
//! - `GET /v3/me/personal-access-tokens` → a 24-token list page;
//! - `GET /v3/me/personal-access-tokens/{id}` → a single token;
//! - `GET /stream/{pages}/v3/me/personal-access-tokens?cursor=N` → page `N` of a list of
//!   `pages` pages (no cursor: page 0), each pointing at the next until the last.

use crate::fixtures;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const LIST_PATH: &str = "/v3/me/personal-access-tokens";

/// The bodies served, built once.
struct Canned {
    page: Bytes,
    single: Bytes,
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and starts serving.
    pub fn start() -> Self {
        let canned = Arc::new(Canned {
            page: fixtures::list_page(0, fixtures::PAGE_SIZE, Some("cursor-2")).into(),
            single: fixtures::single_token().into(),
        });
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(serve(canned, addr_tx, stop));
        });
        let addr = addr_rx.recv().expect("the server reports its address");
        Self {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    canned: Arc<Canned>,
    addr_tx: std::sync::mpsc::Sender<SocketAddr>,
    mut stop: oneshot::Receiver<()>,
) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    addr_tx
        .send(listener.local_addr().expect("local address"))
        .expect("the bench waits for the address");
    loop {
        let stream = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        let _ = stream.set_nodelay(true);
        let canned = canned.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let canned = canned.clone();
                async move { Ok::<_, Infallible>(respond(&canned, &request)) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn respond(canned: &Canned, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let path = request.uri().path();
    let body = if path == LIST_PATH {
        Some(canned.page.clone())
    } else if let Some(id) = path
        .strip_prefix(LIST_PATH)
        .and_then(|p| p.strip_prefix('/'))
    {
        (!id.is_empty()).then(|| canned.single.clone())
    } else {
        stream_page(path, request.uri().query())
    };
    let Some(body) = body else {
        return json_response(
            StatusCode::NOT_FOUND,
            Bytes::from_static(b"{\"message\":\"not found\"}"),
        );
    };
    json_response(StatusCode::OK, body)
}

/// A page of `/stream/{pages}/...`: page `cursor` (0 without one) of `pages`.
fn stream_page(path: &str, query: Option<&str>) -> Option<Bytes> {
    let pages: usize = path
        .strip_prefix("/stream/")?
        .strip_suffix(LIST_PATH)?
        .parse()
        .ok()?;
    let index: usize = query
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("cursor=")))
        .map_or(Some(0), |c| c.parse().ok())?;
    let next = (index + 1 < pages).then(|| (index + 1).to_string());
    let first = index * fixtures::PAGE_SIZE;
    Some(fixtures::list_page(first, fixtures::PAGE_SIZE, next.as_deref()).into())
}

fn json_response(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-ratelimit-limit", HeaderValue::from_static("300"));
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("299"));
    headers.insert("x-ratelimit-reset", HeaderValue::from_static("1767225600"));
    response
}

//! A raw HTTP/1.1 server on 127.0.0.1 that answers each connection as a script says: whole
//! answers, answers cut by a reset or a close, stalls, lying `Content-Length`s, huge bodies.
//! It records every request it read. Its tasks are aborted when it is dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The longest request head or body the server reads.
const MAX_REQUEST: usize = 1024 * 1024;
/// How long a stalled connection is held open (the server is dropped long before).
const STALL: Duration = Duration::from_secs(30);

/// One request as it arrived on the wire.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target: path and query, e.g. `/v1/access-tokens/?token=...`.
    pub target: String,
    /// The headers in order, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (read by `Content-Length`).
    pub body: Vec<u8>,
}

impl Recorded {
    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The request as text: request line, headers and body, the way an echoing server sees it.
    pub fn as_text(&self) -> String {
        let mut text = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        text.push_str(&String::from_utf8_lossy(&self.body));
        text
    }
}

/// What the server does with one connection after reading its request.
pub enum Reply {
    /// Writes these bytes, then closes the connection cleanly.
    Send(Vec<u8>),
    /// Writes these bytes, then resets the connection (TCP RST).
    SendThenReset(Vec<u8>),
    /// Writes these bytes, then holds the connection open without writing anything more.
    SendThenStall(Vec<u8>),
    /// Writes `head`, `chunk` `times` times, then `tail` (a large body without holding it in
    /// memory).
    Stream {
        /// Status line, headers and the start of the body.
        head: Vec<u8>,
        /// One piece of the body.
        chunk: Vec<u8>,
        /// How many pieces.
        times: usize,
        /// The end of the body.
        tail: Vec<u8>,
    },
    /// Waits, then answers.
    After(Duration, Box<Reply>),
}

type Script = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// A running scripted server. Dropping it stops it and every connection it holds.
pub struct FaultServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    task: JoinHandle<()>,
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 whose answer to the `n`th request (from 0) is
    /// `script(&request, n)`.
    pub async fn start(script: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let task = tokio::spawn(serve(listener, Arc::clone(&log), script));
        Self { addr, log, task }
    }

    /// A server that answers every request the same way.
    pub async fn always(reply: impl Fn() -> Reply + Send + Sync + 'static) -> Self {
        Self::start(move |_, _| reply()).await
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many requests had this method.
    pub fn count(&self, method: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.method == method)
            .count()
    }
}

async fn serve(listener: TcpListener, log: Arc<Mutex<Vec<Recorded>>>, script: Arc<Script>) {
    // Dropped with this task: aborts every connection still open.
    let mut connections = JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        let log = Arc::clone(&log);
        let script = Arc::clone(&script);
        connections.spawn(async move {
            let Some(request) = read_request(&stream).await else {
                return;
            };
            let n = {
                let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
                log.push(request.clone());
                log.len() - 1
            };
            answer(stream, script(&request, n)).await;
        });
        // Finished connections are removed so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
}

async fn answer(mut stream: TcpStream, mut reply: Reply) {
    while let Reply::After(wait, then) = reply {
        tokio::time::sleep(wait).await;
        reply = *then;
    }
    match reply {
        Reply::After(..) => unreachable!("unwrapped above"),
        Reply::Send(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            // Let the client read to the end before the socket goes away.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Reply::SendThenReset(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            let _ = stream.set_zero_linger();
            drop(stream);
        }
        Reply::SendThenStall(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            tokio::time::sleep(STALL).await;
        }
        Reply::Stream {
            head,
            chunk,
            times,
            tail,
        } => {
            if stream.write_all(&head).await.is_err() {
                return;
            }
            for _ in 0..times {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
            let _ = stream.write_all(&tail).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Reads one request (head, then a `Content-Length` body). `None` when the client went away.
async fn read_request(stream: &TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_REQUEST || read_some(stream, &mut buf).await? == 0 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        if read_some(stream, &mut body).await? == 0 {
            break;
        }
    }
    body.truncate(length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

async fn read_some(stream: &TcpStream, buf: &mut Vec<u8>) -> Option<usize> {
    let mut chunk = [0u8; 8192];
    loop {
        stream.readable().await.ok()?;
        match stream.try_read(&mut chunk) {
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return Some(n);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return None,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A whole answer: status line, `Content-Length`, `Connection: close`, the extra headers, body.
pub fn response(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Vec<u8> {
    let body = body.as_ref();
    let mut out = head(status, headers, Some(body.len()));
    out.extend_from_slice(body);
    out
}

/// A JSON answer.
pub fn json(status: u16, body: impl AsRef<[u8]>) -> Vec<u8> {
    response(status, &[("content-type", "application/json")], body)
}

/// A status line and headers, with `Content-Length: length` when given (which may lie).
pub fn head(status: u16, headers: &[(&str, &str)], length: Option<usize>) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nconnection: close\r\n",
        reason(status)
    );
    if let Some(length) = length {
        out.push_str(&format!("content-length: {length}\r\n"));
    }
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

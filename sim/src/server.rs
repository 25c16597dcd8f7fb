//! One axum server on one loopback port answering for every host of the world by its
//! `Host` header, with the faults of each host applied before the page is built.
//!
//! Hangs and endless bodies end when the server shuts down, so a test never leaves a
//! connection behind.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use futures_util::stream;
use tokio::sync::watch;
use url::Url;

use super::SimError;
use super::faults::{FAULT_FILE_CONTENT_TYPE, Fault};
use super::http::{Req, not_found, raw};
use super::log::{RequestLog, RequestRecord};
use super::manifest::{Manifest, PortalKind};
use super::world::{HostKind, World};

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Also write every request as a JSON line to this file.
    pub request_log: Option<PathBuf>,
    /// How many requests the in-memory log keeps (oldest dropped first).
    pub log_capacity: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            request_log: None,
            log_capacity: 200_000,
        }
    }
}

struct Shared {
    world: World,
    port: u16,
    log: RequestLog,
    closing: AtomicBool,
    closing_rx: watch::Receiver<bool>,
    api_calls: Vec<AtomicU64>,
}

/// A running simulated web.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    manifest: Manifest,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Serve a world on `addr` (e.g. `127.0.0.1:0`).
pub async fn serve(world: World, addr: &str) -> Result<Server, SimError> {
    serve_with(world, addr, ServeOptions::default()).await
}

/// Serve a world with options.
pub async fn serve_with(
    world: World,
    addr: &str,
    options: ServeOptions,
) -> Result<Server, SimError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| SimError::Bind(addr.to_owned(), e))?;
    let local = listener
        .local_addr()
        .map_err(|e| SimError::Bind(addr.to_owned(), e))?;
    let log = RequestLog::new(options.log_capacity, options.request_log.as_deref())
        .map_err(|e| SimError::Io(options.request_log.clone().unwrap_or_default(), e))?;
    let manifest = world.manifest(local.port());
    let (stop, closing_rx) = watch::channel(false);
    let api_calls = world.portals.iter().map(|_| AtomicU64::new(0)).collect();
    let shared = Arc::new(Shared {
        world,
        port: local.port(),
        log,
        closing: AtomicBool::new(false),
        closing_rx: closing_rx.clone(),
        api_calls,
    });
    let app = Router::new().fallback(handle).with_state(shared.clone());
    let mut rx = closing_rx;
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|c| *c).await;
            })
            .await
    });
    Ok(Server {
        addr: local,
        shared,
        manifest,
        stop,
        task,
    })
}

/// A server running on a thread and runtime of its own; stops when dropped.
///
/// Politeness tests read arrival times from the server's log. When the server shares a
/// runtime (and its two worker threads) with the crawler under test, a busy crawler
/// delays when requests are seen and the log lies; on its own thread it does not.
pub struct ServerThread {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Serve a world from a thread of its own (see [`ServerThread`]). The [`Server`] handle
/// works from any thread; shut it down before dropping the [`ServerThread`].
pub fn serve_in_thread(
    world: World,
    addr: &str,
    options: ServeOptions,
) -> Result<(Server, ServerThread), SimError> {
    let addr = addr.to_owned();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(r) => r,
            Err(e) => {
                let _ = ready_tx.send(Err(SimError::Io(PathBuf::new(), e)));
                return;
            }
        };
        runtime.block_on(async move {
            let server = serve_with(world, &addr, options).await;
            let failed = server.is_err();
            let _ = ready_tx.send(server);
            if !failed {
                let _ = stop_rx.await;
            }
        });
    });
    let server = ready_rx
        .recv()
        .map_err(|_| SimError::Io(PathBuf::new(), std::io::Error::other("server thread died")))??;
    Ok((
        server,
        ServerThread {
            stop: Some(stop_tx),
            thread: Some(thread),
        },
    ))
}

impl Server {
    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every host name served.
    pub fn hosts(&self) -> Vec<String> {
        self.shared.world.hosts()
    }

    /// One `--resolve` rule per host, pointing at this server: `HOST:PORT:ADDR`, as curl
    /// and odaudit's `--resolve` take them.
    pub fn resolve_rules(&self) -> Vec<String> {
        let (port, addr) = (self.port(), self.addr.ip());
        self.hosts()
            .into_iter()
            .map(|host| format!("{host}:{port}:{addr}"))
            .collect()
    }

    /// `http://host:port/path` on this server.
    pub fn url(&self, host: &str, path: &str) -> Url {
        Url::parse(&format!("http://{host}:{}{path}", self.port()))
            .expect("a host of the world makes a valid URL")
    }

    /// The ground truth, with this server's port in every URL.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The world served.
    pub fn world(&self) -> &World {
        &self.shared.world
    }

    /// The requests received so far (the most recent ones, up to the log's capacity).
    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.shared.log.snapshot()
    }

    /// How many requests each host received so far (from the in-memory log), for quota
    /// and politeness checks.
    pub fn requests_per_host(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for r in self.shared.log.snapshot() {
            *counts.entry(r.host).or_insert(0) += 1;
        }
        counts
    }

    /// Stop: hanging responses and endless bodies end, then the server waits up to 5 s for
    /// connections to close.
    pub async fn shutdown(self) {
        self.shared.closing.store(true, Ordering::SeqCst);
        let _ = self.stop.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| {
            h.rsplit_once(':').map_or(h, |(name, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    name
                } else {
                    h
                }
            })
        })
        .unwrap_or_default()
        .to_ascii_lowercase();
    let method = request.method().to_string();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let user_agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let req = Req {
        host: host.clone(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        headers: request.headers().clone(),
        port: shared.port,
    };
    // Arrival time, not completion: politeness is about when requests reach the server.
    let arrived_ms = shared.log.elapsed_ms();
    let (response, streamed) = answer(&shared, &req).await;
    let response = if method == "HEAD" {
        let (parts, _) = response.into_parts();
        Response::from_parts(parts, Body::empty())
    } else {
        response
    };
    use axum::body::HttpBody as _;
    shared.log.push(RequestRecord {
        t_ms: arrived_ms,
        host,
        method,
        path: path_and_query,
        status: response.status().as_u16(),
        bytes: if streamed {
            None
        } else {
            response.body().size_hint().exact()
        },
        user_agent,
    });
    response
}

/// The response, and whether its body is streamed (size unknown).
async fn answer(shared: &Shared, req: &Req) -> (Response, bool) {
    let world = &shared.world;
    let Some(host) = world.hosts.get(&req.host) else {
        return (not_found(), false);
    };
    for f in &host.faults {
        match f {
            Fault::Slow { ms } => wait(shared, Duration::from_millis(*ms)).await,
            Fault::Reset => return (reset(), true),
            _ => {}
        }
    }
    for f in &host.faults {
        if f.trigger_path() != Some(req.path.as_str()) {
            continue;
        }
        match f {
            Fault::Hang => {
                wait(shared, Duration::from_secs(24 * 3600)).await;
                return (
                    raw(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "text/plain",
                        "shutting down",
                    ),
                    false,
                );
            }
            Fault::EndlessBody => return (endless(shared), true),
            Fault::GzipBomb => return (gzip_bomb(), false),
            _ => {}
        }
    }
    let response = match host.kind {
        HostKind::StaticImio => match req.path.as_str() {
            "/robots.txt" => raw(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                super::site::imio_robots(world),
            ),
            _ => not_found(),
        },
        HostKind::Commune(ci) => super::site::respond(world, ci, req, &host.faults),
        HostKind::Portal(pi) => match world.portals[pi].kind {
            PortalKind::Ckan => super::ckan::respond(world, pi, req),
            _ => {
                let calls = if req.path.starts_with("/api/") {
                    shared.api_calls[pi].fetch_add(1, Ordering::SeqCst)
                } else {
                    0
                };
                super::ods::respond(
                    world,
                    pi,
                    req,
                    calls,
                    host.faults.contains(&Fault::TooManyRequests),
                )
            }
        },
    };
    (response, false)
}

async fn wait(shared: &Shared, d: Duration) {
    let mut rx = shared.closing_rx.clone();
    tokio::select! {
        _ = tokio::time::sleep(d) => {}
        _ = rx.wait_for(|c| *c) => {}
    }
}

/// Headers promise a body; the connection is cut before it comes.
fn reset() -> Response {
    let body = Body::from_stream(stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "simulated connection reset",
        ))
    }));
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html")
        .body(body)
        .unwrap_or_default()
}

fn endless(shared: &Shared) -> Response {
    let chunk = Bytes::from("1;Registre;Rue de l'Eglise 1;5000;Namur;01/01/2020\r\n".repeat(1000));
    let closing = shared.closing_rx.clone();
    let body = Body::from_stream(stream::unfold(
        (chunk, closing),
        |(chunk, closing)| async move {
            if *closing.borrow() {
                return None;
            }
            tokio::task::yield_now().await;
            Some((Ok::<Bytes, std::io::Error>(chunk.clone()), (chunk, closing)))
        },
    ));
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, FAULT_FILE_CONTENT_TYPE)
        .body(body)
        .unwrap_or_default()
}

/// How many bytes the gzip bomb inflates to.
pub const GZIP_BOMB_INFLATED: usize = 256 << 20;

fn gzip_bomb() -> Response {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    let bytes = BOMB
        .get_or_init(|| {
            // One gzip member inflating to 1 MiB, repeated: a multi-member gzip stream
            // (RFC 1952 §2.2) that every decoder inflates in full, built in microseconds.
            use std::io::Write;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let _ = enc.write_all(&vec![b'0'; 1 << 20]);
            let member = enc.finish().unwrap_or_default();
            Bytes::from(member.repeat(GZIP_BOMB_INFLATED >> 20))
        })
        .clone();
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, FAULT_FILE_CONTENT_TYPE)
        .header(header::CONTENT_ENCODING, "gzip")
        .body(Body::from(bytes))
        .unwrap_or_default()
}

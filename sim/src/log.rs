//! Every request the simulated web receives, as JSON lines and in memory, so tests can
//! check politeness (robots.txt first, Crawl-delay between requests to a host) from the
//! server's side rather than trusting the crawler's own account.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{LineWriter, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

/// One request as the server saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Milliseconds since the server started.
    pub t_ms: u64,
    /// The Host header, without port.
    pub host: String,
    /// GET, HEAD...
    pub method: String,
    /// Path and query.
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// Body bytes, when known in advance (`None` for streamed bodies).
    pub bytes: Option<u64>,
    /// The User-Agent header.
    pub user_agent: Option<String>,
}

/// The log: a bounded in-memory ring and an optional JSON-lines file.
#[derive(Debug)]
pub(crate) struct RequestLog {
    started: Instant,
    capacity: usize,
    memory: Mutex<VecDeque<RequestRecord>>,
    file: Option<Mutex<LineWriter<File>>>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize, file: Option<&Path>) -> std::io::Result<Self> {
        let file = match file {
            Some(p) => Some(Mutex::new(LineWriter::new(File::create(p)?))),
            None => None,
        };
        Ok(RequestLog {
            started: Instant::now(),
            capacity,
            memory: Mutex::new(VecDeque::new()),
            file,
        })
    }

    pub(crate) fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    pub(crate) fn push(&self, record: RequestRecord) {
        if let Some(f) = &self.file
            && let (Ok(mut f), Ok(line)) = (f.lock(), serde_json::to_string(&record))
        {
            let _ = writeln!(f, "{line}");
        }
        if self.capacity == 0 {
            return;
        }
        if let Ok(mut m) = self.memory.lock() {
            if m.len() == self.capacity {
                m.pop_front();
            }
            m.push_back(record);
        }
    }

    pub(crate) fn snapshot(&self) -> Vec<RequestRecord> {
        self.memory
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }
}

//! Keystroke → diagnostics latency of `astc lsp` on the generated 1000-page site.
//!
//! Starts the real binary over stdio, opens one page, then types: each edit is a
//! `textDocument/didChange` (one character inserted or removed in the template) and the
//! latency is the time until `publishDiagnostics` for that version arrives.
//!
//!     cargo bench --bench lsp_latency
//!
//! Site: `ASTC_BENCH_SITE`, or generated as in `benches/check.rs`. Edits: `ASTC_EDITS`
//! (default 300). `ASTC_BIN` runs another `astc` binary instead of this build's (to compare
//! two builds side by side on the same site).

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

#[path = "support/site.rs"]
mod site;

use site::site_root;

fn main() {
    let site = site_root();
    let page = site.join("src/pages/s1/page-1.astral");
    let text = std::fs::read_to_string(&page).expect("the benchmark page exists");
    let edits: usize = std::env::var("ASTC_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);

    let mut server = Server::start(&site);
    let uri = format!("file://{}", page.display());
    server.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "astral", "version": 1, "text": text } }));
    let first = Instant::now();
    let diagnostics = server.wait_diagnostics(&uri, 1);
    eprintln!(
        "open: {:.1} ms to first diagnostics ({} diagnostics; includes loading the workspace)",
        first.elapsed().as_secs_f64() * 1e3,
        diagnostics
    );

    // Type in the middle of the template: insert a character, then delete it, and so on.
    let (line, character) = edit_position(&text);
    let mut latencies = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let change = if i % 2 == 0 {
            json!({ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } }, "text": "x" })
        } else {
            json!({ "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 1 } }, "text": "" })
        };
        let started = Instant::now();
        server.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }));
        server.wait_diagnostics(&uri, version);
        latencies.push(started.elapsed());
    }
    latencies.sort();
    let at = |q: f64| {
        latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)].as_secs_f64()
            * 1e3
    };
    println!(
        "keystroke -> diagnostics over {edits} edits of {} ({} bytes), {} files in the workspace:",
        page.strip_prefix(&site).unwrap_or(&page).display(),
        text.len(),
        count_files(&site.join("src"))
    );
    println!(
        "  p50 {:.2} ms   p95 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        at(0.5),
        at(0.95),
        at(0.99),
        at(1.0)
    );
    server.shutdown();
}

/// A line of plain template text, and a column inside it.
fn edit_position(text: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().rposition(|l| l.trim() == "---").unwrap_or(0);
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("<p>") && !line.contains('{') {
            return (i, line.len() - trimmed.len() + 3);
        }
    }
    (start + 1, 0)
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(
            std::env::var_os("ASTC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_astc").into()),
        )
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("astc lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            messages,
            next_id: 1,
        };
        let root_uri = format!("file://{}", root.display());
        server.request("initialize", json!({ "capabilities": {}, "rootUri": root_uri, "workspaceFolders": [{ "uri": root_uri, "name": "site" }] }));
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message["result"].clone();
            }
        }
    }

    /// The next message, answering the server's own requests (e.g. registerCapability).
    fn next(&mut self) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            return message;
        }
    }

    /// Waits for diagnostics of `uri` at `version`; returns how many there were.
    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> usize {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == json!(uri)
                && message["params"]["version"] == json!(version)
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .map_or(0, Vec::len);
            }
        }
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

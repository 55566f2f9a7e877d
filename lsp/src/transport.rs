//! The server's stdio transport: untrusted client bytes in, whole frames out.
//!
//! tower-lsp-server's own reader ends the session at the first frame it cannot decode, so it
//! never sees the client's bytes directly:
//!
//! ```text
//! client ─input─▶ read_client ──valid frames──▶ pipe ─▶ tower-lsp-server ─▶ pipe ─▶ relay
//!                     │ (frames::FrameReader,                                       │
//!                     │  message::judge)          error responses    server frames  ▼
//!                     └──────────────────────────────────────────────────▶ channel ─▶ write_frames ─output─▶ client
//! ```
//!
//! - `read_client` frames the input with bounded memory ([`frames`]), forwards each body
//!   that tower-lsp-server will accept, re-framed with only a `Content-Length`, and queues a
//!   JSON-RPC error for each one it will not ([`message`]); then it reads on.
//! - One writer owns the output and writes whole frames from one channel, so an error
//!   response never lands inside a server message.
//! - The session ends when the client sends `exit` or closes its input. Nothing waits for
//!   requests or analyses still running: the server task is dropped, frames already queued
//!   get [`DRAIN_TIME`] to be written, and [`crate::run_stdio`] then leaves blocking
//!   threads behind instead of joining them.

mod frames;
mod message;

pub use frames::MAX_HEADER;
use frames::{Event, FrameReader};
use message::Verdict;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Response;
use tower_lsp_server::{LspService, Server};

use crate::Backend;

/// The largest message body accepted from the client (64 MiB).
pub const MAX_MESSAGE: usize = 64 << 20;

/// How long frames already queued may take to be written once the session is over.
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// Capacity of the in-memory pipes to and from tower-lsp-server.
const PIPE: usize = 64 * 1024;

/// Read size for the client's input.
const CHUNK: usize = 64 * 1024;

/// Frames waiting for the writer; senders wait when it is full (the client is not reading).
const QUEUE: usize = 32;

/// Serves one LSP session over `input` and `output` until the client sends `exit` or closes
/// `input`. Malformed input is answered and skipped; it never ends the session.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = LspService::new(Backend::new);
    let (to_server, server_input) = tokio::io::duplex(PIPE);
    let (server_output, from_server) = tokio::io::duplex(PIPE);
    let (frames_tx, frames_rx) = mpsc::channel(QUEUE);

    let writer = tokio::spawn(write_frames(output, frames_rx));
    let relay = tokio::spawn(relay(from_server, frames_tx.clone()));
    let server = tokio::spawn(Server::new(server_input, server_output, socket).serve(service));

    read_client(input, to_server, frames_tx).await;

    server.abort();
    relay.abort();
    let _ = server.await;
    let _ = relay.await;
    // Every sender is gone now, so the writer ends after the queued frames.
    let _ = tokio::time::timeout(DRAIN_TIME, writer).await;
}

/// Reads the client's input until `exit` is forwarded, the input ends, or the server stops.
async fn read_client<I: AsyncRead + Unpin>(
    mut input: I,
    mut to_server: DuplexStream,
    replies: mpsc::Sender<Vec<u8>>,
) {
    let mut reader = FrameReader::new(MAX_MESSAGE);
    let mut chunk = vec![0; CHUNK];
    loop {
        while let Some(event) = reader.next() {
            let reply = match event {
                Event::Frame(body) => match message::judge(&body) {
                    Verdict::Forward { exit } => {
                        if to_server.write_all(&encode_frame(&body)).await.is_err() {
                            return;
                        }
                        if exit {
                            return;
                        }
                        continue;
                    }
                    Verdict::Reply(response) => response,
                    Verdict::Drop => continue,
                },
                Event::Malformed(error) => message::frame_error(&error),
            };
            if replies.send(encode_response(&reply)).await.is_err() {
                return;
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => reader.push(&chunk[..n]),
        }
    }
}

/// Passes tower-lsp-server's output on as whole frames.
async fn relay(mut from_server: DuplexStream, frames: mpsc::Sender<Vec<u8>>) {
    // The server's own output is trusted: no size limit.
    let mut reader = FrameReader::new(usize::MAX);
    let mut chunk = vec![0; CHUNK];
    loop {
        while let Some(event) = reader.next() {
            if let Event::Frame(body) = event
                && frames.send(encode_frame(&body)).await.is_err()
            {
                return;
            }
        }
        match from_server.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => reader.push(&chunk[..n]),
        }
    }
}

/// Writes frames in order, each whole, flushing when no more are waiting.
async fn write_frames<O: AsyncWrite + Unpin>(mut output: O, mut frames: mpsc::Receiver<Vec<u8>>) {
    while let Some(frame) = frames.recv().await {
        if output.write_all(&frame).await.is_err() {
            return;
        }
        if frames.is_empty() && output.flush().await.is_err() {
            return;
        }
    }
    let _ = output.flush().await;
}

fn encode_frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

fn encode_response(response: &Response) -> Vec<u8> {
    // A Response of an id, a code and a string always serializes.
    encode_frame(&serde_json::to_vec(response).unwrap_or_default())
}

//! Property: whatever bytes a client sends, the session survives them, and a valid request
//! sent after them is answered. The bytes go through the real transport (`astc_lsp::serve`).
//!
//! Inputs are random bytes and sequences of frames that are valid, or mutated in their
//! header (length, line endings, names), in their body (flipped, inserted or removed bytes),
//! or cut short. A frame cut short swallows the bytes after it, so before the probe the test
//! sends spaces: enough to complete any body the input can have left open, then a header
//! error that resynchronises the reader onto the probe's `Content-Length`.
//!
//! Cases: `PROPTEST_CASES` (default 64, a few seconds).

use super::Client;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// Bodies of valid messages: requests, notifications and a response, all harmless to the
/// session (no `shutdown`/`exit`).
fn bodies() -> Vec<String> {
    let uri = "file:///tmp/astc-prop/src/pages/p.astral";
    let doc = json!({ "uri": uri });
    let position = json!({ "line": 0, "character": 3 });
    [
        json!({ "jsonrpc": "2.0", "id": "g1", "method": "textDocument/hover", "params": { "textDocument": doc, "position": position } }),
        json!({ "jsonrpc": "2.0", "id": 7001, "method": "textDocument/completion", "params": { "textDocument": doc, "position": position } }),
        json!({ "jsonrpc": "2.0", "id": "g3", "method": "textDocument/documentSymbol", "params": { "textDocument": doc } }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": { "uri": uri, "languageId": "astral", "version": 1, "text": "---\nconst a = 1;\n---\n<p>{a}</p>\r<div>" } } }),
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": { "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": "<ul><li>{x}</ul>" }] } }),
        json!({ "jsonrpc": "2.0", "method": "$/cancelRequest", "params": { "id": 7001 } }),
        json!({ "jsonrpc": "2.0", "id": 99, "result": null }),
        json!({ "jsonrpc": "2.0", "id": "g8", "method": "no/such/method" }),
    ]
    .iter()
    .map(Value::to_string)
    .collect()
}

#[derive(Debug, Clone)]
enum Length {
    Exact,
    Small(u32),
    Huge(u64),
    Text(String),
}

#[derive(Debug, Clone)]
enum Mutation {
    None,
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

#[derive(Debug, Clone)]
enum Piece {
    Random(Vec<u8>),
    Frame {
        body: usize,
        length: Length,
        lf_only: bool,
        lowercase: bool,
        content_type: Option<String>,
        body_mutation: Mutation,
        frame_mutation: Mutation,
    },
}

fn length() -> impl Strategy<Value = Length> {
    prop_oneof![
        4 => Just(Length::Exact),
        2 => (0u32..2048).prop_map(Length::Small),
        1 => ((astc_lsp::MAX_MESSAGE as u64 + 1)..=u64::MAX).prop_map(Length::Huge),
        1 => "[0-9a-z +-]{0,24}".prop_map(Length::Text),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => Just(Mutation::None),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => (any::<usize>(), 1usize..16).prop_map(|(at, n)| Mutation::Remove(at, n)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..256).prop_map(Piece::Random),
        4 => (
            0..bodies().len(),
            length(),
            proptest::bool::weighted(0.1),
            proptest::bool::weighted(0.1),
            proptest::option::weighted(0.1, "[ -~]{0,40}"),
            mutation(),
            mutation(),
        )
            .prop_map(|(body, length, lf_only, lowercase, content_type, body_mutation, frame_mutation)| {
                Piece::Frame { body, length, lf_only, lowercase, content_type, body_mutation, frame_mutation }
            }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match mutation {
        Mutation::None => {}
        Mutation::Flip(i, b) => {
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes[i] = *b;
            }
        }
        Mutation::Insert(i, inserted) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, inserted.iter().copied());
        }
        Mutation::Remove(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Truncate(i) => {
            let i = at(*i, bytes.len());
            bytes.truncate(i);
        }
    }
    bytes
}

fn render(pieces: &[Piece], bodies: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Random(bytes) => out.extend(bytes),
            Piece::Frame {
                body,
                length,
                lf_only,
                lowercase,
                content_type,
                body_mutation,
                frame_mutation,
            } => {
                let body = mutate(bodies[*body].clone().into_bytes(), body_mutation);
                let length = match length {
                    Length::Exact => body.len().to_string(),
                    Length::Small(n) => n.to_string(),
                    Length::Huge(n) => n.to_string(),
                    Length::Text(text) => text.clone(),
                };
                let eol = if *lf_only { "\n" } else { "\r\n" };
                let name = if *lowercase {
                    "content-length"
                } else {
                    "Content-Length"
                };
                let mut header = format!("{name}: {length}{eol}");
                if let Some(content_type) = content_type {
                    header.push_str(&format!("Content-Type: {content_type}{eol}"));
                }
                header.push_str(eol);
                let mut frame = header.into_bytes();
                frame.extend(body);
                out.extend(mutate(frame, frame_mutation));
            }
        }
    }
    out
}

/// An upper bound of the body bytes `garbage` can leave owed: any run of digits may be a
/// declared length; only those within the limit are waited for.
fn owed_bound(garbage: &[u8]) -> usize {
    garbage
        .split(|b| !b.is_ascii_digit())
        .filter_map(|digits| std::str::from_utf8(digits).ok()?.parse::<usize>().ok())
        .filter(|&n| n <= astc_lsp::MAX_MESSAGE)
        .max()
        .unwrap_or(0)
}

#[test]
fn any_input_leaves_the_session_serving() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let bodies = bodies();
    let mut runner = TestRunner::new(Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = proptest::collection::vec(piece(), 1..6);
    let result = runner.run(&strategy, |pieces| {
        let garbage = render(&pieces, &bodies);
        runtime.block_on(async {
            let mut client = Client::start_with(&[]).await;
            client.send_raw(&garbage).await;
            // Spaces complete any open body, then make a header error (a space cannot
            // start a header, and a header block ends at MAX_HEADER bytes), after which the
            // reader resynchronises onto the probe.
            let padding = owed_bound(&garbage) + astc_lsp::MAX_HEADER + 1;
            client.send_raw(&vec![b' '; padding]).await;
            let answer = client.probe("probe").await;
            prop_assert!(answer.get("error").is_none(), "{answer}");
            Ok(())
        })
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

//! Malformed frames, line endings and exit, through the real transport.

use super::{Client, PAGE};
use serde_json::{Value, json};
use std::time::Duration;

impl Client {
    /// Sends a request and returns the whole response message, error or not.
    pub(crate) async fn call(&mut self, id: Value, method: &str, params: Value) -> Value {
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        loop {
            let message = self.next_message().await;
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    /// Error responses received so far (and not yet taken), as `(code, id)`.
    pub(crate) fn take_errors(&mut self) -> Vec<(i64, Value)> {
        let (errors, rest) = self
            .pending
            .drain(..)
            .partition::<Vec<_>, _>(|m| m.get("error").is_some());
        self.pending = rest.into();
        errors
            .iter()
            .map(|m| (m["error"]["code"].as_i64().unwrap(), m["id"].clone()))
            .collect()
    }

    /// A request every session can answer: folding ranges of a file the server does not know.
    pub(crate) async fn probe(&mut self, id: &str) -> Value {
        let uri = self.uri("src/pages/nowhere.astral");
        self.call(
            json!(id),
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

type Errors = Vec<(i64, Value)>;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_frame_is_answered_and_the_session_goes_on() {
    let mut client = Client::start_with(&[]).await;
    let hover = |id: Value| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {} })
            .to_string()
            .into_bytes()
    };
    // (what, bytes, expected error responses as (code, id))
    let cases: Vec<(&str, Vec<u8>, Errors)> = vec![
        (
            "null body",
            frame(b"null"),
            vec![(INVALID_REQUEST, Value::Null)],
        ),
        (
            "non-JSON",
            frame(b"{not json"),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        ("empty body", frame(b""), vec![(PARSE_ERROR, Value::Null)]),
        (
            "invalid UTF-8",
            frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\xfe\"}"),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "bad Content-Length",
            b"Content-Length: twelve\r\n\r\n{\"a\":1}".to_vec(),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "negative Content-Length",
            b"Content-Length: -7\r\n\r\n{\"a\":1}".to_vec(),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "missing Content-Length",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".to_vec(),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "body without header",
            hover(json!("no-header")),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "header lines ended by LF only",
            b"Content-Length: 2\n\n{}".to_vec(),
            vec![(PARSE_ERROR, Value::Null)],
        ),
        (
            "batch (JSON array)",
            frame(format!("[{}]", String::from_utf8(hover(json!(41))).unwrap()).as_bytes()),
            vec![(INVALID_REQUEST, Value::Null)],
        ),
        (
            "object as id",
            frame(&hover(json!({ "a": 1 }))),
            vec![(INVALID_REQUEST, Value::Null)],
        ),
        (
            "array as id",
            frame(&hover(json!([1]))),
            vec![(INVALID_REQUEST, Value::Null)],
        ),
        (
            "no jsonrpc member, readable id",
            frame(br#"{"id":"bad-7","method":"textDocument/hover","params":{}}"#),
            vec![(INVALID_REQUEST, json!("bad-7"))],
        ),
        (
            "method not a string",
            frame(br#"{"jsonrpc":"2.0","id":8008,"method":[]}"#),
            vec![(INVALID_REQUEST, json!(8008))],
        ),
        (
            "Content-Length over the limit",
            [
                &b"Content-Length: 1000000000000\r\n\r\n"[..],
                &[b'x'; 100_000][..],
            ]
            .concat(),
            vec![(INVALID_REQUEST, Value::Null)],
        ),
        // What tower-lsp-server's decoder accepts is forwarded and answered by its router.
        (
            "params not an object",
            frame(br#"{"jsonrpc":"2.0","id":"arr","method":"textDocument/hover","params":[1]}"#),
            vec![(-32602, json!("arr"))],
        ),
        (
            "null id",
            frame(br#"{"jsonrpc":"2.0","id":null,"method":"textDocument/foldingRange","params":{"textDocument":{"uri":"file:///nowhere.astral"}}}"#),
            vec![],
        ),
        (
            "no method",
            frame(br#"{"jsonrpc":"2.0","id":"nomethod"}"#),
            vec![(-32601, json!("nomethod"))],
        ),
        (
            "malformed response from the client",
            frame(br#"{"jsonrpc":"2.0","id":{},"result":1}"#),
            vec![],
        ),
    ];
    for (name, bytes, expected) in cases {
        client.send_raw(&bytes).await;
        let answer = client.probe(name).await;
        assert!(answer.get("error").is_none(), "{name}: {answer}");
        assert_eq!(client.take_errors(), expected, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_cut_short_costs_only_the_frames_it_swallows() {
    let mut client = Client::start_with(&[]).await;
    // The cut frame declares 60 bytes but only 20 follow; the next frame completes it (a
    // parse error), the rest of that frame is skipped (a header error), and the frame after
    // is served.
    client
        .send_raw(b"Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",\"i")
        .await;
    let uri = client.uri("src/pages/nowhere.astral");
    let lost = json!({ "jsonrpc": "2.0", "id": "lost", "method": "textDocument/foldingRange", "params": { "textDocument": { "uri": uri } } });
    client.send(lost).await;
    let answer = client.probe("after").await;
    assert!(answer.get("error").is_none(), "{answer}");
    assert_eq!(
        client.take_errors(),
        [(PARSE_ERROR, Value::Null), (PARSE_ERROR, Value::Null)]
    );
    assert!(
        client.pending.iter().all(|m| m["id"] != "lost"),
        "the swallowed request is not answered"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_ends_when_the_input_ends_mid_frame() {
    let (client_io, server_io) = tokio::io::duplex(1 << 16);
    let (server_read, server_write) = tokio::io::split(server_io);
    let session = tokio::spawn(astc_lsp::serve(server_read, server_write));
    let mut client = Client::connect(client_io, &[]).await;
    client.send_raw(b"Content-Length: 500\r\n\r\n{\"js").await;
    drop(client);
    tokio::time::timeout(Duration::from_secs(20), session)
        .await
        .expect("the session ends at end of input")
        .unwrap();
}

/// Hover on `<Counter client:load />` of the same page with `\n`, `\r\n` and `\r` endings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cr_crlf_and_lf_documents_get_the_same_positions() {
    // Markup only: the answers must not depend on how the frontmatter is found.
    let markup = &PAGE[PAGE.find("<main").unwrap()..];
    let mut client = Client::start_with(&[]).await;
    let mut answers = Vec::new();
    for (name, ending) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let relative = format!("src/pages/{name}.astral");
        client.open(&relative, &markup.replace('\n', ending)).await;
        let diagnostics = client.diagnostics(&relative, 1).await;
        // `client:load` on line 4, character 12.
        let hover = client.at("textDocument/hover", &relative, 4, 12).await;
        let folding = client
            .request(
                "textDocument/foldingRange",
                json!({ "textDocument": { "uri": client.uri(&relative) } }),
            )
            .await;
        answers.push((name, hover, folding, super::brief(&diagnostics)));
    }
    let (_, lf_hover, lf_folding, lf_diagnostics) = &answers[0];
    assert!(
        lf_hover["contents"].to_string().contains("client:load"),
        "{lf_hover}"
    );
    assert!(!lf_folding.as_array().unwrap().is_empty(), "{lf_folding}");
    for (name, hover, folding, diagnostics) in &answers[1..] {
        assert_eq!(hover, lf_hover, "{name}");
        assert_eq!(folding, lf_folding, "{name}");
        assert_eq!(diagnostics, lf_diagnostics, "{name}");
    }
}

/// `exit` ends the process promptly even while an analysis is still running on a blocking
/// thread. The analysis here is a stand-in that runs until the test releases it, so the
/// test deadlocks without the fix; the timeout only turns that deadlock into a failure.
#[test]
fn exit_does_not_wait_for_running_analyses() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let analysis = runtime.spawn_blocking(move || released.recv());
    let (client_io, server_io) = tokio::io::duplex(1 << 16);
    let (server_read, server_write) = tokio::io::split(server_io);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        astc_lsp::serve_on(runtime, server_read, server_write);
        let _ = done.send(());
    });

    let client_runtime = tokio::runtime::Runtime::new().unwrap();
    client_runtime.block_on(async {
        let mut client = Client::connect(client_io, &[("src/pages/deep.astral", "<div>")]).await;
        client.request("shutdown", Value::Null).await;
        client.notify("exit", Value::Null).await;
        // The client keeps its end open, as editors often do.
        std::mem::forget(client);
    });
    let ended = finished.recv_timeout(Duration::from_secs(60));
    let _ = release.send(());
    drop(analysis);
    ended.expect("serve_on returns after exit while an analysis is still running");
}

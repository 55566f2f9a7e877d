//! In-process LSP tests: the real server and its transport (`astc_lsp::serve`, the same
//! reader `astc lsp` uses on stdin) on an in-memory duplex stream, driven by a minimal
//! JSON-RPC client. Answers are snapshotted in `snapshots/lsp/`. Malformed input and the
//! transport's properties are in `lsp/transport.rs` and `lsp/frames_prop.rs`.

#[path = "lsp/frames_prop.rs"]
mod frames_prop;
#[path = "lsp/transport.rs"]
mod transport;

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};

struct Client {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
    root: PathBuf,
    _dir: tempfile::TempDir,
}

const CARD: &str = "---\ninterface Props {\n  title: string;\n  href?: string;\n}\nconst { title } = Astro.props;\n---\n<article>\n  <h2>{title}</h2>\n  <slot />\n  <footer><slot name=\"footer\" /></footer>\n  <aside><slot name=\"aside\">none</slot></aside>\n</article>\n";

const PAGE: &str = "---\nimport Card from '../components/Card.astral';\nimport Counter from '../components/Counter.jsx';\nconst items = ['a', 'b'];\n---\n<main id=\"content\">\n  <Card title=\"Hello\">\n    <p slot=\"footer\">Foot</p>\n  </Card>\n  <Counter client:load />\n  <ul>\n    {items.map((item) => <li>{item}</li>)}\n  </ul>\n  <!-- a\n  comment -->\n</main>\n";

/// `diagnostics` without the `E0508` each version of [`PAGE`] reports for `<Counter>`: a
/// framework component, which astc cannot render yet but the editor still completes.
fn besides_counter(diagnostics: Vec<Value>) -> Vec<Value> {
    let (counter, rest): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| {
        d["code"] == "E0508" && d["message"].as_str().unwrap().contains("<Counter>")
    });
    assert_eq!(counter.len(), 1, "the framework component is reported once");
    rest
}

impl Client {
    /// Starts a server over a temporary project with `src/components/Card.astral` and
    /// `src/pages/index.astral` on disk.
    async fn start() -> Client {
        Client::start_with(&[
            ("src/components/Card.astral", CARD),
            ("src/pages/index.astral", PAGE),
        ])
        .await
    }

    /// Starts a server over a temporary project holding `files`.
    async fn start_with(files: &[(&str, &str)]) -> Client {
        let (client_io, server_io) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_io);
        tokio::spawn(astc_lsp::serve(server_read, server_write));
        Client::connect(client_io, files).await
    }

    /// Initializes the server at the other end of `client_io` over a temporary project.
    async fn connect(client_io: DuplexStream, files: &[(&str, &str)]) -> Client {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for (relative, text) in files {
            let path = root.join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let (reader, writer) = tokio::io::split(client_io);
        let mut client = Client {
            writer,
            reader: BufReader::new(reader),
            pending: VecDeque::new(),
            next_id: 1,
            root,
            _dir: dir,
        };
        let root_uri = client.uri("");
        let result = client
            .request("initialize", json!({ "capabilities": {}, "workspaceFolders": [{ "uri": root_uri, "name": "site" }] }))
            .await;
        assert_eq!(
            result["capabilities"]["textDocumentSync"]["change"], 2,
            "incremental sync"
        );
        client.notify("initialized", json!({})).await;
        client
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn uri(&self, relative: &str) -> String {
        format!("file://{}", self.root.join(relative).display())
            .trim_end_matches('/')
            .to_string()
    }

    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes()).await;
    }

    /// Sends bytes as they are, framed or not.
    async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
    }

    async fn read(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Reads one message, answering requests from the server (e.g. registerCapability).
    async fn next_message(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), self.read())
                .await
                .expect("server answers");
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }))
                    .await;
                continue;
            }
            return message;
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))
            .await;
        loop {
            let message = self.next_message().await;
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method} failed: {message}");
                return message["result"].clone();
            }
            self.pending.push_back(message);
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }))
            .await;
    }

    async fn open(&mut self, relative: &str, text: &str) {
        let uri = self.uri(relative);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "astral", "version": 1, "text": text } }),
        )
        .await;
    }

    /// The next diagnostics published for `relative` at `version`.
    async fn diagnostics(&mut self, relative: &str, version: i64) -> Vec<Value> {
        let uri = self.uri(relative);
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == json!(uri)
                && m["params"]["version"] == json!(version)
        };
        if let Some(i) = self.pending.iter().position(matches) {
            let message = self.pending.remove(i).unwrap();
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self.next_message().await;
            if matches(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    async fn at(&mut self, method: &str, relative: &str, line: u32, character: u32) -> Value {
        let uri = self.uri(relative);
        self.request(method, json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }))
            .await
    }
}

fn snapshot(name: &str, value: &Value) {
    insta::with_settings!({ snapshot_path => "../../snapshots/lsp", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, serde_json::to_string_pretty(value).unwrap());
    });
}

/// Diagnostics without the temporary directory in them.
fn brief(diagnostics: &[Value]) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|d| json!({ "code": d["code"], "range": d["range"], "message": d["message"], "severity": d["severity"] }))
            .collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_follow_incremental_edits_with_utf16_positions() {
    let mut client = Client::start().await;
    let relative = "src/pages/emoji.astral";
    // `😀` is two UTF-16 units, so the unclosed `<div>` starts at character 3 of line 0.
    client.open(relative, "😀 <div>\n<p>ok</p>\n").await;
    let diagnostics = client.diagnostics(relative, 1).await;
    snapshot("diagnostics_on_open", &brief(&diagnostics));
    assert_eq!(diagnostics[0]["code"], "E0106");
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 0, "character": 3 })
    );

    // Close the div with an incremental edit at the end of line 1.
    let uri = client.uri(relative);
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
                { "range": { "start": { "line": 1, "character": 9 }, "end": { "line": 1, "character": 9 } }, "text": "</div>" }
            ] }),
        )
        .await;
    assert_eq!(client.diagnostics(relative, 2).await, Vec::<Value>::new());

    // Two quick edits: the server applies them in order and ends clean of the first error.
    for (version, text) in [(3, "<Missing />"), (4, "")] {
        client
            .notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [
                    { "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": if version == 3 { 0 } else { 11 } } }, "text": text }
                ] }),
            )
            .await;
    }
    assert_eq!(client.diagnostics(relative, 4).await, Vec::<Value>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unopened_components_resolve_and_watched_files_update() {
    let mut client = Client::start().await;
    let relative = "src/pages/index.astral";
    client.open(relative, PAGE).await;
    assert_eq!(
        besides_counter(client.diagnostics(relative, 1).await),
        Vec::<Value>::new(),
        "Card resolves from disk"
    );

    // Import a component that does not exist yet.
    let uri = client.uri(relative);
    let text = PAGE.replace(
        "const items",
        "import Badge from '../components/Badge.astral';\nconst items",
    );
    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": text }] }))
        .await;
    let diagnostics = besides_counter(client.diagnostics(relative, 2).await);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "E0410");

    // Create it on disk and tell the server.
    std::fs::write(
        client.path("src/components/Badge.astral"),
        "<span><slot /></span>\n",
    )
    .unwrap();
    let badge = client.uri("src/components/Badge.astral");
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": badge, "type": 1 }] }),
        )
        .await;
    assert_eq!(
        besides_counter(client.diagnostics(relative, 2).await),
        Vec::<Value>::new()
    );

    // A client that cannot watch files: a save rescans the workspace for new components.
    let text = text.replace(
        "const items",
        "import Chip from '../components/Chip.astral';\nconst items",
    );
    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": text }] }))
        .await;
    assert_eq!(
        besides_counter(client.diagnostics(relative, 3).await)[0]["code"],
        "E0410"
    );
    std::fs::write(
        client.path("src/components/Chip.astral"),
        "<b><slot /></b>\n",
    )
    .unwrap();
    client
        .notify(
            "textDocument/didSave",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert_eq!(
        besides_counter(client.diagnostics(relative, 3).await),
        Vec::<Value>::new()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_definition_completion_symbols_folding() {
    let mut client = Client::start().await;
    let page = "src/pages/index.astral";
    client.open(page, PAGE).await;
    client.diagnostics(page, 1).await;

    // Hover: the component tag (line 6 `  <Card title=…`), a directive, an HTML tag.
    let card = client.at("textDocument/hover", page, 6, 4).await;
    let directive = client.at("textDocument/hover", page, 9, 14).await;
    let html = client.at("textDocument/hover", page, 5, 2).await;
    let root = client.root.display().to_string();
    let hovers = json!({ "component": card, "directive": directive, "html": html });
    snapshot(
        "hover",
        &serde_json::from_str::<Value>(&hovers.to_string().replace(&root, "<root>")).unwrap(),
    );

    // Definition: the component tag and the import path go to Card.astral.
    let card_uri = client.uri("src/components/Card.astral");
    for (line, character) in [(6, 4), (1, 22)] {
        let location = client
            .at("textDocument/definition", page, line, character)
            .await;
        assert_eq!(location["uri"], json!(card_uri), "{line}:{character}");
    }

    // Completion: slot names of Card inside `slot="…"` (line 7), directives after `client:`.
    let slots = client.at("textDocument/completion", page, 7, 13).await;
    let labels = |items: &Value| {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(&slots), vec![json!("aside"), json!("footer")]);
    let uri = client.uri(page);
    let edited = PAGE.replace("<Counter client:load />", "<Counter client: />");
    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": edited }] }))
        .await;
    let directives = client.at("textDocument/completion", page, 9, 18).await;
    assert_eq!(
        labels(&directives),
        [
            "client:load",
            "client:idle",
            "client:visible",
            "client:media",
            "client:only",
            "server:defer"
        ]
        .iter()
        .filter(|d| d.starts_with("client:"))
        .map(|d| json!(d))
        .collect::<Vec<_>>()
    );
    // Tag names after `<` start with the components in scope.
    let edited = PAGE.replace("  <ul>", "  <C\n  <ul>");
    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": edited }] }))
        .await;
    let tags = client.at("textDocument/completion", page, 10, 4).await;
    assert_eq!(
        &labels(&tags)[..3],
        &[json!("Card"), json!("Counter"), json!("Fragment")]
    );
    // An empty file offers the frontmatter snippet.
    client.open("src/pages/empty.astral", "").await;
    let snippet = client
        .at("textDocument/completion", "src/pages/empty.astral", 0, 0)
        .await;
    assert_eq!(labels(&snippet), vec![json!("---")]);

    client
        .notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": 4 }, "contentChanges": [{ "text": PAGE }] }))
        .await;
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    snapshot("document_symbols", &symbols);
    let folding = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    snapshot("folding_ranges", &folding);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_typed_input_never_breaks_the_server() {
    let mut client = Client::start().await;
    let relative = "src/pages/typing.astral";
    client.open(relative, "").await;
    client.diagnostics(relative, 1).await;
    let uri = client.uri(relative);
    // Type the page one character at a time, asking for hover and completion at the cursor.
    let mut line = 0;
    let mut character = 0;
    for (i, c) in PAGE.chars().enumerate() {
        let version = i as i64 + 2;
        client
            .notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{
                    "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } },
                    "text": c.to_string()
                }] }),
            )
            .await;
        if c == '\n' {
            line += 1;
            character = 0;
        } else {
            character += c.len_utf16() as u32;
        }
        if i % 7 == 0 {
            client
                .at("textDocument/completion", relative, line, character)
                .await;
            client
                .at(
                    "textDocument/hover",
                    relative,
                    line,
                    character.saturating_sub(1),
                )
                .await;
        }
    }
    let last = PAGE.chars().count() as i64 + 1;
    let diagnostics = besides_counter(client.diagnostics(relative, last).await);
    assert_eq!(
        diagnostics,
        Vec::<Value>::new(),
        "the fully typed page is clean"
    );
    let _ = Path::new("");
}

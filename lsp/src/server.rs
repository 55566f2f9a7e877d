//! The LSP handlers.
//!
//! Notifications that change inputs (`didOpen`, `didChange`, `didClose`, `didSave`,
//! `didChangeWatchedFiles`) apply their change synchronously, before their first `.await`:
//! the transport starts handlers in arrival order, so inputs change in the order the client
//! sent them. Requests run on a database snapshot on a blocking thread ([`Backend::run`]):
//! a newer edit cancels them (answered with "content modified"), and a panic becomes an
//! error response instead of a dead server.

use crate::convert;
use crate::ide;
use crate::state::{OpenDocument, Snapshot, State};
use astc_compiler::db::{file_diagnostics, line_index, parse};
use astc_compiler::files::{find_component_files, is_component_file};
use astc_compiler::project;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    roots: Mutex<Vec<PathBuf>>,
    /// The client can watch files for us (`workspace/didChangeWatchedFiles` registration);
    /// without it, the workspace is rescanned for new files on open and save.
    watches_files: std::sync::atomic::AtomicBool,
}

/// LSP's "content modified" error code: the request's answer would describe stale text.
const CONTENT_MODIFIED: i64 = -32801;

impl Backend {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            state: Arc::new(Mutex::new(State::default())),
            roots: Mutex::new(Vec::new()),
            watches_files: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves inputs consistent (salsa setters are atomic),
        // so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on a snapshot on a blocking thread. Cancellation by a newer edit becomes
    /// "content modified"; any other panic becomes an internal error.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Snapshot) -> T + Send + 'static,
    {
        let snapshot = self.state().snapshot();
        finish(spawn_on(snapshot, f)).await
    }

    /// Recomputes and publishes diagnostics of every open document.
    ///
    /// Deadlock rule: never lock the state while holding a snapshot, because setting an
    /// input (under the lock) waits for every snapshot to be dropped.
    fn publish_diagnostics(&self) {
        let (snapshot, open) = {
            let state = self.state();
            let open: Vec<(PathBuf, i32)> = state
                .open
                .iter()
                .map(|(path, doc)| (path.clone(), doc.version))
                .collect();
            (state.snapshot(), open)
        };
        let client = self.client.clone();
        let state = self.state.clone();
        let computing = spawn_on(snapshot, move |snapshot| {
            open.into_iter()
                .filter_map(|(path, version)| {
                    let file = snapshot.file(&path)?;
                    let uri = Uri::from_file_path(&path)?;
                    let db = &snapshot.db;
                    let text = file.text(db);
                    let index = line_index(db, file);
                    let diagnostics = file_diagnostics(db, snapshot.workspace, file)
                        .iter()
                        .map(|d| convert::diagnostic(&uri, index, text, d))
                        .collect::<Vec<_>>();
                    Some((path, uri, version, diagnostics))
                })
                .collect::<Vec<_>>()
        });
        tokio::spawn(async move {
            // Cancelled: a newer edit publishes instead.
            let Ok(computed) = finish(computing).await else {
                return;
            };
            for (path, uri, version, diagnostics) in computed {
                let current = {
                    let state = state.lock().unwrap_or_else(PoisonError::into_inner);
                    state.open.get(&path).map(|doc| doc.version)
                };
                if current == Some(version) {
                    client
                        .publish_diagnostics(uri, diagnostics, Some(version))
                        .await;
                }
            }
        });
    }

    /// Without file watching, new component files are found by rescanning (on open and save).
    fn rescan_if_unwatched(&self) {
        if !self
            .watches_files
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            self.load_workspace();
        }
    }

    /// Loads the component files of each workspace root's project (its `src/` folder when it
    /// has one, see `project::discover`) that the state does not know yet.
    fn load_workspace(&self) {
        let roots = self
            .roots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let paths: Vec<PathBuf> = roots
            .iter()
            .filter_map(|root| find_component_files(&project::discover(root).src).ok())
            .flatten()
            .collect();
        let unknown: Vec<PathBuf> = {
            let state = self.state();
            paths
                .into_iter()
                .filter(|path| !state.knows(path))
                .collect()
        };
        if unknown.is_empty() {
            return;
        }
        let loaded = unknown
            .into_iter()
            .filter_map(|path| Some((path.clone(), std::fs::read_to_string(&path).ok()?)))
            .collect();
        self.state().add_files(loaded);
    }
}

/// Starts `f` on a blocking thread right away. Snapshots must live only there: a task
/// holding one on the async runtime may sit unpolled (tokio's LIFO slot) behind a handler
/// that is waiting, under the state lock, for every snapshot to be dropped.
fn spawn_on<T, F>(
    snapshot: Snapshot,
    f: F,
) -> tokio::task::JoinHandle<std::thread::Result<std::result::Result<T, salsa::Cancelled>>>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot) -> T + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        // The snapshot is dropped after a panic, so no broken state is observed again.
        let f = AssertUnwindSafe(f);
        let snapshot = AssertUnwindSafe(snapshot);
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            salsa::Cancelled::catch(AssertUnwindSafe(|| (f.0)(&snapshot)))
        }))
    })
}

/// Waits for [`spawn_on`]'s result: cancellation becomes "content modified", a panic an
/// internal error.
async fn finish<T>(
    handle: tokio::task::JoinHandle<std::thread::Result<std::result::Result<T, salsa::Cancelled>>>,
) -> Result<T> {
    match handle.await {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(_cancelled))) => Err(Error {
            code: ErrorCode::ServerError(CONTENT_MODIFIED),
            message: "content modified".into(),
            data: None,
        }),
        Ok(Err(panic)) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("astc panicked: {message}").into(),
                data: None,
            })
        }
        Err(join) => Err(Error {
            code: ErrorCode::InternalError,
            message: format!("astc task failed: {join}").into(),
            data: None,
        }),
    }
}

fn path_of(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|path| path.into_owned())
}

/// Applies LSP content changes to `text`, positions in UTF-16.
fn apply_changes(text: &mut String, changes: Vec<TextDocumentContentChangeEvent>) {
    for change in changes {
        match change.range {
            Some(range) => {
                let index = astc_compiler::LineIndex::new(text);
                let start = convert::offset(&index, text, range.start) as usize;
                let end = (convert::offset(&index, text, range.end) as usize).max(start);
                text.replace_range(start..end, &change.text);
            }
            None => *text = change.text,
        }
    }
}

/// Position → (file, offset) in a snapshot.
fn locate(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
) -> Option<(astc_compiler::db::SourceFile, u32)> {
    let file = snapshot.file(&path_of(uri)?)?;
    let db = &snapshot.db;
    let offset = convert::offset(line_index(db, file), file.text(db), position);
    Some((file, offset))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|folder| path_of(&folder.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(path_of)
        {
            roots.push(root);
        }
        *self.roots.lock().unwrap_or_else(PoisonError::into_inner) = roots;
        let dynamic_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files.as_ref())
            .and_then(|watch| watch.dynamic_registration)
            .unwrap_or(false);
        self.watches_files
            .store(dynamic_watch, std::sync::atomic::Ordering::Relaxed);
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "astc".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![
                        "<".into(),
                        ":".into(),
                        "\"".into(),
                        "'".into(),
                        "-".into(),
                    ]),
                    ..Default::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Keep unopened components current.
        let registration = Registration {
            id: "astc-watch-components".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.{astral,astro}".into()),
                    kind: None,
                }],
            })
            .ok(),
        };
        if self
            .watches_files
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.register_capability(vec![registration]).await;
            });
        }
        self.load_workspace();
        self.publish_diagnostics();
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        {
            let mut state = self.state();
            state.open.insert(
                path.clone(),
                OpenDocument {
                    version: params.text_document.version,
                },
            );
            state.set_text(&path, params.text_document.text);
        }
        self.rescan_if_unwatched();
        self.publish_diagnostics();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else {
            return;
        };
        {
            let mut state = self.state();
            let Some(mut text) = state.text(&path).map(str::to_string) else {
                return;
            };
            apply_changes(&mut text, params.content_changes);
            if let Some(doc) = state.open.get_mut(&path) {
                doc.version = params.text_document.version;
            }
            state.set_text(&path, text);
        }
        self.publish_diagnostics();
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let (Some(path), Some(text)) = (path_of(&params.text_document.uri), params.text) {
            self.state().set_text(&path, text);
        }
        self.rescan_if_unwatched();
        self.publish_diagnostics();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(path) = path_of(&uri) else { return };
        {
            let mut state = self.state();
            state.open.remove(&path);
            // The file on disk is the truth again (the editor may have discarded changes).
            match std::fs::read_to_string(&path) {
                Ok(text) => state.set_text(&path, text),
                Err(_) => state.remove(&path),
            }
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut state = self.state();
            for change in params.changes {
                let Some(path) = path_of(&change.uri) else {
                    continue;
                };
                if !is_component_file(&path) || state.open.contains_key(&path) {
                    continue;
                }
                if change.typ == FileChangeType::DELETED {
                    state.remove(&path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    state.set_text(&path, text);
                }
            }
        }
        self.publish_diagnostics();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        self.run(move |snapshot| {
            let (file, offset) = locate(snapshot, &position.text_document.uri, position.position)?;
            let db = &snapshot.db;
            let (markdown, span) = ide::hover::hover(db, snapshot.workspace, file, offset)?;
            Some(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: markdown,
                }),
                range: Some(convert::range(line_index(db, file), file.text(db), span)),
            })
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        self.run(move |snapshot| {
            let (file, offset) = locate(snapshot, &position.text_document.uri, position.position)?;
            let db = &snapshot.db;
            let completions = ide::completion::completions(db, snapshot.workspace, file, offset);
            let range = completions
                .replace
                .map(|span| convert::range(line_index(db, file), file.text(db), span));
            let items = completions
                .items
                .into_iter()
                .map(|mut item| {
                    if let Some(range) = range {
                        let new_text = item
                            .insert_text
                            .take()
                            .unwrap_or_else(|| item.label.clone());
                        item.text_edit =
                            Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text)));
                    }
                    item
                })
                .collect();
            Some(CompletionResponse::Array(items))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        self.run(move |snapshot| {
            let (file, offset) = locate(snapshot, &position.text_document.uri, position.position)?;
            let target =
                ide::definition::definition(&snapshot.db, snapshot.workspace, file, offset)?;
            let uri = Uri::from_file_path(&target)?;
            Some(GotoDefinitionResponse::Scalar(Location::new(
                uri,
                Range::default(),
            )))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        self.run(move |snapshot| {
            let file = snapshot.file(&path_of(&uri)?)?;
            let db = &snapshot.db;
            let (text, index) = (file.text(db), line_index(db, file));
            let symbols = ide::symbols::symbols(&parse(db, file).document, text);
            Some(DocumentSymbolResponse::Nested(to_document_symbols(
                symbols, index, text,
            )))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        self.run(move |snapshot| {
            let file = snapshot.file(&path_of(&uri)?)?;
            let db = &snapshot.db;
            Some(ide::folding::folding_ranges(
                &parse(db, file).document,
                line_index(db, file),
                file.text(db),
            ))
        })
        .await
    }
}

#[allow(deprecated)]
fn to_document_symbols(
    symbols: Vec<ide::symbols::Symbol>,
    index: &astc_compiler::LineIndex,
    text: &str,
) -> Vec<DocumentSymbol> {
    symbols
        .into_iter()
        .map(|symbol| DocumentSymbol {
            name: symbol.name,
            detail: None,
            kind: symbol.kind,
            tags: None,
            deprecated: None,
            range: convert::range(index, text, symbol.span),
            selection_range: convert::range(index, text, symbol.selection),
            children: Some(to_document_symbols(symbol.children, index, text))
                .filter(|c| !c.is_empty()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use astc_compiler::db::file_diagnostics;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_request_becomes_an_internal_error() {
        let state = State::default();
        let error = finish(spawn_on(state.snapshot(), |_| -> () { panic!("boom") }))
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert!(error.message.contains("boom"), "{}", error.message);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_edit_cancels_running_requests_with_content_modified() {
        let mut state = State::default();
        let path = PathBuf::from("/site/src/pages/index.astral");
        state.set_text(&path, "<p>a</p>".into());
        let (started, wait_started) = std::sync::mpsc::channel();
        let query_path = path.clone();
        let running = spawn_on(state.snapshot(), move |snapshot| {
            let file = snapshot.file(&query_path).expect("file is loaded");
            started.send(()).unwrap();
            // A long request: it only ends by being cancelled.
            loop {
                file_diagnostics(&snapshot.db, snapshot.workspace, file);
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        });
        wait_started.recv().unwrap();
        // Setting an input waits for the running query to unwind.
        state.set_text(&path, "<p>b</p>".into());
        let error = finish::<()>(running).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::ServerError(CONTENT_MODIFIED));
    }
}

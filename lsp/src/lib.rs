//! The astc language server: LSP over stdio, answering from the compiler's salsa database.
//!
//! Architecture invariant: no second parser and no second analysis. Every answer comes from
//! `astc_compiler::db` queries run on a database snapshot; this crate only converts between
//! LSP and compiler types (`convert`), keeps the inputs current (`state`), and finds what is
//! under the cursor (`ide`).

mod convert;
pub mod ide;
mod server;
mod state;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Serves LSP on stdin/stdout until the client exits.
pub async fn run_stdio() {
    let (service, socket) = LspService::new(Backend::new);
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}

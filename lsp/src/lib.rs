//! The astc language server: LSP over stdio, answering from the compiler's salsa database.
//!
//! Architecture invariant: no second parser and no second analysis. Every answer comes from
//! `astc_compiler::db` queries run on a database snapshot; this crate only converts between
//! LSP and compiler types (`convert`), keeps the inputs current (`state`), and finds what is
//! under the cursor (`ide`). Client bytes reach tower-lsp-server only through `transport`.

mod convert;
pub mod ide;
mod server;
mod state;
mod transport;

pub use server::Backend;
pub use transport::{MAX_HEADER, MAX_MESSAGE, serve};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::runtime::Runtime;

/// Serves LSP on stdin/stdout until the client sends `exit` or closes stdin.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    serve_on(runtime, tokio::io::stdin(), tokio::io::stdout());
    Ok(())
}

/// Serves one session on `runtime`, then shuts the runtime down without waiting for its
/// blocking threads: an analysis still running (or tokio's stdin read, which cannot be
/// cancelled) must not keep the process alive after `exit`.
pub fn serve_on<I, O>(runtime: Runtime, input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    runtime.block_on(serve(input, output));
    runtime.shutdown_background();
}

//! The astc compiler front end: `.astral` source to syntax tree, analyses and diagnostics,
//! behind a salsa database shared by the CLI and the language server.
//!
//! Architecture invariant: this crate knows nothing of LSP, HTTP or the terminal; it takes
//! text and returns data.

pub mod config;
pub mod db;
pub mod diagnostics;
pub mod directives;
pub mod env;
pub mod expressions;
pub mod files;
pub mod frontmatter;
pub mod html;
mod js_syntax;
pub mod lexer;
pub mod line_index;
pub mod lower;
pub mod modules;
pub mod parser;
pub mod project;
pub mod semantic;
pub mod span;
pub mod style;
pub mod syntax;

pub use diagnostics::{Code, Diagnostic, Severity};
pub use line_index::LineIndex;
pub use parser::{Parse, parse};
pub use span::Span;

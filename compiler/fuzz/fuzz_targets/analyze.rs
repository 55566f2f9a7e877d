//! Fuzz target `analyze`: any UTF-8 input as a page of a one-file site, through everything
//! `astc check` and `astc compile` do to one file before rendering.
//!
//! - `db::file_diagnostics` (syntax, frontmatter TypeScript, expressions, the `await`-in-
//!   markup check, CSS, meaning checks): never panics or hangs, and every diagnostic span and
//!   label span is inside the source and on char boundaries;
//! - `db::lowered` (the render IR and the component's JS module, TypeScript stripped by swc)
//!   for a file without errors, as the build does: never panics or hangs;
//! - `config::parse` (the same bytes as an `astral.toml`): never panics, and its spans are
//!   inside the text too.
#![no_main]

use astc_compiler::db::{self, Database, SourceFile, Workspace};
use astc_compiler::diagnostics::Diagnostic;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let db = Database::default();
    let file = SourceFile::new(
        &db,
        PathBuf::from("src/pages/index.astral"),
        src.to_owned(),
    );
    let workspace = Workspace::new(&db, PathBuf::new(), vec![file]);
    let diagnostics = db::file_diagnostics(&db, workspace, file);
    check_spans(src, diagnostics, "file");
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let lowered = db::lowered(&db, workspace, file);
        check_spans(src, &lowered.diagnostics, "lowering");
    }
    if let Err(diagnostics) = astc_compiler::config::parse(src) {
        check_spans(src, &diagnostics, "config");
    }
});

fn check_spans(src: &str, diagnostics: &[Diagnostic], what: &str) {
    for diagnostic in diagnostics {
        let spans = std::iter::once(diagnostic.span).chain(diagnostic.labels.iter().map(|l| l.span));
        for span in spans {
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= src.len(),
                "{what} diagnostic span {span:?} is outside the source (len {}): {diagnostic:?}",
                src.len()
            );
            assert!(
                src.is_char_boundary(start) && src.is_char_boundary(end),
                "{what} diagnostic span {span:?} is not on char boundaries: {diagnostic:?}"
            );
        }
    }
}
